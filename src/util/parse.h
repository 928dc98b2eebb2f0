/* Strict parsing of numbers typed by the user. */
#ifndef UTIL_PARSE_H
#define UTIL_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Parse a pid: decimal digits only, 1..INT_MAX, len bytes of s (no sign,
 * no spaces). Returns 0 or -EINVAL. */
int parse_pid(const char *s, size_t len, pid_t *out);

/* The value of hex digit c, or -1. */
int parse_hex_digit(char c);

/* Parse len bytes of decimal digits (no sign, no spaces) into *out when
 * the value is at most max. Returns true on success. The /proc parsers
 * share it, so every field is checked for overflow the same way. */
bool parse_dec_u64(const char *s, size_t len, uint64_t max, uint64_t *out);

#endif
