/* End-to-end: the forensic-indicator judges on real processes this test
 * starts: a memfd exe (inspectee fileless), a copy of sleep run from a
 * temporary directory and deleted, rwx memory and a deleted file held in
 * /tmp (inspectee basic), LD_PRELOAD naming a temporary place,
 * HISTFILE=/dev/null, argv[0] "[kworker/0:1]", a process this test
 * ptraces, a stratum URL in argv; each finding has the right pid and
 * facts, and a plain sleeper gets none. Every process is killed by pid. */
#include <sys/ptrace.h>

#include "e2e/inspectee.h"

#define SLEEP "/bin/sleep"
#define KIDS_MAX 4

static const char *const plain_env[] = {"PATH=/usr/bin:/bin", "HOME=/root",
					NULL};

/* The kids of the running test, for cleanup after a failed assertion. */
static pid_t kids[KIDS_MAX];
static size_t nkids;
static char tmpdir[64];

static void kill_kids(void)
{
	size_t i;
	int st;
	for (i = 0; i < nkids; i++) {
		kill(kids[i], SIGKILL);
		waitpid(kids[i], &st, 0);
	}
	nkids = 0;
}

static void cleanup(void)
{
	char p[128];
	kill_kids();
	insp_cleanup();
	if (tmpdir[0]) {
		snprintf(p, sizeof(p), "%s/sleeper", tmpdir);
		unlink(p);
		rmdir(tmpdir);
		tmpdir[0] = '\0';
	}
}

TestSuite(ioc_forensic, .fini = cleanup);

/* Start path with argv and envp; returns once it has exec'ed. traceme:
 * the kid asks to be traced by this process first (it then stops at its
 * exec, traced). */
