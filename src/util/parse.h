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

/* Parse a duration as --since takes it: decimal digits followed by one
 * unit, s (seconds), m (minutes), h (hours) or d (days), or no unit for
 * seconds ("90s", "10m", "2h", "1d", "45"); len bytes of s, no sign, no
 * spaces, at most 100 years. Returns 0 with *secs set, or -EINVAL. */
int parse_duration(const char *s, size_t len, uint64_t *secs);

/* Resolve a comma-separated list of user names and uids (as ps -u takes
 * it: "root,nobody", "0,65534") and append each uid to *uids (*n of them,
 * *alloc the room; a uid named twice is kept once). An all-digit item is
 * a uid (below 4294967295) whether or not it has a passwd entry; any other
 * is a name looked up in the passwd database. Returns 0, or -EINVAL for an
 * empty or malformed item or -ENOENT for a name with no passwd entry,
 * either with *bad (borrowed, into list) and *bad_len set to the item. */
int parse_user_list(const char *list, uid_t **uids, size_t *n, size_t *alloc,
		    const char **bad, size_t *bad_len);

#endif
