/* End-to-end: tree and ps against real processes this test starts with
 * tests/tools/spawn: nesting, exact argv and comm bytes through the JSON
 * lossless rule, escaping in text output, filters, sorting, columns, a walk
 * while processes come and go, and the JSON schemas. Every test stops its
 * helper by pid and checks that nothing it started is left. */
#include <pwd.h>

#include "e2e/helpers.h"

/* Hostile arguments: a newline and an ESC sequence; invalid UTF-8. */
#define ARG_ESC "arg\nwith\x1b[31mesc"
#define ARG_ESC_TEXT "arg\\x0awith\\x1b[31mesc"
#define ARG_BAD "bad\xff\xfeutf8"
#define ARG_BAD_TEXT "bad\\xff\\xfeutf8"
/* ARG_BAD in JSON: 0xff and 0xfe as U+10FFFF and U+10FFFE. */
#define ARG_BAD_JSON "bad\xf4\x8f\xbf\xbf\xf4\x8f\xbf\xbeutf8"
/* Text that looks like an escape must not pass for one: \ is \x5c. */
#define ARG_FAKE "fake\\x1b"
#define ARG_FAKE_TEXT "fake\\x5cx1b"
/* Valid UTF-8 for U+10FFFF, a code point the lossless rule reserves: each
 * of its bytes is escaped on its own so that decoding is unambiguous. */
#define ARG_RES "res\xf4\x8f\xbf\xbf"
#define ARG_RES_JSON \
	"res\xf4\x8f\xbf\xb4\xf4\x8f\xbe\x8f\xf4\x8f\xbe\xbf\xf4\x8f\xbe\xbf"
/* Right-to-left override (Trojan Source): invisible, so escaped in text. */
#define ARG_BIDI          \
	"rlo\xe2\x80\xae" \
	"evil"
#define ARG_BIDI_TEXT "rlo\\u202eevil"
/* A name for PR_SET_NAME: clears the screen, and ends in a bad byte. */
#define EVIL_NAME "ev\x1b[2Jil\xfe"
#define EVIL_NAME_TEXT "ev\\x1b[2Jil\\xfe"

/* The three processes of `spawn tree3`, their argv, and a marker argument
 * unique to this test process. */
struct tree3 {
	struct spawn s;
	char mark[64];	/* in every argv */
	char match[64]; /* a regex for mark that does not match itself */
	const char *argv[3][10];
};

static void tree3_start(struct tree3 *t)
{
	static const char *const modes[3] = {"tree3", "tree3-child",
					     "tree3-grandchild"};
	size_t i, n;
	snprintf(t->mark, sizeof(t->mark), "e2emark%d", (int)getpid());
	snprintf(t->match, sizeof(t->match), "e2emar[k]%d", (int)getpid());
	SPAWN(&t->s, "tree3", ARG_ESC, ARG_BAD, ARG_FAKE, ARG_RES, ARG_BIDI,
	      t->mark);
	cr_assert_eq(t->s.n, 3, "tree3 reported %zu pids", t->s.n);
	for (i = 0; i < 3; i++) {
		n = 0;
		t->argv[i][n++] = e2e_spawn_bin();
		t->argv[i][n++] = modes[i];
		if (!i)
			t->argv[i][n++] = "-";
		t->argv[i][n++] = ARG_ESC;
		t->argv[i][n++] = ARG_BAD;
		t->argv[i][n++] = ARG_FAKE;
		t->argv[i][n++] = ARG_RES;
		t->argv[i][n++] = ARG_BIDI;
		t->argv[i][n++] = t->mark;
		t->argv[i][n] = NULL;
	}
}

/* Run procsift, expect exit status, and return its stdout parsed. */
static struct json_object *json_of_status(const char *const *args,
					  const char *what, int status)
{
	struct e2e_result r;
	struct json_object *doc;
	e2e_procsift(&r, NULL, args);
	E2E_EXPECT_STATUS(&r, status, what);
	doc = e2e_json_parse(&r.out);
	cr_assert(!memchr(r.out.buf, 0x1b, r.out.len), "raw ESC in JSON");
	e2e_result_release(&r);
	return doc;
}

static struct json_object *json_of(const char *const *args, const char *what)
{
	return json_of_status(args, what, 0);
}

#define JSON_OF(...) json_of(E2E_ARGS(__VA_ARGS__), #__VA_ARGS__)

