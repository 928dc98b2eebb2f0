/* The bbolt walk: every bucket's B+tree from the chosen meta, each page
 * checked and marked reachable, the named bucket's items handed on; and
 * the reading of big leaves handed over by the split walk. */
#include "etcd/bbolt.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "etcd/bbolt_impl.h"
#include "util/xalloc.h"

enum role {
	ROLE_ROOT,   /* the root bucket: its items name the buckets */
	ROLE_TARGET, /* the named bucket: its items go to fn */
	ROLE_OTHER,  /* walked only to mark pages reachable */
};

struct todo {
	uint64_t pgid;
	uint32_t depth; /* branch levels and bucket nesting from the meta */
	enum role role;
};

/* A depth-first walk with an explicit stack of pages still to read: the
 * page buffer is reused, and nothing needs a page once it is done. */
struct walker {
	struct bolt_db *db;
	const char *name;
	size_t nlen;
	bolt_item_fn fn;
	bolt_leaf_fn leaf_fn; /* NULL: read every leaf here */
	void *arg;
	char *err;
	size_t errlen;
	struct todo *stack;
	size_t n, alloc;
	bool found;
	uint64_t win_first, win_n; /* pages now in db->buf */
	uint64_t ra;		   /* pages to read on the next miss */
};

/* Queue page pg, referred to from page from. Pages are marked when first
 * referred to, so a second reference (a cycle or a shared page) fails. */
static int push(struct walker *w, uint64_t pg, uint32_t depth, enum role role,
		uint64_t from)
{
	struct bolt_db *db = w->db;

	if (depth > MAX_DEPTH)
		return bolt_page_err(w->err, w->errlen, from, "depth over %d",
				     MAX_DEPTH);
	if (pg < 2 || pg >= db->npages)
		return bolt_page_err(w->err, w->errlen, from,
				     "child %" PRIu64 " outside [2, %" PRIu64
				     ")",
				     pg, db->npages);
	if (reached(db, pg))
		return bolt_page_err(w->err, w->errlen, pg,
				     "reached twice (cycle)");
	mark(db, pg);
	w->stack = xgrow(w->stack, &w->alloc, w->n + 1, sizeof(*w->stack));
	w->stack[w->n++] = (struct todo){pg, depth, role};
	return 0;
}

static int walk_leaf(struct walker *w, const uint8_t *p, size_t len,
		     uint64_t pgid, uint32_t depth, enum role role);

/* A bucket item on page pgid: queue its tree, or walk its inline page. */
static int walk_bucket_item(struct walker *w, const uint8_t *key, size_t klen,
			    const uint8_t *val, size_t vlen, uint64_t pgid,
			    uint32_t depth, enum role role)
{
	enum role sub = ROLE_OTHER;
	uint64_t root;

	if (vlen < BUCKET_HDR)
		return bolt_page_err(w->err, w->errlen, pgid,
				     "bucket value of %zu bytes", vlen);
	if (role == ROLE_ROOT && klen == w->nlen &&
	    memcmp(key, w->name, klen) == 0) {
		sub = ROLE_TARGET;
		w->found = true;
	}
	root = get64(val);
	if (root)
		return push(w, root, depth + 1, sub, pgid);
	/* Inline: a leaf page image follows, with id 0 (not checked). */
	if (depth + 1 > MAX_DEPTH)
		return bolt_page_err(w->err, w->errlen, pgid, "depth over %d",
				     MAX_DEPTH);
	if (vlen - BUCKET_HDR < PAGE_HDR ||
	    get16(val + BUCKET_HDR + 8) != BOLT_LEAF)
		return bolt_page_err(w->err, w->errlen, pgid,
				     "inline bucket is not a leaf");
	return walk_leaf(w, val + BUCKET_HDR, vlen - BUCKET_HDR, pgid,
			 depth + 1, sub);
}

/* The items of a leaf image of len >= PAGE_HDR bytes: a page span, or an
 * inline bucket inside page pgid. Recursion only into inline buckets, each
 * strictly inside its parent and bounded by depth. */
static int walk_leaf(struct walker *w, const uint8_t *p, size_t len,
		     uint64_t pgid, uint32_t depth, enum role role)
{
	unsigned count = get16(p + 10);
	size_t i;
	int rc = 0;

	if (count > (len - PAGE_HDR) / ELEM_SIZE)
		return bolt_page_err(w->err, w->errlen, pgid,
				     "%u elements past the page end", count);
	for (i = 0; i < count && !rc; i++) {
		struct bolt_elem el;

		if (!bolt_leaf_elem(p, len, i, &el))
			return bolt_page_err(w->err, w->errlen, pgid,
					     "element %zu past the page end",
					     i);
		if (el.flags & LEAF_IS_BUCKET)
			rc = walk_bucket_item(w, el.key, el.ks, el.val, el.vs,
					      pgid, depth, role);
		else if (role == ROLE_TARGET)
			rc = w->fn(el.key, el.ks, el.val, el.vs, pgid, w->arg);
	}
	return rc;
}

