/* Tests for etcd/bbolt on synthetic files from bolt_writer.h: page size
 * discovery, meta choice, the checked tree walk, carving, and hostile
 * files (each must give -EINVAL and a message, never a crash or hang). */
#include <criterion/criterion.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "etcd/bbolt.h"
#include "bolt_writer.h"

#define MAXGOT 128

struct got {
	char key[MAXGOT][40];
	size_t vlen[MAXGOT];
	uint8_t vfirst[MAXGOT];
	uint64_t pg[MAXGOT];
	size_t n;
	size_t stop_at; /* return 7 from this item on, when non-zero */
};

struct fx {
	struct bw b;
	struct bolt_db db;
	int fd;
	char err[BOLT_ERR_LEN];
	struct got got;
};

static int collect(const uint8_t *k, size_t kl, const uint8_t *v, size_t vl,
		   uint64_t pg, void *arg)
{
	struct got *g = arg;

	cr_assert_lt(g->n, MAXGOT);
	cr_assert_lt(kl, sizeof(g->key[0]));
	memcpy(g->key[g->n], k, kl);
	g->key[g->n][kl] = '\0';
	g->vlen[g->n] = vl;
	g->vfirst[g->n] = vl ? v[0] : 0;
	g->pg[g->n] = pg;
	g->n++;
	return g->stop_at && g->n >= g->stop_at ? 7 : 0;
}

static int fx_open(struct fx *f)
{
	f->fd = bw_file(&f->b);
	cr_assert_geq(f->fd, 0);
	return bolt_open(&f->db, f->fd, f->err, sizeof(f->err));
}

static int fx_walk(struct fx *f, const char *name)
{
	return bolt_walk_bucket(&f->db, name, collect, &f->got, f->err,
				sizeof(f->err));
}

static void fx_done(struct fx *f)
{
	bolt_release(&f->db);
	close(f->fd);
	bw_release(&f->b);
}

static void set16(struct fx *f, uint64_t pg, size_t off, uint16_t v)
{
	bw_put16(bw_page(&f->b, pg) + off, v);
}

static void set32(struct fx *f, uint64_t pg, size_t off, uint32_t v)
{
	bw_put32(bw_page(&f->b, pg) + off, v);
}

static void set64(struct fx *f, uint64_t pg, size_t off, uint64_t v)
{
	bw_put64(bw_page(&f->b, pg) + off, v);
}

/* The standard file (13 pages, high-water mark 10):
 *   0, 1  metas (txid 4 and 3, root 2)
 *   2     root bucket leaf: "key" -> 3, "lease" -> 7, "meta" inline
 *   3     branch of "key": "k1" -> 4, "k3" -> 5
 *   4     leaf k1, k2
 *   5, 6  leaf with overflow 1: k3 (big value), k4
 *   7     "lease" leaf: L1 and sub-bucket "sub" -> 8
 *   8     "sub" leaf: s1
 *   9     stale leaf below the high-water mark: old1, a bad element
 *   10    stale leaf past it: old2; 11 zero; 12 garbage */
static void std_db(struct fx *f, uint32_t ps)
{
	struct bw *b = &f->b;
	size_t biglen = ps + ps / 5;
	uint8_t *big = malloc(biglen), meta[256], keyb[16], lease[16], sub[16];
	struct bw_item inl[] = {BW_KV("consistent_index", "\0\0\0\0\0\0\0\7")};
	struct bw_item root[3] = {
		{"key", 3, keyb, bw_bucket(keyb, 16, 3, NULL, 0), 1, 0},
		{"lease", 5, lease, bw_bucket(lease, 16, 7, NULL, 0), 1, 0},
		{"meta", 4, meta, bw_bucket(meta, sizeof(meta), 0, inl, 1), 1,
		 0},
	};
	struct bw_item br[] = {BW_CHILD("k1", 4), BW_CHILD("k3", 5)};
	struct bw_item l4[] = {BW_KV("k1", "v1"), BW_KV("k2", "v2")};
	struct bw_item l5[] = {{"k3", 2, big, biglen, 0, 0}, BW_KV("k4", "v4")};
	struct bw_item l7[] = {
		BW_KV("L1", "x"),
		{"sub", 3, sub, bw_bucket(sub, 16, 8, NULL, 0), 1, 0},
	};
	struct bw_item l8[] = {BW_KV("s1", "y")};
	struct bw_item l9[] = {BW_KV("old1", "ov1"), BW_KV("bad", "b")};
	struct bw_item l10[] = {BW_KV("old2", "ov2")};

	memset(big, 'A', biglen);
	memset(f, 0, sizeof(*f));
	f->fd = -1;
	bw_init(b, ps, 13);
	bw_meta(b, 0, 2, 10, 4);
	bw_meta(b, 1, 2, 10, 3);
	bw_leaf(b, 2, 0, root, 3);
	bw_branch(b, 3, br, 2);
	bw_leaf(b, 4, 0, l4, 2);
	bw_leaf(b, 5, 1, l5, 2);
	bw_leaf(b, 7, 0, l7, 2);
	bw_leaf(b, 8, 0, l8, 1);
	bw_leaf(b, 9, 0, l9, 2);
	/* The second element of page 9 points past its page. */
	set32(f, 9, 16 + 16 + 4, ps);
	bw_leaf(b, 10, 0, l10, 1);
	memset(bw_page(b, 12), 0x5a, ps);
	free(big);
}

