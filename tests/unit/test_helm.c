/* Helm release Secrets decoded from byte strings built here with zlib:
 * a real-shaped release (values, user values, manifests with a Secret, a
 * ConfigMap and a Deployment, a hook), an uncompressed one, truncated and
 * corrupt gzip, bad base64, JSON of the wrong types, manifests that do
 * not parse, and decompression bombs (fast, bounded memory). */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <zlib.h>

#include "etcd/helm.h"
#include "util/strbuf.h"

/* ---- building releases ---- */

static void b64(const void *p, size_t n, struct strbuf *out)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
				"qrstuvwxyz0123456789+/";
	const unsigned char *s = p;
	size_t i;
	strbuf_reset(out);
	for (i = 0; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 |
			     s[i + 2];
		strbuf_addch(out, a[v >> 18]);
		strbuf_addch(out, a[(v >> 12) & 63]);
		strbuf_addch(out, a[(v >> 6) & 63]);
		strbuf_addch(out, a[v & 63]);
	}
	if (n - i == 1) {
		uint32_t v = (uint32_t)s[i] << 16;
		strbuf_addf(out, "%c%c==", a[v >> 18], a[(v >> 12) & 63]);
	} else if (n - i == 2) {
		uint32_t v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8;
		strbuf_addf(out, "%c%c%c=", a[v >> 18], a[(v >> 12) & 63],
			    a[(v >> 6) & 63]);
	}
}

/* gzip of p (n bytes), as Helm writes it (best compression). */
static void gz(const void *p, size_t n, struct strbuf *out)
{
	z_stream z;
	uLong bound;
	memset(&z, 0, sizeof(z));
	cr_assert_eq(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED,
				  16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
		     Z_OK);
	bound = deflateBound(&z, n) + 64;
	strbuf_reset(out);
	strbuf_grow(out, bound);
	z.next_in = (Bytef *)p;
	z.avail_in = (uInt)n;
	z.next_out = (Bytef *)out->buf;
	z.avail_out = (uInt)bound;
	cr_assert_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
	out->len = bound - z.avail_out;
	out->buf[out->len] = '\0';
	deflateEnd(&z);
}

/* data.release for the release JSON: base64 of gzip. */
static void encode(const char *json, struct strbuf *out)
{
	struct strbuf g = STRBUF_INIT;
	gz(json, strlen(json), &g);
	b64(g.buf, g.len, out);
	strbuf_release(&g);
}

/* "ghp_" tokens and a password, base64 for the manifest. */
#define TOKEN "ghp_R7bQ2mX9kL4vN8pZ1sT6wY3cF5hJ0dA2eG7i"
#define TOKEN_B64 "Z2hwX1I3YlEybVg5a0w0dk44cFoxc1Q2d1kzY0Y1aEowZEEyZUc3aQ=="
#define DBPW "s3cr3t-Db-Pa55w0rd-Qx7"

static const char release_json[] =
	"{\"name\":\"shop\",\"namespace\":\"prod\",\"version\":3,"
	"\"info\":{\"status\":\"deployed\",\"description\":\"Upgrade "
	"complete\"},"
	"\"chart\":{\"metadata\":{\"name\":\"webshop\",\"version\":\"1.4.2\","
	"\"apiVersion\":\"v2\"},"
	"\"templates\":[{\"name\":\"templates/secret.yaml\",\"data\":"
	"\"YXBpVmVyc2lvbjogdjEK\"}],"
	"\"values\":{\"image\":{\"repository\":\"nginx\",\"tag\":\"1.25\"},"
	"\"postgresql\":{\"auth\":{\"username\":\"shop\",\"password\":\"\"}}}},"
	"\"config\":{\"postgresql\":{\"auth\":{\"password\":\"" DBPW "\"}}},"
	"\"manifest\":\"---\\n# Source: webshop/templates/secret.yaml\\n"
	"apiVersion: v1\\nkind: Secret\\nmetadata:\\n  name: shop-api\\n"
	"  labels:\\n    app: shop\\ntype: Opaque\\ndata:\\n  api-token: "
	"\\\"" TOKEN_B64 "\\\"\\nstringData:\\n  note: plain text\\n"
	"---\\n# Source: webshop/templates/cm.yaml\\napiVersion: v1\\n"
	"kind: ConfigMap\\nmetadata:\\n  name: shop-config\\ndata:\\n"
	"  LOG_LEVEL: info\\n  app.json: '{\\\"x\\\": 1}'\\n"
	"---\\n# Source: webshop/templates/deploy.yaml\\napiVersion: apps/v1\\n"
	"kind: Deployment\\nmetadata:\\n  name: shop\\nspec:\\n  template:\\n"
	"    spec:\\n      containers:\\n      - name: web\\n"
	"        env:\\n        - name: Secret\\n          value: x\\n\","
	"\"hooks\":[{\"name\":\"shop-migrate\",\"kind\":\"Secret\","
	"\"path\":\"webshop/templates/hook.yaml\",\"manifest\":"
	"\"apiVersion: v1\\nkind: Secret\\nmetadata:\\n  name: migrate\\n"
	"data:\\n  pw: c2VjcmV0\\n\",\"events\":[\"pre-upgrade\"]}]}";

