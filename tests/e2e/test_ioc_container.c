/* End-to-end, as root: the container and lineage judges on real processes
 * this test starts. A shell with a pty in a fake containerd container
 * (shell-in-container) and one without (none); a package manager in a
 * fake container, and the dpkg it runs (package-manager-in-container on
 * the first only); a reverse-shell pair over 127.0.0.1 (stdio-to-socket,
 * with the peer) and a shell on pipes (none); a shell under a copy of
 * bash named nginx (unexpected-child) and under bash (none); a fake
 * container process with root's capabilities and the host's namespaces
 * (privileged-container). Every process is started here and killed by
 * pid; the host controls get none of these judges' findings. */
#include "e2e/containerkit.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* The judges under test, each given with --judge. */
#define JUDGES                                                                 \
	"--judge", "shell-in-container", "--judge",                            \
		"package-manager-in-container", "--judge", "unexpected-child", \
		"--judge", "privileged-container", "--judge",                  \
		"stdio-to-socket"

/* Polling for a state, never a timed assertion. */
#define DEADLINE_MS 20000

/* The processes one test started on the host, killed by pid at its end
 * (children of the test: reaped), and its temporary directory. */
struct ioc {
	pid_t pids[8];
	size_t n;
	char dir[64];
};

/* What the running test started, for the suite's fini to undo even when
 * an assertion ended the test early (each test is its own process). */
static struct {
	struct ioc t;
	struct fakectr c;
	bool have_c;
	pid_t others[4]; /* grandchildren: not the test's to reap */
	size_t nothers;
} g;

static void ioc_init(struct ioc *t)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->dir, sizeof(t->dir), "/tmp/procsift-ioc-XXXXXX");
	cr_assert(mkdtemp(t->dir), "mkdtemp: %s", strerror(errno));
}

/* Kill others (pids that are not the test's children, by pid: they go
 * first, so that their parents reap them), then the test's own. */
static void ioc_cleanup(struct ioc *t, const pid_t *others, size_t nothers)
{
	char p[sizeof(t->dir) + 258];
	size_t i;
	int st;
	DIR *d;
	struct dirent *e;
	for (i = 0; i < nothers; i++)
		if (others[i] > 0)
			kill(others[i], SIGKILL);
	for (i = 0; i < t->n; i++) {
		kill(t->pids[i], SIGKILL);
		waitpid(t->pids[i], &st, 0);
	}
	t->n = 0;
	if (!t->dir[0])
		return;
	d = opendir(t->dir);
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.') {
			snprintf(p, sizeof(p), "%s/%s", t->dir, e->d_name);
			unlink(p);
		}
	if (d)
		closedir(d);
	rmdir(t->dir);
}

static void fini(void)
{
	ioc_cleanup(&g.t, g.others, g.nothers);
	g.nothers = 0;
	if (g.have_c)
		fakectr_destroy(&g.c);
	g.have_c = false;
}

TestSuite(ioc_container, .fini = fini);

/* A fake container, destroyed by fini. */
static struct fakectr *ctr(unsigned tag)
{
	fakectr_create(&g.c, tag);
	g.have_c = true;
	return &g.c;
}

/* A grandchild to kill by pid in fini. */
static pid_t track(pid_t pid)
{
	cr_assert(g.nothers < sizeof(g.others) / sizeof(g.others[0]));
	g.others[g.nothers++] = pid;
	return pid;
}

/* Copy the program at from to DIR/name (mode 0755); its path in out. */
static void ioc_copy(struct ioc *t, const char *from, const char *name,
		     char *out, size_t size)
{
	char buf[65536];
	int in, o;
	ssize_t n;
	snprintf(out, size, "%s/%s", t->dir, name);
	in = open(from, O_RDONLY | O_CLOEXEC);
	cr_assert(in >= 0, "%s: %s", from, strerror(errno));
	o = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
	cr_assert(o >= 0, "%s: %s", out, strerror(errno));
	while ((n = read(in, buf, sizeof(buf))) > 0)
		cr_assert_eq(write(o, buf, (size_t)n), n);
	close(in);
	close(o);
}

/* A FIFO in DIR that nobody opens for writing: a shell reading it blocks
 * in its own process (a builtin's redirection), with no child. */
static void ioc_fifo(struct ioc *t, char *out, size_t size)
{
	snprintf(out, size, "%s/block", t->dir);
	cr_assert(!mkfifo(out, 0600), "mkfifo: %s", strerror(errno));
}