static void check_std_items(struct fx *f)
{
	uint32_t ps = f->b.ps;

	cr_assert_eq(f->got.n, 4);
	cr_assert_str_eq(f->got.key[0], "k1");
	cr_assert_str_eq(f->got.key[1], "k2");
	cr_assert_str_eq(f->got.key[2], "k3");
	cr_assert_str_eq(f->got.key[3], "k4");
	cr_assert_eq(f->got.vlen[0], 2);
	cr_assert_eq(f->got.vfirst[0], 'v');
	cr_assert_eq(f->got.vlen[2], ps + ps / 5);
	cr_assert_eq(f->got.vfirst[2], 'A');
	cr_assert_eq(f->got.pg[0], 4);
	cr_assert_eq(f->got.pg[1], 4);
	cr_assert_eq(f->got.pg[2], 5);
	cr_assert_eq(f->got.pg[3], 5);
}

static bool reach(const struct bolt_db *db, uint64_t pg)
{
	return db->reach[pg / 8] & (1u << (pg % 8));
}

static void expect_corrupt(struct fx *f, const char *msg)
{
	int rc;

	cr_assert_eq(fx_open(f), 0, "%s", f->err);
	rc = fx_walk(f, "key");
	cr_assert_eq(rc, -EINVAL, "rc %d", rc);
	cr_assert(strstr(f->err, msg), "message \"%s\", want \"%s\"", f->err,
		  msg);
	fx_done(f);
}

Test(bbolt, fnv1a_vectors)
{
	cr_assert_eq(bolt_fnv1a("", 0), 0xcbf29ce484222325ull);
	cr_assert_eq(bolt_fnv1a("a", 1), 0xaf63dc4c8601ec8cull);
	cr_assert_eq(bolt_fnv1a("foobar", 6), 0x85944171f73967e8ull);
}

/* Meta 0 of a database written by etcd 3.4.23 (reference notes §1.3). */
Test(bbolt, real_meta_page)
{
	static const uint8_t m[80] = {
		0,    0,    0,	  0,	0,    0,    0,	  0,	4,    0, 0, 0,
		0,    0,    0,	  0,	0xed, 0xda, 0x0c, 0xed, 2,    0, 0, 0,
		0,    0x10, 0,	  0,	0,    0,    0,	  0,	0x0e, 0, 0, 0,
		0,    0,    0,	  0,	0,    0,    0,	  0,	0,    0, 0, 0,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x10, 0, 0, 0,
		0,    0,    0,	  0,	0x3a, 0,    0,	  0,	0,    0, 0, 0,
		0x17, 0xf2, 0x7d, 0xe2, 0x2d, 0x83, 0xf7, 0xa5,
	};
	struct fx f = {.fd = -1};

	cr_assert_eq(bolt_fnv1a(m + 16, 56), 0xa5f7832de27df217ull);
	bw_init(&f.b, 4096, 16);
	memcpy(f.b.img, m, sizeof(m));
	cr_assert_eq(fx_open(&f), 0, "%s", f.err);
	cr_assert_eq(f.db.page_size, 4096);
	cr_assert_eq(f.db.chosen, 0);
	cr_assert(f.db.meta[0].valid);
	cr_assert_not(f.db.meta[1].valid);
	cr_assert_eq(f.db.meta[0].root, 14);
	cr_assert_eq(f.db.meta[0].pgid, 16);
	cr_assert_eq(f.db.meta[0].txid, 58);
	cr_assert_eq(f.db.meta[0].freelist, UINT64_MAX);
	fx_done(&f);
}

Test(bbolt, open_4096)
{
	struct fx f;

	std_db(&f, 4096);
	cr_assert_eq(fx_open(&f), 0, "%s", f.err);
	cr_assert_eq(f.db.page_size, 4096);
	cr_assert_eq(f.db.size, 13 * 4096);
	cr_assert_eq(f.db.npages, 13);
	cr_assert_eq(f.db.chosen, 0);
	cr_assert(f.db.meta[0].valid && f.db.meta[1].valid);
	cr_assert_eq(f.db.meta[0].version, 2);
	cr_assert_eq(f.db.meta[0].pgid, 10);
	fx_done(&f);
}

static void page_size_case(uint32_t ps, bool zero_meta0)
{
	struct fx f;

	std_db(&f, ps);
	if (zero_meta0)
		memset(f.b.img, 0, 80);
	cr_assert_eq(fx_open(&f), 0, "ps %u: %s", ps, f.err);
	cr_assert_eq(f.db.page_size, ps);
	cr_assert_eq(f.db.chosen, zero_meta0 ? 1 : 0);
	cr_assert_eq(fx_walk(&f, "key"), 0, "ps %u: %s", ps, f.err);
	check_std_items(&f);
	fx_done(&f);
}

Test(bbolt, page_sizes_from_meta0)
{
	page_size_case(512, false);
	page_size_case(1024, false);
	page_size_case(16384, false);
	page_size_case(65536, false);
}

