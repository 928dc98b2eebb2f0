/* Derived from the etcd column table (etcd_view_cols), as test_columns.c
 * is for ps and env: against one real etcd filled with the kit's "basic"
 * Secrets, every column is shown in text, --raw and --pairs under its
 * header or name with the same cell, its JSON key is in --json with the
 * declared type and a value that agrees with the cell, every key of a
 * Secret object is some column's, and the keys come in the order
 * docs/json.md lists them. */
#include "e2e/etcdkit.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columnkit.h"
#include "render/etcd_view.h"

TestSuite(columns_etcd, .fini = etcdkit_stop, .timeout = 300);

/* Fingerprints are keyed at random unless a key is given: one key for
 * every run, so that the cells of separate runs agree. */
#define KEY "0123456789abcdef0123456789abcdef"

/* The rows checked: each the first Secret object whose member key has the
 * string value: a plaintext Secret with the last-applied annotation and a
 * note, a KMS v2 one (provider, key_name, kms_key_id), a tombstone, and a
 * value of no known format (head). */
static const struct {
	const char *key, *value;
} picks[] = {
	{"name", "applied-secret"},
	{"name", "enc-kms2"},
	{"storage", "none"},
	{"storage", "unknown"},
};
#define NPICKS (sizeof(picks) / sizeof(picks[0]))

/* Put a Secret whose value is of no known format. (Not ETCDCTL: GCC's
 * format-truncation check misjudges its endpoint buffer here.) */
static void put_unknown(const struct etcdkit *k)
{
	char ep[64];
	struct e2e_result r;
	snprintf(ep, sizeof(ep), "--endpoints=%.32s", k->endpoint);
	setenv("ETCDCTL_API", "3", 1);
	e2e_run(&r, NULL,
		(const char *const[]){ETCDKIT_ETCDCTL, ep, "put",
				      "/registry/secrets/default/not-k8s",
				      "XYZ neither protobuf nor JSON", NULL});
	cr_assert_eq(r.status, 0, "etcdctl put exited %d:\n%s", r.status,
		     r.err.buf);
	e2e_result_release(&r);
}

/* procsift etcd -p PID --fingerprint-key KEY FLAG [-o COL]; stdout into
 * r. */
static void run(const char *pid, const char *flag, const char *col,
		struct e2e_result *r)
{
	const char *argv[] = {"etcd", "-p", pid, "--fingerprint-key", KEY, flag,
			      "-o",   col,  NULL};
	if (!col)
		argv[6] = NULL;
	e2e_procsift(r, NULL, argv);
	E2E_EXPECT_STATUS(r, 0, col ? col : flag);
}

/* The cell of row n in out, procsift's output for column c in fmt
 * ("text", "raw" or "pairs"), into val. */
static void cell(const struct strbuf *out, const struct out_col *c, size_t n,
		 const char *fmt, struct strbuf *val)
{
	struct strbuf line = STRBUF_INIT, key = STRBUF_INIT;
	if (!strcmp(fmt, "pairs")) {
		nth_line(out, (int)n, &line);
		out_col_pairs_key(&key, c->name);
		strbuf_addstr(&key, "=\"");
		cr_assert(!strncmp(line.buf, key.buf, key.len) &&
				  line.buf[line.len - 1] == '"',
			  "%s pairs: want %s...\", got %s", c->name, key.buf,
			  line.buf);
		unescape(line.buf + key.len, line.len - key.len - 1, val);
	} else {
		/* Text goes on with the findings and the summary: the
		 * Secrets table comes first. */
		nth_line(out, 0, &line);
		trim(&line);
		cr_expect_str_eq(line.buf, c->header, "%s %s: header %s",
				 c->name, fmt, line.buf);
		nth_line(out, (int)n + 1, &line);
		if (!strcmp(fmt, "raw")) {
			unescape(line.buf, line.len, val);
		} else {
			trim(&line);
			strbuf_reset(val);
			strbuf_add(val, line.buf, line.len);
		}
	}
	strbuf_release(&line);
	strbuf_release(&key);
}

static const enum json_type json_types[] = {
	[OUT_JSON_STRING] = json_type_string,
	[OUT_JSON_INT] = json_type_int,
	[OUT_JSON_BOOL] = json_type_boolean,
	[OUT_JSON_ARRAY] = json_type_array,
	[OUT_JSON_OBJECT] = json_type_object,
	[OUT_JSON_DOUBLE] = json_type_double,
};

/* The text cell agrees with the JSON value v of column c in Secret object
 * item. */
static void agree(const struct out_col *c, const char *text,
		  struct json_object *v, struct json_object *item)
{
	struct strbuf want = STRBUF_INIT;
	size_t i;
	if (!v) { /* nothing to say, or not this storage's */
		cr_expect_str_eq(text, "", "%s: JSON null", c->name);
		return;
	}
	cr_expect_eq(json_object_get_type(v), json_types[c->jtype],
		     "%s: JSON type %s", c->name,
		     json_type_to_name(json_object_get_type(v)));
	switch (c->jtype) {
	case OUT_JSON_INT:
		cr_expect(*text && strtoll(text, NULL, 10) ==
					   json_object_get_int64(v),
			  "%s: text \"%s\", JSON %lld", c->name, text,
			  (long long)json_object_get_int64(v));
		break;
	case OUT_JSON_BOOL:
		cr_expect_str_eq(text,
				 json_object_get_boolean(v) ? "yes" : "no",
				 "%s", c->name);
		break;
	case OUT_JSON_ARRAY: /* keys: joined by commas */
		for (i = 0; i < json_object_array_length(v); i++)
			strbuf_addf(&want, "%s%s", i ? "," : "",
				    json_object_get_string(
					    json_object_array_get_idx(v, i)));
		cr_expect_str_eq(text, want.buf, "%s", c->name);
		break;
	case OUT_JSON_STRING:
		/* The text of storage names the provider and key of an
		 * encrypted value, and a tombstone "-". */
		strbuf_addstr(&want, json_object_get_string(v));
		if (!strcmp(c->json, "storage") &&
		    !strcmp(want.buf, "encrypted")) {
			strbuf_addf(&want, ":%s/%s", js(item, "provider"),
				    js(item, "key_name"));
		} else if (!strcmp(c->json, "storage") &&
			   !strcmp(want.buf, "none")) {
			strbuf_reset(&want);
			strbuf_addch(&want, '-');
		}
		cr_expect_str_eq(text, want.buf, "%s", c->name);
		break;
	default:
		cr_expect_fail("%s: a type the etcd rows do not have", c->name);
	}
	strbuf_release(&want);
}

