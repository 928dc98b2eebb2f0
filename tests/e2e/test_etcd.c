/* End-to-end: procsift etcd against a real etcd (Debian's 3.4) that
 * tests/tools/etcdfill.py fills with Kubernetes Secrets encoded as
 * kube-apiserver stores them; its manifest says what each row must be.
 * Live through /proc/PID/fd, offline on a snapshot, recovery after a
 * compaction, the WAL, procsift scan, no secret value without --reveal,
 * and damaged databases (exit 3, one line, no crash, no hang). The etcd
 * helpers: e2e/etcdkit.h. */
#include "e2e/etcdkit.h"

#include <dirent.h>

TestSuite(etcd, .fini = etcdkit_stop, .timeout = 300);

/* ---- 1. live ---- */

/* Every finding names etcd's container and pod as scan does: the keys are
 * there, the same on each finding (one process), and a name only with a
 * container or pod to name. */
static void check_finding_names(struct json_object *findings)
{
	static const char *const keys[] = {
		"container",	   "pod_uid",  "container_name",
		"container_image", "pod_name", "pod_namespace",
	};
	struct json_object *first = json_object_array_get_idx(findings, 0);
	size_t i, k;
	cr_assert(first, "no findings");
	for (i = 0; i < json_object_array_length(findings); i++) {
		struct json_object *f = json_object_array_get_idx(findings, i);
		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			struct json_object *v, *v0;
			cr_assert(json_object_object_get_ex(f, keys[k], &v),
				  "finding without %s: %s", keys[k],
				  json_object_to_json_string(f));
			json_object_object_get_ex(first, keys[k], &v0);
			cr_assert(json_object_equal(v, v0), "%s differs: %s",
				  keys[k], json_object_to_json_string(f));
		}
		cr_assert(!js(f, "container_name") || js(f, "container"),
			  "a container name without a container: %s",
			  json_object_to_json_string(f));
	}
}

Test(etcd, live_every_secret_by_storage_and_state)
{
	struct etcdkit *k = etcdkit_start();
	struct json_object *m = etcdkit_fill(k, "basic"), *doc, *e, *wal;
	struct e2e_result r;
	const char *db;
	size_t i, n;

	doc = etcd_json_pid(k, &r);
	e = e2e_json_get(doc, "etcd");
	cr_assert_eq(ji(e, "pid"), k->pid);
	db = js(e, "db");
	cr_assert(db && strlen(db) > 15 &&
			  !strcmp(db + strlen(db) - 15, "/member/snap/db"),
		  "etcd.db %s", NUL_STR(db));
	cr_assert_str_eq(db, k->db);
	cr_assert_eq(ji(e, "page_size"), 4096);
	cr_assert_gt(ji(e, "txid"), 1);
	cr_assert_gt(ji(e, "size"), 4 * 4096);
	wal = e2e_json_get(e, "wal");
	n = json_object_array_length(wal);
	cr_assert_gt(n, 0, "no WAL file found: %s",
		     json_object_to_json_string(wal));
	for (i = 0; i < n; i++) {
		const char *w = json_object_get_string(
			json_object_array_get_idx(wal, i));
		cr_assert(strstr(w, "/member/wal/") &&
				  !strcmp(w + strlen(w) - 4, ".wal"),
			  "wal %s", w);
	}
	check_rows(doc, m, NULL);
	check_secret_findings(e2e_json_get(doc, "findings"), m, k->pid);
	check_finding_names(e2e_json_get(doc, "findings"));
	check_summary(doc, m);
	json_object_put(doc);
	e2e_validate("etcd", &r.out);
	e2e_result_release(&r);
}

/* --all-resources: a row per resource with its distinct keys and stored
 * revisions; the Secrets are still listed. */
Test(etcd, all_resources)
{
	struct etcdkit *k = etcdkit_start();
	struct json_object *m = etcdkit_fill(k, "basic"), *doc, *res, *want;
	struct strbuf bad = STRBUF_INIT;
	struct e2e_result r;
	char pid[16];
	size_t i, n;

	pid_str(k, pid, sizeof(pid));
	PROCSIFT(&r, "etcd", "--pid", pid, "--json", "--all-resources");
	E2E_EXPECT_STATUS(&r, 0, "etcd --json --all-resources");
	doc = e2e_json_parse(&r.out);
	check_rows(doc, m, NULL);
	res = e2e_json_get(doc, "resources");
	n = json_object_array_length(res);
	want = e2e_json_get(m, "resources");
	json_object_object_foreach(want, name, w)
	{
		struct json_object *got = NULL;
		for (i = 0; i < n; i++) {
			struct json_object *x =
				json_object_array_get_idx(res, i);
			if (!strcmp(js(x, "resource"), name) &&
			    streq_null(js(x, "prefix"), "/registry"))
				got = x;
		}
		if (!got) {
			strbuf_addf(&bad, "  no /registry %s\n", name);
			continue;
		}
		if (ji(got, "keys") != ji(w, "keys") ||
		    ji(got, "revisions") != ji(w, "revisions"))
			strbuf_addf(&bad, "  %s: %s, want %s\n", name,
				    json_object_to_json_string(got),
				    json_object_to_json_string(w));
	}
	/* Secrets: distinct keys (deleted ones too) and every revision. */
	for (i = 0; i < n; i++) {
		struct json_object *x = json_object_array_get_idx(res, i);
		size_t want_keys, want_revs;
		if (strcmp(js(x, "resource"), "secrets"))
			continue;
		manifest_counts(m, &want_keys, &want_revs);
		if (ji(x, "keys") != (int64_t)want_keys ||
		    ji(x, "revisions") != (int64_t)want_revs)
			strbuf_addf(&bad,
				    "  secrets: %s, want %zu keys, %zu "
				    "revisions\n",
				    json_object_to_json_string(x), want_keys,
				    want_revs);
	}
	cr_assert(!bad.len, "resources %s:\n%s",
		  json_object_to_json_string(res), bad.buf);
	json_object_put(doc);
	e2e_validate("etcd", &r.out);
	strbuf_release(&bad);
	e2e_result_release(&r);
}

