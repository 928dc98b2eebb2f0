/* The shared output options of scan, show, rules list, judges and etcd
 * against the built binary: --raw lines have one field a column, --pairs
 * keys are the column names, -o selects columns, --color=always colours
 * the severities of text tables only (NO_COLOR does not override it, as
 * no-color.org asks only of defaults), -J is -j, and two formats at once
 * are a usage error. etcd runs once, against a real etcd (etcdkit.h). */
#include "e2e/etcdkit.h"
#include "render/finding_view.h"
#include "render/rule_view.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

TestSuite(outviews, .fini = etcdkit_stop, .timeout = 300);

#define TOKEN "ghp_38AibNyyurlGFb0EkjKWREhbiGjlvhkTp3SK"
#define KEY "0123456789abcdef0123456789abcdef"

/* A sleeper whose environment holds a GitHub token (a high finding). */
static pid_t planted(char pids[16])
{
	int p[2];
	char c;
	pid_t pid;
	cr_assert(!pipe(p));
	pid = fork();
	cr_assert(pid >= 0);
	if (!pid) {
		static char e1[] = "GITHUB_TOKEN=" TOKEN;
		char *argv[] = {(char *)e2e_argsleep_bin(), NULL};
		char *envp[] = {e1, NULL};
		dup2(p[1], 1);
		execve(argv[0], argv, envp);
		_exit(127);
	}
	close(p[1]);
	/* argsleep writes once it is set up, then closes stdout. */
	(void)!read(p[0], &c, 1);
	close(p[0]);
	snprintf(pids, 16, "%d", (int)pid);
	return pid;
}

static void stop(pid_t pid)
{
	int st;
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
}

/* Fields of each raw line (single spaces; an empty cell is one too):
 * every line must have want, and there must be a header and a row. */
static void expect_raw(const char *what, const struct strbuf *out, size_t want)
{
	const char *p = out->buf ? out->buf : "";
	size_t lines = 0;
	while (*p) {
		const char *nl = strchrnul(p, '\n'), *q;
		size_t n = 1;
		for (q = p; q < nl; q++) {
			cr_expect(*q != '\t' && *q != '\x1b',
				  "%s: tab or escape in raw output", what);
			n += *q == ' ';
		}
		lines++;
		cr_expect_eq(n, want,
			     "%s: raw line %zu has %zu fields, want %zu", what,
			     lines, n, want);
		p = *nl ? nl + 1 : nl;
	}
	cr_expect_geq(lines, 1, "%s: no raw output", what);
}

/* Each pairs line holds exactly the keys, in order: KEY="...". */
static void expect_pairs(const char *what, const struct strbuf *out,
			 const char *const *keys)
{
	const char *p = out->buf ? out->buf : "";
	size_t lines = 0;
	while (*p) {
		const char *nl = strchrnul(p, '\n'), *q = p;
		size_t k;
		for (k = 0; keys[k]; k++) {
			size_t kl = strlen(keys[k]);
			cr_assert(q < nl && !strncmp(q, keys[k], kl) &&
					  !strncmp(q + kl, "=\"", 2),
				  "%s: line %zu lacks %s=\" in\n%.*s", what,
				  lines + 1, keys[k], (int)(nl - p), p);
			/* To the closing quote: '"' inside is \x22. */
			q = strchr(q + kl + 2, '"');
			cr_assert(q && q < nl);
			q++;
			if (*q == ' ')
				q++;
		}
		cr_expect_eq(q, nl, "%s: more than the keys on\n%.*s", what,
			     (int)(nl - p), p);
		lines++;
		p = *nl ? nl + 1 : nl;
	}
	cr_expect_geq(lines, 1, "%s: no pairs output", what);
}

static bool has_esc(const struct strbuf *out)
{
	return out->buf && memchr(out->buf, '\x1b', out->len);
}

/* args with --color=always added: ESC sequences in text, none in raw,
 * pairs or JSON, none with --color=never; NO_COLOR=1 leaves always on. */
