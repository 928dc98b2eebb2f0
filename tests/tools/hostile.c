/* hostile: one process built to fool a /proc reader, for the hostile-
 * process suite (tests/e2e/test_hostile_suite.c; issue 13, item 6).
 *
 * Usage: hostile SCENARIO    (hostile --list names them)
 *
 * Sets SCENARIO up, then reports `key value` lines on standard output and
 * closes it: `pid` (this process), `subject_pid` (the process procsift is
 * to look at; often this one), `secret` (a value seeded where procsift
 * must redact it), and what the scenario adds. Waits for EOF on standard
 * input or a stop signal, then kills and reaps every child by pid,
 * removes its files and exits 0 (1 when setting up failed, 2 on a usage
 * error). Children have PR_SET_PDEATHSIG SIGKILL. Several scenarios re-exec
 * this program (same pid) with a crafted argv or environment: the mode
 * "SCENARIO-exec" is that second stage. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <linux/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tool.h"

#define SECRET "ghp_mslgzdTz8VD8Zm1HNGb5N6Ohj2moXK03zBMH"
#define MAX_KIDS 4

static char self_path[PATH_MAX];
static char tmpdir[64]; /* removed at the end when set */
static pid_t kids[MAX_KIDS];
static size_t nkids;
static char report[8192];
static size_t rlen;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(report + rlen, sizeof(report) - rlen, fmt, ap);
	va_end(ap);
	if (n > 0 && (size_t)n < sizeof(report) - rlen)
		rlen += (size_t)n;
}

static void send_report(void)
{
	send_report_bytes(report, rlen);
}

static void wait_for_stop(void)
{
	sigset_t none;
	sigemptyset(&none);
	while (!stop_sig) {
		struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
		char buf[64];
		if (ppoll(&pfd, 1, NULL, &none) <= 0)
			continue;
		if (pfd.revents & POLLNVAL)
			break;
		if (pfd.revents && read(STDIN_FILENO, buf, sizeof(buf)) <= 0)
			return;
	}
}

/* Report, wait, clean up: the end of every scenario. */
static int rm_one(const char *path, const struct stat *st, int type,
		  struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

static int finish(void)
{
	size_t i;
	int st, tries;
	send_report();
	wait_for_stop();
	for (i = 0; i < nkids; i++)
		kill(kids[i], SIGKILL);
	for (i = 0; i < nkids; i++)
		reap(kids[i]);
	/* Grandchildren (a namespace's pid 1) come back to this process,
	 * a subreaper: reap them too, so nothing outlives it. */
	for (tries = 0; tries < 500; tries++) {
		pid_t r = waitpid(-1, &st, WNOHANG);
		if (r < 0 && errno == ECHILD)
			break;
		if (r <= 0)
			sleep_ms(10);
	}
	/* Everything below the scenario's directory, whatever it made. */
	if (*tmpdir)
		nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

static void make_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/hostile.XXXXXX");
	if (!mkdtemp(tmpdir))
		die("mkdtemp");
}

static pid_t child(void)
{
	pid_t p = fork();
	if (p < 0)
		die("fork");
	if (!p) {
		/* Not the report's pipe: its reader waits for EOF. */
		int fd = open("/dev/null", O_RDWR);
		if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
			_exit(1);
		close(fd);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		return 0;
	}
	if (nkids < MAX_KIDS)
		kids[nkids++] = p;
	return p;
}

/* The stage after a re-exec: report and wait as ourselves. */
static int subject_self(void)
{
	say("pid %d\nsubject_pid %d\nsecret %s\n", (int)getpid(), (int)getpid(),
	    SECRET);
	return finish();
}

static void reexec(const char *mode, char *const *argv_tail, char *const *envp)
{
	char *av[8];
	char stage[64];
	size_t n = 0;
	snprintf(stage, sizeof(stage), "%s-exec", mode);
	av[n++] = self_path;
	av[n++] = stage;
	while (argv_tail && *argv_tail && n < 7)
		av[n++] = *argv_tail++;
	av[n] = NULL;
	execve(self_path, av, envp);
	die("execve");
}

static char *const plain_env[] = {(char *)"PATH=/usr/bin:/bin",
				  (char *)"HOSTILE_NOTE=" SECRET, NULL};

/* ---- names ---- */

static int set_comm(const char *name)
{
	if (prctl(PR_SET_NAME, name))
		die("PR_SET_NAME");
	return subject_self();
}

/* ---- descriptors ---- */

static int hold_file_named(const char *leaf)
{
	char path[512];
	int fd;
	make_tmpdir();
	snprintf(path, sizeof(path), "%s/%s", tmpdir, leaf);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		die("create");
	say("fd %d\n", fd);
	return subject_self();
}

static int hold_long_path(void)
{
	char path[4200];
	size_t len;
	int fd, i;
	make_tmpdir();
	len = (size_t)snprintf(path, sizeof(path), "%s", tmpdir);
	/* 15 levels of 250-byte names: past PATH_MAX/2, under PATH_MAX. */
	for (i = 0; i < 15; i++) {
		path[len++] = '/';
		memset(path + len, 'd' + (i % 3), 250);
		len += 250;
		path[len] = '\0';
		if (mkdir(path, 0700))
			die("mkdir");
	}
	snprintf(path + len, sizeof(path) - len, "/f");
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		die("create");
	say("fd %d\n", fd);
	return subject_self();
}

static int hold_fifo(void)
{
	char path[128];
	int fd;
	make_tmpdir();
	snprintf(path, sizeof(path), "%s/fifo", tmpdir);
	if (mkfifo(path, 0600))
		die("mkfifo");
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		die("open fifo");
	say("fd %d\n", fd);
	return subject_self();
}

static int hold_pty(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC), s;
	if (m < 0 || grantpt(m) || unlockpt(m))
		die("posix_openpt");
	s = open(ptsname(m), O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s < 0)
		die("pts");
	say("fd %d\n", s);
	return subject_self();
}

