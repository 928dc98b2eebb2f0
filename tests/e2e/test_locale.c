/* End-to-end: procsift's own marks (the ellipsis of a redacted value, tree
 * glyphs) follow the locale: ASCII ("...", "`-") where the codeset is not
 * UTF-8, U+2026 and line drawing where it is, and never escaped as if a
 * process had sent them (the C locale once showed "ghp_\xe2\x80\xa6").
 * JSON is UTF-8 whatever the locale. */
#include "e2e/helpers.h"

#define GHP "ghp_38AibNyyurlGFb0EkjKWREhbiGjlvhkTp3SK"
#define PW_ARG "--password=Xq7hunter2hunter2hunter2"
#define ELLIPSIS "\xe2\x80\xa6"
#define TREE_LAST "\xe2\x94\x94\xe2\x94\x80" /* "└─" */

/* spawn tree3 with GITHUB_TOKEN in its environment and a password in the
 * arguments of its children: the environment is inherited through
 * e2e_child's execv, so it is set here and taken back after. */
static void start(struct spawn *s)
{
	cr_assert(!setenv("GITHUB_TOKEN", GHP, 1));
	SPAWN(s, "tree3", PW_ARG);
	unsetenv("GITHUB_TOKEN");
}

/* Run procsift with LC_ALL=locale; args end with a pid placeholder
 * filled from pid. */
static void run_in(struct e2e_result *r, const char *locale,
		   const char *const *args, pid_t pid)
{
	const char *argv[8];
	char pidbuf[16];
	size_t n = 0;
	snprintf(pidbuf, sizeof(pidbuf), "%d", (int)pid);
	for (; *args; args++) {
		cr_assert(n < 6);
		argv[n++] = strcmp(*args, "PID") ? *args : pidbuf;
	}
	argv[n] = NULL;
	cr_assert(!setenv("LC_ALL", locale, 1));
	e2e_procsift(r, NULL, argv);
	unsetenv("LC_ALL");
}

static void expect_has(const struct e2e_result *r, const char *needle,
		       const char *what)
{
	cr_assert(e2e_contains(r->out.buf, r->out.len, needle),
		  "%s: stdout lacks '%s':\n%s\nstderr:\n%s", what, needle,
		  r->out.buf, r->err.buf);
}

static void expect_lacks(const struct e2e_result *r, const char *needle,
			 const char *what)
{
	cr_assert(!e2e_contains(r->out.buf, r->out.len, needle),
		  "%s: stdout has '%s':\n%s", what, needle, r->out.buf);
}

/* One command in one locale: the wanted marks there, no escaped mark and
 * no secret anywhere; in the C locale no byte of U+2026 outside JSON. */
static void check(const char *locale, const char *const *args, pid_t pid,
		  const char *const *want, const char *what)
{
	struct e2e_result r;
	bool json = false;
	const char *const *a;
	for (a = args; *a; a++)
		json = json || !strcmp(*a, "-j");
	run_in(&r, locale, args, pid);
	cr_assert(r.status == 0 || r.status == 1, "%s %s: exit %d:\n%s", locale,
		  what, r.status, r.err.buf);
	for (; *want; want++)
		expect_has(&r, *want, what);
	expect_lacks(&r, "\\xe2", what);
	expect_lacks(&r, &GHP[4], what);
	expect_lacks(&r, "hunter2", what);
	if (!strcmp(locale, "C") && !json)
		expect_lacks(&r, "\xe2", what);
	e2e_result_release(&r);
}