/* ---- collecting parts ---- */

struct part {
	char where[256];
	char value[256];
	size_t len;
};

struct parts {
	struct part p[64];
	size_t n, total;
};

static int collect(void *arg, const char *where, size_t where_len,
		   const char *value, size_t len)
{
	struct parts *ps = arg;
	cr_assert_eq(strlen(where), where_len);
	ps->total++;
	if (ps->n < 64) {
		struct part *p = &ps->p[ps->n++];
		snprintf(p->where, sizeof(p->where), "%s", where);
		snprintf(p->value, sizeof(p->value), "%.*s",
			 (int)(len > 255 ? 255 : len), value);
		p->len = len;
	}
	return 0;
}

static const struct part *find(const struct parts *ps, const char *where)
{
	size_t i;
	for (i = 0; i < ps->n; i++)
		if (!strcmp(ps->p[i].where, where))
			return &ps->p[i];
	return NULL;
}

static void dump(const struct parts *ps)
{
	size_t i;
	for (i = 0; i < ps->n; i++)
		cr_log_info("%s = %s", ps->p[i].where, ps->p[i].value);
}

/* ---- a real-shaped release ---- */

Test(helm, release_parts)
{
	struct strbuf t = STRBUF_INIT;
	struct helm_release r;
	struct parts ps = {0};
	const struct part *p;
	encode(release_json, &t);
	cr_assert_eq(helm_release_inflate(t.buf, t.len, &r), 0);
	cr_assert(r.gzip);
	cr_assert_eq(r.stop, HELM_WHOLE);
	cr_assert_eq(r.len, strlen(release_json));
	cr_assert_str_eq(r.json, release_json);
	helm_release_parts(&r, collect, &ps);
	dump(&ps);
	cr_assert_eq(r.stop, HELM_WHOLE);
	cr_assert_str_eq(r.name, "shop");
	cr_assert_str_eq(r.ns, "prod");
	cr_assert_str_eq(r.status, "deployed");
	cr_assert_str_eq(r.chart, "webshop");
	cr_assert_str_eq(r.chart_version, "1.4.2");
	cr_assert_eq(r.version, 3);

	cr_assert_eq(ps.n, 7);
	/* In order: config, chart values, manifests, hooks. */
	cr_assert_str_eq(ps.p[0].where, "release.config");
	cr_assert(strstr(ps.p[0].value, "\"password\":\"" DBPW "\""), "%s",
		  ps.p[0].value);
	cr_assert_str_eq(ps.p[1].where, "release.chart.values");
	cr_assert(strstr(ps.p[1].value, "\"repository\":\"nginx\""));
	p = find(&ps, "release.manifest[Secret/shop-api].data[api-token]");
	cr_assert_not_null(p);
	cr_assert_str_eq(p->value, TOKEN, "base64-decoded");
	p = find(&ps, "release.manifest[Secret/shop-api].stringData[note]");
	cr_assert_not_null(p);
	cr_assert_str_eq(p->value, "plain text");
	p = find(&ps,
		 "release.manifest[ConfigMap/shop-config].data[LOG_LEVEL]");
	cr_assert_not_null(p);
	cr_assert_str_eq(p->value, "info");
	p = find(&ps, "release.manifest[ConfigMap/shop-config].data[app.json]");
	cr_assert_not_null(p);
	cr_assert_str_eq(p->value, "{\"x\": 1}", "not decoded: a ConfigMap");
	p = find(&ps, "release.hooks[0].manifest[Secret/migrate].data[pw]");
	cr_assert_not_null(p);
	cr_assert_str_eq(p->value, "secret");
	helm_release_free_contents(&r);
	strbuf_release(&t);
}