static struct json_object *procs_of(struct json_object *doc)
{
	struct json_object *a = e2e_json_get(doc, "processes");
	cr_assert(json_object_is_type(a, json_type_array));
	return a;
}

/* The argv of process object p must be exactly want (after decoding). */
static void expect_argv(struct json_object *p, const char *const *want)
{
	struct json_object *a = e2e_json_get(p, "argv");
	struct strbuf sb = STRBUF_INIT;
	size_t i, n;
	cr_assert(json_object_is_type(a, json_type_array), "pid %d: argv %s",
		  e2e_json_pid(p), json_object_to_json_string(a));
	for (n = 0; want[n]; n++)
		;
	cr_assert_eq(json_object_array_length(a), n, "pid %d: argv %s",
		     e2e_json_pid(p), json_object_to_json_string(a));
	for (i = 0; i < n; i++) {
		e2e_json_bytes(json_object_array_get_idx(a, i), &sb);
		cr_assert(sb.len == strlen(want[i]) &&
				  !memcmp(sb.buf, want[i], sb.len),
			  "pid %d: argv[%zu] is %s", e2e_json_pid(p), i,
			  json_object_to_json_string(
				  json_object_array_get_idx(a, i)));
	}
	cr_assert(!json_object_get_boolean(e2e_json_get(p, "argv_truncated")));
	strbuf_release(&sb);
}

static size_t nchildren(struct json_object *p)
{
	return json_object_array_length(e2e_json_get(p, "children"));
}

