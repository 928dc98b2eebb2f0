/* End-to-end: the command line contract of build/procsift (exit statuses,
 * help, write errors, one JSON document on stdout whatever stderr says). */
#include "e2e/helpers.h"

/* A usage error: exit 2, something said on stderr, nothing on stdout. */
static void expect_usage_error(const char *const *args, const char *what)
{
	struct e2e_result r;
	e2e_procsift(&r, NULL, args);
	E2E_EXPECT_STATUS(&r, 2, what);
	cr_assert(r.err.len > 0, "%s: nothing on stderr", what);
	cr_assert(r.out.len == 0, "%s: stdout not empty:\n%s", what, r.out.buf);
	e2e_result_release(&r);
}

#define USAGE_ERROR(...) expect_usage_error(E2E_ARGS(__VA_ARGS__), #__VA_ARGS__)

static void expect_ok(const char *const *args, const char *what,
		      const char *want_out)
{
	struct e2e_result r;
	e2e_procsift(&r, NULL, args);
	E2E_EXPECT_STATUS(&r, 0, what);
	cr_assert(e2e_contains(r.out.buf, r.out.len, want_out),
		  "%s: stdout lacks '%s':\n%s", what, want_out, r.out.buf);
	e2e_result_release(&r);
}

#define OK(want, ...) expect_ok(E2E_ARGS(__VA_ARGS__), #__VA_ARGS__, (want))

Test(cli, version)
{
	struct e2e_result r;
	PROCSIFT(&r, "--version");
	E2E_EXPECT_STATUS(&r, 0, "--version");
	cr_assert(!strncmp(r.out.buf, "procsift ", 9), "got '%s'", r.out.buf);
	cr_assert(r.out.buf[r.out.len - 1] == '\n');
	e2e_result_release(&r);
}

Test(cli, help)
{
	OK("Commands:", "help");
	OK("Commands:", "--help");
	OK("Usage: procsift tree", "help", "tree");
	OK("Usage: procsift ps", "help", "ps");
	OK("Usage: procsift help", "help", "help");
	OK("Usage: procsift tree", "tree", "--help");
	OK("Usage: procsift tree", "tree", "-h");
	OK("Usage: procsift ps", "ps", "--help");
	/* Help wins over a bad option seen after it. */
	OK("Usage: procsift ps", "ps", "--help", "--bogus");
}

Test(cli, no_command)
{
	struct e2e_result r;
	PROCSIFT(&r, NULL);
	E2E_EXPECT_STATUS(&r, 2, "no command");
	cr_assert(r.out.len == 0, "stdout: %s", r.out.buf);
	cr_assert(e2e_contains(r.err.buf, r.err.len, "Usage:"));
	e2e_result_release(&r);
}

Test(cli, unknown_command)
{
	USAGE_ERROR("bogus");
	USAGE_ERROR("help", "bogus");
	USAGE_ERROR("--bogus");
	USAGE_ERROR("help", "tree", "ps");
}

Test(cli, unknown_option)
{
	USAGE_ERROR("ps", "--bogus");
	USAGE_ERROR("ps", "-Z");
	USAGE_ERROR("tree", "--bogus");
	USAGE_ERROR("tree", "-Z");
	USAGE_ERROR("ps", "-o");      /* missing argument */
	USAGE_ERROR("ps", "--sort");  /* missing argument */
	USAGE_ERROR("ps", "operand"); /* ps takes none */
}

Test(cli, bad_column)
{
	USAGE_ERROR("ps", "-o", "bogus");
	USAGE_ERROR("ps", "-o", "pid,bogus");
	USAGE_ERROR("ps", "-o", "+bogus");
	USAGE_ERROR("ps", "-o", "");
	USAGE_ERROR("tree", "-o", "bogus");
	USAGE_ERROR("tree", "--output=pid,,comm,bogus");
}

