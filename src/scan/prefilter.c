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
 * (tri_avx512); the hash bit is then tested only where all pass (0.9 % of
 * positions on an environment; 0.8 % pass the bit, 0.7 % are a keyword). The
 * bigram filter (a bit per folded byte pair that starts some keyword) is the
 * simpler reference the tests and fuzz_prefilter compare it with.
 * docs/performance.md has the measurements that chose this over Vectorscan,
 * which Debian 12's 5.4.9 ships with missed-match bugs. */
#include "scan/prefilter.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define HAVE_TRI_AVX512 1
#endif

#include "util/xalloc.h"

struct keyword {
	unsigned char *s; /* folded */
	size_t len;
	uint32_t id;
};

#define TRI_BITS 17
#define TRI_SIZE (1u << TRI_BITS)
#define BUCKET_BITS 12
#define BUCKETS (1u << BUCKET_BITS)
#define TRI_MUL 0x9e3779b1u /* multiply-shift hashing */

/* A keyword of 3 bytes or more, with its bytes in the arena: one bucket's
 * keywords lie side by side, so a hit walks contiguous memory. */
struct tent {
	uint64_t head, mask; /* the first bytes (up to 8), folded, and which */
	uint32_t len, off;
	/* The rules with this keyword: ids[nid ...] (several rules share
	 * "token", "pass", "key": one comparison and one report for all). */
	uint32_t id0, nid;
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
	/* The fast path: keywords of 3 bytes or more by trigram hash. */
	uint64_t tri[TRI_SIZE / 64];
	uint64_t tri2[TRI_SIZE / 64]; /* bits set by two-byte keywords */
	uint32_t *bstart;     /* BUCKETS + 1 offsets into tent, by bucket_of */
	struct tent *tent;    /* keywords grouped by trigram hash */
	uint32_t *ids;	      /* their rule ids, a run for each */
	unsigned char *arena; /* their folded bytes, in that order */
	uint64_t pair2[65536 / 64]; /* pairs of two-byte keywords only */
	bool has_pair2;
	bool bigram; /* prefilter_force_bigram */
	bool avx512; /* the CPU runs tri_avx512 (checked once, at build) */
	/* tri_avx512's tables, on byte classes (cls6): pair1 of every
	 * keyword's first two bytes (4096 bits); bitval[x] is 1 << (x & 7).
	 * And the three classes of a keyword's first three bytes hashed
	 * into two tables of 1024 bits (a two-byte keyword's two with any
	 * third): hA = mix[0][a] ^ mix[1][b] ^ mix[2][c], hB likewise from
	 * mix[3..5]; bit hB & 7 of trih[0][hA & 127] and bit hA >> 5 of
	 * trih[1][hB >> 1]. */
	unsigned char pair1[4][128];
	unsigned char bitval[64];
	unsigned char mix[6][64];
	unsigned char trih[2][128];
	/* The same two hashes of the first three classes, of the keywords
	 * of two or three bytes only (short3); and with the fourth class d
	 * mixed in (hA ^ mix4[0][d], hB ^ mix4[1][d]), of the keywords of
	 * four bytes or more (quad): a position passes one or the other. */
	unsigned char mix4[2][64];
	unsigned char short3[2][128], quad[2][128];
	/* And the fifth class e of a keyword of five bytes or more (quint:
	 * hA ^ mix4[0][d] ^ mix5[0][e], ...); quad then holds those of
	 * exactly four. */
	unsigned char mix5[2][64];
	unsigned char quint[2][128];
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

/* The three bytes at p as one word, ASCII letters folded and some other
 * bytes merged with them (| 0x20): a superset test, exact comparison
 * follows. Keywords and text go through the same function. */
static uint32_t tri_hash(const unsigned char *p)
{
	uint32_t w =
		((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16) |
		0x202020u;
	return (w * TRI_MUL) >> (32 - TRI_BITS);
}

/* A byte's class for tri_avx512: the byte | 0x20 (as tri_hash takes
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
static __attribute__((noinline)) void tri_hit(const struct prefilter *pf,
					      uint32_t h,
					      const unsigned char *t, size_t i,
					      size_t len, const struct sink *sk)
{
	check_tri(pf, h, t, i, len, sk);
	if (pf->tri2[h >> 6] & (1ULL << (h & 63)))
		check_two(pf, t, i, len, sk);
}

#ifdef HAVE_TRI_AVX512
/* One of the two pair tables in a 512-bit register set: bit b of
 * q[b >> 4][a | (b >> 3 & 1) << 6] for the byte classes a, b (cls6). */
__attribute__((target("avx512f,avx512bw,avx512vbmi"))) static inline __mmask64
pair_test(const __m512i *q, __m512i a, __m512i b, __m512i bitval)
{
	const __m512i b3 = _mm512_set1_epi8(8), b4 = _mm512_set1_epi8(0x10),
		      b5 = _mm512_set1_epi8(0x20);
	/* Index: a, and bit 3 of b as bit 6. */
	__m512i ix = _mm512_or_si512(
		a, _mm512_slli_epi16(_mm512_and_si512(b, b3), 3));
	__m512i r0 = _mm512_permutex2var_epi8(q[0], ix, q[1]);
	__m512i r1 = _mm512_permutex2var_epi8(q[2], ix, q[3]);
	__m512i r2 = _mm512_permutex2var_epi8(q[4], ix, q[5]);
	__m512i r3 = _mm512_permutex2var_epi8(q[6], ix, q[7]);
	__mmask64 m4 = _mm512_test_epi8_mask(b, b4);
	__mmask64 m5 = _mm512_test_epi8_mask(b, b5);
	__m512i r01 = _mm512_mask_blend_epi8(m4, r0, r1);
	__m512i r23 = _mm512_mask_blend_epi8(m4, r2, r3);
	__m512i r = _mm512_mask_blend_epi8(m5, r01, r23);
	return _mm512_test_epi8_mask(r, _mm512_permutexvar_epi8(b, bitval));
}

/* Bytes at from .. 63 of 64 loaded at t + k of a block with r bytes
 * left: those of the text only. */
static inline __mmask64 tail_mask(size_t r, size_t k)
{
	size_t n = r > k ? r - k : 0;
	return n >= 64 ? ~0ULL : (1ULL << n) - 1;
}

/* Both bits of a pair of 1024-bit hashed tables (set_hashed). */
__attribute__((target("avx512f,avx512bw,avx512vbmi"))) static inline __mmask64
hashed_test(const __m512i *q, __m512i ha, __m512i hb, __m512i bitval)
{
	__m512i r0 = _mm512_permutex2var_epi8(q[0], ha, q[1]);
	__m512i r1 =
		_mm512_permutex2var_epi8(q[2], _mm512_srli_epi16(hb, 1), q[3]);
	return _mm512_test_epi8_mask(r0, _mm512_permutexvar_epi8(hb, bitval)) &
	       _mm512_test_epi8_mask(
		       r1, _mm512_permutexvar_epi8(_mm512_srli_epi16(ha, 5),
						   bitval));
}

/* cls6 of 64 bytes. */
__attribute__((target("avx512f,avx512bw"))) static inline __m512i
cls64(__m512i x)
{
	return _mm512_or_si512(_mm512_and_si512(x, _mm512_set1_epi8(0x1f)),
			       _mm512_and_si512(_mm512_srli_epi16(x, 1),
						_mm512_set1_epi8(0x20)));
}

/* scan_tri's bit test for 64 positions at a time, behind a test that
 * needs no memory: a keyword's first two bytes must be a pair of pair1
 * and its second and third a pair of pair2, on the byte classes of
 * cls6 (the trigram's bytes | 0x20 in 6 bits). Every position where a
 * keyword occurs passes both; the few others that do are tested against
 * the trigram bit as the scalar loop tests them, and the set bits go to
 * tri_hit in order of position, as the scalar loop sends them. Masked
 * loads: nothing is read past the text. */
__attribute__((target("avx512f,avx512bw,avx512vbmi"))) static void
tri_avx512(const struct prefilter *pf, const unsigned char *t, size_t len,
	   const struct sink *sk)
{
	__m512i q1[8], bitval, mix[6], th[4], m4[2], s3[4], qd[4], m5[2], qn[4];
	size_t npos = len - 2, i; /* positions with a whole trigram */
	unsigned k;
	for (k = 0; k < 8; k++)
		q1[k] = _mm512_loadu_si512(
			(const void *)(pf->pair1[k / 2] + 64 * (k % 2)));
	bitval = _mm512_loadu_si512((const void *)pf->bitval);
	for (k = 0; k < 6; k++)
		mix[k] = _mm512_loadu_si512((const void *)pf->mix[k]);
	for (k = 0; k < 4; k++) {
		th[k] = _mm512_loadu_si512(
			(const void *)(pf->trih[k / 2] + 64 * (k % 2)));
		s3[k] = _mm512_loadu_si512(
			(const void *)(pf->short3[k / 2] + 64 * (k % 2)));
		qd[k] = _mm512_loadu_si512(
			(const void *)(pf->quad[k / 2] + 64 * (k % 2)));
		qn[k] = _mm512_loadu_si512(
			(const void *)(pf->quint[k / 2] + 64 * (k % 2)));
	}
	for (k = 0; k < 2; k++) {
		m4[k] = _mm512_loadu_si512((const void *)pf->mix4[k]);
		m5[k] = _mm512_loadu_si512((const void *)pf->mix5[k]);
	}
	for (i = 0; i < npos; i += 64) {
		__m512i a, b, c, d, e;
		uint64_t hits;
		if (len - i >= 68) {
			a = _mm512_loadu_si512((const void *)(t + i));
			b = _mm512_loadu_si512((const void *)(t + i + 1));
			c = _mm512_loadu_si512((const void *)(t + i + 2));
			d = _mm512_loadu_si512((const void *)(t + i + 3));
			e = _mm512_loadu_si512((const void *)(t + i + 4));
		} else {
			size_t r = len - i; /* 3 .. 67 */
			a = _mm512_maskz_loadu_epi8(tail_mask(r, 0), t + i);
			b = _mm512_maskz_loadu_epi8(tail_mask(r, 1), t + i + 1);
			c = _mm512_maskz_loadu_epi8(tail_mask(r, 2), t + i + 2);
			d = _mm512_maskz_loadu_epi8(tail_mask(r, 3), t + i + 3);
			e = _mm512_maskz_loadu_epi8(tail_mask(r, 4), t + i + 4);
		}
		a = cls64(a);
		b = cls64(b);
		c = cls64(c);
		hits = pair_test(q1, a, b, bitval);
		if (hits) {
			__m512i ha = _mm512_ternarylogic_epi32(
				_mm512_permutexvar_epi8(a, mix[0]),
				_mm512_permutexvar_epi8(b, mix[1]),
				_mm512_permutexvar_epi8(c, mix[2]), 0x96);
			__m512i hb = _mm512_ternarylogic_epi32(
				_mm512_permutexvar_epi8(a, mix[3]),
				_mm512_permutexvar_epi8(b, mix[4]),
				_mm512_permutexvar_epi8(c, mix[5]), 0x96);
			__m512i d6 = cls64(d), e6 = cls64(e);
			__m512i ha4 = _mm512_xor_si512(
				ha, _mm512_permutexvar_epi8(d6, m4[0]));
			__m512i hb4 = _mm512_xor_si512(
				hb, _mm512_permutexvar_epi8(d6, m4[1]));
			/* vpermi2b reads the low 7 bits of its index, vpermb
			 * (bitval) the low 6, of which bitval uses 3: what
			 * the word shifts bring in from the next byte is
			 * never read. Then a keyword of two or three bytes,
			 * the four classes of one of four, or the first five
			 * of a longer one (d and e past the text are 0: no
			 * keyword that long ends there). */
			hits &= hashed_test(th, ha, hb, bitval) &
				(hashed_test(s3, ha, hb, bitval) |
				 hashed_test(qd, ha4, hb4, bitval) |
				 hashed_test(
					 qn,
					 _mm512_xor_si512(
						 ha4, _mm512_permutexvar_epi8(
							      e6, m5[0])),
					 _mm512_xor_si512(
						 hb4, _mm512_permutexvar_epi8(
							      e6, m5[1])),
					 bitval));
		}
		if (npos - i < 64)
			hits &= (1ULL << (npos - i)) - 1;
		while (hits) {
			size_t p = i + (size_t)__builtin_ctzll(hits);
			uint32_t h = tri_hash(t + p);
			hits &= hits - 1;
			if (pf->tri[h >> 6] & (1ULL << (h & 63)))
				tri_hit(pf, h, t, p, len, sk);
		}
	}
}
#endif

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
		tri_avx512(pf, t, len, sk);
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
				tri_hit(pf, h, t, i + b, len, sk);
		}
	}
#endif
	for (; i + 2 < len; i++) {
		uint32_t h = tri_hash(t + i);
		if (pf->tri[h >> 6] & (1ULL << (h & 63)))
			tri_hit(pf, h, t, i, len, sk);
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
