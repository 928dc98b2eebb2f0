/* Kubernetes values as stored in etcd: key splits, the encryption
 * prefix, the protobuf envelope with a v1.Secret, JSON, and the views on
 * Secret values (base64, docker auths, JWT claims). The byte strings are
 * built by a tiny encoder below. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "etcd/k8s.h"
#include "util/strbuf.h"

static void put_varint(struct strbuf *sb, uint64_t v)
{
	while (v >= 0x80) {
		strbuf_addch(sb, (int)(v & 0x7f) | 0x80);
		v >>= 7;
	}
	strbuf_addch(sb, (int)v);
}

static void put_uint(struct strbuf *sb, uint32_t num, uint64_t v)
{
	put_varint(sb, (uint64_t)num << 3);
	put_varint(sb, v);
}

static void put_bytes(struct strbuf *sb, uint32_t num, const void *p, size_t n)
{
	put_varint(sb, (uint64_t)num << 3 | 2);
	put_varint(sb, n);
	strbuf_add(sb, p, n);
}

static void put_str(struct strbuf *sb, uint32_t num, const char *s)
{
	put_bytes(sb, num, s, strlen(s));
}

static void put_msg(struct strbuf *sb, uint32_t num, const struct strbuf *m)
{
	put_bytes(sb, num, m->buf, m->len);
}

static void put_entry(struct strbuf *sb, uint32_t num, const char *k,
		      const void *v, size_t vlen)
{
	struct strbuf e = STRBUF_INIT;

	put_str(&e, 1, k);
	put_bytes(&e, 2, v, vlen);
	put_msg(sb, num, &e);
	strbuf_release(&e);
}

/* Concatenate the parts in order or reversed: any field order must
 * decode the same. */
static void join(struct strbuf *out, struct strbuf *parts, size_t n,
		 bool reverse)
{
	for (size_t i = 0; i < n; i++) {
		struct strbuf *p = &parts[reverse ? n - 1 - i : i];

		strbuf_add(out, p->buf, p->len);
		strbuf_release(p);
	}
}

static void b64enc(struct strbuf *sb, const void *data, size_t n, bool url,
		   bool pad)
{
	const char *std = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			  "0123456789+/";
	const char *alt = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			  "0123456789-_";
	const char *a = url ? alt : std;
	const uint8_t *p = data;
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | p[i + 1] << 8 | p[i + 2];

		strbuf_addch(sb, a[v >> 18]);
		strbuf_addch(sb, a[(v >> 12) & 63]);
		strbuf_addch(sb, a[(v >> 6) & 63]);
		strbuf_addch(sb, a[v & 63]);
	}
	if (n - i == 1) {
		strbuf_addch(sb, a[p[i] >> 2]);
		strbuf_addch(sb, a[(p[i] & 3) << 4]);
		if (pad)
			strbuf_addstr(sb, "==");
	} else if (n - i == 2) {
		uint32_t v = (uint32_t)p[i] << 8 | p[i + 1];

		strbuf_addch(sb, a[v >> 10]);
		strbuf_addch(sb, a[(v >> 4) & 63]);
		strbuf_addch(sb, a[(v & 15) << 2]);
		if (pad)
			strbuf_addch(sb, '=');
	}
}

#define LAST_APPLIED "kubectl.kubernetes.io/last-applied-configuration"
#define LA_VALUE "{\"data\":{\"tls.key\":\"c2VjcmV0\"},\"kind\":\"Secret\"}"
#define TS 1704164645 /* 2024-01-02T03:04:05Z */

/* ObjectMeta as the apiserver writes it (gogo order, empty strings). */
static void object_meta(struct strbuf *out, bool reverse)
{
	struct strbuf f[9], ts = STRBUF_INIT;

	for (size_t i = 0; i < 9; i++)
		strbuf_init(&f[i], 0);
	put_str(&f[0], 1, "web-tls");
	put_str(&f[1], 2, "");
	put_str(&f[2], 3, "prod");
	put_str(&f[3], 5, "6f1c3c1e-2b47-4d0e-9a57-1f0d2c3b4a59");
	put_str(&f[4], 6, "");
	put_uint(&f[5], 7, 0);
	put_uint(&ts, 1, TS);
	put_uint(&ts, 2, 0);
	put_msg(&f[6], 8, &ts);
	put_entry(&f[7], 12, LAST_APPLIED, LA_VALUE, strlen(LA_VALUE));
	put_entry(&f[8], 12, "team", "payments", 8);
	join(out, f, 9, reverse);
	strbuf_release(&ts);
}

static void tls_secret(struct strbuf *out, bool reverse)
{
	struct strbuf f[6], meta = STRBUF_INIT;

	for (size_t i = 0; i < 6; i++)
		strbuf_init(&f[i], 0);
	object_meta(&meta, reverse);
	put_msg(&f[0], 1, &meta);
	put_entry(&f[1], 2, "tls.crt", "-----BEGIN CERTIFICATE-----", 27);
	put_entry(&f[2], 2, "tls.key", "KEY\0BYTES", 9);
	put_entry(&f[3], 2, "ca.crt", "", 0);
	put_str(&f[4], 3, "kubernetes.io/tls");
	put_uint(&f[5], 5, 1);
	join(out, f, 6, reverse);
	strbuf_release(&meta);
}

