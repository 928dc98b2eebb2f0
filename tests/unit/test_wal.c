/* Tests for etcd/wal: frames built here with a tiny protobuf encoder, then
 * a real WAL written by Debian's etcd 3.4.23 (a put, two Txns, a delete and
 * a binary value), trimmed after its last record. */
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "etcd/wal.h"
#include "util/crc32c.h"

#define REAL_WAL "tests/unit/data/etcd-3.4.wal"

/* A growable byte string: the encoder's output. crc is the chain of
 * record CRCs, as etcd's encoder keeps it. */
struct enc {
	uint8_t *p;
	size_t len, cap;
	uint32_t crc;
};

static void enc_raw(struct enc *e, const void *src, size_t n)
{
	if (e->len + n > e->cap) {
		e->cap = (e->len + n) * 2 + 16;
		e->p = realloc(e->p, e->cap);
		cr_assert_not_null(e->p);
	}
	if (n)
		memcpy(e->p + e->len, src, n);
	e->len += n;
}

static void enc_varint(struct enc *e, uint64_t v)
{
	uint8_t b;

	while (v >= 0x80) {
		b = (uint8_t)(v | 0x80);
		enc_raw(e, &b, 1);
		v >>= 7;
	}
	b = (uint8_t)v;
	enc_raw(e, &b, 1);
}

static void enc_uint(struct enc *e, uint32_t num, uint64_t v)
{
	enc_varint(e, (uint64_t)num << 3 | 0);
	enc_varint(e, v);
}

static void enc_bytes(struct enc *e, uint32_t num, const void *d, size_t n)
{
	enc_varint(e, (uint64_t)num << 3 | 2);
	enc_varint(e, n);
	enc_raw(e, d, n);
}

static void enc_str(struct enc *e, uint32_t num, const char *s)
{
	enc_bytes(e, num, s, strlen(s));
}

/* Append sub as field num, and free sub. */
static void enc_msg(struct enc *e, uint32_t num, struct enc *sub)
{
	enc_bytes(e, num, sub->p, sub->len);
	free(sub->p);
	memset(sub, 0, sizeof(*sub));
}

/* A frame: the length field (padding in the top byte), the record and
 * zeros to the next 8-byte boundary, as etcd's encoder writes it. */
static void enc_frame(struct enc *wal, const void *rec, size_t n)
{
	static const uint8_t zeros[8];
	size_t pad = (8 - n % 8) % 8;
	uint64_t lf = n;
	uint8_t le[8];

	if (pad)
		lf |= (uint64_t)(0x80 | pad) << 56;
	for (int i = 0; i < 8; i++)
		le[i] = (uint8_t)(lf >> (8 * i));
	enc_raw(wal, le, 8);
	enc_raw(wal, rec, n);
	enc_raw(wal, zeros, pad);
}

enum { R_META = 1, R_ENTRY, R_STATE, R_CRC, R_SNAP };

/* walpb.Record {type, crc, data} framed onto wal, its CRC chained as
 * etcd's encoder does (a crc record carries the chain as it is); frees
 * data. */
static void add_record(struct enc *wal, int type, struct enc *data)
{
	struct enc rec = {0};

	if (data)
		wal->crc = crc32c_update(wal->crc, data->p, data->len);
	enc_uint(&rec, 1, (uint64_t)type);
	enc_uint(&rec, 2, wal->crc);
	if (data)
		enc_msg(&rec, 3, data);
	enc_frame(wal, rec.p, rec.len);
	free(rec.p);
}

/* raftpb.Entry {Type, Term, Index, Data} as an entry record; frees irr. */
static void add_entry_type(struct enc *wal, uint64_t type, uint64_t term,
			   uint64_t index, struct enc *irr)
{
	struct enc ent = {0};

	enc_uint(&ent, 1, type);
	enc_uint(&ent, 2, term);
	enc_uint(&ent, 3, index);
	if (irr)
		enc_msg(&ent, 4, irr);
	add_record(wal, R_ENTRY, &ent);
}

static void add_entry(struct enc *wal, uint64_t term, uint64_t index,
		      struct enc *irr)
{
	add_entry_type(wal, 0, term, index, irr);
}

static struct enc put_req(const char *key, const char *value)
{
	struct enc e = {0};

	enc_str(&e, 1, key);
	enc_str(&e, 2, value);
	enc_uint(&e, 3, 0); /* lease */
	return e;
}

/* InternalRaftRequest with body as field num, and a header, as etcd 3.4
 * writes it; frees body. */
