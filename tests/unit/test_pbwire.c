/* The protobuf wire reader and etcd's mvcc records (revision keys,
 * KeyValue) on byte strings built by a tiny encoder below. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "etcd/mvcc.h"
#include "etcd/pbwire.h"
#include "util/strbuf.h"

static void put_varint(struct strbuf *sb, uint64_t v)
{
	while (v >= 0x80) {
		strbuf_addch(sb, (int)(v & 0x7f) | 0x80);
		v >>= 7;
	}
	strbuf_addch(sb, (int)v);
}

static void put_tag(struct strbuf *sb, uint32_t num, unsigned wire)
{
	put_varint(sb, (uint64_t)num << 3 | wire);
}

static void put_uint(struct strbuf *sb, uint32_t num, uint64_t v)
{
	put_tag(sb, num, PB_VARINT);
	put_varint(sb, v);
}

static void put_bytes(struct strbuf *sb, uint32_t num, const void *p, size_t n)
{
	put_tag(sb, num, PB_BYTES);
	put_varint(sb, n);
	strbuf_add(sb, p, n);
}

static void put_str(struct strbuf *sb, uint32_t num, const char *s)
{
	put_bytes(sb, num, s, strlen(s));
}

static const uint8_t *U(const struct strbuf *sb)
{
	return (const uint8_t *)sb->buf;
}

/* Decode one varint from a literal; returns pb_varint's result. */
static int varint_of(const char *s, size_t n, uint64_t *v, size_t *used)
{
	const uint8_t *p = (const uint8_t *)s;
	int ret = pb_varint(&p, p + n, v);

	*used = (size_t)(p - (const uint8_t *)s);
	return ret;
}

Test(pbwire, varint_one_byte)
{
	uint64_t v;
	size_t used;

	cr_assert_eq(varint_of("\x01", 1, &v, &used), 0);
	cr_assert_eq(v, 1);
	cr_assert_eq(used, 1);
	cr_assert_eq(varint_of("\x00", 1, &v, &used), 0);
	cr_assert_eq(v, 0);
	cr_assert_eq(varint_of("\xac\x02", 2, &v, &used), 0);
	cr_assert_eq(v, 300);
	cr_assert_eq(used, 2);
}

Test(pbwire, varint_ten_byte_negative)
{
	struct strbuf sb = STRBUF_INIT;
	uint64_t v;
	size_t used;

	put_varint(&sb, (uint64_t)(int64_t)-2);
	cr_assert_eq(sb.len, 10);
	cr_assert_eq(varint_of(sb.buf, sb.len, &v, &used), 0);
	cr_assert_eq((int64_t)v, -2);
	cr_assert_eq(used, 10);
	strbuf_reset(&sb);
	put_varint(&sb, UINT64_MAX);
	cr_assert_eq(varint_of(sb.buf, sb.len, &v, &used), 0);
	cr_assert_eq(v, UINT64_MAX);
	strbuf_release(&sb);
}

Test(pbwire, varint_too_long_or_truncated)
{
	uint64_t v;
	size_t used;

	/* 11 bytes: ten continuation bytes then a terminator. */
	cr_assert_eq(varint_of("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01",
			       11, &v, &used),
		     -EINVAL);
	/* A 10th byte over 1 overflows 64 bits. */
	cr_assert_eq(varint_of("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", 10,
			       &v, &used),
		     -EINVAL);
	cr_assert_eq(varint_of("\x80\x80", 2, &v, &used), -EINVAL);
	cr_assert_eq(varint_of("", 0, &v, &used), -EINVAL);
	cr_assert_eq(used, 0);
}