static int hold_sockets(bool abstract_name)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t sl = sizeof(sa);
	int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), c, a;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (l < 0 || bind(l, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(l, 4) || getsockname(l, (struct sockaddr *)&sa, &sl))
		die("listen");
	c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c < 0 || connect(c, (struct sockaddr *)&sa, sizeof(sa)) ||
	    (a = accept4(l, NULL, NULL, SOCK_CLOEXEC)) < 0)
		die("connect");
	say("fd %d\nport %u\n", l, ntohs(sa.sin_port));
	if (abstract_name) {
		static const char name[] = "\0hostile\nname\x1b[31m";
		struct sockaddr_un su = {.sun_family = AF_UNIX};
		int u = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		memcpy(su.sun_path, name, sizeof(name) - 1);
		if (u < 0 ||
		    bind(u, (struct sockaddr *)&su,
			 (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
				     sizeof(name) - 1)))
			die("bind abstract");
		say("unix_fd %d\n", u);
	}
	return subject_self();
}

static int hold_devices(void)
{
	static const char *const devs[] = {"/dev/null", "/dev/zero",
					   "/dev/urandom", "/dev/full"};
	for (size_t i = 0; i < 4; i++)
		if (open(devs[i], O_RDONLY | O_CLOEXEC) < 0)
			die("%s", devs[i]);
	return subject_self();
}

static int many_fds(void)
{
	struct rlimit rl;
	long n = 0;
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || getrlimit(RLIMIT_NOFILE, &rl))
		die("setup");
	/* 100,000 where the hard limit allows it; less where it does not
	 * (CAP_SYS_RESOURCE raises it: not every sandbox grants it). */
	if (rl.rlim_max > 100064)
		rl.rlim_max = 100064;
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	while (n < (long)rl.rlim_cur - 64 && n < 100000 &&
	       fcntl(fd, F_DUPFD_CLOEXEC, 0) >= 0)
		n++;
	say("fds %ld\n", n + 1);
	return subject_self();
}

/* ---- executables and memory ---- */