/* ---- 2. no secret value without --reveal ---- */

/* Every string in JSON o, unescaped, appended to sb (one per line). */
static void json_strings(struct json_object *o, struct strbuf *sb)
{
	struct strbuf tmp = STRBUF_INIT;
	size_t i;
	switch (json_object_get_type(o)) {
	case json_type_string:
		cr_assert(!e2e_unescape(json_object_get_string(o),
					(size_t)json_object_get_string_len(o),
					&tmp));
		strbuf_add(sb, tmp.buf, tmp.len);
		strbuf_addch(sb, '\n');
		break;
	case json_type_array:
		for (i = 0; i < json_object_array_length(o); i++)
			json_strings(json_object_array_get_idx(o, i), sb);
		break;
	case json_type_object: {
		json_object_object_foreach(o, key, val)
		{
			strbuf_addstr(sb, key);
			strbuf_addch(sb, '\n');
			json_strings(val, sb);
		}
		break;
	}
	default:
		break;
	}
	strbuf_release(&tmp);
}

/* The manifest's secret values (and their base64) found in text. */
static size_t leaks(struct json_object *m, const struct strbuf *text,
		    struct strbuf *report)
{
	struct json_object *v = e2e_json_get(m, "secret_values");
	size_t i, hits = 0;
	for (i = 0; i < json_object_array_length(v); i++) {
		const char *s =
			json_object_get_string(json_object_array_get_idx(v, i));
		if (e2e_contains(text->buf, text->len, s)) {
			hits++;
			if (report)
				strbuf_addf(report, "  %.60s\n", s);
		}
	}
	return hits;
}

/* stdout, plus (for JSON) its strings unescaped, must hold no value. */
static void assert_no_leak(struct json_object *m, const struct e2e_result *r,
			   bool json, const char *what)
{
	struct strbuf all = STRBUF_INIT, report = STRBUF_INIT;
	strbuf_add(&all, r->out.buf, r->out.len);
	strbuf_addch(&all, '\n');
	strbuf_add(&all, r->err.buf, r->err.len);
	if (json) {
		struct json_object *doc = e2e_json_parse(&r->out);
		json_strings(doc, &all);
		json_object_put(doc);
	}
	cr_assert_eq(leaks(m, &all, &report), 0,
		     "%s printed secret values:\n%s", what, report.buf);
	strbuf_release(&all);
	strbuf_release(&report);
}

Test(etcd, no_value_without_reveal)
{
	struct etcdkit *k = etcdkit_start();
	struct json_object *m = etcdkit_fill(k, "basic"), *doc;
	struct strbuf all = STRBUF_INIT;
	struct e2e_result r;
	char pid[16];

	cr_assert_gt(json_object_array_length(e2e_json_get(m, "secret_values")),
		     20);
	pid_str(k, pid, sizeof(pid));
	PROCSIFT(&r, "etcd", "--pid", pid);
	E2E_EXPECT_STATUS(&r, 0, "etcd");
	assert_no_leak(m, &r, false, "etcd");
	e2e_result_release(&r);
	PROCSIFT(&r, "etcd", "--pid", pid, "--json");
	E2E_EXPECT_STATUS(&r, 0, "etcd --json");
	assert_no_leak(m, &r, true, "etcd --json");
	e2e_result_release(&r);
	PROCSIFT(&r, "etcd", "--pid", pid, "--json", "--all-resources");
	E2E_EXPECT_STATUS(&r, 0, "etcd --json --all-resources");
	assert_no_leak(m, &r, true, "etcd --json --all-resources");
	e2e_result_release(&r);
	/* --pid: other tests' etcds come and go meanwhile. */
	PROCSIFT(&r, "scan", "--json", "--pid", pid);
	E2E_EXPECT_STATUS(&r, 0, "scan --json --pid");
	assert_no_leak(m, &r, true, "scan --json --pid");
	e2e_result_release(&r);

	/* With --reveal the values are there. */
	PROCSIFT(&r, "etcd", "--pid", pid, "--json", "--reveal");
	E2E_EXPECT_STATUS(&r, 0, "etcd --json --reveal");
	doc = e2e_json_parse(&r.out);
	json_strings(doc, &all);
	json_object_put(doc);
	cr_assert_gt(leaks(m, &all, NULL), 0,
		     "etcd --json --reveal shows no secret value");
	strbuf_release(&all);
	e2e_result_release(&r);
}

/* ---- 3. text ---- */

/* Split line (modified) into whitespace-separated tokens. */
static size_t tokens(char *line, char **tok, size_t max)
{
	size_t n = 0;
	char *save = NULL, *t;
	for (t = strtok_r(line, " \t", &save); t && n < max;
	     t = strtok_r(NULL, " \t", &save))
		tok[n++] = t;
	return n;
}

/* A line of text whose first tokens are ns and name and which has the
 * tokens rev and state. */
