/* The keyword prefilter: one Vectorscan (Hyperscan API) literal database
 * over every keyword, case-insensitive, each keyword its own id (so an
 * occurrence knows its rule and its start), whose cost per byte does not
 * grow with the number of keywords (docs/performance.md has the
 * measurements that chose it). Where Vectorscan cannot run (a CPU
 * without SSSE3, a database that does not compile), the portable bigram
 * filter: a bit per pair of (case folded) bytes that starts some keyword,
 * checked at every position, and the keywords behind a set bit compared
 * in full. */
#include "scan/prefilter.h"

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <hs/hs.h>

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
	hs_database_t *db;   /* NULL: the bigram filter */
	uint32_t *db_id;     /* by database id (a keyword): its rule */
	uint32_t *db_len;    /* ... and its length */
	hs_scratch_t *proto; /* cloned once per scanning thread */
	pthread_key_t key;   /* that thread's scratch (db only) */
	bool use_db;	     /* db, unless prefilter_force_scalar */
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
	if (pf->db) {
		/* Other threads' scratch is freed when they exit. */
		hs_free_scratch(pthread_getspecific(pf->key));
		pthread_key_delete(pf->key);
		hs_free_scratch(pf->proto);
		hs_free_database(pf->db);
	}
	free(pf->db_id);
	free(pf->db_len);
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

static void scratch_free(void *s)
{
	hs_free_scratch(s);
}

/* Every keyword, the one-byte ones too, as a caseless literal with its
 * own id: every occurrence is reported, with the rule and length behind
 * the id (one scan may cover many variables, prefilter_scan_each). On any
 * failure the bigram filter stays in charge. */
#define PREFILTER_VECTORSCAN_BROKEN 1

static void db_build(struct prefilter *pf)
{
	size_t n = pf->n, i, k = 0, c;
	const char **lit;
	unsigned *flags, *ids;
	size_t *lens;
	uint32_t *rid, *rlen;
	hs_compile_error_t *e = NULL;
	for (c = 0; c < 256; c++)
		n += pf->nsingle[c];
	/* Off: Debian 12's Vectorscan (5.4.9) misses literals that end at
	 * the end of the scanned text when a longer literal starts with
	 * them ("tok" beside "token", "pass" beside "password": found by
	 * fuzz_prefilter, reproduced with hs_scan alone). A missed keyword
	 * is a missed secret, so the bigram filter, exact by construction,
	 * stays in charge until a Vectorscan without the bug is there. */
	if (PREFILTER_VECTORSCAN_BROKEN || !n ||
	    hs_valid_platform() != HS_SUCCESS)
		return;
	lit = xcalloc(n, sizeof(*lit));
	flags = xcalloc(n, sizeof(*flags));
	ids = xcalloc(n, sizeof(*ids));
	lens = xcalloc(n, sizeof(*lens));
	rid = xcalloc(n, sizeof(*rid));
	rlen = xcalloc(n, sizeof(*rlen));
	for (i = 0; i < pf->n; i++, k++) {
		lit[k] = (const char *)pf->kw[i].s;
		lens[k] = pf->kw[i].len;
		rid[k] = pf->kw[i].id;
	}
	for (c = 0; c < 256; c++)
		for (i = 0; i < pf->nsingle[c]; i++, k++) {
			lit[k] = (const char *)&pf->fold[c];
			lens[k] = 1;
			rid[k] = pf->single_id[c][i];
		}
	for (i = 0; i < n; i++) {
		flags[i] = HS_FLAG_CASELESS;
		ids[i] = (unsigned)i;
		rlen[i] = (uint32_t)lens[i];
	}
	if (hs_compile_lit_multi(lit, flags, ids, lens, (unsigned)n,
				 HS_MODE_BLOCK, NULL, &pf->db,
				 &e) != HS_SUCCESS) {
		hs_free_compile_error(e);
		pf->db = NULL;
	} else if (hs_alloc_scratch(pf->db, &pf->proto) != HS_SUCCESS ||
		   pthread_key_create(&pf->key, scratch_free)) {
		hs_free_scratch(pf->proto);
		pf->proto = NULL;
		hs_free_database(pf->db);
		pf->db = NULL;
	}
	pf->use_db = pf->db != NULL;
	if (pf->db) {
		pf->db_id = rid;
		pf->db_len = rlen;
	} else {
		free(rid);
		free(rlen);
	}
	free(lit);
	free(flags);
	free(ids);
	free(lens);
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
	db_build(pf);
}

void prefilter_force_scalar(struct prefilter *pf)
{
	pf->use_db = false;
}

struct sink {
	unsigned char *hits; /* NULL: each occurrence to fn */
	uint32_t *list;	     /* NULL: hits only */
	size_t *n;
	prefilter_fn fn;
	void *arg;
};

/* Rule id's keyword of len bytes occurs at start. */
static void hit(const struct sink *k, uint32_t id, size_t start, size_t len)
{
	if (!k->hits) {
		k->fn(id, start, start + len, k->arg);
		return;
	}
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
			hit(sk, w->id, i, w->len);
	}
}

struct db_sink {
	const struct prefilter *pf;
	const struct sink *sk;
};

/* A literal database reports no start: the keyword's length gives it. */
static int on_match(unsigned id, unsigned long long from, unsigned long long to,
		    unsigned flags, void *ctx)
{
	const struct db_sink *d = ctx;
	size_t len = d->pf->db_len[id];
	(void)from;
	(void)flags;
	hit(d->sk, d->pf->db_id[id], (size_t)to - len, len);
	return 0;
}

/* This thread's scratch for pf's database (NULL if it cannot have one). */
static hs_scratch_t *scratch(const struct prefilter *pf)
{
	hs_scratch_t *s = pthread_getspecific(pf->key);
	if (s)
		return s;
	if (hs_clone_scratch(pf->proto, &s) != HS_SUCCESS)
		return NULL;
	if (pthread_setspecific(pf->key, s)) {
		hs_free_scratch(s);
		return NULL;
	}
	return s;
}

static void scan(const struct prefilter *pf, const char *text, size_t len,
		 const struct sink *sk)
{
	const unsigned char *t = (const unsigned char *)text;
	const unsigned char *f = pf->fold;
	const uint64_t *pair = pf->pair;
	struct db_sink d = {pf, sk};
	hs_scratch_t *s;
	size_t i, k;
	unsigned a;
	if (!len)
		return;
	/* Should hs_scan fail, the bigram filter finds it all again: an
	 * occurrence reported twice only repeats a candidate. */
	if (pf->use_db && len <= UINT_MAX && (s = scratch(pf)) &&
	    hs_scan(pf->db, text, (unsigned)len, 0, s, on_match, &d) ==
		    HS_SUCCESS)
		return;
	if (pf->has_single)
		for (i = 0; i < len; i++)
			for (k = 0; k < pf->nsingle[f[t[i]]]; k++)
				hit(sk, pf->single_id[f[t[i]]][k], i, 1);
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

void prefilter_scan_each(const struct prefilter *pf, const char *text,
			 size_t len, prefilter_fn fn, void *arg)
{
	struct sink sk = {.fn = fn, .arg = arg};
	scan(pf, text, len, &sk);
}