/* "k8s\0" + runtime.Unknown, with fields 3 and 4 present and empty. */
static void envelope(struct strbuf *out, const char *kind,
		     const struct strbuf *raw)
{
	struct strbuf tm = STRBUF_INIT;

	strbuf_add(out, "k8s\0", 4);
	put_str(&tm, 1, "v1");
	put_str(&tm, 2, kind);
	put_msg(out, 1, &tm);
	put_msg(out, 2, raw);
	strbuf_add(out, "\x1a\x00\x22\x00", 4);
	strbuf_release(&tm);
}

static void decode(const struct strbuf *sb, struct k8s_secret *s)
{
	cr_assert_eq(k8s_secret_decode((const uint8_t *)sb->buf, sb->len, s),
		     0);
}

static void decode_str(const char *v, struct k8s_secret *s)
{
	cr_assert_eq(k8s_secret_decode((const uint8_t *)v, strlen(v), s), 0);
}

static void check_tls(const struct k8s_secret *s)
{
	cr_assert_eq(s->storage, K8S_STORE_PROTOBUF);
	cr_assert(!s->decode_error);
	cr_assert_str_eq(s->api_version, "v1");
	cr_assert_str_eq(s->kind, "Secret");
	cr_assert_str_eq(s->name, "web-tls");
	cr_assert_str_eq(s->ns, "prod");
	cr_assert_str_eq(s->uid, "6f1c3c1e-2b47-4d0e-9a57-1f0d2c3b4a59");
	cr_assert_str_eq(s->type, "kubernetes.io/tls");
	cr_assert(s->has_created);
	cr_assert_eq(s->created, TS);
	cr_assert(s->immutable);
	cr_assert_eq(s->last_applied_len, strlen(LA_VALUE));
	cr_assert_str_eq(s->last_applied, LA_VALUE);
	cr_assert_eq(s->ndata, 3);
	cr_assert_eq(s->head_len, 0);
}

static const struct k8s_data_item *item(const struct k8s_secret *s,
					const char *key)
{
	for (size_t i = 0; i < s->ndata; i++)
		if (s->data[i].key_len == strlen(key) &&
		    !memcmp(s->data[i].key, key, s->data[i].key_len))
			return &s->data[i];
	cr_assert_fail("no data key %s", key);
	return NULL;
}

Test(k8s, protobuf_tls_secret)
{
	struct strbuf raw = STRBUF_INIT, v = STRBUF_INIT;
	struct k8s_secret s;

	tls_secret(&raw, false);
	envelope(&v, "Secret", &raw);
	/* The exact start the apiserver writes. */
	cr_assert(!memcmp(v.buf, "k8s\0\x0a\x0c\x0a\x02v1\x12\x06Secret\x12",
			  19));
	decode(&v, &s);
	check_tls(&s);
	cr_assert_str_eq(s.data[0].key, "tls.crt");
	cr_assert_eq(item(&s, "tls.key")->len, 9);
	cr_assert(!memcmp(item(&s, "tls.key")->value, "KEY\0BYTES\0", 10));
	cr_assert_eq(item(&s, "ca.crt")->len, 0);
	cr_assert_eq(item(&s, "ca.crt")->value[0], '\0');
	k8s_secret_release(&s);
	strbuf_release(&raw);
	strbuf_release(&v);
}

Test(k8s, protobuf_fields_reversed)
{
	struct strbuf raw = STRBUF_INIT, v = STRBUF_INIT, tm = STRBUF_INIT;
	struct k8s_secret s;

	tls_secret(&raw, true);
	/* The envelope reversed too, typeMeta's fields included. */
	strbuf_add(&v, "k8s\0", 4);
	strbuf_add(&v, "\x22\x00\x1a\x00", 4);
	put_msg(&v, 2, &raw);
	put_str(&tm, 2, "Secret");
	put_str(&tm, 1, "v1");
	put_msg(&v, 1, &tm);
	decode(&v, &s);
	check_tls(&s);
	cr_assert_str_eq(s.data[0].key, "ca.crt");
	k8s_secret_release(&s);
	strbuf_release(&raw);
	strbuf_release(&v);
	strbuf_release(&tm);
}

Test(k8s, protobuf_configmap_metadata_only)
{
	struct strbuf raw = STRBUF_INIT, v = STRBUF_INIT;
	struct k8s_secret s;

	tls_secret(&raw, false);
	envelope(&v, "ConfigMap", &raw);
	decode(&v, &s);
	cr_assert_eq(s.storage, K8S_STORE_PROTOBUF);
	cr_assert_str_eq(s.kind, "ConfigMap");
	cr_assert_str_eq(s.name, "web-tls");
	cr_assert_str_eq(s.ns, "prod");
	cr_assert_eq(s.ndata, 0);
	cr_assert_null(s.type);
	cr_assert(!s.immutable);
	k8s_secret_release(&s);
	strbuf_release(&raw);
	strbuf_release(&v);
}

