/* Structure-aware views of Secret values for the findings: base64,
 * docker registry credentials (.dockerconfigjson, .dockercfg) and the
 * claims of a service-account JWT. */
#include "etcd/k8s.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "etcd/k8s_impl.h"
#include "util/table256.h"
#include "util/xalloc.h"

/* Both alphabets in one table: the value of each character in its low
 * six bits, so that decoding is a lookup per character (JSON-stored
 * Secrets can hold megabytes of base64: Helm releases). B64_STD_ONLY
 * marks '+' and '/', B64_URL_ONLY '-' and '_'; a character of neither
 * alphabet is 0xff, both marks. */
enum { B64_STD_ONLY = 0x40, B64_URL_ONLY = 0x80 };
#define B64_IN(c, lo, hi) ((c) >= (lo) && (c) <= (hi))
#define B64_VAL(c)                                          \
	(uint8_t)(B64_IN(c, 'A', 'Z')	? (c) - 'A'         \
		  : B64_IN(c, 'a', 'z') ? (c) - 'a' + 26    \
		  : B64_IN(c, '0', '9') ? (c) - '0' + 52    \
		  : (c) == '+'		? 62 | B64_STD_ONLY \
		  : (c) == '/'		? 63 | B64_STD_ONLY \
		  : (c) == '-'		? 62 | B64_URL_ONLY \
		  : (c) == '_'		? 63 | B64_URL_ONLY \
					: 0xff)
static const uint8_t b64_val[256] = {TABLE256(B64_VAL)};

int k8s_b64_decode(const char *in, size_t len, bool url, uint8_t **out,
		   size_t *outlen)
{
	const uint8_t *t = b64_val;
	/* The marks that put a character outside the alphabet asked for. */
	uint32_t reject = url ? B64_STD_ONLY : B64_URL_ONLY;
	const unsigned char *p = (const unsigned char *)in;
	size_t n = len, pad = 0, o = 0, i, rest;
	uint32_t acc = 0, bad = 0;
	uint8_t *buf;

	*out = NULL;
	*outlen = 0;
	while (pad < 2 && n && in[n - 1] == '=') {
		pad++;
		n--;
	}
	/* Padding, when there is any, completes the last quantum exactly;
	 * one leftover character cannot encode a byte. */
	if (n % 4 == 1 || (pad && (len % 4 || n % 4 + pad != 4)))
		return -EINVAL;
	buf = xmalloc(n / 4 * 3 + 3);
	for (i = 0; i + 4 <= n; i += 4) {
		uint32_t a = t[p[i]], b = t[p[i + 1]], c = t[p[i + 2]],
			 d = t[p[i + 3]];
		bad |= a | b | c | d;
		acc = (a & 0x3f) << 18 | (b & 0x3f) << 12 | (c & 0x3f) << 6 |
		      (d & 0x3f);
		buf[o] = (uint8_t)(acc >> 16);
		buf[o + 1] = (uint8_t)(acc >> 8);
		buf[o + 2] = (uint8_t)acc;
		o += 3;
	}
	/* 2 or 3 characters left: 1 or 2 bytes. */
	rest = n - i;
	if (rest) {
		acc = 0;
		for (; i < n; i++) {
			bad |= t[p[i]];
			acc = acc << 6 | (t[p[i]] & 0x3f);
		}
		acc <<= 6 * (4 - rest);
		buf[o++] = (uint8_t)(acc >> 16);
		if (rest == 3)
			buf[o++] = (uint8_t)(acc >> 8);
	}
	if (bad & reject) {
		free(buf);
		return -EINVAL;
	}
	buf[o] = '\0';
	*out = buf;
	*outlen = o;
	return 0;
}

int k8s_base64_decode(const char *in, size_t len, uint8_t **out, size_t *outlen)
{
	return k8s_b64_decode(in, len, false, out, outlen);
}

/* One registry entry: user and password from "auth" (base64
 * "user:password", split at the first ':'), else from "username" and
 * "password". A missing user or password is passed as "" so a callback
 * never gets NULL. Returns 1 when fn was called. */