/* Queue a branch's children, last first, so they are read in key order. */
static int walk_branch(struct walker *w, const uint8_t *p, size_t len,
		       const struct todo *t)
{
	unsigned count = get16(p + 10);
	size_t i;
	int rc;

	if (count > (len - PAGE_HDR) / ELEM_SIZE)
		return bolt_page_err(w->err, w->errlen, t->pgid,
				     "%u elements past the page end", count);
	for (i = count; i-- > 0;) {
		size_t e = PAGE_HDR + i * ELEM_SIZE;
		uint32_t pos = get32(p + e), ks = get32(p + e + 4);

		if (pos > len - e || ks > len - e - pos)
			return bolt_page_err(w->err, w->errlen, t->pgid,
					     "element %zu past the page end",
					     i);
		rc = push(w, get64(p + e + 8), t->depth + 1, t->role, t->pgid);
		if (rc)
			return rc;
	}
	return 0;
}

/* Read n pages from pg into db->buf as the walk's window. */
static int fill_window(struct walker *w, uint64_t pg, uint64_t n)
{
	struct bolt_db *db = w->db;
	size_t ps = db->page_size;
	ssize_t got;

	bolt_grow_buf(db, n * ps);
	got = bolt_pread_full(db->fd, db->buf, n * ps, pg * ps);
	if (got < 0)
		return (int)got;
	w->win_first = pg;
	w->win_n = (uint64_t)got / ps; /* fewer if the file shrank */
	return 0;
}

/* Find page pgid and its overflow in the window, reading as needed; check
 * id, flags and overflow; mark the overflow pages. One pread per page (two
 * when its overflow runs past the window), and one per many while pages
 * come in file order (as after a defrag): a miss just past the window
 * doubles the read-ahead, any other miss halves it. */
static int read_tree_page(struct walker *w, uint64_t pgid, enum role role,
			  const uint8_t **page, size_t *span)
{
	struct bolt_db *db = w->db;
	uint64_t ps = db->page_size, end = w->win_first + w->win_n, id, i;
	uint64_t max = READ_AHEAD / ps ? READ_AHEAD / ps : 1;
	const uint8_t *p;
	unsigned flags;
	uint32_t ov;
	int rc;

	if (pgid < w->win_first || pgid >= end) {
		if (w->win_n && pgid >= end && pgid - end < w->win_n)
			w->ra = w->ra * 2 < max ? w->ra * 2 : max;
		else
			w->ra = w->ra > 1 ? w->ra / 2 : 1;
		rc = fill_window(w, pgid,
				 w->ra < db->npages - pgid ? w->ra
							   : db->npages - pgid);
		if (rc)
			return rc;
		if (!w->win_n)
			return bolt_page_err(w->err, w->errlen, pgid,
					     "short read");
	}
	p = db->buf + (pgid - w->win_first) * ps;
	id = get64(p);
	flags = get16(p + 8);
	ov = get32(p + 12);
	if (id != pgid)
		return bolt_page_err(w->err, w->errlen, pgid,
				     "id %" PRIu64 " (expected %" PRIu64 ")",
				     id, pgid);
	if (flags != BOLT_BRANCH && flags != BOLT_LEAF)
		return bolt_page_err(w->err, w->errlen, pgid,
				     "flags 0x%04x, not a branch or leaf",
				     flags);
	if (ov > db->npages - 1 - pgid || (uint64_t)ov + 1 > SIZE_MAX / ps)
		return bolt_page_err(
			w->err, w->errlen, pgid,
			"overflow %" PRIu32 " past the end of the file", ov);
	if (((uint64_t)ov + 1) * ps > MAX_NODE)
		return bolt_page_err(w->err, w->errlen, pgid,
				     "overflow %" PRIu32
				     " makes a node over %d MiB",
				     ov, MAX_NODE >> 20);
	for (i = pgid + 1; i <= pgid + ov; i++) {
		if (reached(db, i))
			return bolt_page_err(w->err, w->errlen, pgid,
					     "overflow overlaps page %" PRIu64,
					     i);
		mark(db, i);
	}
	db->pages_read += (uint64_t)ov + 1;
	/* A big leaf of the named bucket is for whoever reads it. */
	if (ov && w->leaf_fn && role == ROLE_TARGET && flags == BOLT_LEAF) {
		*page = p;
		*span = ps;
		return 0;
	}
	if (pgid + ov >= w->win_first + w->win_n) {
		rc = fill_window(w, pgid, (uint64_t)ov + 1);
		if (rc)
			return rc;
		if (w->win_n < (uint64_t)ov + 1)
			return bolt_page_err(w->err, w->errlen, pgid,
					     "short read");
		p = db->buf;
	}
	*page = p;
	*span = ((size_t)ov + 1) * ps;
	return 0;
}