Test(k8s, protobuf_map_entry_halves_missing)
{
	struct strbuf raw = STRBUF_INIT, v = STRBUF_INIT, e = STRBUF_INIT;
	struct k8s_secret s;

	put_str(&e, 1, "only-key");
	put_msg(&raw, 2, &e);
	strbuf_reset(&e);
	put_bytes(&e, 2, "only-value", 10);
	put_msg(&raw, 2, &e);
	put_bytes(&raw, 2, "", 0);
	envelope(&v, "Secret", &raw);
	decode(&v, &s);
	cr_assert(!s.decode_error);
	cr_assert_eq(s.ndata, 3);
	cr_assert_str_eq(s.data[0].key, "only-key");
	cr_assert_eq(s.data[0].len, 0);
	cr_assert_eq(s.data[1].key_len, 0);
	cr_assert_str_eq((char *)s.data[1].value, "only-value");
	cr_assert_eq(s.data[2].key_len + s.data[2].len, 0);
	cr_assert_null(s.name);
	cr_assert(!s.has_created);
	k8s_secret_release(&s);
	strbuf_release(&raw);
	strbuf_release(&v);
	strbuf_release(&e);
}

Test(k8s, protobuf_truncated_envelope)
{
	struct strbuf raw = STRBUF_INIT, v = STRBUF_INIT;
	struct k8s_secret s;

	tls_secret(&raw, false);
	envelope(&v, "Secret", &raw);
	cr_assert_eq(k8s_secret_decode((const uint8_t *)v.buf, v.len / 2, &s),
		     0);
	cr_assert_eq(s.storage, K8S_STORE_UNKNOWN);
	cr_assert(s.decode_error);
	cr_assert_eq(s.head_len, 16);
	cr_assert(!memcmp(s.head, v.buf, 16));
	cr_assert_null(s.name);
	cr_assert_eq(s.ndata, 0);
	k8s_secret_release(&s);
	/* Just the magic. */
	cr_assert_eq(k8s_secret_decode((const uint8_t *)"k8s\0", 4, &s), 0);
	cr_assert_eq(s.storage, K8S_STORE_PROTOBUF);
	cr_assert_null(s.kind);
	k8s_secret_release(&s);
	strbuf_release(&raw);
	strbuf_release(&v);
}

Test(k8s, protobuf_hostile_lengths_inside)
{
	struct strbuf raw = STRBUF_INIT, v = STRBUF_INIT;
	struct k8s_secret s;

	put_entry(&raw, 2, "good", "1", 1);
	put_str(&raw, 3, "Opaque");
	/* A data entry claiming 2^63 bytes, then the end of the Secret. */
	strbuf_add(&raw,
		   "\x12\xff\xff\xff\xff\xff\xff\xff\xff\x7f"
		   "abc",
		   13);
	envelope(&v, "Secret", &raw);
	decode(&v, &s);
	cr_assert_eq(s.storage, K8S_STORE_PROTOBUF);
	cr_assert(s.decode_error);
	cr_assert_eq(s.ndata, 1);
	cr_assert_str_eq(s.type, "Opaque");
	cr_assert_eq(s.head_len, 16);
	k8s_secret_release(&s);
	/* A bad map entry and bad metadata are flagged, the rest kept. */
	strbuf_reset(&raw);
	strbuf_reset(&v);
	put_bytes(&raw, 1, "\x0a\x09short", 7);
	put_bytes(&raw, 2, "\x0b", 1);
	put_entry(&raw, 2, "k", "v", 1);
	envelope(&v, "Secret", &raw);
	decode(&v, &s);
	cr_assert(s.decode_error);
	cr_assert_eq(s.ndata, 1);
	k8s_secret_release(&s);
	strbuf_release(&raw);
	strbuf_release(&v);
}

Test(k8s, protobuf_wrong_wire_types_skipped)
{
	struct strbuf raw = STRBUF_INIT, v = STRBUF_INIT, m = STRBUF_INIT;
	struct k8s_secret s;

	put_uint(&m, 1, 7);	       /* name as a varint */
	put_bytes(&m, 8, "\x08", 1);   /* a broken Time */
	strbuf_addstr(&m, "\035wxyz"); /* namespace as fixed32 */
	put_str(&m, 3, "ns");
	put_msg(&raw, 1, &m);
	put_uint(&raw, 3, 1);	 /* type as a varint */
	put_str(&raw, 5, "yes"); /* immutable as bytes */
	put_str(&raw, 99, "future field");
	envelope(&v, "Secret", &raw);
	decode(&v, &s);
	cr_assert_eq(s.storage, K8S_STORE_PROTOBUF);
	cr_assert_null(s.name);
	cr_assert_str_eq(s.ns, "ns");
	cr_assert_null(s.type);
	cr_assert(!s.immutable);
	cr_assert(!s.has_created);
	cr_assert(s.decode_error); /* the Time */
	k8s_secret_release(&s);
	strbuf_release(&raw);
	strbuf_release(&v);
	strbuf_release(&m);
}

