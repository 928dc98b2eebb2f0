/* End-to-end: every view read in an 80-column terminal. procsift runs
 * with stdout on a pseudo-terminal the test opens (80x50, COLUMNS unset),
 * and again into a pipe with COLUMNS=80; no line may take more than 80
 * cells, and the key columns keep a useful width although one of the
 * test's children has a 300-byte argv[0] full of escapes and another has
 * secret-looking variables. etcd runs against the etcd of e2e/etcdkit.h. */
#include "e2e/etcdkit.h"

#include <locale.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <wchar.h>

#define COLS 80

struct kid {
	pid_t pid;
	char spid[16];
};

static struct kid hostile, secret;

static void kid_stop(struct kid *k)
{
	if (k->pid > 0) {
		kill(k->pid, SIGTERM);
		waitpid(k->pid, NULL, 0);
		k->pid = 0;
	}
}

static void fini(void)
{
	kid_stop(&hostile);
	kid_stop(&secret);
	etcdkit_stop();
}

/* Start argsleep with argv0 and env; wait for its "ready". */
static void kid_start(struct kid *k, const char *argv0, const char *const *env)
{
	int p[2];
	char buf[8];
	cr_assert(!pipe2(p, O_CLOEXEC));
	k->pid = fork();
	cr_assert(k->pid >= 0);
	if (!k->pid) {
		const char *argv[] = {argv0, "cols80", NULL};
		dup2(p[1], 1);
		execve(e2e_argsleep_bin(), (char *const *)argv,
		       (char *const *)env);
		_exit(127);
	}
	close(p[1]);
	cr_assert_gt(read(p[0], buf, sizeof(buf)), 0, "argsleep not ready");
	close(p[0]);
	snprintf(k->spid, sizeof(k->spid), "%d", (int)k->pid);
}

static void kids_start(void)
{
	static const char *const secret_env[] = {
		"AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/"
		"bPxRfiCYEXAMPLEKEY",
		"GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789",
		"PATH=/usr/bin:/bin", NULL};
	static const char *const plain_env[] = {"PATH=/usr/bin:/bin", NULL};
	char argv0[301];
	size_t i;
	/* 300 bytes: an escape sequence, then bells, tabs and names. */
	memcpy(argv0, "\x1b[2J\x1b]0;pwned\x07", 14);
	for (i = 14; i < 300; i++)
		argv0[i] = "\x07name-\t"[i % 7];
	argv0[300] = '\0';
	kid_start(&hostile, argv0, plain_env);
	kid_start(&secret, "secret-holder", secret_env);
}

/* Run procsift with argv (NULL-terminated, without the binary) with stdout
 * on a fresh 80x50 pty (tty true) or a pipe with COLUMNS=80; the output
 * with '\r' removed goes to out. */
static void run80(bool tty, const char *const *args, struct strbuf *out)
{
	const char *argv[16] = {e2e_procsift_bin()};
	struct winsize ws = {.ws_row = 50, .ws_col = COLS};
	int master = -1, slave = -1, p[2] = {-1, -1}, rd;
	long long deadline = e2e_now_ms() + E2E_TIMEOUT_MS;
	size_t n;
	pid_t pid;
	for (n = 0; args[n] && n + 2 < 16; n++)
		argv[n + 1] = args[n];
	if (tty) {
		cr_assert(!openpty(&master, &slave, NULL, NULL, &ws));
		fcntl(master, F_SETFD, FD_CLOEXEC);
		rd = master;
	} else {
		cr_assert(!pipe2(p, O_CLOEXEC));
		rd = p[0];
	}
	pid = fork();
	cr_assert(pid >= 0);
	if (!pid) {
		int devnull = open("/dev/null", O_RDWR);
		int fd = tty ? slave : p[1];
		if (tty)
			unsetenv("COLUMNS");
		else
			setenv("COLUMNS", "80", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		e2e_child(devnull, fd, devnull, false, argv);
	}
	if (tty)
		close(slave);
	else
		close(p[1]);
	for (;;) {
		char buf[4096];
		ssize_t k;
		struct pollfd pfd = {.fd = rd, .events = POLLIN};
		cr_assert(e2e_now_ms() < deadline, "%s hung", args[0]);
		if (poll(&pfd, 1, 1000) <= 0)
			continue;
		k = read(rd, buf, sizeof(buf));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) /* EIO: the slave side is closed */
			break;
		for (n = 0; n < (size_t)k; n++)
			if (buf[n] != '\r')
				strbuf_addch(out, buf[n]);
	}
	close(rd);
	e2e_wait(pid, deadline, args[0]);
}