/* Pids in a flat ps --json array, in output order. */
static size_t ps_pids(struct json_object *doc, int *pids, size_t max)
{
	struct json_object *a = procs_of(doc);
	size_t i, n = json_object_array_length(a);
	cr_assert(n <= max, "%zu processes", n);
	for (i = 0; i < n; i++) {
		struct json_object *p = json_object_array_get_idx(a, i);
		cr_assert(!json_object_object_get_ex(p, "children", NULL),
			  "ps --json nests");
		pids[i] = e2e_json_pid(p);
	}
	return n;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Run `ps --json ARGS...` and expect exactly the pids want (any order
 * unless ordered), and exit 0, or 1 when none is wanted (as ps). */
static void expect_ps(const char *const *args, const char *what,
		      const pid_t *want, size_t nwant, bool ordered)
{
	int got[16], w[16];
	struct json_object *doc = json_of_status(args, what, nwant ? 0 : 1);
	size_t n = ps_pids(doc, got, 16), i;
	cr_assert_eq(n, nwant, "%s: %zu processes, want %zu", what, n, nwant);
	for (i = 0; i < n; i++)
		w[i] = (int)want[i];
	if (!ordered) {
		qsort(got, n, sizeof(int), cmp_int);
		qsort(w, n, sizeof(int), cmp_int);
	}
	for (i = 0; i < n; i++)
		cr_assert_eq(got[i], w[i], "%s: row %zu is pid %d, want %d",
			     what, i, got[i], w[i]);
	json_object_put(doc);
}

#define EXPECT_PS(want, nwant, ordered, ...)                                   \
	expect_ps(E2E_ARGS("ps", "--json", __VA_ARGS__), #__VA_ARGS__, (want), \
		  (nwant), (ordered))

/* Run procsift with a text result: exit 0, and no raw ESC anywhere. */
static void text_of(struct e2e_result *r, const char *const *args,
		    const char *what)
{
	e2e_procsift(r, NULL, args);
	E2E_EXPECT_STATUS(r, 0, what);
	cr_assert(!memchr(r->out.buf, 0x1b, r->out.len),
		  "%s: raw ESC on stdout", what);
	cr_assert(!memchr(r->err.buf, 0x1b, r->err.len),
		  "%s: raw ESC on stderr", what);
}

#define TEXT_OF(r, ...) text_of((r), E2E_ARGS(__VA_ARGS__), #__VA_ARGS__)

#define EXPECT_TEXT(r, needle)                                        \
	cr_assert(e2e_contains((r)->out.buf, (r)->out.len, (needle)), \
		  "output lacks '%s':\n%s", (needle), (r)->out.buf)

/* The first field of each line (the PID column), after the header line if
 * header. */
static size_t text_pids(const struct strbuf *out, bool header, int *pids,
			size_t max)
{
	const char *p = out->buf;
	size_t n = 0;
	if (header)
		p = strchr(p, '\n'), p = p ? p + 1 : "";
	for (; *p; p++) {
		char *end;
		long v = strtol(p, &end, 10);
		cr_assert(end != p && v > 0, "no pid at line start: %.40s", p);
		cr_assert(n < max);
		pids[n++] = (int)v;
		p = strchr(p, '\n');
		if (!p)
			break;
	}
	return n;
}

/* Pids from pid up to the root, by /proc. */
static size_t ancestors(pid_t pid, int *out, size_t max)
{
	size_t n = 0;
	while (pid > 0) {
		cr_assert(n < max);
		out[n++] = (int)pid;
		pid = e2e_ppid(pid);
	}
	return n;
}

Test(tree, nests_with_exact_argv)
{
	struct tree3 t;
	struct json_object *doc, *procs, *p[3], *parent;
	char comm[16];
	size_t i;
	tree3_start(&t);
	spawn_comm(comm, sizeof(comm));
	doc = JSON_OF("tree", "--json");
	procs = procs_of(doc);
	for (i = 0; i < 3; i++) {
		p[i] = e2e_json_find(procs, t.s.pids[i], &parent);
		cr_assert(p[i], "pid %d not in tree --json", (int)t.s.pids[i]);
		if (i) {
			cr_assert(parent == p[i - 1],
				  "pid %d is not nested under pid %d",
				  (int)t.s.pids[i], (int)t.s.pids[i - 1]);
			cr_assert_eq(
				json_object_get_int(e2e_json_get(p[i], "ppid")),
				t.s.pids[i - 1]);
		}
		expect_argv(p[i], t.argv[i]);
		cr_assert_str_eq(
			json_object_get_string(e2e_json_get(p[i], "comm")),
			comm);
	}
	cr_assert_eq(nchildren(p[1]), 1);
	cr_assert_eq(nchildren(p[2]), 0);
	/* The encoding itself, not only that it decodes back. */
	cr_assert_str_eq(json_object_get_string(json_object_array_get_idx(
				 e2e_json_get(p[2], "argv"), 3)),
			 ARG_BAD_JSON);
	cr_assert_str_eq(json_object_get_string(json_object_array_get_idx(
				 e2e_json_get(p[2], "argv"), 5)),
			 ARG_RES_JSON);
	json_object_put(doc);
	spawn_stop(&t.s);
}

/* tree PID: PID's ancestors, PID and its subtree, nothing else. */
Test(tree, pid_shows_ancestors_and_subtree)
{
	struct tree3 t;
	struct json_object *doc, *a, *p = NULL;
	int anc[64], got[64];
	char pid[16];
	size_t nanc, n, i;
	tree3_start(&t);
	snprintf(pid, sizeof(pid), "%d", (int)t.s.pids[1]);
	nanc = ancestors(t.s.pids[1], anc, 64); /* child first, root last */

	doc = JSON_OF("tree", "--json", pid);
	a = procs_of(doc);
	cr_assert_eq(json_object_array_length(a), 1, "%zu roots",
		     json_object_array_length(a));
	for (i = nanc; i-- > 0;) {
		p = json_object_array_get_idx(a, 0);
		cr_assert(p);
		cr_assert_eq(e2e_json_pid(p), anc[i], "pid %d where %d belongs",
			     e2e_json_pid(p), anc[i]);
		a = e2e_json_get(p, "children");
		cr_assert_eq(json_object_array_length(a), 1,
			     "pid %d has %zu children shown", anc[i],
			     json_object_array_length(a));
	}
	p = json_object_array_get_idx(a, 0);
	cr_assert_eq(e2e_json_pid(p), t.s.pids[2]);
	cr_assert_eq(nchildren(p), 0);
	json_object_put(doc);

	/* The text form shows the same processes, in the same order. */
	{
		struct e2e_result r;
		TEXT_OF(&r, "tree", pid);
		n = text_pids(&r.out, true, got, 64);
		cr_assert_eq(n, nanc + 1, "%zu lines:\n%s", n, r.out.buf);
		for (i = 0; i < nanc; i++)
			cr_assert_eq(got[i], anc[nanc - 1 - i], "line %zu: %d",
				     i, got[i]);
		cr_assert_eq(got[nanc], t.s.pids[2]);
		e2e_result_release(&r);
	}
	spawn_stop(&t.s);
}

/* Text output: control characters and bad bytes escaped, never raw. */
Test(tree, text_escapes_argv)
{
	struct tree3 t;
	struct e2e_result r;
	char pid[16], pids[64];
	tree3_start(&t);
	snprintf(pid, sizeof(pid), "%d", (int)t.s.pids[0]);
	snprintf(pids, sizeof(pids), "%d,%d,%d", (int)t.s.pids[0],
		 (int)t.s.pids[1], (int)t.s.pids[2]);

	TEXT_OF(&r, "tree", pid);
	EXPECT_TEXT(&r, ARG_ESC_TEXT " " ARG_BAD_TEXT " ");
	EXPECT_TEXT(&r, "tree3-grandchild " ARG_ESC_TEXT);
	e2e_result_release(&r);

	TEXT_OF(&r, "tree", "--ascii", pid);
	EXPECT_TEXT(&r, "tree3-child " ARG_ESC_TEXT " " ARG_BAD_TEXT
			" " ARG_FAKE_TEXT " ");
	EXPECT_TEXT(&r, " " ARG_BIDI_TEXT " ");
	e2e_result_release(&r);

	TEXT_OF(&r, "ps", "--pid", pids);
	EXPECT_TEXT(&r, "tree3 - " ARG_ESC_TEXT " " ARG_BAD_TEXT " ");
	cr_assert_eq(text_pids(&r.out, true, (int[8]){0}, 8), 3, "%s",
		     r.out.buf);
	e2e_result_release(&r);

	/* The whole table, with the hostile processes somewhere in it. */
	TEXT_OF(&r, "tree");
	EXPECT_TEXT(&r, ARG_ESC_TEXT);
	e2e_result_release(&r);
	TEXT_OF(&r, "ps", "-a");
	EXPECT_TEXT(&r, ARG_ESC_TEXT);
	e2e_result_release(&r);
	spawn_stop(&t.s);
}

/* A comm set with PR_SET_NAME: exact bytes in JSON, escaped in text. */
Test(tree, prctl_name)
{
	struct spawn s;
	struct json_object *doc, *p;
	struct strbuf sb = STRBUF_INIT;
	struct e2e_result r;
	char pid[16];
	SPAWN(&s, "prctl", EVIL_NAME);
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);

	doc = JSON_OF("ps", "--json", "--pid", pid);
	cr_assert_eq(json_object_array_length(procs_of(doc)), 1);
	p = json_object_array_get_idx(procs_of(doc), 0);
	e2e_json_bytes(e2e_json_get(p, "comm"), &sb);
	cr_assert(sb.len == strlen(EVIL_NAME) &&
			  !memcmp(sb.buf, EVIL_NAME, sb.len),
		  "comm is %s",
		  json_object_to_json_string(e2e_json_get(p, "comm")));
	json_object_put(doc);

	doc = JSON_OF("tree", "--json");
	p = e2e_json_find(procs_of(doc), s.pid, NULL);
	cr_assert(p);
	e2e_json_bytes(e2e_json_get(p, "comm"), &sb);
	cr_assert(sb.len == strlen(EVIL_NAME) &&
		  !memcmp(sb.buf, EVIL_NAME, sb.len));
	json_object_put(doc);
	strbuf_release(&sb);

	TEXT_OF(&r, "ps", "--pid", pid, "-o", "pid,comm");
	EXPECT_TEXT(&r, " " EVIL_NAME_TEXT "\n");
	e2e_result_release(&r);
	TEXT_OF(&r, "tree", "-o", "pid,comm,command", pid);
	EXPECT_TEXT(&r, EVIL_NAME_TEXT);
	e2e_result_release(&r);
	spawn_stop(&s);
}

