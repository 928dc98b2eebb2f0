/* The keyword prefilter. Its fast path hashes the three (roughly case
 * folded) bytes at every position into a bit table of 128 Ki bits, and
 * compares in full only the keywords whose first three bytes share that
 * hash: the work per byte is a load, a multiply and a bit test, whatever
 * the number of keywords, and a hit walks the few keywords of one
 * trigram, not every keyword of a common pair. Keywords of one and two
 * bytes are looked for by byte and by pair. On a CPU with AVX-512 VBMI
 * (checked at run time; texts of 64 bytes or more) tests with no memory
 * access go first, 64 positions at a time, on 6-bit classes of the
 * bytes: the pair of the first two (a 4096-bit table), the first three
 * hashed twice (two 1024-bit tables), and those of a keyword of two or
 * three bytes, the four of one of four or the first five of a longer one
 * (three more pairs of tables), each looked up by byte permutes
 * (prefilter_avx512.c); the hash bit is then tested only where all pass (0.9 %
 * of positions on an environment; 0.8 % pass the bit, 0.7 % are a keyword). The
 * bigram filter (a bit per folded byte pair that starts some keyword) is the
 * simpler reference the tests and fuzz_prefilter compare it with.
 * docs/performance.md has the measurements that chose this over Vectorscan,
 * which Debian 12's 5.4.9 ships with missed-match bugs. */
#include "scan/prefilter.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "scan/prefilter_impl.h"
#include "util/xalloc.h"

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
	free(pf->bstart);
	free(pf->tent);
	free(pf->ids);
	free(pf->arena);
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

/* A byte's class for the AVX-512 pre-test: the byte | 0x20 (as tri_hash takes
 * it) in 6 bits, bit 7 dropped (a superset test). */
static unsigned cls6(unsigned char c)
{
	return (c & 0x1fu) | (c >> 1 & 0x20u);
}

static void set_pairc(unsigned char q[4][128], unsigned a, unsigned b)
{
	q[b >> 4][a | (b >> 3 & 1) << 6] |= (unsigned char)(1u << (b & 7));
}

static void set_hashed(unsigned char q[2][128], unsigned ha, unsigned hb)
{
	q[0][ha & 127] |= (unsigned char)(1u << (hb & 7));
	q[1][hb >> 1] |= (unsigned char)(1u << (ha >> 5));
}

/* A keyword starting with classes a, b, c (and d, four: d < 64; else
 * the keyword has two or three bytes) into trih and short3 or quad. */
static void set_trih(struct prefilter *pf, unsigned a, unsigned b, unsigned c,
		     unsigned d, unsigned e)
{
	unsigned ha = pf->mix[0][a] ^ pf->mix[1][b] ^ pf->mix[2][c];
	unsigned hb = pf->mix[3][a] ^ pf->mix[4][b] ^ pf->mix[5][c];
	set_hashed(pf->trih, ha, hb);
	if (d >= 64) {
		set_hashed(pf->short3, ha, hb);
		return;
	}
	ha ^= pf->mix4[0][d];
	hb ^= pf->mix4[1][d];
	if (e >= 64)
		set_hashed(pf->quad, ha, hb);
	else
		set_hashed(pf->quint, ha ^ pf->mix5[0][e], hb ^ pf->mix5[1][e]);
}

/* Keyword indexes grouped by their first pair (the bigram reference and
 * the two-byte keywords), a counting sort. */
static void group_pairs(struct prefilter *pf)
{
	uint32_t *fill = xcalloc(65536, sizeof(*fill));
	size_t i;
	pf->start = xcalloc(65537, sizeof(*pf->start));
	pf->order = xcalloc(pf->n ? pf->n : 1, sizeof(*pf->order));
	for (i = 0; i < pf->n; i++)
		pf->start[pair_of(pf->kw[i].s) + 1]++;
	for (i = 1; i < 65537; i++)
		pf->start[i] += pf->start[i - 1];
	for (i = 0; i < pf->n; i++) {
		unsigned p = pair_of(pf->kw[i].s);
		pf->order[pf->start[p] + fill[p]++] = (uint32_t)i;
	}
	free(fill);
}

/* A hash's bucket: fewer buckets than hashes keeps the offsets small
 * (16 KiB) and costs one more keyword, rarely, to compare. */
static uint32_t bucket_of(uint32_t h)
{
	return h >> (TRI_BITS - BUCKET_BITS);
}