static int deleted_exe(const char *mode)
{
	char path[128];
	int in, out;
	char buf[65536];
	ssize_t n;
	make_tmpdir();
	snprintf(path, sizeof(path), "%s/gone", tmpdir);
	in = open(self_path, O_RDONLY | O_CLOEXEC);
	out = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0700);
	if (in < 0 || out < 0)
		die("copy");
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			die("copy");
	close(in);
	close(out);
	snprintf(self_path, sizeof(self_path), "%s", path);
	{
		/* The second stage unlinks it and removes the directory. */
		char dir[80], *tail[] = {tmpdir, NULL};
		snprintf(dir, sizeof(dir), "%s", tmpdir);
		(void)dir;
		reexec(mode, tail, plain_env);
	}
	return 1;
}

static int deleted_exe_stage(const char *dir)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/gone", dir);
	if (unlink(path) || rmdir(dir))
		die("unlink");
	return subject_self();
}

static int memfd_exe(void)
{
	char buf[65536];
	char *av[] = {(char *)"hostile", (char *)"memfd-exe-exec", NULL};
	ssize_t n;
	int in = open(self_path, O_RDONLY | O_CLOEXEC);
	int m = memfd_create("hostile", MFD_CLOEXEC);
	if (in < 0 || m < 0)
		die("memfd");
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(m, buf, (size_t)n) != n)
			die("memfd copy");
	fexecve(m, av, plain_env);
	die("fexecve");
}

static int rwx_memory(void)
{
	void *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("mmap rwx");
	memset(p, 0xc3, 4096);
	say("rwx_start %lx\n", (unsigned long)p);
	return subject_self();
}