static struct enc irr(uint32_t num, struct enc *body)
{
	struct enc e = {0}, hdr = {0};

	enc_uint(&hdr, 1, 0x69a6e8c4d6efbad6);
	enc_msg(&e, num, body);
	enc_msg(&e, 100, &hdr);
	return e;
}

static struct enc irr_put(const char *key, const char *value)
{
	struct enc p = put_req(key, value);

	return irr(4, &p);
}

/* A RequestOp holding a put (field 2) or a txn (field 4); frees body. */
static struct enc op(uint32_t num, struct enc *body)
{
	struct enc e = {0};

	enc_msg(&e, num, body);
	return e;
}

static struct enc op_put(const char *key, const char *value)
{
	struct enc p = put_req(key, value);

	return op(2, &p);
}

/* TxnRequest: a mod_revision compare, then a success and a failure
 * RequestOp (either may be empty); frees both. */
static struct enc txn(struct enc *success, struct enc *failure)
{
	struct enc e = {0}, cmp = {0};

	enc_uint(&cmp, 2, 2); /* target MOD */
	enc_str(&cmp, 3, "/registry/secrets/default/x");
	enc_uint(&cmp, 6, 0);
	enc_msg(&e, 1, &cmp);
	if (success && success->len)
		enc_msg(&e, 2, success);
	if (failure && failure->len)
		enc_msg(&e, 3, failure);
	free(success ? success->p : NULL);
	free(failure ? failure->p : NULL);
	return e;
}

/* What the callback saw. */
struct seen {
	char key[128], value[512];
	size_t klen, vlen;
	uint64_t term, index, offset;
	bool untrusted;
};

static struct seen seen[64];
static size_t nseen;
static struct wal_stats st;
static int stop_after; /* stop with 7 after this many puts; 0: never */

static int collect(const struct wal_put *p, void *arg)
{
	struct seen *s = &seen[nseen];

	cr_assert_eq(arg, &nseen);
	cr_assert_lt(nseen, 64);
	cr_assert_leq(p->klen, sizeof(s->key) - 1);
	memcpy(s->key, p->key, p->klen);
	s->key[p->klen] = '\0';
	s->klen = p->klen;
	s->vlen = p->vlen < sizeof(s->value) ? p->vlen : sizeof(s->value);
	if (s->vlen)
		memcpy(s->value, p->value, s->vlen);
	s->term = p->term;
	s->index = p->index;
	s->offset = p->offset;
	s->untrusted = p->untrusted;
	nseen++;
	if (stop_after && nseen == (size_t)stop_after)
		return 7;
	return 0;
}

static int scan(const struct enc *wal)
{
	nseen = 0;
	memset(&st, 0xa5, sizeof(st)); /* prove every field is written */
	return wal_scan_buf(wal->p, wal->len, collect, &nseen, &st);
}

static void expect_put(size_t i, const char *key, const char *value)
{
	cr_assert_lt(i, nseen, "put %zu of %zu", i, nseen);
	cr_assert_str_eq(seen[i].key, key);
	cr_assert_eq(seen[i].vlen, strlen(value), "value of %s", key);
	cr_assert(!memcmp(seen[i].value, value, seen[i].vlen));
}

/* The first records of every segment: crc, metadata, snapshot. */
static void add_head(struct enc *wal)
{
	struct enc meta = {0}, snap = {0};

	add_record(wal, R_CRC, NULL);
	enc_uint(&meta, 1, 0x8e9e05c52164694d);
	enc_uint(&meta, 2, 0xcdd2918bd2b881cf);
	add_record(wal, R_META, &meta);
	enc_uint(&snap, 1, 0);
	enc_uint(&snap, 2, 0);
	add_record(wal, R_SNAP, &snap);
}

Test(wal, plain_put)
{
	struct enc wal = {0}, r = irr_put("/registry/secrets/ns/a", "v1");
	size_t at;

	add_head(&wal);
	at = wal.len;
	add_entry(&wal, 2, 5, &r);
	cr_assert_eq(scan(&wal), 0);
	cr_assert_eq(nseen, 1);
	expect_put(0, "/registry/secrets/ns/a", "v1");
	cr_assert_eq(seen[0].term, 2);
	cr_assert_eq(seen[0].index, 5);
	cr_assert_eq(seen[0].offset, at);
	cr_assert_eq(st.records, 4);
	cr_assert_eq(st.entries, 1);
	cr_assert_eq(st.puts, 1);
	cr_assert_eq(st.end, wal.len);
	cr_assert(!st.torn);
	free(wal.p);
}