Test(k8s, json_secret_with_newline)
{
	const char *v =
		"{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{"
		"\"name\":\"db-creds\",\"namespace\":\"default\",\"uid\":\"u-"
		"1\","
		"\"creationTimestamp\":\"2024-01-02T03:04:05Z\","
		"\"annotations\":"
		"{\"" LAST_APPLIED "\":\"{}\\n\"}},"
		"\"data\":{\"password\":\"UExBSU5URVhULVBX\",\"user\":\"YWRt\","
		"\"nul\":\"AAE=\",\"raw\":\"YQ\"},"
		"\"stringData\":{\"x\":\"y\"},\"type\":\"Opaque\","
		"\"immutable\":true}\n";
	struct k8s_secret s;

	decode_str(v, &s);
	cr_assert_eq(s.storage, K8S_STORE_JSON);
	cr_assert(!s.decode_error);
	cr_assert_str_eq(s.kind, "Secret");
	cr_assert_str_eq(s.api_version, "v1");
	cr_assert_str_eq(s.name, "db-creds");
	cr_assert_str_eq(s.ns, "default");
	cr_assert_str_eq(s.uid, "u-1");
	cr_assert(s.has_created);
	cr_assert_eq(s.created, TS);
	cr_assert_str_eq(s.last_applied, "{}\n");
	cr_assert_eq(s.last_applied_len, 3);
	cr_assert_str_eq(s.type, "Opaque");
	cr_assert(s.immutable);
	cr_assert_eq(s.ndata, 4);
	cr_assert_str_eq((char *)item(&s, "password")->value, "PLAINTEXT-PW");
	cr_assert_str_eq((char *)item(&s, "user")->value, "adm");
	cr_assert_eq(item(&s, "nul")->len, 2);
	cr_assert(!memcmp(item(&s, "nul")->value, "\0\1", 2));
	cr_assert_str_eq((char *)item(&s, "raw")->value, "a");
	k8s_secret_release(&s);
}

Test(k8s, json_not_nul_terminated)
{
	const char v[] = "{\"kind\":\"Secret\",\"data\":{\"k\":\"dg==\"}}XXXX";
	struct k8s_secret s;

	size_t n = sizeof(v) - 5;

	cr_assert_eq(k8s_secret_decode((const uint8_t *)v, n, &s), 0);
	cr_assert_eq(s.storage, K8S_STORE_JSON);
	cr_assert_eq(s.ndata, 1);
	cr_assert_str_eq((char *)s.data[0].value, "v");
	cr_assert(!s.has_created);
	k8s_secret_release(&s);
	/* One byte short: the object never closes. */
	cr_assert_eq(k8s_secret_decode((const uint8_t *)v, n - 1, &s), 0);
	cr_assert_eq(s.storage, K8S_STORE_UNKNOWN);
	cr_assert(s.decode_error);
	cr_assert_eq(s.head_len, 16);
	k8s_secret_release(&s);
}

Test(k8s, json_invalid_base64)
{
	struct k8s_secret s;

	decode_str(
		"{\"kind\":\"Secret\",\"metadata\":{\"name\":\"x\","
		"\"creationTimestamp\":\"yesterday\"},"
		"\"data\":{\"bad\":\"not base64!\",\"ok\":\"b2s=\",\"n\":1}}",
		&s);
	cr_assert_eq(s.storage, K8S_STORE_JSON);
	cr_assert(s.decode_error);
	cr_assert(!s.has_created);
	cr_assert_eq(s.ndata, 2);
	cr_assert_str_eq((char *)item(&s, "bad")->value, "not base64!");
	cr_assert_str_eq((char *)item(&s, "ok")->value, "ok");
	cr_assert_eq(s.head_len, 16);
	k8s_secret_release(&s);
}

Test(k8s, json_other_kind_and_offsets)
{
	struct k8s_secret s;

	decode_str("{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm\","
		   "\"creationTimestamp\":\"2024-01-02T05:04:05.25+02:00\"},"
		   "\"data\":{\"a\":\"YQ==\"},\"type\":\"x\"}",
		   &s);
	cr_assert_eq(s.storage, K8S_STORE_JSON);
	cr_assert_str_eq(s.kind, "ConfigMap");
	cr_assert_str_eq(s.name, "cm");
	cr_assert_eq(s.created, TS);
	cr_assert_eq(s.ndata, 0);
	cr_assert_null(s.type);
	k8s_secret_release(&s);
	decode_str("{not json", &s);
	cr_assert_eq(s.storage, K8S_STORE_UNKNOWN);
	cr_assert(s.decode_error);
	cr_assert_eq(s.head_len, 9);
	k8s_secret_release(&s);
	decode_str("{\"metadata\":[1,2],\"kind\":7}", &s);
	cr_assert_eq(s.storage, K8S_STORE_JSON);
	cr_assert_null(s.kind);
	cr_assert_null(s.name);
	k8s_secret_release(&s);
}

static void check_enc(const char *v, const char *prov, const char *ver,
		      const char *name)
{
	struct k8s_secret s;

	decode_str(v, &s);
	cr_assert_eq(s.storage, K8S_STORE_ENCRYPTED, "%s", v);
	cr_assert(!s.decode_error, "%s", v);
	cr_assert_str_eq(s.provider, prov);
	cr_assert_str_eq(s.enc_version, ver);
	cr_assert_str_eq(s.key_name, name);
	cr_assert_null(s.kms_key_id);
	cr_assert_null(s.name);
	k8s_secret_release(&s);
}

Test(k8s, encrypted_prefixes)
{
	check_enc("k8s:enc:aescbc:v1:key1:\x8f\x01\x02", "aescbc", "v1",
		  "key1");
	check_enc("k8s:enc:aesgcm:v1:gcm-key-2024:nonce", "aesgcm", "v1",
		  "gcm-key-2024");
	check_enc("k8s:enc:secretbox:v1:sb:", "secretbox", "v1", "sb");
	check_enc("k8s:enc:kms:v1:vault-kms:\x00\x04"
		  "DEK!data",
		  "kms", "v1", "vault-kms");
	check_enc("k8s:enc::::", "", "", "");
}