static int docker_entry(const char *registry, struct json_object *ent,
			void (*fn)(const char *, const char *, const char *,
				   size_t, void *),
			void *arg)
{
	const char *auth, *user, *pw;
	size_t alen, ulen, pwlen;
	uint8_t *dec;
	size_t dlen;

	if (!json_object_is_type(ent, json_type_object))
		return 0;
	auth = k8s_json_str(ent, "auth", &alen);
	if (auth && !k8s_base64_decode(auth, alen, &dec, &dlen)) {
		uint8_t *colon = memchr(dec, ':', dlen);

		if (colon) {
			*colon = '\0';
			fn(registry, (char *)dec, (char *)colon + 1,
			   dlen - (size_t)(colon + 1 - dec), arg);
		} else {
			fn(registry, (char *)dec, "", 0, arg);
		}
		free(dec);
		return 1;
	}
	user = k8s_json_str(ent, "username", &ulen);
	pw = k8s_json_str(ent, "password", &pwlen);
	if (!user && !pw)
		return 0;
	fn(registry, user ? user : "", pw ? pw : "", pw ? pwlen : 0, arg);
	return 1;
}

int k8s_docker_auths(const uint8_t *json, size_t len,
		     void (*fn)(const char *registry, const char *user,
				const char *password, size_t password_len,
				void *arg),
		     void *arg)
{
	struct json_object *obj = k8s_json_parse(json, len), *auths;
	int n = 0;

	if (!obj || !json_object_is_type(obj, json_type_object)) {
		n = -EINVAL;
		goto out;
	}
	/* .dockerconfigjson nests the registries under "auths"; the legacy
	 * .dockercfg has them at the top level. */
	if (json_object_object_get_ex(obj, "auths", &auths)) {
		if (!json_object_is_type(auths, json_type_object)) {
			n = -EINVAL;
			goto out;
		}
	} else {
		auths = obj;
	}
	json_object_object_foreach(auths, registry, ent)
	{
		if (n < INT32_MAX)
			n += docker_entry(registry, ent, fn, arg);
	}
out:
	json_object_put(obj);
	return n;
}

/* A numeric date claim; anything else (or out of range) reads as 0. */
static int64_t num_claim(struct json_object *obj, const char *key)
{
	struct json_object *v;
	double d;

	if (!json_object_object_get_ex(obj, key, &v))
		return 0;
	if (json_object_is_type(v, json_type_int))
		return json_object_get_int64(v);
	if (!json_object_is_type(v, json_type_double))
		return 0;
	d = json_object_get_double(v);
	if (!isfinite(d) || d >= 9.2e18 || d <= -9.2e18)
		return 0;
	return (int64_t)d;
}

static void str_claim(struct json_object *obj, const char *key, char **dst)
{
	size_t n;
	const char *v = k8s_json_str(obj, key, &n);

	if (v)
		k8s_set_str(dst, v, n);
}

int k8s_jwt_claims(const uint8_t *tok, size_t len, struct jwt_claims *c)
{
	const char *s = (const char *)tok, *d1, *d2;
	struct json_object *obj = NULL, *k8s, *sa;
	uint8_t *hdr, *pay;
	size_t hlen, plen;
	int ret = -EINVAL;

	memset(c, 0, sizeof(*c));
	if (!len || !(d1 = memchr(s, '.', len)) ||
	    !(d2 = memchr(d1 + 1, '.', len - (size_t)(d1 + 1 - s))) ||
	    memchr(d2 + 1, '.', len - (size_t)(d2 + 1 - s)))
		return -EINVAL;
	/* The header must be base64url too; it is not read further. */
	if (d1 == s || k8s_b64_decode(s, (size_t)(d1 - s), true, &hdr, &hlen))
		return -EINVAL;
	free(hdr);
	if (k8s_b64_decode(d1 + 1, (size_t)(d2 - d1 - 1), true, &pay, &plen))
		return -EINVAL;
	obj = k8s_json_parse(pay, plen);
	free(pay);
	if (!obj || !json_object_is_type(obj, json_type_object))
		goto out;
	str_claim(obj, "iss", &c->iss);
	str_claim(obj, "sub", &c->sub);
	c->exp = num_claim(obj, "exp");
	c->iat = num_claim(obj, "iat");
	/* Legacy secret-based tokens, then bound tokens' nested claims. */
	str_claim(obj, "kubernetes.io/serviceaccount/namespace", &c->ns);
	str_claim(obj, "kubernetes.io/serviceaccount/service-account.name",
		  &c->service_account);
	if (json_object_object_get_ex(obj, "kubernetes.io", &k8s) &&
	    json_object_is_type(k8s, json_type_object)) {
		str_claim(k8s, "namespace", &c->ns);
		if (json_object_object_get_ex(k8s, "serviceaccount", &sa) &&
		    json_object_is_type(sa, json_type_object))
			str_claim(sa, "name", &c->service_account);
	}
	ret = 0;
out:
	json_object_put(obj);
	return ret;
}

void jwt_claims_release(struct jwt_claims *c)
{
	free(c->iss);
	free(c->sub);
	free(c->ns);
	free(c->service_account);
	memset(c, 0, sizeof(*c));
}
