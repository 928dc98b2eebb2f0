/* The keyword prefilter as a bigram filter: a bit per pair of (case
 * folded) bytes that starts some keyword, checked at every position, and
 * the keywords behind a set bit compared in full. Unlike an automaton
 * walk, no byte's work waits for the byte before it, so the CPU overlaps
 * them: a table walk is bound by load latency (about 2 ns a byte here). */
#include "scan/prefilter.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct keyword {
	unsigned char *s; /* folded */
	size_t len;
	uint32_t id;
};

struct prefilter {
	struct keyword *kw;
	size_t n, alloc;
	unsigned char fold[256];
	uint64_t pair[65536 / 64]; /* bit (a << 8 | b): a keyword starts ab */
	uint32_t *start;	   /* 65537 offsets into order, by pair */
	uint32_t *order;	   /* keyword indexes grouped by pair */
	bool has_single;	   /* any one-byte keyword */
	uint32_t *single_id[256];  /* their ids, counted in nsingle */
	size_t nsingle[256];
};

struct prefilter *prefilter_new(void)
{
	struct prefilter *pf = xcalloc(1, sizeof(*pf));
	unsigned c;
	for (c = 0; c < 256; c++)
		pf->fold[c] =
			(unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	return pf;
}

void prefilter_free(struct prefilter *pf)
{
	size_t i;
	if (!pf)
		return;
	for (i = 0; i < pf->n; i++)
		free(pf->kw[i].s);
	for (i = 0; i < 256; i++)
		free(pf->single_id[i]);
	free(pf->kw);
	free(pf->start);
	free(pf->order);
	free(pf);
}

void prefilter_add(struct prefilter *pf, const char *kw, size_t len,
		   uint32_t id)
{
	struct keyword *k;
	size_t i;
	if (!len)
		return;
	if (len == 1) {
		unsigned char c = pf->fold[(unsigned char)kw[0]];
		pf->has_single = true;
		pf->single_id[c] =
			xrealloc(pf->single_id[c],
				 (pf->nsingle[c] + 1) * sizeof(uint32_t));
		pf->single_id[c][pf->nsingle[c]++] = id;
		return;
	}
	pf->kw = xgrow(pf->kw, &pf->alloc, pf->n + 1, sizeof(*pf->kw));
	k = &pf->kw[pf->n++];
	k->s = xmalloc(len);
	for (i = 0; i < len; i++)
		k->s[i] = pf->fold[(unsigned char)kw[i]];
	k->len = len;
	k->id = id;
}

static unsigned pair_of(const unsigned char *s)
{
	return (unsigned)s[0] << 8 | s[1];
}

void prefilter_build(struct prefilter *pf)
{
	size_t i;
	uint32_t *fill;
	pf->start = xcalloc(65537, sizeof(*pf->start));
	pf->order = xcalloc(pf->n ? pf->n : 1, sizeof(*pf->order));
	for (i = 0; i < pf->n; i++) {
		unsigned p = pair_of(pf->kw[i].s);
		pf->pair[p / 64] |= 1ULL << (p % 64);
		pf->start[p + 1]++;
	}
	for (i = 1; i < 65537; i++)
		pf->start[i] += pf->start[i - 1];
	fill = xcalloc(65536, sizeof(*fill));
	for (i = 0; i < pf->n; i++) {
		unsigned p = pair_of(pf->kw[i].s);
		pf->order[pf->start[p] + fill[p]++] = (uint32_t)i;
	}
	free(fill);
}

struct sink {
	unsigned char *hits;
	uint32_t *list; /* NULL: hits only */
	size_t *n;
};

static void hit(const struct sink *k, uint32_t id)
{
	if (k->hits[id])
		return;
	k->hits[id] = 1;
	if (k->list)
		k->list[(*k->n)++] = id;
}

static void check_pair(const struct prefilter *pf, unsigned p,
		       const unsigned char *t, size_t i, size_t len,
		       const struct sink *sk)
{
	const unsigned char *f = pf->fold;
	uint32_t k;
	for (k = pf->start[p]; k < pf->start[p + 1]; k++) {
		const struct keyword *w = &pf->kw[pf->order[k]];
		size_t j;
		if (w->len > len - i)
			continue;
		for (j = 2; j < w->len && f[t[i + j]] == w->s[j]; j++)
			;
		if (j == w->len)
			hit(sk, w->id);
	}
}

static void scan(const struct prefilter *pf, const char *text, size_t len,
		 const struct sink *sk)
{
	const unsigned char *t = (const unsigned char *)text;
	const unsigned char *f = pf->fold;
	const uint64_t *pair = pf->pair;
	size_t i, k;
	unsigned a;
	if (pf->has_single)
		for (i = 0; i < len; i++)
			for (k = 0; k < pf->nsingle[f[t[i]]]; k++)
				hit(sk, pf->single_id[f[t[i]]][k]);
	if (len < 2)
		return;
	/* The hot loop: a byte pair and a bit test per position, nothing
	 * carried from one position to the next but the folded byte. */
	a = f[t[0]];
	for (i = 0; i + 1 < len; i++) {
		unsigned b = f[t[i + 1]], p = a << 8 | b;
		if (pair[p >> 6] & (1ULL << (p & 63)))
			check_pair(pf, p, t, i, len, sk);
		a = b;
	}
}

void prefilter_scan(const struct prefilter *pf, const char *text, size_t len,
		    unsigned char *hits)
{
	struct sink sk = {.hits = hits};
	scan(pf, text, len, &sk);
}

void prefilter_scan_list(const struct prefilter *pf, const char *text,
			 size_t len, unsigned char *hits, uint32_t *list,
			 size_t *n)
{
	struct sink sk = {.hits = hits, .list = list, .n = n};
	scan(pf, text, len, &sk);
}
