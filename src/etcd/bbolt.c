/* The bbolt reader: meta pages and page-size discovery, and a checked
 * walk of every bucket's B+tree that marks reachable pages (the carver is
 * in bbolt_carve.c). pread(2) only; no locks. */
#include "etcd/bbolt.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "etcd/bbolt_impl.h"
#include "util/xalloc.h"

static void __attribute__((format(printf, 3, 4)))
seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* "page N: " and the message; returns -EINVAL for the caller to pass on. */
static int __attribute__((format(printf, 4, 5)))
page_err(char *err, size_t errlen, uint64_t pg, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!err || !errlen)
		return -EINVAL;
	n = snprintf(err, errlen, "page %" PRIu64 ": ", pg);
	if (n > 0 && (size_t)n < errlen) {
		va_start(ap, fmt);
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

uint64_t bolt_fnv1a(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint64_t h = 0xcbf29ce484222325ull;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

/* Read up to len bytes at off; fewer only at the end of the file. Returns
 * the byte count or -errno. */
ssize_t bolt_pread_full(int fd, void *buf, size_t len, uint64_t off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, (uint8_t *)buf + done, len - done,
				  (off_t)(off + done));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

/* Make db->buf hold at least want bytes, keeping its contents. */
void bolt_grow_buf(struct bolt_db *db, size_t want)
{
	if (want > db->buf_alloc)
		db->buf = xgrow(db->buf, &db->buf_alloc, want, 1);
}

/* Decode the meta in the first len bytes of a page; why gets the reason
 * when it is not valid. */
static void meta_decode(const uint8_t *p, size_t len, struct bolt_meta *m,
			char *why, size_t whylen)
{
	uint32_t magic, ps;

	memset(m, 0, sizeof(*m));
	if (len < META_END) {
		seterr(why, whylen, "truncated (%zu bytes)", len);
		return;
	}
	magic = get32(p + 16);
	m->version = get32(p + 20);
	m->page_size = ps = get32(p + 24);
	m->flags = get32(p + 28);
	m->root = get64(p + 32);
	m->sequence = get64(p + 40);
	m->freelist = get64(p + 48);
	m->pgid = get64(p + 56);
	m->txid = get64(p + 64);
	m->checksum = get64(p + 72);
	if (magic != BOLT_MAGIC)
		seterr(why, whylen, "bad magic 0x%08" PRIx32, magic);
	else if (m->version != BOLT_VERSION)
		seterr(why, whylen, "version %" PRIu32, m->version);
	else if ((ps & (ps - 1)) || ps < MIN_PAGE || ps > MAX_PAGE)
		seterr(why, whylen, "bad page size %" PRIu32, ps);
	/* bbolt 1.3.6 skips the check when the stored checksum is 0. */
	else if (m->checksum &&
		 m->checksum != bolt_fnv1a(p + META_SUM_OFF, META_SUM_LEN))
		seterr(why, whylen, "checksum mismatch");
	else
		m->valid = true;
}

/* Page size: meta 0's if it is valid, else that of a valid meta 1 found
 * by probing 1 KiB << i, else 4096 (as current bbolt does). */
static int discover_page_size(struct bolt_db *db, uint32_t *ps)
{
	struct bolt_meta m;
	ssize_t n;
	int i;

	bolt_grow_buf(db, PROBE_READ);
	n = bolt_pread_full(db->fd, db->buf, PROBE_READ, 0);
	if (n < 0)
		return (int)n;
	meta_decode(db->buf, (size_t)n, &m, NULL, 0);
	if (m.valid) {
		*ps = m.page_size;
		return 0;
	}
	for (i = 0; i <= 14 && db->size > 1024; i++) {
		uint64_t pos = 1024ull << i;

		if (pos >= db->size - 1024)
			break;
		n = bolt_pread_full(db->fd, db->buf, PROBE_READ, pos);
		if (n < 0)
			return (int)n;
		meta_decode(db->buf, (size_t)n, &m, NULL, 0);
		/* A meta 1 sits one page size from the start. */
		if (m.valid && m.page_size == pos) {
			*ps = m.page_size;
			return 0;
		}
	}
	*ps = 4096;
	return 0;
}

/* Read the file size and both metas for db->page_size, choose one and
 * reset the reach bitmap (sized for the file even on failure). err is
 * written only on failure. */
static int load_metas(struct bolt_db *db, char *err, size_t errlen)
{
	char why[2][64] = {"", ""};
	uint8_t page[META_END];
	struct stat st;
	uint64_t root;
	int i;

	if (fstat(db->fd, &st) < 0)
		return -errno;
	db->size = st.st_size > 0 ? (uint64_t)st.st_size : 0;
	db->npages = db->size / db->page_size;
	free(db->reach);
	db->reach = xcalloc(db->npages / 8 + 1, 1);
	if (db->npages < 2) {
		seterr(err, errlen,
		       "file is %" PRIu64 " bytes, shorter than two meta pages",
		       db->size);
		return -EINVAL;
	}
	for (i = 0; i < 2; i++) {
		struct bolt_meta *m = &db->meta[i];
		ssize_t n = bolt_pread_full(db->fd, page, sizeof(page),
					    (uint64_t)i * db->page_size);

		if (n < 0)
			return (int)n;
		meta_decode(page, (size_t)n, m, why[i], sizeof(why[i]));
		if (m->valid && m->page_size != db->page_size) {
			snprintf(why[i], sizeof(why[i]),
				 "page size %" PRIu32 ", not %" PRIu32,
				 m->page_size, db->page_size);
			m->valid = false;
		}
	}
	if (!db->meta[0].valid && !db->meta[1].valid) {
		seterr(err, errlen,
		       "no valid meta page (meta 0: %s; meta 1: %s)", why[0],
		       why[1]);
		return -EINVAL;
	}
	if (db->meta[0].valid && db->meta[1].valid)
		db->chosen = db->meta[1].txid > db->meta[0].txid;
	else
		db->chosen = db->meta[1].valid;
	/* Pages 0 and 1 are the metas; the root must be a tree page. */
	root = db->meta[db->chosen].root;
	if (root < 2 || root >= db->npages) {
		seterr(err, errlen,
		       "meta %d: root page %" PRIu64 " outside [2, %" PRIu64
		       ")",
		       db->chosen, root, db->npages);
		return -EINVAL;
	}
	return 0;
}

int bolt_open(struct bolt_db *db, int fd, char *err, size_t errlen)
{
	struct stat st;
	uint32_t ps = 4096;
	int rc;

	memset(db, 0, sizeof(*db));
	db->fd = fd;
	seterr(err, errlen, "%s", "");
	if (fstat(fd, &st) < 0)
		return -errno;
	db->size = st.st_size > 0 ? (uint64_t)st.st_size : 0;
	rc = discover_page_size(db, &ps);
	if (rc < 0)
		return rc;
	db->page_size = ps;
	return load_metas(db, err, errlen);
}

void bolt_release(struct bolt_db *db)
{
	free(db->reach);
	free(db->buf);
	memset(db, 0, sizeof(*db));
	db->fd = -1;
}

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
		return page_err(w->err, w->errlen, from, "depth over %d",
				MAX_DEPTH);
	if (pg < 2 || pg >= db->npages)
		return page_err(w->err, w->errlen, from,
				"child %" PRIu64 " outside [2, %" PRIu64 ")",
				pg, db->npages);
	if (reached(db, pg))
		return page_err(w->err, w->errlen, pg, "reached twice (cycle)");
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
		return page_err(w->err, w->errlen, pgid,
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
		return page_err(w->err, w->errlen, pgid, "depth over %d",
				MAX_DEPTH);
	if (vlen - BUCKET_HDR < PAGE_HDR ||
	    get16(val + BUCKET_HDR + 8) != BOLT_LEAF)
		return page_err(w->err, w->errlen, pgid,
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
		return page_err(w->err, w->errlen, pgid,
				"%u elements past the page end", count);
	for (i = 0; i < count && !rc; i++) {
		size_t e = PAGE_HDR + i * ELEM_SIZE;
		uint32_t flags = get32(p + e), pos = get32(p + e + 4);
		uint32_t ks = get32(p + e + 8), vs = get32(p + e + 12);
		const uint8_t *key;

		if (pos > len - e || ks > len - e - pos ||
		    vs > len - e - pos - ks)
			return page_err(w->err, w->errlen, pgid,
					"element %zu past the page end", i);
		key = p + e + pos;
		if (flags & LEAF_IS_BUCKET)
			rc = walk_bucket_item(w, key, ks, key + ks, vs, pgid,
					      depth, role);
		else if (role == ROLE_TARGET)
			rc = w->fn(key, ks, key + ks, vs, pgid, w->arg);
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
		return page_err(w->err, w->errlen, t->pgid,
				"%u elements past the page end", count);
	for (i = count; i-- > 0;) {
		size_t e = PAGE_HDR + i * ELEM_SIZE;
		uint32_t pos = get32(p + e), ks = get32(p + e + 4);

		if (pos > len - e || ks > len - e - pos)
			return page_err(w->err, w->errlen, t->pgid,
					"element %zu past the page end", i);
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
			return page_err(w->err, w->errlen, pgid, "short read");
	}
	p = db->buf + (pgid - w->win_first) * ps;
	id = get64(p);
	flags = get16(p + 8);
	ov = get32(p + 12);
	if (id != pgid)
		return page_err(w->err, w->errlen, pgid,
				"id %" PRIu64 " (expected %" PRIu64 ")", id,
				pgid);
	if (flags != BOLT_BRANCH && flags != BOLT_LEAF)
		return page_err(w->err, w->errlen, pgid,
				"flags 0x%04x, not a branch or leaf", flags);
	if (ov > db->npages - 1 - pgid || (uint64_t)ov + 1 > SIZE_MAX / ps)
		return page_err(w->err, w->errlen, pgid,
				"overflow %" PRIu32 " past the end of the file",
				ov);
	if (((uint64_t)ov + 1) * ps > MAX_NODE)
		return page_err(w->err, w->errlen, pgid,
				"overflow %" PRIu32 " makes a node over %d MiB",
				ov, MAX_NODE >> 20);
	for (i = pgid + 1; i <= pgid + ov; i++) {
		if (reached(db, i))
			return page_err(w->err, w->errlen, pgid,
					"overflow overlaps page %" PRIu64, i);
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
			return page_err(w->err, w->errlen, pgid, "short read");
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
		seterr(err, errlen, "no bucket \"%s\"", name);
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
		return page_err(err, errlen, pgid, "short read");
	if (count > (span - PAGE_HDR) / ELEM_SIZE)
		return page_err(err, errlen, pgid,
				"%u elements past the page end", count);
	for (i = 0; i < count; i++) {
		size_t e = PAGE_HDR + i * ELEM_SIZE;
		uint32_t flags = get32(p + e), pos = get32(p + e + 4);
		uint32_t ks = get32(p + e + 8), vs = get32(p + e + 12);
		const uint8_t *key;
		int rc;

		if (pos > span - e || ks > span - e - pos ||
		    vs > span - e - pos - ks)
			return page_err(err, errlen, pgid,
					"element %zu past the page end", i);
		if (flags & LEAF_IS_BUCKET)
			continue;
		key = p + e + pos;
		rc = fn(key, ks, key + ks, vs, pgid, arg);
		if (rc)
			return rc;
	}
	return 0;
}

int bolt_recheck(struct bolt_db *db, bool *moved, char *err, size_t errlen)
{
	uint64_t txid = db->meta[db->chosen].txid;
	int rc;

	*moved = false;
	rc = load_metas(db, err, errlen);
	if (rc)
		return rc;
	*moved = db->meta[db->chosen].txid != txid;
	return 0;
}

/* Pages in [pg, limit) before the next reachable one. */
