/* End-to-end: what an unprivileged user sees. procsift runs as nobody
 * (uid 65534) against a root-owned and a nobody-owned process the test
 * starts: an unreadable field is null with its errno name in "unreadable",
 * and the one summary warning counts only the rows shown. Needs root (to
 * start processes as two different users); skipped otherwise. */
#include "e2e/helpers.h"

static void need_root(void)
{
	if (geteuid() != 0)
		cr_skip_test("needs root: runs procsift as uid %d against "
			     "processes of two different users",
			     E2E_NOBODY);
}

/* Run procsift as nobody; expect exit 0. */
static void as_nobody(struct e2e_result *r, const char *const *args,
		      const char *what)
{
	struct e2e_opts o = {.drop_privileges = true};
	e2e_procsift(r, &o, args);
	E2E_EXPECT_STATUS(r, 0, what);
}

#define AS_NOBODY(r, ...) as_nobody((r), E2E_ARGS(__VA_ARGS__), #__VA_ARGS__)

/* Lines of text (the last one may lack its newline). */
static size_t count_lines(const struct strbuf *sb)
{
	size_t n = 0, i;
	for (i = 0; i < sb->len; i++)
		n += sb->buf[i] == '\n';
	return n + (sb->len && sb->buf[sb->len - 1] != '\n');
}

static size_t count_str(const struct strbuf *sb, const char *needle)
{
	const char *p = sb->buf;
	size_t n = 0;
	while ((p = strstr(p, needle)))
		n++, p++;
	return n;
}

/* The single process object of a `ps --json --pid` document. */
static struct json_object *only_proc(struct json_object *doc, pid_t pid)
{
	struct json_object *a = e2e_json_get(doc, "processes"), *p;
	cr_assert(json_object_is_type(a, json_type_array));
	cr_assert_eq(json_object_array_length(a), 1, "%zu processes",
		     json_object_array_length(a));
	p = json_object_array_get_idx(a, 0);
	cr_assert_eq(e2e_json_pid(p), pid);
	return p;
}

/* The uid /proc gives pid (the owner of /proc/PID). */
static uid_t proc_owner(pid_t pid)
{
	char path[64];
	struct stat st;
	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	cr_assert(!stat(path, &st), "%s: %s", path, strerror(errno));
	return st.st_uid;
}

/* A root-owned process: its exe link is closed to nobody. */
Test(gaps, root_process_exe_unreadable)
{
	struct spawn s;
	struct e2e_result r;
	struct json_object *doc, *p, *u;
	char pid[16];
	need_root();
	SPAWN(&s, "prctl", "gapsroot");
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);
	cr_assert_eq(proc_owner(s.pid), 0);

	AS_NOBODY(&r, "ps", "--json", "--pid", pid);
	doc = e2e_json_parse(&r.out);
	p = only_proc(doc, s.pid);
	cr_assert(json_object_is_type(e2e_json_get(p, "exe"), json_type_null),
		  "exe is %s",
		  json_object_to_json_string(e2e_json_get(p, "exe")));
	u = e2e_json_get(p, "unreadable");
	cr_assert_str_eq(
		json_object_to_json_string_ext(u, JSON_C_TO_STRING_PLAIN),
		"{\"exe\":\"EACCES\"}");
	/* What is open to everyone was read. */
	cr_assert(
		json_object_is_type(e2e_json_get(p, "argv"), json_type_array));
	cr_assert_str_eq(json_object_get_string(e2e_json_get(p, "comm")),
			 "gapsroot");
	cr_assert_eq(count_lines(&r.err), 1, "stderr:\n%s", r.err.buf);
	cr_assert_eq(count_str(&r.err, "warning:"), 1, "stderr:\n%s",
		     r.err.buf);
	cr_assert(strstr(r.err.buf, "1 of 1 "), "stderr:\n%s", r.err.buf);
	json_object_put(doc);
	e2e_result_release(&r);

	/* The text EXE column shows '?'; the same one warning. */
	AS_NOBODY(&r, "ps", "--pid", pid, "-o", "pid,exe");
	cr_assert(strstr(r.out.buf, " ?\n"), "stdout:\n%s", r.out.buf);
	cr_assert_eq(count_lines(&r.err), 1, "stderr:\n%s", r.err.buf);
	cr_assert_eq(count_str(&r.err, "warning:"), 1);
	e2e_result_release(&r);

	/* Without the EXE column nothing unreadable is shown: no warning. */
	AS_NOBODY(&r, "ps", "--pid", pid);
	cr_assert_eq(r.err.len, 0, "stderr:\n%s", r.err.buf);
	e2e_result_release(&r);
	spawn_stop(&s);
}

/* A nobody-owned process is fully readable by nobody: no warning, even
 * though every other (root) process in the table was unreadable. */
Test(gaps, own_process_no_warning)
{
	struct spawn s, root;
	struct e2e_result r;
	struct json_object *doc, *p;
	char pid[16], uid[16], pids[32];
	need_root();
	snprintf(uid, sizeof(uid), "%d", E2E_NOBODY);
	SPAWN(&s, "setuid", uid, "gapsnobody");
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);
	cr_assert_eq(proc_owner(s.pid), E2E_NOBODY,
		     "spawn setuid: /proc/%d belongs to uid %u", (int)s.pid,
		     (unsigned)proc_owner(s.pid));

	AS_NOBODY(&r, "ps", "--pid", pid);
	cr_assert_eq(r.err.len, 0, "stderr:\n%s", r.err.buf);
	cr_assert(strstr(r.out.buf, "setuid - 65534 gapsnobody"), "stdout:\n%s",
		  r.out.buf);
	e2e_result_release(&r);

	AS_NOBODY(&r, "ps", "--pid", pid, "-o", "pid,user,exe,cgroup,command");
	cr_assert_eq(r.err.len, 0, "stderr:\n%s", r.err.buf);
	cr_assert(!strstr(r.out.buf, " ?"), "stdout:\n%s", r.out.buf);
	e2e_result_release(&r);

	/* JSON reads every field of every process, root's included. */
	AS_NOBODY(&r, "ps", "--json", "--pid", pid);
	cr_assert_eq(r.err.len, 0, "stderr:\n%s", r.err.buf);
	doc = e2e_json_parse(&r.out);
	p = only_proc(doc, s.pid);
	cr_assert_eq(json_object_get_int64(e2e_json_get(p, "uid")), E2E_NOBODY);
	cr_assert_eq(json_object_get_int64(e2e_json_get(p, "ruid")),
		     E2E_NOBODY);
	cr_assert(json_object_is_type(e2e_json_get(p, "exe"), json_type_string),
		  "exe is %s",
		  json_object_to_json_string(e2e_json_get(p, "exe")));
	cr_assert_eq(json_object_object_length(e2e_json_get(p, "unreadable")),
		     0);
	json_object_put(doc);
	e2e_result_release(&r);

	/* A root process shown next to it brings the warning back, counted
	 * over the two rows shown. */
	SPAWN(&root, "prctl", "gapsroot");
	snprintf(pids, sizeof(pids), "%d,%d", (int)root.pid, (int)s.pid);
	AS_NOBODY(&r, "ps", "--json", "--pid", pids);
	cr_assert_eq(count_lines(&r.err), 1, "stderr:\n%s", r.err.buf);
	cr_assert(strstr(r.err.buf, "warning:") && strstr(r.err.buf, "1 of 2 "),
		  "stderr:\n%s", r.err.buf);
	json_object_put(e2e_json_parse(&r.out));
	e2e_result_release(&r);
	spawn_stop(&root);
	spawn_stop(&s);
}
