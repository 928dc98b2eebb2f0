/* The shared output options against the built binary: --raw cells hold no
 * blank whatever the process's argv and environment hold, --pairs keys
 * are the column names, --output-all shows every column, -J is -j. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"

/* A sleeper whose argv and environment hold spaces, tabs and newlines. */
static pid_t hostile(void)
{
	int p[2];
	char c;
	pid_t pid;
	cr_assert(!pipe(p));
	pid = fork();
	cr_assert(pid >= 0);
	if (!pid) {
		static char a1[] = "a b", a2[] = "c\td", a3[] = "e\nf",
			    a4[] = "g\\x20h", e1[] = "K=v w\tx\ny";
		char *argv[] = {
			(char *)e2e_argsleep_bin(), a1, a2, a3, a4, NULL};
		char *envp[] = {e1, NULL};
		dup2(p[1], 1);
		execve(argv[0], argv, envp);
		_exit(127);
	}
	close(p[1]);
	/* argsleep writes ready on stdout once set up, then closes it. */
	(void)!read(p[0], &c, 1);
	close(p[0]);
	return pid;
}

static void stop(pid_t pid)
{
	int st;
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
}

/* Single-space separated fields of each line; all lines must agree. */
static size_t fields_per_line(const struct strbuf *out)
{
	const char *p = out->buf;
	size_t want = 0, lines = 0;
	while (*p) {
		const char *nl = strchrnul(p, '\n');
		size_t n = 1;
		const char *q;
		for (q = p; q < nl; q++) {
			cr_assert(*q != '\t', "tab in raw output");
			n += *q == ' ';
		}
		if (!lines++)
			want = n;
		cr_expect_eq(n, want, "raw line %zu has %zu fields, want %zu",
			     lines, n, want);
		p = *nl ? nl + 1 : nl;
	}
	cr_assert(lines >= 2, "raw output has no rows:\n%s", out->buf);
	return want;
}

Test(outopts, raw_fields_match_columns)
{
	pid_t pid = hostile();
	char pids[16];
	struct e2e_result r;
	snprintf(pids, sizeof(pids), "%d", (int)pid);
	PROCSIFT(&r, "ps", "-p", pids, "-r", "-o", "pid,user,command,exe");
	E2E_EXPECT_STATUS(&r, 0, "ps -r");
	cr_expect_eq(fields_per_line(&r.out), 4);
	cr_expect(strstr(r.out.buf, "a\\x20b\\x20c\\x09d\\x20e\\x0af"),
		  "raw escaping:\n%s", r.out.buf);
	cr_expect(strstr(r.out.buf, "g\\x5cx20h"), "raw backslash:\n%s",
		  r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "env", "-r", pids);
	E2E_EXPECT_STATUS(&r, 0, "env -r");
	cr_expect_eq(fields_per_line(&r.out), 3);
	cr_expect(strstr(r.out.buf, "K v\\x20w\\x09x\\x0ay"), "env raw:\n%s",
		  r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "tree", "-r", "-o", "pid,command", pids);
	E2E_EXPECT_STATUS(&r, 0, "tree -r");
	cr_expect_eq(fields_per_line(&r.out), 2);
	e2e_result_release(&r);
	PROCSIFT(&r, "ps", "-p", pids, "-r", "--output-all");
	E2E_EXPECT_STATUS(&r, 0, "ps -r --output-all");
	cr_expect_gt(fields_per_line(&r.out), 10);
	e2e_result_release(&r);
	stop(pid);
}

Test(outopts, pairs_keys)
{
	pid_t pid = hostile();
	char pids[16];
	struct e2e_result r;
	snprintf(pids, sizeof(pids), "%d", (int)pid);
	PROCSIFT(&r, "ps", "-p", pids, "-P", "-o", "pid,start,command");
	E2E_EXPECT_STATUS(&r, 0, "ps -P");
	cr_expect(!strncmp(r.out.buf, "PID=\"", 5), "pairs:\n%s", r.out.buf);
	/* start is start_time's alias: the key is the column's name. */
	cr_expect(strstr(r.out.buf, "\" START_TIME=\""), "pairs:\n%s",
		  r.out.buf);
	cr_expect(strstr(r.out.buf, "\" COMMAND=\""), "pairs:\n%s", r.out.buf);
	cr_expect_eq(strchr(r.out.buf, '\n') - r.out.buf + 1, (long)r.out.len,
		     "one line:\n%s", r.out.buf);
	cr_expect(!strchr(r.out.buf, '\t'));
	e2e_result_release(&r);
	stop(pid);
}

Test(outopts, json_spellings_and_conflicts)
{
	struct e2e_result a, b;
	PROCSIFT(&a, "ps", "-p", "1", "-J", "-o", "pid");
	PROCSIFT(&b, "ps", "-p", "1", "-j", "-o", "pid");
	E2E_EXPECT_STATUS(&a, 0, "ps -J");
	cr_expect(strstr(a.out.buf, "\"pid\":1,"));
	cr_expect(strstr(b.out.buf, "\"pid\":1,"));
	e2e_result_release(&a);
	e2e_result_release(&b);
	PROCSIFT(&a, "ps", "-J", "-r");
	E2E_EXPECT_STATUS(&a, 2, "ps -J -r");
	e2e_result_release(&a);
	PROCSIFT(&a, "ps", "--color=sometimes");
	E2E_EXPECT_STATUS(&a, 2, "ps --color=sometimes");
	e2e_result_release(&a);
	PROCSIFT(&a, "ps", "-p", "1", "--ndjson");
	E2E_EXPECT_STATUS(&a, 0, "ps --ndjson");
	cr_expect(!strncmp(a.out.buf, "{\"pid\":1,", 9), "%s", a.out.buf);
	e2e_result_release(&a);
}
