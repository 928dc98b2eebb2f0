/* End-to-end, as root: the mounts group of judges on real processes the
 * test starts. A writer holding a file under /etc open O_WRONLY is
 * write-below-etc with its pid, fd and path, and a reader of the same
 * file is nothing; a fake container (kubepods cgroup, private mount
 * namespace) with /var/run bind-mounted is sensitive-host-mount naming
 * the host's /run, docker.sock's parent, and mutable-container-rootfs
 * once for its two processes; the hidden-pid probe, asked for, stats
 * every pid and finds nothing hidden on this host, and the summary says
 * what it probed, or why it did not run by default. */
#include "e2e/containerkit.h"

#include <json.h>

#include "util/xalloc.h"

/* What a failed test leaves to undo: holders by pid, files, a dir. */
static struct {
	pid_t pids[4];
	size_t n;
	char file[128];
	char dir[128];
	struct fakectr ctr;
	bool have_ctr;
} st;

static void cleanup(void)
{
	size_t i;
	int s;
	for (i = 0; i < st.n; i++) {
		kill(st.pids[i], SIGKILL);
		waitpid(st.pids[i], &s, 0);
	}
	st.n = 0;
	if (st.have_ctr)
		fakectr_destroy(&st.ctr);
	st.have_ctr = false;
	if (st.file[0])
		unlink(st.file);
	if (st.dir[0])
		rmdir(st.dir);
	st.file[0] = st.dir[0] = '\0';
}

TestSuite(ioc_mounts, .fini = cleanup);

static void require_root(void)
{
	if (geteuid() != 0)
		cr_skip_test("needs root: writes a file under /etc, makes "
			     "mount namespaces and stats every pid");
}

/* A child holding path open with flags at fd 7, then sleeping (the fd
 * survives the exec). Returns once it has exec'ed. */
