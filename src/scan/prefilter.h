/* The keyword prefilter: every keyword of every rule found in one pass
 * over the text (a trigram hash filter: see prefilter.c), so a
 * rule's regex runs only where one of its keywords occurs. */
#ifndef SCAN_PREFILTER_H
#define SCAN_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

struct prefilter;

struct prefilter *prefilter_new(void);
void prefilter_free(struct prefilter *pf);
/* Add keyword kw (len bytes, matched case-insensitively for ASCII) for
 * rule number id. Call before prefilter_build. */
void prefilter_add(struct prefilter *pf, const char *kw, size_t len,
		   uint32_t id);
/* Freeze the filter; afterwards it is read-only (and thread-safe). */
void prefilter_build(struct prefilter *pf);
/* After prefilter_build: use the simpler bigram filter, the reference
 * that the tests and the fuzz target compare the fast path with. */
void prefilter_force_bigram(struct prefilter *pf);
/* After prefilter_build: the trigram filter's portable loop, not its
 * AVX-512 one, so the tests and the fuzz target can compare the two on
 * a CPU that has AVX-512. */
void prefilter_force_scalar(struct prefilter *pf);
/* Set hits[id] = 1 for every rule id with a keyword in text (hits must
 * have room for every id added; the caller clears it). */
void prefilter_scan(const struct prefilter *pf, const char *text, size_t len,
		    unsigned char *hits);
/* The same, also appending each rule id to list (*n of them) the first
 * time its hits[id] is set; list needs room for every id. */
void prefilter_scan_list(const struct prefilter *pf, const char *text,
			 size_t len, unsigned char *hits, uint32_t *list,
			 size_t *n);
/* Called for each occurrence of a keyword in the text, bytes [start,
 * end), with the n rules (ids[0 .. n)) that have that keyword. */
typedef void (*prefilter_fn)(const uint32_t *ids, size_t n, size_t start,
			     size_t end, void *arg);
/* Every occurrence of every keyword in text, each passed to fn, in no
 * promised order. Lets one scan cover
 * many variables, each occurrence mapped back to its variable by place
 * (rules.h, ruleset_batch_init). */
void prefilter_scan_each(const struct prefilter *pf, const char *text,
			 size_t len, prefilter_fn fn, void *arg);

#endif
