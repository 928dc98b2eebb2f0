/* A read-only reader of bbolt files (etcd's member/snap/db) on a file
 * descriptor: pread(2) only, never a lock, never a whole-file mapping, so
 * memory stays bounded whatever the file size. Every page it follows is
 * checked (id, flags, element bounds), so a hostile or torn file gives
 * -EINVAL and a message, never a crash or a loop. Layout: see
 * ../shared/reference/etcd-storage.md §1 and docs/etcd.md. */
#ifndef ETCD_BBOLT_H
#define ETCD_BBOLT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BOLT_MAGIC 0xED0CDAEDu
#define BOLT_VERSION 2
#define BOLT_ERR_LEN 256

enum bolt_page_flag {
	BOLT_BRANCH = 0x01,
	BOLT_LEAF = 0x02,
	BOLT_META = 0x04,
	BOLT_FREELIST = 0x10,
};

struct bolt_meta {
	bool valid; /* magic, version and checksum all good */
	bool magic; /* BOLT_MAGIC is where it belongs, whatever the rest */
	uint32_t page_size, version, flags;
	uint64_t root; /* page id of the root bucket's root page */
	uint64_t sequence;
	uint64_t freelist; /* UINT64_MAX: not persisted (etcd) */
	uint64_t pgid;	   /* high-water mark, pages */
	uint64_t txid;
	uint64_t checksum;
};

struct bolt_db {
	int fd;	       /* borrowed; the caller opened it and closes it */
	uint64_t size; /* file size, bytes, at open */
	uint32_t page_size;
	uint64_t npages; /* whole pages in the file: size / page_size */
	struct bolt_meta meta[2];
	int chosen;	/* 0 or 1: the valid meta with the higher txid */
	uint8_t *reach; /* owned: bit per page, set by bolt_walk_bucket
			 * for every page reachable from the chosen meta
			 * (overflow pages included) */
	uint8_t *buf;	/* owned scratch for pages */
	size_t buf_alloc;
	uint64_t pages_read;   /* pages read so far (statistics) */
	uint64_t stale_leaves; /* pages bolt_carve reported items from */
};

/* Read both metas and discover the page size (meta 0, then the meta 1
 * probe at 1 KiB << i, then 4096). db is initialised here; call
 * bolt_release whatever the result. Returns 0, -EMEDIUMTYPE when the file
 * is not a bbolt file at all (empty, or no bbolt magic in either meta
 * page), -EINVAL when it is one but neither meta is valid or it is too
 * short (err says which and why), or -errno from pread. */
int bolt_open(struct bolt_db *db, int fd, char *err, size_t errlen);
void bolt_release(struct bolt_db *db);

/* Called for each item: key and value are borrowed for the call only.
 * pgid is the (first) page of the leaf the item is on. A non-zero return
 * stops the walk and is returned. */
typedef int (*bolt_item_fn)(const uint8_t *key, size_t klen, const uint8_t *val,
			    size_t vlen, uint64_t pgid, void *arg);

/* Walk the whole tree of the chosen meta: call fn for each non-bucket item
 * of top-level bucket `name` (inline or not) in key order, and mark in
 * db->reach every page reachable from the meta (all buckets). Returns 0,
 * -EINVAL on a corrupt page (a bad id or flags, a count past the page
 * end, an overflow past the end of the file, a cycle, depth over 64; err
 * names the page), -ENOENT when there is no such bucket, -errno from
 * pread, or fn's value. */
int bolt_walk_bucket(struct bolt_db *db, const char *name, bolt_item_fn fn,
		     void *arg, char *err, size_t errlen);

/* A leaf of the named bucket that spans overflow pages, handed over
 * unread past its first page: page is that first page (page_size bytes,
 * borrowed for the call; its id, flags and overflow already checked, its
 * overflow pages already marked reachable). Return non-zero to stop. */
typedef int (*bolt_leaf_fn)(uint64_t pgid, const uint8_t *page,
			    uint32_t overflow, void *arg);

/* As bolt_walk_bucket, but a leaf of the named bucket with overflow pages
 * (large values: the bulk of a big database) goes to leaf_fn instead of
 * being read here; bolt_read_leaf reads it, on another thread if wanted.
 * Items of the other leaves go to fn, in key order. */
int bolt_walk_bucket_split(struct bolt_db *db, const char *name,
			   bolt_item_fn fn, bolt_leaf_fn leaf_fn, void *arg,
			   char *err, size_t errlen);

/* Read the rest of a leaf handed to a bolt_leaf_fn (first page as given,
 * the overflow pages with pread into *buf, grown as needed: the caller's
 * own, so several threads can read leaves at once) and call fn for each
 * of its items. A bucket item inside such a leaf is skipped (etcd's "key"
 * bucket has none). Returns 0, -EINVAL on a short read or an element
 * past the span (err names the page), -errno, or fn's value. */
int bolt_read_leaf(int fd, uint32_t page_size, uint64_t pgid,
		   const uint8_t *page, uint32_t overflow, uint8_t **buf,
		   size_t *alloc, bolt_item_fn fn, void *arg, char *err,
		   size_t errlen);

/* Read the metas again (after a walk of a file that a live etcd is
 * writing). *moved says whether the chosen meta's txid changed; the new
 * metas replace the old and reach is cleared. Returns 0 or -errno/-EINVAL
 * as bolt_open. */
int bolt_recheck(struct bolt_db *db, bool *moved, char *err, size_t errlen);

/* Carve stale data, after bolt_walk_bucket: read every page in
 * [2, npages) that is not reachable (below the high-water mark and past
 * it) in large sequential reads; a page whose header id equals its index
 * and whose flags are exactly BOLT_LEAF is a stale leaf, and fn gets each
 * of its non-bucket items whose element lies inside the page span, with
 * that page's id. A stale leaf's overflow pages are skipped. Pages that do
 * not look like leaves are passed over silently (they are free space).
 * Returns 0, -errno from pread, or fn's value. */
int bolt_carve(struct bolt_db *db, bolt_item_fn fn, void *arg);

/* Counts for the report. */
struct bolt_stats {
	uint64_t reachable;    /* pages reachable from the chosen meta */
	uint64_t free;	       /* unreachable pages below the high-water mark */
	uint64_t past_hwm;     /* pages at or past the high-water mark */
	uint64_t stale_leaves; /* carved pages that held leaf items */
};
void bolt_get_stats(const struct bolt_db *db, struct bolt_stats *st);

/* FNV-1a 64 of len bytes (the meta checksum). */
uint64_t bolt_fnv1a(const void *buf, size_t len);

#endif
