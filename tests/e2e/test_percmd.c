/* End-to-end: the edges of the per-process commands show, env, fds and
 * maps: exit statuses, kernel threads, zombies, unreadable processes, no
 * worker threads, a forged /proc/net/unix line, summary permissions.
 * Every JSON output is validated against docs/schema/. */
#include "e2e/inspectee.h"

#include <sys/mman.h>

TestSuite(percmd, .fini = insp_cleanup);

static const char *const cmds[] = {"show", "env", "fds", "maps"};
#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

/* A pid that names no process: pid_max itself is never handed out. */
static void gone_pid(char *buf, size_t size)
{
	char text[32] = "";
	int fd = open("/proc/sys/kernel/pid_max", O_RDONLY | O_CLOEXEC);
	cr_assert(fd >= 0 && read(fd, text, sizeof(text) - 1) > 0);
	close(fd);
	snprintf(buf, size, "%d", atoi(text));
	cr_assert(atoi(text) > 0, "pid_max '%s'", text);
}

/* Run procsift with args into *r (released by the caller); expect exit
 * status want. */
static void run_status(struct e2e_result *r, const struct e2e_opts *o,
		       const char *const *args, int want)
{
	char what[256];
	size_t n = 0, i;
	for (i = 0; args[i] && n < sizeof(what) - 1; i++)
		n += (size_t)snprintf(what + n, sizeof(what) - n, "%s ",
				      args[i]);
	e2e_procsift(r, o, args);
	E2E_EXPECT_STATUS(r, want, what);
}

#define STATUS(want, ...)                                             \
	do {                                                          \
		struct e2e_result r_;                                 \
		run_status(&r_, NULL, E2E_ARGS(__VA_ARGS__), (want)); \
		cr_assert(r_.err.len > 0, "no message on stderr");    \
		e2e_result_release(&r_);                              \
	} while (0)

/* Parse and validate r's JSON output; a command's schema has its name. */
static struct json_object *parse_valid(const char *cmd, struct e2e_result *r)
{
	struct json_object *doc = e2e_json_parse(&r->out);
	e2e_validate(cmd, &r->out);
	return doc;
}

/* ---- exit statuses ---- */

Test(percmd, no_process)
{
	struct insp s;
	struct e2e_result r;
	struct json_object *doc;
	char gone[16], pid[16];
	size_t i;
	gone_pid(gone, sizeof(gone));
	insp_start(&s, "fileless");
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);
	for (i = 0; i < NCMDS; i++) {
		run_status(&r, NULL, E2E_ARGS(cmds[i], gone), 3);
		cr_assert(strstr(r.err.buf, "no process"), "%s %s: stderr '%s'",
			  cmds[i], gone, r.err.buf);
		e2e_result_release(&r);
		if (!strcmp(cmds[i], "show"))
			continue; /* one PID only */
		/* The valid one is still output, in one valid document. */
		run_status(&r, NULL, E2E_ARGS(cmds[i], "--json", pid, gone), 3);
		cr_assert(strstr(r.err.buf, "no process"),
			  "%s %s %s: stderr '%s'", cmds[i], pid, gone,
			  r.err.buf);
		doc = parse_valid(cmds[i], &r);
		cr_assert(json_object_is_type(
			e2e_json_get(proc_of(doc, s.pid), "error"),
			json_type_null));
		json_object_put(doc);
		e2e_result_release(&r);
		run_status(&r, NULL, E2E_ARGS(cmds[i], gone, pid), 3);
		cr_assert(out_has(&r, pid), "%s %s %s: %d not output:\n%s",
			  cmds[i], gone, pid, (int)s.pid, r.out.buf);
		e2e_result_release(&r);
	}
	insp_stop(&s);
}

Test(percmd, usage)
{
	char self[16];
	size_t i;
	snprintf(self, sizeof(self), "%d", (int)getpid());
	for (i = 0; i < NCMDS; i++) {
		STATUS(2, cmds[i], "--all", self);
		STATUS(2, cmds[i], self, "--all");
		STATUS(2, cmds[i]);
		STATUS(2, cmds[i], "--json");
		STATUS(2, cmds[i], "abc");
		STATUS(2, cmds[i], "12x");
		STATUS(2, cmds[i], "-o", "bogus", self);
		STATUS(2, cmds[i], "-o", "pid,bogus", self);
	}
}