/* Display cells of one line of UTF-8. Colour (SGR sequences, which scan
 * and etcd put around severities on a terminal) takes no cell. */
static size_t cells(const char *s, size_t len)
{
	mbstate_t st;
	size_t i = 0, w = 0;
	memset(&st, 0, sizeof(st));
	while (i < len) {
		wchar_t wc;
		size_t k, sgr = 0;
		int cw;
		if (s[i] == '\x1b' && i + 1 < len && s[i + 1] == '[') {
			sgr = i + 2;
			while (sgr < len && s[sgr] &&
			       strchr("0123456789;", s[sgr]))
				sgr++;
		}
		if (sgr && sgr < len && s[sgr] == 'm') {
			i = sgr + 1;
			continue;
		}
		k = mbrtowc(&wc, s + i, len - i, &st);
		cr_assert(k != (size_t)-1 && k != (size_t)-2 && k,
			  "invalid UTF-8 at byte %zu of %.*s", i, (int)len, s);
		cr_assert(wc >= 0x20 && wc != 0x7f,
			  "control character %#x in %.*s", (unsigned)wc,
			  (int)len, s);
		cw = wcwidth(wc);
		w += cw > 0 ? (size_t)cw : 0;
		i += k;
	}
	return w;
}

/* Every line fits 80 cells; returns the number of lines. */
static size_t check_fits(const char *what, const struct strbuf *out)
{
	const char *p = out->buf, *end = out->buf + out->len;
	size_t lines = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		size_t w = cells(p, len);
		cr_assert_leq(w, COLS, "%s: a line of %zu cells:\n%.*s", what,
			      w, (int)len, p);
		lines++;
		p += len + 1;
	}
	cr_assert_gt(lines, 0, "%s printed nothing", what);
	return lines;
}

/* The line of out that contains needle, as a new string (NULL: none). */
static char *line_with(const struct strbuf *out, const char *needle)
{
	const char *hit = strstr(out->buf, needle), *b, *e;
	if (!hit)
		return NULL;
	for (b = hit; b > out->buf && b[-1] != '\n'; b--)
		;
	e = strchrnul(hit, '\n');
	return strndup(b, (size_t)(e - b));
}

/* Run a view both ways, check the widths, hand back the pty output. */
static void view80(const char *const *args, struct strbuf *out)
{
	struct strbuf piped = STRBUF_INIT;
	run80(true, args, out);
	check_fits(args[0], out);
	run80(false, args, &piped);
	check_fits(args[0], &piped);
	strbuf_release(&piped);
}

TestSuite(cols80, .init = kids_start, .fini = fini, .timeout = 300);

Test(cols80, tree_and_ps)
{
	static const char *const views[][2] = {{"tree", NULL}, {"ps", NULL}};
	size_t v;
	setlocale(LC_ALL, "C.UTF-8");
	for (v = 0; v < 2; v++) {
		struct strbuf out = STRBUF_INIT;
		char *l;
		view80(views[v], &out);
		/* The hostile name is cut with a mark on its own line; the
		 * next process keeps its whole command. */
		l = line_with(&out, hostile.spid);
		cr_assert(l, "%s: no line for %s:\n%s", views[v][0],
			  hostile.spid, out.buf);
		cr_assert(strstr(l, "\\x1b[2J") && strstr(l, "\xe2\x80\xa6"),
			  "%s: %s", views[v][0], l);
		free(l);
		l = line_with(&out, secret.spid);
		cr_assert(l && strstr(l, "secret-holder cols80") &&
				  strstr(l, "root"),
			  "%s: %s", views[v][0], l ? l : out.buf);
		free(l);
		strbuf_release(&out);
	}
}

/* A chain of 60 processes: a tree indents two cells a level, and a
 * branch deeper than a quarter of the width goes on as a top-level entry
 * ("... "), so no line passes 80 cells (view80 checks every line). */
/* Its own suite: the spawn helper's check for strays wants no other
 * child of the test running (cols80's suite keeps its own). No timeout
 * of its own: a second suite timeout leaks in Criterion under LSan; the
 * helper and every run have their own deadline. */
