/* End-to-end: procsift scan and rules against children that carry seeded
 * secrets and benign look-alikes (tests/tools/envkids), and the redaction
 * test: no seeded secret in any output of any command without --reveal.
 * The seeds and the children: e2e/envkids.h. */
#include "e2e/envkids.h"

#include <glob.h>

TestSuite(scan, .fini = kids_cleanup);

/* Every seed found once, by its rule; nothing else; equal secrets share a
 * fingerprint and different ones do not. */
Test(scan, seeds_found_benign_not)
{
	struct e2e_result r;
	struct json_object *doc, *a, *sum;
	struct strbuf bad = STRBUF_INIT;
	struct kids k;
	size_t i, j, n;
	kids_start(&k);
	SCAN(&r, &k, ALL_KIDS, "--json");
	E2E_EXPECT_STATUS(&r, 0, "scan --json");
	e2e_validate("scan", &r.out);
	doc = e2e_json_parse(&r.out);
	a = e2e_json_get(doc, "findings");
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		struct json_object *f = json_object_array_get_idx(a, i);
		const char *where = jstr(f, "where"), *rule = jstr(f, "rule");
		int kid = kid_of(&k, e2e_json_pid(f));
		const struct seed *s;
		cr_assert(kid >= 0, "finding for pid %d", e2e_json_pid(f));
		cr_assert(!strncmp(where, "env:", 4), "where %s", where);
		s = seed_of(kid, where + 4);
		if (!s)
			strbuf_addf(&bad,
				    "  benign %s (kid %d) flagged by %s\n",
				    where + 4, kid, rule);
		else if (strcmp(s->rule, rule))
			strbuf_addf(&bad, "  %s found by %s, want %s\n", s->var,
				    rule, s->rule);
		cr_assert_str_eq(jstr(f, "comm"), "envkids");
	}
	for (i = 0; i < NSEEDS; i++) {
		size_t hits = 0;
		for (j = 0; j < n; j++) {
			struct json_object *f = json_object_array_get_idx(a, j);
			char want[256];
			snprintf(want, sizeof(want), "env:%s", seeds[i].var);
			hits += e2e_json_pid(f) == k.kid[seeds[i].kid] &&
				!strcmp(jstr(f, "where"), want);
		}
		if (hits != 1)
			strbuf_addf(&bad, "  %s (%s): %zu findings\n",
				    seeds[i].var, seeds[i].rule, hits);
	}
	cr_assert(!bad.len, "%zu findings; wrong:\n%s", n, bad.buf);
	/* Fingerprints: equal for the two copies of GHP only. */
	for (i = 0; i < NSEEDS; i++)
		for (j = i + 1; j < NSEEDS; j++) {
			const char *x = jstr(finding_for(a, k.kid[seeds[i].kid],
							 seeds[i].var),
					     "fingerprint"),
				   *y = jstr(finding_for(a, k.kid[seeds[j].kid],
							 seeds[j].var),
					     "fingerprint");
			cr_assert_eq(!strcmp(x, y),
				     !strcmp(seeds[i].value, seeds[j].value),
				     "fingerprints of %s and %s: %s, %s",
				     seeds[i].var, seeds[j].var, x, y);
		}
	sum = e2e_json_get(doc, "summary");
	cr_assert_eq(json_object_get_int(e2e_json_get(sum, "processes")), KIDS);
	cr_assert_eq(json_object_get_int(e2e_json_get(sum, "complete")), KIDS);
	cr_assert_eq(json_object_get_int(e2e_json_get(sum, "partial")), 0);
	cr_assert(json_object_get_boolean(
		e2e_json_get(sum, "complete_coverage")));
	cr_assert(e2e_contains(r.err.buf, r.err.len,
			       "3 processes: 3 judged completely"),
		  "summary on stderr: %s", r.err.buf);
	json_object_put(doc);
	e2e_result_release(&r);
	strbuf_release(&bad);
	kids_stop(&k);
}