static int many_mappings(void)
{
	long i, n = 50000;
	/* Alternating protections: the kernel merges no two. */
	char *p = mmap(NULL, (size_t)n * 4096, PROT_READ,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("mmap");
	for (i = 0; i < n; i += 2)
		if (mprotect(p + i * 4096, 4096, PROT_READ | PROT_WRITE))
			die("mprotect");
	say("mappings %ld\n", n);
	return subject_self();
}

static void *idle(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static int many_threads(void)
{
	pthread_attr_t at;
	int i;
	pthread_attr_init(&at);
	pthread_attr_setstacksize(&at, 64 * 1024);
	for (i = 0; i < 2000; i++) {
		pthread_t t;
		if ((errno = pthread_create(&t, &at, idle, NULL)))
			die("pthread_create %d", i);
	}
	say("threads %d\n", i + 1);
	return subject_self();
}

/* stat's fields by number (1-based), for PR_SET_MM_MAP. */
static int stat_fields(unsigned long *v, int n)
{
	char buf[4096], *q, *tok, *save;
	FILE *f = fopen("/proc/self/stat", "r");
	int k = 3;
	if (!f || !fgets(buf, sizeof(buf), f))
		die("stat");
	fclose(f);
	q = strrchr(buf, ')');
	if (!q)
		die("stat");
	for (tok = strtok_r(q + 2, " ", &save); tok && k < n;
	     tok = strtok_r(NULL, " ", &save))
		v[k++] = strtoul(tok, NULL, 10);
	return k;
}

/* 64 MiB of environment: more than execve takes (6 MiB at most), so the
 * environment area is pointed at a 64 MiB mapping with PR_SET_MM_MAP,
 * which CRIU uses (CAP_SYS_RESOURCE or CAP_CHECKPOINT_RESTORE). The
 * secret is the first variable. */
static int big_environ(const char *mode)
{
	size_t sz = 64u << 20, n = 0;
	unsigned long v[60] = {0};
	struct prctl_mm_map m;
	char *p = mmap(NULL, sz, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int i = 0;
	(void)mode;
	if (p == MAP_FAILED)
		die("mmap");
	n += (size_t)sprintf(p, "HOSTILE_NOTE=%s", SECRET) + 1;
	while (n + 128 < sz)
		n += (size_t)sprintf(p + n, "BIG_%07d=%0100d", i++, 7) + 1;
	if (stat_fields(v, 52) < 52)
		die("stat fields");
	memset(&m, 0, sizeof(m));
	m.start_code = v[26];
	m.end_code = v[27];
	m.start_stack = v[28];
	m.start_data = v[45];
	m.end_data = v[46];
	m.start_brk = v[47];
	m.brk = (unsigned long)sbrk(0);
	m.arg_start = v[48];
	m.arg_end = v[49];
	m.env_start = (unsigned long)p;
	m.env_end = (unsigned long)p + n;
	m.exe_fd = (__u32)-1;
	if (prctl(PR_SET_MM, PR_SET_MM_MAP, &m, sizeof(m), 0))
		die("PR_SET_MM_MAP (needs CAP_SYS_RESOURCE or "
		    "CAP_CHECKPOINT_RESTORE)");
	say("environ_bytes %zu\n", n);
	return subject_self();
}

/* ---- processes ---- */

static int zombie(void)
{
	pid_t p = fork();
	if (p < 0)
		die("fork");
	if (!p)
		_exit(0);
	if (nkids < MAX_KIDS)
		kids[nkids++] = p;
	/* Not reaped until the end: a zombie until then. */
	for (int i = 0; i < 200; i++) {
		char path[64], st[256];
		FILE *f;
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)p);
		f = fopen(path, "r");
		if (f && fgets(st, sizeof(st), f) && strstr(st, ") Z ")) {
			fclose(f);
			break;
		}
		if (f)
			fclose(f);
		sleep_ms(5);
	}
	say("pid %d\nsubject_pid %d\nsecret %s\n", (int)getpid(), (int)p,
	    SECRET);
	return finish();
}

static void *leader_thread(void *arg)
{
	(void)arg;
	/* Reported once the main thread is a zombie, not while it is still
	 * on its way out of pthread_exit. */
	wait_leader_zombie();
	say("pid %d\nsubject_pid %d\nsecret %s\nlive_tid %d\n", (int)getpid(),
	    (int)getpid(), SECRET, (int)gettid());
	exit(finish());
}

static int zombie_leader(void)
{
	pthread_t t;
	if ((errno = pthread_create(&t, NULL, leader_thread, NULL)))
		die("pthread_create");
	pthread_exit(NULL);
}

/* A child with the secret in its environment, set up by fn, reported as
 * the subject; it waits for this process to kill it. */
static int subject_child(void (*fn)(int ready), const char *why_root)
{
	int p[2];
	char c;
	pid_t k;
	if (why_root && geteuid() != 0) {
		errno = EPERM;
		die("%s needs root", why_root);
	}
	if (pipe2(p, O_CLOEXEC))
		die("pipe");
	k = child();
	if (!k) {
		close(p[0]);
		fn(p[1]);
		_exit(1);
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1)
		die("child set-up failed");
	close(p[0]);
	say("pid %d\nsubject_pid %d\nsecret %s\n", (int)getpid(), (int)k,
	    SECRET);
	return finish();
}

static void ready_then_sleep(int ready)
{
	char *av[] = {(char *)"sleep", (char *)"1000000", NULL};
	/* The secret in the environment of what the child runs. */
	if (write(ready, "x", 1) != 1)
		_exit(1);
	close(ready);
	execve("/bin/sleep", av, plain_env);
	_exit(127);
}

static void in_namespaces(int ready)
{
	int p[2];
	pid_t k;
	if (unshare(CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET))
		_exit(1);
	if (pipe2(p, 0))
		_exit(1);
	/* The grandchild is pid 1 of the new namespace; this child waits
	 * for it (pid 1 dying takes the namespace along). */
	k = fork();
	if (k < 0)
		_exit(1);
	if (!k) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		ready_then_sleep(ready);
	}
	close(ready);
	waitpid(k, NULL, 0);
	_exit(0);
}

static char cr_dirs[2][80];

static void chrooted_gone(int ready)
{
	/* cwd in one directory, root in another: both removed by the
	 * parent once the child is in them. */
	if (chdir(cr_dirs[1]) || chroot(cr_dirs[0]))
		_exit(1);
	if (write(ready, "x", 1) != 1)
		_exit(1);
	for (;;)
		pause();
}

