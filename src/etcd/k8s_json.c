/* JSON-stored Kubernetes objects ('{'), through json-c: metadata, and
 * for a Secret its base64 data, type and immutable flag. */
#include "etcd/k8s.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "etcd/k8s_impl.h"
#include "util/xalloc.h"

/* json_tokener_parse_ex takes an int length: feed a longer value in
 * pieces, which the tokener supports. */
#define JSON_CHUNK ((size_t)1 << 30)

struct json_object *k8s_json_parse(const uint8_t *buf, size_t len)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o = NULL;
	enum json_tokener_error e;
	size_t off = 0;

	if (!tok)
		return NULL;
	do {
		size_t n = len - off > JSON_CHUNK ? JSON_CHUNK : len - off;

		o = json_tokener_parse_ex(tok, (const char *)buf + off, (int)n);
		off += n;
		e = json_tokener_get_error(tok);
	} while (e == json_tokener_continue && off < len);
	json_tokener_free(tok);
	if (e != json_tokener_success) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

const char *k8s_json_str(struct json_object *obj, const char *key, size_t *len)
{
	struct json_object *v;

	*len = 0;
	if (!json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	*len = (size_t)json_object_get_string_len(v);
	return json_object_get_string(v);
}

/* Copy a string member to *dst when it is there. */
static void copy_str(struct json_object *obj, const char *key, char **dst)
{
	size_t n;
	const char *v = k8s_json_str(obj, key, &n);

	if (v)
		k8s_set_str(dst, v, n);
}

static int digits(const char *s, int n, int *out)
{
	*out = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		*out = *out * 10 + (s[i] - '0');
	}
	return 0;
}

/* RFC 3339 as Kubernetes writes it ("2024-01-02T03:04:05Z"), also with
 * a fraction or a numeric offset. */
static int rfc3339(const char *s, size_t n, int64_t *out)
{
	struct tm tm = {0};
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
	size_t i = 19;
	time_t t;

	if (n < 20 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':' ||
	    digits(s, 4, &y) || digits(s + 5, 2, &mo) || digits(s + 8, 2, &d) ||
	    digits(s + 11, 2, &h) || digits(s + 14, 2, &mi) ||
	    digits(s + 17, 2, &sec))
		return -EINVAL;
	if (s[i] == '.') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
	}
	if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
		i++;
	} else if (i < n && (s[i] == '+' || s[i] == '-')) {
		sign = s[i] == '+' ? 1 : -1;
		if (n - i < 6 || s[i + 3] != ':' || digits(s + i + 1, 2, &oh) ||
		    digits(s + i + 4, 2, &om) || oh > 23 || om > 59)
			return -EINVAL;
		i += 6;
	} else {
		return -EINVAL;
	}
	if (i != n || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || sec > 60)
		return -EINVAL;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm);
	*out = (int64_t)t - sign * (oh * 3600 + om * 60);
	return 0;
}

static void json_meta(struct json_object *meta, struct k8s_secret *s)
{
	struct json_object *ann;
	const char *v;
	size_t n;

	copy_str(meta, "name", &s->name);
	copy_str(meta, "namespace", &s->ns);
	copy_str(meta, "uid", &s->uid);
	if ((v = k8s_json_str(meta, "creationTimestamp", &n))) {
		if (!rfc3339(v, n, &s->created))
			s->has_created = true;
		else
			s->decode_error = true;
	}
	if (json_object_object_get_ex(meta, "annotations", &ann) &&
	    (v = k8s_json_str(ann, K8S_LAST_APPLIED, &n))) {
		k8s_set_str(&s->last_applied, v, n);
		s->last_applied_len = n;
	}
}

/* data: each value is base64; one that is not is kept as it is and the
 * value is marked as not fully decoded. */
static void json_data(struct json_object *data, struct k8s_secret *s)
{
	if (!json_object_is_type(data, json_type_object))
		return;
	json_object_object_foreach(data, key, val)
	{
		const char *str = json_object_get_string(val);
		size_t n = (size_t)json_object_get_string_len(val);
		uint8_t *dec;
		size_t dlen;

		if (!json_object_is_type(val, json_type_string)) {
			s->decode_error = true;
			continue;
		}
		if (!k8s_base64_decode(str, n, &dec, &dlen)) {
			k8s_data_add(s, key, strlen(key), dec, dlen);
			free(dec);
		} else {
			k8s_data_add(s, key, strlen(key), str, n);
			s->decode_error = true;
		}
	}
}

void k8s_json_decode(const uint8_t *val, size_t len, struct k8s_secret *s)
{
	struct json_object *obj = k8s_json_parse(val, len), *v;
	size_t n;
	const char *kind;

	if (!obj || !json_object_is_type(obj, json_type_object)) {
		s->storage = K8S_STORE_UNKNOWN;
		s->decode_error = true;
		goto out;
	}
	copy_str(obj, "apiVersion", &s->api_version);
	copy_str(obj, "kind", &s->kind);
	if (json_object_object_get_ex(obj, "metadata", &v) &&
	    json_object_is_type(v, json_type_object))
		json_meta(v, s);
	kind = k8s_json_str(obj, "kind", &n);
	if (!kind || n != 6 || memcmp(kind, "Secret", 6))
		goto out;
	if (json_object_object_get_ex(obj, "data", &v))
		json_data(v, s);
	copy_str(obj, "type", &s->type);
	if (json_object_object_get_ex(obj, "immutable", &v) &&
	    json_object_is_type(v, json_type_boolean))
		s->immutable = json_object_get_boolean(v);
out:
	if (s->decode_error)
		k8s_set_head(s, val, len);
	json_object_put(obj);
}
