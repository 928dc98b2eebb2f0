/*
 * farm: start a farm of sleeping processes for `make bench`.
 *
 *   farm [-g LEADERS] [-t SECONDS] [--ignore-stdin] N PIDFILE
 *
 * Builds a shallow tree under the farm process:
 *
 *   farm
 *    +- farm-sleeper --index 0 --role leader
 *    |   +- farm-sleeper --index 0 --role worker
 *    |   +- ...                                   (N / LEADERS workers)
 *    +- farm-sleeper --index 1 --role leader
 *    ...
 *
 * N is the number of workers; LEADERS (default 10, at most N) group leaders
 * come on top.  Every sleeper (leader or worker) is a re-exec of this binary
 * with argv[0] "farm-sleeper", a 34-variable environment of its own and 20
 * open file descriptors of its own (/dev/null, a regular temp file, pipes,
 * socketpairs, an eventfd, a directory, /dev/zero).  Besides, as an nginx or
 * gunicorn master does, each leader creates one pipe and one stream
 * socketpair before it forks its workers, and the leader and every one of
 * its workers keep both ends of both at fds SHARED_FD..SHARED_FD+3: one pipe
 * and one socketpair shared by N / LEADERS + 1 processes; 24 fds a sleeper.
 * Each sleeper reports its pid over a pipe once it is fully set up; when
 * every sleeper has reported, the farm writes all pids (leaders and workers,
 * one per line) to PIDFILE and prints "ready" on stdout.
 *
 * Teardown happens on SIGTERM, SIGINT, SIGHUP or EOF on stdin (unless
 * --ignore-stdin): SIGKILL to every listed pid, then reap everything (the
 * farm is a child subreaper, so orphaned workers come back to it).  Every
 * sleeper has PR_SET_PDEATHSIG(SIGKILL), so if the farm itself is killed the
 * leaders die, and with them the workers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SLEEPER_NAME "farm-sleeper"
#define REPORT_FD 200 /* sleeper -> farm pid report pipe (write end) */
#define SHARED_FD 201 /* 201-202 the leader's pipe, 203-204 its socketpair */
#define SHARED_FDS 4
#define HIGH_FD 255 /* a dup at a high number, as bash does */
#define SLEEPER_FDS 20
#define DEFAULT_LEADERS 10
#define DEFAULT_TIMEOUT 120
#define MIN_NOFILE 1024

static const char *prog = "farm";
static char exe_path[PATH_MAX];
static char tmp_dir[PATH_MAX];
static char data_path[PATH_MAX];

static pid_t *pids; /* reported sleeper pids */
static size_t npids;
static pid_t *leader_pids; /* forked leaders, known before they report */
static size_t nleaders;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* ------------------------------------------------------------------ */
/* sleeper side                                                        */

static void report(int32_t value)
{
	ssize_t n;

	do {
		n = write(REPORT_FD, &value, sizeof(value));
	} while (n < 0 && errno == EINTR);
}

static void sleeper_fail(const char *what)
{
	int err = errno ? errno : EIO;

	report(-err);
	/* stderr may already be /dev/null; try anyway */
	fprintf(stderr, "%s[%ld]: %s: %s\n", SLEEPER_NAME, (long)getpid(), what,
		strerror(err));
	_exit(1);
}

static void sleeper_main(void) __attribute__((noreturn));