Test(bbolt, page_size_from_meta1_probe)
{
	page_size_case(1024, true);
	page_size_case(4096, true);
	page_size_case(16384, true);
	page_size_case(65536, true);
}

Test(bbolt, newest_meta_chosen)
{
	struct fx f;
	struct bw_item l[] = {BW_KV("n1", "new")};
	uint8_t keyb[16];
	struct bw_item root[] = {
		{"key", 3, keyb, bw_bucket(keyb, 16, 10, NULL, 0), 1, 0}};

	std_db(&f, 4096);
	/* Meta 1 (txid 5) has a new tree: root 11 -> key bucket 10. */
	bw_leaf(&f.b, 10, 0, l, 1);
	bw_leaf(&f.b, 11, 0, root, 1);
	bw_meta(&f.b, 1, 11, 12, 5);
	cr_assert_eq(fx_open(&f), 0, "%s", f.err);
	cr_assert_eq(f.db.chosen, 1);
	cr_assert_eq(fx_walk(&f, "key"), 0, "%s", f.err);
	cr_assert_eq(f.got.n, 1);
	cr_assert_str_eq(f.got.key[0], "n1");
	cr_assert_eq(fx_walk(&f, "lease"), -ENOENT);
	fx_done(&f);
}

Test(bbolt, bad_checksum_falls_back)
{
	struct fx f;

	std_db(&f, 4096);
	bw_meta(&f.b, 1, 11, 12, 5);
	f.b.img[4096 + 72] ^= 1; /* newest meta's checksum */
	cr_assert_eq(fx_open(&f), 0, "%s", f.err);
	cr_assert_eq(f.db.chosen, 0);
	cr_assert_not(f.db.meta[1].valid);
	cr_assert_eq(fx_walk(&f, "key"), 0, "%s", f.err);
	check_std_items(&f);
	fx_done(&f);
}

Test(bbolt, checksum_zero_accepted)
{
	struct fx f;

	std_db(&f, 4096);
	set64(&f, 0, 72, 0);
	cr_assert_eq(fx_open(&f), 0, "%s", f.err);
	cr_assert(f.db.meta[0].valid);
	cr_assert_eq(f.db.chosen, 0);
	fx_done(&f);
	/* ... but only when the rest is valid. */
	std_db(&f, 4096);
	set64(&f, 0, 72, 0);
	set32(&f, 0, 20, 3);
	cr_assert_eq(fx_open(&f), 0, "%s", f.err);
	cr_assert_not(f.db.meta[0].valid);
	cr_assert_eq(f.db.chosen, 1);
	fx_done(&f);
}

Test(bbolt, both_metas_bad)
{
	struct fx f;

	std_db(&f, 4096);
	f.b.img[72] ^= 1;
	f.b.img[4096 + 20] = 9;
	cr_assert_eq(fx_open(&f), -EINVAL);
	cr_assert(strstr(f.err, "no valid meta page"), "%s", f.err);
	cr_assert(strstr(f.err, "meta 0: checksum mismatch"), "%s", f.err);
	cr_assert(strstr(f.err, "meta 1: version 9"), "%s", f.err);
	fx_done(&f);
}

Test(bbolt, zeroed_metas)
{
	struct fx f;

	std_db(&f, 4096);
	memset(f.b.img, 0, 2 * 4096);
	/* Page 2 is still a tree page: a damaged database, not another
	 * kind of file. */
	cr_assert_eq(fx_open(&f), -EINVAL);
	cr_assert(strstr(f.err, "meta 0: bad magic 0x00000000"), "%s", f.err);
	fx_done(&f);
}

/* Files that are not bbolt at all: -EMEDIUMTYPE, so that procsift says
 * "not an etcd database" rather than "corrupt". */
Test(bbolt, not_bbolt)
{
	struct fx f;
	int fd;

	std_db(&f, 4096);
	for (size_t i = 0; i < f.b.size; i++)
		f.b.img[i] = (uint8_t)(i * 2654435761u >> 13);
	cr_assert_eq(fx_open(&f), -EMEDIUMTYPE);
	cr_assert(strstr(f.err, "no bbolt magic (0xed0cdaed) at either meta "
				"page (offsets 0 and 4096)"),
		  "%s", f.err);
	fx_done(&f);
	std_db(&f, 4096);
	memset(f.b.img, 'x', 100);
	fd = bw_file_n(&f.b, 100);
	cr_assert_eq(bolt_open(&f.db, fd, f.err, sizeof(f.err)), -EMEDIUMTYPE);
	cr_assert_str_eq(f.err, "100 bytes, without bbolt's magic at the "
				"start");
	bolt_release(&f.db);
	close(fd);
	bw_release(&f.b);
}