Test(cols80_deep, tree)
{
	static const char *const tree[2] = {"tree", NULL};
	struct strbuf out = STRBUF_INIT;
	struct spawn s;
	setlocale(LC_ALL, "C.UTF-8");
	SPAWN(&s, "chain", "60");
	view80(tree, &out);
	cr_expect(strstr(out.buf, "... "), "no branch went on:\n%s", out.buf);
	strbuf_release(&out);
	spawn_stop(&s);
}

Test(cols80, show_wraps_lists_at_items)
{
	struct strbuf out = STRBUF_INIT;
	const char *p;
	size_t caps = 0;
	setlocale(LC_ALL, "C.UTF-8");
	view80((const char *const[]){"show", secret.spid, NULL}, &out);
	/* Every line of a capability list starts with a whole name. */
	for (p = out.buf; (p = strstr(p, "cap_")); p++) {
		cr_assert(p == out.buf || p[-1] == ',' || p[-1] == ' ',
			  "a capability cut mid-word:\n%s", out.buf);
		caps++;
	}
	cr_assert_gt(caps, 0, "no capabilities shown:\n%s", out.buf);
	strbuf_release(&out);
}

Test(cols80, env_fds_maps)
{
	static const char *const views[] = {"env", "fds", "maps"};
	size_t v;
	setlocale(LC_ALL, "C.UTF-8");
	for (v = 0; v < 3; v++) {
		struct strbuf out = STRBUF_INIT;
		char *l;
		view80((const char *const[]){views[v], secret.spid,
					     hostile.spid, NULL},
		       &out);
		l = line_with(&out, secret.spid);
		cr_assert(l, "%s: no line for %s", views[v], secret.spid);
		free(l);
		if (v == 0) {
			l = line_with(&out, "AWS_SECRET_ACCESS_KEY");
			cr_assert(l && !strstr(l, "EXAMPLEKEY"),
				  "env: the name is cut or the value shown:"
				  "\n%s",
				  out.buf);
			free(l);
		}
		strbuf_release(&out);
	}
}

Test(cols80, scan_where_keeps_20)
{
	struct strbuf out = STRBUF_INIT;
	char pids[40];
	char *l;
	setlocale(LC_ALL, "C.UTF-8");
	snprintf(pids, sizeof(pids), "%s,%s", secret.spid, hostile.spid);
	view80((const char *const[]){"scan", "--pid", pids, NULL}, &out);
	l = line_with(&out, "env:AWS_SECRET_ACCES");
	cr_assert(l, "WHERE cut under 20 cells:\n%s", out.buf);
	cr_assert(strstr(l, "env-generic-secret-name") ||
			  strstr(l, "aws-secret"),
		  "RULE cut: %s", l);
	free(l);
	cr_assert(!strstr(out.buf, "EXAMPLEKEY"), "a secret shown");
	strbuf_release(&out);
}

Test(cols80, rules_list)
{
	struct strbuf out = STRBUF_INIT;
	char *l;
	setlocale(LC_ALL, "C.UTF-8");
	view80((const char *const[]){"rules", "list", NULL}, &out);
	/* Rule ids are what --rule takes: whole, the longest too. */
	l = line_with(&out, "azure-app-configuration-connection-string ");
	cr_assert(l, "a rule id cut:\n%.2000s", out.buf);
	free(l);
	strbuf_release(&out);
}

Test(cols80, etcd_secret_names_keep_16)
{
	struct etcdkit *k = etcdkit_start();
	struct json_object *m = etcdkit_fill(k, "basic");
	struct json_object *secrets = e2e_json_get(m, "secrets");
	struct strbuf out = STRBUF_INIT;
	char pid[16];
	size_t i, n, rows = 0;
	setlocale(LC_ALL, "C.UTF-8");
	pid_str(k, pid, sizeof(pid));
	view80((const char *const[]){"etcd", "--pid", pid, NULL}, &out);
	n = json_object_array_length(secrets);
	for (i = 0; i < n; i++) {
		const char *name =
			js(json_object_array_get_idx(secrets, i), "name");
		char want[17];
		char *l;
		if (!name || strlen(name) < 16)
			continue;
		/* The first 16 cells of every long name are on its row. */
		snprintf(want, sizeof(want), "%s", name);
		l = line_with(&out, want);
		cr_assert(l, "Secret name %s cut under 16:\n%s", name, out.buf);
		free(l);
		rows++;
	}
	cr_assert_gt(rows, 0, "no Secret name of 16 or more in the fill");
	strbuf_release(&out);
}