static bool text_has_row(const char *text, const char *ns, const char *name,
			 const char *rev, const char *state)
{
	const char *p = text;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p), n, i;
		char *line = strndup(p, len), *tok[32];
		bool rev_hit = false, state_hit = false, hit;
		cr_assert(line);
		n = tokens(line, tok, 32);
		for (i = 2; i < n; i++) {
			rev_hit |= !strcmp(tok[i], rev);
			state_hit |= !strcmp(tok[i], state);
		}
		hit = n >= 4 && !strcmp(tok[0], ns) && !strcmp(tok[1], name) &&
		      rev_hit && state_hit;
		free(line);
		if (hit)
			return true;
		p += len + (eol != NULL);
	}
	return false;
}

Test(etcd, text_table)
{
	static const char *const cols[] = {"NAMESPACE", "NAME",	   "TYPE",
					   "KEYS",	"STORAGE", "REVISION",
					   "STATE",	"FINDINGS"};
	struct etcdkit *k = etcdkit_start();
	struct json_object *m = etcdkit_fill(k, "basic"), *all;
	struct strbuf bad = STRBUF_INIT;
	struct e2e_result r;
	char pid[16], *tok[32], *first;
	size_t i, j, n;

	pid_str(k, pid, sizeof(pid));
	PROCSIFT(&r, "etcd", "--pid", pid);
	E2E_EXPECT_STATUS(&r, 0, "etcd");
	first = strndup(r.out.buf, strcspn(r.out.buf, "\n"));
	cr_assert(first);
	n = tokens(first, tok, 32);
	cr_assert_eq(n, 8, "header: %.200s", r.out.buf);
	for (i = 0; i < 8; i++)
		cr_assert_str_eq(tok[i], cols[i], "header column %zu", i);
	free(first);
	all = e2e_json_get(m, "secrets");
	for (i = 0; i < json_object_array_length(all); i++) {
		struct json_object *ms = json_object_array_get_idx(all, i);
		struct json_object *revs = e2e_json_get(ms, "revisions");
		for (j = 0; j < json_object_array_length(revs); j++) {
			struct json_object *mr =
				json_object_array_get_idx(revs, j);
			char rev[32];
			snprintf(rev, sizeof(rev), "%" PRId64,
				 ji(mr, "revision"));
			if (!text_has_row(r.out.buf, js(ms, "namespace"),
					  js(ms, "name"), rev, js(mr, "state")))
				strbuf_addf(&bad, "  %s %s %s %s\n",
					    js(ms, "namespace"), js(ms, "name"),
					    rev, js(mr, "state"));
		}
	}
	cr_assert(!bad.len, "rows missing from the text table:\n%s\n%s",
		  bad.buf, r.out.buf);
	/* The last line sums up. */
	cr_assert(r.out.len > 1 && r.out.buf[r.out.len - 1] == '\n');
	first = memrchr(r.out.buf, '\n', r.out.len - 1);
	cr_assert(first && strstr(first, " secrets ") &&
			  strstr(first, "plaintext"),
		  "summary line: %s", first ? first + 1 : r.out.buf);
	cr_assert(!e2e_contains(r.out.buf, r.out.len, "/configmaps/") &&
			  !e2e_contains(r.out.buf, r.out.len, "app-config"),
		  "a ConfigMap in the Secret table");
	strbuf_release(&bad);
	e2e_result_release(&r);
}

/* ---- 4. found without --pid ---- */

/* Processes whose comm is "etcd" or whose exe is named etcd. */
static size_t etcd_processes(void)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	size_t n = 0;
	cr_assert(d);
	while ((de = readdir(d))) {
		char path[300], buf[4096];
		const char *base;
		ssize_t len;
		int fd;
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", de->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		len = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (len > 0 && !strncmp(buf, "etcd\n", 5)) {
			n++;
			continue;
		}
		snprintf(path, sizeof(path), "/proc/%s/exe", de->d_name);
		len = readlink(path, buf, sizeof(buf) - 1);
		if (len <= 0)
			continue;
		buf[len] = '\0';
		base = strrchr(buf, '/');
		n += !strcmp(base ? base + 1 : buf, "etcd");
	}
	closedir(d);
	return n;
}

Test(etcd, found_without_pid)
{
	struct etcdkit *k;
	struct json_object *m, *doc;
	struct e2e_result r;
	size_t n = etcd_processes();
	if (n)
		cr_skip_test("%zu other etcd processes on this machine: "
			     "detection without --pid not checked",
			     n);
	k = etcdkit_start();
	m = etcdkit_fill(k, "basic");
	n = etcd_processes();
	if (n != 1)
		etcdkit_skip("%zu etcd processes on this machine, not only "
			     "the test's: detection without --pid not checked",
			     n);
	PROCSIFT(&r, "etcd", "--json");
	E2E_EXPECT_STATUS(&r, 0, "etcd --json (no --pid)");
	doc = e2e_json_parse(&r.out);
	cr_assert_eq(ji(e2e_json_get(doc, "etcd"), "pid"), k->pid);
	cr_assert_str_eq(js(e2e_json_get(doc, "etcd"), "db"), k->db);
	check_rows(doc, m, NULL);
	json_object_put(doc);
	e2e_result_release(&r);
}

/* ---- 5. offline: a snapshot ---- */

Test(etcd, offline_snapshot)
{
	struct etcdkit *k = etcdkit_start();
	struct json_object *m = etcdkit_fill(k, "basic"), *doc, *e;
	struct e2e_result r;
	char snap[128];

	etcdkit_path(k, snap, sizeof(snap), "snapshot.db");
	ETCDCTL(k, "snapshot", "save", snap);
	/* Offline means offline: etcd is gone. */
	etcdkit_kill(k);
	PROCSIFT(&r, "etcd", "--file", snap, "--json");
	E2E_EXPECT_STATUS(&r, 0, "etcd --file SNAP --json");
	doc = e2e_json_parse(&r.out);
	e = e2e_json_get(doc, "etcd");
	cr_assert(json_object_is_type(e2e_json_get(e, "pid"), json_type_null),
		  "offline pid: %s", json_object_to_json_string(e));
	cr_assert_str_eq(js(e, "db"), snap);
	check_rows(doc, m, NULL);
	check_secret_findings(e2e_json_get(doc, "findings"), m, 0);
	json_object_put(doc);
	e2e_validate("etcd", &r.out);
	e2e_result_release(&r);
}

