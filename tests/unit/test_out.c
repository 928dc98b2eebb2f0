/* out/proc_view and out/table: text cells of hand-made processes, sort
 * order, -o column lists, and the keys of the process JSON object against
 * docs/json.md. */
#include <criterion/criterion.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/proc_view.h"
#include "render/table.h"
#include "util/xalloc.h"

#define ID64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define POD "8f3a1c2e-1111-2222-3333-444455556666"

/* Expect the cell of column col for p to be want. */
static void expect_cell(const struct proc *p, enum proc_col col,
			const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	proc_cell(&sb, p, col);
	cr_assert_eq(sb.len, strlen(want), "%s: '%s', want '%s'",
		     proc_cols[col].name, sb.buf, want);
	cr_assert_str_eq(sb.buf, want, "%s", proc_cols[col].name);
	strbuf_release(&sb);
}

/* A NULL-terminated argv copied from v (n strings). */
static char **argv_of(const char *const *v, size_t n)
{
	char **a = xcalloc(n + 1, sizeof(*a));
	size_t i;
	for (i = 0; i < n; i++)
		a[i] = xstrdup(v[i]);
	return a;
}

static struct proc *mkproc(pid_t pid, uid_t uid, const char *user,
			   const char *comm)
{
	struct proc *p = proc_new(pid);
	p->uid = p->ruid = uid;
	p->user = user ? xstrdup(user) : NULL;
	p->comm = comm ? xstrdup(comm) : NULL;
	p->state = 'S';
	return p;
}

Test(cell, user_marker)
{
	struct proc *parent = mkproc(1, 0, "root", "init");
	struct proc *same = mkproc(2, 0, "root", "sh");
	struct proc *other = mkproc(3, 1000, "alice", "sh");
	struct proc *noname = mkproc(4, 4242, NULL, "sh");
	expect_cell(parent, PC_USER, "root"); /* a root: no parent */
	same->parent = other->parent = noname->parent = parent;
	expect_cell(same, PC_USER, "root");
	expect_cell(other, PC_USER, "alice*");
	expect_cell(noname, PC_USER, "4242*");
	expect_cell(other, PC_UID, "1000");
	expect_cell(other, PC_RUSER, "1000"); /* ruser NULL: the number */
	other->parent = NULL;
	expect_cell(other, PC_USER, "alice");
	proc_free(parent);
	proc_free(same);
	proc_free(other);
	proc_free(noname);
}

Test(cell, command)
{
	static const char *const args[] = {"/bin/sh", "-c", "a b"};
	struct proc *p = mkproc(10, 0, "root", "kworker/0:1");
	/* Kernel thread, argv unreadable or empty: [comm]. */
	p->kthread = true;
	expect_cell(p, PC_COMMAND, "[kworker/0:1]");
	p->argv = argv_of(args, 0);
	expect_cell(p, PC_COMMAND, "[kworker/0:1]");
	/* The same name on a userland process: (comm), never [comm]. */
	p->kthread = false;
	expect_cell(p, PC_COMMAND, "(kworker/0:1)");
	proc_argv_free(p->argv);
	p->argv = NULL;
	expect_cell(p, PC_COMMAND, "(kworker/0:1)");
	p->argv = argv_of(args, 3);
	p->argc = 3;
	expect_cell(p, PC_COMMAND, "/bin/sh -c a b");
	p->argv_truncated = true;
	expect_cell(p, PC_COMMAND, "/bin/sh -c a b ...");
	expect_cell(p, PC_COMM, "kworker/0:1");
	free(p->comm);
	p->comm = NULL;
	proc_argv_free(p->argv);
	p->argv = NULL;
	p->argc = 0;
	expect_cell(p, PC_COMMAND, "(?)");
	expect_cell(p, PC_COMM, "?");
	proc_free(p);
}

