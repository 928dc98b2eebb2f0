/* The two end-to-end tests of issue 10's "Done when": one made-up value of
 * each covered vendor format (tests/e2e/data/seeds-*.tsv, RULE-ID<TAB>VALUE,
 * every such file the directory holds) in child processes under neutral
 * names, each found by scan with its rule; and benign values from real
 * configuration (tests/e2e/data/benign.tsv, NAME<TAB>VALUE) under their own
 * names, of which none gives a finding at low or above. Every miss is
 * reported at once. The children are tests/tools/envkids (judgekids.h),
 * stopped by pid. */
#include "e2e/judgekids.h"

#include <glob.h>

#define DATA_DIR "tests/e2e/data"
/* Values one child holds: several children keep each environment small. */
#define PER_KID 64

/* One line of a data file. */
struct item {
	char *key;	 /* the rule id (seeds) or the variable name (benign) */
	char *value;	 /* as written: no escapes */
	char where[128]; /* FILE:LINE */
	char var[64];	 /* the variable it is put in */
	int kid;
};

struct items {
	struct item *v;
	size_t n, alloc;
};

static void items_add(struct items *l, const char *key, size_t klen,
		      const char *value, size_t vlen, const char *file,
		      size_t line)
{
	struct item *it;
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 64;
		l->v = realloc(l->v, l->alloc * sizeof(*l->v));
		cr_assert_not_null(l->v);
	}
	it = &l->v[l->n++];
	memset(it, 0, sizeof(*it));
	it->key = strndup(key, klen);
	it->value = strndup(value, vlen);
	snprintf(it->where, sizeof(it->where), "%s:%zu", file, line);
}

static void items_release(struct items *l)
{
	size_t i;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].value);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* The KEY<TAB>VALUE lines of path (blank lines and # comments skipped). */
static void read_tsv(const char *path, struct items *l)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	size_t pos = 0, line = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	cr_assert(fd >= 0, "%s: %s", path, strerror(errno));
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		strbuf_add(&sb, buf, (size_t)n);
	close(fd);
	while (pos < sb.len) {
		const char *s = sb.buf + pos,
			   *nl = memchr(s, '\n', sb.len - pos);
		size_t len = nl ? (size_t)(nl - s) : sb.len - pos;
		const char *tab = memchr(s, '\t', len);
		line++;
		pos += len + 1;
		if (len && s[len - 1] == '\r')
			len--;
		if (!len || s[0] == '#')
			continue;
		cr_assert(tab && tab > s && tab + 1 < s + len,
			  "%s:%zu: not KEY<TAB>VALUE", path, line);
		items_add(l, s, (size_t)(tab - s), tab + 1,
			  len - (size_t)(tab - s) - 1, path, line);
	}
	strbuf_release(&sb);
}

/* Put the items in children (PER_KID each, at most JK_MAX), each under
 * its var, and start them. */
static void start_kids(struct jkids *k, struct items *l)
{
	size_t nk = (l->n + PER_KID - 1) / PER_KID, i, c;
	const char **env[JK_MAX];
	struct strbuf sb[JK_MAX];
	struct jkid spec[JK_MAX];
	size_t cnt[JK_MAX] = {0};
	if (nk > JK_MAX)
		nk = JK_MAX;
	if (!nk)
		nk = 1;
	for (c = 0; c < nk; c++) {
		env[c] = calloc(l->n + 1, sizeof(*env[c]));
		strbuf_init(&sb[c], 0);
	}
	for (i = 0; i < l->n; i++) {
		struct item *it = &l->v[i];
		it->kid = (int)(i % nk);
		cnt[it->kid]++;
	}
	/* Offsets first, pointers once each buffer is final. */
	for (c = 0; c < nk; c++) {
		size_t at[l->n + 1], m = 0;
		for (i = 0; i < l->n; i++) {
			if (l->v[i].kid != (int)c)
				continue;
			at[m++] = sb[c].len;
			strbuf_addf(&sb[c], "%s=%s", l->v[i].var,
				    l->v[i].value);
			strbuf_addch(&sb[c], '\0');
		}
		for (i = 0; i < m; i++)
			env[c][i] = sb[c].buf + at[i];
		env[c][m] = NULL;
		spec[c] = (struct jkid){NULL, env[c]};
	}
	jk_start(k, spec, nk);
	for (c = 0; c < nk; c++) {
		free(env[c]);
		strbuf_release(&sb[c]);
	}
}

/* scan --only secret --json of the kids; the findings array. */
static struct json_object *scan_kids(const struct jkids *k,
				     struct e2e_result *r)
{
	char pids[JK_MAX * 12];
	struct json_object *doc, *a;
	jk_pidlist(k, pids, sizeof(pids));
	PROCSIFT(r, "scan", "--only", "secret", "--json", "--pid", pids);
	cr_assert(r->status == 0 || r->status == 1, "scan exit %d: %s",
		  r->status, r->err.buf);
	doc = e2e_json_parse(&r->out);
	a = e2e_json_get(doc, "findings");
	cr_assert(json_object_is_type(a, json_type_array), "%s", r->out.buf);
	return doc;
}