Test(bbolt, truncated_files)
{
	struct fx f;
	int fd;

	std_db(&f, 4096);
	fd = bw_file_n(&f.b, 100);
	cr_assert_eq(bolt_open(&f.db, fd, f.err, sizeof(f.err)), -EINVAL);
	cr_assert_str_eq(f.err,
			 "file is 100 bytes, shorter than two meta pages");
	bolt_release(&f.db);
	close(fd);
	fd = bw_file_n(&f.b, 0);
	cr_assert_eq(bolt_open(&f.db, fd, f.err, sizeof(f.err)), -EMEDIUMTYPE);
	cr_assert_str_eq(f.err, "empty file");
	bolt_release(&f.db);
	close(fd);
	/* Both metas, but the root page is cut off. */
	fd = bw_file_n(&f.b, 2 * 4096 + 100);
	cr_assert_eq(bolt_open(&f.db, fd, f.err, sizeof(f.err)), -EINVAL);
	cr_assert(strstr(f.err, "root page 2 outside"), "%s", f.err);
	bolt_release(&f.db);
	close(fd);
	bw_release(&f.b);
}

Test(bbolt, items_in_key_order_with_overflow)
{
	struct fx f;

	std_db(&f, 4096);
	cr_assert_eq(fx_open(&f), 0, "%s", f.err);
	cr_assert_eq(fx_walk(&f, "key"), 0, "%s", f.err);
	check_std_items(&f);
	cr_assert_eq(f.db.pages_read, 7); /* pages 2..8, page 6 included */
	fx_done(&f);
}

Test(bbolt, inline_bucket_items)
{
	struct fx f;

	std_db(&f, 4096);
	cr_assert_eq(fx_open(&f), 0, "%s", f.err);
	cr_assert_eq(fx_walk(&f, "meta"), 0, "%s", f.err);
	cr_assert_eq(f.got.n, 1);
	cr_assert_str_eq(f.got.key[0], "consistent_index");
	cr_assert_eq(f.got.vlen[0], 8);
	cr_assert_eq(f.got.pg[0], 2);
	fx_done(&f);
}

Test(bbolt, sub_buckets_walked_not_reported)
{
	struct fx f;

	std_db(&f, 4096);
	cr_assert_eq(fx_open(&f), 0, "%s", f.err);
	cr_assert_eq(fx_walk(&f, "lease"), 0, "%s", f.err);
	cr_assert_eq(f.got.n, 1);
	cr_assert_str_eq(f.got.key[0], "L1");
	cr_assert(reach(&f.db, 8));
	fx_done(&f);
}

Test(bbolt, missing_bucket)
{
	struct fx f;

	std_db(&f, 4096);
	cr_assert_eq(fx_open(&f), 0, "%s", f.err);
	cr_assert_eq(fx_walk(&f, "nope"), -ENOENT);
	cr_assert_eq(f.got.n, 0);
	cr_assert(strstr(f.err, "nope"), "%s", f.err);
	/* A nested bucket's name is not a top-level bucket. */
	cr_assert_eq(fx_walk(&f, "sub"), -ENOENT);
	/* The walk still marked every page. */
	cr_assert(reach(&f.db, 6) && reach(&f.db, 8));
	fx_done(&f);
}

Test(bbolt, reach_bitmap_and_stats)
{
	struct fx f;
	struct bolt_stats st;
	uint64_t pg;

	std_db(&f, 4096);
	cr_assert_eq(fx_open(&f), 0, "%s", f.err);
	cr_assert_eq(fx_walk(&f, "key"), 0, "%s", f.err);
	for (pg = 0; pg < 13; pg++)
		cr_assert_eq(reach(&f.db, pg), pg <= 8, "page %lu",
			     (unsigned long)pg);
	bolt_get_stats(&f.db, &st);
	cr_assert_eq(st.reachable, 9);
	cr_assert_eq(st.free, 1);
	cr_assert_eq(st.past_hwm, 3);
	cr_assert_eq(st.stale_leaves, 0);
	fx_done(&f);
}

Test(bbolt, carve_stale_leaves)
{
	struct fx f;
	struct bolt_stats st;

	std_db(&f, 4096);
	cr_assert_eq(fx_open(&f), 0, "%s", f.err);
	cr_assert_eq(fx_walk(&f, "key"), 0, "%s", f.err);
	f.got.n = 0;
	cr_assert_eq(bolt_carve(&f.db, collect, &f.got), 0);
	cr_assert_eq(f.got.n, 2);
	cr_assert_str_eq(f.got.key[0], "old1");
	cr_assert_eq(f.got.pg[0], 9);
	cr_assert_str_eq(f.got.key[1], "old2");
	cr_assert_eq(f.got.pg[1], 10);
	bolt_get_stats(&f.db, &st);
	cr_assert_eq(st.stale_leaves, 2);
	fx_done(&f);
}

/* A database grown to a gigabyte of hole: the carver finds the same
 * stale leaves and reads the data only, not the zeros. */
Test(bbolt, carve_skips_holes)
{
	struct fx f;
	uint64_t before;

	std_db(&f, 4096);
	f.fd = bw_file(&f.b);
	cr_assert_geq(f.fd, 0);
	cr_assert_eq(ftruncate(f.fd, 1LL << 30), 0);
	cr_assert_eq(bolt_open(&f.db, f.fd, f.err, sizeof(f.err)), 0, "%s",
		     f.err);
	cr_assert_eq(fx_walk(&f, "key"), 0, "%s", f.err);
	f.got.n = 0;
	before = f.db.pages_read;
	cr_assert_eq(bolt_carve(&f.db, collect, &f.got), 0);
	cr_assert_eq(f.got.n, 2);
	cr_assert_str_eq(f.got.key[0], "old1");
	cr_assert_str_eq(f.got.key[1], "old2");
	/* One read window (1 MiB) past the data, not 262,144 pages. */
	cr_assert_leq(f.db.pages_read - before, 256, "read %lu pages",
		      (unsigned long)(f.db.pages_read - before));
	fx_done(&f);
}