Test(wal, txn_put_in_success)
{
	struct enc wal = {0}, s = op_put("/registry/secrets/ns/b", "sv");
	struct enc t = txn(&s, NULL), r = irr(6, &t);

	add_entry(&wal, 3, 8, &r);
	cr_assert_eq(scan(&wal), 0);
	cr_assert_eq(nseen, 1);
	expect_put(0, "/registry/secrets/ns/b", "sv");
	cr_assert_eq(seen[0].index, 8);
	cr_assert_eq(st.puts, 1);
	free(wal.p);
}

Test(wal, txn_puts_in_both_branches)
{
	struct enc wal = {0}, s = op_put("/k/success", "S");
	struct enc f = op_put("/k/failure", "F"), t = txn(&s, &f);
	struct enc r = irr(6, &t);

	add_entry(&wal, 3, 9, &r);
	cr_assert_eq(scan(&wal), 0);
	cr_assert_eq(nseen, 2);
	expect_put(0, "/k/success", "S");
	expect_put(1, "/k/failure", "F");
	free(wal.p);
}

Test(wal, txn_put_in_failure_only)
{
	struct enc wal = {0}, f = op_put("/k/f", "only"), t = txn(NULL, &f);
	struct enc r = irr(6, &t);

	add_entry(&wal, 1, 1, &r);
	cr_assert_eq(scan(&wal), 0);
	cr_assert_eq(nseen, 1);
	expect_put(0, "/k/f", "only");
	free(wal.p);
}

/* A Txn nested depth deep (1: no nesting) with a put at the bottom. */
static struct enc nested(int depth)
{
	struct enc o = op_put("/k/deep", "d"), t = txn(&o, NULL);

	for (int i = 1; i < depth; i++) {
		o = op(4, &t);
		t = txn(&o, NULL);
	}
	return irr(6, &t);
}

Test(wal, nested_txn_depth_limit)
{
	struct enc wal = {0}, r8 = nested(8), r9 = nested(9);
	struct enc r2 = nested(2);

	add_entry(&wal, 1, 1, &r8);
	add_entry(&wal, 1, 2, &r9);
	add_entry(&wal, 1, 3, &r2);
	cr_assert_eq(scan(&wal), 0);
	cr_assert_eq(nseen, 2, "%zu puts", nseen);
	cr_assert_eq(seen[0].index, 1);
	cr_assert_eq(seen[1].index, 3);
	cr_assert_eq(st.entries, 3);
	cr_assert(!st.torn);
	free(wal.p);
}

Test(wal, delete_reports_no_put)
{
	struct enc wal = {0}, del = {0}, r;
	struct enc d2 = {0}, o, t, r2;

	enc_str(&del, 1, "/registry/secrets/ns/a");
	r = irr(5, &del);
	add_entry(&wal, 3, 10, &r);
	/* A delete inside a Txn: request_delete_range is field 3. */
	enc_str(&d2, 1, "/registry/secrets/ns/b");
	o = op(3, &d2);
	t = txn(&o, NULL);
	r2 = irr(6, &t);
	add_entry(&wal, 3, 11, &r2);
	cr_assert_eq(scan(&wal), 0);
	cr_assert_eq(nseen, 0);
	cr_assert_eq(st.entries, 2);
	cr_assert_eq(st.puts, 0);
	cr_assert(!st.torn);
	free(wal.p);
}

Test(wal, non_entry_records_skipped)
{
	struct enc wal = {0}, state = {0}, r = irr_put("/k", "v");

	add_head(&wal);
	enc_uint(&state, 1, 3);
	enc_uint(&state, 3, 11);
	add_record(&wal, R_STATE, &state);
	add_record(&wal, 77, NULL); /* unknown type: skipped too */
	add_entry(&wal, 1, 1, &r);
	cr_assert_eq(scan(&wal), 0);
	cr_assert_eq(st.records, 6);
	cr_assert_eq(st.entries, 1);
	cr_assert_eq(nseen, 1);
	free(wal.p);
}

Test(wal, padding_every_length)
{
	struct enc wal = {0};
	char key[16], val[16];
	size_t offs[8];

	/* Values of 1..8 bytes make records of eight different lengths, so
	 * every padding from 0 to 7 occurs. */
	for (int i = 0; i < 8; i++) {
		struct enc r;

		snprintf(key, sizeof(key), "/k/%d", i);
		memset(val, 'a' + i, (size_t)i + 1);
		val[i + 1] = '\0';
		r = irr_put(key, val);
		offs[i] = wal.len;
		add_entry(&wal, 1, (uint64_t)i + 1, &r);
		cr_assert_eq(wal.len % 8, 0);
	}
	cr_assert_eq(scan(&wal), 0);
	cr_assert_eq(nseen, 8);
	for (int i = 0; i < 8; i++) {
		snprintf(key, sizeof(key), "/k/%d", i);
		memset(val, 'a' + i, (size_t)i + 1);
		val[i + 1] = '\0';
		expect_put((size_t)i, key, val);
		cr_assert_eq(seen[i].offset, offs[i]);
	}
	free(wal.p);
}

