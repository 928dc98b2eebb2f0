/* Helm release Secrets: base64, then gzip (bounded), then the release
 * JSON split into the parts that hold values. The manifests' YAML is in
 * helm_manifest.c. */
#include "etcd/helm.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>
#include <zlib.h>

#include "etcd/k8s.h"
#include "etcd/k8s_impl.h"
#include "util/xalloc.h"

const char *helm_stop_name(enum helm_stop s)
{
	static const char *const names[] = {
		[HELM_WHOLE] = "whole",
		[HELM_BAD_BASE64] = "bad-base64",
		[HELM_CUT_SIZE] = "size-cap",
		[HELM_CUT_RATIO] = "ratio-cap",
		[HELM_BAD_GZIP] = "bad-gzip",
		[HELM_BAD_JSON] = "bad-json",
		[HELM_TOO_COMPLEX] = "too-complex",
		[HELM_PARTS_CAPPED] = "parts-cap",
	};
	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

/* The most output a gzip of n bytes may inflate to, and which cap that
 * is. */
static size_t out_limit(size_t n, enum helm_stop *which)
{
	size_t ratio = n > HELM_MAX_INFLATED / HELM_RATIO ? HELM_MAX_INFLATED
							  : n * HELM_RATIO;
	if (ratio < HELM_RATIO_FREE)
		ratio = HELM_RATIO_FREE;
	if (ratio < HELM_MAX_INFLATED) {
		*which = HELM_CUT_RATIO;
		return ratio;
	}
	*which = HELM_CUT_SIZE;
	return HELM_MAX_INFLATED;
}

/* The base64 text is decoded in pieces of this many characters (a
 * multiple of 4), each fed to inflate as it comes: a gzip that is
 * corrupt from its first bytes costs one piece, not the whole value. */
#define B64_PIECE ((size_t)48 << 10)
#define HELM_START_ALLOC ((size_t)256 << 10)

struct b64_pieces {
	const char *text;
	size_t len, off;
};

/* The next piece into *buf (owned, replaced), *n bytes. Returns 1, 0 at
 * the end, or -EINVAL when it is not base64 (padding only at the end). */
static int next_piece(struct b64_pieces *p, uint8_t **buf, size_t *n)
{
	size_t k = p->len - p->off > B64_PIECE ? B64_PIECE : p->len - p->off;
	int r;
	free(*buf);
	*buf = NULL;
	*n = 0;
	if (!k)
		return 0;
	if (p->off + k < p->len && p->text[p->off + k - 1] == '=')
		return -EINVAL;
	r = k8s_base64_decode(p->text + p->off, k, buf, n);
	p->off += k;
	return r ? r : 1;
}

/* Decoded bytes of base64 text of len characters, padding excluded. */
static size_t decoded_len(const char *t, size_t len)
{
	while (len && t[len - 1] == '=')
		len--;
	return len / 4 * 3 + (len % 4 ? len % 4 - 1 : 0);
}

/* Inflate the gzip the pieces decode to (members one after another, as
 * Go's reader takes them; the first piece, first bytes, is in *in) into
 * r->json, at most the limit. */
static void gunzip(struct b64_pieces *p, uint8_t **in, size_t in_len,
		   struct helm_release *r)
{
	enum helm_stop cap;
	size_t limit = out_limit(r->packed, &cap), alloc, len = 0;
	z_stream z;
	char *out;
	int e = Z_OK, more;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		r->stop = HELM_BAD_GZIP;
		return;
	}
	/* A release is usually 5 to 10 times its gzip; start small all
	 * the same, as a corrupt one stops at once. */
	alloc = r->packed < limit / 8 ? r->packed * 8 + 64 : limit + 1;
	if (alloc > HELM_START_ALLOC)
		alloc = HELM_START_ALLOC;
	out = xmalloc(alloc);
	z.next_in = *in;
	z.avail_in = (uInt)in_len;
	for (;;) {
		if (!z.avail_in) {
			more = next_piece(p, in, &in_len);
			if (more < 0) {
				r->stop = HELM_BAD_BASE64;
				break;
			}
			z.next_in = *in;
			z.avail_in = (uInt)in_len;
		}
		if (len == alloc - 1) {
			if (len >= limit)
				break;
			alloc = alloc * 2 > limit + 1 ? limit + 1 : alloc * 2;
			out = xrealloc(out, alloc);
		}
		z.next_out = (Bytef *)out + len;
		z.avail_out = (uInt)(alloc - 1 - len);
		e = inflate(&z, Z_NO_FLUSH);
		len = alloc - 1 - z.avail_out;
		if (e == Z_STREAM_END) {
			/* Another member follows, or only padding: Go's
			 * reader takes the next member, and fails on
			 * anything else. */
			if (!z.avail_in && p->off < p->len) {
				more = next_piece(p, in, &in_len);
				if (more < 0) {
					r->stop = HELM_BAD_BASE64;
					break;
				}
				z.next_in = *in;
				z.avail_in = (uInt)in_len;
			}
			if (z.avail_in >= 2 && z.next_in[0] == 0x1f &&
			    z.next_in[1] == 0x8b) {
				if (inflateReset(&z) != Z_OK)
					break;
				e = Z_OK;
				continue;
			}
			if (z.avail_in)
				r->stop = HELM_BAD_GZIP;
			break;
		}
		if (e != Z_OK) {
			/* Z_BUF_ERROR: no input left (room for output is
			 * made above), the stream ended early. */
			r->stop = HELM_BAD_GZIP;
			break;
		}
	}
	if (len >= limit && e != Z_STREAM_END && r->stop == HELM_WHOLE) {
		/* Full: one more byte says whether there was more. */
		char one;
		if (!z.avail_in && next_piece(p, in, &in_len) > 0) {
			z.next_in = *in;
			z.avail_in = (uInt)in_len;
		}
		z.next_out = (Bytef *)&one;
		z.avail_out = 1;
		e = inflate(&z, Z_NO_FLUSH);
		if (z.avail_out == 0)
			r->stop = cap;
		else if (e != Z_STREAM_END)
			r->stop = HELM_BAD_GZIP;
	}
	inflateEnd(&z);
	out[len] = '\0';
	r->json = out;
	r->len = len;
}