/* ---- 6. recovery after a compaction ---- */

Test(etcd, compacted_revisions_recovered)
{
	struct etcdkit *k = etcdkit_start();
	struct json_object *m = etcdkit_fill(k, "compact"), *doc, *all, *f;
	struct strbuf file = STRBUF_INIT, bad = STRBUF_INIT;
	struct e2e_result r;
	char copy[128];
	size_t i, j, rec, old_pw = 0, deleted = 0;

	cr_assert(!json_object_is_type(e2e_json_get(m, "compact_revision"),
				       json_type_null));
	etcdkit_path(k, copy, sizeof(copy), "copy.db");
	etcdkit_copy(k->db, copy); /* etcd keeps running */
	etcdkit_slurp(copy, &file);
	PROCSIFT(&r, "etcd", "--file", copy, "--json");
	E2E_EXPECT_STATUS(&r, 0, "etcd --file COPY --json");
	doc = e2e_json_parse(&r.out);
	rec = check_rows(doc, m, &file);
	assert_no_leak(m, &r, true, "etcd --file COPY --json");

	/* The scenario must leave the interesting ones recoverable: a
	 * rotated-away password and a deleted Secret's value. */
	all = e2e_json_get(m, "secrets");
	f = e2e_json_get(doc, "findings");
	for (i = 0; i < json_object_array_length(all); i++) {
		struct json_object *ms = json_object_array_get_idx(all, i);
		struct json_object *revs = e2e_json_get(ms, "revisions");
		for (j = 0; j < json_object_array_length(revs); j++) {
			struct json_object *mr =
				json_object_array_get_idx(revs, j);
			const char *hex = js(mr, "value_hex");
			char where[512];
			if (strcmp(js(mr, "state"), "recovered") || !hex ||
			    !is_plain(js(mr, "storage")) ||
			    !value_in_file(hex, &file))
				continue;
			if (!strcmp(js(ms, "state"), "live"))
				old_pw++;
			else
				deleted++;
			snprintf(where, sizeof(where), "etcd:%s@%" PRId64,
				 js(ms, "key"), ji(mr, "revision"));
			if (findings_at(f, "etcd-secret-recovered", where,
					NULL) != 1)
				strbuf_addf(&bad, "  %s\n", where);
		}
	}
	cr_assert(old_pw && deleted,
		  "the compact scenario left %zu rotated and %zu deleted "
		  "plaintext revisions in the copy (want both)",
		  old_pw, deleted);
	cr_assert_geq(rec, old_pw + deleted);
	cr_assert(!bad.len, "no etcd-secret-recovered finding for:\n%s",
		  bad.buf);
	json_object_put(doc);
	strbuf_release(&bad);
	strbuf_release(&file);
	e2e_result_release(&r);
}

/* ---- 7. the WAL ---- */

Test(etcd, wal_plaintext)
{
	struct etcdkit *k = etcdkit_start();
	struct json_object *m = etcdkit_fill(k, "basic"), *doc, *f, *all;
	struct strbuf bad = STRBUF_INIT;
	struct e2e_result r;
	size_t i, j, want = 0, n;

	doc = etcd_json_pid(k, &r);
	f = e2e_json_get(doc, "findings");
	all = e2e_json_get(m, "secrets");
	for (i = 0; i < json_object_array_length(all); i++) {
		struct json_object *ms = json_object_array_get_idx(all, i);
		struct json_object *revs = e2e_json_get(ms, "revisions");
		bool plain = false;
		for (j = 0; j < json_object_array_length(revs); j++) {
			const char *s = js(json_object_array_get_idx(revs, j),
					   "storage");
			plain |= is_plain(s);
			want += is_plain(s);
		}
		if (plain && !findings_mentioning(f, "etcd-wal-plaintext",
						  js(ms, "key")))
			strbuf_addf(&bad, "  %s\n", js(ms, "key"));
	}
	n = count_rule(f, "etcd-wal-plaintext");
	cr_assert(!bad.len,
		  "%zu etcd-wal-plaintext findings; none for these plaintext "
		  "Secrets:\n%s",
		  n, bad.buf);
	cr_assert_geq(n, want,
		      "%zu etcd-wal-plaintext findings for %zu "
		      "plaintext puts",
		      n, want);
	cr_assert_geq(ji(e2e_json_get(doc, "summary"), "wal_plaintext"),
		      (int64_t)want);
	json_object_put(doc);
	strbuf_release(&bad);
	e2e_result_release(&r);
}

/* ---- 8. procsift scan ---- */