static bool same_kw(const struct keyword *a, const struct keyword *b)
{
	return a->len == b->len && !memcmp(a->s, b->s, a->len);
}

/* Entries by bucket; a keyword that several rules give (the same folded
 * bytes) is one entry with every rule's id. */
static void build_buckets(struct prefilter *pf)
{
	size_t i, j, nset = BUCKETS, bytes = 0, at = 0, n3 = 0, ne = 0;
	uint32_t *fill, *src, *ent, *start, *nid;
	start = xcalloc(nset + 1, sizeof(*start));
	for (i = 0; i < pf->n; i++)
		if (pf->kw[i].len >= 3) {
			start[bucket_of(tri_hash(pf->kw[i].s)) + 1]++;
			n3++;
		}
	for (i = 1; i <= nset; i++)
		start[i] += start[i - 1];
	fill = xcalloc(nset + 1, sizeof(*fill));
	src = xcalloc(n3 + 1, sizeof(*src));
	for (i = 0; i < pf->n; i++) {
		uint32_t b;
		if (pf->kw[i].len < 3)
			continue;
		b = bucket_of(tri_hash(pf->kw[i].s));
		src[start[b] + fill[b]++] = (uint32_t)i;
	}
	/* ent[k]: the entry of src[k], the first of its bucket with the
	 * same keyword; entries numbered in bucket order. */
	ent = xcalloc(n3 + 1, sizeof(*ent));
	nid = xcalloc(n3 + 1, sizeof(*nid));
	pf->bstart = xcalloc(nset + 1, sizeof(*pf->bstart));
	for (i = 0; i < nset; i++) {
		pf->bstart[i] = (uint32_t)ne;
		for (j = start[i]; j < start[i + 1]; j++) {
			size_t d;
			for (d = start[i]; d < j; d++)
				if (same_kw(&pf->kw[src[d]], &pf->kw[src[j]]))
					break;
			ent[j] = d < j ? ent[d] : (uint32_t)ne++;
			nid[ent[j]]++;
			if (d == j)
				bytes += pf->kw[src[j]].len;
		}
	}
	pf->bstart[nset] = (uint32_t)ne;
	pf->tent = xcalloc(ne + 1, sizeof(*pf->tent));
	pf->ids = xcalloc(n3 + 1, sizeof(*pf->ids));
	pf->arena = xmalloc(bytes + 1);
	for (i = 0, j = 0; i < ne; i++) { /* id runs */
		pf->tent[i].id0 = (uint32_t)j;
		j += nid[i];
		nid[i] = 0;
	}
	for (j = 0; j < n3; j++) {
		const struct keyword *k = &pf->kw[src[j]];
		struct tent *e = &pf->tent[ent[j]];
		size_t q, nh = k->len < 8 ? k->len : 8;
		pf->ids[e->id0 + nid[ent[j]]++] = k->id;
		e->nid = nid[ent[j]];
		if (e->nid > 1)
			continue;
		e->head = e->mask = 0;
		for (q = 0; q < nh; q++) {
			e->head |= (uint64_t)k->s[q] << (8 * q);
			e->mask |= 0xffULL << (8 * q);
		}
		e->len = (uint32_t)k->len;
		e->off = (uint32_t)at;
		memcpy(pf->arena + at, k->s, k->len);
		at += k->len;
	}
	free(nid);
	free(ent);
	free(src);
	free(fill);
	free(start);
}