/* Mark a persisted freelist page (etcd has none) as in use. A bad one is
 * ignored: the tree does not need it. */
static void mark_freelist(struct bolt_db *db)
{
	uint64_t fl = db->meta[db->chosen].freelist, i;
	uint8_t hdr[PAGE_HDR];
	uint32_t ov;

	if (fl < 2 || fl >= db->npages ||
	    bolt_pread_full(db->fd, hdr, sizeof(hdr), fl * db->page_size) !=
		    (ssize_t)sizeof(hdr) ||
	    get64(hdr) != fl || get16(hdr + 8) != BOLT_FREELIST)
		return;
	ov = get32(hdr + 12);
	for (i = fl; ov <= db->npages - 1 - fl && i <= fl + ov; i++)
		mark(db, i);
}

static int walk(struct bolt_db *db, const char *name, bolt_item_fn fn,
		bolt_leaf_fn leaf_fn, void *arg, char *err, size_t errlen)
{
	struct walker w = {
		.db = db,
		.name = name,
		.nlen = strlen(name),
		.fn = fn,
		.leaf_fn = leaf_fn,
		.arg = arg,
		.err = err,
		.errlen = errlen,
	};
	int rc;

	if (!db->reach || db->npages < 2)
		return -EINVAL;
	memset(db->reach, 0, db->npages / 8 + 1);
	mark(db, 0);
	mark(db, 1);
	mark_freelist(db);
	rc = push(&w, db->meta[db->chosen].root, 0, ROLE_ROOT, db->chosen);
	while (!rc && w.n) {
		struct todo t = w.stack[--w.n];
		const uint8_t *p = NULL;
		size_t span = 0;

		rc = read_tree_page(&w, t.pgid, t.role, &p, &span);
		if (rc)
			break;
		if (get16(p + 8) == BOLT_BRANCH)
			rc = walk_branch(&w, p, span, &t);
		else if (span < ((size_t)get32(p + 12) + 1) * db->page_size)
			rc = leaf_fn(t.pgid, p, get32(p + 12), arg);
		else
			rc = walk_leaf(&w, p, span, t.pgid, t.depth, t.role);
	}
	free(w.stack);
	if (!rc && !w.found) {
		bolt_seterr(err, errlen, "no bucket \"%s\"", name);
		rc = -ENOENT;
	}
	return rc;
}

int bolt_walk_bucket(struct bolt_db *db, const char *name, bolt_item_fn fn,
		     void *arg, char *err, size_t errlen)
{
	return walk(db, name, fn, NULL, arg, err, errlen);
}

int bolt_walk_bucket_split(struct bolt_db *db, const char *name,
			   bolt_item_fn fn, bolt_leaf_fn leaf_fn, void *arg,
			   char *err, size_t errlen)
{
	return walk(db, name, fn, leaf_fn, arg, err, errlen);
}

int bolt_read_leaf(int fd, uint32_t page_size, uint64_t pgid,
		   const uint8_t *page, uint32_t overflow, uint8_t **buf,
		   size_t *alloc, bolt_item_fn fn, void *arg, char *err,
		   size_t errlen)
{
	size_t span = ((size_t)overflow + 1) * page_size, i;
	unsigned count = get16(page + 10);
	ssize_t got;
	uint8_t *p;

	*buf = xgrow(*buf, alloc, span, 1);
	p = *buf;
	memcpy(p, page, page_size);
	got = bolt_pread_full(fd, p + page_size, span - page_size,
			      (pgid + 1) * page_size);
	if (got < 0)
		return (int)got;
	if ((size_t)got != span - page_size)
		return bolt_page_err(err, errlen, pgid, "short read");
	if (count > (span - PAGE_HDR) / ELEM_SIZE)
		return bolt_page_err(err, errlen, pgid,
				     "%u elements past the page end", count);
	for (i = 0; i < count; i++) {
		struct bolt_elem el;
		int rc;

		if (!bolt_leaf_elem(p, span, i, &el))
			return bolt_page_err(err, errlen, pgid,
					     "element %zu past the page end",
					     i);
		if (el.flags & LEAF_IS_BUCKET)
			continue;
		rc = fn(el.key, el.ks, el.val, el.vs, pgid, arg);
		if (rc)
			return rc;
	}
	return 0;
}