Test(wal, unpadded_frame)
{
	struct enc wal = {0}, rec = {0}, ent = {0}, r;
	uint8_t le[8] = {0};

	/* A length field without the padding bit, records back to back:
	 * etcd never writes it, but it decodes. */
	r = irr_put("/k/u", "uu");
	enc_uint(&ent, 2, 1);
	enc_msg(&ent, 4, &r);
	enc_uint(&rec, 1, R_ENTRY);
	enc_msg(&rec, 3, &ent);
	le[0] = (uint8_t)rec.len;
	enc_raw(&wal, le, 8);
	enc_raw(&wal, rec.p, rec.len);
	enc_raw(&wal, le, 8);
	enc_raw(&wal, rec.p, rec.len);
	cr_assert_eq(scan(&wal), 0);
	cr_assert_eq(nseen, 2);
	cr_assert_eq(seen[1].offset, 8 + rec.len);
	cr_assert_eq(st.end, wal.len);
	free(rec.p);
	free(wal.p);
}

Test(wal, zero_tail_ends_scan)
{
	struct enc wal = {0}, r = irr_put("/k", "v");
	uint8_t zeros[4096] = {0};
	size_t end;

	add_entry(&wal, 1, 1, &r);
	end = wal.len;
	enc_raw(&wal, zeros, sizeof(zeros));
	/* A record after the zeros is never reached. */
	r = irr_put("/k/after", "v");
	add_entry(&wal, 1, 2, &r);
	cr_assert_eq(scan(&wal), 0);
	cr_assert_eq(nseen, 1);
	cr_assert_eq(st.end, end);
	cr_assert(!st.torn);
	free(wal.p);
}

Test(wal, short_tail)
{
	struct enc wal = {0}, r = irr_put("/k", "v");
	uint8_t zeros[5] = {0}, junk[5] = {1, 2, 3, 4, 5};
	size_t end;

	add_entry(&wal, 1, 1, &r);
	end = wal.len;
	enc_raw(&wal, zeros, sizeof(zeros));
	cr_assert_eq(scan(&wal), 0);
	cr_assert_eq(st.end, end);
	cr_assert(!st.torn, "zeros short of a length field are the tail");
	wal.len = end;
	enc_raw(&wal, junk, sizeof(junk));
	cr_assert_eq(scan(&wal), 0);
	cr_assert_eq(nseen, 1);
	cr_assert_eq(st.end, end);
	cr_assert(st.torn);
	free(wal.p);
}

Test(wal, truncated_frame)
{
	struct enc wal = {0}, r = irr_put("/k/1", "one");
	size_t second;

	add_entry(&wal, 1, 1, &r);
	second = wal.len;
	r = irr_put("/k/2", "two");
	add_entry(&wal, 1, 2, &r);
	/* Every cut inside the second frame keeps the first put and stops
	 * at the second frame. */
	for (size_t cut = second + 1; cut < wal.len; cut++) {
		struct enc part = {.p = wal.p, .len = cut};

		cr_assert_eq(scan(&part), 0);
		cr_assert_eq(nseen, 1, "cut at %zu", cut);
		cr_assert_eq(st.end, second);
		cr_assert(st.torn, "cut at %zu", cut);
	}
	free(wal.p);
}

static void add_length_field(struct enc *wal, uint64_t lf)
{
	uint8_t le[8];

	for (int i = 0; i < 8; i++)
		le[i] = (uint8_t)(lf >> (8 * i));
	enc_raw(wal, le, 8);
}

Test(wal, length_past_end)
{
	struct enc wal = {0}, r = irr_put("/k", "v");
	uint8_t body[64];
	size_t end;

	add_entry(&wal, 1, 1, &r);
	end = wal.len;
	memset(body, 0x08, sizeof(body));
	add_length_field(&wal, 65);
	enc_raw(&wal, body, sizeof(body));
	cr_assert_eq(scan(&wal), 0);
	cr_assert_eq(nseen, 1);
	cr_assert_eq(st.end, end);
	cr_assert(st.torn);
	/* The padding counts too: 64 bytes plus 1 byte of padding. */
	wal.len = end;
	add_length_field(&wal, 64 | (uint64_t)0x81 << 56);
	enc_raw(&wal, body, sizeof(body));
	cr_assert_eq(scan(&wal), 0);
	cr_assert(st.torn);
	free(wal.p);
}