static void sleeper_main(void)
{
	const char *data = getenv("FARM_DATA_FILE");
	const char *dir = getenv("TMPDIR");
	int fd, sv[2], p[2];

	prctl(PR_SET_NAME, SLEEPER_NAME, 0, 0, 0);
	if (!data || !dir) {
		errno = EINVAL;
		sleeper_fail("FARM_DATA_FILE/TMPDIR not set");
	}

	/* 0-2: /dev/null (the farm's stdio must not be held by sleepers) */
	fd = open("/dev/null", O_RDWR);
	if (fd < 0)
		sleeper_fail("/dev/null");
	if (dup2(fd, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		sleeper_fail("dup2");
	if (fd > 2)
		close(fd);

	/* 3, 4: regular file, read and append */
	if (open(data, O_RDONLY) < 0)
		sleeper_fail(data);
	fd = open(data, O_WRONLY | O_APPEND);
	if (fd < 0)
		sleeper_fail(data);
	/* 5: another /dev/null; 6: a directory; 7: /dev/zero */
	if (open("/dev/null", O_WRONLY) < 0)
		sleeper_fail("/dev/null");
	if (open(dir, O_RDONLY | O_DIRECTORY) < 0)
		sleeper_fail(dir);
	if (open("/dev/zero", O_RDONLY) < 0)
		sleeper_fail("/dev/zero");
	/* 8-9, 10-11, 12-13: pipes (one non-blocking, one with data) */
	if (pipe(p) < 0)
		sleeper_fail("pipe");
	if (pipe2(p, O_NONBLOCK) < 0)
		sleeper_fail("pipe2");
	if (pipe(p) < 0)
		sleeper_fail("pipe");
	if (write(p[1], "farm\n", 5) != 5)
		sleeper_fail("pipe write");
	/* 14-15: stream socketpair; 16-17: datagram socketpair */
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		sleeper_fail("socketpair");
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv) < 0)
		sleeper_fail("socketpair");
	/* 18: eventfd */
	if (eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC) < 0)
		sleeper_fail("eventfd");
	/* 255: the append fd again, high up */
	if (dup2(fd, HIGH_FD) < 0)
		sleeper_fail("dup2 high");
	/* that makes 20 fds of its own once REPORT_FD is closed, plus the
	 * SHARED_FDS inherited from the leader */

	report((int32_t)getpid());
	close(REPORT_FD);

	for (;;)
		pause();
}

/* ------------------------------------------------------------------ */
/* farm side                                                           */

#define ENV_MAX 40
#define ENV_LEN 256

/* Close every fd >= 3 except those from lo to hi (lo > 3). */
static void close_fds_except(int lo, int hi)
{
	long max = sysconf(_SC_OPEN_MAX);

#ifdef SYS_close_range
	if (syscall(SYS_close_range, 3U, (unsigned)lo - 1, 0U) == 0 &&
	    syscall(SYS_close_range, (unsigned)hi + 1, ~0U, 0U) == 0)
		return;
#endif
	/* old kernel or headers: the slow way */
	if (max < 0 || max > 65536)
		max = 65536;
	for (int fd = 3; fd < max; fd++)
		if (fd < lo || fd > hi)
			close(fd);
}

