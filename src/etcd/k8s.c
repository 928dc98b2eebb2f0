/* Kubernetes values in etcd: key layout, storage classification, the
 * encryption-at-rest prefix and the protobuf envelope with the v1.Secret
 * inside. JSON and the Secret-value views live in k8s_json.c and
 * k8s_views.c. */
#include "etcd/k8s.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "etcd/k8s_impl.h"
#include "etcd/pbwire.h"
#include "util/xalloc.h"

/* A slice of a key: one segment between slashes. */
struct seg {
	const uint8_t *p;
	size_t len;
};

/* The segments of a key after its leading '/'. Only the first two and
 * the last three are kept: that is all a split needs. */
struct segs {
	size_t n;
	struct seg head[2];
	struct seg tail[3]; /* tail[2] is the final segment */
};

static int key_segs(const uint8_t *key, size_t klen, struct segs *sg)
{
	const uint8_t *p, *end = key + klen;

	memset(sg, 0, sizeof(*sg));
	if (!klen || key[0] != '/')
		return -EINVAL;
	p = key + 1;
	for (;;) {
		const uint8_t *slash = memchr(p, '/', (size_t)(end - p));
		struct seg s = {p, (size_t)((slash ? slash : end) - p)};

		if (sg->n < 2)
			sg->head[sg->n] = s;
		sg->n++;
		sg->tail[0] = sg->tail[1];
		sg->tail[1] = sg->tail[2];
		sg->tail[2] = s;
		if (!slash)
			break;
		p = slash + 1;
	}
	return 0;
}

static bool seg_is(struct seg s, const char *str)
{
	return s.len == strlen(str) && !memcmp(s.p, str, s.len);
}

/* A Secret key: "secrets" third from the end, then a non-empty namespace
 * and name. Only that position can be followed by exactly two segments,
 * so whatever comes before it is the prefix ("/registry",
 * "/kubernetes.io", "/a/b", or nothing). */
static bool segs_secret(const struct segs *sg)
{
	return sg->n >= 3 && seg_is(sg->tail[0], "secrets") &&
	       sg->tail[1].len && sg->tail[2].len;
}

bool k8s_key_is_secret(const uint8_t *key, size_t klen)
{
	struct segs sg;

	return !key_segs(key, klen, &sg) && segs_secret(&sg);
}

/* Secrets: the prefix is everything before "/secrets". Any other key is
 * split simply, since "/registry/<group>/<resource>/..." cannot be told
 * from "/registry/<resource>/<ns>/<name>" without a schema: the prefix is
 * the first segment, the resource the second, and the namespace and name
 * the last two when there are four or more segments, the name alone when
 * there are three (cluster-scoped), an empty name when there are two. */
int k8s_key_split(const uint8_t *key, size_t klen, struct k8s_key *out)
{
	struct segs sg;
	struct seg res, ns = {NULL, 0}, name;

	memset(out, 0, sizeof(*out));
	if (key_segs(key, klen, &sg) || sg.n < 2)
		return -EINVAL;
	name = sg.tail[2];
	if (segs_secret(&sg)) {
		res = sg.tail[0];
		ns = sg.tail[1];
	} else {
		res = sg.head[1];
		if (sg.n >= 4)
			ns = sg.tail[1];
		else if (sg.n == 2)
			name = (struct seg){key + klen, 0};
	}
	out->prefix = (const char *)key;
	out->prefix_len = (size_t)(res.p - 1 - key); /* up to the '/' */
	out->resource = (const char *)res.p;
	out->resource_len = res.len;
	out->ns = (const char *)ns.p;
	out->ns_len = ns.len;
	out->name = (const char *)name.p;
	out->name_len = name.len;
	return 0;
}

const char *k8s_storage_name(enum k8s_storage s)
{
	switch (s) {
	case K8S_STORE_NONE:
		return "none";
	case K8S_STORE_PROTOBUF:
		return "protobuf";
	case K8S_STORE_JSON:
		return "json";
	case K8S_STORE_ENCRYPTED:
		return "encrypted";
	case K8S_STORE_UNKNOWN:
		break;
	}
	return "unknown";
}

void k8s_set_str(char **dst, const void *p, size_t n)
{
	free(*dst);
	*dst = xmemdup0(p, n);
}

void k8s_data_add(struct k8s_secret *s, const void *key, size_t klen,
		  const void *val, size_t vlen)
{
	k8s_data_add_ex(s, key, klen, val, vlen, false);
}

void k8s_data_add_ex(struct k8s_secret *s, const void *key, size_t klen,
		     const void *val, size_t vlen, bool borrow)
{
	struct k8s_data_item *it;

	/* The capacity is implied by ndata: 4, then each power of two. */
	if (!s->ndata || (s->ndata >= 4 && !(s->ndata & (s->ndata - 1)))) {
		size_t cap = s->ndata ? s->ndata * 2 : 4;

		s->data = xrealloc(s->data, cap * sizeof(*s->data));
	}
	it = &s->data[s->ndata++];
	it->key = xmemdup0(key, klen);
	it->key_len = klen;
	/* Borrowing casts const away; the audit only reads it. */
	it->value = borrow ? (uint8_t *)(uintptr_t)val
			   : (uint8_t *)xmemdup0(val, vlen);
	it->len = vlen;
	it->borrowed = borrow;
}

