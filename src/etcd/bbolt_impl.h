/* Private to the bbolt reader (bbolt.c, bbolt_carve.c): layout constants
 * and little helpers. */
#ifndef ETCD_BBOLT_IMPL_H
#define ETCD_BBOLT_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#include "etcd/bbolt.h"

enum {
	PAGE_HDR = 16,	   /* id, flags, count, overflow */
	ELEM_SIZE = 16,	   /* branch and leaf elements alike */
	META_END = 80,	   /* page bytes a meta needs, checksum included */
	META_SUM_OFF = 16, /* the checksum covers page bytes [16, 72) */
	META_SUM_LEN = 56,
	BUCKET_HDR = 16, /* root pgid, sequence */
	LEAF_IS_BUCKET = 0x01,
	MAX_DEPTH = 64,
	MIN_PAGE = 512,
	MAX_PAGE = 65536,
	PROBE_READ = 4096,
	READ_AHEAD = 256 << 10, /* most bytes the walk reads at once */
	CARVE_CHUNK = 1 << 20,	/* bytes per sequential carving read */
	CARVE_GAP = 4,		/* reachable pages read through, not around */
	/* Most bytes one node (a page and its overflow) may span: a bigger
	 * live node is corrupt (etcd's values are megabytes at most), and a
	 * stale one is read only this far, so that a forged overflow count
	 * cannot make the reader allocate the size of the file. */
	MAX_NODE = 256 << 20,
	CARVE_MAX_NODE = 16 << 20,
};

static inline uint16_t get16(const uint8_t *p)
{
	uint16_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint32_t get32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint64_t get64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static inline bool reached(const struct bolt_db *db, uint64_t pg)
{
	return db->reach[pg >> 3] & (1u << (pg & 7));
}

static inline void mark(struct bolt_db *db, uint64_t pg)
{
	db->reach[pg >> 3] |= (uint8_t)(1u << (pg & 7));
}

/* Write a message to err (may be NULL). */
void bolt_seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "page N: " and the message to err; returns -EINVAL for the caller to
 * pass on. */
int bolt_page_err(char *err, size_t errlen, uint64_t pg, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* One element of a leaf image of len bytes: flags, and key and value
 * inside the image. */
struct bolt_elem {
	uint32_t flags;
	const uint8_t *key, *val;
	uint32_t ks, vs;
};

/* Element i of the leaf image p of len bytes (the caller checked that
 * the element array fits: i < count <= (len - PAGE_HDR) / ELEM_SIZE).
 * pos is relative to the element. False when key or value would pass
 * the end of the image. */
static inline bool bolt_leaf_elem(const uint8_t *p, size_t len, size_t i,
				  struct bolt_elem *el)
{
	size_t e = PAGE_HDR + i * ELEM_SIZE;
	uint32_t pos = get32(p + e + 4);
	el->flags = get32(p + e);
	el->ks = get32(p + e + 8);
	el->vs = get32(p + e + 12);
	if (pos > len - e || el->ks > len - e - pos ||
	    el->vs > len - e - pos - el->ks)
		return false;
	el->key = p + e + pos;
	el->val = el->key + el->ks;
	return true;
}

/* pread until len bytes or the end of the file. Returns the bytes read
 * or -errno. */
ssize_t bolt_pread_full(int fd, void *buf, size_t len, uint64_t off);
/* Make db->buf at least want bytes. */
void bolt_grow_buf(struct bolt_db *db, size_t want);

#endif