int helm_release_inflate(const char *text, size_t len, struct helm_release *r)
{
	struct b64_pieces p;
	uint8_t *raw = NULL;
	size_t n;
	int more;

	memset(r, 0, sizeof(*r));
	/* Kubernetes keeps the bytes Helm gave it; a trailing newline
	 * would be a hand-made Secret. */
	while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;
	p = (struct b64_pieces){text, len, 0};
	more = next_piece(&p, &raw, &n);
	if (more < 0) {
		r->stop = HELM_BAD_BASE64;
		return -EINVAL;
	}
	if (n > 3 && raw[0] == 0x1f && raw[1] == 0x8b && raw[2] == 0x08) {
		r->gzip = true;
		r->packed = decoded_len(text, len);
		gunzip(&p, &raw, n, r);
		free(raw);
		return r->stop == HELM_BAD_BASE64 ? -EINVAL : 0;
	}
	/* Not gzip: the JSON as it is, all of it at once. */
	free(raw);
	if (k8s_base64_decode(text, len, &raw, &n)) {
		r->stop = HELM_BAD_BASE64;
		return -EINVAL;
	}
	r->packed = n;
	r->json = (char *)raw;
	r->len = n;
	return 0;
}

void helm_release_free_contents(struct helm_release *r)
{
	free(r->json);
	free(r->name);
	free(r->ns);
	free(r->status);
	free(r->chart);
	free(r->chart_version);
	memset(r, 0, sizeof(*r));
}

/* Whether s has at most HELM_MAX_JSON_TOKENS structural characters
 * outside strings. Most of a release is inside strings (the manifests),
 * so a string's end is found with memchr: a quote ends it unless an odd
 * number of backslashes stands before it. */
static bool few_tokens(const char *s, size_t len)
{
	size_t i, n = 0;
	for (i = 0; i < len; i++) {
		char c = s[i];
		if (c == '"') {
			for (;;) {
				const char *q =
					memchr(s + i + 1, '"', len - i - 1);
				size_t bs = 0;
				if (!q)
					return true;
				i = (size_t)(q - s);
				while (bs < i && s[i - 1 - bs] == '\\')
					bs++;
				if (!(bs & 1))
					break;
			}
		} else if (c == '{' || c == '[' || c == ',' || c == ':') {
			if (++n > HELM_MAX_JSON_TOKENS)
				return false;
		}
	}
	return true;
}

static void take_str(struct json_object *o, const char *key, char **dst)
{
	size_t n;
	const char *v = o ? k8s_json_str(o, key, &n) : NULL;
	if (v)
		k8s_set_str(dst, v, n);
}