Test(wal, huge_length_field)
{
	static const uint64_t huge[] = {
		(64u << 20) + 1,
		0x00ffffffffffffffULL,
		0xffffffffffffffffULL,
		0x7fffffffffffffffULL,
	};
	struct enc wal = {0};
	uint8_t body[256] = {0};

	for (size_t i = 0; i < sizeof(huge) / sizeof(huge[0]); i++) {
		wal.len = 0;
		add_length_field(&wal, huge[i]);
		enc_raw(&wal, body, sizeof(body));
		/* Not even one record: not a WAL. */
		cr_assert_eq(scan(&wal), -EMEDIUMTYPE);
		cr_assert(st.torn, "length field %#lx", huge[i]);
		cr_assert_eq(st.end, 0);
		cr_assert_eq(st.records, 0);
	}
	free(wal.p);
}

Test(wal, record_not_protobuf)
{
	struct enc wal = {0}, r = irr_put("/k", "v");
	static const uint8_t junk[][8] = {
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, /* varint */
		{0x0b, 0, 0, 0, 0, 0, 0, 0},	   /* wire type 3 */
		{0x1a, 0x7f, 0, 0, 0, 0, 0, 0},	   /* data past end */
		{0x08, 0x02, 0x1d, 0, 0, 0, 0, 0}, /* data as fixed32 */
		{0x0a, 0x01, 0x02, 0, 0, 0, 0, 0}, /* type as bytes */
	};
	size_t end;

	add_entry(&wal, 1, 1, &r);
	end = wal.len;
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		wal.len = end;
		enc_frame(&wal, junk[i], 8);
		r = irr_put("/k/after", "v");
		add_entry(&wal, 1, 2, &r);
		cr_assert_eq(scan(&wal), 0);
		cr_assert(st.torn, "junk %zu", i);
		cr_assert_eq(st.end, end);
		cr_assert_eq(nseen, 1);
		cr_assert_eq(st.records, 1);
	}
	free(wal.p);
}

Test(wal, undecodable_entry_skipped)
{
	struct enc wal = {0}, bad = {0}, r = irr_put("/k/after", "v");
	static const uint8_t junk[] = {0x22, 0x05, 0x01}; /* short Data */

	enc_raw(&bad, junk, sizeof(junk));
	add_record(&wal, R_ENTRY, &bad);
	add_entry(&wal, 1, 2, &r);
	cr_assert_eq(scan(&wal), 0);
	cr_assert(!st.torn);
	cr_assert_eq(st.entries, 2);
	cr_assert_eq(nseen, 1);
	expect_put(0, "/k/after", "v");
	free(wal.p);
}

Test(wal, v2_request_and_conf_change_ignored)
{
	struct enc wal = {0}, v2 = {0}, val = put_req("/k/v2", "no");
	struct enc cc = irr_put("/k/cc", "no"), r = irr_put("/k/v3", "yes");

	/* A v2 Request {ID, Method "PUT", Path, Val}: its Val, read as an
	 * InternalRaftRequest's field 4, would be a valid PutRequest. */
	enc_uint(&v2, 1, 42);
	enc_str(&v2, 2, "PUT");
	enc_str(&v2, 3, "/0/members/1/attributes");
	enc_msg(&v2, 4, &val);
	add_entry(&wal, 2, 3, &v2);
	add_entry_type(&wal, 1, 2, 4, &cc); /* EntryConfChange */
	add_entry(&wal, 2, 5, &r);
	cr_assert_eq(scan(&wal), 0);
	cr_assert_eq(nseen, 1);
	expect_put(0, "/k/v3", "yes");
	cr_assert_eq(st.entries, 3);
	free(wal.p);
}

Test(wal, put_fields)
{
	struct enc wal = {0}, p1 = {0}, p2 = {0}, p3 = {0}, r;

	enc_str(&p1, 1, "/k/novalue"); /* ignore_value puts carry none */
	enc_uint(&p1, 5, 1);
	r = irr(4, &p1);
	add_entry(&wal, 1, 1, &r);
	enc_str(&p2, 2, "keyless"); /* etcd refuses an empty key */
	r = irr(4, &p2);
	add_entry(&wal, 1, 2, &r);
	enc_uint(&p3, 1, 5); /* key as a varint: not a PutRequest */
	enc_str(&p3, 2, "v");
	r = irr(4, &p3);
	add_entry(&wal, 1, 3, &r);
	cr_assert_eq(scan(&wal), 0);
	cr_assert_eq(nseen, 1);
	expect_put(0, "/k/novalue", "");
	cr_assert_eq(st.entries, 3);
	free(wal.p);
}