/* Helm takes a release without the gzip magic as JSON as it is. */
Test(helm, uncompressed_json)
{
	struct strbuf t = STRBUF_INIT;
	struct helm_release r;
	struct parts ps = {0};
	b64(release_json, strlen(release_json), &t);
	cr_assert_eq(helm_release_inflate(t.buf, t.len, &r), 0);
	cr_assert_not(r.gzip);
	cr_assert_eq(r.stop, HELM_WHOLE);
	helm_release_parts(&r, collect, &ps);
	cr_assert_eq(ps.n, 7);
	helm_release_free_contents(&r);
	strbuf_release(&t);
}

/* Two gzip members one after the other: Go's reader reads both. */
Test(helm, concatenated_members)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, t = STRBUF_INIT;
	struct helm_release r;
	size_t half = strlen(release_json) / 2;
	gz(release_json, half, &a);
	gz(release_json + half, strlen(release_json) - half, &b);
	strbuf_add(&a, b.buf, b.len);
	b64(a.buf, a.len, &t);
	cr_assert_eq(helm_release_inflate(t.buf, t.len, &r), 0);
	cr_assert_eq(r.stop, HELM_WHOLE);
	cr_assert_str_eq(r.json, release_json);
	helm_release_free_contents(&r);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&t);
}

/* ---- broken releases ---- */

Test(helm, bad_base64)
{
	static const char *const bad[] = {"H4sI!!!!", "H4sIAAAA=A", "a",
					  "H4 sI"};
	struct helm_release r;
	struct parts ps = {0};
	size_t i;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(helm_release_inflate(bad[i], strlen(bad[i]), &r),
			     -EINVAL, "%s", bad[i]);
		cr_assert_eq(r.stop, HELM_BAD_BASE64);
		cr_assert_null(r.json);
		cr_assert_eq(helm_release_parts(&r, collect, &ps), 0);
		helm_release_free_contents(&r);
	}
	/* Empty: nothing, whole. */
	cr_assert_eq(helm_release_inflate("", 0, &r), 0);
	helm_release_parts(&r, collect, &ps);
	cr_assert_eq(r.stop, HELM_BAD_JSON);
	helm_release_free_contents(&r);
}

/* A gzip cut short: what was inflated is kept and judged as text. */
Test(helm, truncated_gzip)
{
	struct strbuf g = STRBUF_INIT, t = STRBUF_INIT;
	struct helm_release r;
	struct parts ps = {0};
	size_t cut;
	gz(release_json, strlen(release_json), &g);
	for (cut = 4; cut < g.len; cut += g.len / 7 + 1) {
		b64(g.buf, cut, &t);
		cr_assert_eq(helm_release_inflate(t.buf, t.len, &r), 0);
		cr_assert(r.gzip);
		cr_assert_eq(r.stop, HELM_BAD_GZIP, "cut at %zu", cut);
		cr_assert_leq(r.len, strlen(release_json));
		cr_assert(!memcmp(r.json, release_json, r.len));
		ps.n = 0;
		helm_release_parts(&r, collect, &ps);
		cr_assert_eq(r.stop, HELM_BAD_GZIP);
		cr_assert_leq(ps.n, 1);
		if (ps.n)
			cr_assert_str_eq(ps.p[0].where, "release");
		helm_release_free_contents(&r);
	}
	/* The trailer only is missing: all of the JSON, still not whole. */
	b64(g.buf, g.len - 8, &t);
	helm_release_inflate(t.buf, t.len, &r);
	cr_assert_eq(r.stop, HELM_BAD_GZIP);
	cr_assert_eq(r.len, strlen(release_json));
	helm_release_free_contents(&r);
	strbuf_release(&g);
	strbuf_release(&t);
}