Test(scan, ndjson_min_severity_fail_on)
{
	struct e2e_result r, all;
	struct json_object *doc, *a;
	struct kids k;
	size_t n, lines = 0, crit = 0, i;
	char *p, *nl;
	kids_start(&k);
	SCAN(&all, &k, ALL_KIDS, "--json");
	doc = e2e_json_parse(&all.out);
	a = e2e_json_get(doc, "findings");
	n = json_object_array_length(a);
	for (i = 0; i < n; i++)
		crit += !strcmp(
			jstr(json_object_array_get_idx(a, i), "severity"),
			"critical");
	cr_assert(crit > 0 && crit < n, "%zu critical of %zu", crit, n);

	SCAN(&r, &k, ALL_KIDS, "--ndjson");
	E2E_EXPECT_STATUS(&r, 0, "scan --ndjson");
	for (p = r.out.buf; *p; p = nl + 1) {
		struct strbuf line = STRBUF_INIT;
		struct json_object *o;
		nl = strchr(p, '\n');
		cr_assert(nl, "last line unterminated: '%s'", p);
		strbuf_add(&line, p, (size_t)(nl - p) + 1);
		o = e2e_json_parse(&line);
		/* Every line a record; the summary last. */
		if (!nl[1]) {
			cr_assert_str_eq(jstr(o, "record"), "summary");
			e2e_validate("scan-finding", &line);
		} else {
			cr_assert_str_eq(jstr(o, "record"), "finding");
			cr_assert(finding_for(a, e2e_json_pid(o),
					      jstr(o, "where") + 4),
				  "ndjson finding not in --json: %s", line.buf);
			jstr(o, "time");
			jstr(e2e_json_get(o, "host"), "boot_id");
			jstr(o, "procsift");
			if (lines < 2)
				e2e_validate("scan-finding", &line);
			lines++;
		}
		json_object_put(o);
		strbuf_release(&line);
	}
	cr_assert_eq(lines, n, "ndjson lines %zu, json findings %zu", lines, n);
	e2e_result_release(&r);

	SCAN(&r, &k, ALL_KIDS, "--json", "--min-severity", "critical");
	E2E_EXPECT_STATUS(&r, 0, "scan --min-severity critical");
	json_object_put(doc);
	doc = e2e_json_parse(&r.out);
	a = e2e_json_get(doc, "findings");
	cr_assert_eq(json_object_array_length(a), crit);
	for (i = 0; i < crit; i++)
		cr_assert_str_eq(
			jstr(json_object_array_get_idx(a, i), "severity"),
			"critical");
	json_object_put(doc);
	e2e_result_release(&r);
	SCAN(&r, &k, ALL_KIDS, "--min-severity", "severe");
	E2E_EXPECT_STATUS(&r, 2, "scan --min-severity severe");
	e2e_result_release(&r);

	/* --fail-on: 1 with a finding at or above, 0 without. */
	SCAN(&r, &k, 1, "--fail-on", "high");
	E2E_EXPECT_STATUS(&r, 1, "scan --fail-on high, secrets");
	e2e_result_release(&r);
	SCAN(&r, &k, 1 << BENIGN_KID, "--fail-on", "info");
	E2E_EXPECT_STATUS(&r, 0, "scan --fail-on info, benign only");
	cr_assert(!e2e_contains(r.out.buf, r.out.len, "env:"), "%s", r.out.buf);
	e2e_result_release(&r);
	run_scan(&r, &k, ALL_KIDS, NULL);
	E2E_EXPECT_STATUS(&r, 0, "scan without --fail-on");
	cr_assert(strstr(r.out.buf, "SEVERITY") &&
			  strstr(r.out.buf, "aws-secret-access-key") &&
			  strstr(r.out.buf, "env:AWS_SECRET_ACCESS_KEY"),
		  "scan table:\n%s", r.out.buf);
	e2e_result_release(&r);
	e2e_result_release(&all);
	kids_stop(&k);
}