Test(percmd, write_error)
{
	struct e2e_opts o = {.stdout_path = "/dev/full"};
	struct insp s;
	struct e2e_result r;
	char pid[16];
	size_t i;
	insp_start(&s, "fileless");
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);
	for (i = 0; i < NCMDS; i++) {
		run_status(&r, &o, E2E_ARGS(cmds[i], pid), 3);
		cr_assert(r.err.len > 0, "%s: no message", cmds[i]);
		e2e_result_release(&r);
		run_status(&r, &o, E2E_ARGS(cmds[i], "--json", pid), 3);
		cr_assert(r.err.len > 0, "%s --json: no message", cmds[i]);
		e2e_result_release(&r);
	}
	insp_stop(&s);
}

/* ---- kernel threads and zombies ---- */

/* The one process in doc (a {"processes": [...]} document): pid, and an
 * empty key list with error null. */
static void expect_empty(struct json_object *doc, pid_t pid, const char *key)
{
	struct json_object *p = proc_of(doc, pid), *a = e2e_json_get(p, key);
	cr_assert_eq(json_object_array_length(e2e_json_get(doc, "processes")),
		     1);
	cr_assert(json_object_is_type(a, json_type_array) &&
			  !json_object_array_length(a),
		  "%d: %s is %s, want []", (int)pid, key,
		  json_object_to_json_string(a));
	cr_assert(json_object_is_type(e2e_json_get(p, "error"), json_type_null),
		  "%d: error %s", (int)pid,
		  json_object_to_json_string(e2e_json_get(p, "error")));
}

/* env, fds and maps of pid: empty, exit 0; show: exit 0, no variables. */
static void expect_all_empty(pid_t pid)
{
	static const char *const keys[] = {NULL, "env", "fds", "maps"};
	struct e2e_result r;
	struct json_object *doc;
	char arg[16];
	size_t i;
	snprintf(arg, sizeof(arg), "%d", (int)pid);
	for (i = 1; i < NCMDS; i++) {
		run_status(&r, NULL, E2E_ARGS(cmds[i], arg, "--json"), 0);
		doc = parse_valid(cmds[i], &r);
		expect_empty(doc, pid, keys[i]);
		if (!strcmp(cmds[i], "maps"))
			cr_assert(
				!bool_of(proc_of(doc, pid), "maps_truncated"));
		json_object_put(doc);
		e2e_result_release(&r);
		run_status(&r, NULL, E2E_ARGS(cmds[i], arg), 0);
		e2e_result_release(&r);
	}
	run_status(&r, NULL, E2E_ARGS("show", arg), 0);
	e2e_result_release(&r);
	run_status(&r, NULL, E2E_ARGS("show", "--json", arg), 0);
	doc = parse_valid("show", &r);
	cr_assert_eq(e2e_json_pid(doc), pid);
	cr_assert_eq(json_object_get_int(e2e_json_get(doc, "env_count")), 0);
	json_object_put(doc);
	e2e_result_release(&r);
}

Test(percmd, kernel_thread)
{
	char comm[32] = "";
	int fd = open("/proc/2/comm", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (read(fd, comm, sizeof(comm) - 1) < 0)
			comm[0] = '\0';
		close(fd);
	}
	if (strcmp(comm, "kthreadd\n"))
		cr_skip_test("pid 2 is not kthreadd (a pid namespace?)");
	expect_all_empty(2);
}

Test(percmd, zombie)
{
	struct spawn s;
	struct e2e_result r;
	struct json_object *doc;
	char arg[16];
	SPAWN(&s, "zombie", "percmd-zombie");
	cr_assert_eq(s.n, 2);
	expect_all_empty(s.pids[1]);
	snprintf(arg, sizeof(arg), "%d", (int)s.pids[1]);
	run_status(&r, NULL, E2E_ARGS("show", "--json", arg), 0);
	doc = e2e_json_parse(&r.out);
	expect_str(doc, "state", "Z");
	json_object_put(doc);
	e2e_result_release(&r);
	spawn_stop(&s);
}