static void expect_colors(const char *const *args, size_t n, bool colored)
{
	static const char *const modes[][2] = {
		{"--color=always", NULL}, {"--color=always", "-r"},
		{"--color=always", "-P"}, {"--color=always", "-J"},
		{"--color=never", NULL},  {"--color=auto", NULL},
	};
	const char *argv[24];
	size_t m, i;
	for (m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		struct e2e_result r;
		bool want = colored && m == 0;
		int pass;
		for (pass = 0; pass < 2; pass++) {
			cr_assert_lt(n + 4, sizeof(argv) / sizeof(argv[0]));
			argv[0] = e2e_procsift_bin();
			for (i = 0; i < n; i++)
				argv[i + 1] = args[i];
			argv[n + 1] = modes[m][0];
			argv[n + 2] = modes[m][1];
			argv[n + 3] = NULL;
			if (pass)
				setenv("NO_COLOR", "1", 1);
			e2e_run(&r, NULL, argv);
			unsetenv("NO_COLOR");
			cr_expect(r.status == 0 || r.status == 1,
				  "%s %s %s: exit %d\n%s", args[0], modes[m][0],
				  modes[m][1] ? modes[m][1] : "", r.status,
				  r.err.buf);
			cr_expect_eq(has_esc(&r.out), want,
				     "%s %s %s (NO_COLOR %s): colour %s:\n%s",
				     args[0], modes[m][0],
				     modes[m][1] ? modes[m][1] : "",
				     pass ? "1" : "unset",
				     want ? "missing" : "unwanted", r.out.buf);
			e2e_result_release(&r);
		}
	}
}

/* Members that may differ between two runs on a live process: the age
 * ticks over a second between them. */
static void drop_volatile(struct json_object *o)
{
	size_t i;
	if (json_object_is_type(o, json_type_array)) {
		for (i = 0; i < json_object_array_length(o); i++)
			drop_volatile(json_object_array_get_idx(o, i));
		return;
	}
	if (!json_object_is_type(o, json_type_object))
		return;
	json_object_object_del(o, "age_seconds");
	json_object_object_foreach(o, key, val)
	{
		(void)key;
		drop_volatile(val);
	}
}

/* -J and -j print the same document (the same bytes, but for what two
 * runs on a live process may see differently). */
static void expect_json_same(const char *const *args, size_t n)
{
	struct e2e_result a, b;
	struct json_object *ja, *jb;
	const char *argv[16];
	size_t i;
	argv[0] = e2e_procsift_bin();
	for (i = 0; i < n; i++)
		argv[i + 1] = args[i];
	argv[n + 1] = "-J";
	argv[n + 2] = NULL;
	e2e_run(&a, NULL, argv);
	argv[n + 1] = "-j";
	e2e_run(&b, NULL, argv);
	cr_expect(a.out.len > 2 && a.out.buf[0] == '{', "%s -J:\n%s", args[0],
		  a.out.buf);
	cr_expect_eq(a.status, b.status);
	ja = e2e_json_parse(&a.out);
	jb = e2e_json_parse(&b.out);
	drop_volatile(ja);
	drop_volatile(jb);
	cr_expect(json_object_equal(ja, jb), "%s: -J and -j differ:\n%s\n%s",
		  args[0], a.out.buf, b.out.buf);
	json_object_put(ja);
	json_object_put(jb);
	e2e_result_release(&a);
	e2e_result_release(&b);
}