Test(bbolt, carve_without_walk_sees_everything)
{
	struct fx f;

	std_db(&f, 4096);
	cr_assert_eq(fx_open(&f), 0, "%s", f.err);
	cr_assert_eq(bolt_carve(&f.db, collect, &f.got), 0);
	/* Leaves 4, 5, 7, 8 (bucket items skipped), then 9 and 10. */
	cr_assert_eq(f.got.n, 8);
	cr_assert_str_eq(f.got.key[0], "k1");
	cr_assert_str_eq(f.got.key[3], "k4");
	cr_assert_str_eq(f.got.key[4], "L1");
	cr_assert_str_eq(f.got.key[5], "s1");
	cr_assert_str_eq(f.got.key[6], "old1");
	fx_done(&f);
}

/* A stale leaf with overflow across the carver's 1 MiB read (its first
 * read covers pages 9..264), and one whose overflow runs into a reachable
 * page (that part is not read as stale). */
Test(bbolt, carve_overflow_spans)
{
	struct fx f;
	uint8_t big[6000];
	struct bw_item a[] = {BW_KV("a0", "x"), {"a1", 2, big, 6000, 0, 0}};
	struct bw_item c[] = {BW_KV("c0", "y"), {"c1", 2, big, 6000, 0, 0}};

	memset(big, 'B', sizeof(big));
	std_db(&f, 4096);
	bw_leaf(&f.b, 264, 1, a, 2); /* pages 264, 265 */
	bw_leaf(&f.b, 298, 1, c, 2); /* 299 is made reachable below */
	bw_page(&f.b, 300);
	bw_branch(&f.b, 3,
		  (struct bw_item[]){BW_CHILD("k1", 4), BW_CHILD("k3", 5),
				     BW_CHILD("k5", 299)},
		  3);
	bw_leaf(&f.b, 299, 0, (struct bw_item[]){BW_KV("k5", "v5")}, 1);
	cr_assert_eq(fx_open(&f), 0, "%s", f.err);
	cr_assert_eq(fx_walk(&f, "key"), 0, "%s", f.err);
	cr_assert_eq(f.got.n, 5);
	f.got.n = 0;
	cr_assert_eq(bolt_carve(&f.db, collect, &f.got), 0);
	cr_assert_eq(f.got.n, 5);
	cr_assert_str_eq(f.got.key[2], "a0");
	cr_assert_str_eq(f.got.key[3], "a1");
	cr_assert_eq(f.got.vlen[3], 6000);
	cr_assert_eq(f.got.pg[3], 264);
	cr_assert_str_eq(f.got.key[4], "c0");
	cr_assert_eq(f.got.pg[4], 298);
	fx_done(&f);
}

struct order {
	char prev[8];
	size_t n;
};

/* Items must come in strictly increasing key order. */
static int ordered(const uint8_t *k, size_t kl, const uint8_t *v, size_t vl,
		   uint64_t pg, void *arg)
{
	struct order *o = arg;

	(void)v;
	(void)pg;
	cr_assert_eq(kl, 5);
	cr_assert(vl == 1 || vl == 600);
	cr_assert_gt(memcmp(k, o->prev, 5), 0, "%.5s after %s", (char *)k,
		     o->prev);
	memcpy(o->prev, k, 5);
	o->n++;
	return 0;
}

/* 300 leaves under two branch levels, every 7th with overflow and a stale
 * leaf after every 4 pages, placed in key order or in a permuted order:
 * the walk's read-ahead window and the carver's reads through reachable
 * pages must give every live item once, in key order, and exactly the
 * stale ones. */