/* Child of a fork: arm the death signal, then become a sleeper. */
static void exec_sleeper(long index, const char *role, pid_t parent,
			 int report_w)
{
	static char envbuf[ENV_MAX][ENV_LEN];
	char *envp[ENV_MAX + 1];
	char idx[32];
	char *argv[] = {(char *)SLEEPER_NAME, (char *)"--index", idx,
			(char *)"--role",     (char *)role,	 NULL};
	sigset_t none;
	int n = 0;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
		_exit(127);
	if (getppid() != parent) /* parent died before prctl */
		_exit(127);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (report_w == REPORT_FD) {
		if (fcntl(REPORT_FD, F_SETFD, 0) < 0)
			_exit(127);
	} else if (dup2(report_w, REPORT_FD) < 0) {
		_exit(127);
	}
	/* drop whatever else the farm's caller left open (bash keeps
	 * saved descriptors around, e.g. fd 10 or 255), but keep the
	 * leader's shared pipe and socketpair */
	close_fds_except(REPORT_FD, SHARED_FD + SHARED_FDS - 1);

	snprintf(idx, sizeof(idx), "%ld", index);

#define ENV(...)                                                          \
	do {                                                              \
		if (snprintf(envbuf[n], ENV_LEN, __VA_ARGS__) >= ENV_LEN) \
			_exit(127);                                       \
		n++;                                                      \
	} while (0)
	ENV("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:"
	    "/bin");
	ENV("HOME=/srv/farm/%s-%ld", role, index);
	ENV("USER=farm");
	ENV("LOGNAME=farm");
	ENV("SHELL=/bin/bash");
	ENV("LANG=C.UTF-8");
	ENV("LANGUAGE=en_US:en");
	ENV("TERM=xterm-256color");
	ENV("TZ=UTC");
	ENV("PWD=/srv/farm");
	ENV("HOSTNAME=farm-node-%02ld", index % 16);
	ENV("TMPDIR=%s", tmp_dir);
	ENV("XDG_RUNTIME_DIR=/run/user/%ld", (long)getuid());
	ENV("FARM_INDEX=%ld", index);
	ENV("FARM_ROLE=%s", role);
	ENV("FARM_DATA_FILE=%s", data_path);
	ENV("SERVICE_NAME=farm-%s", role);
	ENV("LOG_LEVEL=%s", index % 7 ? "info" : "debug");
	ENV("WORKER_THREADS=%ld", 1 + index % 8);
	ENV("DB_HOST=db-%ld.farm.internal", index % 4);
	ENV("DB_PORT=5432");
	ENV("DB_NAME=farm_%ld", index % 8);
	ENV("DB_USER=farm_app");
	ENV("DB_PASSWORD=farm-not-a-secret-%ld", index);
	ENV("REDIS_HOST=redis.farm.internal");
	ENV("REDIS_PORT=6379");
	ENV("SMTP_HOST=smtp.farm.internal");
	ENV("SMTP_PORT=587");
	ENV("API_TOKEN=farm-not-a-secret-token-%08lx", index * 2654435761UL);
	ENV("AWS_SECRET_ACCESS_KEY=farm-not-a-secret-aws-%ld", index);
	ENV("HTTP_PROXY=http://proxy.farm.internal:3128");
	ENV("NO_PROXY=localhost,127.0.0.1,.farm.internal");
	ENV("JAVA_OPTS=-Xms64m -Xmx256m -Dfile.encoding=UTF-8");
	ENV("OTEL_EXPORTER_OTLP_ENDPOINT=http://otel.farm.internal:4317");
#undef ENV
	for (int i = 0; i < n; i++)
		envp[i] = envbuf[i];
	envp[n] = NULL;

	execve(exe_path, argv, envp);
	_exit(127);
}

static void run_leader(long leader, long first, long count, pid_t farm,
		       int report_w)
{
	int p[2], sv[2];
	pid_t self;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
		_exit(127);
	if (getppid() != farm)
		_exit(127);
	self = getpid();
	/* the report pipe goes to its place first, out of the way of the
	 * shared fds; then the pipe and socketpair every worker inherits */
	if (report_w != REPORT_FD) {
		if (dup2(report_w, REPORT_FD) < 0)
			_exit(127);
		close(report_w);
		report_w = REPORT_FD;
	}
	if (pipe(p) < 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0 ||
	    dup2(p[0], SHARED_FD) < 0 || dup2(p[1], SHARED_FD + 1) < 0 ||
	    dup2(sv[0], SHARED_FD + 2) < 0 || dup2(sv[1], SHARED_FD + 3) < 0) {
		int32_t v = -errno;

		if (write(report_w, &v, sizeof(v)) < 0)
			_exit(127);
		_exit(1);
	}
	close(p[0]);
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
	for (long i = 0; i < count; i++) {
		pid_t pid = fork();

		if (pid == 0)
			exec_sleeper(first + i, "worker", self, report_w);
		if (pid < 0) {
			int32_t v = -errno;

			if (write(report_w, &v, sizeof(v)) < 0)
				_exit(127);
			break;
		}
	}
	/* the leader becomes a sleeper itself; its workers stay children */
	exec_sleeper(leader, "leader", farm, report_w);
}

static void raise_limits(long total)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < MIN_NOFILE) {
		rl.rlim_cur =
			rl.rlim_max < MIN_NOFILE ? rl.rlim_max : MIN_NOFILE;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur <= HIGH_FD)
		die("RLIMIT_NOFILE %lu too low (need > %d)",
		    (unsigned long)rl.rlim_cur, HIGH_FD);
	/* NPROC counts every process of the user: take what we may */
	if (getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NPROC, &rl);
		getrlimit(RLIMIT_NPROC, &rl);
	}
	if (geteuid() != 0 && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur < (rlim_t)total + 64)
		fprintf(stderr,
			"%s: warning: RLIMIT_NPROC %lu may be too low "
			"for %ld processes\n",
			prog, (unsigned long)rl.rlim_cur, total);
}