Test(helm, corrupt_gzip)
{
	struct strbuf g = STRBUF_INIT, t = STRBUF_INIT;
	struct helm_release r;
	size_t i;
	gz(release_json, strlen(release_json), &g);
	/* A wrong CRC. */
	g.buf[g.len - 6] ^= 0x55;
	b64(g.buf, g.len, &t);
	helm_release_inflate(t.buf, t.len, &r);
	cr_assert_eq(r.stop, HELM_BAD_GZIP);
	helm_release_free_contents(&r);
	g.buf[g.len - 6] ^= 0x55;
	/* Garbage in the deflate data, and after the end. */
	for (i = 12; i < g.len - 8; i += 37) {
		char save = g.buf[i];
		g.buf[i] = (char)~g.buf[i];
		b64(g.buf, g.len, &t);
		helm_release_inflate(t.buf, t.len, &r);
		cr_assert_leq(r.len, HELM_RATIO_FREE);
		helm_release_free_contents(&r);
		g.buf[i] = save;
	}
	strbuf_add(&g, "junk", 4);
	b64(g.buf, g.len, &t);
	helm_release_inflate(t.buf, t.len, &r);
	cr_assert_eq(r.stop, HELM_BAD_GZIP);
	cr_assert_eq(r.len, strlen(release_json));
	helm_release_free_contents(&r);
	/* The magic alone, and a wrong header. */
	b64("\x1f\x8b\x08\x00", 4, &t);
	helm_release_inflate(t.buf, t.len, &r);
	cr_assert_eq(r.stop, HELM_BAD_GZIP);
	helm_release_free_contents(&r);
	strbuf_release(&g);
	strbuf_release(&t);
}

/* Wrong types where the release has objects and strings: skipped. */
Test(helm, json_wrong_types)
{
	static const char *const docs[] = {
		"{\"name\":7,\"version\":\"3\",\"info\":[],\"chart\":\"x\","
		"\"config\":\"password=x\",\"manifest\":12,\"hooks\":{}}",
		"{\"chart\":{\"metadata\":[1],\"values\":[]},\"config\":null,"
		"\"manifest\":null,\"hooks\":[1,\"a\",null,{\"manifest\":7}]}",
		"{\"config\":{},\"chart\":{\"values\":{}}}",
		"{}",
	};
	struct strbuf t = STRBUF_INIT;
	struct helm_release r;
	size_t i;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		struct parts ps = {0};
		encode(docs[i], &t);
		cr_assert_eq(helm_release_inflate(t.buf, t.len, &r), 0);
		helm_release_parts(&r, collect, &ps);
		cr_assert_eq(r.stop, HELM_WHOLE, "%s", docs[i]);
		cr_assert_eq(ps.n, 0, "%s: %zu parts", docs[i], ps.n);
		cr_assert_null(r.name);
		cr_assert_null(r.chart);
		helm_release_free_contents(&r);
	}
	/* Not an object, or not JSON: judged as text, once, when it starts
	 * as a release does; not at all when it does not. */
	static const char *const text[] = {"{\"config\":{\"a\":", "{x", "[1,2]",
					   "\"x\"", "not json"};
	for (i = 0; i < sizeof(text) / sizeof(text[0]); i++) {
		struct parts ps = {0};
		encode(text[i], &t);
		helm_release_inflate(t.buf, t.len, &r);
		helm_release_parts(&r, collect, &ps);
		cr_assert_eq(r.stop, HELM_BAD_JSON, "%s", text[i]);
		cr_assert_eq(ps.n, text[i][0] == '{', "%s", text[i]);
		if (ps.n) {
			cr_assert_str_eq(ps.p[0].where, "release");
			cr_assert_str_eq(ps.p[0].value, text[i]);
		}
		helm_release_free_contents(&r);
	}
	strbuf_release(&t);
}

/* ---- manifests ---- */

static size_t manifest(const char *yaml, struct parts *ps)
{
	size_t n = 0;
	memset(ps, 0, sizeof(*ps));
	cr_assert_eq(helm_manifest_parts(yaml, strlen(yaml), "m", 1, collect,
					 ps, &n),
		     HELM_WHOLE);
	cr_assert_eq(n, ps->total);
	dump(ps);
	return n;
}