static void many_leaves(uint64_t stride)
{
	enum { NL = 300, FAN = 20 };
	static uint8_t big[600];
	uint64_t leaf[NL], mid[NL / FAN], pg = 3, i, j, nstale = 0;
	uint8_t keyb[16];
	struct bw_item root[] = {{"key", 3, keyb, 16, 1, 0}};
	struct order o = {"", 0};
	struct fx f;

	memset(&f, 0, sizeof(f));
	bw_init(&f.b, 512, 3);
	for (i = 0; i < NL; i++) {
		uint64_t li = (i * stride) % NL; /* a bijection: gcd 1 */
		char key[2][8];
		struct bw_item it[2];

		if (pg % 5 == 0) {
			bw_leaf(&f.b, pg, 0,
				(struct bw_item[]){BW_KV("stale", "s")}, 1);
			pg++, nstale++;
		}
		for (j = 0; j < 2; j++) {
			snprintf(key[j], 8, "%05u", (unsigned)(li * 2 + j));
			it[j] = (struct bw_item){key[j], 5, "v", 1, 0, 0};
		}
		if (li % 7 == 3) {
			it[1].val = big;
			it[1].vlen = sizeof(big);
		}
		leaf[li] = pg;
		bw_leaf(&f.b, pg, li % 7 == 3, it, 2);
		pg += 1 + (li % 7 == 3);
	}
	/* Branch keys are not read, only the children. */
	for (i = 0; i < NL / FAN; i++) {
		struct bw_item it[FAN];

		for (j = 0; j < FAN; j++)
			it[j] = (struct bw_item){"k", 1, NULL,
						 0,   0, leaf[i * FAN + j]};
		mid[i] = pg;
		bw_branch(&f.b, pg++, it, FAN);
	}
	{
		struct bw_item it[NL / FAN];

		for (i = 0; i < NL / FAN; i++)
			it[i] = (struct bw_item){"k", 1, NULL, 0, 0, mid[i]};
		bw_branch(&f.b, pg, it, NL / FAN);
	}
	bw_bucket(keyb, 16, pg, NULL, 0);
	bw_leaf(&f.b, 2, 0, root, 1);
	bw_meta(&f.b, 0, 2, pg + 1, 2);
	bw_meta(&f.b, 1, 2, pg + 1, 1);
	cr_assert_eq(fx_open(&f), 0, "%s", f.err);
	cr_assert_eq(bolt_walk_bucket(&f.db, "key", ordered, &o, f.err,
				      sizeof(f.err)),
		     0, "%s", f.err);
	cr_assert_eq(o.n, 2 * NL);
	cr_assert_eq(bolt_carve(&f.db, collect, &f.got), 0);
	cr_assert_eq(f.got.n, nstale);
	for (i = 0; i < f.got.n; i++)
		cr_assert_str_eq(f.got.key[i], "stale");
	fx_done(&f);
}

Test(bbolt, many_leaves_in_file_order)
{
	many_leaves(1);
}

Test(bbolt, many_leaves_permuted)
{
	many_leaves(7);
	many_leaves(299);
}

Test(bbolt, callback_stops_walk_and_carve)
{
	struct fx f;

	std_db(&f, 4096);
	f.got.stop_at = 2;
	cr_assert_eq(fx_open(&f), 0, "%s", f.err);
	cr_assert_eq(fx_walk(&f, "key"), 7);
	cr_assert_eq(f.got.n, 2);
	f.got.n = 0;
	f.got.stop_at = 1;
	cr_assert_eq(bolt_carve(&f.db, collect, &f.got), 7);
	cr_assert_eq(f.got.n, 1);
	fx_done(&f);
}

Test(bbolt, recheck)
{
	struct fx f;
	bool moved = true;

	std_db(&f, 4096);
	cr_assert_eq(fx_open(&f), 0, "%s", f.err);
	cr_assert_eq(fx_walk(&f, "key"), 0, "%s", f.err);
	cr_assert_eq(bolt_recheck(&f.db, &moved, f.err, sizeof(f.err)), 0);
	cr_assert_not(moved);
	cr_assert_not(reach(&f.db, 4));
	/* A writer commits txid 5 to meta 1. */
	bw_meta(&f.b, 1, 2, 10, 5);
	cr_assert_eq(pwrite(f.fd, f.b.img + 4096, 4096, 4096), 4096);
	cr_assert_eq(bolt_recheck(&f.db, &moved, f.err, sizeof(f.err)), 0);
	cr_assert(moved);
	cr_assert_eq(f.db.chosen, 1);
	cr_assert_eq(f.db.meta[1].txid, 5);
	/* Both metas now broken. */
	cr_assert_eq(pwrite(f.fd, "\0\0\0\0", 4, 16), 4);
	cr_assert_eq(pwrite(f.fd, "\0\0\0\0", 4, 4096 + 16), 4);
	cr_assert_eq(bolt_recheck(&f.db, &moved, f.err, sizeof(f.err)),
		     -EINVAL);
	cr_assert(strstr(f.err, "no valid meta page"), "%s", f.err);
	fx_done(&f);
}

Test(bbolt, hostile_branch_to_itself)
{
	struct fx f;

	std_db(&f, 4096);
	set64(&f, 3, 16 + 16 + 8, 3);
	expect_corrupt(&f, "page 3: reached twice (cycle)");
}

Test(bbolt, hostile_branch_cycle_of_two)
{
	struct fx f;

	std_db(&f, 4096);
	bw_branch(&f.b, 4, (struct bw_item[]){BW_CHILD("k1", 3)}, 1);
	expect_corrupt(&f, "page 3: reached twice (cycle)");
}

Test(bbolt, hostile_shared_page)
{
	struct fx f;

	std_db(&f, 4096);
	set64(&f, 3, 16 + 16 + 8, 4); /* both children are page 4 */
	expect_corrupt(&f, "page 4: reached twice");
}

Test(bbolt, hostile_count_past_page_end)
{
	struct fx f;

	std_db(&f, 4096);
	set16(&f, 4, 10, 300);
	expect_corrupt(&f, "page 4: 300 elements past the page end");
	std_db(&f, 4096);
	set16(&f, 3, 10, 256);
	expect_corrupt(&f, "page 3: 256 elements past the page end");
}