Test(cell, container)
{
	struct proc *p = mkproc(10, 0, "root", "sh");
	expect_cell(p, PC_CONTAINER, "");
	expect_cell(p, PC_RUNTIME, "");
	p->container.runtime = RUNTIME_CONTAINERD;
	snprintf(p->container.id, sizeof(p->container.id), "%s", ID64);
	expect_cell(p, PC_CONTAINER, "0123456789ab");
	expect_cell(p, PC_CONTAINER_ID, ID64);
	expect_cell(p, PC_RUNTIME, "containerd");
	snprintf(p->container.pod_uid, sizeof(p->container.pod_uid), "%s", POD);
	expect_cell(p, PC_CONTAINER, "0123456789ab"); /* id wins */
	expect_cell(p, PC_POD, POD);
	/* The pod's own cgroup: no container, a pod uid. */
	p->container.runtime = RUNTIME_NONE;
	p->container.id[0] = '\0';
	p->container.qos = QOS_BURSTABLE;
	expect_cell(p, PC_CONTAINER, "pod:8f3a1c2e");
	expect_cell(p, PC_QOS, "burstable");
	/* A short id is shown whole. */
	snprintf(p->container.id, sizeof(p->container.id), "abc123");
	expect_cell(p, PC_CONTAINER, "abc123");
	/* Unreadable cgroup: ?, whatever else is set. */
	p->err[PROC_F_CGROUP] = EACCES;
	expect_cell(p, PC_CONTAINER, "?");
	expect_cell(p, PC_CGROUP, "?");
	p->err[PROC_F_CGROUP] = 0;
	p->cgroup = xstrdup("/kubepods/x");
	expect_cell(p, PC_CGROUP, "/kubepods/x");
	proc_free(p);
}

Test(cell, kthread_and_misc)
{
	struct proc *p = mkproc(2, 0, "root", "kthreadd");
	expect_cell(p, PC_KTHREAD, "no");
	p->kthread = true;
	expect_cell(p, PC_KTHREAD, "yes");
	expect_cell(p, PC_PID, "2");
	expect_cell(p, PC_STATE, "S");
	p->state = '\0';
	expect_cell(p, PC_STATE, "?");
	expect_cell(p, PC_TTY, "-");
	expect_cell(p, PC_EXE, "");
	p->err[PROC_F_EXE] = EACCES;
	expect_cell(p, PC_EXE, "?");
	p->start_time = 0;
	expect_cell(p, PC_START, "1970-01-01T00:00:00Z");
	p->uid = 4294967294u;
	expect_cell(p, PC_UID, "4294967294");
	proc_free(p);
}

Test(cmp, numeric_and_text)
{
	struct proc *a = mkproc(9, 0, "root", "9");
	struct proc *b = mkproc(10, 0, "root", "10");
	cr_assert_lt(proc_cmp(a, b, PC_PID), 0); /* 9 < 10 */
	cr_assert_gt(proc_cmp(b, a, PC_PID), 0);
	cr_assert_gt(proc_cmp(a, b, PC_COMM), 0); /* "9" > "10" */
	a->rss_kib = 900, b->rss_kib = 10000;
	cr_assert_lt(proc_cmp(a, b, PC_RSS), 0);
	a->start_ticks = 5, b->start_ticks = 5;
	cr_assert_eq(proc_cmp(a, b, PC_START), 0);
	a->uid = 4294967294u, b->uid = 1;
	cr_assert_gt(proc_cmp(a, b, PC_UID), 0); /* not a signed compare */
	cr_assert_eq(proc_cmp(a, a, PC_COMMAND), 0);
	proc_free(a);
	proc_free(b);
}

/* USER sorts by name: the '*' a cell may carry does not count. */
Test(cmp, user_by_name)
{
	struct proc *root = mkproc(1, 0, "root", "init");
	struct proc *a = mkproc(2, 7, "ab", "x");
	struct proc *b = mkproc(3, 0, "ab!", "x");
	struct proc *c = mkproc(4, 0, "ab", "x");
	a->parent = b->parent = c->parent = root;
	/* The cells: "ab*" > "ab!"; the names: "ab" < "ab!". */
	cr_assert_lt(proc_cmp(a, b, PC_USER), 0);
	cr_assert_eq(proc_cmp(a, c, PC_USER), 0);
	/* A missing name sorts as its number. */
	free(c->user);
	c->user = NULL;
	c->uid = 1;
	cr_assert_lt(proc_cmp(c, a, PC_USER), 0); /* "1" < "ab" */
	proc_free(root);
	proc_free(a);
	proc_free(b);
	proc_free(c);
}

/* out_cols_parse against proc_cols with room for max columns. */
static int parse(const char *list, size_t max, int *sel, size_t *nsel,
		 const char **bad, size_t *bad_len)
{
	*nsel = 99;
	*bad = NULL;
	*bad_len = 99;
	return out_cols_parse(proc_cols, PC__COUNT, list, proc_cols_default, 4,
			      sel, max, nsel, bad, bad_len);
}