Test(etcd, scan_includes_etcd_findings)
{
	struct etcdkit *k = etcdkit_start();
	struct json_object *m = etcdkit_fill(k, "basic"), *doc, *f, *all;
	struct strbuf bad = STRBUF_INIT;
	struct e2e_result r;
	char pid[16];
	size_t i;

	pid_str(k, pid, sizeof(pid));
	PROCSIFT(&r, "scan", "--json", "--pid", pid);
	E2E_EXPECT_STATUS(&r, 0, "scan --json --pid");
	doc = e2e_json_parse(&r.out);
	f = e2e_json_get(doc, "findings");
	all = e2e_json_get(m, "secrets");
	for (i = 0; i < json_object_array_length(all); i++) {
		struct json_object *ms = json_object_array_get_idx(all, i);
		struct json_object *mr = newest_rev(ms), *x = NULL;
		char where[512];
		if (strcmp(js(mr, "state"), "live") ||
		    !is_plain(js(mr, "storage")))
			continue;
		snprintf(where, sizeof(where), "etcd:%s@%" PRId64,
			 js(ms, "key"), ji(mr, "revision"));
		if (findings_at(f, "etcd-secret-plaintext", where, &x) != 1)
			strbuf_addf(&bad, "  %s\n", where);
		else if (ji(x, "pid") != k->pid)
			strbuf_addf(&bad, "  %s: pid %" PRId64 "\n", where,
				    ji(x, "pid"));
	}
	cr_assert(!bad.len, "scan: no etcd-secret-plaintext finding for:\n%s",
		  bad.buf);
	cr_assert_gt(count_rule(f, "etcd-wal-plaintext"), 0);
	json_object_put(doc);
	e2e_validate("scan", &r.out);
	strbuf_release(&bad);
	e2e_result_release(&r);
}

/* ---- 9. damaged databases ---- */

#define DB_PAGE 4096

static uint64_t get64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static uint32_t get32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static uint16_t get16(const unsigned char *p)
{
	uint16_t v;
	memcpy(&v, p, 2);
	return v;
}

/* Page numbers of a copied database, parsed here independently of
 * procsift: the meta with the higher txid, the root bucket page, the
 * `key` bucket's root (a branch in the basic fill) and its first child. */
struct dbmap {
	uint64_t pages, root, key_root, first_leaf;
};

static const unsigned char *page_at(const struct strbuf *f, uint64_t pg)
{
	cr_assert((pg + 1) * DB_PAGE <= f->len, "page %" PRIu64 " past the end",
		  pg);
	return (const unsigned char *)f->buf + pg * DB_PAGE;
}

static void map_db(const struct strbuf *f, struct dbmap *d)
{
	const unsigned char *m0 = page_at(f, 0) + 16, *m1 = page_at(f, 1) + 16,
			    *m, *p;
	uint16_t i, count;
	cr_assert_eq(get32(m0), 0xED0CDAEDu);
	cr_assert_eq(get32(m0 + 8), DB_PAGE);
	m = get64(m1 + 48) > get64(m0 + 48) && get32(m1) == 0xED0CDAEDu ? m1
									: m0;
	d->pages = f->len / DB_PAGE;
	d->root = get64(m + 16);
	p = page_at(f, d->root);
	cr_assert_eq(get16(p + 8), 0x02, "root bucket page is not a leaf");
	count = get16(p + 10);
	d->key_root = 0;
	for (i = 0; i < count; i++) {
		const unsigned char *e = p + 16 + 16 * i;
		uint32_t flags = get32(e), pos = get32(e + 4),
			 ksize = get32(e + 8);
		cr_assert_leq(16 + 16 * i + pos + ksize + 8, DB_PAGE);
		if ((flags & 1) && ksize == 3 && !memcmp(e + pos, "key", 3))
			d->key_root = get64(e + pos + ksize);
	}
	cr_assert(d->key_root >= 2 && d->key_root < d->pages,
		  "bucket key root %" PRIu64, d->key_root);
	p = page_at(f, d->key_root);
	cr_assert_eq(get16(p + 8), 0x01,
		     "the key bucket's root page %" PRIu64
		     " is a leaf (flags %#x): the fill is too small",
		     d->key_root, get16(p + 8));
	d->first_leaf = get64(p + 16 + 8);
	cr_assert(d->first_leaf >= 2 && d->first_leaf < d->pages);
	cr_assert_eq(get16(page_at(f, d->first_leaf) + 8), 0x02);
}

/* A copy of the first len bytes of db at path, open for patching. */
static int copy_prefix(const char *path, const struct strbuf *db, size_t len)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	cr_assert(fd >= 0, "%s: %s", path, strerror(errno));
	cr_assert_eq(write(fd, db->buf, len), (ssize_t)len);
	return fd;
}

static void patch(int fd, uint64_t off, const void *data, size_t len)
{
	cr_assert_eq(pwrite(fd, data, len, (off_t)off), (ssize_t)len,
		     "pwrite: %s", strerror(errno));
}

static void patch64(int fd, uint64_t off, uint64_t v)
{
	patch(fd, off, &v, 8);
}

/* Give meta page pg a correct FNV-1a checksum again after a patch. */
static void patch_meta_sum(int fd, uint64_t pg)
{
	unsigned char m[56];
	uint64_t h = 0xcbf29ce484222325ull;
	size_t i;
	cr_assert_eq(pread(fd, m, sizeof(m), (off_t)(pg * DB_PAGE + 16)), 56);
	for (i = 0; i < sizeof(m); i++) {
		h ^= m[i];
		h *= 0x100000001b3ull;
	}
	patch64(fd, pg * DB_PAGE + 72, h);
}

enum want { WANT_CORRUPT, WANT_OK, WANT_EITHER, WANT_NOT_DB };

/* Run procsift etcd --file path [--json] under timeout 20. WANT_CORRUPT:
 * exit 3, stderr one line "procsift: etcd: PATH: corrupt: <what>", and in
 * JSON mode nothing on stdout; WANT_NOT_DB the same with "not an etcd
 * database" for "corrupt"; WANT_OK: exit 0 and a complete document;
 * never a signal or a hang. Problems are appended to bad. */