Test(wal, callback_stops_scan)
{
	struct enc wal = {0}, s = op_put("/k/2", "b"), f = op_put("/k/3", "c");
	struct enc r1 = irr_put("/k/1", "a"), t = txn(&s, &f), r2 = irr(6, &t);
	struct enc r3 = irr_put("/k/4", "d");
	size_t after;

	add_entry(&wal, 1, 1, &r1);
	add_entry(&wal, 1, 2, &r2);
	after = wal.len;
	add_entry(&wal, 1, 3, &r3);
	stop_after = 2;
	cr_assert_eq(scan(&wal), 7);
	cr_assert_eq(nseen, 2);
	cr_assert_eq(st.puts, 2);
	cr_assert_eq(st.end, after);
	cr_assert(!st.torn);
	free(wal.p);
}

Test(wal, empty_input)
{
	cr_assert_eq(wal_scan_buf(NULL, 0, collect, &nseen, &st), -EMEDIUMTYPE);
	cr_assert_eq(st.records, 0);
	cr_assert_eq(st.end, 0);
	cr_assert_eq(st.size, 0);
	cr_assert(!st.torn);
	/* Statistics are optional. */
	cr_assert_eq(wal_scan_buf(NULL, 0, collect, &nseen, NULL),
		     -EMEDIUMTYPE);
}

/* The real WAL: etcd 3.4.23 was started, given `put a v1`, a Txn (success
 * put b v2, failure put b-fail vfail), restarted, given a Txn (success put
 * c never, failure put c vc), `del a` and a put of a binary value. */
static void expect_real(void)
{
	static const char bin[] = "k8s\0\n\x0c\n\x02v1\x12\x06Secret";

	cr_assert_eq(nseen, 6);
	expect_put(0, "/registry/secrets/default/a", "v1");
	expect_put(1, "/registry/secrets/default/b", "v2");
	expect_put(2, "/registry/secrets/default/b-fail", "vfail");
	expect_put(3, "/registry/secrets/default/c", "never");
	expect_put(4, "/registry/secrets/default/c", "vc");
	cr_assert_str_eq(seen[5].key, "/registry/secrets/kube-system/bin");
	cr_assert_eq(seen[5].vlen, sizeof(bin) - 1);
	cr_assert(!memcmp(seen[5].value, bin, sizeof(bin) - 1));
	cr_assert_eq(seen[0].term, 2);
	cr_assert_eq(seen[0].index, 5);
	cr_assert_eq(seen[0].offset, 584);
	cr_assert_eq(seen[1].index, 8);
	cr_assert_eq(seen[2].index, 8);
	cr_assert_eq(seen[2].offset, 936);
	cr_assert_eq(seen[3].index, 9);
	cr_assert_eq(seen[5].term, 3);
	cr_assert_eq(seen[5].index, 11);
	cr_assert_eq(st.records, 23);
	cr_assert_eq(st.entries, 11);
	cr_assert_eq(st.puts, 6);
	cr_assert_eq(st.end, 1584);
	cr_assert(!st.torn);
	/* etcd's own CRCs check: the chain is computed as etcd does. */
	cr_assert_eq(st.crc_errors, 0);
	for (size_t i = 0; i < nseen; i++)
		cr_assert(!seen[i].untrusted, "put %zu", i);
}

static struct enc read_real(void)
{
	struct enc e = {0};
	uint8_t buf[4096];
	size_t n;
	FILE *f = fopen(REAL_WAL, "rb");

	cr_assert_not_null(f, "%s (run from the repo root)", REAL_WAL);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		enc_raw(&e, buf, n);
	fclose(f);
	return e;
}

Test(wal, real_etcd_34_buffer)
{
	struct enc wal = read_real();

	cr_assert_eq(wal.len, 1584);
	cr_assert_eq(scan(&wal), 0);
	expect_real();
	free(wal.p);
}

/* A temporary file holding wal, open for reading. */
static int tmp_fd(const struct enc *wal)
{
	char path[] = "/tmp/test_wal.XXXXXX";
	int fd = mkstemp(path);

	cr_assert_geq(fd, 0);
	unlink(path);
	cr_assert_eq(write(fd, wal->p, wal->len), (ssize_t)wal->len);
	return fd;
}