Test(outviews, scan)
{
	static const char *const keys[] = {"SEVERITY", "RULE", "WHERE", NULL};
	char pids[16];
	pid_t pid = planted(pids);
	struct e2e_result r;
	const char *const base[] = {"scan", "-p", pids, "--fingerprint-key",
				    KEY};
	PROCSIFT(&r, "scan", "-p", pids, "-r");
	E2E_EXPECT_STATUS(&r, 0, "scan -r");
	expect_raw("scan -r", &r.out, 7);
	cr_expect(strstr(r.out.buf, "high github-token "), "%s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "scan", "-p", pids, "-r", "-o", "severity,where");
	expect_raw("scan -r -o", &r.out, 2);
	cr_expect(strstr(r.out.buf, "\nhigh env:GITHUB_TOKEN\n"), "%s",
		  r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "scan", "-p", pids, "-r", "-n", "--output-all");
	expect_raw("scan --output-all", &r.out, FINDING_NCOLS_ALL);
	cr_expect(!strstr(r.out.buf, "SEVERITY"), "-n: %s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "scan", "-p", pids, "-P", "-o", "severity,rule,where");
	expect_pairs("scan -P", &r.out, keys);
	cr_expect(strstr(r.out.buf, "WHERE=\"env:GITHUB_TOKEN\""), "%s",
		  r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "scan", "-p", pids, "-o", "severity,nosuch");
	E2E_EXPECT_STATUS(&r, 2, "scan -o nosuch");
	e2e_result_release(&r);
	PROCSIFT(&r, "scan", "-p", pids, "--ndjson", "-P");
	E2E_EXPECT_STATUS(&r, 2, "scan --ndjson -P");
	e2e_result_release(&r);
	expect_colors(base, 5, true);
	expect_json_same(base, 5);
	stop(pid);
}

Test(outviews, show)
{
	static const char *const keys[] = {"KEY", "VALUE", NULL};
	char pids[16];
	pid_t pid = planted(pids);
	struct e2e_result r;
	const char *const base[] = {"show", pids};
	PROCSIFT(&r, "show", "-r", pids);
	E2E_EXPECT_STATUS(&r, 0, "show -r");
	expect_raw("show -r", &r.out, 2);
	cr_expect(!strncmp(r.out.buf, "pid ", 4), "%s", r.out.buf);
	cr_expect(strstr(r.out.buf, "\ncap\\x20effective "), "%s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "show", "-P", pids);
	expect_pairs("show -P", &r.out, keys);
	e2e_result_release(&r);
	PROCSIFT(&r, "show", "-r", "-o", "value", pids);
	expect_raw("show -o value", &r.out, 1);
	cr_expect(!strncmp(r.out.buf, pids, strlen(pids)), "%s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "show", "-J", "-P", pids);
	E2E_EXPECT_STATUS(&r, 2, "show -J -P");
	e2e_result_release(&r);
	expect_colors(base, 2, false);
	expect_json_same(base, 2);
	stop(pid);
}

Test(outviews, rules_list)
{
	static const char *const keys[] = {"ID", "SEVERITY", NULL};
	struct e2e_result r;
	const char *const base[] = {"rules", "list"};
	PROCSIFT(&r, "rules", "list", "-r");
	E2E_EXPECT_STATUS(&r, 0, "rules list -r");
	expect_raw("rules -r", &r.out, 5);
	e2e_result_release(&r);
	PROCSIFT(&r, "rules", "list", "-r", "--output-all");
	expect_raw("rules -r --output-all", &r.out, RC__COUNT);
	e2e_result_release(&r);
	PROCSIFT(&r, "rules", "list", "-P", "-o", "id,severity");
	expect_pairs("rules -P", &r.out, keys);
	cr_expect(strstr(r.out.buf, "ID=\"github-token\" SEVERITY=\""), "%s",
		  r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "rules", "list", "-r", "-P");
	E2E_EXPECT_STATUS(&r, 2, "rules -r -P");
	e2e_result_release(&r);
	expect_colors(base, 2, false);
	expect_json_same(base, 2);
}

Test(outviews, judges)
{
	static const char *const keys[] = {"ID",     "KIND",	    "SCOPE",
					   "FACETS", "DESCRIPTION", NULL};
	struct e2e_result r;
	const char *const base[] = {"judges"};
	PROCSIFT(&r, "judges", "-r");
	E2E_EXPECT_STATUS(&r, 0, "judges -r");
	expect_raw("judges -r", &r.out, 5);
	cr_expect(!strncmp(r.out.buf, "ID KIND SCOPE FACETS DESCRIPTION\n", 33),
		  "%s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "judges", "-P");
	expect_pairs("judges -P", &r.out, keys);
	e2e_result_release(&r);
	PROCSIFT(&r, "judges", "-r", "-n", "-o", "id,scope");
	expect_raw("judges -o", &r.out, 2);
	cr_expect(strstr(r.out.buf, "env process\n"), "%s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "judges", "--color=rainbow");
	E2E_EXPECT_STATUS(&r, 2, "judges --color=rainbow");
	e2e_result_release(&r);
	expect_colors(base, 1, false);
	expect_json_same(base, 1);
}

/* One case: starting etcd is the slow part. */
Test(outviews, etcd)
{
	static const char *const keys[] = {"NAME", "STORAGE", NULL};
	struct etcdkit *k = etcdkit_start();
	struct e2e_result r;
	char pids[16];
	const char *base[] = {"etcd", "-p", pids, "--fingerprint-key", KEY};
	etcdkit_fill(k, "basic"); /* the kit owns the manifest */
	snprintf(pids, sizeof(pids), "%d", (int)k->pid);
	PROCSIFT(&r, "etcd", "-p", pids, "-r");
	E2E_EXPECT_STATUS(&r, 0, "etcd -r");
	/* The Secrets table alone: no findings, no summary. */
	expect_raw("etcd -r", &r.out, 8);
	e2e_result_release(&r);
	PROCSIFT(&r, "etcd", "-p", pids, "-r", "-n", "-o", "name,storage");
	expect_raw("etcd -r -o", &r.out, 2);
	cr_expect(strstr(r.out.buf, " plaintext\n"), "%s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "etcd", "-p", pids, "-P", "-o", "name,storage");
	expect_pairs("etcd -P", &r.out, keys);
	e2e_result_release(&r);
	PROCSIFT(&r, "etcd", "-p", pids, "-J", "--pairs");
	E2E_EXPECT_STATUS(&r, 2, "etcd -J --pairs");
	e2e_result_release(&r);
	expect_colors(base, 5, true);
	expect_json_same(base, 5);
}
