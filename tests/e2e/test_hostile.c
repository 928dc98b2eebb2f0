/* End-to-end: processes built to mislead a responder. A zombie renamed
 * like a kernel thread must not pass for one; a huge argv is cut to the
 * documented cap and says so; a 400-generation fork chain prints in
 * bounded lines, its deep branches continued with "... ". */
#include "e2e/helpers.h"

#define FAKE_KTHREAD "kworker/0:1"
#define BIGARGV_KIB 300
#define ARGV_CAP (128u << 10) /* PROC_CMDLINE_CAP, docs/json.md */
/* The glyphs of 100 generations, 4 UTF-8 bytes each at most, and some. */
#define MAX_INDENT 500
/* Bytes of "│ ", "├─", "└─" (U+2502, U+251C, U+2514, U+2500) and of
 * their --ascii forms "| ", "|-", "`-". */
#define TREE_GLYPH_BYTES " |`-\xe2\x94\x82\x9c\x80"

/* Run procsift, expect exit 0 and no raw ESC anywhere. */
static void run_ok(struct e2e_result *r, const char *const *args,
		   const char *what)
{
	e2e_procsift(r, NULL, args);
	E2E_EXPECT_STATUS(r, 0, what);
	cr_assert(!memchr(r->out.buf, 0x1b, r->out.len), "%s: raw ESC", what);
}

#define RUN_OK(r, ...) run_ok((r), E2E_ARGS(__VA_ARGS__), #__VA_ARGS__)

/* The line of text output whose first field is pid, copied into buf;
 * false when there is none. */
