/* The bbolt reader: meta pages and page-size discovery, and the helpers
 * of the walk (bbolt_walk.c) and the carver (bbolt_carve.c). pread(2)
 * only; no locks. */
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

void bolt_seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

int bolt_page_err(char *err, size_t errlen, uint64_t pg, const char *fmt, ...)
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
	m->magic = len >= 20 && get32(p + 16) == BOLT_MAGIC;
	if (len < META_END) {
		bolt_seterr(why, whylen, "truncated (%zu bytes)", len);
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
		bolt_seterr(why, whylen, "bad magic 0x%08" PRIx32, magic);
	else if (m->version != BOLT_VERSION)
		bolt_seterr(why, whylen, "version %" PRIu32, m->version);
	else if ((ps & (ps - 1)) || ps < MIN_PAGE || ps > MAX_PAGE)
		bolt_seterr(why, whylen, "bad page size %" PRIu32, ps);
	/* bbolt 1.3.6 skips the check when the stored checksum is 0. */
	else if (m->checksum &&
		 m->checksum != bolt_fnv1a(p + META_SUM_OFF, META_SUM_LEN))
		bolt_seterr(why, whylen, "checksum mismatch");
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

/* Whether page 2 has the header of a bbolt tree or freelist page (its own
 * id, known flags): a file whose metas were wiped still looks so, and is
 * a damaged database rather than some other file. */
static bool page2_is_tree(struct bolt_db *db)
{
	uint8_t h[16];
	uint16_t flags;

	if (db->npages < 3 ||
	    bolt_pread_full(db->fd, h, sizeof(h), 2ull * db->page_size) !=
		    (ssize_t)sizeof(h))
		return false;
	flags = get16(h + 8);
	return get64(h) == 2 && (flags == BOLT_BRANCH || flags == BOLT_LEAF ||
				 flags == BOLT_FREELIST);
}

/* Read the file size and both metas for db->page_size, choose one and
 * reset the reach bitmap (sized for the file; NULL on failure). err is
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
	db->reach = NULL;
	if (db->npages < 2) {
		ssize_t n = bolt_pread_full(db->fd, page, sizeof(page), 0);

		if (n < 0)
			return (int)n;
		meta_decode(page, (size_t)n, &db->meta[0], NULL, 0);
		/* A bbolt file cut short is damaged; anything else this
		 * short (an empty file) was never a database. */
		if (!db->meta[0].magic) {
			if (db->size)
				bolt_seterr(err, errlen,
					    "%" PRIu64
					    " bytes, without bbolt's "
					    "magic at the start",
					    db->size);
			else
				bolt_seterr(err, errlen, "empty file");
			return -EMEDIUMTYPE;
		}
		bolt_seterr(err, errlen,
			    "file is %" PRIu64
			    " bytes, shorter than two meta pages",
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
		/* No magic in either meta page: another kind of file, not a
		 * damaged database. */
		if (!db->meta[0].magic && !db->meta[1].magic &&
		    !page2_is_tree(db)) {
			bolt_seterr(err, errlen,
				    "no bbolt magic (0x%08x) at either meta "
				    "page (offsets 0 and %" PRIu32 ")",
				    BOLT_MAGIC, db->page_size);
			return -EMEDIUMTYPE;
		}
		bolt_seterr(err, errlen,
			    "no valid meta page (meta 0: %s; meta 1: %s)",
			    why[0], why[1]);
		return -EINVAL;
	}
	if (db->meta[0].valid && db->meta[1].valid)
		db->chosen = db->meta[1].txid > db->meta[0].txid;
	else
		db->chosen = db->meta[1].valid;
	/* Pages 0 and 1 are the metas; the root must be a tree page. */
	root = db->meta[db->chosen].root;
	if (root < 2 || root >= db->npages) {
		bolt_seterr(err, errlen,
			    "meta %d: root page %" PRIu64
			    " outside [2, %" PRIu64 ")",
			    db->chosen, root, db->npages);
		return -EINVAL;
	}
	/* Only now: a file that is not a database (a sparse file of
	 * terabytes) gets no bitmap of its size. */
	db->reach = xcalloc(db->npages / 8 + 1, 1);
	return 0;
}

int bolt_open(struct bolt_db *db, int fd, char *err, size_t errlen)
{
	struct stat st;
	uint32_t ps = 4096;
	int rc;

	memset(db, 0, sizeof(*db));
	db->fd = fd;
	bolt_seterr(err, errlen, "%s", "");
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