/* ---- unreadable, and no threads ---- */

/* Lines of s holding needle ("": every line). */
static size_t count_lines_with(const char *s, const char *needle)
{
	size_t n = 0;
	for (; *s; s = strchr(s, '\n') ? strchr(s, '\n') + 1 : s + strlen(s)) {
		const char *hit = strstr(s, needle), *nl = strchr(s, '\n');
		if (hit && (!nl || hit < nl))
			n++;
	}
	return n;
}

Test(percmd, eacces_as_nobody)
{
	static const char *const keys[] = {"env", "maps", "fds"};
	struct e2e_opts o = {.drop_privileges = true};
	struct insp s;
	struct e2e_result r;
	struct json_object *doc, *p;
	char pid[16];
	size_t i;
	if (geteuid() != 0)
		cr_skip_test("needs root: drops to nobody");
	insp_start(&s, "fileless"); /* root's, as we are */
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		run_status(&r, &o, E2E_ARGS(keys[i], "--json", pid), 0);
		doc = parse_valid(keys[i], &r);
		p = proc_of(doc, s.pid);
		cr_assert(json_object_is_type(e2e_json_get(p, keys[i]),
					      json_type_null),
			  "%s as nobody: %s", keys[i],
			  json_object_to_json_string(p));
		expect_str(p, "error", "EACCES");
		cr_assert_eq(count_lines_with(r.err.buf, "warning:"), 1,
			     "%s: want one warning line:\n%s", keys[i],
			     r.err.buf);
		cr_assert_eq(count_lines_with(r.err.buf, ""), 1,
			     "%s: stderr beyond the warning:\n%s", keys[i],
			     r.err.buf);
		json_object_put(doc);
		e2e_result_release(&r);
	}
	insp_stop(&s);
}

/* prlimit(1) lowers the limit after the helper dropped to nobody: lowered
 * before setuid, the switch itself could flag nobody as over the limit
 * when another test runs as nobody, and execve would fail. */
#define PRLIMIT "/usr/bin/prlimit"

Test(percmd, maps_all_no_threads)
{
	struct e2e_opts o = {.drop_privileges = true};
	struct e2e_result r;
	struct json_object *doc;
	char asan[512];
	if (geteuid() != 0)
		cr_skip_test("needs root: drops to nobody");
	if (access(PRLIMIT, X_OK))
		cr_skip_test("no %s (util-linux)", PRLIMIT);
	/* The limit holds: a shell cannot fork under it. */
	e2e_run(&r, &o,
		E2E_ARGS(PRLIMIT, "--nproc=1", "/bin/sh", "-c",
			 "/bin/true; /bin/true"));
	cr_assert_neq(r.status, 0, "fork under RLIMIT_NPROC=1 worked");
	e2e_result_release(&r);

	/* LeakSanitizer's exit check needs a thread of its own: under this
	 * limit it could only fail (setenv: each test is its own process). */
	snprintf(asan, sizeof(asan), "%s:detect_leaks=0",
		 e2e_env("ASAN_OPTIONS", ""));
	setenv("ASAN_OPTIONS", asan, 1);
	e2e_run(&r, &o,
		E2E_ARGS(PRLIMIT, "--nproc=1", e2e_procsift_bin(), "maps",
			 "--all", "--json"));
	cr_assert(!strstr(r.err.buf, "Sanitizer") &&
			  !strstr(r.err.buf, "runtime error:"),
		  "sanitizer report from procsift:\n%s", r.err.buf);
	E2E_EXPECT_STATUS(&r, 0, "maps --all --json, RLIMIT_NPROC=1");
	doc = parse_valid("maps", &r);
	proc_of(doc, getpid()); /* listed, if unreadable to nobody */
	json_object_put(doc);
	e2e_result_release(&r);
}

/* ---- a forged /proc/net/unix line ---- */