Test(bbolt, hostile_element_past_span)
{
	struct fx f;

	std_db(&f, 4096); /* pos */
	set32(&f, 4, 16 + 4, 0xfffffff0u);
	expect_corrupt(&f, "page 4: element 0 past the page end");
	std_db(&f, 4096); /* ksize */
	set32(&f, 4, 16 + 16 + 8, 4096);
	expect_corrupt(&f, "page 4: element 1 past the page end");
	std_db(&f, 4096); /* vsize, just one byte too many, in overflow */
	set32(&f, 5, 16 + 12, 8192 - 16 - 32 - 2 + 1);
	expect_corrupt(&f, "page 5: element 0 past the page end");
	std_db(&f, 4096); /* a branch key */
	set32(&f, 3, 16 + 4, 5000);
	expect_corrupt(&f, "page 3: element 0 past the page end");
}

Test(bbolt, hostile_overflow_past_file_end)
{
	struct fx f;

	std_db(&f, 4096);
	set32(&f, 5, 12, 5000);
	expect_corrupt(&f, "page 5: overflow 5000 past the end of the file");
	std_db(&f, 4096);
	set32(&f, 5, 12, 8); /* pages 5..13: the file has 13 */
	expect_corrupt(&f, "page 5: overflow 8 past the end of the file");
	std_db(&f, 4096);
	set32(&f, 4, 12, 1); /* overflow onto page 5, queued already */
	expect_corrupt(&f, "page 4: overflow overlaps page 5");
}

Test(bbolt, hostile_ids_and_flags)
{
	struct fx f;

	std_db(&f, 4096);
	set64(&f, 4, 0, 0);
	expect_corrupt(&f, "page 4: id 0 (expected 4)");
	std_db(&f, 4096);
	set16(&f, 4, 8, BOLT_LEAF | BOLT_BRANCH);
	expect_corrupt(&f, "page 4: flags 0x0003, not a branch or leaf");
	std_db(&f, 4096);
	set64(&f, 3, 16 + 8, 1); /* a child that is a meta page */
	expect_corrupt(&f, "page 3: child 1 outside [2, 13)");
	std_db(&f, 4096);
	set64(&f, 3, 16 + 8, 1u << 30);
	expect_corrupt(&f, "page 3: child 1073741824 outside [2, 13)");
}

Test(bbolt, hostile_root_out_of_range)
{
	struct fx f;

	std_db(&f, 4096);
	bw_meta(&f.b, 0, 13, 10, 4);
	cr_assert_eq(fx_open(&f), -EINVAL);
	cr_assert(strstr(f.err, "meta 0: root page 13 outside [2, 13)"), "%s",
		  f.err);
	fx_done(&f);
	std_db(&f, 4096);
	bw_meta(&f.b, 0, 1, 10, 4);
	cr_assert_eq(fx_open(&f), -EINVAL);
	fx_done(&f);
}

Test(bbolt, hostile_depth_over_64)
{
	struct fx f;
	uint8_t keyb[16];
	struct bw_item root[] = {
		{"key", 3, keyb, bw_bucket(keyb, 16, 3, NULL, 0), 1, 0}};
	uint64_t pg;

	memset(&f, 0, sizeof(f));
	bw_init(&f.b, 512, 80);
	bw_meta(&f.b, 0, 2, 80, 2);
	bw_meta(&f.b, 1, 2, 80, 1);
	bw_leaf(&f.b, 2, 0, root, 1);
	/* Page 2 is depth 0, page 3 depth 1, ... page 66 depth 64. */
	for (pg = 3; pg < 79; pg++)
		bw_branch(&f.b, pg,
			  (struct bw_item[]){{"a", 1, NULL, 0, 0, pg + 1}}, 1);
	bw_leaf(&f.b, 79, 0, (struct bw_item[]){BW_KV("a", "b")}, 1);
	expect_corrupt(&f, "page 66: depth over 64");
}

Test(bbolt, hostile_inline_buckets)
{
	struct fx f;
	uint8_t v[64];
	struct bw_item root[] = {{"key", 3, v, 8, 1, 0}};

	std_db(&f, 4096);
	memset(v, 0, sizeof(v));
	bw_leaf(&f.b, 2, 0, root, 1);
	expect_corrupt(&f, "page 2: bucket value of 8 bytes");
	std_db(&f, 4096);
	root[0].vlen = 16 + 16; /* an inline "branch" */
	v[16 + 8] = BOLT_BRANCH;
	bw_leaf(&f.b, 2, 0, root, 1);
	expect_corrupt(&f, "page 2: inline bucket is not a leaf");
	std_db(&f, 4096);
	v[16 + 8] = BOLT_LEAF;
	v[16 + 10] = 1; /* one element, but no room for it */
	bw_leaf(&f.b, 2, 0, root, 1);
	expect_corrupt(&f, "page 2: 1 elements past the page end");
}

Test(bbolt, err_may_be_null)
{
	struct fx f;

	std_db(&f, 4096);
	set16(&f, 4, 10, 300);
	f.fd = bw_file(&f.b);
	cr_assert_eq(bolt_open(&f.db, f.fd, NULL, 0), 0);
	cr_assert_eq(bolt_walk_bucket(&f.db, "key", collect, &f.got, NULL, 0),
		     -EINVAL);
	fx_done(&f);
}