static void make_temp(void)
{
	const char *t = getenv("TMPDIR");
	FILE *f;

	if (!t || !*t)
		t = "/tmp";
	/* the paths go into the sleepers' environment: keep them short */
	if (strlen(t) > ENV_LEN - 96)
		die("TMPDIR path too long: %s", t);
	snprintf(tmp_dir, sizeof(tmp_dir), "%s/procsift-farm.XXXXXX", t);
	if (!mkdtemp(tmp_dir))
		die("mkdtemp %s: %s", tmp_dir, strerror(errno));
	if ((size_t)snprintf(data_path, sizeof(data_path), "%s/farm-data.log",
			     tmp_dir) >= sizeof(data_path))
		die("TMPDIR path too long: %s", t);
	f = fopen(data_path, "w");
	if (!f)
		die("%s: %s", data_path, strerror(errno));
	for (int i = 0; i < 64; i++)
		fprintf(f, "farm data line %d\n", i);
	if (fclose(f) != 0)
		die("%s: %s", data_path, strerror(errno));
}

static void remove_temp(void)
{
	if (data_path[0])
		unlink(data_path);
	if (tmp_dir[0])
		rmdir(tmp_dir);
}

static void kill_all(void)
{
	for (size_t i = 0; i < npids; i++)
		kill(pids[i], SIGKILL);
	for (size_t i = 0; i < nleaders; i++)
		kill(leader_pids[i], SIGKILL);
}

/* SIGKILL every known pid, then reap all descendants (we are subreaper). */
static int teardown(void)
{
	struct timespec ms2 = {0, 2 * 1000 * 1000};
	int left = 0;

	kill_all();
	for (int tick = 0;; tick++) {
		pid_t r = waitpid(-1, NULL, WNOHANG);

		if (r > 0)
			continue;
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) /* ECHILD: nothing left */
			break;
		if (tick >= 15 * 500) {
			fprintf(stderr, "%s: children still alive after 15s\n",
				prog);
			left = 1;
			break;
		}
		if (tick % 500 == 499)
			kill_all();
		nanosleep(&ms2, NULL);
	}
	/* belt and braces: every listed pid must be gone */
	for (size_t i = 0; i < npids; i++) {
		if (kill(pids[i], 0) == 0) {
			fprintf(stderr, "%s: pid %ld survived\n", prog,
				(long)pids[i]);
			left = 1;
		}
	}
	remove_temp();
	return left;
}

static void write_pidfile(const char *path)
{
	char tmp[PATH_MAX];
	FILE *f;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp))
		die("pid file path too long");
	f = fopen(tmp, "w");
	if (!f)
		die("%s: %s", tmp, strerror(errno));
	for (size_t i = 0; i < npids; i++)
		fprintf(f, "%ld\n", (long)pids[i]);
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		die("%s: %s", path, strerror(errno));
}

static void usage(void)
{
	fprintf(stderr,
		"usage: %s [-g LEADERS] [-t SECONDS] [--ignore-stdin] N "
		"PIDFILE\n",
		prog);
	exit(2);
}

static long parse_long(const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		usage();
	return v;
}

