/* A tiny writer of synthetic bbolt files for tests: an in-memory image of
 * pages, metas with FNV-1a checksums, leaf and branch pages (with
 * overflow), bucket values (inline or not), and a temp file to read. */
#ifndef TESTS_BOLT_WRITER_H
#define TESTS_BOLT_WRITER_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "etcd/bbolt.h"

struct bw {
	uint8_t *img; /* owned: npages * ps bytes */
	size_t size;
	uint32_t ps;
};

/* A leaf item (flags 1: value is a bucket) or a branch element (pgid). */
struct bw_item {
	const void *key;
	size_t klen;
	const void *val;
	size_t vlen;
	uint32_t flags;
	uint64_t pgid;
};

/* Items with string keys and values. */
#define BW_KV(k, v)                                          \
	{                                                    \
		(k), sizeof(k) - 1, (v), sizeof(v) - 1, 0, 0 \
	}
#define BW_CHILD(k, pg)                              \
	{                                            \
		(k), sizeof(k) - 1, NULL, 0, 0, (pg) \
	}

static inline void bw_put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
}

static inline void bw_put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

static inline void bw_put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, sizeof(v));
}

static inline void bw_init(struct bw *b, uint32_t ps, uint64_t npages)
{
	b->ps = ps;
	b->size = (size_t)npages * ps;
	b->img = calloc(1, b->size ? b->size : 1);
	if (!b->img)
		abort();
}

static inline void bw_release(struct bw *b)
{
	free(b->img);
	b->img = NULL;
}

/* Page pg, growing the image (zero-filled) if it is past the end. */
static inline uint8_t *bw_page(struct bw *b, uint64_t pg)
{
	size_t need = (size_t)(pg + 1) * b->ps;

	if (need > b->size) {
		b->img = realloc(b->img, need);
		if (!b->img)
			abort();
		memset(b->img + b->size, 0, need - b->size);
		b->size = need;
	}
	return b->img + (size_t)pg * b->ps;
}

static inline void bw_header(uint8_t *p, uint64_t id, uint16_t flags,
			     uint16_t count, uint32_t overflow)
{
	bw_put64(p, id);
	bw_put16(p + 8, flags);
	bw_put16(p + 10, count);
	bw_put32(p + 12, overflow);
}

/* Write meta page `which` (0 or 1) with a correct checksum. */
static inline void bw_meta(struct bw *b, int which, uint64_t root, uint64_t hwm,
			   uint64_t txid)
{
	uint8_t *p = bw_page(b, (uint64_t)which);

	memset(p, 0, 80);
	bw_header(p, (uint64_t)which, BOLT_META, 0, 0);
	bw_put32(p + 16, BOLT_MAGIC);
	bw_put32(p + 20, BOLT_VERSION);
	bw_put32(p + 24, b->ps);
	bw_put64(p + 32, root);
	bw_put64(p + 48, UINT64_MAX);
	bw_put64(p + 56, hwm);
	bw_put64(p + 64, txid);
	bw_put64(p + 72, bolt_fnv1a(p + 16, 56));
}

/* A leaf image (header with id 0, elements, then keys and values) at p;
 * returns the bytes used. Aborts if it does not fit in cap. */
static inline size_t bw_leaf_image(uint8_t *p, size_t cap,
				   const struct bw_item *it, size_t n)
{
	size_t off = 16 + n * 16, i;

	if (off > cap)
		abort();
	bw_header(p, 0, BOLT_LEAF, (uint16_t)n, 0);
	for (i = 0; i < n; i++) {
		uint8_t *e = p + 16 + i * 16;

		if (it[i].klen + it[i].vlen > cap - off)
			abort();
		bw_put32(e, it[i].flags);
		bw_put32(e + 4, (uint32_t)(off - (16 + i * 16)));
		bw_put32(e + 8, (uint32_t)it[i].klen);
		bw_put32(e + 12, (uint32_t)it[i].vlen);
		memcpy(p + off, it[i].key, it[i].klen);
		off += it[i].klen;
		if (it[i].vlen)
			memcpy(p + off, it[i].val, it[i].vlen);
		off += it[i].vlen;
	}
	return off;
}

/* Leaf page pg with overflow extra pages. */
static inline void bw_leaf(struct bw *b, uint64_t pg, uint32_t overflow,
			   const struct bw_item *it, size_t n)
{
	uint8_t *p;

	bw_page(b, pg + overflow);
	p = b->img + (size_t)pg * b->ps;
	bw_leaf_image(p, (size_t)(overflow + 1) * b->ps, it, n);
	bw_header(p, pg, BOLT_LEAF, (uint16_t)n, overflow);
}

/* Branch page pg: elements {pos, ksize, child pgid}, then the keys. */
static inline void bw_branch(struct bw *b, uint64_t pg,
			     const struct bw_item *it, size_t n)
{
	uint8_t *p = bw_page(b, pg);
	size_t off = 16 + n * 16, i;

	if (off > b->ps)
		abort();
	bw_header(p, pg, BOLT_BRANCH, (uint16_t)n, 0);
	for (i = 0; i < n; i++) {
		uint8_t *e = p + 16 + i * 16;

		if (it[i].klen > b->ps - off)
			abort();
		bw_put32(e, (uint32_t)(off - (16 + i * 16)));
		bw_put32(e + 4, (uint32_t)it[i].klen);
		bw_put64(e + 8, it[i].pgid);
		memcpy(p + off, it[i].key, it[i].klen);
		off += it[i].klen;
	}
}

/* A bucket value in out: {root, sequence 0}, and when root is 0 an inline
 * leaf image of the n items. Returns its length. */
static inline size_t bw_bucket(uint8_t *out, size_t cap, uint64_t root,
			       const struct bw_item *it, size_t n)
{
	if (cap < 16)
		abort();
	memset(out, 0, 16);
	bw_put64(out, root);
	if (root)
		return 16;
	return 16 + bw_leaf_image(out + 16, cap - 16, it, n);
}

/* An unlinked temp file holding the first size bytes of the image;
 * returns its fd, or -1. */
static inline int bw_file_n(const struct bw *b, size_t size)
{
	char path[] = "/tmp/procsift-bolt-XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0)
		return -1;
	unlink(path);
	if (size && write(fd, b->img, size) != (ssize_t)size) {
		close(fd);
		return -1;
	}
	return fd;
}

static inline int bw_file(const struct bw *b)
{
	return bw_file_n(b, b->size);
}

#endif