Test(k8s, encrypted_kms_v2_key_id)
{
	struct strbuf v = STRBUF_INIT;
	struct k8s_secret s;

	strbuf_addstr(&v, "k8s:enc:kms:v2:cloud-kms:");
	put_bytes(&v, 1, "\x01\x02\x03", 3);
	put_str(&v, 2, "projects/p/keys/k/cryptoKeyVersions/7");
	put_bytes(&v, 3, "dek-seed", 8);
	put_uint(&v, 5, 1);
	decode(&v, &s);
	cr_assert_eq(s.storage, K8S_STORE_ENCRYPTED);
	cr_assert(!s.decode_error);
	cr_assert_str_eq(s.provider, "kms");
	cr_assert_str_eq(s.enc_version, "v2");
	cr_assert_str_eq(s.key_name, "cloud-kms");
	cr_assert_str_eq(s.kms_key_id, "projects/p/keys/k/cryptoKeyVersions/7");
	k8s_secret_release(&s);
	/* A broken EncryptedObject keeps the names and flags the rest. */
	strbuf_addstr(&v, "\x12\x50");
	decode(&v, &s);
	cr_assert(s.decode_error);
	cr_assert_str_eq(s.key_name, "cloud-kms");
	cr_assert_eq(s.head_len, 16);
	k8s_secret_release(&s);
	strbuf_release(&v);
}

Test(k8s, encrypted_name_without_colon)
{
	struct strbuf v = STRBUF_INIT;
	struct k8s_secret s;

	strbuf_addstr(&v, "k8s:enc:aescbc:v1:");
	for (int i = 0; i < 300; i++)
		strbuf_addch(&v, 'n');
	strbuf_addch(&v, ':');
	decode(&v, &s);
	cr_assert_eq(s.storage, K8S_STORE_ENCRYPTED);
	cr_assert(s.decode_error);
	cr_assert_eq(strlen(s.key_name), 256);
	k8s_secret_release(&s);
	/* Exactly 256 bytes, then ':': fine. */
	strbuf_reset(&v);
	strbuf_addstr(&v, "k8s:enc:aescbc:v1:");
	for (int i = 0; i < 256; i++)
		strbuf_addch(&v, 'n');
	strbuf_addstr(&v, ":ct");
	decode(&v, &s);
	cr_assert(!s.decode_error);
	cr_assert_eq(strlen(s.key_name), 256);
	k8s_secret_release(&s);
	/* The value ends inside a field. */
	decode_str("k8s:enc:aesgcm:v1:key", &s);
	cr_assert(s.decode_error);
	cr_assert_str_eq(s.key_name, "key");
	k8s_secret_release(&s);
	decode_str("k8s:enc:secretbox", &s);
	cr_assert_eq(s.storage, K8S_STORE_ENCRYPTED);
	cr_assert(s.decode_error);
	cr_assert_str_eq(s.provider, "secretbox");
	cr_assert_null(s.enc_version);
	cr_assert_null(s.key_name);
	k8s_secret_release(&s);
	decode_str("k8s:enc:", &s);
	cr_assert(s.decode_error);
	cr_assert_str_eq(s.provider, "");
	k8s_secret_release(&s);
	strbuf_release(&v);
}

Test(k8s, unknown_and_none)
{
	struct k8s_secret s;

	decode_str("\x89PNG\r\n\x1a\n0123456789abcdef", &s);
	cr_assert_eq(s.storage, K8S_STORE_UNKNOWN);
	cr_assert(!s.decode_error);
	cr_assert_eq(s.head_len, 16);
	cr_assert(!memcmp(s.head, "\x89PNG\r\n\x1a\n01234567", 16));
	k8s_secret_release(&s);
	decode_str("k8s", &s);
	cr_assert_eq(s.storage, K8S_STORE_UNKNOWN);
	cr_assert_eq(s.head_len, 3);
	k8s_secret_release(&s);
	decode_str("", &s);
	cr_assert_eq(s.storage, K8S_STORE_UNKNOWN);
	cr_assert_eq(s.head_len, 0);
	k8s_secret_release(&s);
	cr_assert_eq(k8s_secret_decode(NULL, 0, &s), 0);
	cr_assert_eq(s.storage, K8S_STORE_NONE);
	k8s_secret_release(&s);
	k8s_secret_release(&s);
}

Test(k8s, storage_names)
{
	cr_assert_str_eq(k8s_storage_name(K8S_STORE_NONE), "none");
	cr_assert_str_eq(k8s_storage_name(K8S_STORE_PROTOBUF), "protobuf");
	cr_assert_str_eq(k8s_storage_name(K8S_STORE_JSON), "json");
	cr_assert_str_eq(k8s_storage_name(K8S_STORE_ENCRYPTED), "encrypted");
	cr_assert_str_eq(k8s_storage_name(K8S_STORE_UNKNOWN), "unknown");
}