/* Start argv on the host with fds 0, 1, 2 (-1: /dev/null); returns once
 * it has exec'ed. */
static pid_t ioc_start(struct ioc *t, int in, int out, int err,
		       const char *const *argv)
{
	int p[2], e = 0, null;
	ssize_t n;
	pid_t pid;
	cr_assert(t->n < sizeof(t->pids) / sizeof(t->pids[0]));
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	cr_assert(null >= 0);
	cr_assert(!pipe2(p, O_CLOEXEC));
	pid = fork();
	cr_assert(pid >= 0);
	if (!pid) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		/* No controlling terminal from whoever ran the test. */
		setsid();
		if (dup2(in >= 0 ? in : null, 0) < 0 ||
		    dup2(out >= 0 ? out : null, 1) < 0 ||
		    dup2(err >= 0 ? err : null, 2) < 0)
			_exit(126);
		execv(argv[0], (char *const *)argv);
		e = errno;
		if (write(p[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(p[1]);
	n = read(p[0], &e, sizeof(e));
	close(p[0]);
	close(null);
	t->pids[t->n++] = pid;
	cr_assert_eq(n, 0, "exec %s: %s", argv[0], strerror(e));
	return pid;
}

/* comm of pid into buf (16 bytes); false when gone. */
static bool comm_of(pid_t pid, char buf[16])
{
	char path[64];
	ssize_t n;
	int fd;
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, 15);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	if (buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return true;
}

/* The child of ppid whose comm is comm, polled for until it is there. */
static pid_t child_named(pid_t ppid, const char *comm)
{
	long long deadline = e2e_now_ms() + DEADLINE_MS;
	for (;;) {
		DIR *d = opendir("/proc");
		struct dirent *e;
		pid_t found = 0;
		cr_assert(d);
		while ((e = readdir(d)) && !found) {
			char c[16];
			pid_t pid = (pid_t)atoi(e->d_name);
			if (pid > 0 && e2e_ppid(pid) == ppid &&
			    comm_of(pid, c) && !strcmp(c, comm))
				found = pid;
		}
		closedir(d);
		if (found)
			return found;
		cr_assert(e2e_now_ms() < deadline, "no child %s of %d appeared",
			  comm, (int)ppid);
		e2e_sleep_ms(10);
	}
}

/* Poll until pid's comm is comm (exec done) and, when want_fd >= 0, its fd
 * want_fd links to a socket. */
static void wait_ready(pid_t pid, const char *comm, int want_fd)
{
	long long deadline = e2e_now_ms() + DEADLINE_MS;
	for (;;) {
		char c[16], path[64], link[64] = "";
		bool ok = comm_of(pid, c) && !strcmp(c, comm);
		if (ok && want_fd >= 0) {
			ssize_t n;
			snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid,
				 want_fd);
			n = readlink(path, link, sizeof(link) - 1);
			ok = n > 0 && !strncmp(link, "socket:", 7);
		}
		if (ok)
			return;
		cr_assert(e2e_now_ms() < deadline, "pid %d never became %s",
			  (int)pid, comm);
		e2e_sleep_ms(10);
	}
}

/* procsift scan --json with the judges under test on pids (a comma
 * list); the parsed document (the caller puts it). */
static struct json_object *scan(const char *pids)
{
	struct e2e_result r;
	struct json_object *doc;
	PROCSIFT(&r, "scan", "--json", "--pid", pids, JUDGES);
	E2E_EXPECT_STATUS(&r, 0, "scan --json");
	e2e_validate("scan", &r.out);
	doc = e2e_json_parse(&r.out);
	e2e_result_release(&r);
	return doc;
}

static const char *jstr(struct json_object *o, const char *key)
{
	struct json_object *v = e2e_json_get(o, key);
	cr_assert(json_object_is_type(v, json_type_string), "%s: %s", key,
		  json_object_to_json_string(o));
	return json_object_get_string(v);
}

/* Every finding of the document, one a line, for failure messages. */
static const char *all_findings(struct json_object *doc, struct strbuf *sb)
{
	struct json_object *a = e2e_json_get(doc, "findings");
	size_t i;
	strbuf_reset(sb);
	for (i = 0; i < json_object_array_length(a); i++) {
		struct json_object *f = json_object_array_get_idx(a, i);
		strbuf_addf(
			sb, "  %d %s %s %s\n", e2e_json_pid(f),
			jstr(f, "judge"), jstr(f, "severity"),
			json_object_to_json_string(e2e_json_get(f, "facts")));
	}
	return sb->buf;
}

/* The number of findings of judge (NULL: any) about pid. */
static size_t count(struct json_object *doc, pid_t pid, const char *judge)
{
	struct json_object *a = e2e_json_get(doc, "findings");
	size_t i, n = 0;
	for (i = 0; i < json_object_array_length(a); i++) {
		struct json_object *f = json_object_array_get_idx(a, i);
		if (e2e_json_pid(f) == pid &&
		    (!judge || !strcmp(jstr(f, "judge"), judge)))
			n++;
	}
	return n;
}

/* The one finding of judge about pid (failing otherwise). */
static struct json_object *the(struct json_object *doc, pid_t pid,
			       const char *judge)
{
	struct json_object *a = e2e_json_get(doc, "findings");
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	cr_assert_eq(count(doc, pid, judge), 1,
		     "want one %s finding on pid %d; findings:\n%s", judge,
		     (int)pid, all_findings(doc, &sb));
	strbuf_release(&sb);
	for (i = 0;; i++) {
		struct json_object *f = json_object_array_get_idx(a, i);
		if (e2e_json_pid(f) == pid && !strcmp(jstr(f, "judge"), judge))
			return f;
	}
}

/* No finding of judge (NULL: of any judge under test) about pid. */
static void nothing_on(struct json_object *doc, pid_t pid, const char *judge,
		       const char *what)
{
	struct strbuf sb = STRBUF_INIT;
	cr_assert_eq(count(doc, pid, judge), 0,
		     "%s (pid %d) flagged; findings:\n%s", what, (int)pid,
		     all_findings(doc, &sb));
	strbuf_release(&sb);
}

static struct json_object *fact(struct json_object *f, const char *key)
{
	return e2e_json_get(e2e_json_get(f, "facts"), key);
}

static void fact_is(struct json_object *f, const char *key, const char *want)
{
	struct json_object *v = fact(f, key);
	cr_assert(json_object_is_type(v, json_type_string), "%s: %s", key,
		  json_object_to_json_string(v));
	cr_assert_str_eq(json_object_get_string(v), want, "fact %s", key);
}

static void fact_bool(struct json_object *f, const char *key, bool want)
{
	struct json_object *v = fact(f, key);
	cr_assert(json_object_is_type(v, json_type_boolean), "%s: %s", key,
		  json_object_to_json_string(v));
	cr_assert_eq(json_object_get_boolean(v), want, "fact %s", key);
}

/* Whether this test is in the host's namespace name as procsift takes
 * it: pid 1's, or where that cannot be read procsift's own (this
 * test's). */
static bool pid1_ns_unreadable(void)
{
	struct stat a;
	return stat("/proc/1/ns/pid", &a) != 0;
}

static bool same_ns_as_host(const char *name)
{
	struct stat a, b;
	char p[64];
	snprintf(p, sizeof(p), "/proc/1/ns/%s", name);
	if (stat(p, &a))
		return true;
	snprintf(p, sizeof(p), "/proc/self/ns/%s", name);
	return !stat(p, &b) && a.st_ino == b.st_ino && a.st_dev == b.st_dev;
}

static void require_root(void)
{
	if (geteuid() != 0)
		cr_skip_test("needs root: starts fake containers and processes "
			     "it must see whole");
}

/* (a) bash on a pty in a fake container, its parent (this test) outside
 * it; bash without a tty in the same container. */
Test(ioc_container, shell_in_container)
{
	struct fakectr *c;
	struct json_object *doc, *f;
	char pids[64], fifo[128], cmd[192];
	struct ioc *t = &g.t;
	pid_t sh, quiet;
	fakectr_require();
	ioc_init(t);
	ioc_fifo(t, fifo, sizeof(fifo));
	snprintf(cmd, sizeof(cmd), "read x < %s; :", fifo);
	c = ctr(1);
	sh = fakectr_spawn(c, FAKECTR_MNTNS | FAKECTR_PTY,
			   E2E_ARGS("/bin/bash", "--norc", "-i"));
	quiet = fakectr_spawn(
		c, FAKECTR_MNTNS,
		E2E_ARGS("/usr/bin/setsid", "/bin/bash", "-c", cmd));
	wait_ready(sh, "bash", -1);
	wait_ready(quiet, "bash", -1);
	snprintf(pids, sizeof(pids), "%d,%d", (int)sh, (int)quiet);
	doc = scan(pids);
	f = the(doc, sh, "shell-in-container");
	cr_assert_str_eq(jstr(f, "severity"), "medium");
	cr_assert_str_eq(jstr(f, "container"), c->id);
	cr_assert_eq(json_object_get_int(fact(f, "parent_pid")), getpid());
	fact_is(f, "why", "parent is outside the container");
	cr_assert(!strncmp(json_object_get_string(fact(f, "tty")), "pts/", 4),
		  "tty %s", json_object_get_string(fact(f, "tty")));
	cr_assert_eq(count(doc, quiet, "shell-in-container"), 0,
		     "bash without a tty flagged");
	json_object_put(doc);
}

/* (b) apt-get (a copy of bash) in a fake container running dpkg (a copy
 * of sleep): the first is flagged, the dpkg apt runs is not; a sleeper
 * with another name in the container is not. */
Test(ioc_container, package_manager)
{
	struct fakectr *c;
	struct json_object *doc, *f;
	char apt[128], dpkg[128], other[128], cmd[256], pids[96];
	struct ioc *t = &g.t;
	pid_t a, d, o;
	fakectr_require();
	ioc_init(t);
	ioc_copy(t, "/bin/bash", "apt-get", apt, sizeof(apt));
	ioc_copy(t, "/bin/sleep", "dpkg", dpkg, sizeof(dpkg));
	ioc_copy(t, "/bin/sleep", "sleeper", other, sizeof(other));
	snprintf(cmd, sizeof(cmd), "%s 600; :", dpkg);
	c = ctr(2);
	a = fakectr_spawn(c, FAKECTR_MNTNS, E2E_ARGS(apt, "-c", cmd));
	o = fakectr_spawn(c, FAKECTR_MNTNS, E2E_ARGS(other, "600"));
	d = track(child_named(a, "dpkg"));
	wait_ready(o, "sleeper", -1);
	snprintf(pids, sizeof(pids), "%d,%d,%d", (int)a, (int)d, (int)o);
	doc = scan(pids);
	f = the(doc, a, "package-manager-in-container");
	cr_assert_str_eq(jstr(f, "comm"), "apt-get");
	cr_assert_str_eq(jstr(f, "container"), c->id);
	cr_assert_eq(json_object_get_int(fact(f, "parent_pid")), getpid());
	cr_assert(json_object_get_int(fact(f, "ancestors_checked")) >= 1);
	/* Both are root in a container: privileged-container holds. */
	nothing_on(doc, d, "package-manager-in-container",
		   "dpkg run by apt-get");
	nothing_on(doc, o, "package-manager-in-container",
		   "a sleeper in the container");
	json_object_put(doc);
}

/* (c) a reverse shell over 127.0.0.1: bash whose 0, 1, 2 are a TCP
 * socket connected to a listener of this test; a bash on pipes. */
Test(ioc_container, reverse_shell)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t len = sizeof(sa);
	struct json_object *doc, *f;
	int lis, conn, acc, pin[2], pout[2];
	char fifo[128], cmd[192], pids[64], peer[64];
	struct ioc *t = &g.t;
	pid_t rs, ctl;
	require_root();
	ioc_init(t);
	ioc_fifo(t, fifo, sizeof(fifo));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lis = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	cr_assert(lis >= 0);
	cr_assert(!bind(lis, (struct sockaddr *)&sa, sizeof(sa)));
	cr_assert(!listen(lis, 4));
	cr_assert(!getsockname(lis, (struct sockaddr *)&sa, &len));
	conn = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	cr_assert(conn >= 0);
	cr_assert(!connect(conn, (struct sockaddr *)&sa, sizeof(sa)),
		  "connect: %s", strerror(errno));
	acc = accept4(lis, NULL, NULL, SOCK_CLOEXEC);
	cr_assert(acc >= 0);
	/* The shell reads nothing from the socket: it waits on the FIFO. */
	snprintf(cmd, sizeof(cmd), "read x < %s; :", fifo);
	rs = ioc_start(t, conn, conn, conn, E2E_ARGS("/bin/bash", "-c", cmd));
	close(conn);
	cr_assert(!pipe2(pin, O_CLOEXEC) && !pipe2(pout, O_CLOEXEC));
	ctl = ioc_start(t, pin[0], pout[1], pout[1],
			E2E_ARGS("/bin/bash", "-c", cmd));
	wait_ready(rs, "bash", 0);
	wait_ready(ctl, "bash", -1);
	snprintf(pids, sizeof(pids), "%d,%d,%d", (int)rs, (int)ctl,
		 (int)getpid());
	doc = scan(pids);
	f = the(doc, rs, "stdio-to-socket");
	cr_assert_str_eq(jstr(f, "severity"), "high");
	snprintf(peer, sizeof(peer), "127.0.0.1:%u", ntohs(sa.sin_port));
	fact_is(f, "peer", peer);
	fact_is(f, "fds", "0,1,2");
	fact_is(f, "proto", "tcp");
	fact_is(f, "state", "ESTABLISHED");
	fact_bool(f, "peer_loopback", true);
	cr_assert(!strncmp(json_object_get_string(fact(f, "local")),
			   "127.0.0.1:", 10));
	nothing_on(doc, ctl, NULL, "a shell on pipes");
	/* The listener's end, in this test (no shell), is nothing. */
	nothing_on(doc, getpid(), NULL, "the test holding the other end");
	json_object_put(doc);
	close(acc);
	close(lis);
	close(pin[0]);
	close(pin[1]);
	close(pout[0]);
	close(pout[1]);
}

/* (d) sh under a copy of bash named nginx; sh under bash. */
Test(ioc_container, unexpected_child)
{
	struct json_object *doc, *f;
	char nginx[128], fifo[128], cmd[256], pids[96], want[160];
	struct ioc *t = &g.t;
	pid_t ng, sh, bash, sh2;
	require_root();
	ioc_init(t);
	ioc_copy(t, "/bin/bash", "nginx", nginx, sizeof(nginx));
	ioc_fifo(t, fifo, sizeof(fifo));
	snprintf(cmd, sizeof(cmd), "/bin/sh -c 'read x < %s'; :", fifo);
	ng = ioc_start(t, -1, -1, -1, E2E_ARGS(nginx, "-c", cmd));
	bash = ioc_start(t, -1, -1, -1, E2E_ARGS("/bin/bash", "-c", cmd));
	sh = track(child_named(ng, "sh"));
	sh2 = track(child_named(bash, "sh"));
	snprintf(pids, sizeof(pids), "%d,%d,%d,%d", (int)ng, (int)sh, (int)bash,
		 (int)sh2);
	doc = scan(pids);
	f = the(doc, sh, "unexpected-child");
	cr_assert_str_eq(jstr(f, "severity"), "high");
	cr_assert_eq(json_object_get_int(fact(f, "parent_pid")), ng);
	fact_is(f, "parent_comm", "nginx");
	fact_is(f, "child_comm", "sh");
	snprintf(want, sizeof(want), "/bin/sh -c read x < %s", fifo);
	fact_is(f, "command", want);
	nothing_on(doc, ng, NULL, "nginx itself");
	nothing_on(doc, bash, NULL, "a bash");
	nothing_on(doc, sh2, NULL, "sh under bash");
	json_object_put(doc);
}

/* (e) a root process in a fake container: this test's own capabilities
 * (CAP_SYS_ADMIN among them) and the host's pid, net and ipc namespaces;
 * the same program on the host is no container's. */
Test(ioc_container, privileged)
{
	struct fakectr *c;
	struct json_object *doc, *f;
	char pids[64];
	struct ioc *t = &g.t;
	pid_t in, host;
	fakectr_require();
	ioc_init(t);
	c = ctr(5);
	in = fakectr_spawn(c, FAKECTR_MNTNS, E2E_ARGS("/bin/sleep", "600"));
	host = ioc_start(t, -1, -1, -1, E2E_ARGS("/bin/sleep", "600"));
	wait_ready(in, "sleep", -1);
	wait_ready(host, "sleep", -1);
	snprintf(pids, sizeof(pids), "%d,%d", (int)in, (int)host);
	doc = scan(pids);
	f = the(doc, in, "privileged-container");
	cr_assert_str_eq(jstr(f, "severity"), "high");
	cr_assert_str_eq(jstr(f, "container"), c->id);
	fact_bool(f, "cap_sys_admin", true);
	/* The fake container shares every namespace of this test but its
	 * mount namespace: the host's, where the test runs in pid 1's. */
	fact_bool(f, "host_pid", same_ns_as_host("pid"));
	fact_bool(f, "host_net", same_ns_as_host("net"));
	fact_bool(f, "host_ipc", same_ns_as_host("ipc"));
	if (pid1_ns_unreadable())
		fact_bool(f, "host_ns_from_self", true);
	nothing_on(doc, host, NULL, "a root process on the host");
	json_object_put(doc);
}