static void expect_file(const char *what, const char *path, bool json,
			enum want want, struct strbuf *bad)
{
	const char *argv[] = {
		"/usr/bin/timeout", "20", e2e_procsift_bin(),	  "etcd",
		"--file",	    path, json ? "--json" : NULL, NULL};
	const char *mode = json ? "--json" : "text", *nl;
	struct e2e_result r;
	char prefix[256];
	e2e_run(&r, NULL, argv);
	cr_assert(!strstr(r.err.buf, "Sanitizer") &&
			  !strstr(r.err.buf, "runtime error:"),
		  "%s: sanitizer report:\n%s", what, r.err.buf);
	cr_log_info("%s (%s): exit %d: %s", what, mode, r.status, r.err.buf);
	if (r.status == 124 || r.status >= 128) {
		strbuf_addf(bad, "  %s (%s): %s (status %d)\n", what, mode,
			    r.status == 124 ? "hung (timeout 20 s)"
					    : "killed by a signal",
			    r.status);
		goto out;
	}
	if (r.status == 0 && want != WANT_CORRUPT && want != WANT_NOT_DB) {
		if (json)
			json_object_put(e2e_json_parse(&r.out));
		goto out;
	}
	if (r.status != 3 || want == WANT_OK) {
		strbuf_addf(bad,
			    "  %s (%s): exit %d, want %s; stderr: %.300s\n",
			    what, mode, r.status, want == WANT_OK ? "0" : "3",
			    r.err.buf);
		goto out;
	}
	snprintf(prefix, sizeof(prefix), "procsift: etcd: %s: %s: ", path,
		 want == WANT_NOT_DB ? "not an etcd database" : "corrupt");
	nl = strchr(r.err.buf, '\n');
	if (!nl || nl[1] || strncmp(r.err.buf, prefix, strlen(prefix)) ||
	    nl - r.err.buf <= (long)strlen(prefix))
		strbuf_addf(bad,
			    "  %s (%s): stderr is not one line '%s<what>': "
			    "'%.300s'\n",
			    what, mode, prefix, r.err.buf);
	if (json && r.out.len)
		strbuf_addf(bad, "  %s (--json): %zu bytes on stdout: %.100s\n",
			    what, r.out.len, r.out.buf);
out:
	e2e_result_release(&r);
}

/* Close the patched copy and run procsift on it, text and JSON. */
static void try_damaged(int fd, const char *what, const char *path,
			enum want want, struct strbuf *bad)
{
	cr_assert(!close(fd));
	expect_file(what, path, false, want, bad);
	expect_file(what, path, true, want, bad);
}

Test(etcd, damaged_databases)
{
	struct etcdkit *k = etcdkit_start();
	struct strbuf db = STRBUF_INIT, bad = STRBUF_INIT;
	unsigned char zero[DB_PAGE];
	uint64_t newest, sum;
	struct dbmap d;
	char orig[128], p[160];
	uint32_t u32;
	uint16_t u16;
	int fd;
	size_t i;

	etcdkit_fill(k, "basic");
	etcdkit_path(k, orig, sizeof(orig), "orig.db");
	etcdkit_copy(k->db, orig);
	etcdkit_kill(k);
	etcdkit_slurp(orig, &db);
	map_db(&db, &d);
	memset(zero, 0, sizeof(zero));
	etcdkit_path(k, p, sizeof(p), "damaged.db");
	newest = get64((const unsigned char *)db.buf + DB_PAGE + 64) >
				 get64((const unsigned char *)db.buf + 64)
			 ? 1
			 : 0;

	fd = copy_prefix(p, &db, db.len);
	try_damaged(fd, "undamaged copy", p, WANT_OK, &bad);
	cr_assert(!bad.len, "%s", bad.buf);

	fd = copy_prefix(p, &db, db.len);
	sum = get64((const unsigned char *)db.buf + newest * DB_PAGE + 72);
	patch64(fd, newest * DB_PAGE + 72, sum ^ 1);
	try_damaged(fd, "newest meta's checksum wrong (the other is used)", p,
		    WANT_OK, &bad);

	fd = copy_prefix(p, &db, 5000);
	try_damaged(fd, "truncated to 5000 bytes", p, WANT_CORRUPT, &bad);

	fd = copy_prefix(p, &db, db.len);
	patch(fd, 0, zero, DB_PAGE);
	patch(fd, DB_PAGE, zero, DB_PAGE);
	try_damaged(fd, "both metas zeroed", p, WANT_CORRUPT, &bad);

	fd = copy_prefix(p, &db, db.len);
	for (i = 0; i < 2; i++) {
		/* Wrong, and never 0 (which bbolt 1.3.6 does not check). */
		sum = get64((const unsigned char *)db.buf + i * DB_PAGE + 72);
		patch64(fd, i * DB_PAGE + 72, sum ^ 0x0100000000000001ull);
	}
	try_damaged(fd, "both meta checksums wrong", p, WANT_CORRUPT, &bad);

	fd = copy_prefix(p, &db, db.len);
	for (i = 0; i < 2; i++) {
		patch64(fd, i * DB_PAGE + 32, d.pages + 7);
		patch_meta_sum(fd, i);
	}
	try_damaged(fd, "both metas' root past the file end", p, WANT_CORRUPT,
		    &bad);

	/* The key bucket's root branch: element 0 points to the page
	 * itself. */
	fd = copy_prefix(p, &db, db.len);
	patch64(fd, d.key_root * DB_PAGE + 16 + 8, d.key_root);
	try_damaged(fd, "a branch page that points to itself", p, WANT_CORRUPT,
		    &bad);

	fd = copy_prefix(p, &db, db.len);
	patch64(fd, d.key_root * DB_PAGE + 16 + 8, d.pages + 1000);
	try_damaged(fd, "a branch child past the file end", p, WANT_CORRUPT,
		    &bad);

	fd = copy_prefix(p, &db, db.len);
	u16 = 0xfff0;
	patch(fd, d.first_leaf * DB_PAGE + 10, &u16, 2);
	try_damaged(fd, "a leaf's element count past the page end", p,
		    WANT_CORRUPT, &bad);

	fd = copy_prefix(p, &db, db.len);
	u16 = 0x0400;
	patch(fd, d.key_root * DB_PAGE + 10, &u16, 2);
	try_damaged(fd, "a branch's element count past the page end", p,
		    WANT_CORRUPT, &bad);

	fd = copy_prefix(p, &db, db.len);
	u32 = (uint32_t)d.pages + 1000;
	patch(fd, d.first_leaf * DB_PAGE + 12, &u32, 4);
	try_damaged(fd, "a leaf's overflow past the file end", p, WANT_CORRUPT,
		    &bad);

	/* Item-level damage may be skipped as one undecodable item. */
	fd = copy_prefix(p, &db, db.len);
	u32 = 0x7ffffff0u;
	patch(fd, d.first_leaf * DB_PAGE + 16 + 12, &u32, 4);
	try_damaged(fd, "a leaf value's size past the page end", p, WANT_EITHER,
		    &bad);

	fd = copy_prefix(p, &db, 0);
	for (i = 0; i < 40; i++)
		patch(fd, i * DB_PAGE, zero, DB_PAGE);
	try_damaged(fd, "a file of zeros", p, WANT_NOT_DB, &bad);

	fd = copy_prefix(p, &db, 0);
	try_damaged(fd, "an empty file", p, WANT_NOT_DB, &bad);

	/* A bbolt file whose metas were wiped but whose pages are still
	 * bbolt's: damaged, not another kind of file. */
	fd = copy_prefix(p, &db, db.len);
	patch(fd, 16, zero, 4);
	patch(fd, DB_PAGE + 16, zero, 4);
	try_damaged(fd, "both metas' magic zeroed", p, WANT_CORRUPT, &bad);

	cr_assert(!bad.len, "damaged databases:\n%s", bad.buf);
	strbuf_release(&bad);
	strbuf_release(&db);
}