Test(helm, manifest_documents)
{
	struct parts ps;
	/* kind after data; a block scalar of base64 over two lines; no
	 * name; nested values skipped; an alias not followed. */
	cr_assert_eq(manifest("data:\n  a: |\n    c2Vj\n    cmV0\n  b: &x "
			      "Zm9v\n  c: *x\n  d:\n    e: f\nmetadata:\n  "
			      "labels: {name: no}\nkind: Secret\n",
			      &ps),
		     2);
	cr_assert_str_eq(ps.p[0].where, "m[Secret].data[a]");
	cr_assert_str_eq(ps.p[0].value, "secret");
	cr_assert_str_eq(ps.p[1].where, "m[Secret].data[b]");
	cr_assert_str_eq(ps.p[1].value, "foo");
	/* A document that does not parse does not hide the next one; a
	 * "---" inside a block scalar's text is not a separator unless at a
	 * line start. */
	cr_assert_eq(manifest("kind: Secret\nmetadata: {name: a}\ndata:\n"
			      "  x: [unclosed\n---\nkind: ConfigMap\n"
			      "metadata:\n  name: b\ndata:\n  y: \"1 --- 2\"\n"
			      "--- # comment\nkind: Secret\nstringData: {z: "
			      "w}\n...\n",
			      &ps),
		     2);
	cr_assert_str_eq(ps.p[0].where, "m[ConfigMap/b].data[y]");
	cr_assert_str_eq(ps.p[0].value, "1 --- 2");
	cr_assert_str_eq(ps.p[1].where, "m[Secret].stringData[z]");
	/* Not base64: judged as written. Other kinds, lists, scalars and
	 * empty documents give nothing. */
	cr_assert_eq(manifest("kind: Secret\ndata:\n  k: not base64!\n---\n"
			      "kind: Pod\ndata: {a: b}\n---\n- kind: Secret\n"
			      "---\nSecret\n---\n---\n\n",
			      &ps),
		     1);
	cr_assert_str_eq(ps.p[0].value, "not base64!");
	cr_assert_eq(manifest("", &ps), 0);
	cr_assert_eq(manifest("---", &ps), 0);
	cr_assert_eq(manifest("kind: Secret\ndata: {k: \0}", &ps), 0);
	/* A NUL written as a YAML escape in a name or key shows as '?', as
	 * in nested paths: the label is a C string of its stated length. */
	cr_assert_eq(manifest("kind: ConfigMap\nmetadata: {name: \"a\\0b\"}\n"
			      "data: {\"k\\0\": v}\n",
			      &ps),
		     1);
	cr_assert_str_eq(ps.p[0].where, "m[ConfigMap/a?b].data[k?]");
}

/* A hostile manifest: its parts and documents are capped. */
Test(helm, manifest_caps)
{
	/* Deep nesting stops the document at HELM_MAX_DEPTH, keeping what
	 * was read (libyaml alone took minutes on 400 KB of "[["). */
	{
		struct strbuf d = STRBUF_INIT;
		struct parts dp = {0};
		size_t k = 0;
		strbuf_addstr(&d, "kind: Secret\ndata:\n  a: c2Vj\n  b: ");
		while (d.len < (1u << 20))
			strbuf_addch(&d, '[');
		cr_assert_eq(helm_manifest_parts(d.buf, d.len, "m", 1, collect,
						 &dp, &k),
			     HELM_PARTS_CAPPED);
		cr_assert_eq(dp.n, 1);
		cr_assert_str_eq(dp.p[0].where, "m[Secret].data[a]");
		strbuf_reset(&d);
		strbuf_addstr(&d, "data:\n  b: ");
		while (d.len < (1u << 20))
			strbuf_addstr(&d, "{a: ");
		strbuf_addstr(&d, "\nkind: Secret\n");
		k = 0;
		cr_assert_eq(helm_manifest_parts(d.buf, d.len, "m", 1, collect,
						 &dp, &k),
			     HELM_PARTS_CAPPED);
		strbuf_release(&d);
	}
	struct strbuf y = STRBUF_INIT;
	struct parts ps = {0};
	size_t i, n = 0;
	strbuf_addstr(&y, "kind: ConfigMap\ndata:\n");
	for (i = 0; i < HELM_MAX_PARTS + 10; i++)
		strbuf_addf(&y, "  k%zu: v\n", i);
	cr_assert_eq(
		helm_manifest_parts(y.buf, y.len, "m", 1, collect, &ps, &n),
		HELM_PARTS_CAPPED);
	cr_assert_eq(n, HELM_MAX_PARTS);
	strbuf_reset(&y);
	for (i = 0; i < HELM_MAX_DOCS + 10; i++)
		strbuf_addstr(&y, "---\nkind: Secret\n");
	n = 0;
	cr_assert_eq(
		helm_manifest_parts(y.buf, y.len, "m", 1, collect, &ps, &n),
		HELM_PARTS_CAPPED);
	cr_assert_eq(n, 0);
	strbuf_release(&y);
}