/* The split walk: leaves with overflow are handed over unread past their
 * first page, and bolt_read_leaf gives the same items as the plain walk. */
struct split {
	struct fx *f;
	uint8_t *buf;
	size_t alloc;
	size_t leaves;
	int rc; /* bolt_read_leaf's result for the last leaf */
};

/* Items of the small leaves, with the same argument as split_leaf. */
static int split_item(const uint8_t *k, size_t kl, const uint8_t *v, size_t vl,
		      uint64_t pg, void *arg)
{
	struct split *s = arg;
	return collect(k, kl, v, vl, pg, &s->f->got);
}

static int split_leaf(uint64_t pgid, const uint8_t *page, uint32_t overflow,
		      void *arg)
{
	struct split *s = arg;
	s->leaves++;
	cr_assert_gt(overflow, 0);
	s->rc = bolt_read_leaf(s->f->fd, s->f->db.page_size, pgid, page,
			       overflow, &s->buf, &s->alloc, collect,
			       &s->f->got, s->f->err, sizeof(s->f->err));
	return s->rc;
}

Test(bbolt, split_walk_hands_over_big_leaves)
{
	struct fx f;
	struct split s = {&f, NULL, 0, 0, 0};

	std_db(&f, 4096);
	cr_assert_eq(fx_open(&f), 0, "%s", f.err);
	cr_assert_eq(bolt_walk_bucket_split(&f.db, "key", split_item,
					    split_leaf, &s, f.err,
					    sizeof(f.err)),
		     0, "%s", f.err);
	/* Page 5 (k3, k4) has an overflow page: read by split_leaf. */
	cr_assert_eq(s.leaves, 1);
	check_std_items(&f);
	/* Its overflow page is reachable all the same. */
	cr_assert(reach(&f.db, 6));
	free(s.buf);
	fx_done(&f);
}

Test(bbolt, split_walk_checks_big_leaves)
{
	struct fx f;
	struct split s = {&f, NULL, 0, 0, 0};

	/* vsize one byte too many, in the overflow page that only
	 * bolt_read_leaf reads. */
	std_db(&f, 4096);
	set32(&f, 5, 16 + 12, 8192 - 16 - 32 - 2 + 1);
	cr_assert_eq(fx_open(&f), 0, "%s", f.err);
	cr_assert_eq(bolt_walk_bucket_split(&f.db, "key", split_item,
					    split_leaf, &s, f.err,
					    sizeof(f.err)),
		     -EINVAL);
	cr_assert_str_eq(f.err, "page 5: element 0 past the page end");
	free(s.buf);
	fx_done(&f);
	/* A file cut inside the overflow page (and the pages after it): a
	 * short read, whichever page is read first. */
	std_db(&f, 4096);
	s = (struct split){&f, NULL, 0, 0, 0};
	cr_assert_eq(fx_open(&f), 0, "%s", f.err);
	cr_assert_eq(ftruncate(f.fd, 6 * 4096 + 100), 0);
	cr_assert_eq(bolt_walk_bucket_split(&f.db, "key", split_item,
					    split_leaf, &s, f.err,
					    sizeof(f.err)),
		     -EINVAL);
	cr_assert(strstr(f.err, ": short read"), "%s", f.err);
	free(s.buf);
	fx_done(&f);
}

/* Nodes are bounded: a live one over 256 MiB is corrupt, a stale one is
 * carved up to its first 16 MiB. Sparse files: nothing is written. */
Test(bbolt, hostile_node_sizes)
{
	struct fx f;
	int rc;

	std_db(&f, 4096);
	set32(&f, 5, 12, 70000); /* 70001 pages: 273 MiB */
	f.fd = bw_file(&f.b);
	cr_assert_geq(f.fd, 0);
	cr_assert_eq(ftruncate(f.fd, 300 << 20), 0);
	cr_assert_eq(bolt_open(&f.db, f.fd, f.err, sizeof(f.err)), 0, "%s",
		     f.err);
	rc = fx_walk(&f, "key");
	cr_assert_eq(rc, -EINVAL);
	cr_assert(strstr(f.err, "page 5: overflow 70000 makes a node over 256"),
		  "%s", f.err);
	fx_done(&f);

	std_db(&f, 4096);
	set32(&f, 10, 12, 0xffffffffu); /* the stale leaf past the HWM */
	f.fd = bw_file(&f.b);
	cr_assert_geq(f.fd, 0);
	cr_assert_eq(ftruncate(f.fd, 1 << 30), 0);
	cr_assert_eq(bolt_open(&f.db, f.fd, f.err, sizeof(f.err)), 0, "%s",
		     f.err);
	cr_assert_eq(fx_walk(&f, "key"), 0, "%s", f.err);
	cr_assert_eq(bolt_carve(&f.db, collect, &f.got), 0);
	cr_assert_leq(f.db.buf_alloc, 32u << 20, "carving took %zu bytes",
		      f.db.buf_alloc);
	fx_done(&f);
}