Test(ps, filters)
{
	struct tree3 t;
	struct passwd *pw = getpwuid(geteuid());
	char pid0[16], pid02[32], pid1[16], uid[16], re[128];
	const pid_t *all;
	pid_t two[2];
	tree3_start(&t);
	all = t.s.pids;
	snprintf(pid0, sizeof(pid0), "%d", (int)all[0]);
	snprintf(pid1, sizeof(pid1), "%d", (int)all[1]);
	snprintf(pid02, sizeof(pid02), "%d,%d", (int)all[0], (int)all[2]);
	snprintf(uid, sizeof(uid), "%u", (unsigned)geteuid());
	cr_assert(pw, "no passwd entry for uid %s", uid);

	EXPECT_PS(all, 3, false, "--match", t.match);
	snprintf(re, sizeof(re), "(?s)^\\S+ tree3-chil[d] .* %s$", t.mark);
	EXPECT_PS(all + 1, 1, false, "-m", re);
	/* The regex sees the raw command line, newline and ESC included. The
	 * mark keeps other tests' tree3 (run in parallel) out of it. */
	snprintf(re, sizeof(re), "(?s)grandchild arg\\nwith\\x1b.* %s$",
		 t.mark);
	EXPECT_PS(all + 2, 1, false, "--match", re);
	two[0] = all[0], two[1] = all[2];
	EXPECT_PS(two, 2, false, "--pid", pid02);
	two[0] = all[0], two[1] = all[1];
	EXPECT_PS(two, 2, false, "--pid", pid0, "-p", pid1);
	EXPECT_PS(all, 3, false, "--user", pw->pw_name, "--match", t.match);
	EXPECT_PS(all, 3, false, "-u", uid, "--match", t.match);
	EXPECT_PS(all, 0, false, "--user", "4000000000", "--match", t.match);
	EXPECT_PS(all, 0, false, "--user", "4000000002,4000000001", "--pid",
		  pid02);
	/* Filters combine with AND. */
	EXPECT_PS(all, 1, false, "--pid", pid02, "--match", "tree3 [-]");
	spawn_stop(&t.s);
}

