/* libFuzzer: the bbolt reader on a whole file (the input, in a memfd):
 * open, walk bucket "key", recheck, walk again, carve. Any result code is
 * fine; a crash, a hang, a leak or an item outside its page is not. When
 * bit 31 of meta 0's flags is set, both metas' checksums are fixed up
 * first, so that mutated meta fields get past the checksum. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "etcd/bbolt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	uint64_t npages;
	unsigned sum;
};

/* Recompute the checksum of a meta at off, if the input holds one. */
static void fix_meta(uint8_t *buf, size_t size, size_t off)
{
	uint64_t sum;

	if (off > size || size - off < 80)
		return;
	sum = bolt_fnv1a(buf + off + 16, 56);
	memcpy(buf + off + 72, &sum, sizeof(sum));
}

static int check(const uint8_t *k, size_t kl, const uint8_t *v, size_t vl,
		 uint64_t pg, void *arg)
{
	struct seen *s = arg;

	size_t i;

	/* Touch every byte so ASan sees any read past the page buffer. */
	for (i = 0; i < kl; i++)
		s->sum += k[i];
	for (i = 0; i < vl; i++)
		s->sum += v[i];
	if (pg < 2 || pg >= s->npages)
		abort();
	return 0;
}

/* The split walk: big leaves read by bolt_read_leaf, as the audit's
 * decoding threads do. */
struct split {
	struct seen *s;
	int fd;
	uint32_t ps;
	uint8_t *buf;
	size_t alloc;
};

static int split_item(const uint8_t *k, size_t kl, const uint8_t *v, size_t vl,
		      uint64_t pg, void *arg)
{
	return check(k, kl, v, vl, pg, ((struct split *)arg)->s);
}

static int split_leaf(uint64_t pgid, const uint8_t *page, uint32_t overflow,
		      void *arg)
{
	struct split *sp = arg;
	char err[BOLT_ERR_LEN];
	if (pgid < 2 || pgid >= sp->s->npages)
		abort();
	return bolt_read_leaf(sp->fd, sp->ps, pgid, page, overflow, &sp->buf,
			      &sp->alloc, check, sp->s, err, sizeof(err));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[BOLT_ERR_LEN];
	struct bolt_db db;
	struct bolt_stats st;
	struct seen s = {0, 0};
	bool moved;
	int fd = memfd_create("fuzz_bbolt", MFD_CLOEXEC);
	uint8_t *copy = NULL;
	uint32_t flags, ps;

	if (fd < 0)
		return 0;
	if (size >= 80) {
		memcpy(&flags, data + 28, sizeof(flags));
		memcpy(&ps, data + 24, sizeof(ps));
		if (flags & 0x80000000u) {
			copy = malloc(size);
			memcpy(copy, data, size);
			fix_meta(copy, size, 0);
			if (ps >= 512 && ps <= 65536)
				fix_meta(copy, size, ps);
			data = copy;
		}
	}
	if (size && write(fd, data, size) != (ssize_t)size)
		goto out_close;
	if (bolt_open(&db, fd, err, sizeof(err)) == 0) {
		s.npages = db.npages;
		if (!memchr(err, '\0', sizeof(err)))
			abort();
		struct split sp = {&s, fd, db.page_size, NULL, 0};
		bolt_walk_bucket_split(&db, "key", split_item, split_leaf, &sp,
				       err, sizeof(err));
		free(sp.buf);
		bolt_walk_bucket(&db, "key", check, &s, err, sizeof(err));
		bolt_get_stats(&db, &st);
		if (st.reachable + st.free + st.past_hwm != db.npages)
			abort();
		if (bolt_recheck(&db, &moved, err, sizeof(err)) == 0 &&
		    !moved) {
			bolt_walk_bucket(&db, "meta", check, &s, err,
					 sizeof(err));
			bolt_carve(&db, check, &s);
		}
	}
	bolt_release(&db);
out_close:
	free(copy);
	close(fd);
	return 0;
}