Test(cli, bad_sort_column)
{
	USAGE_ERROR("ps", "--sort", "bogus");
	USAGE_ERROR("ps", "--sort=-bogus");
	USAGE_ERROR("ps", "--sort", "+bogus");
	USAGE_ERROR("ps", "--sort", "");
	USAGE_ERROR("ps", "--sort", "-");
}

Test(cli, bad_regex)
{
	USAGE_ERROR("ps", "--match", "(");
	USAGE_ERROR("ps", "--match", "[a-");
	USAGE_ERROR("ps", "-m", "a{2,1}");
}

Test(cli, bad_pid_operand)
{
	USAGE_ERROR("tree", "abc");
	USAGE_ERROR("tree", "12x");
	USAGE_ERROR("tree", "");
	USAGE_ERROR("tree", "0");
	USAGE_ERROR("tree", "-5");
	USAGE_ERROR("tree", "2147483648"); /* > INT_MAX */
	USAGE_ERROR("tree", "99999999999999999999");
	USAGE_ERROR("tree", "1", "2");
	USAGE_ERROR("ps", "--pid", "abc");
	USAGE_ERROR("ps", "--pid", "0");
	USAGE_ERROR("ps", "--pid", "1,,2");
	USAGE_ERROR("ps", "--pid", "2147483648");
}

/* A pid that is well formed but not running is a runtime failure. */
Test(cli, absent_pid)
{
	const char *const pids[] = {"999999999", "2147483647"};
	size_t i;
	for (i = 0; i < sizeof(pids) / sizeof(pids[0]); i++) {
		struct e2e_result r;
		PROCSIFT(&r, "tree", pids[i]);
		E2E_EXPECT_STATUS(&r, 3, pids[i]);
		cr_assert(r.err.len > 0);
		cr_assert(r.out.len == 0, "stdout: %s", r.out.buf);
		e2e_result_release(&r);
		PROCSIFT(&r, "tree", "--json", pids[i]);
		E2E_EXPECT_STATUS(&r, 3, pids[i]);
		e2e_result_release(&r);
	}
}

/* A write error on stdout is exit 3, never success. */
static void expect_write_error(const char *const *args, const char *what)
{
	struct e2e_opts o = {.stdout_path = "/dev/full"};
	struct e2e_result r;
	e2e_procsift(&r, &o, args);
	E2E_EXPECT_STATUS(&r, 3, what);
	cr_assert(r.err.len > 0, "%s: no message on stderr", what);
	e2e_result_release(&r);
}