Test(ps, sort)
{
	struct tree3 t;
	pid_t asc[3], desc[3];
	int v[3];
	size_t i;
	tree3_start(&t);
	for (i = 0; i < 3; i++)
		v[i] = (int)t.s.pids[i];
	qsort(v, 3, sizeof(int), cmp_int);
	for (i = 0; i < 3; i++)
		asc[i] = v[i], desc[2 - i] = v[i];
	EXPECT_PS(asc, 3, true, "--match", t.match);
	EXPECT_PS(asc, 3, true, "--sort", "pid", "--match", t.match);
	EXPECT_PS(asc, 3, true, "--sort=+pid", "--match", t.match);
	EXPECT_PS(desc, 3, true, "--sort", "-pid", "--match", t.match);
	EXPECT_PS(desc, 3, true, "-s", "-PID", "--match", t.match);

	/* Text output in the same order. */
	{
		struct e2e_result r;
		int got[8];
		TEXT_OF(&r, "ps", "--sort", "-pid", "-o", "pid", "--match",
			t.match);
		cr_assert_eq(text_pids(&r.out, true, got, 8), 3, "%s",
			     r.out.buf);
		for (i = 0; i < 3; i++)
			cr_assert_eq(got[i], desc[i]);
		e2e_result_release(&r);
	}
	spawn_stop(&t.s);
}

/* The header words and the number of fields per row. */
static void expect_columns(const struct e2e_result *r, const char *header,
			   size_t rows)
{
	const char *nl = strchr(r->out.buf, '\n');
	char *got;
	size_t n = 0;
	const char *p;
	cr_assert(nl, "no output");
	got = strndup(r->out.buf, (size_t)(nl - r->out.buf));
	/* Collapse runs of blanks for the comparison. */
	{
		char *w = got, *q;
		for (q = got; *q; q++)
			if (*q != ' ' || (w > got && w[-1] != ' '))
				*w++ = *q;
		if (w > got && w[-1] == ' ')
			w--;
		*w = '\0';
	}
	cr_assert_str_eq(got, header);
	free(got);
	for (p = nl + 1; *p; p++)
		n += *p == '\n';
	cr_assert_eq(n, rows, "%zu rows:\n%s", n, r->out.buf);
}