/* Over HELM_MAX_JSON_TOKENS: not given to json-c, judged as text. */
Test(helm, too_many_tokens)
{
	struct strbuf j = STRBUF_INIT, t = STRBUF_INIT;
	struct helm_release r;
	struct parts ps = {0};
	size_t i;
	strbuf_addstr(&j, "{\"config\":{\"a\":[");
	for (i = 0; i < HELM_MAX_JSON_TOKENS; i++)
		strbuf_addstr(&j, "0,");
	strbuf_addstr(&j, "0]}}");
	/* Uncompressed: as gzip it would pass the ratio cap. */
	b64(j.buf, j.len, &t);
	helm_release_inflate(t.buf, t.len, &r);
	cr_assert_eq(r.stop, HELM_WHOLE);
	helm_release_parts(&r, collect, &ps);
	cr_assert_eq(r.stop, HELM_TOO_COMPLEX);
	cr_assert_eq(ps.n, 1);
	cr_assert_str_eq(ps.p[0].where, "release");
	helm_release_free_contents(&r);
	strbuf_release(&j);
	strbuf_release(&t);
}

/* Inside strings nothing counts, whatever escapes they hold: a string
 * of commas after an escaped quote and escaped backslashes stays one
 * string, and a quote after an even run of backslashes ends it. */
Test(helm, tokens_inside_strings)
{
	struct strbuf j = STRBUF_INIT, t = STRBUF_INIT;
	struct helm_release r;
	struct parts ps = {0};
	size_t i;
	strbuf_addstr(&j, "{\"manifest\":\"a\\\"b\\\\");
	for (i = 0; i < HELM_MAX_JSON_TOKENS + 10; i++)
		strbuf_addstr(&j, ",{");
	strbuf_addstr(&j, "\\\\\",\"config\":{\"password\":\"hunter2\"}}");
	b64(j.buf, j.len, &t);
	helm_release_inflate(t.buf, t.len, &r);
	helm_release_parts(&r, collect, &ps);
	cr_assert_eq(r.stop, HELM_WHOLE, "%s", helm_stop_name(r.stop));
	cr_assert_eq(ps.n, 1);
	cr_assert_str_eq(ps.p[0].where, "release.config");
	helm_release_free_contents(&r);
	strbuf_release(&j);
	strbuf_release(&t);
}

/* ---- decompression bombs ---- */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long max_rss_kib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* About 1 KB of gzip that inflates to 1 MB (deflate's best is 1032 to
 * 1): stopped by the ratio cap at HELM_RATIO_FREE bytes. */
Test(helm, bomb_ratio)
{
	struct strbuf g = STRBUF_INIT, t = STRBUF_INIT;
	struct helm_release r;
	struct parts ps = {0};
	char *zeros = calloc(1, 1 << 20);
	cr_assert_not_null(zeros);
	gz(zeros, 1 << 20, &g);
	free(zeros);
	cr_assert_lt(g.len, 1100, "%zu bytes of gzip", g.len);
	b64(g.buf, g.len, &t);
	cr_assert_eq(helm_release_inflate(t.buf, t.len, &r), 0);
	cr_assert_eq(r.stop, HELM_CUT_RATIO);
	cr_assert_eq(r.packed, g.len);
	cr_assert_eq(r.len, g.len * HELM_RATIO > HELM_RATIO_FREE
				    ? g.len * HELM_RATIO
				    : HELM_RATIO_FREE);
	cr_assert_lt(r.len, 1 << 20);
	helm_release_parts(&r, collect, &ps);
	cr_assert_eq(r.stop, HELM_CUT_RATIO);
	helm_release_free_contents(&r);
	strbuf_release(&g);
	strbuf_release(&t);
}