static char *write_temp(const char *text)
{
	char *path = strdup("/tmp/procsift-rules-XXXXXX.yaml");
	int fd = mkstemps(path, 5);
	cr_assert(fd >= 0, "mkstemps: %s", strerror(errno));
	cr_assert(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	return path;
}

#define RULE_HEAD "rules:\n  - id: team-token\n    severity: high\n"

Test(scan, rule_files)
{
	char *missing = write_temp(RULE_HEAD "    targets: [env]\n"
					     "    keywords: [team_]\n");
	char *failing = write_temp(
		RULE_HEAD "    targets: [env, text]\n"
			  "    regex: 'team_[0-9]{8}'\n"
			  "    examples: ['T=team_12345678', 'team_x']\n"
			  "    negative_examples: ['team_1']\n");
	char want[512];
	struct e2e_result r;

	PROCSIFT(&r, "scan", "--pid", "1", "--rules", missing);
	E2E_EXPECT_STATUS(&r, 2, "scan with a rule without regex");
	snprintf(want, sizeof(want), "%s:2: rule team-token:", missing);
	cr_assert(strstr(r.err.buf, want), "stderr lacks '%s':\n%s", want,
		  r.err.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "rules", "check", missing);
	E2E_EXPECT_STATUS(&r, 2, "rules check on a rule without regex");
	cr_assert(strstr(r.err.buf, want), "stderr: %s", r.err.buf);
	e2e_result_release(&r);

	PROCSIFT(&r, "rules", "check");
	E2E_EXPECT_STATUS(&r, 0, "rules check (built-in)");
	cr_assert(strstr(r.out.buf, "all pass"), "stdout: %s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "rules", "check", failing);
	E2E_EXPECT_STATUS(&r, 1, "rules check with a failing example");
	cr_assert(strstr(r.out.buf, "FAILED"), "stdout: %s", r.out.buf);
	cr_assert(strstr(r.err.buf, "team-token") &&
			  strstr(r.err.buf, "team_x"),
		  "stderr: %s", r.err.buf);
	e2e_result_release(&r);
	unlink(missing);
	unlink(failing);
	free(missing);
	free(failing);
}

/* ---- Redaction ---- */

/* Every 12-byte window of every seed's core, sorted; windows that are in
 * the rule file too (token prefixes) are public structure. */
struct windows {
	char (*w)[12];
	size_t n;
};

static int cmp12(const void *a, const void *b)
{
	return memcmp(a, b, 12);
}

static void windows_init(struct windows *ws, const glob_t *g)
{
	struct strbuf rules = STRBUF_INIT;
	size_t i, j;
	for (i = 0; i < g->gl_pathc; i++) {
		char buf[65536];
		ssize_t n;
		int fd = open(g->gl_pathv[i], O_RDONLY | O_CLOEXEC);
		cr_assert(fd >= 0, "%s: %s", g->gl_pathv[i], strerror(errno));
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			strbuf_add(&rules, buf, (size_t)n);
		close(fd);
	}
	ws->w = calloc(8192, 12);
	ws->n = 0;
	for (i = 0; i < NSEEDS; i++) {
		const char *c = seeds[i].core ? seeds[i].core : seeds[i].value;
		for (j = 0; j + 12 <= strlen(c) && ws->n < 8192; j++)
			if (!memmem(rules.buf, rules.len, c + j, 12))
				memcpy(ws->w[ws->n++], c + j, 12);
	}
	qsort(ws->w, ws->n, 12, cmp12);
	strbuf_release(&rules);
}

/* Fail when any window (or any whole seed value) is in the len bytes. */
static void expect_no_secret(const struct windows *ws, const char *s,
			     size_t len, const char *what)
{
	size_t i;
	for (i = 0; i + 12 <= len; i++)
		cr_assert(!bsearch(s + i, ws->w, ws->n, 12, cmp12),
			  "%s shows a secret: '%.12s' in '%.80s'", what, s + i,
			  s + (i > 40 ? i - 40 : 0));
	for (i = 0; i < NSEEDS; i++)
		cr_assert(
			!memmem(s, len, seeds[i].value, strlen(seeds[i].value)),
			"%s shows %s", what, seeds[i].var);
}

/* Check raw stdout and stderr, and the decoded strings of JSON stdout
 * (json 1: one document; 2: one per line). */
static void check_output(const struct windows *ws, const struct e2e_result *r,
			 int json, const char *what)
{
	struct strbuf dec = STRBUF_INIT, line = STRBUF_INIT;
	struct json_object *o;
	char *p, *nl;
	cr_assert(r->status == 0 || r->status == 1, "%s: exit %d: %s", what,
		  r->status, r->err.buf);
	cr_assert(r->out.len || r->err.len, "%s: no output", what);
	expect_no_secret(ws, r->out.buf, r->out.len, what);
	expect_no_secret(ws, r->err.buf, r->err.len, what);
	if (json == 1) {
		o = e2e_json_parse(&r->out);
		e2e_json_strings(o, &dec);
		json_object_put(o);
	}
	for (p = r->out.buf; json == 2 && *p; p = nl + 1) {
		nl = strchr(p, '\n');
		cr_assert(nl, "%s: a line without its newline", what);
		strbuf_reset(&line);
		strbuf_add(&line, p, (size_t)(nl - p) + 1);
		o = e2e_json_parse(&line);
		e2e_json_strings(o, &dec);
		json_object_put(o);
	}
	expect_no_secret(ws, dec.buf, dec.len, what);
	strbuf_release(&dec);
	strbuf_release(&line);
}

#define RULE_FILES "src/scan/rules-*.yaml"

Test(scan, redaction, .timeout = 300)
{
	glob_t g;
	struct windows ws;
	struct e2e_result r;
	struct strbuf in = STRBUF_INIT, what = STRBUF_INIT;
	struct e2e_opts o;
	struct kids k;
	size_t i, c;
	cr_assert(!glob(RULE_FILES, 0, NULL, &g), "no %s", RULE_FILES);
	kids_start(&k);
	windows_init(&ws, &g);
	cr_assert_gt(ws.n, 1000);
	{
		const char *const cmds[][8] = {
			{"tree"},
			{"tree", "--json"},
			{"ps"},
			{"ps", "--json"},
			{"ps", "--all", "-o", "+command,exe"},
			{"env", "--all"},
			{"env", "--all", "--json"},
			{"env", "--json", k.arg[0], k.arg[1], k.arg[2]},
			{"env", "-o", "pid,name,value,length", k.arg[0],
			 k.arg[1]},
			{"fds", k.arg[0], k.arg[1]},
			{"fds", "--json", k.arg[0]},
			{"maps", k.arg[0], k.arg[1]},
			{"maps", "--json", k.arg[1]},
			{"scan"},
			{"scan", "--json"},
			{"scan", "--ndjson"},
			{"scan", "--pid", k.arg[0], "--pid", k.arg[1],
			 "--pretty"},
			{"show", k.arg[0]},
			{"show", "--json", k.arg[0]},
			{"show", k.arg[1]},
			{"show", "--json", k.arg[1]},
		};
		for (c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++) {
			e2e_procsift_row(&r, cmds[c], &what);
			check_output(&ws, &r,
				     strstr(what.buf, "ndjson") ? 2
				     : strstr(what.buf, "json") ||
						     strstr(what.buf, "pretty")
					     ? 1
					     : 0,
				     what.buf);
			e2e_result_release(&r);
		}
	}
	/* rules test on each built-in file: every seed as a line. */
	for (i = 0; i < NSEEDS; i++)
		strbuf_addf(&in, "%s=%s\n", seeds[i].var, seeds[i].value);
	o = (struct e2e_opts){.input = in.buf, .input_len = in.len};
	strbuf_reset(&what);
	for (c = 0; c < g.gl_pathc; c++) {
		PROCSIFT_OPTS(&r, &o, "rules", "test", g.gl_pathv[c]);
		check_output(&ws, &r, 0, g.gl_pathv[c]);
		strbuf_add(&what, r.err.buf, r.err.len);
		e2e_result_release(&r);
	}
	cr_assert(strstr(what.buf, "github-token") &&
			  strstr(what.buf, "env-known-secret-name"),
		  "rules test found: %s", what.buf);
	globfree(&g);
	strbuf_release(&in);
	strbuf_release(&what);
	free(ws.w);
	kids_stop(&k);
}

/* With --reveal, env and scan show the values. */
Test(scan, reveal)
{
	struct e2e_result r;
	struct json_object *doc, *a;
	struct strbuf b = STRBUF_INIT;
	struct kids k;
	size_t i;
	kids_start(&k);
	PROCSIFT(&r, "env", "--json", "--reveal", k.arg[0], k.arg[1]);
	E2E_EXPECT_STATUS(&r, 0, "env --reveal");
	doc = e2e_json_parse(&r.out);
	for (i = 0; i < NSEEDS; i++) {
		struct json_object *p =
			e2e_json_find(e2e_json_get(doc, "processes"),
				      k.kid[seeds[i].kid], NULL);
		struct json_object *v = e2e_json_get(p, "env");
		size_t j, n = json_object_array_length(v), found = 0;
		for (j = 0; j < n; j++) {
			struct json_object *e = json_object_array_get_idx(v, j);
			if (strcmp(jstr(e, "name"), seeds[i].var))
				continue;
			e2e_json_bytes(e2e_json_get(e, "value"), &b);
			cr_assert_str_eq(b.buf, seeds[i].value);
			found++;
		}
		cr_assert_eq(found, 1, "%s in env --reveal", seeds[i].var);
	}
	json_object_put(doc);
	e2e_result_release(&r);
	PROCSIFT(&r, "env", "--reveal", k.arg[0]);
	cr_assert(e2e_contains(r.out.buf, r.out.len, GHP));
	e2e_result_release(&r);

	SCAN(&r, &k, ALL_KIDS, "--json", "--reveal");
	E2E_EXPECT_STATUS(&r, 0, "scan --reveal");
	doc = e2e_json_parse(&r.out);
	a = e2e_json_get(doc, "findings");
	for (i = 0; i < NSEEDS; i++) {
		struct json_object *f =
			finding_for(a, k.kid[seeds[i].kid], seeds[i].var);
		const char *core = seeds[i].core ? seeds[i].core : NULL;
		cr_assert(f, "%s not found", seeds[i].var);
		e2e_json_bytes(e2e_json_get(f, "evidence"), &b);
		cr_assert(b.len && strstr(seeds[i].value, b.buf),
			  "%s: evidence '%s' is not from '%s'", seeds[i].var,
			  b.buf, seeds[i].value);
		cr_assert(!core || strstr(b.buf, core), "%s: '%s' lacks '%s'",
			  seeds[i].var, b.buf, core);
		cr_assert_eq(json_object_get_int64(e2e_json_get(f, "length")),
			     (int64_t)b.len);
	}
	json_object_put(doc);
	e2e_result_release(&r);
	SCAN(&r, &k, 1, "--reveal");
	cr_assert(e2e_contains(r.out.buf, r.out.len, GHP), "%s", r.out.buf);
	e2e_result_release(&r);
	strbuf_release(&b);
	kids_stop(&k);
}

/* The fingerprint of GITHUB_TOKEN in one scan. */
static char *ghp_fingerprint(const struct kids *k, const char *key)
{
	struct e2e_result r;
	struct json_object *doc;
	char *fp;
	if (key)
		SCAN(&r, k, 1, "--json", "--fingerprint-key", key);
	else
		SCAN(&r, k, 1, "--json");
	E2E_EXPECT_STATUS(&r, 0, "scan --json");
	doc = e2e_json_parse(&r.out);
	fp = strdup(jstr(finding_for(e2e_json_get(doc, "findings"), k->kid[0],
				     "GITHUB_TOKEN"),
			 "fingerprint"));
	json_object_put(doc);
	e2e_result_release(&r);
	return fp;
}

Test(scan, fingerprint_key)
{
	static const char key[] = "00112233445566778899aabbccddeeff";
	struct e2e_result r;
	struct kids k;
	char *a, *b;
	kids_start(&k);
	a = ghp_fingerprint(&k, key);
	b = ghp_fingerprint(&k, key);
	cr_assert_str_eq(a, b, "the same key, two runs");
	free(b);
	b = ghp_fingerprint(&k, NULL);
	cr_assert_str_neq(a, b, "a random key");
	free(a);
	a = ghp_fingerprint(&k, NULL);
	cr_assert_str_neq(a, b, "two random keys");
	free(a);
	free(b);
	SCAN(&r, &k, 1, "--fingerprint-key", "xyz");
	E2E_EXPECT_STATUS(&r, 2, "scan --fingerprint-key xyz");
	e2e_result_release(&r);
	kids_stop(&k);
}