#define WRITE_ERROR(...) \
	expect_write_error(E2E_ARGS(__VA_ARGS__), #__VA_ARGS__ " >/dev/full")

Test(cli, write_error)
{
	WRITE_ERROR("ps");
	WRITE_ERROR("ps", "--json");
	WRITE_ERROR("ps", "-o", "pid");
	WRITE_ERROR("tree");
	WRITE_ERROR("tree", "--json");
	WRITE_ERROR("tree", "1");
	WRITE_ERROR("--version");
	WRITE_ERROR("help");
	WRITE_ERROR("ps", "--help");
}

/* Warnings go to stderr; stdout still holds one whole JSON document. As
 * root, run as nobody so that other users' processes are unreadable and
 * there is a warning to print. */
static void json_despite_warnings(const char *cmd)
{
	struct e2e_opts o = {.drop_privileges = true};
	struct e2e_result r;
	struct json_object *doc, *procs;
	struct stat st;
	bool want_warning = geteuid() == 0 || (stat("/proc/1", &st) == 0 &&
					       st.st_uid != geteuid());
	PROCSIFT_OPTS(&r, &o, cmd, "--json");
	E2E_EXPECT_STATUS(&r, 0, cmd);
	if (want_warning)
		cr_assert(e2e_contains(r.err.buf, r.err.len, "warning:"),
			  "%s --json as an unprivileged user: no warning", cmd);
	doc = e2e_json_parse(&r.out);
	procs = e2e_json_get(doc, "processes");
	cr_assert(json_object_is_type(procs, json_type_array));
	cr_assert(json_object_array_length(procs) > 0);
	json_object_put(doc);
	e2e_result_release(&r);

	/* And pretty-printed, as root if we are. */
	PROCSIFT(&r, cmd, "--json", "--pretty");
	E2E_EXPECT_STATUS(&r, 0, cmd);
	json_object_put(e2e_json_parse(&r.out));
	e2e_result_release(&r);
}

Test(cli, ps_json_one_document)
{
	json_despite_warnings("ps");
}

Test(cli, tree_json_one_document)
{
	json_despite_warnings("tree");
}

/* ps -u: lists of names and uids; an unknown user is a usage error that
 * names it; --since takes a duration. */
Test(cli, ps_user_and_since_usage)
{
	struct e2e_result r;
	USAGE_ERROR("ps", "-u", "e2e-no-such-user");
	USAGE_ERROR("ps", "-u", "root,e2e-no-such-user");
	USAGE_ERROR("ps", "--user", "");
	USAGE_ERROR("ps", "-u", "root,,0");
	USAGE_ERROR("ps", "-u", "-1");
	USAGE_ERROR("ps", "--since", "");
	USAGE_ERROR("ps", "--since", "5x");
	USAGE_ERROR("ps", "--since", "-5m");
	USAGE_ERROR("ps", "--since", "1.5h");
	USAGE_ERROR("ps", "--sort", "pid,,rss");
	USAGE_ERROR("ps", "--sort", "pid,bogus");
	PROCSIFT(&r, "ps", "-u", "root,e2e-no-such-user");
	cr_assert(e2e_contains(r.err.buf, r.err.len, "'e2e-no-such-user'"),
		  "stderr does not name the user: %s", r.err.buf);
	e2e_result_release(&r);
}

/* Severities on the command line take any case. */
Test(cli, severities_any_case)
{
	struct e2e_result r;
	char pid[16];
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	PROCSIFT(&r, "scan", "--pid", pid, "--min-severity", "HiGh",
		 "--fail-on", "CRITICAL", "--partial-ok");
	cr_assert(r.status == 0 || r.status == 1, "exit %d: %s", r.status,
		  r.err.buf);
	e2e_result_release(&r);
	USAGE_ERROR("scan", "--fail-on", "severe");
}

/* A pid that is not running: scan names it and exits 3; ps selects
 * nothing, prints its header and exits 1. The pid is one of ours, reaped:
 * gone, and not soon reused. */
Test(cli, missing_pid_named)
{
	struct e2e_result r;
	char pid[16], want[64];
	pid_t child = fork();
	cr_assert(child >= 0);
	if (!child)
		_exit(0);
	cr_assert_eq(waitpid(child, NULL, 0), child);
	snprintf(pid, sizeof(pid), "%d", (int)child);
	snprintf(want, sizeof(want), "no process with pid %d", (int)child);

	PROCSIFT(&r, "scan", "--pid", pid);
	E2E_EXPECT_STATUS(&r, 3, "scan --pid of a missing pid");
	cr_assert(e2e_contains(r.err.buf, r.err.len, want),
		  "stderr does not name pid %s: %s", pid, r.err.buf);
	e2e_result_release(&r);

	PROCSIFT(&r, "ps", "--pid", pid, "-o", "pid,comm");
	E2E_EXPECT_STATUS(&r, 1, "ps --pid of a missing pid");
	cr_assert_str_eq(r.out.buf, "PID COMM\n");
	e2e_result_release(&r);
	PROCSIFT(&r, "ps", "-n", "--pid", pid);
	E2E_EXPECT_STATUS(&r, 1, "ps -n --pid of a missing pid");
	cr_assert_eq(r.out.len, 0, "stdout: %s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "ps", "--json", "--pid", pid);
	E2E_EXPECT_STATUS(&r, 1, "ps --json --pid of a missing pid");
	json_object_put(e2e_json_parse(&r.out));
	cr_assert(e2e_contains(r.out.buf, r.out.len, "\"processes\":[]"),
		  "stdout: %s", r.out.buf);
	e2e_result_release(&r);
}
