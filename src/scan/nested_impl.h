/* Private to the nested-value walker (nested.c, nested_lines.c,
 * nested_kv.c): the walker's state, the helpers every format shares, and
 * each format's entry points. */
#ifndef SCAN_NESTED_IMPL_H
#define SCAN_NESTED_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "scan/nested.h"

/* One open container, indexed by the depth of its children: a JSON object
 * or array, a YAML map or sequence item, an INI section. */
struct nested_frame {
	size_t plen;	 /* path length before this container's component */
	const char *key; /* the key its array items are reported under */
	size_t key_len;
	size_t index; /* next array or sequence index */
	long col;     /* lines: column of the key or dash that opened it */
	bool array;   /* a JSON array; lines: opened by a "- " item */
};

/* Keys in one path: one per level, and a few to spare. */
#define NESTED_SEGS_MAX (2 * NESTED_MAX_DEPTH + 4)

struct nested_walker {
	int (*fn)(const struct nested_pair *p, void *arg);
	void *arg;
	size_t npairs;
	bool stop;   /* fn asked to stop, or NESTED_MAX_PAIRS reached */
	size_t plen; /* logical path length; min(plen, NESTED_PATH_MAX) kept */
	char path[NESTED_PATH_MAX + 1];
	/* The keys in the path, by path_off ascending; those at or past
	 * plen are stale (dropped at the next write). */
	struct nested_seg seg[NESTED_SEGS_MAX];
	size_t nseg;
	/* The first input byte a cap left unwalked (NULL: none yet). */
	const char *cut;
	struct nested_frame fr[NESTED_MAX_DEPTH + 1];
};

struct nested_kvstat {
	size_t pairs, segs; /* pairs with a valid key, non-empty pieces */
	bool semi;	    /* a ';' outside quotes */
};

/* Character classes and span trimming (ASCII; bytes past a span's end
 * are never read). */
bool nested_blank(char c);
bool nested_ws(char c);
const char *nested_blanks(const char *p, const char *end);
const char *nested_spaces(const char *p, const char *end);
const char *nested_trim(const char *b, const char *e);
bool nested_in(char c, const char *set);
bool nested_alpha(char c);
bool nested_alnum(char c);
/* A cap left the input from p on unwalked (the lowest such p is kept). */
void nested_cap(struct nested_walker *w, const char *p);
/* The path: append a component, a key, an array index. */
void nested_path_put(struct nested_walker *w, const char *b, size_t n);
void nested_path_key(struct nested_walker *w, const char *k, size_t n);
void nested_path_index(struct nested_walker *w, size_t i);
/* Report a pair (nested_emit), or a scalar that may be structured itself
 * and is then walked one level deeper (nested_scalar). */
void nested_emit(struct nested_walker *w, enum nested_format f, const char *k,
		 size_t kl, const char *v, size_t vl, unsigned depth);
void nested_scalar(struct nested_walker *w, enum nested_format f, const char *k,
		   size_t kl, const char *v, size_t vl, unsigned depth,
		   bool report);
/* A flat pair (k=v, a query's k=v): its key on the path while its value
 * is reported (nested_scalar), then the path as it was. */
void nested_flat_pair(struct nested_walker *w, enum nested_format f,
		      const char *k, size_t kl, const char *v, size_t vl,
		      unsigned depth);
/* Detect the format of a value and walk it, its pairs at depth base + 1. */
enum nested_format nested_value(struct nested_walker *w, const char *s,
				size_t len, unsigned base, const char *ckey,
				size_t ckey_len);
/* Each format: whether it fits, and its walk. nested_kv_detect returns 0,
 * 1 for k=v;k=v, 2 for libpq's k=v k=v. */
bool nested_json_opens(const char *p, const char *end);
void nested_json(struct nested_walker *w, const char *p, const char *end,
		 unsigned base, const char *ckey, size_t ckey_len);
enum nested_format nested_lines_detect(const char *s, size_t len);
void nested_lines(struct nested_walker *w, const char *s, size_t len,
		  unsigned base, const char *ckey, size_t ckey_len,
		  enum nested_format fmt);
bool nested_query_detect(const char *s, size_t len);
void nested_query(struct nested_walker *w, const char *s, size_t len,
		  unsigned base);
int nested_kv_detect(const char *s, size_t len);
void nested_kv_semi(struct nested_walker *w, const char *s, const char *end,
		    unsigned depth, struct nested_kvstat *st);
void nested_kv_libpq(struct nested_walker *w, const char *s, const char *end,
		     unsigned depth, struct nested_kvstat *st);

#endif
