/* Strict parsing of numbers typed by the user. */
#ifndef UTIL_PARSE_H
#define UTIL_PARSE_H

#include <stddef.h>
#include <sys/types.h>

/* Parse a pid: decimal digits only, 1..INT_MAX, len bytes of s (no sign,
 * no spaces). Returns 0 or -EINVAL. */
int parse_pid(const char *s, size_t len, pid_t *out);

#endif