/* The inspectee's three unix sockets (fds 4, 5, 6): named whole with
 * their newline (sock_diag), or, when cut, "@inspectee-forge-N" and
 * marked ambiguous. */
static void expect_forged_names(struct json_object *doc, const struct insp *s,
				bool cut)
{
	struct json_object *p = proc_of(doc, s->pid);
	char want[256];
	int i;
	for (i = 0; i < 3; i++) {
		struct json_object *k = e2e_json_get(fd_of(p, 4 + i), "socket");
		if (cut)
			snprintf(want, sizeof(want), "@inspectee-forge-%d", i);
		else
			snprintf(want, sizeof(want),
				 "@inspectee-forge-%d\n0000000000000000: "
				 "00000002 00000000 00010000 0001 01 %s "
				 "/run/forged",
				 i, insp_get(s, "forged_inode"));
		expect_str(k, "path", want);
		cr_assert(bool_of(k, "ambiguous") == cut,
			  "fd %d: ambiguous should be %d", 4 + i, cut);
	}
}

Test(percmd, forged_unix_line)
{
	struct insp s;
	struct e2e_result r;
	struct json_object *doc, *k;
	char pid[16], local[64], text[96];
	int port;
	insp_start(&s, "forge");
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);
	port = insp_int(&s, "tcp_listen_port");
	snprintf(local, sizeof(local), "127.0.0.1:%d", port);
	run_status(&r, NULL, E2E_ARGS("fds", pid, "--json"), 0);
	doc = parse_valid("fds", &r);
	k = expect_sock(
		fd_of(proc_of(doc, s.pid), insp_int(&s, "tcp_listen_fd")),
		"tcp", "LISTEN", local);
	cr_assert_eq(json_object_get_int(e2e_json_get(k, "local_port")), port);
	/* sock_diag names each unix socket whole: the newline and the
	 * would-be line are part of its name, not another socket. */
	expect_forged_names(doc, &s, false);
	json_object_put(doc);
	e2e_result_release(&r);
	run_status(&r, NULL, E2E_ARGS("fds", pid), 0);
	snprintf(text, sizeof(text), "tcp %s -> *:* LISTEN", local);
	cr_assert(out_has(&r, text) && out_has(&r, "@inspectee-forge-0\\x0a"),
		  "want '%s' and the escaped name in:\n%s", text, r.out.buf);
	e2e_result_release(&r);
	insp_stop(&s);
}

/* The same in a network namespace of its own. As root procsift joins it
 * on a thread of its own to ask sock_diag: whole names. With
 * the least privilege (CAP_SYS_PTRACE, CAP_DAC_READ_SEARCH) it reads
 * /proc/PID/net/unix: the names cut at the newline and marked ambiguous, the
 * forged lines dropped, the TCP listener still itself. */
Test(percmd, forged_unix_line_other_netns)
{
	struct insp s;
	struct e2e_result r;
	struct json_object *doc;
	char pid[16], local[64];
	const char *argv[16];
	size_t n = 0;
	if (geteuid() != 0 || access("/usr/bin/setpriv", X_OK))
		cr_skip_test("needs root and setpriv (util-linux) for a "
			     "network namespace and a run without "
			     "CAP_SYS_ADMIN");
	insp_start(&s, "forge-netns");
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);
	snprintf(local, sizeof(local), "127.0.0.1:%d",
		 insp_int(&s, "tcp_listen_port"));
	run_status(&r, NULL, E2E_ARGS("fds", pid, "--json"), 0);
	doc = parse_valid("fds", &r);
	expect_forged_names(doc, &s, false);
	json_object_put(doc);
	e2e_result_release(&r);

	argv[n++] = "/usr/bin/setpriv";
	argv[n++] = "--reuid=65534";
	argv[n++] = "--regid=65534";
	argv[n++] = "--clear-groups";
	argv[n++] = "--inh-caps=+sys_ptrace,+dac_read_search";
	argv[n++] = "--ambient-caps=+sys_ptrace,+dac_read_search";
	argv[n++] = "--";
	argv[n++] = e2e_procsift_bin();
	argv[n++] = "fds";
	argv[n++] = pid;
	argv[n++] = "--json";
	argv[n] = NULL;
	e2e_run(&r, NULL, argv);
	E2E_EXPECT_STATUS(&r, 0, "fds with the least privilege");
	doc = parse_valid("fds", &r);
	expect_sock(fd_of(proc_of(doc, s.pid), insp_int(&s, "tcp_listen_fd")),
		    "tcp", "LISTEN", local);
	expect_forged_names(doc, &s, true);
	cr_assert(!out_has(&r, "/run/forged"), "forged path in:\n%s",
		  r.out.buf);
	json_object_put(doc);
	e2e_result_release(&r);
	insp_stop(&s);
}

