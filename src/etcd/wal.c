/* The etcd WAL reader: length-framed walpb.Record messages, whose entry
 * records hold raftpb.Entry and, in those, InternalRaftRequest. One frame
 * loop serves both a file (read in windows with pread) and a buffer. */
#include "etcd/wal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "etcd/pbwire.h"
#include "util/crc32c.h"
#include "util/xalloc.h"

enum {
	WAL_FRAME = 8,		   /* the length field */
	WAL_MAX_RECORD = 64 << 20, /* bigger frames stop the scan */
	WAL_WINDOW = 256 << 10,	   /* bytes per pread, at least */
	WAL_TXN_DEPTH = 8,	   /* nested Txns followed */
	WAL_REC_METADATA = 1,	   /* walpb.Record types, etcd's wal.go */
	WAL_REC_ENTRY = 2,
	WAL_REC_CRC = 4,
	WAL_REC_SNAPSHOT = 5, /* the highest etcd writes */
	WAL_ENTRY_NORMAL = 0, /* raftpb.EntryType */
};

/* walpb.Record, raftpb.Entry, etcdserverpb field numbers. */
enum {
	REC_TYPE = 1,
	REC_CRC = 2,
	REC_DATA = 3,
	ENT_TYPE = 1,
	ENT_TERM = 2,
	ENT_INDEX = 3,
	ENT_DATA = 4,
	IRR_ID = 1,
	IRR_V2 = 2,
	IRR_PUT = 4,
	IRR_TXN = 6,
	IRR_LAST_V3 = 11, /* lease_checkpoint: fields 2..11 are messages */
	IRR_HEADER = 100,
	PUT_KEY = 1,
	PUT_VALUE = 2,
	TXN_SUCCESS = 2,
	TXN_FAILURE = 3,
	OP_PUT = 2,
	OP_TXN = 4,
};

/* Bytes of the file (or buffer) in memory: [base, base + len). A buffer
 * scan has fd -1 and the whole buffer as its only window. */
struct wal_src {
	int fd;
	uint64_t size;
	const uint8_t *data;
	uint8_t *buf; /* owned window for a file */
	size_t cap;
	uint64_t base;
	size_t len;
};

struct wal_walk {
	int (*fn)(const struct wal_put *p, void *arg);
	void *arg;
	struct wal_stats *st;
	struct wal_put put; /* term, index and offset of the current entry,
			     * and whether it is untrusted */
	uint32_t crc;	    /* the CRC chain so far */
	int stop;	    /* fn's non-zero return */
};

static const uint8_t empty_value[1];

/* Make [off, off + n) readable, n <= size - off; a file refills its
 * window from off. Returns 0, -errno, or -ENODATA if the file shrank. */