static bool line_of(const struct strbuf *out, pid_t pid, char *buf, size_t size)
{
	const char *p = out->buf;
	while (*p) {
		const char *nl = strchr(p, '\n'), *q = p;
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *end;
		long v;
		while (*q == ' ')
			q++;
		v = strtol(q, &end, 10);
		if (end != q && *end == ' ' && v == pid) {
			snprintf(buf, size, "%.*s", (int)len, p);
			return true;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	return false;
}

/* The comm of pid from /proc/PID/stat into buf, or "" when it is gone. */
static void proc_comm(pid_t pid, char *buf, size_t size)
{
	char path[64], raw[512], *a, *b;
	ssize_t n;
	int fd;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	buf[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, raw, sizeof(raw) - 1);
	close(fd);
	if (n <= 0)
		return;
	raw[n] = '\0';
	a = strchr(raw, '(');
	b = strrchr(raw, ')');
	if (a && b > a)
		snprintf(buf, size, "%.*s", (int)(b - a - 1), a + 1);
}

/* A userland zombie named like a kernel worker: "(name)", kthread no. */
Test(hostile, zombie_named_like_kthread)
{
	struct spawn s;
	struct e2e_result r;
	struct json_object *doc, *p;
	char pid[16], line[512], comm[64];
	pid_t z;
	SPAWN(&s, "zombie", FAKE_KTHREAD);
	cr_assert_eq(s.n, 2, "zombie reported %zu pids", s.n);
	z = s.pids[1];
	proc_comm(z, comm, sizeof(comm));
	cr_assert_str_eq(comm, FAKE_KTHREAD);
	snprintf(pid, sizeof(pid), "%d", (int)z);

	RUN_OK(&r, "ps", "--pid", pid, "-o", "pid,kthread,command");
	cr_assert(line_of(&r.out, z, line, sizeof(line)), "no row:\n%s",
		  r.out.buf);
	cr_assert(strstr(line, " no "), "kthread not 'no': %s", line);
	cr_assert(strstr(line, "(" FAKE_KTHREAD ")"), "row: %s", line);
	cr_assert(!strstr(r.out.buf, "[" FAKE_KTHREAD "]"), "%s", r.out.buf);
	e2e_result_release(&r);

	/* The same in the tree, with and without kernel threads shown. */
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);
	RUN_OK(&r, "tree", "-o", "pid,kthread,command", pid);
	cr_assert(line_of(&r.out, z, line, sizeof(line)), "no row:\n%s",
		  r.out.buf);
	cr_assert(strstr(line, " no ") && strstr(line, "(" FAKE_KTHREAD ")"),
		  "row: %s", line);
	e2e_result_release(&r);
	RUN_OK(&r, "tree", "--all", "-o", "pid,kthread,command");
	cr_assert(line_of(&r.out, z, line, sizeof(line)), "no row for %d",
		  (int)z);
	cr_assert(!strstr(line, "[" FAKE_KTHREAD "]"), "row: %s", line);
	e2e_result_release(&r);

	snprintf(pid, sizeof(pid), "%d", (int)z);
	RUN_OK(&r, "ps", "--json", "--pid", pid);
	doc = e2e_json_parse(&r.out);
	p = json_object_array_get_idx(e2e_json_get(doc, "processes"), 0);
	cr_assert_eq(e2e_json_pid(p), z);
	cr_assert(!json_object_get_boolean(e2e_json_get(p, "kthread")));
	cr_assert_str_eq(json_object_get_string(e2e_json_get(p, "state")), "Z");
	cr_assert_str_eq(json_object_get_string(e2e_json_get(p, "comm")),
			 FAKE_KTHREAD);
	cr_assert_eq(json_object_array_length(e2e_json_get(p, "argv")), 0);
	json_object_put(doc);
	e2e_result_release(&r);
	spawn_stop(&s);
}

/* A real kernel thread: kthreadd, pid 2 outside a pid namespace. */
Test(hostile, real_kthread)
{
	struct e2e_result r;
	struct json_object *doc, *p;
	char comm[64], line[512];
	proc_comm(2, comm, sizeof(comm));
	if (strcmp(comm, "kthreadd"))
		cr_skip_test("pid 2 is not kthreadd here (a pid namespace?)");

	RUN_OK(&r, "ps", "--all", "--pid", "2", "-o", "pid,kthread,command");
	cr_assert(line_of(&r.out, 2, line, sizeof(line)), "no row:\n%s",
		  r.out.buf);
	cr_assert(strstr(line, " yes ") && strstr(line, "[kthreadd]"),
		  "row: %s", line);
	e2e_result_release(&r);

	RUN_OK(&r, "tree", "--all", "-o", "pid,kthread,command");
	cr_assert(line_of(&r.out, 2, line, sizeof(line)), "no row for 2");
	cr_assert(strstr(line, " yes ") && strstr(line, "[kthreadd]"),
		  "row: %s", line);
	e2e_result_release(&r);
	/* Hidden without --all. */
	RUN_OK(&r, "tree", "-o", "pid,kthread,command");
	cr_assert(!line_of(&r.out, 2, line, sizeof(line)), "row: %s", line);
	e2e_result_release(&r);

	RUN_OK(&r, "ps", "--json", "--pid", "2");
	doc = e2e_json_parse(&r.out);
	p = json_object_array_get_idx(e2e_json_get(doc, "processes"), 0);
	cr_assert_eq(e2e_json_pid(p), 2);
	cr_assert(json_object_get_boolean(e2e_json_get(p, "kthread")));
	json_object_put(doc);
	e2e_result_release(&r);
}

/* A 300 KiB argv: kept to the 128 KiB cap and marked truncated. */
Test(hostile, huge_argv_truncated)
{
	struct spawn s;
	struct e2e_result r;
	struct json_object *doc, *p, *argv;
	struct strbuf sb = STRBUF_INIT;
	char pid[16], kib[16], line[256];
	size_t i, n, total = 0, withheld;
	snprintf(kib, sizeof(kib), "%d", BIGARGV_KIB);
	SPAWN(&s, "bigargv", kib);
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);

	/* Without --reveal the last argument, cut in the middle, is
	 * withheld: it could end in the start of a secret. */
	RUN_OK(&r, "ps", "--json", "--pid", pid);
	doc = e2e_json_parse(&r.out);
	p = json_object_array_get_idx(e2e_json_get(doc, "processes"), 0);
	argv = e2e_json_get(p, "argv");
	n = json_object_array_length(argv);
	e2e_json_bytes(json_object_array_get_idx(argv, n - 1), &sb);
	cr_assert(strstr(sb.buf, "[not judged: "), "last: %.80s", sb.buf);
	cr_assert_gt(json_object_get_int64(e2e_json_get(p, "argv_withheld")),
		     0);
	withheld =
		(size_t)json_object_get_int64(e2e_json_get(p, "argv_withheld"));
	strbuf_reset(&sb);
	json_object_put(doc);
	e2e_result_release(&r);

	RUN_OK(&r, "ps", "--json", "--reveal", "--pid", pid);
	doc = e2e_json_parse(&r.out);
	p = json_object_array_get_idx(e2e_json_get(doc, "processes"), 0);
	cr_assert_eq(e2e_json_pid(p), s.pid);
	cr_assert(json_object_get_boolean(e2e_json_get(p, "argv_truncated")));
	argv = e2e_json_get(p, "argv");
	n = json_object_array_length(argv);
	cr_assert_geq(n, 4, "argv %zu long", n);
	for (i = 0; i < n; i++) {
		e2e_json_bytes(json_object_array_get_idx(argv, i), &sb);
		total += sb.len + 1; /* and its NUL */
		if (i == 1)
			cr_assert_str_eq(sb.buf, "bigargv-exec");
		if (i < 3)
			continue;
		/* Argument i is all one letter; the last may be cut. */
		cr_assert_eq(strspn(sb.buf, (char[]){(char)('a' + i - 3), 0}),
			     sb.len, "argv[%zu] is not all '%c'", i,
			     (char)('a' + i - 3));
		cr_assert(i == n - 1 || sb.len == 64 << 10,
			  "argv[%zu] is %zu bytes", i, sb.len);
		/* What was withheld is the last argument as read. */
		if (i == n - 1)
			cr_assert_eq(withheld, sb.len);
	}
	/* The last piece may have been cut before its NUL. */
	cr_assert_leq(total, ARGV_CAP + 1, "argv holds %zu bytes", total);
	cr_assert_geq(total, ARGV_CAP, "argv holds only %zu bytes", total);
	strbuf_release(&sb);
	json_object_put(doc);
	e2e_result_release(&r);

	/* Text shows the cut with a " ..." tail. */
	RUN_OK(&r, "ps", "--reveal", "--pid", pid, "-o", "pid,command");
	cr_assert(line_of(&r.out, s.pid, (char[8]){0}, 8), "no row");
	n = r.out.len;
	cr_assert(n > 5 && !memcmp(r.out.buf + n - 5, " ...\n", 5),
		  "row does not end in ' ...': %s",
		  (snprintf(line, sizeof(line), "%.60s",
			    r.out.buf + (n > 60 ? n - 60 : 0)),
		   line));
	cr_assert_leq(n, ARGV_CAP + 200, "%zu bytes of output", n);
	e2e_result_release(&r);
	spawn_stop(&s);
}