/* ---- maps --summary permissions ---- */

/* True when the comma-separated list has the item. */
static bool perms_have(const char *list, const char *item)
{
	size_t n = strlen(item);
	const char *p;
	for (p = list; (p = strstr(p, item)); p += n)
		if ((p == list || p[-1] == ',') && (!p[n] || p[n] == ','))
			return true;
	return false;
}

/* The summary group whose path is path (NULL: an anon group with item). */
static bool summary_has(struct json_object *proc, const char *path,
			const char *kind, const char *item)
{
	struct json_object *a = e2e_json_get(proc, "summary");
	size_t i, n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		struct json_object *g = json_object_array_get_idx(a, i),
				   *gp = e2e_json_get(g, "path");
		if (strcmp(str_of(g, "kind"), kind) ||
		    (path ? !gp || strcmp(json_object_get_string(gp), path)
			  : gp != NULL))
			continue;
		if (perms_have(str_of(g, "perms"), item))
			return true;
	}
	return false;
}

Test(percmd, summary_rwx_anon)
{
	struct insp s;
	struct e2e_result r;
	struct json_object *doc;
	char pid[16];
	insp_start(&s, "basic");
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);
	run_status(&r, NULL, E2E_ARGS("maps", "--summary", "--json", pid), 0);
	doc = parse_valid("maps", &r);
	cr_assert(summary_has(proc_of(doc, s.pid), NULL, "anon", "rwxp"),
		  "no anon group with rwxp:\n%s", r.out.buf);
	json_object_put(doc);
	e2e_result_release(&r);
	insp_stop(&s);
}

/* One file mapped with all 16 permission sets (rwx each on or off,
 * private or shared), here in the test process: one group listing all. */
Test(percmd, summary_many_perms)
{
	char path[] = "/tmp/procsift-percmd-XXXXXX", pid[16], want[5];
	void *m[16];
	struct e2e_result r;
	struct json_object *doc;
	long page = sysconf(_SC_PAGESIZE);
	int fd = mkstemp(path), i;
	cr_assert(fd >= 0 && !ftruncate(fd, 16 * page), "%s: %s", path,
		  strerror(errno));
	for (i = 0; i < 16; i++) {
		int prot = (i & 1 ? PROT_READ : 0) | (i & 2 ? PROT_WRITE : 0) |
			   (i & 4 ? PROT_EXEC : 0);
		m[i] = mmap(NULL, (size_t)page, prot,
			    i & 8 ? MAP_SHARED : MAP_PRIVATE, fd,
			    (off_t)i * page);
		cr_assert(m[i] != MAP_FAILED, "mmap %d: %s", i,
			  strerror(errno));
	}
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	run_status(&r, NULL, E2E_ARGS("maps", "--summary", "--json", pid), 0);
	unlink(path);
	doc = parse_valid("maps", &r);
	for (i = 0; i < 16; i++) {
		snprintf(want, sizeof(want), "%c%c%c%c", i & 1 ? 'r' : '-',
			 i & 2 ? 'w' : '-', i & 4 ? 'x' : '-',
			 i & 8 ? 's' : 'p');
		cr_assert(
			summary_has(proc_of(doc, getpid()), path, "file", want),
			"%s: no %s in the summary:\n%s", path, want, r.out.buf);
	}
	json_object_put(doc);
	e2e_result_release(&r);
	for (i = 0; i < 16; i++)
		munmap(m[i], (size_t)page);
	close(fd);
}