/* A valid gzip of 1 GiB of zeros, made without deflating a gigabyte:
 * after a window of zeros, each 1 MiB of zeros deflates (with a sync
 * flush) to the same byte-aligned chunk, which is repeated; the trailer
 * carries the CRC and length of the whole. About 1 MB of gzip, the
 * least deflate allows for 1 GiB. */
static void gigabyte_gzip(struct strbuf *out)
{
	static const size_t mib = 1 << 20, n = 1024;
	unsigned char *zeros = calloc(1, mib), *buf = malloc(2 * mib);
	size_t i, first_len, chunk_len;
	unsigned char *chunk;
	uLong crc1, crc = 0;
	z_stream z;
	memset(&z, 0, sizeof(z));
	cr_assert(zeros && buf);
	cr_assert_eq(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
				  Z_DEFAULT_STRATEGY),
		     Z_OK);
	z.next_out = buf;
	z.avail_out = (uInt)(2 * mib);
	/* Header and the first MiB. */
	z.next_in = zeros;
	z.avail_in = (uInt)mib;
	cr_assert_eq(deflate(&z, Z_SYNC_FLUSH), Z_OK);
	first_len = 2 * mib - z.avail_out;
	/* Two more MiB: the chunk, twice the same. */
	z.next_in = zeros;
	z.avail_in = (uInt)mib;
	cr_assert_eq(deflate(&z, Z_SYNC_FLUSH), Z_OK);
	chunk = buf + first_len;
	chunk_len = 2 * mib - z.avail_out - first_len;
	z.next_in = zeros;
	z.avail_in = (uInt)mib;
	cr_assert_eq(deflate(&z, Z_SYNC_FLUSH), Z_OK);
	cr_assert_eq(2 * mib - z.avail_out - first_len - chunk_len, chunk_len);
	cr_assert(!memcmp(chunk, chunk + chunk_len, chunk_len),
		  "the chunk is not the same each time");
	strbuf_reset(out);
	strbuf_add(out, buf, first_len);
	for (i = 1; i < n; i++)
		strbuf_add(out, chunk, chunk_len);
	/* The last block, and the trailer for 1 GiB of zeros. */
	z.next_in = zeros;
	z.avail_in = 0;
	z.next_out = buf;
	z.avail_out = (uInt)mib;
	cr_assert_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
	strbuf_add(out, buf, mib - z.avail_out - 8);
	deflateEnd(&z);
	crc1 = crc32(0, zeros, (uInt)mib);
	for (i = 0; i < n; i++)
		crc = crc32_combine(crc, crc1, (z_off_t)mib);
	for (i = 0; i < 4; i++)
		strbuf_addch(out, (int)((crc >> (8 * i)) & 0xff));
	for (i = 0; i < 4; i++) /* 2^30 mod 2^32 */
		strbuf_addch(out, (int)(((mib * n) >> (8 * i)) & 0xff));
	free(zeros);
	free(buf);
}

Test(helm, bomb_gigabyte)
{
	struct strbuf g = STRBUF_INIT, t = STRBUF_INIT;
	struct helm_release r;
	struct parts ps = {0};
	double t0;
	long rss0;
	gigabyte_gzip(&g);
	cr_log_info("1 GiB of zeros as %zu bytes of gzip", g.len);
	cr_assert_lt(g.len, 1100 * 1024);
	b64(g.buf, g.len, &t);
	strbuf_release(&g);
	rss0 = max_rss_kib();
	t0 = now();
	cr_assert_eq(helm_release_inflate(t.buf, t.len, &r), 0);
	helm_release_parts(&r, collect, &ps);
	cr_assert_lt(now() - t0, 5.0, "%.2f s", now() - t0);
	cr_assert_eq(r.stop, HELM_CUT_SIZE);
	cr_assert_eq(r.len, HELM_MAX_INFLATED);
	/* The cap and the text handed on, not the expansion. */
	cr_assert_lt(max_rss_kib() - rss0, 64 * 1024, "%ld KiB more",
		     max_rss_kib() - rss0);
	helm_release_free_contents(&r);
	strbuf_release(&t);
}