/* procsift etcd --file DB --wal WAL [--json] into r. */
static void run_wal(struct e2e_result *r, const char *db, const char *wal,
		    bool json)
{
	const char *argv[] = {"/usr/bin/timeout",
			      "20",
			      e2e_procsift_bin(),
			      "etcd",
			      "--file",
			      db,
			      "--wal",
			      wal,
			      json ? "--json" : NULL,
			      NULL};
	e2e_run(r, NULL, argv);
}

/* The first .wal file in member/wal of k, into buf. */
static void wal_path(const struct etcdkit *k, char *buf, size_t size)
{
	char dir[160];
	struct dirent *de;
	DIR *d;
	snprintf(dir, sizeof(dir), "%s/member/wal", k->data);
	d = opendir(dir);
	cr_assert_not_null(d, "%s: %s", dir, strerror(errno));
	buf[0] = '\0';
	while ((de = readdir(d)))
		if (strlen(de->d_name) > 4 &&
		    !strcmp(de->d_name + strlen(de->d_name) - 4, ".wal")) {
			snprintf(buf, size, "%s/%s", dir, de->d_name);
			break;
		}
	closedir(d);
	cr_assert(buf[0], "no .wal in %s", dir);
}

/* --wal: etcd's own WAL checks (every record's CRC); one with a byte
 * changed in a record is read with a warning and counted; a file that is
 * not a WAL (random bytes, empty) is an error, exit 3, nothing on stdout.
 * The database is a copy of the same etcd's. */
Test(etcd, wal_files)
{
	struct etcdkit *k = etcdkit_start();
	struct strbuf wal = STRBUF_INIT;
	struct json_object *doc, *sum;
	struct e2e_result r;
	char db[128], walp[256], copy[128], junk[128];
	unsigned char noise[8192];
	const char *key;
	int fd;
	size_t i;

	etcdkit_fill(k, "basic");
	etcdkit_path(k, db, sizeof(db), "copy.db");
	etcdkit_copy(k->db, db);
	wal_path(k, walp, sizeof(walp));
	etcdkit_kill(k);

	run_wal(&r, db, walp, true);
	E2E_EXPECT_STATUS(&r, 0, "etcd --wal etcd's own WAL");
	doc = e2e_json_parse(&r.out);
	sum = e2e_json_get(doc, "summary");
	cr_assert_eq(ji(sum, "wal_crc_errors"), 0, "%s", r.err.buf);
	cr_assert_eq(ji(sum, "wal_untrusted"), 0);
	cr_assert_gt(ji(sum, "wal_plaintext"), 0);
	cr_assert(!strstr(r.err.buf, "CRC"), "%s", r.err.buf);
	json_object_put(doc);
	e2e_result_release(&r);

	/* One byte of the first Secret's key, a few records in: that record
	 * and every one after it fail their CRC. */
	etcdkit_slurp(walp, &wal);
	key = memmem(wal.buf, wal.len, "/registry/secrets/", 18);
	cr_assert_not_null(key);
	etcdkit_path(k, copy, sizeof(copy), "damaged.wal");
	fd = copy_prefix(copy, &wal, wal.len);
	patch(fd, (uint64_t)(key - wal.buf) + 1, "R", 1);
	cr_assert(!close(fd));
	run_wal(&r, db, copy, true);
	E2E_EXPECT_STATUS(&r, 0, "etcd --wal with a bad CRC");
	doc = e2e_json_parse(&r.out);
	sum = e2e_json_get(doc, "summary");
	cr_assert_gt(ji(sum, "wal_crc_errors"), 0);
	cr_assert(strstr(r.err.buf, "with a bad CRC, the first at offset"),
		  "%s", r.err.buf);
	json_object_put(doc);
	e2e_result_release(&r);

	etcdkit_path(k, junk, sizeof(junk), "random.wal");
	for (i = 0; i < sizeof(noise); i++)
		noise[i] = (unsigned char)rand();
	fd = open(junk, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, noise, sizeof(noise)), (ssize_t)sizeof(noise));
	cr_assert(!close(fd));
	for (i = 0; i < 2; i++) {
		run_wal(&r, db, junk, true);
		E2E_EXPECT_STATUS(&r, 3, "etcd --wal NOT-A-WAL");
		cr_assert_eq(r.out.len, 0, "%s", r.out.buf);
		cr_assert(strstr(r.err.buf, ": not an etcd WAL: "), "%s",
			  r.err.buf);
		cr_assert(!strstr(r.err.buf, "plaintext"), "%s", r.err.buf);
		e2e_result_release(&r);
		fd = open(junk, O_WRONLY | O_TRUNC | O_CLOEXEC);
		cr_assert(fd >= 0 && !close(fd));
	}
	strbuf_release(&wal);
}