#define CHECK(loc, pid, want, ...)                                \
	check((loc), E2E_ARGS(__VA_ARGS__), (pid), E2E_ARGS want, \
	      loc " " #__VA_ARGS__)

Test(locale, c_locale_marks_are_ascii)
{
	struct spawn s;
	start(&s);
	CHECK("C", s.pids[0], ("GITHUB_TOKEN", "ghp_..."), "env", "PID");
	CHECK("C", s.pids[0], ("ghp_... len=40"), "scan", "--pid", "PID");
	CHECK("C", s.pids[0], ("`-", "--password=Xq7h..."), "tree", "PID");
	CHECK("C", s.pids[1], ("--password=Xq7h..."), "ps", "-p", "PID");
	spawn_stop(&s);
}

Test(locale, utf8_locale_marks_are_unicode)
{
	struct spawn s;
	start(&s);
	CHECK("C.UTF-8", s.pids[0], ("ghp_" ELLIPSIS), "env", "PID");
	CHECK("C.UTF-8", s.pids[0], ("ghp_" ELLIPSIS " len=40"), "scan",
	      "--pid", "PID");
	CHECK("C.UTF-8", s.pids[0], (TREE_LAST, "--password=Xq7h" ELLIPSIS),
	      "tree", "PID");
	CHECK("C.UTF-8", s.pids[1], ("--password=Xq7h" ELLIPSIS), "ps", "-p",
	      "PID");
	spawn_stop(&s);
}

/* docs/json.md: JSON is UTF-8 and its redaction mark U+2026 in any
 * locale. */
Test(locale, json_keeps_unicode_in_c_locale)
{
	struct spawn s;
	start(&s);
	CHECK("C", s.pids[0], ("\"ghp_" ELLIPSIS "\""), "env", "-j", "PID");
	CHECK("C", s.pids[0], ("\"ghp_" ELLIPSIS "\""), "scan", "-j", "--pid",
	      "PID");
	CHECK("C", s.pids[1], ("--password=Xq7h" ELLIPSIS), "ps", "-j", "-p",
	      "PID");
	spawn_stop(&s);
}

/* A JSON value in the environment whose keys are a token and a key longer
 * than a path shows: procsift's own ellipsis in `where` (the token
 * redacted, the long key cut) is "..." in the C locale, while a key that
 * holds U+2026 itself is escaped there as a process's bytes are. */
#define LONG_KEY                                           \
	"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk" \
	"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
#define APP_CONFIG                                                            \
	"{\"" GHP "\": {\"password\": \"Zq8vXk2mPq9rTn4wLs7y\"}, \"" LONG_KEY \
	"\": {\"password\": \"Zq8vXk2mPq9rTn4wLs7z\"}, \"x" ELLIPSIS          \
	"y\": {\"password\": \"Zq8vXk2mPq9rTn4wLs7a\"}}"

Test(locale, nested_path_marks_follow_locale)
{
	static const char *const args[] = {"scan", "--pid", "PID", NULL};
	static const char *const jargs[] = {"scan", "-j", "--pid", "PID", NULL};
	struct e2e_result r;
	struct spawn s;
	cr_assert(!setenv("APP_CONFIG", APP_CONFIG, 1));
	SPAWN(&s, "tree3", PW_ARG);
	unsetenv("APP_CONFIG");
	run_in(&r, "C", args, s.pids[0]);
	cr_assert(r.status == 0 || r.status == 1, "exit %d:\n%s", r.status,
		  r.err.buf);
	expect_has(&r, "env:APP_CONFIG[ghp_....password]", "C scan");
	expect_has(&r, "env:APP_CONFIG[kkkkkkkk", "C scan");
	expect_has(&r, "k....password]", "C scan");
	/* The process's own U+2026, and only it, is escaped. */
	expect_has(&r, "env:APP_CONFIG[x\\xe2\\x80\\xa6y.password]", "C scan");
	expect_lacks(&r, "ghp_\\xe2", "C scan");
	expect_lacks(&r, "k\\xe2", "C scan");
	expect_lacks(&r, "\xe2", "C scan");
	expect_lacks(&r, &GHP[4], "C scan");
	e2e_result_release(&r);
	run_in(&r, "C", jargs, s.pids[0]);
	expect_has(&r, "env:APP_CONFIG[ghp_" ELLIPSIS ".password]",
		   "C scan -j");
	expect_has(&r, "k" ELLIPSIS ".password]", "C scan -j");
	e2e_result_release(&r);
	spawn_stop(&s);
}