/* The keys of docs/json.md's Secret object table, in order, into keys
 * (owned strings); returns how many. */
static size_t doc_keys(char **keys, size_t max)
{
	FILE *f = fopen("docs/json.md", "r");
	char line[4096];
	bool in = false;
	size_t n = 0;
	cr_assert(f, "docs/json.md: %s (run from the repository root)",
		  strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *a, *b;
		if (line[0] == '#') {
			in = !strcmp(line, "### Secret object\n");
			continue;
		}
		if (!in || strncmp(line, "| `", 3))
			continue;
		a = line + 3;
		b = strchr(a, '`');
		cr_assert(b);
		*b = '\0';
		cr_assert(n < max);
		keys[n++] = strdup(a);
	}
	fclose(f);
	return n;
}

/* The keys of item are those of docs/json.md, in its order. */
static void keys_as_documented(struct json_object *item)
{
	char *keys[64];
	size_t n = doc_keys(keys, 64), i = 0;
	cr_assert_geq(n, 20, "only %zu Secret keys in docs/json.md", n);
	json_object_object_foreach(item, k, val)
	{
		(void)val;
		cr_expect_geq(out_col_find(etcd_view_cols, ETCD_VIEW_NCOLS, k,
					   strlen(k)),
			      0, "JSON key %s has no column", k);
		if (i < n)
			cr_expect_str_eq(k, keys[i],
					 "key %zu is %s, docs/json.md has %s",
					 i, k, keys[i]);
		i++;
	}
	cr_expect_eq(i, n, "%zu keys, docs/json.md lists %zu", i, n);
	for (i = 0; i < n; i++)
		free(keys[i]);
}

Test(columns_etcd, every_column_in_every_format)
{
	struct etcdkit *k = etcdkit_start();
	struct e2e_result r, rt, rr, rp;
	struct json_object *doc, *secrets, *items[NPICKS];
	struct strbuf text = STRBUF_INIT, raw = STRBUF_INIT,
		      pairs = STRBUF_INIT;
	size_t rows[NPICKS], i, j;
	char pid[16];

	/* First: the fill's last commit puts it in the file. */
	put_unknown(k);
	etcdkit_fill(k, "basic"); /* the kit owns the manifest */
	pid_str(k, pid, sizeof(pid));
	run(pid, "--json", NULL, &r);
	e2e_validate("etcd", &r.out);
	doc = e2e_json_parse(&r.out);
	e2e_result_release(&r);
	secrets = e2e_json_get(doc, "secrets");
	for (j = 0; j < NPICKS; j++) {
		size_t n = json_object_array_length(secrets);
		for (rows[j] = 0; rows[j] < n; rows[j]++) {
			items[j] = json_object_array_get_idx(secrets, rows[j]);
			if (streq_null(js(items[j], picks[j].key),
				       picks[j].value))
				break;
		}
		cr_assert_lt(rows[j], n, "no Secret with %s %s", picks[j].key,
			     picks[j].value);
		keys_as_documented(items[j]);
	}

	for (i = 0; i < ETCD_VIEW_NCOLS; i++) {
		const struct out_col *c = &etcd_view_cols[i];
		cr_assert(c->get && c->json && c->jtype != OUT_JSON_ANY,
			  "%s: no getter, JSON key or type", c->name);
		cr_expect(
			!(c->flags & (OUT_COL_JSON_ALSO | OUT_COL_JSON_OUTER)),
			"%s: a Secret object has every key", c->name);
		cr_expect_str_eq(c->name, c->json, "%s: JSON key %s", c->name,
				 c->json);
		run(pid, "-w", c->name, &rt);
		run(pid, "-r", c->name, &rr);
		run(pid, "-P", c->name, &rp);
		for (j = 0; j < NPICKS; j++) {
			struct json_object *jv = NULL;
			cell(&rt.out, c, rows[j], "text", &text);
			cell(&rr.out, c, rows[j], "raw", &raw);
			cell(&rp.out, c, rows[j], "pairs", &pairs);
			cr_expect_str_eq(raw.buf, text.buf, "%s: raw", c->name);
			cr_expect_str_eq(pairs.buf, text.buf, "%s: pairs",
					 c->name);
			cr_expect(json_object_object_get_ex(items[j], c->json,
							    &jv),
				  "%s: no JSON key %s", c->name, c->json);
			agree(c, text.buf, jv, items[j]);
		}
		e2e_result_release(&rt);
		e2e_result_release(&rr);
		e2e_result_release(&rp);
	}
	strbuf_release(&text);
	strbuf_release(&raw);
	strbuf_release(&pairs);
	json_object_put(doc);
}