Test(cols, plain_and_append)
{
	int sel[16];
	size_t n, bad_len;
	const char *bad;
	cr_assert_eq(parse("pid,comm", 16, sel, &n, &bad, &bad_len), 0);
	cr_assert_eq(n, 2);
	cr_assert_eq(sel[0], PC_PID);
	cr_assert_eq(sel[1], PC_COMM);
	cr_assert_eq(parse("PID,Container_ID", 16, sel, &n, &bad, &bad_len), 0);
	cr_assert_eq(n, 2);
	cr_assert_eq(sel[1], PC_CONTAINER_ID);
	cr_assert_eq(parse("+ppid,rss", 16, sel, &n, &bad, &bad_len), 0);
	cr_assert_eq(n, 6);
	cr_assert_arr_eq(sel, proc_cols_default, sizeof(proc_cols_default));
	cr_assert_eq(sel[4], PC_PPID);
	cr_assert_eq(sel[5], PC_RSS);
	cr_assert_eq(parse("+", 16, sel, &n, &bad, &bad_len), 0);
	cr_assert_eq(n, 4);
	cr_assert_eq(parse("comm,comm", 16, sel, &n, &bad, &bad_len), 0);
	cr_assert_eq(n, 2);
	/* A default named again after + is not shown twice. */
	cr_assert_eq(parse("+pid,ppid,command", 16, sel, &n, &bad, &bad_len),
		     0);
	cr_assert_eq(n, 5);
	cr_assert_eq(sel[4], PC_PPID);
}

Test(cols, unknown)
{
	static const char list[] = "pid,bogus,comm";
	static const char emptyname[] = "pid,,comm";
	static const char prefix[] = "pi";
	int sel[16];
	size_t n, bad_len;
	const char *bad;
	cr_assert_eq(parse(list, 16, sel, &n, &bad, &bad_len), -EINVAL);
	cr_assert_eq(bad, list + 4);
	cr_assert_eq(bad_len, 5);
	cr_assert_eq(parse(emptyname, 16, sel, &n, &bad, &bad_len), -EINVAL);
	cr_assert_eq(bad, emptyname + 4);
	cr_assert_eq(bad_len, 0);
	cr_assert_eq(parse(prefix, 16, sel, &n, &bad, &bad_len), -EINVAL);
	cr_assert_eq(bad, prefix);
	cr_assert_eq(bad_len, 2);
	cr_assert_eq(parse("+pid,command=x", 16, sel, &n, &bad, &bad_len),
		     -EINVAL);
	cr_assert_eq(bad_len, strlen("command=x"));
}

Test(cols, too_many)
{
	static const char list[] = "pid,ppid,user,uid,comm";
	static const char plus[] = "+ppid";
	int sel[8];
	size_t n, bad_len;
	const char *bad;
	cr_assert_eq(parse(list, 3, sel, &n, &bad, &bad_len), -E2BIG);
	cr_assert_eq(bad, list + strlen("pid,ppid,user,"));
	cr_assert_eq(bad_len, 3);
	cr_assert_eq(parse(list, 5, sel, &n, &bad, &bad_len), 0);
	cr_assert_eq(n, 5);
	/* The defaults fill all 4 places: nothing left to append. */
	cr_assert_eq(parse(plus, 4, sel, &n, &bad, &bad_len), -E2BIG);
	cr_assert_eq(bad, plus + 1);
	cr_assert_eq(parse(plus, 5, sel, &n, &bad, &bad_len), 0);
	cr_assert_eq(n, 5);
}

Test(cols, empty)
{
	static const char empty[] = "";
	int sel[8];
	size_t n, bad_len;
	const char *bad;
	cr_assert_eq(parse(empty, 8, sel, &n, &bad, &bad_len), -EINVAL);
	cr_assert_eq(bad, empty);
	cr_assert_eq(bad_len, 0);
	cr_assert_eq(n, 99, "nsel set on failure");
	cr_assert_eq(parse(",", 8, sel, &n, &bad, &bad_len), -EINVAL);
}

/* The keys of the process object table in docs/json.md, in order, without
 * the tree-only ones. Returns how many, into keys (owned strings). */
static size_t doc_keys(char **keys, size_t max)
{
	FILE *f = fopen("docs/json.md", "r");
	char line[4096];
	bool in = false;
	size_t n = 0;
	cr_assert(f, "docs/json.md: %s (run from the repository root)",
		  strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *a, *b;
		if (!strncmp(line, "## ", 3) || !strncmp(line, "### ", 4)) {
			in = !strcmp(line, "## Process object\n");
			continue;
		}
		if (!in || strncmp(line, "| `", 3))
			continue;
		a = line + 3;
		b = strchr(a, '`');
		cr_assert(b);
		*b = '\0';
		if (strstr(b + 1, "**`tree` only**"))
			continue;
		cr_assert(n < max);
		keys[n++] = xstrdup(a);
	}
	fclose(f);
	cr_assert_geq(n, 20, "only %zu keys found in docs/json.md", n);
	return n;
}

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;
	cr_assert(json_object_object_get_ex(o, key, &v), "no key %s", key);
	return v;
}