static pid_t kid(const char *path, const char *const *argv,
		 const char *const *envp, bool traceme)
{
	int p[2], e = 0, fd;
	ssize_t n;
	pid_t pid;
	cr_assert(nkids < KIDS_MAX);
	cr_assert_eq(pipe2(p, O_CLOEXEC), 0);
	pid = fork();
	cr_assert(pid >= 0, "fork: %s", strerror(errno));
	if (!pid) {
		close(p[0]);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		fd = open("/dev/null", O_RDWR);
		if (fd < 0 || dup2(fd, 0) < 0 || dup2(fd, 1) < 0 ||
		    dup2(fd, 2) < 0)
			_exit(126);
		e2e_no_inherit();
		if (traceme && ptrace(PTRACE_TRACEME, 0, NULL, NULL))
			goto fail;
		execve(path, (char *const *)argv, (char *const *)envp);
	fail:
		e = errno;
		if (write(p[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(p[1]);
	/* EOF at exec (close-on-exec), or the kid's errno. */
	n = read(p[0], &e, sizeof(e));
	close(p[0]);
	kids[nkids++] = pid;
	cr_assert_eq(n, 0, "starting %s failed: %s", path, strerror(e));
	return pid;
}

/* `procsift scan --json --only indicator --pid PID`: the document,
 * valid against docs/schema/scan.json. */
static struct json_object *scan(pid_t pid)
{
	struct e2e_result r;
	struct json_object *doc;
	char p[16];
	snprintf(p, sizeof(p), "%d", (int)pid);
	PROCSIFT(&r, "scan", "--json", "--only", "indicator", "--pid", p);
	E2E_EXPECT_STATUS(&r, 0, "scan --json --only indicator");
	e2e_validate("scan", &r.out);
	doc = e2e_json_parse(&r.out);
	e2e_result_release(&r);
	return doc;
}

/* The finding of rule about pid, or NULL; all of them listed in *all. */
static struct json_object *finding(struct json_object *doc, pid_t pid,
				   const char *rule, struct strbuf *all)
{
	struct json_object *a = e2e_json_get(doc, "findings"), *hit = NULL;
	size_t i, n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		struct json_object *f = json_object_array_get_idx(a, i);
		const char *ru = str_of(f, "rule");
		if (all)
			strbuf_addf(all, "  %d %s %s %s\n", e2e_json_pid(f), ru,
				    str_of(f, "severity"), str_of(f, "where"));
		if (e2e_json_pid(f) == pid && !strcmp(ru, rule) && !hit)
			hit = f;
	}
	return hit;
}

/* The finding of rule about pid with severity sev; fails when absent. */
static struct json_object *expect(struct json_object *doc, pid_t pid,
				  const char *rule, const char *sev)
{
	struct strbuf all = STRBUF_INIT;
	struct json_object *f = finding(doc, pid, rule, &all);
	cr_assert(f, "no %s finding for pid %d; findings:\n%s", rule, (int)pid,
		  all.buf);
	expect_str(f, "severity", sev);
	expect_str(f, "kind", "indicator");
	strbuf_release(&all);
	return f;
}

static struct json_object *facts(struct json_object *f)
{
	return e2e_json_get(f, "facts");
}

Test(ioc_forensic, exe_memfd)
{
	struct json_object *doc, *f;
	struct insp s;
	insp_start(&s, "fileless");
	doc = scan(s.pid);
	f = expect(doc, s.pid, "exe-memfd", "critical");
	expect_str(facts(f), "memfd_name", "payload");
	expect_str(f, "where", "exe");
	/* Its own text is a memfd mapping: judge exe's, not injected. */
	cr_assert_null(finding(doc, s.pid, "anon-exec-memory", NULL));
	json_object_put(doc);
	insp_stop(&s);
}

/* A copy of sleep in a new directory under /tmp, run, then deleted
 * with its directory. */
Test(ioc_forensic, exe_deleted_in_tmp)
{
	struct json_object *doc, *f;
	char path[128], want[128], buf[65536];
	int in, out;
	ssize_t n;
	pid_t pid;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/procsift-forensic-XXXXXX");
	cr_assert(mkdtemp(tmpdir), "mkdtemp: %s", strerror(errno));
	snprintf(path, sizeof(path), "%s/sleeper", tmpdir);
	in = open(SLEEP, O_RDONLY | O_CLOEXEC);
	out = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
	cr_assert(in >= 0 && out >= 0, "copy %s: %s", SLEEP, strerror(errno));
	while ((n = read(in, buf, sizeof(buf))) > 0)
		cr_assert_eq(write(out, buf, (size_t)n), n);
	close(in);
	close(out);
	pid = kid(path, (const char *const[]){"sleeper", "1000", NULL},
		  plain_env, false);
	cr_assert_eq(unlink(path), 0);
	cr_assert_eq(rmdir(tmpdir), 0);
	snprintf(want, sizeof(want), "%s", path);
	tmpdir[0] = '\0';
	doc = scan(pid);
	f = expect(doc, pid, "exe-deleted", "high");
	expect_str(facts(f), "exe", want);
	cr_assert(bool_of(facts(f), "in_tmp"));
	f = expect(doc, pid, "exe-in-tmp", "high");
	cr_assert(bool_of(facts(f), "deleted"));
	json_object_put(doc);
	kill_kids();
}

/* Whether path (made absolute from the cwd) is in /tmp, /var/tmp or
 * /dev/shm, as judge exe sees an executable. */
static bool in_tmp(const char *path)
{
	static const char *const dirs[] = {"/tmp/", "/var/tmp/", "/dev/shm/"};
	char abs[4096];
	size_t i;
	if (!realpath(path, abs))
		return false;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (!strncmp(abs, dirs[i], strlen(dirs[i])))
			return true;
	return false;
}

/* inspectee basic: an anonymous rwx mapping, and a deleted file under
 * /tmp held open. */
Test(ioc_forensic, rwx_memory_and_deleted_file)
{
	struct json_object *doc, *f;
	struct insp s;
	char range[64];
	unsigned long addr;
	insp_start(&s, "basic");
	addr = strtoul(insp_get(&s, "rwx_addr"), NULL, 16);
	snprintf(range, sizeof(range), "%lx-%lx", addr,
		 addr + (unsigned long)insp_int(&s, "rwx_len"));
	doc = scan(s.pid);
	f = expect(doc, s.pid, "anon-exec-memory", "high");
	expect_str(facts(f), "first", range);
	expect_str(facts(f), "perms", "rwxp");
	expect_str(facts(f), "backing", "anon");
	cr_assert(!bool_of(facts(f), "jit"));
	/* High when the holder itself runs from a temporary directory (a
	 * dropper and its payload): so when the tree is under /tmp. */
	f = expect(doc, s.pid, "deleted-file-in-tmp",
		   in_tmp(e2e_env("PROCSIFT_INSPECTEE",
				  "build/tests/tools/inspectee"))
			   ? "high"
			   : "medium");
	expect_str(facts(f), "path", insp_get(&s, "deleted_path"));
	cr_assert_eq(json_object_get_int(e2e_json_get(facts(f), "fd")),
		     insp_int(&s, "fd_deleted"));
	cr_assert_eq(json_object_get_int(e2e_json_get(facts(f), "size")), 6);
	json_object_put(doc);
	insp_stop(&s);
}

Test(ioc_forensic, ld_preload_from_tmp)
{
	struct json_object *doc, *f;
	pid_t pid =
		kid(SLEEP, (const char *const[]){"sleep", "1000", NULL},
		    (const char *const[]){
			    "PATH=/usr/bin:/bin",
			    "LD_PRELOAD=/tmp/procsift-forensic-none/libhook.so",
			    NULL},
		    false);
	doc = scan(pid);
	f = expect(doc, pid, "loader-hijack", "high");
	expect_str(f, "where", "env:LD_PRELOAD");
	expect_str(facts(f), "value", "/tmp/procsift-forensic-none/libhook.so");
	json_object_put(doc);
	kill_kids();
}

Test(ioc_forensic, histfile_dev_null)
{
	struct json_object *doc, *f;
	pid_t pid = kid(SLEEP, (const char *const[]){"sleep", "1000", NULL},
			(const char *const[]){"PATH=/usr/bin:/bin",
					      "HISTFILE=/dev/null", NULL},
			false);
	doc = scan(pid);
	f = expect(doc, pid, "history-disabled", "medium");
	expect_str(f, "where", "env:HISTFILE");
	expect_str(facts(f), "variables", "HISTFILE=/dev/null");
	json_object_put(doc);
	kill_kids();
}

Test(ioc_forensic, argv0_kworker)
{
	struct json_object *doc, *f;
	pid_t pid =
		kid(SLEEP, (const char *const[]){"[kworker/0:1]", "1000", NULL},
		    plain_env, false);
	doc = scan(pid);
	f = expect(doc, pid, "kernel-thread-name", "high");
	expect_str(f, "where", "argv[0]");
	expect_str(facts(f), "argv0", "[kworker/0:1]");
	expect_str(facts(f), "comm", "sleep");
	json_object_put(doc);
	kill_kids();
}

/* This test process traces a sleeper (PTRACE_TRACEME): the tracer is
 * no debugger by name, so high. */
Test(ioc_forensic, traced_by_this_test)
{
	struct json_object *doc, *f;
	char comm[32] = "";
	int fd = open("/proc/self/comm", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, comm, sizeof(comm) - 1) : -1;
	pid_t pid;
	if (fd >= 0)
		close(fd);
	cr_assert(n > 1);
	comm[n - 1] = '\0';
	pid = kid(SLEEP, (const char *const[]){"sleep", "1000", NULL},
		  plain_env, true);
	doc = scan(pid);
	f = expect(doc, pid, "traced", "high");
	cr_assert_eq(json_object_get_int(e2e_json_get(facts(f), "tracer_pid")),
		     (int)getpid());
	expect_str(facts(f), "tracer_comm", comm);
	json_object_put(doc);
	kill_kids();
}

Test(ioc_forensic, stratum_url_in_argv)
{
	struct json_object *doc, *f;
	pid_t pid =
		kid(E2E_PYTHON,
		    (const char *const[]){
			    "python3", "-c", "import time; time.sleep(1000)",
			    "-o", "stratum+tcp://pool.example.com:3333", NULL},
		    plain_env, false);
	doc = scan(pid);
	f = expect(doc, pid, "mining-url", "high");
	expect_str(f, "where", "argv[4]");
	expect_str(facts(f), "scheme", "stratum+tcp");
	expect_str(facts(f), "pool", "pool.example.com:3333");
	json_object_put(doc);
	kill_kids();
}

/* A plain sleeper: no finding of any judge. */
Test(ioc_forensic, clean_control)
{
	struct json_object *doc, *a;
	struct strbuf all = STRBUF_INIT;
	pid_t pid = kid(SLEEP, (const char *const[]){"sleep", "1000", NULL},
			plain_env, false);
	doc = scan(pid);
	a = e2e_json_get(doc, "findings");
	finding(doc, pid, "-", &all);
	cr_assert_eq(json_object_array_length(a), 0, "findings:\n%s", all.buf);
	json_object_put(doc);
	strbuf_release(&all);
	kill_kids();
}