Test(ps, columns)
{
	struct tree3 t;
	struct e2e_result r;
	char pids[64], row[64], comm[16];
	tree3_start(&t);
	snprintf(pids, sizeof(pids), "%d,%d,%d", (int)t.s.pids[0],
		 (int)t.s.pids[1], (int)t.s.pids[2]);

	TEXT_OF(&r, "ps", "-o", "pid,comm", "--pid", pids);
	expect_columns(&r, "PID COMM", 3);
	spawn_comm(comm, sizeof(comm));
	snprintf(row, sizeof(row), "\n%d %s\n", (int)t.s.pids[1], comm);
	/* Rows are "  PID COMM" with PID right-aligned: squeeze and find. */
	{
		char *sq = strdup(r.out.buf), *w = sq, *q;
		for (q = sq; *q; q++)
			if (*q != ' ' ||
			    (w > sq && w[-1] != ' ' && w[-1] != '\n'))
				*w++ = *q;
		*w = '\0';
		cr_assert(strstr(sq, row), "no row '%s' in:\n%s", row + 1,
			  r.out.buf);
		free(sq);
	}
	e2e_result_release(&r);

	TEXT_OF(&r, "ps", "-n", "-o", "pid,comm", "--pid", pids);
	cr_assert(!e2e_contains(r.out.buf, r.out.len, "COMM"));
	cr_assert_eq(text_pids(&r.out, false, (int[8]){0}, 8), 3, "-n:\n%s",
		     r.out.buf);
	e2e_result_release(&r);

	TEXT_OF(&r, "ps", "-o", "+ppid", "--pid", pids);
	expect_columns(&r, "PID USER CONTAINER COMMAND PPID", 3);
	e2e_result_release(&r);

	TEXT_OF(&r, "ps", "--pid", pids);
	expect_columns(&r, "PID USER CONTAINER COMMAND", 3);
	e2e_result_release(&r);

	snprintf(row, sizeof(row), "%d", (int)t.s.pids[1]);
	TEXT_OF(&r, "tree", "-o", "pid,comm", row);
	expect_columns(&r, "PID COMM",
		       ancestors(t.s.pids[1], (int[64]){0}, 64) + 1);
	e2e_result_release(&r);
	spawn_stop(&t.s);
}

/* -u takes comma-separated names and uids, repeatable; any listed user
 * selects, effective or real. */
Test(ps, user_lists)
{
	struct tree3 t;
	struct passwd *pw = getpwuid(geteuid());
	char list[128], uid[16];
	tree3_start(&t);
	cr_assert(pw, "no passwd entry for uid %u", (unsigned)geteuid());
	snprintf(uid, sizeof(uid), "%u", (unsigned)geteuid());
	/* Ours among others, by name and by uid. */
	snprintf(list, sizeof(list), "4000000001,%s,4000000002", pw->pw_name);
	EXPECT_PS(t.s.pids, 3, false, "-u", list, "--match", t.match);
	snprintf(list, sizeof(list), "%s,4000000001", uid);
	EXPECT_PS(t.s.pids, 3, false, "--user", list, "--match", t.match);
	EXPECT_PS(t.s.pids, 3, false, "-u", "4000000001", "-u", pw->pw_name,
		  "--match", t.match);
	/* Only others: nothing (exit 1). */
	EXPECT_PS(t.s.pids, 0, false, "-u", "4000000001,4000000002", "--match",
		  t.match);
	spawn_stop(&t.s);
}

/* --sort with several keys: the second orders rows equal in the first.
 * The three processes share comm and user, so the pid key decides. */
Test(ps, sort_several_keys)
{
	struct tree3 t;
	pid_t asc[3], desc[3];
	int v[3];
	size_t i;
	tree3_start(&t);
	for (i = 0; i < 3; i++)
		v[i] = (int)t.s.pids[i];
	qsort(v, 3, sizeof(int), cmp_int);
	for (i = 0; i < 3; i++)
		asc[i] = v[i], desc[2 - i] = v[i];
	EXPECT_PS(desc, 3, true, "--sort", "comm,-pid", "--match", t.match);
	EXPECT_PS(asc, 3, true, "--sort", "-comm,+pid", "--match", t.match);
	EXPECT_PS(desc, 3, true, "--sort", "user,comm,-pid", "--match",
		  t.match);
	/* Repeated --sort adds keys. */
	EXPECT_PS(desc, 3, true, "-s", "comm", "-s", "-pid", "--match",
		  t.match);
	/* A numeric key first: the order by ppid, descending, as /proc
	 * gives the parents (each of the three has its own). */
	{
		pid_t want[3];
		pid_t pp[3];
		size_t j;
		for (i = 0; i < 3; i++)
			want[i] = t.s.pids[i], pp[i] = e2e_ppid(t.s.pids[i]);
		for (i = 0; i < 3; i++)
			for (j = i + 1; j < 3; j++)
				if (pp[j] > pp[i]) {
					pid_t x = want[i], y = pp[i];
					want[i] = want[j], pp[i] = pp[j];
					want[j] = x, pp[j] = y;
				}
		EXPECT_PS(want, 3, true, "--sort", "-ppid,pid", "--match",
			  t.match);
	}
	spawn_stop(&t.s);
}

