/* The prefilter's inside, shared by its scalar loop (prefilter.c) and
 * its AVX-512 pre-test (prefilter_avx512.c): the tables and the hit path
 * both take. Not for other files. */
#ifndef SCAN_PREFILTER_IMPL_H
#define SCAN_PREFILTER_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scan/prefilter.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define HAVE_TRI_AVX512 1
#endif

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

struct sink {
	unsigned char *hits; /* NULL: each occurrence to fn */
	uint32_t *list;	     /* NULL: hits only */
	size_t *n;
	prefilter_fn fn;
	void *arg;
};

/* The three bytes at p as one word, ASCII letters folded and some other
 * bytes merged with them (| 0x20): a superset test, exact comparison
 * follows. Keywords and text go through the same function. */
static inline uint32_t tri_hash(const unsigned char *p)
{
	uint32_t w =
		((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16) |
		0x202020u;
	return (w * TRI_MUL) >> (32 - TRI_BITS);
}

/* A set trigram bit at i: the keywords of that hash (and of two bytes
 * when a two-byte keyword set it). Out of line: about one position in
 * thirty on an environment. */
void prefilter_tri_hit(const struct prefilter *pf, uint32_t h,
		       const unsigned char *t, size_t i, size_t len,
		       const struct sink *sk);

#ifdef HAVE_TRI_AVX512
/* The AVX-512 pre-test over t, 64 positions at a time (pf->avx512 only;
 * len >= 64): calls prefilter_tri_hit where every test passes. */
void prefilter_tri_avx512(const struct prefilter *pf, const unsigned char *t,
			  size_t len, const struct sink *sk);
#endif

#endif