static void check_split(const char *key, size_t klen, const char *prefix,
			const char *res, const char *ns, const char *name)
{
	struct k8s_key k;

	cr_assert_eq(k8s_key_split((const uint8_t *)key, klen, &k), 0, "%s",
		     key);
	cr_assert_eq(k.prefix_len, strlen(prefix), "%s", key);
	cr_assert(!memcmp(k.prefix, prefix, k.prefix_len));
	cr_assert_eq(k.resource_len, strlen(res), "%s", key);
	cr_assert(!memcmp(k.resource, res, k.resource_len));
	if (ns) {
		cr_assert_not_null(k.ns, "%s", key);
		cr_assert_eq(k.ns_len, strlen(ns), "%s", key);
		cr_assert(!memcmp(k.ns, ns, k.ns_len));
	} else {
		cr_assert_null(k.ns, "%s", key);
		cr_assert_eq(k.ns_len, 0);
	}
	cr_assert_eq(k.name_len, strlen(name), "%s", key);
	cr_assert(!memcmp(k.name, name, k.name_len));
}

#define SPLIT(key, ...) check_split(key, strlen(key), __VA_ARGS__)
#define IS_SECRET(key) k8s_key_is_secret((const uint8_t *)key, strlen(key))

Test(k8s, key_split_secrets)
{
	SPLIT("/registry/secrets/default/db-creds", "/registry", "secrets",
	      "default", "db-creds");
	cr_assert(IS_SECRET("/registry/secrets/default/db-creds"));
	SPLIT("/kubernetes.io/secrets/openshift-infra/builder-token-x",
	      "/kubernetes.io", "secrets", "openshift-infra",
	      "builder-token-x");
	SPLIT("/a/b/secrets/n/m", "/a/b", "secrets", "n", "m");
	SPLIT("/secrets/n/m", "", "secrets", "n", "m");
	cr_assert(IS_SECRET("/secrets/n/m"));
	/* "secrets" as a namespace or name is not the resource. */
	SPLIT("/registry/secrets/secrets/secrets", "/registry", "secrets",
	      "secrets", "secrets");
}

Test(k8s, key_split_odd_names)
{
	const char nul[] = "/registry/secrets/ns\0x/n\0me";

	struct k8s_key k;

	cr_assert_eq(k8s_key_split((const uint8_t *)nul, sizeof(nul) - 1, &k),
		     0);
	cr_assert(k.ns_len == 4 && !memcmp(k.ns, "ns\0x", 4));
	cr_assert(k.name_len == 4 && !memcmp(k.name, "n\0me", 4));
	cr_assert(k8s_key_is_secret((const uint8_t *)nul, sizeof(nul) - 1));
	SPLIT("/registry/secrets/kube-system/sh.helm.release.v1.x.v3",
	      "/registry", "secrets", "kube-system", "sh.helm.release.v1.x.v3");
	SPLIT("/registry/secrets/ns/na me \xe2\x9c\x93\x1b[2J", "/registry",
	      "secrets", "ns", "na me \xe2\x9c\x93\x1b[2J");
	/* Empty segments are segments: not a Secret, split generically. */
	cr_assert(!IS_SECRET("/registry/secrets//n"));
	cr_assert(!IS_SECRET("/registry/secrets/n/"));
	cr_assert(!IS_SECRET("/registry/secrets/n/m/"));
	SPLIT("/registry/secrets/n/m/", "/registry", "secrets", "m", "");
}

Test(k8s, key_split_short_and_cluster_scoped)
{
	struct k8s_key k;

	cr_assert(!IS_SECRET("/registry/secrets/ns"));
	SPLIT("/registry/secrets/ns", "/registry", "secrets", NULL, "ns");
	SPLIT("/registry/namespaces/default", "/registry", "namespaces", NULL,
	      "default");
	SPLIT("/registry/configmaps/ns/name", "/registry", "configmaps", "ns",
	      "name");
	SPLIT("/registry/apiregistration.k8s.io/apiservices/v1.apps",
	      "/registry", "apiregistration.k8s.io", "apiservices", "v1.apps");
	SPLIT("/registry/g.io/res/ns/name", "/registry", "g.io", "ns", "name");
	SPLIT("/registry/ranges", "/registry", "ranges", NULL, "");
	cr_assert(!IS_SECRET("/registry/configmaps/ns/name"));
	cr_assert(!IS_SECRET("registry/secrets/ns/name"));
	cr_assert_eq(k8s_key_split((const uint8_t *)"/registry", 9, &k),
		     -EINVAL);
	cr_assert_eq(k8s_key_split((const uint8_t *)"registry/a/b", 12, &k),
		     -EINVAL);
	cr_assert_eq(k8s_key_split((const uint8_t *)"", 0, &k), -EINVAL);
	cr_assert_eq(k8s_key_split((const uint8_t *)"/", 1, &k), -EINVAL);
	cr_assert(!k8s_key_is_secret((const uint8_t *)"", 0));
}

static void check_b64(const char *in, const char *want, size_t wlen)
{
	uint8_t *out;
	size_t n;

	cr_assert_eq(k8s_base64_decode(in, strlen(in), &out, &n), 0, "%s", in);
	cr_assert_eq(n, wlen, "%s", in);
	cr_assert(!memcmp(out, want, wlen));
	cr_assert_eq(out[n], '\0');
	free(out);
}