static int scan_fd(int fd)
{
	nseen = 0;
	memset(&st, 0xa5, sizeof(st));
	return wal_scan(fd, collect, &nseen, &st);
}

Test(wal, real_etcd_34_file_with_preallocated_tail)
{
	struct enc wal = read_real();
	uint8_t *zeros = calloc(1, 1 << 20);
	int fd;

	fd = open(REAL_WAL, O_RDONLY);
	cr_assert_geq(fd, 0);
	cr_assert_eq(scan_fd(fd), 0);
	expect_real();
	close(fd);
	/* As etcd leaves it: 64 MB preallocated, zeros after the records. */
	enc_raw(&wal, zeros, 1 << 20);
	fd = tmp_fd(&wal);
	cr_assert_eq(ftruncate(fd, 64000000), 0);
	cr_assert_eq(scan_fd(fd), 0);
	expect_real();
	close(fd);
	free(zeros);
	free(wal.p);
}

/* Checks that the puts come in order, /k/0, /k/1, ..., and counts them. */
static int count_in_order(const struct wal_put *p, void *arg)
{
	size_t *n = arg;
	char key[32];
	size_t want = *n == 3000 ? 300000 : strlen("small value");

	snprintf(key, sizeof(key), "/k/%zu", *n);
	cr_assert_eq(p->klen, strlen(key));
	cr_assert(!memcmp(p->key, key, p->klen), "put %zu", *n);
	cr_assert_eq(p->vlen, want, "put %zu", *n);
	cr_assert_eq(p->index, *n + 1);
	(*n)++;
	return 0;
}

Test(wal, file_frames_across_windows)
{
	struct enc wal = {0}, r;
	struct wal_stats bst;
	char *big = malloc(300001), key[32];
	size_t n = 0;
	int fd;

	/* Many small records, then one bigger than a read window, then more:
	 * frames straddle window edges. */
	cr_assert_not_null(big);
	memset(big, 'B', 300000);
	big[300000] = '\0';
	for (int i = 0; i < 6000; i++) {
		snprintf(key, sizeof(key), "/k/%d", i);
		r = irr_put(key, i == 3000 ? big : "small value");
		add_entry(&wal, 1, (uint64_t)i + 1, &r);
	}
	cr_assert_gt(wal.len, 512 << 10);
	fd = tmp_fd(&wal);
	cr_assert_eq(wal_scan(fd, count_in_order, &n, &st), 0);
	cr_assert_eq(n, 6000);
	cr_assert_eq(st.puts, 6000);
	cr_assert_eq(st.end, wal.len);
	cr_assert(!st.torn);
	n = 0;
	cr_assert_eq(wal_scan_buf(wal.p, wal.len, count_in_order, &n, &bst), 0);
	cr_assert(!memcmp(&st, &bst, sizeof(st)));
	close(fd);
	free(big);
	free(wal.p);
}

Test(wal, bad_fd)
{
	cr_assert_eq(wal_scan(-1, collect, &nseen, &st), -EBADF);
}

/* Three entries after the segment head, each a put of /k/N. Returns the
 * frame offsets of the entries in off[0..3). */
static struct enc three_puts(size_t off[3])
{
	struct enc wal = {0}, r;
	char key[8], value[16];

	add_head(&wal);
	for (int i = 0; i < 3; i++) {
		snprintf(key, sizeof(key), "/k/%d", i);
		snprintf(value, sizeof(value), "value-%d", i);
		r = irr_put(key, value);
		off[i] = wal.len;
		add_entry(&wal, 1, (uint64_t)i + 1, &r);
	}
	return wal;
}

/* The byte of wal where text starts (it must be there once). */
static uint8_t *find(struct enc *wal, const char *text)
{
	uint8_t *p = memmem(wal->p, wal->len, text, strlen(text));

	cr_assert_not_null(p, "%s", text);
	return p;
}

Test(wal, crc_chain_good)
{
	size_t off[3];
	struct enc wal = three_puts(off);

	cr_assert_eq(scan(&wal), 0);
	cr_assert_eq(nseen, 3);
	cr_assert_eq(st.records, 6);
	cr_assert_eq(st.crc_errors, 0);
	for (size_t i = 0; i < nseen; i++)
		cr_assert(!seen[i].untrusted);
	free(wal.p);
}

/* A segment after the first opens with a crc record carrying the previous
 * segment's chain: read alone, the chain starts there. */