static int deleted_cwd_root(void)
{
	int r;
	make_tmpdir();
	snprintf(cr_dirs[0], sizeof(cr_dirs[0]), "%s/root", tmpdir);
	snprintf(cr_dirs[1], sizeof(cr_dirs[1]), "%s/cwd", tmpdir);
	if (mkdir(cr_dirs[0], 0700) || mkdir(cr_dirs[1], 0700))
		die("mkdir");
	/* Removed now, before the report: the child is in them. */
	r = 0;
	{
		int p[2];
		char c;
		pid_t k;
		if (geteuid() != 0) {
			errno = EPERM;
			die("deleted-cwd-root needs root (chroot)");
		}
		if (pipe2(p, O_CLOEXEC))
			die("pipe");
		k = child();
		if (!k) {
			close(p[0]);
			chrooted_gone(p[1]);
		}
		close(p[1]);
		if (read(p[0], &c, 1) != 1)
			die("child set-up failed");
		close(p[0]);
		if (rmdir(cr_dirs[0]) || rmdir(cr_dirs[1]))
			die("rmdir");
		say("pid %d\nsubject_pid %d\nsecret %s\n", (int)getpid(),
		    (int)k, SECRET);
	}
	(void)r;
	return finish();
}

static void as_nobody(int ready)
{
	if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
		_exit(1);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	ready_then_sleep(ready);
}

/* Fork churn: 1,000 short-lived processes a second (each exits at once),
 * paced by the clock, from a child, until killed. */
static void churn(int ready)
{
	struct timespec t0, t;
	long n = 0;
	if (write(ready, "x", 1) != 1)
		_exit(1);
	close(ready);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		long due;
		clock_gettime(CLOCK_MONOTONIC, &t);
		due = (t.tv_sec - t0.tv_sec) * 1000 +
		      (t.tv_nsec - t0.tv_nsec) / 1000000;
		for (; n < due; n++) {
			pid_t p = fork();
			if (!p)
				_exit(0);
			if (p > 0)
				waitpid(p, NULL, 0);
		}
		sleep_ms(1);
	}
}

/* pid-reuse: processes that come and go at one pid, each with its own
 * comm and argv ("gen-K"): the next pid is set through ns_last_pid
 * (CAP_SYS_ADMIN), as CRIU does, before each fork. */
static void reuser(int ready)
{
	pid_t x = 0;
	char tag[32], *av[4];
	for (unsigned k = 0; !stop_sig; k++) {
		pid_t g;
		if (x) {
			int fd = open("/proc/sys/kernel/ns_last_pid",
				      O_WRONLY | O_CLOEXEC);
			char num[16];
			int len = snprintf(num, sizeof(num), "%d", (int)x - 1);
			if (fd < 0 || write(fd, num, (size_t)len) != len)
				_exit(1);
			close(fd);
		}
		snprintf(tag, sizeof(tag), "gen-%u", k);
		g = fork();
		if (g < 0)
			_exit(1);
		if (!g) {
			av[0] = self_path;
			av[1] = (char *)"reuse-gen";
			av[2] = tag;
			av[3] = NULL;
			execve(self_path, av, plain_env);
			_exit(127);
		}
		if (!x) {
			x = g;
			if (write(ready, &x, sizeof(x)) != sizeof(x))
				_exit(1);
			close(ready);
		}
		waitpid(g, NULL, 0);
	}
	_exit(0);
}

static int pid_reuse(void)
{
	int p[2];
	pid_t k, x;
	if (geteuid() != 0) {
		errno = EPERM;
		die("pid-reuse needs root (ns_last_pid)");
	}
	if (pipe2(p, O_CLOEXEC))
		die("pipe");
	k = child();
	if (!k) {
		close(p[0]);
		reuser(p[1]);
	}
	close(p[1]);
	if (read(p[0], &x, sizeof(x)) != sizeof(x))
		die("reuser set-up failed");
	close(p[0]);
	say("pid %d\nsubject_pid %d\nsecret %s\nreuse %d\n", (int)getpid(),
	    (int)k, SECRET, (int)x);
	return finish();
}

/* A generation of pid-reuse: its tag as comm (and in argv), a short
 * life. */
static int reuse_gen(const char *tag)
{
	prctl(PR_SET_NAME, tag);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	sleep_ms(20);
	return 0;
}