Test(json, keys_as_documented)
{
	char *keys[64];
	size_t n = doc_keys(keys, 64), i = 0;
	struct proc *p = mkproc(42, 1000, "alice", "sh");
	struct json_object *o = proc_json(p);
	json_object_object_foreach(o, key, val)
	{
		(void)val;
		cr_assert_lt(i, n, "undocumented key %s", key);
		cr_assert_str_eq(key, keys[i], "key %zu", i);
		i++;
	}
	cr_assert_eq(i, n, "%zu keys, docs/json.md lists %zu", i, n);
	cr_assert(!json_object_object_get_ex(o, "children", NULL));
	for (i = 0; i < n; i++)
		free(keys[i]);
	json_object_put(o);
	proc_free(p);
}

Test(json, values)
{
	static const char *const args[] = {"sh", "-c", "x"};
	struct proc *p = mkproc(42, 4294967294u, NULL, "sh");
	struct json_object *o, *c;
	p->ppid = 7;
	p->gid = p->rgid = 4294967294u;
	p->kthread = false;
	p->err[PROC_F_EXE] = EACCES;
	p->err[PROC_F_CGROUP] = EPERM;
	o = proc_json(p);
	cr_assert_eq(json_object_get_int(get(o, "pid")), 42);
	cr_assert_eq(json_object_get_int(get(o, "ppid")), 7);
	cr_assert_eq(json_object_get_int64(get(o, "uid")), 4294967294LL);
	cr_assert_eq(json_object_get_int64(get(o, "rgid")), 4294967294LL);
	cr_assert_str_eq(json_object_get_string(get(o, "state")), "S");
	cr_assert(json_object_is_type(get(o, "kthread"), json_type_boolean));
	cr_assert_null(get(o, "user"));
	cr_assert_null(get(o, "exe"));
	cr_assert_null(get(o, "argv"));
	cr_assert_null(get(o, "container"));
	cr_assert_null(get(o, "tty"));
	cr_assert_str_eq(json_object_to_json_string_ext(get(o, "unreadable"),
							JSON_C_TO_STRING_PLAIN),
			 "{\"exe\":\"EACCES\",\"cgroup\":\"EPERM\"}");
	json_object_put(o);

	p->err[PROC_F_EXE] = p->err[PROC_F_CGROUP] = 0;
	p->argv = argv_of(args, 3);
	p->argc = 3;
	p->exe = xstrdup("/bin/dash (deleted)");
	p->container.runtime = RUNTIME_DOCKER;
	snprintf(p->container.id, sizeof(p->container.id), "%s", ID64);
	o = proc_json(p);
	cr_assert_eq(json_object_array_length(get(o, "argv")), 3);
	cr_assert_str_eq(json_object_get_string(get(o, "exe")),
			 "/bin/dash (deleted)");
	c = get(o, "container");
	cr_assert_str_eq(json_object_get_string(get(c, "runtime")), "docker");
	cr_assert_str_eq(json_object_get_string(get(c, "id")), ID64);
	cr_assert_eq(json_object_object_length(get(o, "unreadable")), 0);
	json_object_put(o);
	proc_free(p);
}

Test(cells, etime_and_age)
{
	static const struct {
		long long secs;
		const char *etime, *age;
	} v[] = {
		{0, "00:00", "0s"},
		{59, "00:59", "59s"},
		{60, "01:00", "1m"},
		{303, "05:03", "5m"},
		{3599, "59:59", "59m"},
		{3600, "01:00:00", "1h"},
		{7200, "02:00:00", "2h"},
		{86399, "23:59:59", "23h"},
		{86400, "1-00:00:00", "1d"},
		{3 * 86400 + 4 * 3600 + 5 * 60 + 6, "3-04:05:06", "3d"},
		{400LL * 86400, "400-00:00:00", "400d"},
		{-5, "00:00", "0s"}, /* a clock step back: never negative */
		{LLONG_MAX, "106751991167300-15:30:07", "106751991167300d"},
	};
	struct proc *p = mkproc(2, 0, "root", "x");
	char buf[32];
	size_t i;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		proc_etime(buf, sizeof(buf), v[i].secs);
		cr_assert_str_eq(buf, v[i].etime, "%lld", v[i].secs);
		proc_age(buf, sizeof(buf), v[i].secs);
		cr_assert_str_eq(buf, v[i].age, "%lld", v[i].secs);
	}
	/* A short buffer is cut, not overrun. */
	memset(buf, 'x', sizeof(buf));
	proc_etime(buf, 4, 3 * 86400);
	cr_assert_str_eq(buf, "3-0");
	cr_assert_eq(buf[4], 'x');

	/* In the table: unknown is "?", in JSON null. */
	p->has_age = false;
	expect_cell(p, PC_ETIME, "?");
	expect_cell(p, PC_AGE, "?");
	p->has_age = true;
	p->age = 3725;
	expect_cell(p, PC_ETIME, "01:02:05");
	expect_cell(p, PC_AGE, "1h");
	proc_free(p);
}