/* --since selects by age; etime, age and age_seconds show it. */
Test(ps, since_and_age)
{
	struct tree3 t;
	struct json_object *doc, *a;
	struct e2e_result r;
	size_t i;
	tree3_start(&t);
	EXPECT_PS(t.s.pids, 3, false, "--since", "1h", "--match", t.match);
	EXPECT_PS(t.s.pids, 3, false, "--since", "600", "--match", t.match);
	/* Older than a second: not started within 0 s. */
	e2e_sleep_ms(1200);
	EXPECT_PS(t.s.pids, 0, false, "--since", "0s", "--match", t.match);
	doc = JSON_OF("ps", "--json", "--match", t.match);
	a = procs_of(doc);
	cr_assert_eq(json_object_array_length(a), 3);
	for (i = 0; i < 3; i++) {
		struct json_object *age = e2e_json_get(
			json_object_array_get_idx(a, i), "age_seconds");
		cr_assert(json_object_is_type(age, json_type_int));
		cr_assert(json_object_get_int64(age) >= 1 &&
				  json_object_get_int64(age) < 600,
			  "age_seconds %lld",
			  (long long)json_object_get_int64(age));
	}
	json_object_put(doc);
	TEXT_OF(&r, "ps", "-o", "pid,etime,age", "--match", t.match);
	expect_columns(&r, "PID ELAPSED AGE", 3);
	/* Between 1 and 599 s: "00:SS" or "MM:SS", and "Ns" or "Nm". */
	{
		const char *p = strchr(r.out.buf, '\n') + 1;
		int pid, mm, ss, n;
		char unit;
		for (i = 0; i < 3; i++) {
			cr_assert_eq(sscanf(p, " %d %d:%d %d%c", &pid, &mm, &ss,
					    &n, &unit),
				     5, "row: %.40s", p);
			cr_assert(mm < 10 && ss < 60 && n >= 1 &&
					  (unit == 's' || unit == 'm'),
				  "row: %.40s", p);
			p = strchr(p, '\n') + 1;
		}
	}
	e2e_result_release(&r);
	spawn_stop(&t.s);
}

/* --match never lists procsift itself, although its own command line
 * (which holds the regex) matches. */