static int fake_etcd(void)
{
	char path[256];
	int fd;
	make_tmpdir();
	snprintf(path, sizeof(path), "%s/member", tmpdir);
	if (mkdir(path, 0700))
		die("mkdir");
	snprintf(path, sizeof(path), "%s/member/snap", tmpdir);
	if (mkdir(path, 0700))
		die("mkdir");
	snprintf(path, sizeof(path), "%s/member/snap/db", tmpdir);
	/* Two pages of text where etcd keeps its bbolt database. */
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		die("create");
	for (int i = 0; i < 2; i++) {
		char junk[4096];
		memset(junk, 'x', sizeof(junk));
		if (write(fd, junk, sizeof(junk)) != (ssize_t)sizeof(junk))
			die("write");
	}
	if (prctl(PR_SET_NAME, "etcd"))
		die("PR_SET_NAME");
	say("fd %d\n", fd);
	return subject_self();
}

/* ---- the table ---- */

struct scenario {
	const char *name;
	int (*run)(const char *mode);
	bool own_env; /* it execs with an environment of its own */
};

static char *const argv_esc[] = {(char *)"\x1b]0;owned\x07\x1b[2J",
				 (char *)"--token=" SECRET, NULL};
static char *const argv_newline[] = {(char *)"line1\nline2\r",
				     (char *)"\xff\xc0\x80", NULL};
static char *const env_name_esc[] = {(char *)"\x1b[2JNAME=" SECRET,
				     (char *)"PATH=/usr/bin:/bin", NULL};
static char *const env_name_utf8[] = {(char *)"N\xff\xfe"
					      "AME=x",
				      (char *)"GH=" SECRET, NULL};
static char *const env_value_nl[] = {
	(char *)"NOTE=line1\n" SECRET "\nline3\x1b[0m", NULL};

static int run_comm_esc(const char *m)
{
	(void)m;
	return set_comm("\x1b[31mevil");
}
static int run_comm_newline(const char *m)
{
	(void)m;
	return set_comm("line1\nline2");
}
static int run_comm_utf8(const char *m)
{
	(void)m;
	return set_comm("\xff\xfe\x80"
			"bad");
}
static int run_comm_kthread(const char *m)
{
	(void)m;
	return set_comm("kworker/0:1");
}
static int run_argv_esc(const char *m)
{
	reexec(m, argv_esc, plain_env);
	return 1;
}
static int run_argv_newline(const char *m)
{
	reexec(m, argv_newline, plain_env);
	return 1;
}
static int run_argv_deep(const char *m)
{
	static char deep[120000];
	char *tail[] = {deep, NULL};
	size_t i, n = 0;
	n += (size_t)snprintf(deep, sizeof(deep), "--config=");
	for (i = 0; i < 50000; i++)
		deep[n++] = '[';
	n += (size_t)snprintf(deep + n, sizeof(deep) - n,
			      "{\"password\":\"%s\"}", SECRET);
	for (i = 0; i < 50000 && n < sizeof(deep) - 1; i++)
		deep[n++] = ']';
	deep[n] = '\0';
	reexec(m, tail, plain_env);
	return 1;
}
static int run_env_name_esc(const char *m)
{
	reexec(m, NULL, env_name_esc);
	return 1;
}
static int run_env_name_utf8(const char *m)
{
	reexec(m, NULL, env_name_utf8);
	return 1;
}
static int run_env_value_nl(const char *m)
{
	reexec(m, NULL, env_value_nl);
	return 1;
}
static int run_fd_name(const char *m)
{
	(void)m;
	return hold_file_named("\x1b[31mred\nname\xff");
}
static int run_fd_long(const char *m)
{
	(void)m;
	return hold_long_path();
}
static int run_socket_name(const char *m)
{
	(void)m;
	return hold_sockets(true);
}
static int run_fifo(const char *m)
{
	(void)m;
	return hold_fifo();
}
static int run_pty(const char *m)
{
	(void)m;
	return hold_pty();
}
static int run_sockets(const char *m)
{
	(void)m;
	return hold_sockets(false);
}
static int run_devices(const char *m)
{
	(void)m;
	return hold_devices();
}
static int run_deleted_exe(const char *m)
{
	return deleted_exe(m);
}
static int run_memfd_exe(const char *m)
{
	(void)m;
	return memfd_exe();
}
static int run_rwx(const char *m)
{
	(void)m;
	return rwx_memory();
}
static int run_big_env(const char *m)
{
	return big_environ(m);
}
static int run_many_fds(const char *m)
{
	(void)m;
	return many_fds();
}
static int run_many_maps(const char *m)
{
	(void)m;
	return many_mappings();
}
static int run_many_threads(const char *m)
{
	(void)m;
	return many_threads();
}
static int run_zombie(const char *m)
{
	(void)m;
	return zombie();
}
static int run_zombie_leader(const char *m)
{
	(void)m;
	return zombie_leader();
}
static int run_namespaces(const char *m)
{
	(void)m;
	return subject_child(in_namespaces, "namespaces");
}
static int run_deleted_cwd_root(const char *m)
{
	(void)m;
	return deleted_cwd_root();
}
static int run_unprivileged(const char *m)
{
	(void)m;
	return subject_child(as_nobody, "unprivileged (setuid)");
}
static int run_churn(const char *m)
{
	(void)m;
	return subject_child(churn, NULL);
}
static int run_pid_reuse(const char *m)
{
	(void)m;
	return pid_reuse();
}
static int run_fake_etcd(const char *m)
{
	(void)m;
	return fake_etcd();
}