static int sort_of(const char *list, struct proc_sort_key *k, size_t max,
		   size_t *n, size_t *bad_off, size_t *bad_len)
{
	const char *bad = NULL;
	int r;
	*n = 0;
	r = proc_sort_parse(list, k, max, n, &bad, bad_len);
	*bad_off = bad ? (size_t)(bad - list) : (size_t)-1;
	return r;
}

Test(sort, parse_keys)
{
	struct proc_sort_key k[4];
	size_t n, off, len;
	cr_assert_eq(sort_of("-rss,pid", k, 4, &n, &off, &len), 0);
	cr_assert_eq(n, 2);
	cr_assert(k[0].col == PC_RSS && k[0].desc);
	cr_assert(k[1].col == PC_PID && !k[1].desc);
	cr_assert_eq(sort_of("+ETIME,-Age,comm", k, 4, &n, &off, &len), 0);
	cr_assert_eq(n, 3);
	cr_assert(k[0].col == PC_ETIME && !k[0].desc);
	cr_assert(k[1].col == PC_AGE && k[1].desc);
	cr_assert(k[2].col == PC_COMM && !k[2].desc);

	/* Unknown or empty keys, signs alone or doubled, spaces, bytes
	 * that are no column: -EINVAL at the item. */
	static const struct {
		const char *s;
		size_t off, len;
	} bad[] = {
		{"", 0, 0},	      {",", 0, 0},	  {"pid,", 4, 0},
		{"pid,,rss", 4, 0},   {"-", 0, 0},	  {"+", 0, 0},
		{"--pid", 0, 5},      {"+-pid", 0, 5},	  {"pid ", 0, 4},
		{" pid", 0, 4},	      {"pid,nope", 4, 4}, {"p\xffid", 0, 4},
		{"pid\x1b[2J", 0, 7}, {"rss;pid", 0, 7},
	};
	size_t i;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(sort_of(bad[i].s, k, 4, &n, &off, &len), -EINVAL,
			     "'%s' accepted", bad[i].s);
		cr_assert_eq(off, bad[i].off, "'%s': bad at %zu", bad[i].s,
			     off);
	}
	/* Room for 4: the fifth key is -E2BIG, named. */
	cr_assert_eq(sort_of("pid,ppid,uid,gid,rss", k, 4, &n, &off, &len),
		     -E2BIG);
	cr_assert_eq(off, 17);
	cr_assert_eq(n, 4);
}

Test(sort, several_keys)
{
	struct proc *a = mkproc(3, 0, "root", "x");
	struct proc *b = mkproc(1, 0, "root", "y");
	struct proc *c = mkproc(2, 0, "root", "x");
	struct proc_sort_key k[2] = {{PC_RSS, true}, {PC_COMM, false}};
	a->rss_kib = 10, b->rss_kib = 10, c->rss_kib = 99;
	/* -rss first: c; a and b tie on rss, then comm "x" < "y". */
	cr_assert_lt(proc_sort_cmp(c, a, k, 2), 0);
	cr_assert_lt(proc_sort_cmp(a, b, k, 2), 0);
	/* Equal in every key: pid order. */
	c->rss_kib = 10;
	cr_assert_lt(proc_sort_cmp(c, a, k, 2), 0);
	cr_assert_eq(proc_sort_cmp(a, a, k, 2), 0);
	/* No keys: pid order. */
	cr_assert_lt(proc_sort_cmp(b, c, k, 0), 0);
	/* etime and age: the younger (started later) first, ascending. */
	a->start_ticks = 500, b->start_ticks = 100;
	cr_assert_lt(proc_cmp(a, b, PC_ETIME), 0);
	cr_assert_lt(proc_cmp(a, b, PC_AGE), 0);
	cr_assert_gt(proc_cmp(a, b, PC_START), 0);
	proc_free(a);
	proc_free(b);
	proc_free(c);
}
