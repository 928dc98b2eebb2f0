/* The bbolt carver: stale leaf pages among the pages the walk did not
 * reach, read in large sequential pieces; and the page counts. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "etcd/bbolt.h"
#include "etcd/bbolt_impl.h"

static uint64_t unreached_run(const struct bolt_db *db, uint64_t pg,
			      uint64_t limit)
{
	uint64_t i = pg;

	while (i < limit && !reached(db, i))
		i++;
	return i - pg;
}

/* Read pages from unreachable page pg into db->buf: at least want (known
 * to be unreachable), else up to one chunk that ends on an unreachable
 * page, reading through short runs of reachable pages rather than making
 * one read per gap. *got: whole pages read. */
static int load_window(struct bolt_db *db, uint64_t pg, uint64_t want,
		       uint64_t *got)
{
	uint64_t ps = db->page_size, lim = CARVE_CHUNK / ps, n = 1, i;
	ssize_t r;

	lim = lim < db->npages - pg ? pg + lim : db->npages;
	for (i = pg + 1; i < lim && i - (pg + n) <= CARVE_GAP; i++)
		if (!reached(db, i))
			n = i - pg + 1;
	if (n < want)
		n = want;
	bolt_grow_buf(db, n * ps);
	r = bolt_pread_full(db->fd, db->buf, n * ps, pg * ps);
	if (r < 0)
		return (int)r;
	*got = (uint64_t)r / ps; /* fewer if the file shrank */
	db->pages_read += *got;
	return 0;
}

/* Report the non-bucket items of a stale leaf of len bytes that lie inside
 * it; *hit says whether there was any. Returns fn's value. */
static int carve_leaf(const uint8_t *p, size_t len, uint64_t pg,
		      bolt_item_fn fn, void *arg, bool *hit)
{
	unsigned count = get16(p + 10);
	size_t i;
	int rc = 0;

	for (i = 0; i < count && !rc; i++) {
		struct bolt_elem el;

		if (!bolt_leaf_elem(p, len, i, &el) ||
		    (el.flags & LEAF_IS_BUCKET))
			continue;
		*hit = true;
		rc = fn(el.key, el.ks, el.val, el.vs, pg, arg);
	}
	return rc;
}

int bolt_carve(struct bolt_db *db, bolt_item_fn fn, void *arg)
{
	uint64_t ps = db->page_size, pg = 2, first = 0, have = 0;
	int rc;

	if (!db->reach)
		return -EINVAL;
	db->stale_leaves = 0;
	while (pg < db->npages) {
		const uint8_t *p;
		uint64_t span;
		uint32_t ov;
		bool hit = false;

		if (reached(db, pg)) {
			pg++;
			continue;
		}
		if (pg < first || pg >= first + have) {
			/* A hole holds no page: skip to the next data (a
			 * sparse file of terabytes is not read as zeros). */
			off_t d = lseek(db->fd, (off_t)(pg * ps), SEEK_DATA);
			if (d < 0 && errno == ENXIO)
				break;
			if (d >= (off_t)((pg + 1) * ps)) {
				pg = (uint64_t)d / ps;
				continue;
			}
			first = pg;
			rc = load_window(db, pg, 1, &have);
			if (rc || !have)
				return rc;
		}
		p = db->buf + (pg - first) * ps;
		if (get64(p) != pg || get16(p + 8) != BOLT_LEAF) {
			pg++;
			continue;
		}
		/* The span stops at the end of the file and at the first
		 * reachable page: that one holds live data now. */
		ov = get32(p + 12);
		if (ov >= CARVE_MAX_NODE / ps)
			ov = (uint32_t)(CARVE_MAX_NODE / ps - 1);
		span = unreached_run(db, pg,
				     ov < db->npages - pg ? pg + ov + 1
							  : db->npages);
		if (pg + span > first + have) {
			first = pg;
			rc = load_window(db, pg, span, &have);
			if (rc || !have)
				return rc;
			span = span < have ? span : have;
			p = db->buf;
		}
		if (get16(p + 10) > (span * ps - PAGE_HDR) / ELEM_SIZE) {
			pg++;
			continue;
		}
		rc = carve_leaf(p, span * ps, pg, fn, arg, &hit);
		if (rc)
			return rc;
		db->stale_leaves += hit;
		pg += span;
	}
	return 0;
}

/* Set bits of the reach bitmap in pages [from, to). */
static uint64_t count_reached(const struct bolt_db *db, uint64_t from,
			      uint64_t to)
{
	uint64_t n = 0, i = from;

	while (i < to && (i & 7))
		n += reached(db, i++);
	for (; i + 8 <= to; i += 8)
		n += (uint64_t)__builtin_popcount(db->reach[i >> 3]);
	while (i < to)
		n += reached(db, i++);
	return n;
}

void bolt_get_stats(const struct bolt_db *db, struct bolt_stats *st)
{
	uint64_t hwm = db->meta[db->chosen].pgid;

	memset(st, 0, sizeof(*st));
	if (!db->reach)
		return;
	if (hwm > db->npages)
		hwm = db->npages;
	st->reachable = count_reached(db, 0, db->npages);
	if (hwm > 2)
		st->free = hwm - 2 - count_reached(db, 2, hwm);
	st->past_hwm = db->npages - hwm - count_reached(db, hwm, db->npages);
	st->stale_leaves = db->stale_leaves;
}