/* Returns 1 if a termination signal is pending on sfd. */
static int got_signal(int sfd)
{
	struct signalfd_siginfo si;

	return read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si);
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	long n, groups = DEFAULT_LEADERS, timeout = DEFAULT_TIMEOUT;
	int ignore_stdin = 0, rep[2], sfd, failed = 0, stopped = 0;
	const char *pidfile;
	struct timespec t0, now;
	sigset_t mask;
	pid_t self;
	int argi = 1;
	ssize_t len;

	base = base ? base + 1 : argv[0];
	if (strcmp(base, SLEEPER_NAME) == 0)
		sleeper_main();

	for (; argi < argc && argv[argi][0] == '-'; argi++) {
		if (strcmp(argv[argi], "--ignore-stdin") == 0)
			ignore_stdin = 1;
		else if (strcmp(argv[argi], "-g") == 0 && argi + 1 < argc)
			groups = parse_long(argv[++argi], 1, 1000);
		else if (strcmp(argv[argi], "-t") == 0 && argi + 1 < argc)
			timeout = parse_long(argv[++argi], 1, 86400);
		else
			usage();
	}
	if (argc - argi != 2)
		usage();
	n = parse_long(argv[argi], 1, 1000000);
	pidfile = argv[argi + 1];
	if (groups > n)
		groups = n;

	len = readlink("/proc/self/exe", exe_path, sizeof(exe_path) - 1);
	if (len <= 0)
		die("readlink /proc/self/exe: %s", strerror(errno));
	exe_path[len] = '\0';

	raise_limits(n + groups + 1);
	pids = calloc((size_t)(n + groups), sizeof(*pids));
	leader_pids = calloc((size_t)groups, sizeof(*leader_pids));
	if (!pids || !leader_pids)
		die("out of memory");

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
		die("sigprocmask: %s", strerror(errno));
	sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0)
		die("signalfd: %s", strerror(errno));
	signal(SIGPIPE, SIG_IGN);
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
		die("PR_SET_CHILD_SUBREAPER: %s", strerror(errno));
	make_temp();
	if (pipe2(rep, O_CLOEXEC) < 0)
		die("pipe: %s", strerror(errno));
	fflush(NULL);

	/* fork the leaders; each forks its share of workers */
	self = getpid();
	for (long g = 0, first = 0; g < groups; g++) {
		long count = n / groups + (g < n % groups);
		pid_t pid = fork();

		if (pid == 0) {
			close(rep[0]);
			run_leader(g, first, count, self, rep[1]);
		}
		if (pid < 0) {
			fprintf(stderr, "%s: fork: %s\n", prog,
				strerror(errno));
			failed = 1;
			break;
		}
		leader_pids[nleaders++] = pid;
		first += count;
	}
	close(rep[1]);

	/* collect one pid per sleeper; EOF once all have set up */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!failed) {
		struct pollfd pf[2] = {{rep[0], POLLIN, 0}, {sfd, POLLIN, 0}};
		int32_t buf[1024];
		ssize_t r;

		if (poll(pf, 2, 1000) < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
		if (pf[1].revents && got_signal(sfd)) {
			stopped = 1;
			break;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - t0.tv_sec > timeout) {
			fprintf(stderr,
				"%s: timed out after %lds, %zu of %ld "
				"sleepers ready\n",
				prog, timeout, npids, n + groups);
			failed = 1;
			break;
		}
		if (!(pf[0].revents & (POLLIN | POLLHUP)))
			continue;
		r = read(rep[0], buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die("read: %s", strerror(errno));
		if (r == 0)
			break;
		/* records are 4 bytes, written atomically */
		for (ssize_t i = 0; i < r / (ssize_t)sizeof(int32_t); i++) {
			if (buf[i] <= 0) {
				fprintf(stderr,
					"%s: sleeper setup failed: "
					"%s\n",
					prog, strerror(-buf[i]));
				failed = 1;
			} else if (npids < (size_t)(n + groups)) {
				pids[npids++] = buf[i];
			}
		}
	}
	close(rep[0]);
	if (!failed && !stopped && npids != (size_t)(n + groups)) {
		fprintf(stderr, "%s: only %zu of %ld sleepers came up\n", prog,
			npids, n + groups);
		failed = 1;
	}
	if (failed || stopped) {
		teardown();
		return failed ? 1 : 0;
	}

	write_pidfile(pidfile);
	printf("ready\n");
	fflush(stdout);

	/* wait for a signal or EOF on stdin */
	for (;;) {
		struct pollfd pf[2] = {{sfd, POLLIN, 0},
				       {ignore_stdin ? -1 : 0, POLLIN, 0}};
		char buf[256];

		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll: %s", strerror(errno));
		}
		if (pf[0].revents && got_signal(sfd))
			break;
		if (pf[1].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) {
			ssize_t r = read(0, buf, sizeof(buf));

			if (r <= 0 && !(r < 0 && errno == EINTR))
				break;
		}
	}
	return teardown() ? 1 : 0;
}