static pid_t hold(const char *path, int flags)
{
	int p[2], e = 0, fd;
	ssize_t n;
	pid_t pid;
	cr_assert_eq(pipe2(p, O_CLOEXEC), 0);
	pid = fork();
	cr_assert(pid >= 0, "fork: %s", strerror(errno));
	if (!pid) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		e2e_no_inherit();
		fd = open(path, flags);
		if (fd >= 0 && dup2(fd, 7) == 7) {
			if (fd != 7)
				close(fd);
			execl("/bin/sleep", "sleep", "600", (char *)NULL);
		}
		e = errno;
		if (write(p[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(p[1]);
	n = read(p[0], &e, sizeof(e));
	close(p[0]);
	st.pids[st.n++] = pid;
	cr_assert_eq(n, 0, "holding %s failed: %s", path, strerror(e));
	return pid;
}

static struct json_object *scan_json(struct e2e_result *r,
				     const char *const *args)
{
	struct json_object *doc;
	e2e_procsift(r, NULL, args);
	E2E_EXPECT_STATUS(r, 0, "scan");
	e2e_validate("scan", &r->out);
	doc = e2e_json_parse(&r->out);
	cr_assert(doc);
	return doc;
}

/* A string member ("" for null). */
static const char *jstr(struct json_object *o, const char *key)
{
	struct json_object *v = e2e_json_get(o, key);
	return json_object_is_type(v, json_type_string)
		       ? json_object_get_string(v)
		       : "";
}

static const char *fact(struct json_object *f, const char *key)
{
	struct json_object *facts = e2e_json_get(f, "facts"), *v;
	if (!json_object_object_get_ex(facts, key, &v) || !v)
		return "";
	return json_object_get_string(v);
}

/* The findings of judge (any when NULL) about pid (any when 0). */
static size_t count(struct json_object *doc, const char *judge, pid_t pid,
		    struct json_object **first)
{
	struct json_object *a = e2e_json_get(doc, "findings");
	size_t i, n = 0;
	for (i = 0; i < json_object_array_length(a); i++) {
		struct json_object *f = json_object_array_get_idx(a, i);
		if (judge && strcmp(jstr(f, "judge"), judge))
			continue;
		if (pid && e2e_json_pid(f) != pid)
			continue;
		if (!n++ && first)
			*first = f;
	}
	return n;
}

Test(ioc_mounts, writer_below_etc_and_clean_reader)
{
	struct e2e_result r;
	struct json_object *doc, *f = NULL;
	char pids[64];
	pid_t w, c;
	int fd;
	require_root();
	snprintf(st.file, sizeof(st.file), "/etc/procsift-ioc-%d.test",
		 (int)getpid());
	fd = open(st.file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	cr_assert(fd >= 0, "%s: %s", st.file, strerror(errno));
	close(fd);
	w = hold(st.file, O_WRONLY | O_APPEND);
	c = hold(st.file, O_RDONLY);
	snprintf(pids, sizeof(pids), "%d,%d", (int)w, (int)c);
	doc = scan_json(&r, E2E_ARGS("scan", "--json", "--pid", pids, "--judge",
				     "write-below-etc"));
	cr_assert_eq(count(doc, "write-below-etc", w, &f), 1, "%s", r.out.buf);
	cr_assert_str_eq(jstr(f, "where"), "fd:7");
	cr_assert_str_eq(jstr(f, "severity"), "medium");
	cr_assert_str_eq(fact(f, "path"), st.file);
	cr_assert_str_eq(fact(f, "fd"), "7");
	cr_assert_str_eq(fact(f, "mode"), "w");
	cr_assert_eq(count(doc, NULL, c, NULL), 0, "the reader: %s", r.out.buf);
	json_object_put(doc);
	e2e_result_release(&r);
	/* Every indicator and posture judge: nothing on the reader. */
	doc = scan_json(&r, E2E_ARGS("scan", "--json", "--pid", pids, "--only",
				     "indicator,posture"));
	cr_assert_eq(count(doc, "write-below-etc", w, NULL), 1);
	cr_assert_eq(count(doc, NULL, c, NULL), 0, "the reader: %s", r.out.buf);
	json_object_put(doc);
	e2e_result_release(&r);
}

/* Wait until pid's mount table shows a mount at dir. */
static void wait_mount(pid_t pid, const char *dir)
{
	long long deadline = e2e_now_ms() + E2E_TIMEOUT_MS;
	char path[64], needle[160];
	snprintf(path, sizeof(path), "/proc/%d/mountinfo", (int)pid);
	snprintf(needle, sizeof(needle), " %s ", dir);
	for (;;) {
		FILE *fp = fopen(path, "r");
		char line[4096];
		bool ok = false;
		cr_assert(fp, "%s: %s", path, strerror(errno));
		while (!ok && fgets(line, sizeof(line), fp))
			ok = strstr(line, needle) != NULL;
		fclose(fp);
		if (ok)
			return;
		cr_assert(e2e_now_ms() < deadline, "no mount at %s in %d", dir,
			  (int)pid);
		e2e_sleep_ms(20);
	}
}

Test(ioc_mounts, var_run_bind_in_container)
{
	struct e2e_result r;
	struct json_object *doc, *f = NULL;
	struct json_object *a;
	char pids[64];
	pid_t p1, p2, low;
	size_t i, n = 0;
	require_root();
	fakectr_require();
	snprintf(st.dir, sizeof(st.dir), "/tmp/procsift-ioc-%d", (int)getpid());
	cr_assert(!mkdir(st.dir, 0700) || errno == EEXIST, "%s: %s", st.dir,
		  strerror(errno));
	fakectr_create(&st.ctr, 41);
	st.have_ctr = true;
	p1 = fakectr_spawn(&st.ctr, FAKECTR_MNTNS,
			   E2E_ARGS("/bin/sh", "-c",
				    "mount --bind /var/run \"$1\" && exec "
				    "sleep 600",
				    "sh", st.dir));
	p2 = fakectr_spawn(&st.ctr, FAKECTR_MNTNS,
			   E2E_ARGS("/bin/sleep", "600"));
	wait_mount(p1, st.dir);
	low = p1 < p2 ? p1 : p2;
	snprintf(pids, sizeof(pids), "%d,%d", (int)p1, (int)p2);
	doc = scan_json(&r, E2E_ARGS("scan", "--json", "--pid", pids, "--judge",
				     "sensitive-host-mount", "--judge",
				     "mutable-container-rootfs"));
	/* /var/run names the host's /run: docker.sock's parent. */
	a = e2e_json_get(doc, "findings");
	for (i = 0; i < json_object_array_length(a); i++) {
		struct json_object *x = json_object_array_get_idx(a, i);
		if (strcmp(jstr(x, "judge"), "sensitive-host-mount") ||
		    strcmp(fact(x, "host_path"), "/run"))
			continue;
		f = x;
		n++;
	}
	cr_assert_eq(n, 1, "one finding for the host's /run: %s", r.out.buf);
	cr_assert_eq(e2e_json_pid(f), p1);
	cr_assert_str_eq(jstr(f, "container"), st.ctr.id);
	cr_assert_str_eq(jstr(f, "severity"), "critical");
	cr_assert_str_eq(fact(f, "mount_point"), st.dir);
	cr_assert_str_eq(fact(f, "exposes"), "/run/docker.sock");
	cr_assert_str_eq(fact(f, "parent_dir"), "true");
	/* Its root is the host's own (no pivot_root): named too. */
	cr_assert(count(doc, "sensitive-host-mount", 0, NULL) >= 2);
	/* Once for the container, by its lowest pid, though two of its
	 * processes (each in a mount namespace of its own) were read. */
	f = NULL;
	cr_assert_eq(count(doc, "mutable-container-rootfs", 0, &f), 1, "%s",
		     r.out.buf);
	cr_assert_eq(e2e_json_pid(f), low);
	cr_assert_str_eq(jstr(f, "container"), st.ctr.id);
	cr_assert_str_eq(jstr(f, "severity"), "info");
	cr_assert_str_eq(jstr(f, "kind"), "posture");
	json_object_put(doc);
	e2e_result_release(&r);
}

/* A host process that bind-mounts nothing is no container: nothing. */
Test(ioc_mounts, host_process_is_not_a_container)
{
	struct e2e_result r;
	struct json_object *doc;
	char pids[32];
	pid_t p;
	require_root();
	snprintf(st.file, sizeof(st.file), "/tmp/procsift-ioc-%d.r",
		 (int)getpid());
	close(open(st.file, O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
	p = hold(st.file, O_RDONLY);
	snprintf(pids, sizeof(pids), "%d", (int)p);
	doc = scan_json(&r, E2E_ARGS("scan", "--json", "--pid", pids, "--judge",
				     "sensitive-host-mount", "--judge",
				     "mutable-container-rootfs"));
	cr_assert_eq(count(doc, NULL, 0, NULL), 0, "%s", r.out.buf);
	json_object_put(doc);
	e2e_result_release(&r);
}

static unsigned read_pid_max(void)
{
	FILE *fp = fopen("/proc/sys/kernel/pid_max", "r");
	unsigned v = 0;
	cr_assert(fp);
	cr_assert_eq(fscanf(fp, "%u", &v), 1);
	fclose(fp);
	return v;
}

Test(ioc_mounts, hidden_pid_probe_on_request)
{
	struct e2e_result r;
	struct json_object *doc, *sum, *p;
	require_root();
	doc = scan_json(&r,
			E2E_ARGS("scan", "--json", "--judge", "hidden-pid"));
	sum = e2e_json_get(doc, "summary");
	p = e2e_json_get(sum, "pid_probe");
	cr_assert(json_object_get_boolean(e2e_json_get(p, "ran")), "%s",
		  json_object_to_json_string(p));
	cr_assert_eq(
		(unsigned)json_object_get_int64(e2e_json_get(p, "pid_max")),
		read_pid_max());
	cr_assert_gt(json_object_get_int64(e2e_json_get(p, "listed")), 1);
	cr_assert_eq(json_object_get_int64(e2e_json_get(p, "hidden")), 0);
	cr_assert(!e2e_json_get(p, "skipped"));
	cr_assert_eq(count(doc, "hidden-pid", 0, NULL), 0, "%s", r.out.buf);
	cr_assert(e2e_contains(r.err.buf, r.err.len,
			       "hidden-pid: stat of pids 1-"),
		  "%s", r.err.buf);
	json_object_put(doc);
	e2e_result_release(&r);
}

/* By default: with --pid it never probes the host, and says so; on the
 * whole host it probes or says why not, as the rule has it. */
Test(ioc_mounts, hidden_pid_default_rule)
{
	struct e2e_result r;
	struct json_object *doc, *p;
	char pids[32];
	require_root();
	snprintf(pids, sizeof(pids), "%d", (int)getpid());
	doc = scan_json(&r, E2E_ARGS("scan", "--json", "--pid", pids, "--only",
				     "indicator"));
	p = e2e_json_get(e2e_json_get(doc, "summary"), "pid_probe");
	cr_assert_not(json_object_get_boolean(e2e_json_get(p, "ran")));
	cr_assert(strstr(jstr(p, "skipped"), "--judge hidden-pid"));
	cr_assert(e2e_contains(r.err.buf, r.err.len, "hidden-pid: not run"),
		  "%s", r.err.buf);
	json_object_put(doc);
	e2e_result_release(&r);
	doc = scan_json(&r, E2E_ARGS("scan", "--json", "--only", "indicator"));
	p = e2e_json_get(e2e_json_get(doc, "summary"), "pid_probe");
	if (json_object_get_boolean(e2e_json_get(p, "ran")))
		cr_assert_eq(json_object_get_int64(e2e_json_get(p, "hidden")),
			     0);
	else
		cr_assert(strstr(jstr(p, "skipped"), "pid_max"));
	json_object_put(doc);
	e2e_result_release(&r);
	/* Not selected: no probe, no word of it. */
	doc = scan_json(&r, E2E_ARGS("scan", "--json", "--only", "secret"));
	cr_assert(!e2e_json_get(e2e_json_get(doc, "summary"), "pid_probe"));
	json_object_put(doc);
	e2e_result_release(&r);
}