/* The gigabyte gzip is a valid stream of 1 GiB: checked by inflating it
 * all here (in pieces; about a second). */
Test(helm, bomb_gigabyte_is_valid)
{
	struct strbuf g = STRBUF_INIT;
	unsigned char *buf = malloc(1 << 20);
	unsigned long long total = 0;
	z_stream z;
	int e;
	gigabyte_gzip(&g);
	memset(&z, 0, sizeof(z));
	cr_assert_eq(inflateInit2(&z, 16 + MAX_WBITS), Z_OK);
	z.next_in = (Bytef *)g.buf;
	z.avail_in = (uInt)g.len;
	do {
		z.next_out = buf;
		z.avail_out = 1 << 20;
		e = inflate(&z, Z_NO_FLUSH);
		total += (1 << 20) - z.avail_out;
	} while (e == Z_OK);
	cr_assert_eq(e, Z_STREAM_END);
	cr_assert_eq(total, 1ull << 30);
	cr_assert_eq(z.avail_in, 0);
	inflateEnd(&z);
	free(buf);
	strbuf_release(&g);
}

Test(helm, stop_names)
{
	cr_assert_str_eq(helm_stop_name(HELM_CUT_SIZE), "size-cap");
	cr_assert_str_eq(helm_stop_name(HELM_PARTS_CAPPED), "parts-cap");
	cr_assert_str_eq(helm_stop_name((enum helm_stop)99), "?");
}

/* A release larger than one piece of base64 (decoded and inflated piece
 * by piece): whole; a bad character in a later piece keeps what came
 * before; random bytes behind the magic stop at once. */
Test(helm, pieces)
{
	struct strbuf j = STRBUF_INIT, t = STRBUF_INIT;
	struct helm_release r;
	struct parts ps = {0};
	uint32_t x = 12345;
	size_t i;
	strbuf_addstr(&j, "{\"name\":\"big\",\"config\":{\"blob\":\"");
	for (i = 0; i < 200000; i++) {
		x = x * 1103515245u + 12345u;
		strbuf_addch(
			&j,
			"abcdefghijklmnopqrstuvwxyz0123456789"[(x >> 16) % 36]);
	}
	strbuf_addstr(&j, "\",\"db\":{\"password\":\"" DBPW "\"}}}");
	encode(j.buf, &t);
	cr_assert_gt(t.len, 3 * (48 << 10), "%zu", t.len);
	cr_assert_eq(helm_release_inflate(t.buf, t.len, &r), 0);
	cr_assert_eq(r.stop, HELM_WHOLE);
	cr_assert_str_eq(r.json, j.buf);
	helm_release_parts(&r, collect, &ps);
	cr_assert_eq(ps.n, 1);
	cr_assert_str_eq(ps.p[0].where, "release.config");
	cr_assert_eq(ps.p[0].len,
		     j.len - strlen("{\"name\":\"big\",\"config\":") - 1);
	helm_release_free_contents(&r);

	t.buf[t.len - 1000] = '!';
	cr_assert_eq(helm_release_inflate(t.buf, t.len, &r), -EINVAL);
	cr_assert_eq(r.stop, HELM_BAD_BASE64);
	cr_assert_not_null(r.json);
	cr_assert_gt(r.len, 100000);
	cr_assert(!memcmp(r.json, j.buf, r.len));
	helm_release_free_contents(&r);
	/* Padding inside: not base64. */
	t.buf[(48 << 10) - 1] = '=';
	cr_assert_eq(helm_release_inflate(t.buf, t.len, &r), -EINVAL);
	helm_release_free_contents(&r);

	for (i = 4; i < t.len; i++) {
		x = x * 1103515245u + 12345u;
		t.buf[i] =
			"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			"0123456789+/"[(x >> 16) % 64];
	}
	t.buf[t.len - 1] = 'A';
	cr_assert_eq(helm_release_inflate(t.buf, t.len, &r), 0);
	cr_assert(r.gzip);
	cr_assert_eq(r.stop, HELM_BAD_GZIP);
	cr_assert_lt(r.len, 100000);
	helm_release_free_contents(&r);
	strbuf_release(&j);
	strbuf_release(&t);
}