Test(pbwire, every_wire_type)
{
	struct strbuf sb = STRBUF_INIT;
	struct pb_reader r;
	struct pb_field f;

	put_uint(&sb, 1, 150);
	put_tag(&sb, 2, PB_FIXED64);
	strbuf_add(&sb, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	put_str(&sb, 3, "abc");
	put_tag(&sb, 4, PB_FIXED32);
	strbuf_add(&sb, "\x78\x56\x34\x12", 4);
	put_bytes(&sb, 536870911, "", 0); /* the largest field number */

	pb_init(&r, sb.buf, sb.len);
	cr_assert_eq(pb_next(&r, &f), 1);
	cr_assert(f.num == 1 && f.wire == PB_VARINT && f.v == 150);
	cr_assert_eq(pb_next(&r, &f), 1);
	cr_assert(f.num == 2 && f.wire == PB_FIXED64);
	cr_assert_eq(f.v, 0x0807060504030201ULL);
	cr_assert_eq(pb_next(&r, &f), 1);
	cr_assert(f.num == 3 && f.wire == PB_BYTES && f.len == 3);
	cr_assert(!memcmp(f.data, "abc", 3));
	cr_assert_eq(pb_next(&r, &f), 1);
	cr_assert(f.num == 4 && f.wire == PB_FIXED32 && f.v == 0x12345678);
	cr_assert_eq(pb_next(&r, &f), 1);
	cr_assert(f.num == 536870911 && f.len == 0);
	cr_assert_eq(pb_next(&r, &f), 0);
	cr_assert_eq(pb_next(&r, &f), 0);
	strbuf_release(&sb);
}

static int first(const char *s, size_t n)
{
	struct pb_reader r;
	struct pb_field f;

	pb_init(&r, s, n);
	return pb_next(&r, &f);
}

Test(pbwire, length_past_end)
{
	cr_assert_eq(first("\x0a\x05"
			   "abcd",
			   6),
		     -EINVAL);
	cr_assert_eq(first("\x0a\x04"
			   "abcd",
			   6),
		     1);
	/* A length near 2^64 must not wrap the bounds check. */
	cr_assert_eq(first("\x0a\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11),
		     -EINVAL);
	cr_assert_eq(first("\x09"
			   "1234567",
			   8),
		     -EINVAL);
	cr_assert_eq(first("\x0d"
			   "123",
			   4),
		     -EINVAL);
	cr_assert_eq(first("\x08", 1), -EINVAL);
	cr_assert_eq(first("\x0a", 1), -EINVAL);
}

Test(pbwire, field_zero_and_too_big)
{
	cr_assert_eq(first("\x02\x00", 2), -EINVAL);
	cr_assert_eq(first("\x00\x00", 2), -EINVAL);
	/* Field 2^29 does not exist. */
	cr_assert_eq(first("\x80\x80\x80\x80\x10\x00", 6), -EINVAL);
	cr_assert_eq(first("\xf8\xff\xff\xff\x0f\x00", 6), 1);
}

Test(pbwire, groups_and_bad_wire_types)
{
	cr_assert_eq(first("\x0b\x0c", 2), -EINVAL); /* start/end group */
	cr_assert_eq(first("\x0c", 1), -EINVAL);
	cr_assert_eq(first("\x0e\x00", 2), -EINVAL);
	cr_assert_eq(first("\x0f\x00", 2), -EINVAL);
}

Test(pbwire, error_stays_at_end)
{
	struct pb_reader r;
	struct pb_field f;

	pb_init(&r, "\x08\x01\x0b", 3);
	cr_assert_eq(pb_next(&r, &f), 1);
	cr_assert_eq(pb_next(&r, &f), -EINVAL);
	cr_assert_eq(pb_next(&r, &f), 0);
	pb_init(&r, NULL, 0);
	cr_assert_eq(pb_next(&r, &f), 0);
}

Test(mvcc, rev_two)
{
	struct mvcc_rev rev;
	const uint8_t k[] = {0, 0, 0, 0, 0, 0, 0, 2, '_',
			     0, 0, 0, 0, 0, 0, 0, 0};

	cr_assert_eq(mvcc_rev_parse(k, sizeof(k), &rev), 0);
	cr_assert_eq(rev.main, 2);
	cr_assert_eq(rev.sub, 0);
	cr_assert(!rev.tombstone);
}

Test(mvcc, rev_tombstone_and_big)
{
	struct mvcc_rev rev;
	const uint8_t k[] = {0, 0, 0, 1, 2, 3, 4, 5, '_',
			     0, 0, 0, 0, 0, 0, 0, 7, 't'};

	cr_assert_eq(mvcc_rev_parse(k, sizeof(k), &rev), 0);
	cr_assert_eq(rev.main, 0x0102030405LL);
	cr_assert_eq(rev.sub, 7);
	cr_assert(rev.tombstone);
}

Test(mvcc, rev_bad_shapes)
{
	struct mvcc_rev rev;
	uint8_t k[19] = {0, 0, 0, 0, 0, 0, 0, 2,   '_', 0,
			 0, 0, 0, 0, 0, 0, 0, 't', 't'};

	cr_assert_eq(mvcc_rev_parse(k, 16, &rev), -EINVAL);
	cr_assert_eq(mvcc_rev_parse(k, 19, &rev), -EINVAL);
	cr_assert_eq(mvcc_rev_parse(k, 0, &rev), -EINVAL);
	k[17] = 'x';
	cr_assert_eq(mvcc_rev_parse(k, 18, &rev), -EINVAL);
	k[8] = '-';
	cr_assert_eq(mvcc_rev_parse(k, 17, &rev), -EINVAL);
}

Test(mvcc, kv_as_etcd_writes_it)
{
	struct strbuf sb = STRBUF_INIT;
	struct mvcc_kv kv;

	put_str(&sb, 1, "/registry/secrets/default/db-creds");
	put_uint(&sb, 2, 2);
	put_uint(&sb, 3, 2);
	put_uint(&sb, 4, 1);
	put_bytes(&sb, 5, "k8s\0xyz", 7);
	cr_assert_eq(mvcc_kv_parse(U(&sb), sb.len, &kv), 0);
	cr_assert_eq(kv.klen, 34);
	cr_assert(!memcmp(kv.key, "/registry/secrets/default/db-creds", 34));
	cr_assert_eq(kv.create_revision, 2);
	cr_assert_eq(kv.mod_revision, 2);
	cr_assert_eq(kv.version, 1);
	cr_assert_eq(kv.lease, 0);
	cr_assert_eq(kv.vlen, 7);
	cr_assert(!memcmp(kv.value, "k8s\0xyz", 7));
	strbuf_release(&sb);
}

Test(mvcc, kv_reordered_with_lease_and_unknown)
{
	struct strbuf sb = STRBUF_INIT;
	struct mvcc_kv kv;

	put_uint(&sb, 6, 0x694d0c1f2e3a4b01ULL);
	put_bytes(&sb, 5, "v", 1);
	put_uint(&sb, 4, 3);
	put_tag(&sb, 9, PB_FIXED32);
	strbuf_add(&sb, "abcd", 4);
	put_uint(&sb, 3, (uint64_t)(int64_t)-5); /* 10-byte varint */
	put_str(&sb, 7, "unknown");
	put_uint(&sb, 2, 73);
	put_str(&sb, 1, "k");
	cr_assert_eq(mvcc_kv_parse(U(&sb), sb.len, &kv), 0);
	cr_assert_eq(kv.klen, 1);
	cr_assert_eq(kv.key[0], 'k');
	cr_assert_eq(kv.create_revision, 73);
	cr_assert_eq(kv.mod_revision, -5);
	cr_assert_eq(kv.version, 3);
	cr_assert_eq(kv.lease, 0x694d0c1f2e3a4b01LL);
	cr_assert_eq(kv.vlen, 1);
	strbuf_release(&sb);
}

Test(mvcc, kv_tombstone_key_only)
{
	struct strbuf sb = STRBUF_INIT;
	struct mvcc_kv kv;

	put_str(&sb, 1, "/registry/secrets/prod/api-key");
	cr_assert_eq(mvcc_kv_parse(U(&sb), sb.len, &kv), 0);
	cr_assert_eq(kv.klen, 30);
	cr_assert_null(kv.value);
	cr_assert_eq(kv.vlen, 0);
	cr_assert_eq(kv.create_revision + kv.mod_revision + kv.version, 0);
	strbuf_release(&sb);
}

Test(mvcc, kv_empty_value_is_not_absent)
{
	struct strbuf sb = STRBUF_INIT;
	struct mvcc_kv kv;

	put_str(&sb, 1, "k");
	put_bytes(&sb, 5, "", 0);
	cr_assert_eq(mvcc_kv_parse(U(&sb), sb.len, &kv), 0);
	cr_assert_not_null(kv.value);
	cr_assert_eq(kv.vlen, 0);
	strbuf_release(&sb);
}

Test(mvcc, kv_empty_or_broken)
{
	struct strbuf sb = STRBUF_INIT;
	struct mvcc_kv kv;

	cr_assert_eq(mvcc_kv_parse(NULL, 0, &kv), -EINVAL);
	cr_assert_eq(mvcc_kv_parse((const uint8_t *)"", 0, &kv), -EINVAL);
	put_uint(&sb, 2, 1);
	cr_assert_eq(mvcc_kv_parse(U(&sb), sb.len, &kv), -EINVAL); /* no key */
	strbuf_reset(&sb);
	put_str(&sb, 1, "key");
	put_tag(&sb, 5, PB_BYTES);
	put_varint(&sb, 100);
	strbuf_add(&sb, "short", 5);
	cr_assert_eq(mvcc_kv_parse(U(&sb), sb.len, &kv), -EINVAL);
	strbuf_reset(&sb);
	put_str(&sb, 1, "key");
	put_tag(&sb, 2, 3); /* a group */
	cr_assert_eq(mvcc_kv_parse(U(&sb), sb.len, &kv), -EINVAL);
	strbuf_release(&sb);
}