void k8s_set_head(struct k8s_secret *s, const uint8_t *val, size_t len)
{
	s->head_len = len < sizeof(s->head) ? len : sizeof(s->head);
	if (s->head_len)
		memcpy(s->head, val, s->head_len);
}

/* "k8s:enc:" is followed by provider, version and name, each ended by a
 * ':'. A field is at most 256 bytes; one with no ':' within that keeps
 * what is there and marks the value as not decoded. */
#define ENC_FIELD_MAX 256

static const uint8_t *enc_field(const uint8_t *p, const uint8_t *end,
				char **dst, struct k8s_secret *s)
{
	size_t room = (size_t)(end - p);
	size_t n = room < ENC_FIELD_MAX + 1 ? room : ENC_FIELD_MAX + 1;
	const uint8_t *colon = memchr(p, ':', n);

	if (!colon) {
		k8s_set_str(dst, p, n < ENC_FIELD_MAX ? n : ENC_FIELD_MAX);
		s->decode_error = true;
		return NULL;
	}
	k8s_set_str(dst, p, (size_t)(colon - p));
	return colon + 1;
}

static void decode_encrypted(const uint8_t *val, size_t len,
			     struct k8s_secret *s)
{
	const uint8_t *p = val + 8, *end = val + len;
	struct pb_reader r;
	struct pb_field f;
	int ret;

	s->storage = K8S_STORE_ENCRYPTED;
	if (!(p = enc_field(p, end, &s->provider, s)) ||
	    !(p = enc_field(p, end, &s->enc_version, s)) ||
	    !(p = enc_field(p, end, &s->key_name, s)))
		goto out_error;
	if (strcmp(s->provider, "kms") || strcmp(s->enc_version, "v2"))
		return;
	/* KMS v2: the rest is an EncryptedObject; field 2 is keyID. */
	pb_init(&r, p, (size_t)(end - p));
	while ((ret = pb_next(&r, &f)) > 0)
		if (f.num == 2 && f.wire == PB_BYTES)
			k8s_set_str(&s->kms_key_id, f.data, f.len);
	if (!ret)
		return;
	s->decode_error = true;
out_error:
	k8s_set_head(s, val, len);
}

/* A map<string, *> entry {1 key, 2 value}: a missing half is empty. */
static int map_entry(const uint8_t *buf, size_t len, struct seg *k,
		     struct seg *v)
{
	struct pb_reader r;
	struct pb_field f;
	int ret;

	*k = *v = (struct seg){(const uint8_t *)"", 0};
	pb_init(&r, buf, len);
	while ((ret = pb_next(&r, &f)) > 0) {
		if (f.wire != PB_BYTES)
			continue;
		if (f.num == 1)
			*k = (struct seg){f.data, f.len};
		else if (f.num == 2)
			*v = (struct seg){f.data, f.len};
	}
	return ret;
}

/* metav1.Time {1 seconds, 2 nanos}: only the seconds are kept. */
static int pb_time(const uint8_t *buf, size_t len, int64_t *secs)
{
	struct pb_reader r;
	struct pb_field f;
	int ret;

	*secs = 0;
	pb_init(&r, buf, len);
	while ((ret = pb_next(&r, &f)) > 0)
		if (f.num == 1 && f.wire == PB_VARINT)
			*secs = (int64_t)f.v;
	return ret;
}

static void pb_object_meta(const uint8_t *buf, size_t len, struct k8s_secret *s)
{
	struct pb_reader r;
	struct pb_field f;
	struct seg k, v;
	int ret;

	pb_init(&r, buf, len);
	while ((ret = pb_next(&r, &f)) > 0) {
		if (f.wire != PB_BYTES)
			continue;
		switch (f.num) {
		case 1:
			k8s_set_str(&s->name, f.data, f.len);
			break;
		case 3:
			k8s_set_str(&s->ns, f.data, f.len);
			break;
		case 5:
			k8s_set_str(&s->uid, f.data, f.len);
			break;
		case 8:
			if (pb_time(f.data, f.len, &s->created) < 0)
				s->decode_error = true;
			else
				s->has_created = true;
			break;
		case 12:
			if (map_entry(f.data, f.len, &k, &v) < 0)
				s->decode_error = true;
			else if (seg_is(k, K8S_LAST_APPLIED)) {
				k8s_set_str(&s->last_applied, v.p, v.len);
				s->last_applied_len = v.len;
			}
			break;
		}
	}
	if (ret < 0)
		s->decode_error = true;
}

/* v1.Secret: 1 metadata, 2 data entries, 3 type, 5 immutable. Any other
 * kind gets its metadata only. */
static void pb_object(const uint8_t *buf, size_t len, bool secret,
		      struct k8s_secret *s)
{
	struct pb_reader r;
	struct pb_field f;
	struct seg k, v;
	int ret;