static int b64_rc(const char *in)
{
	uint8_t *out = (uint8_t *)"x";
	size_t n = 7;
	int ret = k8s_base64_decode(in, strlen(in), &out, &n);

	if (!ret)
		free(out);
	else
		cr_assert_null(out);
	return ret;
}

Test(k8s, base64)
{
	check_b64("", "", 0);
	check_b64("YQ==", "a", 1);
	check_b64("YQ", "a", 1);
	check_b64("YWI=", "ab", 2);
	check_b64("YWI", "ab", 2);
	check_b64("YWJj", "abc", 3);
	check_b64("+/8A", "\xfb\xff\x00", 3);
	check_b64("UExBSU5URVhULVBX", "PLAINTEXT-PW", 12);
	cr_assert_eq(b64_rc("Y"), -EINVAL);
	cr_assert_eq(b64_rc("YQ="), -EINVAL);
	cr_assert_eq(b64_rc("YQ==="), -EINVAL);
	cr_assert_eq(b64_rc("YWJj===="), -EINVAL);
	cr_assert_eq(b64_rc("="), -EINVAL);
	cr_assert_eq(b64_rc("YW Jj"), -EINVAL);
	cr_assert_eq(b64_rc("YWJj\n"), -EINVAL);
	cr_assert_eq(b64_rc("-_8A"), -EINVAL);
	cr_assert_eq(b64_rc("YQ==YQ=="), -EINVAL);
}

struct auths {
	int n;
	char reg[4][64], user[4][64], pw[4][64];
	size_t pwlen[4];
};

static void on_auth(const char *registry, const char *user,
		    const char *password, size_t password_len, void *arg)
{
	struct auths *a = arg;

	cr_assert_not_null(user);
	cr_assert_not_null(password);
	cr_assert_lt(a->n, 4);
	snprintf(a->reg[a->n], 64, "%s", registry);
	snprintf(a->user[a->n], 64, "%s", user);
	cr_assert_lt(password_len, 64);
	memcpy(a->pw[a->n], password, password_len);
	a->pwlen[a->n] = password_len;
	a->n++;
}

static int auths_of(const char *json, struct auths *a)
{
	memset(a, 0, sizeof(*a));
	return k8s_docker_auths((const uint8_t *)json, strlen(json), on_auth,
				a);
}

Test(k8s, docker_auth_field)
{
	struct strbuf j = STRBUF_INIT;
	struct auths a;

	strbuf_addstr(&j, "{\"auths\":{\"registry.example.com\":{\"auth\":\"");
	b64enc(&j, "robot$ci:pa:ss\0w", 16, false, true);
	strbuf_addstr(&j, "\"},\"quay.io\":{\"auth\":\"");
	b64enc(&j, "nocolon", 7, false, true);
	strbuf_addstr(&j, "\"}}}\n");
	cr_assert_eq(auths_of(j.buf, &a), 2);
	cr_assert_str_eq(a.reg[0], "registry.example.com");
	cr_assert_str_eq(a.user[0], "robot$ci");
	cr_assert_eq(a.pwlen[0], 7);
	cr_assert(!memcmp(a.pw[0], "pa:ss\0w", 7));
	cr_assert_str_eq(a.user[1], "nocolon");
	cr_assert_eq(a.pwlen[1], 0);
	strbuf_release(&j);
}

Test(k8s, docker_username_password)
{
	struct auths a;

	cr_assert_eq(auths_of("{\"auths\":{\"https://index.docker.io/v1/\":"
			      "{\"username\":\"alice\",\"password\":\"s3cr3t\","
			      "\"email\":\"a@example.com\"},"
			      "\"empty\":{\"email\":\"x\"},\"num\":5}}",
			      &a),
		     1);
	cr_assert_str_eq(a.reg[0], "https://index.docker.io/v1/");
	cr_assert_str_eq(a.user[0], "alice");
	cr_assert_eq(a.pwlen[0], 6);
	cr_assert(!memcmp(a.pw[0], "s3cr3t", 6));
	cr_assert_eq(auths_of("{\"auths\":{\"r\":{\"password\":\"p\"}}}", &a),
		     1);
	cr_assert_str_eq(a.user[0], "");
}

Test(k8s, dockercfg_legacy)
{
	struct auths a;

	/* dXNlcjpwdw== is "user:pw". */
	cr_assert_eq(
		auths_of("{\"https://r1.io\":{\"auth\":\"dXNlcjpwdw==\","
			 "\"email\":\"e\"},"
			 "\"r2.io\":{\"username\":\"u2\",\"password\":\"p2\"}}",
			 &a),
		2);
	cr_assert_str_eq(a.reg[0], "https://r1.io");
	cr_assert_str_eq(a.user[0], "user");
	cr_assert_eq(a.pwlen[0], 2);
	cr_assert_str_eq(a.reg[1], "r2.io");
	cr_assert_str_eq(a.user[1], "u2");
	cr_assert_eq(auths_of("{}", &a), 0);
}