Test(ps, match_never_self)
{
	struct e2e_result r;
	char re[64];
	snprintf(re, sizeof(re), "e2eself%d", (int)getpid());
	PROCSIFT(&r, "ps", "--json", "--match", re);
	E2E_EXPECT_STATUS(&r, 1, re);
	cr_assert(e2e_contains(r.out.buf, r.out.len, "\"processes\":[]"),
		  "procsift listed itself: %s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "ps", "-o", "pid,comm", "-m", re);
	E2E_EXPECT_STATUS(&r, 1, re);
	cr_assert_str_eq(r.out.buf, "PID COMM\n");
	e2e_result_release(&r);
	PROCSIFT(&r, "ps", "-n", "-m", re);
	E2E_EXPECT_STATUS(&r, 1, re);
	cr_assert_eq(r.out.len, 0, "-n: %s", r.out.buf);
	e2e_result_release(&r);
}

/* Schema validation of each listing, with hostile strings present; exit
 * status 0, or 1 for a selection that matches nothing. */
static void validate_status(const char *schema, const char *const *args,
			    const char *what, int status)
{
	struct e2e_result r;
	e2e_procsift(&r, NULL, args);
	E2E_EXPECT_STATUS(&r, status, what);
	json_object_put(e2e_json_parse(&r.out));
	e2e_validate(schema, &r.out);
	e2e_result_release(&r);
}

#define VALIDATE(schema, ...) \
	validate_status((schema), E2E_ARGS(__VA_ARGS__), #__VA_ARGS__, 0)
#define VALIDATE_EMPTY(schema, ...) \
	validate_status((schema), E2E_ARGS(__VA_ARGS__), #__VA_ARGS__, 1)

Test(schema, tree)
{
	struct tree3 t;
	char pid[16];
	tree3_start(&t);
	snprintf(pid, sizeof(pid), "%d", (int)t.s.pids[1]);
	VALIDATE("tree", "tree", "--json");
	VALIDATE("tree", "tree", "--json", "--all");
	VALIDATE("tree", "tree", "--json", "--pretty", pid);
	spawn_stop(&t.s);
}

Test(schema, ps)
{
	struct tree3 t;
	tree3_start(&t);
	VALIDATE("ps", "ps", "--json");
	VALIDATE("ps", "ps", "--json", "--all");
	VALIDATE("ps", "ps", "--json", "--match", t.match);
	VALIDATE("ps", "ps", "--json", "--pid", "1");
	VALIDATE_EMPTY("ps", "ps", "--json", "--user", "4000000000");
	spawn_stop(&t.s);
}

/* Processes exiting, reparenting and exec'ing during the walk: each run
 * still exits 0 with one valid document. */
Test(churn, walk_while_processes_exit)
{
	struct spawn s;
	int i;
	SPAWN(&s, "exiter");
	for (i = 0; i < 5; i++) {
		struct e2e_result r;
		VALIDATE("tree", "tree", "--json");
		VALIDATE("ps", "ps", "--json", "--all");
		TEXT_OF(&r, "tree");
		e2e_result_release(&r);
		TEXT_OF(&r, "ps", "--sort", "-start");
		e2e_result_release(&r);
	}
	spawn_stop(&s);
}

/* The top-level entry of a tree document whose ppid is ppid, or NULL. */
static struct json_object *top_with_ppid(struct json_object *doc, int ppid)
{
	struct json_object *a = json_object_object_get(doc, "processes");
	size_t i;
	for (i = 0; i < json_object_array_length(a); i++) {
		struct json_object *o = json_object_array_get_idx(a, i);
		if (json_object_get_int(json_object_object_get(o, "ppid")) ==
		    ppid)
			return o;
	}
	return NULL;
}

/* A hostile fork chain 400 generations deep: text and JSON still come out
 * whole, the chain nests in order, and ps --json stays flat. */
Test(deep, chain_of_400)
{
	struct spawn s;
	struct e2e_result r;
	struct json_object *doc, *node, *kids;
	int depth = 0;
	char last[16];

	SPAWN(&s, "chain", "400");
	snprintf(last, sizeof(last), "%d", (int)s.pids[2]);
	TEXT_OF(&r, "tree", last);
	cr_assert(e2e_contains(r.out.buf, r.out.len, last));
	e2e_result_release(&r);

	PROCSIFT(&r, "tree", "--json", last);
	cr_assert_eq(r.status, 0);
	doc = e2e_json_parse(&r.out);
	node = json_object_array_get_idx(
		json_object_object_get(doc, "processes"), 0);
	/* Down the single path of the view to the last generation. Nesting
	 * stops at 100 generations: the rest continues as a top-level entry
	 * whose ppid is the process it was cut from. */
	while (node && e2e_json_pid(node) != s.pids[2]) {
		kids = json_object_object_get(node, "children");
		if (json_object_get_boolean(
			    json_object_object_get(node, "children_cut"))) {
			cr_assert_eq(json_object_array_length(kids), 0);
			node = top_with_ppid(doc, e2e_json_pid(node));
		} else {
			cr_assert_eq(json_object_array_length(kids), 1);
			node = json_object_array_get_idx(kids, 0);
		}
		cr_assert_not_null(node, "chain lost at depth %d", depth);
		depth++;
	}
	cr_assert_geq(depth, 400);
	json_object_put(doc);
	e2e_validate("tree", &r.out);
	e2e_result_release(&r);
	VALIDATE("ps", "ps", "--json");
	spawn_stop(&s);
}

/* The helpers themselves: stopping by signal reaps everything too. */
Test(cleanup, stop_by_signal)
{
	struct tree3 t;
	struct spawn s;
	tree3_start(&t);
	SPAWN(&s, "prctl", "quiet");
	spawn_stop_sig(&t.s, SIGTERM);
	spawn_stop_sig(&s, SIGINT);
	SPAWN(&s, "exiter");
	spawn_stop_sig(&s, SIGTERM);
}

/* A helper killed outright takes its children with it (PDEATHSIG). */
Test(cleanup, children_die_with_parent)
{
	struct tree3 t;
	long long deadline = e2e_now_ms() + E2E_TIMEOUT_MS;
	size_t i;
	pid_t r;
	int st;
	tree3_start(&t);
	kill(t.s.pid, SIGKILL);
	cr_assert_eq(e2e_wait(t.s.pid, deadline, "spawn"), 128 + SIGKILL);
	/* The orphans come to this process, a subreaper, to be reaped. */
	while ((r = waitpid(-1, &st, WNOHANG)) >= 0) {
		cr_assert(e2e_now_ms() < deadline, "orphans still alive");
		if (!r)
			e2e_sleep_ms(5);
	}
	cr_assert_eq(errno, ECHILD);
	for (i = 0; i < 3; i++)
		cr_assert_neq(e2e_start_ticks(t.s.pids[i]), t.s.start[i],
			      "pid %d survived", (int)t.s.pids[i]);
}