/* Header offset of the last column, named name. */
static size_t column_offset(const struct strbuf *out, const char *name)
{
	const char *nl = strchr(out->buf, '\n'), *h = strstr(out->buf, name);
	cr_assert(h && nl && h < nl, "no %s header:\n%.200s", name, out->buf);
	return (size_t)(h - out->buf);
}

/* Generations from the root of the tree down to pid (pid 1: 0). */
static size_t depth_of(pid_t pid)
{
	size_t d = 0;
	while ((pid = e2e_ppid(pid)) > 0)
		d++;
	return d;
}

/* What a text tree of a chain looks like. */
struct chain_scan {
	size_t lines;	  /* with the header */
	size_t ncont;	  /* lines whose COMMAND starts with "... " */
	size_t last_cont; /* line number of the last of those */
	size_t last_line; /* line number of pid last */
};

static void chain_scan(const struct strbuf *out, pid_t last,
		       struct chain_scan *cs)
{
	size_t off = column_offset(out, "COMMAND");
	const char *p = out->buf;
	memset(cs, 0, sizeof(*cs));
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char pidtxt[16];
		/* Ancestors outside the test may have long argv (a CI
		 * runner's shell script, say): bound the tree glyphs in
		 * front of the command, not the line. */
		if (len > off)
			cr_assert_leq(
				strspn(p + off, TREE_GLYPH_BYTES), MAX_INDENT,
				"line %zu is indented %zu bytes", cs->lines,
				strspn(p + off, TREE_GLYPH_BYTES));
		if (len > off + 4 && !memcmp(p + off, "... ", 4)) {
			cs->ncont++;
			cs->last_cont = cs->lines;
		}
		snprintf(pidtxt, sizeof(pidtxt), "%.*s", (int)len, p);
		if (cs->lines && atoi(pidtxt) == last)
			cs->last_line = cs->lines;
		cs->lines++;
		if (!nl)
			break;
		p = nl + 1;
	}
}