Test(k8s, docker_invalid)
{
	struct auths a;

	/* Bad base64 falls back to username/password, else no entry. */
	cr_assert_eq(auths_of("{\"auths\":{\"r\":{\"auth\":\"%%%\"}}}", &a), 0);
	cr_assert_eq(auths_of("{\"auths\":{\"r\":{\"auth\":\"!!\","
			      "\"username\":\"u\",\"password\":\"p\"}}}",
			      &a),
		     1);
	cr_assert_str_eq(a.user[0], "u");
	cr_assert_eq(auths_of("not json", &a), -EINVAL);
	cr_assert_eq(auths_of("[1,2]", &a), -EINVAL);
	cr_assert_eq(auths_of("{\"auths\":[]}", &a), -EINVAL);
	cr_assert_eq(auths_of("{\"auths\":{", &a), -EINVAL);
	cr_assert_eq(auths_of("", &a), -EINVAL);
	cr_assert_eq(a.n, 0);
}

/* A three-part token whose payload is json, signature "sig". */
static void jwt(struct strbuf *sb, const char *json)
{
	const char *hdr = "{\"alg\":\"RS256\",\"kid\":\"k1\"}";

	b64enc(sb, hdr, strlen(hdr), true, false);
	strbuf_addch(sb, '.');
	b64enc(sb, json, strlen(json), true, false);
	strbuf_addstr(sb, ".c2ln");
}

static int claims_of(const struct strbuf *sb, struct jwt_claims *c)
{
	return k8s_jwt_claims((const uint8_t *)sb->buf, sb->len, c);
}

Test(k8s, jwt_legacy)
{
	struct strbuf t = STRBUF_INIT;
	struct jwt_claims c;

	jwt(&t, "{\"iss\":\"kubernetes/serviceaccount\","
		"\"kubernetes.io/serviceaccount/namespace\":\"kube-system\","
		"\"kubernetes.io/serviceaccount/secret.name\":\"d-token-x\","
		"\"kubernetes.io/serviceaccount/"
		"service-account.name\":\"deployer\","
		"\"sub\":\"system:serviceaccount:kube-system:deployer\"}");
	cr_assert_eq(claims_of(&t, &c), 0);
	cr_assert_str_eq(c.iss, "kubernetes/serviceaccount");
	cr_assert_str_eq(c.sub, "system:serviceaccount:kube-system:deployer");
	cr_assert_str_eq(c.ns, "kube-system");
	cr_assert_str_eq(c.service_account, "deployer");
	cr_assert_eq(c.exp, 0);
	cr_assert_eq(c.iat, 0);
	jwt_claims_release(&c);
	strbuf_release(&t);
}

Test(k8s, jwt_bound)
{
	struct strbuf t = STRBUF_INIT;
	struct jwt_claims c;

	/* 46 bytes of payload: base64url without padding, with '-'/'_'. */
	jwt(&t, "{\"aud\":[\"https://kubernetes.default.svc\"],"
		"\"exp\":1735689600,\"iat\":1.7041e9,"
		"\"iss\":\"https://kubernetes.default.svc.cluster.local\","
		"\"kubernetes.io\":{\"namespace\":\"prod\",\"pod\":{\"name\":"
		"\"p\",\"uid\":\"u\"},\"serviceaccount\":{\"name\":\"app\","
		"\"uid\":\"u2\"}},\"nbf\":1,\"sub\":\"system:serviceaccount:"
		"prod:app\"}");
	cr_assert_eq(claims_of(&t, &c), 0);
	cr_assert_str_eq(c.iss, "https://kubernetes.default.svc.cluster.local");
	cr_assert_str_eq(c.ns, "prod");
	cr_assert_str_eq(c.service_account, "app");
	cr_assert_eq(c.exp, 1735689600);
	cr_assert_eq(c.iat, 1704100000);
	jwt_claims_release(&c);
	jwt_claims_release(&c);
	strbuf_release(&t);
}

Test(k8s, jwt_bad)
{
	struct strbuf t = STRBUF_INIT;
	struct jwt_claims c;

	/* Standard-alphabet '+' or '/' or padding-free '=' misuse. */
	strbuf_addstr(&t, "eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0+.sig");
	cr_assert_eq(claims_of(&t, &c), -EINVAL);
	cr_assert_null(c.iss);
	strbuf_reset(&t);
	strbuf_addstr(&t, "eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0");
	cr_assert_eq(claims_of(&t, &c), -EINVAL);
	strbuf_reset(&t);
	strbuf_addstr(&t, "eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.");
	cr_assert_eq(claims_of(&t, &c), 0); /* an unsigned token */
	cr_assert_str_eq(c.iss, "x");
	jwt_claims_release(&c);
	strbuf_addstr(&t, ".extra");
	cr_assert_eq(claims_of(&t, &c), -EINVAL);
	strbuf_reset(&t);
	jwt(&t, "[\"not an object\"]");
	cr_assert_eq(claims_of(&t, &c), -EINVAL);
	strbuf_reset(&t);
	jwt(&t, "{\"iss\":7,\"exp\":\"soon\",\"kubernetes.io\":\"x\"}");
	cr_assert_eq(claims_of(&t, &c), 0);
	cr_assert_null(c.iss);
	cr_assert_eq(c.exp, 0);
	cr_assert_null(c.ns);
	jwt_claims_release(&c);
	cr_assert_eq(k8s_jwt_claims((const uint8_t *)"", 0, &c), -EINVAL);
	cr_assert_eq(k8s_jwt_claims((const uint8_t *)"..", 2, &c), -EINVAL);
	strbuf_release(&t);
}