static const char *str_of(struct json_object *o, const char *key)
{
	struct json_object *v = e2e_json_get(o, key);
	return json_object_is_type(v, json_type_string)
		       ? json_object_get_string(v)
		       : "";
}

/* Is the finding's place the variable var, or a pair nested in it? */
static bool place_is(const char *where, const char *var)
{
	size_t n = strlen(var);
	return !strncmp(where, "env:", 4) && !strncmp(where + 4, var, n) &&
	       (where[4 + n] == '\0' || where[4 + n] == '[');
}

Test(vendors, every_seed_found_with_its_rule, .timeout = 120)
{
	struct items seeds = {0};
	struct e2e_result r;
	struct json_object *doc, *a;
	struct strbuf miss = STRBUF_INIT, got = STRBUF_INIT;
	struct jkids k;
	glob_t g;
	size_t i, j, n, missed = 0;

	cr_assert_eq(glob(DATA_DIR "/seeds-*.tsv", 0, NULL, &g), 0,
		     "no " DATA_DIR "/seeds-*.tsv");
	for (i = 0; i < g.gl_pathc; i++)
		read_tsv(g.gl_pathv[i], &seeds);
	globfree(&g);
	cr_assert_geq(seeds.n, 40, "only %zu seeds", seeds.n);
	for (i = 0; i < seeds.n; i++)
		snprintf(seeds.v[i].var, sizeof(seeds.v[i].var), "SEED_%zu", i);
	start_kids(&k, &seeds);
	doc = scan_kids(&k, &r);
	a = e2e_json_get(doc, "findings");
	n = json_object_array_length(a);
	for (i = 0; i < seeds.n; i++) {
		const struct item *it = &seeds.v[i];
		bool found = false;
		strbuf_reset(&got);
		for (j = 0; j < n; j++) {
			struct json_object *f = json_object_array_get_idx(a, j);
			const char *rule = str_of(f, "rule");
			if (e2e_json_pid(f) != k.kid[it->kid] ||
			    !place_is(str_of(f, "where"), it->var))
				continue;
			found = found || !strcmp(rule, it->key);
			strbuf_addf(&got, "%s%s", got.len ? ", " : "", rule);
		}
		if (!found) {
			strbuf_addf(&miss, "\n  %s: %s (%s): %s", it->where,
				    it->key, it->var,
				    got.len ? got.buf : "nothing");
			missed++;
		}
	}
	cr_expect_eq(missed, 0, "%zu of %zu seeds not found by their rule:%s",
		     missed, seeds.n, miss.buf ? miss.buf : "");
	json_object_put(doc);
	e2e_result_release(&r);
	strbuf_release(&miss);
	strbuf_release(&got);
	jk_stop(&k);
	items_release(&seeds);
}

Test(vendors, benign_configuration_gives_nothing, .timeout = 120)
{
	struct items benign = {0};
	struct e2e_result r;
	struct json_object *doc, *a;
	struct strbuf bad = STRBUF_INIT;
	struct jkids k;
	size_t i, j, n, nbad = 0;

	read_tsv(DATA_DIR "/benign.tsv", &benign);
	cr_assert_geq(benign.n, 100, "only %zu benign values", benign.n);
	for (i = 0; i < benign.n; i++) {
		for (j = 0; j < i; j++)
			cr_assert(strcmp(benign.v[i].key, benign.v[j].key),
				  "%s: %s given twice", benign.v[i].where,
				  benign.v[i].key);
		snprintf(benign.v[i].var, sizeof(benign.v[i].var), "%s",
			 benign.v[i].key);
	}
	start_kids(&k, &benign);
	doc = scan_kids(&k, &r);
	a = e2e_json_get(doc, "findings");
	n = json_object_array_length(a);
	for (j = 0; j < n; j++) {
		struct json_object *f = json_object_array_get_idx(a, j);
		const char *sev = str_of(f, "severity");
		if (!strcmp(sev, "info"))
			continue;
		strbuf_addf(&bad, "\n  %s %s %s: %s", str_of(f, "where"),
			    str_of(f, "rule"), sev, str_of(f, "message"));
		nbad++;
	}
	cr_expect_eq(nbad, 0,
		     "%zu findings at low or above in %zu benign "
		     "values:%s",
		     nbad, benign.n, bad.buf ? bad.buf : "");
	cr_expect_eq(r.status, 0, "scan exit %d", r.status);
	json_object_put(doc);
	e2e_result_release(&r);
	strbuf_release(&bad);
	jk_stop(&k);
	items_release(&benign);
}