/* tree LAST on a 400-deep chain: every branch cut at 100 generations
 * continues on a top-level line whose COMMAND starts with "... ", the
 * last of them leads to LAST, and no line is long. */
Test(hostile, deep_chain_text)
{
	struct spawn s;
	struct e2e_result r;
	struct chain_scan cs;
	char last[16];
	size_t depth;
	SPAWN(&s, "chain", "400");
	snprintf(last, sizeof(last), "%d", (int)s.pids[2]);
	depth = depth_of(s.pids[2]);
	cr_assert_geq(depth, 400);

	RUN_OK(&r, "tree", last);
	chain_scan(&r.out, s.pids[2], &cs);
	cr_assert(cs.last_line, "no line for pid %s", last);
	cr_assert_eq(cs.lines, depth + 2, "%zu lines for %zu generations",
		     cs.lines, depth + 1);
	/* A new top-level entry at depth 100, 200, ... */
	cr_assert_eq(cs.ncont, depth / 100, "%zu continued lines at depth %zu",
		     cs.ncont, depth);
	cr_assert(cs.last_cont && cs.last_cont <= cs.last_line &&
			  cs.last_line - cs.last_cont < 100,
		  "last continuation on line %zu, pid %s on line %zu",
		  cs.last_cont, last, cs.last_line);
	e2e_result_release(&r);

	RUN_OK(&r, "tree", "--ascii", "-o", "pid,command", last);
	chain_scan(&r.out, s.pids[2], &cs);
	cr_assert_eq(cs.ncont, depth / 100, "--ascii: %zu continued lines",
		     cs.ncont);
	cr_assert(cs.last_line && cs.last_line - cs.last_cont < 100);
	e2e_result_release(&r);
	spawn_stop(&s);
}

/* A name of escapes measures what it shows: each \xNN is four cells, so
 * the row of a process named with ESC, newline and an invalid byte keeps
 * its columns in line with the others (a text table, not a terminal:
 * nothing is cut). libsmartcols once counted each escape a cell short,
 * which shifted that row and, on a terminal, cut other rows' cells
 * without a mark. Also in the C locale, where bytes >= 0x80 are escaped
 * too. */
Test(hostile, escaped_name_keeps_columns)
{
	static const char *const locales[] = {"C.UTF-8", "C"};
	struct e2e_result r;
	struct spawn s;
	char pids[32];
	size_t k;
	SPAWN(&s, "hold", "c\x1b[31m\nm\xfe\xe2\x80\xa6 d", "/dev/null");
	snprintf(pids, sizeof(pids), "%d,%d", (int)s.pids[0], (int)getpid());
	for (k = 0; k < 2; k++) {
		const char *p, *nl;
		size_t first = 0, lines = 0;
		cr_assert(!setenv("LC_ALL", locales[k], 1));
		/* PID last: right-aligned, every line ends in the same cell. */
		PROCSIFT(&r, "ps", "-p", pids, "-o", "comm,pid");
		E2E_EXPECT_STATUS(&r, 0, "ps of an escaped name");
		cr_assert(strstr(r.out.buf, "c\\x1b[31m\\x0am\\xfe"), "%s",
			  r.out.buf);
		for (p = r.out.buf; *p; p = nl + 1, lines++) {
			size_t cells = 0;
			const char *q;
			nl = strchr(p, '\n');
			cr_assert(nl);
			/* Cells: bytes, less UTF-8 continuation bytes (the
			 * shown U+2026 is one cell). */
			for (q = p; q < nl; q++)
				cells += ((unsigned char)*q & 0xc0) != 0x80;
			if (!lines)
				first = cells;
			cr_expect_eq(cells, first,
				     "%s: line %zu is %zu cells, the header "
				     "%zu:\n%s",
				     locales[k], lines, cells, first,
				     r.out.buf);
		}
		cr_expect_eq(lines, 3, "%s", r.out.buf);
		e2e_result_release(&r);
	}
	unsetenv("LC_ALL");
	spawn_stop(&s);
}
