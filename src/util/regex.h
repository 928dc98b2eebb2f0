/* PCRE2 (8-bit, JIT where available) behind a small handle, with match
 * limits so a hostile subject cannot stall a scan by backtracking. */
#ifndef UTIL_REGEX_H
#define UTIL_REGEX_H

#include <stdbool.h>
#include <stddef.h>

struct regex;

/* Compile pattern (bytes, not UTF mode: /proc strings need not be UTF-8).
 * Returns a new handle, or NULL with a message in err (errlen bytes). */
struct regex *regex_new(const char *pattern, unsigned flags, char *err,
			size_t errlen);
enum regex_flags { REGEX_CASELESS = 1 };

/* 1 on a match, 0 on none, a negative PCRE2 error code (for example the
 * match limit) otherwise. */
int regex_match(const struct regex *re, const char *subject, size_t len);
void regex_free(struct regex *re);

#endif