static int src_get(struct wal_src *s, uint64_t off, size_t n,
		   const uint8_t **out)
{
	size_t want, got = 0;

	if (off >= s->base && off - s->base <= s->len &&
	    n <= s->len - (off - s->base)) {
		*out = s->data + (off - s->base);
		return 0;
	}
	if (s->fd < 0)
		return -ENODATA;
	want = n > WAL_WINDOW ? n : WAL_WINDOW;
	if (want > s->size - off)
		want = (size_t)(s->size - off);
	if (want > s->cap) {
		/* Double, for fewer reallocations, but never past the
		 * largest frame. */
		size_t cap = 2 * s->cap;

		if (cap < want)
			cap = want;
		if (cap > WAL_FRAME + WAL_MAX_RECORD)
			cap = WAL_FRAME + WAL_MAX_RECORD;
		free(s->buf);
		s->buf = xmalloc(cap);
		s->cap = cap;
	}
	s->data = s->buf;
	s->base = off;
	s->len = 0;
	while (got < want) {
		ssize_t r = pread(s->fd, s->buf + got, want - got,
				  (off_t)(off + got));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	s->len = got;
	if (got < n)
		return -ENODATA;
	*out = s->buf;
	return 0;
}

/* Walk the fields of msg; returns 0 if every one decodes. */
static int pb_valid(const uint8_t *msg, size_t len)
{
	struct pb_reader r;
	struct pb_field f;
	int ret;

	pb_init(&r, msg, len);
	while ((ret = pb_next(&r, &f)) > 0)
		;
	return ret;
}

static int report_put(struct wal_walk *w, const uint8_t *msg, size_t len)
{
	struct pb_reader r;
	struct pb_field f;
	struct wal_put *p = &w->put;
	bool have_key = false;
	int ret;

	p->value = empty_value;
	p->vlen = 0;
	pb_init(&r, msg, len);
	while ((ret = pb_next(&r, &f)) > 0) {
		if (f.num != PUT_KEY && f.num != PUT_VALUE)
			continue;
		if (f.wire != PB_BYTES)
			return 0;
		if (f.num == PUT_KEY) {
			p->key = f.data;
			p->klen = f.len;
			have_key = true;
		} else {
			p->value = f.data;
			p->vlen = f.len;
		}
	}
	/* etcd refuses an empty key, so a put without one is not real. */
	if (ret < 0 || !have_key || p->klen == 0)
		return 0;
	w->st->puts++;
	w->stop = w->fn(p, w->arg);
	return w->stop != 0;
}

/* The puts of a TxnRequest, both branches, depth Txns deep (1 for the
 * outermost). Returns 1 if fn stopped the scan. */
static int walk_txn(struct wal_walk *w, const uint8_t *msg, size_t len,
		    int depth)
{
	struct pb_reader r, ops;
	struct pb_field f, op;

	if (depth > WAL_TXN_DEPTH)
		return 0;
	pb_init(&r, msg, len);
	while (pb_next(&r, &f) > 0) {
		if ((f.num != TXN_SUCCESS && f.num != TXN_FAILURE) ||
		    f.wire != PB_BYTES)
			continue;
		/* A RequestOp is a oneof: its put or its nested txn. */
		pb_init(&ops, f.data, f.len);
		while (pb_next(&ops, &op) > 0) {
			if (op.wire != PB_BYTES)
				continue;
			if (op.num == OP_PUT && report_put(w, op.data, op.len))
				return 1;
			if (op.num == OP_TXN &&
			    walk_txn(w, op.data, op.len, depth + 1))
				return 1;
		}
	}
	return 0;
}

/* etcd 3.x writes InternalRaftRequest, but a v2 Request (membership
 * attributes, cluster version) sits in the same entries; etcd tells them
 * apart by whether the bytes unmarshal as an InternalRaftRequest. Its
 * message fields must be length-delimited, and a v2 Request's method
 * string in field 2 never parses as a message. */
static bool is_internal_request(const uint8_t *msg, size_t len)
{
	struct pb_reader r;
	struct pb_field f;
	int ret;

	pb_init(&r, msg, len);
	while ((ret = pb_next(&r, &f)) > 0) {
		if (f.num == IRR_ID && f.wire != PB_VARINT)
			return false;
		if (((f.num >= IRR_V2 && f.num <= IRR_LAST_V3) ||
		     f.num == IRR_HEADER) &&
		    f.wire != PB_BYTES)
			return false;
		if (f.num == IRR_V2 && pb_valid(f.data, f.len) < 0)
			return false;
	}
	return ret == 0;
}

/* An entry record's raftpb.Entry. Returns 1 if fn stopped the scan. An
 * entry that does not decode is skipped: the frame around it was sound. */
static int walk_entry(struct wal_walk *w, const uint8_t *msg, size_t len)
{
	struct pb_reader r;
	struct pb_field f;
	uint64_t type = WAL_ENTRY_NORMAL;
	const uint8_t *data = NULL;
	size_t dlen = 0;
	int ret;

	w->put.term = w->put.index = 0;
	pb_init(&r, msg, len);
	while ((ret = pb_next(&r, &f)) > 0) {
		if (f.num == ENT_DATA && f.wire == PB_BYTES) {
			data = f.data;
			dlen = f.len;
		} else if (f.wire != PB_VARINT) {
			continue;
		} else if (f.num == ENT_TYPE) {
			type = f.v;
		} else if (f.num == ENT_TERM) {
			w->put.term = f.v;
		} else if (f.num == ENT_INDEX) {
			w->put.index = f.v;
		}
	}
	if (ret < 0 || type != WAL_ENTRY_NORMAL || !data ||
	    !is_internal_request(data, dlen))
		return 0;
	pb_init(&r, data, dlen);
	while (pb_next(&r, &f) > 0) {
		if (f.num == IRR_PUT && report_put(w, f.data, f.len))
			return 1;
		if (f.num == IRR_TXN && walk_txn(w, f.data, f.len, 1))
			return 1;
	}
	return 0;
}

/* One walpb.Record. Returns 0, 1 if fn stopped the scan, or -EINVAL if
 * the record is not a message (a torn write). */
static int walk_record(struct wal_walk *w, const uint8_t *rec, size_t len)
{
	struct pb_reader r;
	struct pb_field f;
	uint64_t type = 0, crc = 0;
	const uint8_t *data = NULL;
	size_t dlen = 0;
	bool bad;
	int ret;

	pb_init(&r, rec, len);
	while ((ret = pb_next(&r, &f)) > 0) {
		/* As the generated Go code: a known field with the wrong wire
		 * type fails the whole record. */
		if ((f.num == REC_TYPE || f.num == REC_CRC) &&
		    f.wire != PB_VARINT)
			return -EINVAL;
		if (f.num == REC_DATA && f.wire != PB_BYTES)
			return -EINVAL;
		if (f.num == REC_TYPE)
			type = f.v;
		if (f.num == REC_CRC)
			crc = f.v;
		if (f.num == REC_DATA) {
			data = f.data;
			dlen = f.len;
		}
	}
	if (ret < 0)
		return -EINVAL;
	/* etcd opens every segment with a crc record: a first frame of no
	 * known type means another kind of file. */
	if (!w->st->records &&
	    (type < WAL_REC_METADATA || type > WAL_REC_SNAPSHOT))
		return -EINVAL;
	/* As wal.go's ReadAll: a crc record is checked against the chain
	 * (not when the chain is new: it carries the previous segment's
	 * value) and restarts it; any other record extends the chain by its
	 * data. crc is a uint32 in walpb: the generated Go code keeps the
	 * low 32 bits of a wider varint, and so does this. */
	if (type == WAL_REC_CRC) {
		bad = w->crc && (uint32_t)crc != w->crc;
		w->crc = (uint32_t)crc;
	} else {
		w->crc = crc32c_update(w->crc, data, dlen);
		bad = (uint32_t)crc != w->crc;
	}
	if (bad && !w->st->crc_errors++)
		w->st->first_bad_crc = w->put.offset;
	/* After a bad CRC the chain no longer vouches for anything: a
	 * forged or damaged record may sit anywhere from there on. */
	w->put.untrusted = w->put.untrusted || bad;
	w->st->records++;
	if (type != WAL_REC_ENTRY)
		return 0;
	w->st->entries++;
	return data ? walk_entry(w, data, dlen) : 0;
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* The frame loop. Returns 0, -errno, or fn's value. */
static int walk_frames(struct wal_src *s, struct wal_walk *w)
{
	struct wal_stats *st = w->st;
	uint64_t off = 0;
	int ret;

	for (;;) {
		const uint8_t *p;
		uint64_t lf, rec, pad, left = s->size - off;

		st->end = off;
		if (left == 0)
			return 0;
		ret = src_get(s, off, left < WAL_FRAME ? left : WAL_FRAME, &p);
		if (ret == -ENODATA)
			goto torn;
		if (ret)
			return ret;
		if (left < WAL_FRAME) {
			/* A short zero tail is preallocation, anything
			 * else a torn length field. */
			st->torn = !all_zero(p, left);
			return 0;
		}
		lf = le64(p);
		if (lf == 0)
			return 0;
		/* Low 56 bits: the record; with the top bit set, bits 56..58
		 * give the zero padding after it (to 8-byte alignment). */
		rec = lf & 0x00ffffffffffffffULL;
		pad = (lf >> 63) ? (lf >> 56) & 7 : 0;
		if (rec > WAL_MAX_RECORD || rec + pad > left - WAL_FRAME)
			goto torn;
		ret = src_get(s, off, WAL_FRAME + rec, &p);
		if (ret == -ENODATA)
			goto torn;
		if (ret)
			return ret;
		w->put.offset = off;
		ret = walk_record(w, p + WAL_FRAME, rec);
		if (ret < 0)
			goto torn;
		off += WAL_FRAME + rec + pad;
		if (ret > 0) {
			st->end = off;
			return w->stop;
		}
	}
torn:
	st->torn = true;
	return 0;
}

/* The frame loop, and whether the file was a WAL at all: a WAL has at
 * least the crc record etcd writes first. */
static int walk_wal(struct wal_src *s, struct wal_walk *w)
{
	int ret = walk_frames(s, w);

	if (!ret && !w->st->records)
		return -EMEDIUMTYPE;
	return ret;
}

static int wal_walk_src(struct wal_src *s,
			int (*fn)(const struct wal_put *p, void *arg),
			void *arg, struct wal_stats *st)
{
	struct wal_stats local;
	struct wal_walk w = {.fn = fn, .arg = arg, .st = st ? st : &local};

	memset(w.st, 0, sizeof(*w.st));
	w.st->size = s->size;
	return walk_wal(s, &w);
}

int wal_scan(int fd, int (*fn)(const struct wal_put *p, void *arg), void *arg,
	     struct wal_stats *st)
{
	struct wal_src s = {.fd = fd};
	struct stat sb;
	int ret;

	if (fstat(fd, &sb) < 0) {
		if (st)
			memset(st, 0, sizeof(*st));
		return -errno;
	}
	s.size = sb.st_size > 0 ? (uint64_t)sb.st_size : 0;
	ret = wal_walk_src(&s, fn, arg, st);
	free(s.buf);
	return ret;
}

int wal_scan_buf(const uint8_t *buf, size_t len,
		 int (*fn)(const struct wal_put *p, void *arg), void *arg,
		 struct wal_stats *st)
{
	struct wal_src s = {.fd = -1, .size = len, .data = buf, .len = len};

	return wal_walk_src(&s, fn, arg, st);
}
