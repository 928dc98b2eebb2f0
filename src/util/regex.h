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

/* A handle whose pattern is compiled (and JIT-compiled) on first use, by
 * whichever thread uses it first: for the built-in rules, which `rules
 * check` has compiled at build time, so that a command touching a few
 * rules (ps redacting command lines) does not pay for all of them. A
 * pattern that fails to compile then gives PCRE2_ERROR_INTERNAL on every
 * use, which judging takes for a regex that gave up: what it would have
 * judged is withheld, never passed as clean. */
struct regex *regex_new_lazy(const char *pattern, unsigned flags);

/* 1 on a match, 0 on none, a negative PCRE2 error code (for example the
 * match limit) otherwise. */
int regex_match(const struct regex *re, const char *subject, size_t len);
/* Search subject from offset start. On a match returns 1 and fills
 * ov[2*i], ov[2*i+1] with the offsets of group i for i < nov (-1 where a
 * group did not take part, or past the pattern's groups); 0 when there is
 * none; a negative PCRE2 error code otherwise. */
int regex_search(const struct regex *re, const char *subject, size_t len,
		 size_t start, long *ov, int nov);
/* The shortest subject that can match (PCRE2's computed minimum length):
 * a cheap test before running the pattern at all. */
size_t regex_min_length(const struct regex *re);
/* Bytes every match holds (PCRE2's first and last code units), each -1
 * when PCRE2 recorded none. Under (?i) such a byte may match in either
 * case: a caller's test must accept both. */
void regex_required(const struct regex *re, int *first, int *last);
/* Whether the pattern compiles (compiling a lazy handle now). */
bool regex_compiles(const struct regex *re);
void regex_free(struct regex *re);

#endif
