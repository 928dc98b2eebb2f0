/* The built-in rule set: src/scan/builtin-rules.yaml, compiled in by the
 * Makefile as a NUL-terminated byte array. */
#ifndef SCAN_BUILTIN_H
#define SCAN_BUILTIN_H

#include <stddef.h>

extern const char builtin_rules_yaml[];
extern const size_t builtin_rules_yaml_len;

#endif