void prefilter_build(struct prefilter *pf)
{
	size_t i;
	uint32_t x32 = 0x9e3779b9u; /* xorshift: any fixed bytes will do */
	for (i = 0; i < sizeof(pf->mix) + sizeof(pf->mix4) + sizeof(pf->mix5);
	     i++) {
		unsigned char *m =
			i < sizeof(pf->mix) ? &pf->mix[0][0] + i
			: i < sizeof(pf->mix) + sizeof(pf->mix4)
				? &pf->mix4[0][0] + i - sizeof(pf->mix)
				: &pf->mix5[0][0] + i - sizeof(pf->mix) -
					  sizeof(pf->mix4);
		x32 ^= x32 << 13;
		x32 ^= x32 >> 17;
		x32 ^= x32 << 5;
		*m = (unsigned char)(x32 >> 24);
	}
	for (i = 0; i < pf->n; i++) {
		const struct keyword *k = &pf->kw[i];
		unsigned p = pair_of(k->s);
		pf->pair[p / 64] |= 1ULL << (p % 64);
		if (k->len == 2) {
			/* Found from the trigrams it can start, and at
			 * the end of the text on its own (scan_tri). */
			unsigned char three[3] = {k->s[0], k->s[1], 0};
			unsigned x;
			pf->pair2[p / 64] |= 1ULL << (p % 64);
			pf->has_pair2 = true;
			set_pairc(pf->pair1, cls6(k->s[0]), cls6(k->s[1]));
			for (x = 0; x < 64; x++)
				set_trih(pf, cls6(k->s[0]), cls6(k->s[1]), x,
					 64, 64);
			for (x = 0; x < 256; x++) {
				uint32_t h;
				three[2] = (unsigned char)x;
				h = tri_hash(three);
				pf->tri[h / 64] |= 1ULL << (h % 64);
				pf->tri2[h / 64] |= 1ULL << (h % 64);
			}
		} else {
			uint32_t h = tri_hash(k->s);
			pf->tri[h / 64] |= 1ULL << (h % 64);
			set_pairc(pf->pair1, cls6(k->s[0]), cls6(k->s[1]));
			set_trih(pf, cls6(k->s[0]), cls6(k->s[1]),
				 cls6(k->s[2]),
				 k->len >= 4 ? cls6(k->s[3]) : 64,
				 k->len >= 5 ? cls6(k->s[4]) : 64);
		}
	}
	for (i = 0; i < 64; i++)
		pf->bitval[i] = (unsigned char)(1u << (i & 7));
	group_pairs(pf);
	build_buckets(pf);
#ifdef HAVE_TRI_AVX512
	__builtin_cpu_init();
	pf->avx512 = __builtin_cpu_supports("avx512f") &&
		     __builtin_cpu_supports("avx512bw") &&
		     __builtin_cpu_supports("avx512vl") &&
		     __builtin_cpu_supports("avx512vbmi");
#endif
}

void prefilter_force_bigram(struct prefilter *pf)
{
	pf->bigram = true;
}

void prefilter_force_scalar(struct prefilter *pf)
{
	pf->avx512 = false;
}

/* Rule id's keyword of len bytes occurs at start. */
static void hit(const struct sink *k, uint32_t id, size_t start, size_t len)
{
	if (!k->hits) {
		k->fn(&id, 1, start, start + len, k->arg);
		return;
	}
	if (k->hits[id])
		return;
	k->hits[id] = 1;
	if (k->list)
		k->list[(*k->n)++] = id;
}

/* The keywords that start with pair p, at i (with two: only those of
 * two bytes, the trigram pass finds the rest). */
static void check_pair(const struct prefilter *pf, unsigned p,
		       const unsigned char *t, size_t i, size_t len, bool two,
		       const struct sink *sk)
{
	const unsigned char *f = pf->fold;
	uint32_t k;
	for (k = pf->start[p]; k < pf->start[p + 1]; k++) {
		const struct keyword *w = &pf->kw[pf->order[k]];
		size_t j;
		if (w->len > len - i || (two && w->len != 2))
			continue;
		for (j = 2; j < w->len && f[t[i + j]] == w->s[j]; j++)
			;
		if (j == w->len)
			hit(sk, w->id, i, w->len);
	}
}

/* The keywords of 3 bytes or more whose trigram hashes to h, at i. */
/* The 8 bytes at p (little-endian), ASCII upper case folded to lower
 * exactly as pf->fold does: a byte gains 0x20 when it is 'A'..'Z'. */
static uint64_t fold8(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101ULL, high = ones * 0x80;
	uint64_t x, low, ge_a, gt_z;
	memcpy(&x, p, 8);
	low = x & ~high;
	ge_a = low + ones * (0x80 - 'A');
	gt_z = low + ones * (0x80 - 'Z' - 1);
	return x | ((ge_a & ~gt_z & ~x & high) >> 2);
}

static void check_tri(const struct prefilter *pf, uint32_t h,
		      const unsigned char *t, size_t i, size_t len,
		      const struct sink *sk)
{
	const unsigned char *f = pf->fold;
	uint32_t b = bucket_of(h), k;
	/* Up to 8 bytes compared at once where the text has them. */
	bool wide = len - i >= 8 && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
	uint64_t x = wide ? fold8(t + i) : 0;
	for (k = pf->bstart[b]; k < pf->bstart[b + 1]; k++) {
		const struct tent *e = &pf->tent[k];
		const unsigned char *w = pf->arena + e->off;
		size_t j = 0;
		if (e->len > len - i)
			continue;
		if (wide) {
			if ((x & e->mask) != e->head)
				continue;
			j = e->len < 8 ? e->len : 8;
		}
		for (; j < e->len && f[t[i + j]] == w[j]; j++)
			;
		if (j < e->len)
			continue;
		if (!sk->hits) {
			sk->fn(pf->ids + e->id0, e->nid, i, i + e->len,
			       sk->arg);
		} else {
			uint32_t q;
			for (q = 0; q < e->nid; q++)
				hit(sk, pf->ids[e->id0 + q], i, e->len);
		}
	}
}