static struct json_object *member(struct json_object *o, const char *key,
				  enum json_type type)
{
	struct json_object *v;
	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, type))
		return NULL;
	return v;
}

struct walk {
	helm_part_fn fn;
	void *arg;
	size_t parts;
	bool stopped; /* fn asked to stop */
};

static void part(struct walk *w, const char *where, const char *v, size_t n)
{
	if (w->stopped)
		return;
	w->parts++;
	if (w->fn(w->arg, where, strlen(where), v, n))
		w->stopped = true;
}

/* A values object as compact JSON, for the nested-value engine; skipped
 * when empty. */
static void values_part(struct walk *w, struct json_object *o,
			const char *where)
{
	const char *s;
	size_t n;
	if (!o || !json_object_object_length(o))
		return;
	s = json_object_to_json_string_length(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &n);
	if (s)
		part(w, where, s, n);
}

/* fn for the manifest walk, which counts the parts itself. */
static int relay(void *arg, const char *where, size_t where_len,
		 const char *value, size_t len)
{
	struct walk *w = arg;
	if (w->fn(w->arg, where, where_len, value, len))
		w->stopped = true;
	return w->stopped;
}

/* One manifest string (the release's, or a hook's) through the YAML
 * walk. Returns HELM_PARTS_CAPPED when a cap stopped it. */
static enum helm_stop manifest_part(struct walk *w, struct json_object *m,
				    const char *prefix)
{
	enum helm_stop st;
	if (!m || w->stopped)
		return HELM_WHOLE;
	st = helm_manifest_parts(json_object_get_string(m),
				 (size_t)json_object_get_string_len(m), prefix,
				 strlen(prefix), relay, w, &w->parts);
	if (st == HELM_WHOLE && w->parts >= HELM_MAX_PARTS)
		st = HELM_PARTS_CAPPED;
	return st;
}

static void names(struct helm_release *r, struct json_object *o)
{
	struct json_object *info = member(o, "info", json_type_object);
	struct json_object *chart = member(o, "chart", json_type_object);
	struct json_object *meta = member(chart, "metadata", json_type_object);
	struct json_object *v = member(o, "version", json_type_int);
	take_str(o, "name", &r->name);
	take_str(o, "namespace", &r->ns);
	take_str(info, "status", &r->status);
	take_str(meta, "name", &r->chart);
	take_str(meta, "version", &r->chart_version);
	r->version = v ? json_object_get_int64(v) : 0;
}

size_t helm_release_parts(struct helm_release *r, helm_part_fn fn, void *arg)
{
	struct walk w = {.fn = fn, .arg = arg};
	struct json_object *o = NULL, *hooks, *chart;
	enum helm_stop st = HELM_WHOLE;
	size_t i;
	char prefix[64];

	if (!r->json)
		return 0;
	if (!few_tokens(r->json, r->len))
		st = HELM_TOO_COMPLEX;
	else if (!(o = k8s_json_parse((const uint8_t *)r->json, r->len)) ||
		 !json_object_is_type(o, json_type_object))
		st = HELM_BAD_JSON;
	if (st != HELM_WHOLE) {
		/* What the rules can see in it as text: a release JSON cut
		 * short or too big to parse, not the bytes a corrupt gzip
		 * made up before it failed (a release starts with '{'). */
		if (r->stop == HELM_WHOLE)
			r->stop = st;
		json_object_put(o);
		if (r->len && r->json[0] == '{')
			part(&w, "release", r->json, r->len);
		return w.parts;
	}
	names(r, o);
	chart = member(o, "chart", json_type_object);
	values_part(&w, member(o, "config", json_type_object),
		    "release.config");
	values_part(&w, member(chart, "values", json_type_object),
		    "release.chart.values");
	st = manifest_part(&w, member(o, "manifest", json_type_string),
			   "release.manifest");
	hooks = member(o, "hooks", json_type_array);
	for (i = 0; hooks && st == HELM_WHOLE && !w.stopped &&
		    i < json_object_array_length(hooks);
	     i++) {
		struct json_object *h = json_object_array_get_idx(hooks, i);
		snprintf(prefix, sizeof(prefix), "release.hooks[%zu].manifest",
			 i);
		st = manifest_part(&w, member(h, "manifest", json_type_string),
				   prefix);
	}
	if (st != HELM_WHOLE && r->stop == HELM_WHOLE)
		r->stop = st;
	json_object_put(o);
	return w.parts;
}