	pb_init(&r, buf, len);
	while ((ret = pb_next(&r, &f)) > 0) {
		if (f.num == 1 && f.wire == PB_BYTES)
			pb_object_meta(f.data, f.len, s);
		if (!secret)
			continue;
		if (f.num == 2 && f.wire == PB_BYTES) {
			if (map_entry(f.data, f.len, &k, &v) < 0)
				s->decode_error = true;
			else
				k8s_data_add_ex(s, k.p, k.len, v.p, v.len,
						s->borrow);
		} else if (f.num == 3 && f.wire == PB_BYTES) {
			k8s_set_str(&s->type, f.data, f.len);
		} else if (f.num == 5 && f.wire == PB_VARINT) {
			s->immutable = f.v != 0;
		}
	}
	if (ret < 0)
		s->decode_error = true;
}

/* The byte fields 1 and 2 of the message at p (the last of each wins, as
 * protobuf's own decoders take them): fld[n - 1], have[n - 1]. Returns
 * pb_next's last result: 0, or negative when the message breaks off. */
static int pb_bytes_1_2(const uint8_t *p, size_t len, struct seg fld[2],
			bool have[2])
{
	struct pb_reader r;
	struct pb_field f;
	int ret;

	pb_init(&r, p, len);
	while ((ret = pb_next(&r, &f)) > 0) {
		if (f.wire != PB_BYTES || (f.num != 1 && f.num != 2))
			continue;
		fld[f.num - 1] = (struct seg){f.data, f.len};
		have[f.num - 1] = true;
	}
	return ret;
}

/* "k8s\0" + runtime.Unknown {1 typeMeta {1 apiVersion, 2 kind}, 2 raw,
 * 3 contentEncoding, 4 contentType}. An envelope that is not a message
 * leaves the value unknown; a Secret that breaks off inside keeps what
 * decoded before the break. */
static void decode_protobuf(const uint8_t *val, size_t len,
			    struct k8s_secret *s)
{
	/* top: {typeMeta, raw}; tm: {apiVersion, kind} */
	struct seg top[2] = {{NULL, 0}, {NULL, 0}},
		   tm[2] = {{NULL, 0}, {NULL, 0}};
	bool have_top[2] = {false, false}, have_tm[2] = {false, false};

	if (pb_bytes_1_2(val + 4, len - 4, top, have_top) < 0)
		goto out_unknown;
	if (have_top[0] && pb_bytes_1_2(top[0].p, top[0].len, tm, have_tm) < 0)
		goto out_unknown;
	s->storage = K8S_STORE_PROTOBUF;
	if (have_tm[0])
		k8s_set_str(&s->api_version, tm[0].p, tm[0].len);
	if (have_tm[1])
		k8s_set_str(&s->kind, tm[1].p, tm[1].len);
	if (have_top[1])
		pb_object(top[1].p, top[1].len,
			  have_tm[1] && seg_is(tm[1], "Secret"), s);
	if (s->decode_error)
		k8s_set_head(s, val, len);
	return;
out_unknown:
	s->storage = K8S_STORE_UNKNOWN;
	s->decode_error = true;
	k8s_set_head(s, val, len);
}

static int decode(const uint8_t *val, size_t len, struct k8s_secret *s,
		  bool borrow);

int k8s_secret_decode_borrow(const uint8_t *val, size_t len,
			     struct k8s_secret *s)
{
	return decode(val, len, s, true);
}

int k8s_secret_decode(const uint8_t *val, size_t len, struct k8s_secret *s)
{
	return decode(val, len, s, false);
}

static int decode(const uint8_t *val, size_t len, struct k8s_secret *s,
		  bool borrow)
{
	memset(s, 0, sizeof(*s));
	s->borrow = borrow;
	if (!val) {
		s->storage = K8S_STORE_NONE;
		return 0;
	}
	if (len >= 8 && !memcmp(val, "k8s:enc:", 8)) {
		decode_encrypted(val, len, s);
	} else if (len >= 4 && !memcmp(val, "k8s\0", 4)) {
		decode_protobuf(val, len, s);
	} else if (len >= 1 && val[0] == '{') {
		s->storage = K8S_STORE_JSON;
		k8s_json_decode(val, len, s);
	} else {
		s->storage = K8S_STORE_UNKNOWN;
		k8s_set_head(s, val, len);
	}
	return 0;
}

void k8s_secret_release(struct k8s_secret *s)
{
	free(s->provider);
	free(s->enc_version);
	free(s->key_name);
	free(s->kms_key_id);
	free(s->api_version);
	free(s->kind);
	free(s->name);
	free(s->ns);
	free(s->uid);
	free(s->type);
	for (size_t i = 0; i < s->ndata; i++) {
		free(s->data[i].key);
		if (!s->data[i].borrowed)
			free(s->data[i].value);
	}
	free(s->data);
	free(s->last_applied);
	memset(s, 0, sizeof(*s));
	s->storage = K8S_STORE_NONE;
}