/* The two-byte keywords at i. */
static void check_two(const struct prefilter *pf, const unsigned char *t,
		      size_t i, size_t len, const struct sink *sk)
{
	unsigned p = (unsigned)pf->fold[t[i]] << 8 | pf->fold[t[i + 1]];
	if (pf->pair2[p >> 6] & (1ULL << (p & 63)))
		check_pair(pf, p, t, i, len, true, sk);
}

/* A set bit: about one position in thirty on an environment, so kept out
 * of the loop. */
__attribute__((noinline)) void prefilter_tri_hit(const struct prefilter *pf,
						 uint32_t h,
						 const unsigned char *t,
						 size_t i, size_t len,
						 const struct sink *sk)
{
	check_tri(pf, h, t, i, len, sk);
	if (pf->tri2[h >> 6] & (1ULL << (h & 63)))
		check_two(pf, t, i, len, sk);
}

/* Keywords of one byte, then one pass for the rest. No byte's work waits
 * for the byte before it. */
static void scan_tri(const struct prefilter *pf, const unsigned char *t,
		     size_t len, const struct sink *sk)
{
	const unsigned char *f = pf->fold;
	size_t i, k;
	if (pf->has_single)
		for (i = 0; i < len; i++)
			for (k = 0; k < pf->nsingle[f[t[i]]]; k++)
				hit(sk, pf->single_id[f[t[i]]][k], i, 1);
	i = 0;
#ifdef HAVE_TRI_AVX512
	/* Not for a short text, where loading its tables costs more than
	 * the scalar loop (rulebench -v's prefilter_mbps, two calls per
	 * variable: 470 MB/s from the first byte, 770 from 64, scalar 650). */
	if (pf->avx512 && len >= 64) {
		prefilter_tri_avx512(pf, t, len, sk);
		i = len; /* every position done */
	}
#endif
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* Six positions from one 8-byte load: the same words as tri_hash
	 * builds byte by byte, since byte k of the load is t[i + k]. */
	for (; i + 8 <= len; i += 6) {
		uint64_t x;
		unsigned b;
		memcpy(&x, t + i, 8);
		x |= 0x2020202020202020ULL;
#pragma GCC unroll 6
		for (b = 0; b < 6; b++) {
			uint32_t w = (uint32_t)(x >> (8 * b)) & 0xffffffu;
			uint32_t h = (w * TRI_MUL) >> (32 - TRI_BITS);
			if (pf->tri[h >> 6] & (1ULL << (h & 63)))
				prefilter_tri_hit(pf, h, t, i + b, len, sk);
		}
	}
#endif
	for (; i + 2 < len; i++) {
		uint32_t h = tri_hash(t + i);
		if (pf->tri[h >> 6] & (1ULL << (h & 63)))
			prefilter_tri_hit(pf, h, t, i, len, sk);
	}
	if (pf->has_pair2 && len >= 2)
		check_two(pf, t, len - 2, len, sk);
}

static void scan(const struct prefilter *pf, const char *text, size_t len,
		 const struct sink *sk)
{
	const unsigned char *t = (const unsigned char *)text;
	const unsigned char *f = pf->fold;
	const uint64_t *pair = pf->pair;
	size_t i, k;
	unsigned a;
	if (!len)
		return;
	if (!pf->bigram) {
		scan_tri(pf, t, len, sk);
		return;
	}
	if (pf->has_single)
		for (i = 0; i < len; i++)
			for (k = 0; k < pf->nsingle[f[t[i]]]; k++)
				hit(sk, pf->single_id[f[t[i]]][k], i, 1);
	if (len < 2)
		return;
	a = f[t[0]];
	for (i = 0; i + 1 < len; i++) {
		unsigned b = f[t[i + 1]], p = a << 8 | b;
		if (pair[p >> 6] & (1ULL << (p & 63)))
			check_pair(pf, p, t, i, len, false, sk);
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