/* A file of random bytes and an empty file: "not an etcd database" (not
 * "corrupt"), exit 3, one line, nothing on stdout. No etcd needed. */
Test(etcd, not_a_database)
{
	char path[] = "/tmp/procsift-notdb-XXXXXX";
	unsigned char noise[16384];
	struct e2e_result r;
	size_t i;
	int fd = mkstemp(path);
	cr_assert(fd >= 0, "mkstemp: %s", strerror(errno));
	for (i = 0; i < sizeof(noise); i++)
		noise[i] = (unsigned char)rand();
	cr_assert_eq(write(fd, noise, sizeof(noise)), (ssize_t)sizeof(noise));
	cr_assert(!close(fd));
	PROCSIFT(&r, "etcd", "--file", path, "--json");
	E2E_EXPECT_STATUS(&r, 3, "etcd --file RANDOM");
	cr_assert_eq(r.out.len, 0);
	cr_assert(strstr(r.err.buf, ": not an etcd database: no bbolt magic "
				    "(0xed0cdaed) at either meta page"),
		  "%s", r.err.buf);
	cr_assert(!strstr(r.err.buf, "corrupt"), "%s", r.err.buf);
	cr_assert_eq(strchr(r.err.buf, '\n'), r.err.buf + r.err.len - 1, "%s",
		     r.err.buf);
	e2e_result_release(&r);
	cr_assert(!truncate(path, 0));
	PROCSIFT(&r, "etcd", "--file", path);
	E2E_EXPECT_STATUS(&r, 3, "etcd --file EMPTY");
	cr_assert_eq(r.out.len, 0);
	cr_assert(strstr(r.err.buf, ": not an etcd database: empty file"), "%s",
		  r.err.buf);
	e2e_result_release(&r);
	unlink(path);
}

/* Not a database at all, and not there: runtime failures, exit 3. */
Test(etcd, bad_targets)
{
	struct e2e_result r;
	char pid[16];
	PROCSIFT(&r, "etcd", "--file", "/nonexistent/member/snap/db");
	E2E_EXPECT_STATUS(&r, 3, "etcd --file NONEXISTENT");
	cr_assert(r.err.len &&
			  strchr(r.err.buf, '\n') == r.err.buf + r.err.len - 1,
		  "stderr is not one line: %s", r.err.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "etcd", "--file", "/tmp", "--json");
	E2E_EXPECT_STATUS(&r, 3, "etcd --file DIRECTORY");
	cr_assert_eq(r.out.len, 0);
	e2e_result_release(&r);
	/* This test process is no etcd. */
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	PROCSIFT(&r, "etcd", "--pid", pid, "--json");
	E2E_EXPECT_STATUS(&r, 3, "etcd --pid NOT-ETCD");
	cr_assert_eq(r.out.len, 0);
	e2e_result_release(&r);
	PROCSIFT(&r, "etcd", "--fail-on", "nonsense");
	E2E_EXPECT_STATUS(&r, 2, "etcd --fail-on nonsense");
	e2e_result_release(&r);
}

/* --pid names one etcd: a list of several (comma-separated or repeated)
 * is a usage error that says why, before /proc is read; the same pid
 * twice is one pid. No etcd is needed. */
Test(etcd, pid_list_is_a_usage_error)
{
	static const char *const lists[][6] = {
		{"etcd", "--pid", "41,42", NULL},
		{"etcd", "--pid", "41", "--pid", "42", NULL},
		{"etcd", "-j", "-p", "41,42,43", NULL},
	};
	static const char *const same[] = {"etcd", "--pid",
					   "999999999,999999999", NULL};
	struct e2e_result r;
	size_t i;
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		e2e_procsift(&r, NULL, lists[i]);
		cr_assert_eq(r.status, 2, "%s: exit %d", lists[i][2], r.status);
		cr_assert(!r.out.len, "stdout: %s", r.out.buf);
		cr_assert(strstr(r.err.buf, "--pid names one etcd process") &&
				  strstr(r.err.buf, "scan --judge etcd"),
			  "stderr: %s", r.err.buf);
		e2e_result_release(&r);
	}
	/* One pid, not running: the runtime failure of a single --pid. */
	e2e_procsift(&r, NULL, same);
	cr_assert_eq(r.status, 3, "exit %d: %s", r.status, r.err.buf);
	cr_assert(strstr(r.err.buf, "no process 999999999"), "stderr: %s",
		  r.err.buf);
	e2e_result_release(&r);
}