Test(wal, crc_chain_from_previous_segment)
{
	struct enc wal = {.crc = 0x5ca1ab1e}, r = irr_put("/k", "v");

	add_head(&wal);
	add_entry(&wal, 1, 1, &r);
	cr_assert_eq(scan(&wal), 0);
	cr_assert_eq(nseen, 1);
	cr_assert_eq(st.crc_errors, 0);
	cr_assert(!seen[0].untrusted);
	free(wal.p);
}

/* A byte of the second entry's data changed: its CRC fails, and so does
 * every later one (the chain runs over the changed bytes). All three
 * puts are still reported; the second and third as untrusted. */
Test(wal, crc_bad_data)
{
	size_t off[3];
	struct enc wal = three_puts(off);

	find(&wal, "value-1")[0] = 'V';
	cr_assert_eq(scan(&wal), 0);
	cr_assert_eq(nseen, 3);
	cr_assert_eq(st.crc_errors, 2);
	cr_assert_eq(st.first_bad_crc, off[1]);
	cr_assert(!seen[0].untrusted);
	cr_assert(seen[1].untrusted);
	cr_assert(seen[2].untrusted);
	expect_put(1, "/k/1", "Value-1");
	cr_assert(!st.torn);
	free(wal.p);
}

/* Only the stored CRC of the first entry is wrong: one mismatch (the
 * chain runs over the data, which is intact), but nothing after it is
 * vouched for any more. */
Test(wal, crc_bad_crc_field)
{
	size_t off[3];
	struct enc wal = three_puts(off);

	/* The record starts {0x08, type, 0x10, crc varint...}: flip the
	 * low bits of the CRC's first byte, which keeps the varint's
	 * length. */
	cr_assert_eq(wal.p[off[0] + 8], 0x08);
	cr_assert_eq(wal.p[off[0] + 10], 0x10);
	wal.p[off[0] + 11] ^= 0x01;
	cr_assert_eq(scan(&wal), 0);
	cr_assert_eq(nseen, 3);
	cr_assert_eq(st.crc_errors, 1);
	cr_assert_eq(st.first_bad_crc, off[0]);
	cr_assert(seen[0].untrusted);
	cr_assert(seen[1].untrusted);
	cr_assert(seen[2].untrusted);
	free(wal.p);
}

/* A crc record in the middle must carry the chain so far; one that does
 * not is a mismatch (etcd's ReadAll refuses the WAL), and the chain
 * restarts at its value. */
Test(wal, crc_record_mismatch)
{
	struct enc wal = {0}, r = irr_put("/k/0", "v");

	add_head(&wal);
	add_entry(&wal, 1, 1, &r);
	add_record(&wal, R_CRC, NULL); /* right: no error */
	wal.crc ^= 0xffff;	       /* the next crc record is wrong */
	add_record(&wal, R_CRC, NULL);
	r = irr_put("/k/1", "v");
	add_entry(&wal, 1, 2, &r);
	cr_assert_eq(scan(&wal), 0);
	cr_assert_eq(nseen, 2);
	cr_assert_eq(st.crc_errors, 1);
	cr_assert(!seen[0].untrusted);
	cr_assert(seen[1].untrusted);
	free(wal.p);
}

/* Files that are not a WAL: -EMEDIUMTYPE, no put. */
Test(wal, not_a_wal)
{
	static const char text[] = "apiVersion: v1\nkind: Secret\n";
	uint8_t zeros[4096] = {0}, noise[4096];
	struct enc rec = {0}, wal = {0};

	cr_assert_eq(wal_scan_buf((const uint8_t *)text, sizeof(text) - 1,
				  collect, &nseen, &st),
		     -EMEDIUMTYPE);
	cr_assert_eq(wal_scan_buf(zeros, sizeof(zeros), collect, &nseen, &st),
		     -EMEDIUMTYPE);
	cr_assert(!st.torn, "zeros are a segment never written");
	for (size_t i = 0; i < sizeof(noise); i++)
		noise[i] = (uint8_t)(i * 2654435761u >> 11);
	cr_assert_eq(wal_scan_buf(noise, sizeof(noise), collect, &nseen, &st),
		     -EMEDIUMTYPE);
	/* A sound frame and protobuf, but of no record type etcd writes. */
	enc_uint(&rec, 1, 9);
	enc_frame(&wal, rec.p, rec.len);
	cr_assert_eq(scan(&wal), -EMEDIUMTYPE);
	cr_assert_eq(nseen, 0);
	free(rec.p);
	free(wal.p);
}