static const struct scenario scenarios[] = {
	{"comm-esc", run_comm_esc, false},
	{"comm-newline", run_comm_newline, false},
	{"comm-utf8", run_comm_utf8, false},
	{"comm-kthread", run_comm_kthread, false},
	{"argv-esc", run_argv_esc, false},
	{"argv-newline", run_argv_newline, false},
	{"argv-deep", run_argv_deep, false},
	{"env-name-esc", run_env_name_esc, true},
	{"env-name-utf8", run_env_name_utf8, true},
	{"env-value-newline", run_env_value_nl, true},
	{"fd-name", run_fd_name, false},
	{"fd-long-path", run_fd_long, false},
	{"socket-name", run_socket_name, false},
	{"fifo", run_fifo, false},
	{"pty", run_pty, false},
	{"sockets", run_sockets, false},
	{"devices", run_devices, false},
	{"deleted-exe", run_deleted_exe, false},
	{"memfd-exe", run_memfd_exe, false},
	{"rwx-memory", run_rwx, false},
	{"big-environ", run_big_env, true},
	{"many-fds", run_many_fds, false},
	{"many-mappings", run_many_maps, false},
	{"many-threads", run_many_threads, false},
	{"zombie", run_zombie, false},
	{"zombie-leader", run_zombie_leader, false},
	{"namespaces", run_namespaces, false},
	{"deleted-cwd-root", run_deleted_cwd_root, false},
	{"unprivileged", run_unprivileged, false},
	{"churn", run_churn, false},
	{"fake-etcd", run_fake_etcd, false},
	{"pid-reuse", run_pid_reuse, false},
};

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	size_t i, n;
	ssize_t len;
	tool_signals(0, NULL);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	len = readlink("/proc/self/exe", self_path, sizeof(self_path) - 1);
	if (len < 0)
		die("readlink /proc/self/exe");
	self_path[len] = '\0';
	if (!strcmp(mode, "--list")) {
		for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
			printf("%s\n", scenarios[i].name);
		return 0;
	}
	if (!strcmp(mode, "reuse-gen") && argc > 2)
		return reuse_gen(argv[2]);
	/* The stage after a re-exec. */
	n = strlen(mode);
	if (n > 5 && !strcmp(mode + n - 5, "-exec")) {
		if (!strncmp(mode, "deleted-exe", 11) && argc > 2)
			return deleted_exe_stage(argv[2]);
		return subject_self();
	}
	for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
		if (strcmp(mode, scenarios[i].name))
			continue;
		/* Every subject holds the secret in its environment: run
		 * again with it, unless the scenario makes its own. */
		if (!getenv("HOSTILE_NOTE") && !scenarios[i].own_env) {
			char *av[] = {self_path, (char *)mode, NULL};
			execve(self_path, av, plain_env);
			die("execve");
		}
		return scenarios[i].run(mode);
	}
	fprintf(stderr, "usage: hostile SCENARIO (hostile --list)\n");
	return 2;
}
