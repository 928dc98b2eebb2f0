/* spawn: starts known processes for the end-to-end tests, reports their pids,
 * and takes them all down again, by pid, when told to stop.
 *
 * Usage: spawn MODE PIDFILE [ARG...]    (PIDFILE "-" is standard output)
 *
 *   tree3 PIDFILE [ARG...]  this process -> child -> grandchild. The child
 *                           runs argv {argv0, "tree3-child", ARG...}, the
 *                           grandchild {argv0, "tree3-grandchild", ARG...};
 *                           PIDFILE gets three lines: self, child, grandchild.
 *   prctl PIDFILE NAME      renames this process with PR_SET_NAME to NAME
 *                           (any bytes; the kernel keeps 15); PIDFILE: self.
 *   chain PIDFILE N         a chain of N generations below this process
 *                           (each the only child of the one before);
 *                           PIDFILE: self, the first and the last.
 *   exiter PIDFILE          keeps 8 short-lived children going (some exit
 *                           at once, some after a few ms, some fork a
 *                           grandchild first, some exec) until stopped;
 *                           PIDFILE: self.
 *   setuid PIDFILE UID [NAME]
 *                           drops to uid and gid UID (no supplementary
 *                           groups), stays dumpable so that its /proc files
 *                           belong to UID, renames itself to NAME if given;
 *                           PIDFILE (written as UID): self.
 *   zombie PIDFILE NAME     a child renames itself to NAME and exits; it is
 *                           left unreaped (a zombie, empty cmdline) until
 *                           stopped; PIDFILE: self, the zombie.
 *   bigargv PIDFILE KIB     re-execs itself (same pid) with KIB KiB
 *                           (1..1024) of extra arguments: letters, 'a' for
 *                           the first 64 KiB piece, 'b' for the next, ...
 *                           (the kernel takes no single argument over 128
 *                           KiB); PIDFILE: self.
 *
 *   pipeshare PIDFILE N     N children (1..SPAWN_SHARE_MAX) that each keep
 *                           both ends of one pipe and of one socketpair
 *                           made before the forks, as a server's workers
 *                           share fds inherited from their master;
 *                           PIDFILE: self (the first 7 children follow;
 *                           more are not listed).
 *   bigenv PIDFILE MIB      (root: CAP_SYS_RESOURCE) points its environment
 *                           (/proc/self/environ) at MIB MiB (1..256) of
 *                           "BIG_n=aaa..." strings it made, the last one
 *                           GITHUB_TOKEN=ghp_... (prctl PR_SET_MM): an
 *                           environ no execve could pass (the kernel caps
 *                           argv and environ at 6 MiB); PIDFILE: self.
 *   fifo PIDFILE PATH       makes a FIFO at PATH and holds it open O_RDWR
 *                           (which never blocks) at fd 7; PATH is removed
 *                           at the end; PIDFILE: self.
 *   hold PIDFILE NAME PATH  renames itself to NAME and holds PATH (a file
 *                           or FIFO that exists) open O_RDWR|O_NONBLOCK at
 *                           fd 7, as a stand-in etcd holds its database;
 *                           PIDFILE: self.
 *   holdas PIDFILE NAME PATH HOW
 *                           as hold, but opens PATH O_PATH (HOW "path") or
 *                           O_RDONLY (HOW "rdonly": as a descriptor passed
 *                           over a socket) as root, then drops to uid and
 *                           gid 65534 with no groups: a holder that could
 *                           not read PATH itself; PIDFILE: self.
 *
 * Once every long-lived process is set up (argv and name in place), the
 * pids are written, one a line, self first: a file is written whole through
 * rename(2), standard output is closed afterwards, so a reader can wait for
 * the file or for EOF. Then spawn waits for EOF on standard input or for
 * SIGTERM, SIGINT or SIGHUP, kills each child by pid, waits for it, and
 * exits 0 (1 when setting up failed, 2 on a usage error). Every process it
 * starts has PR_SET_PDEATHSIG SIGKILL, and so does spawn itself. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tool.h"

#define REPORT_ENV "SPAWN_REPORT_FD" /* tree3: where levels report pids */
#define CHURN_MAX 8		     /* exiter: live children at a time */
#define BIGARGV_PIECE (64 << 10)     /* bigargv: bytes per argument */

/* Only there so that SIGCHLD interrupts ppoll instead of being ignored. */
static void on_chld(int sig)
{
	(void)sig;
}

static void null_stdio(void)
{
	int fd = open("/dev/null", O_RDWR);
	if (fd < 0)
		_exit(127);
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
}

/* In a new child: die with the parent (and not outlive one that is already
 * gone), and let go of the parent's standard input and output. */
static void child_setup(pid_t parent)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
		_exit(127);
	null_stdio();
}

static void kill_and_reap(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	reap(pid);
}

/* Until a stop signal, or EOF (or an error) on standard input when
 * watch_stdin. */
static void wait_for_stop(bool watch_stdin)
{
	sigset_t none;
	sigemptyset(&none);
	while (!stop_sig) {
		struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
		char buf[256];
		int r = ppoll(&pfd, watch_stdin ? 1 : 0, NULL, &none);
		if (r < 0 || !watch_stdin)
			continue;
		if (pfd.revents & POLLNVAL)
			watch_stdin = false; /* no stdin: signals only */
		else if (pfd.revents &&
			 read(STDIN_FILENO, buf, sizeof(buf)) <= 0)
			return;
	}
}

/* Write the pids, one a line, to path ("-": standard output, then closed). */
static void write_pids(const char *path, const pid_t *pids, size_t n)
{
	char buf[16 * 8], tmp[PATH_MAX];
	size_t len = 0, i;
	int fd;
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%d\n",
					(int)pids[i]);
	if (!strcmp(path, "-")) {
		if (write(STDOUT_FILENO, buf, len) != (ssize_t)len)
			die("write pids");
		/* Keep fd 1 valid but let the reader see EOF. */
		fd = open("/dev/null", O_WRONLY);
		if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
			die("/dev/null");
		close(fd);
		return;
	}
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		die("%s", path);
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		die("%s", tmp);
	if (write(fd, buf, len) != (ssize_t)len || close(fd))
		die("%s", tmp);
	if (rename(tmp, path))
		die("rename %s", tmp);
}

/* Fork a child that execs self_path with {argv0, mode, args...}, keeping
 * report_fd open across the exec. Returns the child's pid. */
static pid_t fork_exec(const char *self_path, const char *argv0,
		       const char *mode, char **args, int nargs, int report_fd)
{
	char **av = calloc((size_t)nargs + 3, sizeof(*av));
	pid_t parent = getpid(), pid;
	int i;
	if (!av)
		die("calloc");
	av[0] = (char *)argv0;
	av[1] = (char *)mode;
	for (i = 0; i < nargs; i++)
		av[i + 2] = args[i];
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		child_setup(parent);
		if (report_fd >= 0 && fcntl(report_fd, F_SETFD, 0))
			_exit(127);
		execv(self_path, av);
		_exit(127);
	}
	free(av);
	return pid;
}

static int env_report_fd(void)
{
	const char *s = getenv(REPORT_ENV);
	if (!s || !*s) {
		errno = EINVAL;
		die("%s not set", REPORT_ENV);
	}
	return atoi(s);
}

static void report(int fd, int level)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%d %d\n", level, (int)getpid());
	if (write(fd, buf, (size_t)n) != n)
		die("report");
	close(fd);
}

/* tree3: fork the child level and collect "LEVEL PID" lines until every
 * level has closed the report pipe. */
static int run_tree3(const char *self_path, char **argv, int argc)
{
	pid_t pids[3] = {getpid(), 0, 0}, seen[3] = {0, 0, 0};
	char buf[128], *p, fdname[16];
	size_t len = 0;
	int fds[2], ret = 1;
	ssize_t n;

	if (pipe2(fds, O_CLOEXEC))
		die("pipe");
	snprintf(fdname, sizeof(fdname), "%d", fds[1]);
	if (setenv(REPORT_ENV, fdname, 1))
		die("setenv");
	pids[1] = fork_exec(self_path, argv[0], "tree3-child", argv + 3,
			    argc - 3, fds[1]);
	close(fds[1]);
	while (len < sizeof(buf) - 1 &&
	       (n = read(fds[0], buf + len, sizeof(buf) - 1 - len)) != 0) {
		if (n < 0 && errno != EINTR)
			die("read report");
		if (n > 0)
			len += (size_t)n;
	}
	close(fds[0]);
	buf[len] = '\0';
	for (p = buf; *p;) {
		int level, pid;
		if (sscanf(p, "%d %d", &level, &pid) == 2 && level >= 1 &&
		    level <= 2)
			seen[level] = pid;
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	if (seen[1] != pids[1] || !seen[2]) {
		fprintf(stderr, "spawn: tree3 levels did not all report\n");
		goto out_kill;
	}
	pids[2] = seen[2];
	write_pids(argv[2], pids, 3);
	wait_for_stop(true);
	ret = 0;
out_kill:
	kill_and_reap(pids[1]);
	return ret;
}

/* tree3-child: fork the grandchild, report, wait to be stopped. */
static int run_tree3_child(const char *self_path, char **argv, int argc)
{
	int fd = env_report_fd();
	pid_t gc = fork_exec(self_path, argv[0], "tree3-grandchild", argv + 2,
			     argc - 2, fd);
	report(fd, 1);
	wait_for_stop(false);
	kill_and_reap(gc);
	return 0;
}

static int run_tree3_grandchild(void)
{
	report(env_report_fd(), 2);
	wait_for_stop(false);
	return 0;
}

static int run_prctl(char **argv, int argc)
{
	pid_t self = getpid();
	if (argc != 4) {
		fprintf(stderr, "usage: spawn prctl PIDFILE NAME\n");
		return 2;
	}
	if (prctl(PR_SET_NAME, argv[3]))
		die("PR_SET_NAME");
	write_pids(argv[2], &self, 1);
	wait_for_stop(true);
	return 0;
}

/* chain: fork N generations deep; the deepest reports its pid through a
 * pipe. Each generation dies with its parent, and this process, a
 * subreaper, reaps the whole chain as it collapses. */
static int run_chain(char **argv, int argc)
{
	pid_t pids[3] = {getpid(), 0, 0}, parent;
	int n = argc == 4 ? atoi(argv[3]) : 0, i, fds[2], st;
	if (n < 1 || n > 5000) {
		fprintf(stderr, "usage: spawn chain PIDFILE N (1..5000)\n");
		return 2;
	}
	if (prctl(PR_SET_CHILD_SUBREAPER, 1))
		die("PR_SET_CHILD_SUBREAPER");
	if (pipe2(fds, O_CLOEXEC))
		die("pipe");
	for (i = 0; i < n; i++) {
		parent = getpid();
		pid_t pid = fork();
		if (pid < 0)
			die("fork");
		if (pid && i == 0)
			pids[1] = pid;
		if (pid)
			break;
		child_setup(parent);
		if (i == n - 1) {
			pid_t me = getpid();
			if (write(fds[1], &me, sizeof(me)) != sizeof(me))
				_exit(1);
			close(fds[1]);
			for (;;)
				pause();
		}
	}
	if (getpid() != pids[0]) /* a middle generation: just live */
		for (;;)
			pause();
	close(fds[1]);
	if (read(fds[0], &pids[2], sizeof(pids[2])) != sizeof(pids[2]))
		die("read chain end");
	close(fds[0]);
	write_pids(argv[2], pids, 3);
	wait_for_stop(true);
	kill_and_reap(pids[1]);
	while (waitpid(-1, &st, 0) > 0 || errno == EINTR)
		;
	return 0;
}

/* setuid: a long-lived process owned by another user. Changing
 * credentials clears the parent-death signal and the dumpable flag (which
 * would leave /proc/PID owned by root): set both again. */
static int run_setuid(char **argv, int argc)
{
	pid_t self = getpid(), parent = getppid();
	char *end;
	unsigned long uid = argc >= 4 ? strtoul(argv[3], &end, 10) : 0;
	if ((argc != 4 && argc != 5) || !*argv[3] || *end || uid > 65535) {
		fprintf(stderr, "usage: spawn setuid PIDFILE UID [NAME]\n");
		return 2;
	}
	if (setgroups(0, NULL) && errno != EPERM)
		die("setgroups");
	if (setgid((gid_t)uid) || setuid((uid_t)uid))
		die("setuid %lu", uid);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
		die("PR_SET_PDEATHSIG");
	if (prctl(PR_SET_DUMPABLE, 1))
		die("PR_SET_DUMPABLE");
	if (argc == 5 && prctl(PR_SET_NAME, argv[4]))
		die("PR_SET_NAME");
	write_pids(argv[2], &self, 1);
	wait_for_stop(true);
	return 0;
}

/* zombie: a child that looks like a kernel thread by name only. */
static int run_zombie(char **argv, int argc)
{
	pid_t pids[2] = {getpid(), 0};
	siginfo_t si;
	if (argc != 4) {
		fprintf(stderr, "usage: spawn zombie PIDFILE NAME\n");
		return 2;
	}
	pids[1] = fork();
	if (pids[1] < 0)
		die("fork");
	if (!pids[1]) {
		child_setup(pids[0]);
		if (prctl(PR_SET_NAME, argv[3]))
			_exit(127);
		_exit(0);
	}
	/* Wait until it is a zombie, without reaping it. */
	memset(&si, 0, sizeof(si));
	while (waitid(P_PID, (id_t)pids[1], &si, WEXITED | WNOWAIT))
		if (errno != EINTR)
			die("waitid");
	if (si.si_code != CLD_EXITED || si.si_status != 0) {
		fprintf(stderr, "spawn: zombie child failed\n");
		reap(pids[1]);
		return 1;
	}
	write_pids(argv[2], pids, 2);
	wait_for_stop(true);
	reap(pids[1]);
	return 0;
}

/* bigargv: exec self in place with a long argument list. */
static int run_bigargv(const char *self_path, char **argv, int argc)
{
	long kib = argc == 4 ? atol(argv[3]) : 0;
	size_t total, npieces, i, len;
	char **av;
	if (kib < 1 || kib > 1024) {
		fprintf(stderr, "usage: spawn bigargv PIDFILE KIB (1..1024)\n");
		return 2;
	}
	total = (size_t)kib << 10;
	npieces = (total + BIGARGV_PIECE - 1) / BIGARGV_PIECE;
	av = calloc(npieces + 4, sizeof(*av));
	if (!av)
		die("calloc");
	av[0] = argv[0];
	av[1] = (char *)"bigargv-exec";
	av[2] = argv[2];
	for (i = 0; i < npieces; i++, total -= len) {
		len = total < BIGARGV_PIECE ? total : BIGARGV_PIECE;
		av[i + 3] = malloc(len + 1);
		if (!av[i + 3])
			die("malloc");
		memset(av[i + 3], 'a' + (int)(i % 26), len);
		av[i + 3][len] = '\0';
	}
	execv(self_path, av);
	die("exec %s", self_path);
	return 1; /* die does not return */
}

static int run_bigargv_exec(char **argv)
{
	pid_t self = getpid();
	write_pids(argv[2], &self, 1);
	wait_for_stop(true);
	return 0;
}

/* One short-lived child; how it lives and dies rotates with seq. */
static void churn_child(const char *self_path, const char *argv0, unsigned seq)
{
	char *av[] = {(char *)argv0, (char *)"exiter-exec", NULL};
	pid_t me = getpid(), gc;
	switch (seq % 4) {
	case 0:
		_exit(0);
	case 1:
		sleep_ms(2 + seq % 7);
		_exit(0);
	case 2:
		/* Dies while its own child is running: the grandchild is
		 * killed and reparented (to the exiter, a subreaper). */
		gc = fork();
		if (!gc) {
			child_setup(me);
			sleep_ms(5);
			_exit(0);
		}
		sleep_ms(1 + seq % 3);
		_exit(0);
	default:
		execv(self_path, av);
		_exit(127);
	}
}

#define SPAWN_SHARE_MAX 512

/* A child that holds what it inherited until its parent kills it (its
 * stdin is /dev/null now: only signals end the wait). */
static void share_child(pid_t parent)
{
	child_setup(parent);
	wait_for_stop(false);
	_exit(0);
}

static int run_pipeshare(char **argv, int argc)
{
	pid_t self = getpid(), kids[SPAWN_SHARE_MAX], report[8];
	long n = argc == 4 ? strtol(argv[3], NULL, 10) : 0;
	int p[2], sp[2], i;
	if (n < 1 || n > SPAWN_SHARE_MAX) {
		fprintf(stderr, "usage: spawn pipeshare PIDFILE N (1..%d)\n",
			SPAWN_SHARE_MAX);
		return 2;
	}
	if (pipe(p) || socketpair(AF_UNIX, SOCK_STREAM, 0, sp))
		die("pipe");
	for (i = 0; i < n; i++) {
		kids[i] = fork();
		if (kids[i] < 0)
			die("fork");
		if (!kids[i])
			share_child(self);
	}
	report[0] = self;
	for (i = 0; i < 7 && i < n; i++)
		report[i + 1] = kids[i];
	write_pids(argv[2], report, (size_t)(i + 1));
	wait_for_stop(true);
	for (i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	for (i = 0; i < n; i++)
		reap(kids[i]);
	return 0;
}

/* A fake token in a published format, for the bigenv tail. */
#define BIGENV_TOKEN "GITHUB_TOKEN=ghp_Q7r2Xw9KpL4mN8vB3cZ6tY1hJ5dF0sA2gE4k"

static int run_bigenv(char **argv, int argc)
{
	pid_t self = getpid();
	long mib = argc == 4 ? strtol(argv[3], NULL, 10) : 0;
	size_t len, off = 0, n = 0;
	char *buf;
	if (mib < 1 || mib > 256) {
		fprintf(stderr, "usage: spawn bigenv PIDFILE MIB (1..256)\n");
		return 2;
	}
	len = (size_t)mib << 20;
	buf = mmap(NULL, len + 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		die("mmap");
	while (off + 4096 + sizeof(BIGENV_TOKEN) < len) {
		int k = sprintf(buf + off, "BIG_%zu=", n++);
		memset(buf + off + k, 'a', 4000);
		off += (size_t)k + 4000;
		buf[off++] = '\0';
	}
	memcpy(buf + off, BIGENV_TOKEN, sizeof(BIGENV_TOKEN));
	off += sizeof(BIGENV_TOKEN);
	/* The new area lies below the old one: start first keeps the
	 * start <= end order the kernel checks at each step. */
	if (prctl(PR_SET_MM, PR_SET_MM_ENV_START, (unsigned long)buf, 0, 0) ||
	    prctl(PR_SET_MM, PR_SET_MM_ENV_END, (unsigned long)(buf + off), 0,
		  0))
		die("prctl PR_SET_MM_ENV");
	write_pids(argv[2], &self, 1);
	wait_for_stop(true);
	return 0;
}

static int run_fifo(char **argv, int argc)
{
	pid_t self = getpid();
	int fd;
	if (argc != 4) {
		fprintf(stderr, "usage: spawn fifo PIDFILE PATH\n");
		return 2;
	}
	if (mkfifo(argv[3], 0600))
		die("mkfifo %s", argv[3]);
	fd = open(argv[3], O_RDWR | O_CLOEXEC);
	if (fd < 0 || (fd != 7 && dup2(fd, 7) < 0))
		die("open %s", argv[3]);
	write_pids(argv[2], &self, 1);
	wait_for_stop(true);
	unlink(argv[3]);
	return 0;
}

static int run_hold(char **argv, int argc)
{
	pid_t self = getpid();
	int fd;
	if (argc != 5) {
		fprintf(stderr, "usage: spawn hold PIDFILE NAME PATH\n");
		return 2;
	}
	if (prctl(PR_SET_NAME, argv[3]))
		die("PR_SET_NAME");
	fd = open(argv[4], O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || (fd != 7 && dup2(fd, 7) < 0))
		die("open %s", argv[4]);
	if (fd != 7)
		close(fd);
	write_pids(argv[2], &self, 1);
	wait_for_stop(true);
	return 0;
}

static int run_holdas(char **argv, int argc)
{
	pid_t self = getpid();
	int fd;
	if (argc != 6) {
		fprintf(stderr, "usage: spawn holdas PIDFILE NAME PATH HOW\n");
		return 2;
	}
	if (prctl(PR_SET_NAME, argv[3]))
		die("PR_SET_NAME");
	fd = open(argv[4],
		  (strcmp(argv[5], "path") ? O_RDONLY : O_PATH) | O_CLOEXEC);
	if (fd < 0 || (fd != 7 && dup2(fd, 7) < 0))
		die("open %s", argv[4]);
	if (fd != 7)
		close(fd);
	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534))
		die("drop to 65534");
	write_pids(argv[2], &self, 1);
	wait_for_stop(true);
	return 0;
}

static int run_exiter(const char *self_path, char **argv)
{
	pid_t live[CHURN_MAX] = {0}, self = getpid(), pid;
	unsigned seq = 0;
	bool reported = false, watch_stdin = true;
	sigset_t none;
	int st;
	size_t i;

	/* Orphaned grandchildren come back to us to be reaped. */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1))
		die("PR_SET_CHILD_SUBREAPER");
	sigemptyset(&none);
	while (!stop_sig) {
		struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
		struct timespec tick = {0, 2000000L};
		char buf[256];
		for (i = 0; i < CHURN_MAX; i++) {
			if (live[i])
				continue;
			pid = fork();
			if (pid < 0)
				break; /* out of processes: try next tick */
			if (!pid) {
				child_setup(self);
				churn_child(self_path, argv[0], seq);
			}
			live[i] = pid;
			seq++;
		}
		if (!reported) {
			write_pids(argv[2], &self, 1);
			reported = true;
		}
		if (ppoll(&pfd, watch_stdin ? 1 : 0, &tick, &none) > 0) {
			if (pfd.revents & POLLNVAL)
				watch_stdin =
					false; /* no stdin: signals only */
			else if (read(STDIN_FILENO, buf, sizeof(buf)) <= 0)
				break;
		}
		while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
			for (i = 0; i < CHURN_MAX; i++)
				if (live[i] == pid)
					live[i] = 0;
	}
	for (i = 0; i < CHURN_MAX; i++)
		if (live[i])
			kill(live[i], SIGKILL);
	for (i = 0; i < CHURN_MAX; i++)
		if (live[i])
			reap(live[i]);
	/* And whatever was reparented to us. */
	while (waitpid(-1, &st, 0) > 0 || errno == EINTR)
		;
	return 0;
}

int main(int argc, char **argv)
{
	char self_path[PATH_MAX];
	ssize_t n;
	const char *mode = argc > 1 ? argv[1] : "";

	tool_signals(SIGCHLD, on_chld);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL))
		die("PR_SET_PDEATHSIG");
	n = readlink("/proc/self/exe", self_path, sizeof(self_path) - 1);
	if (n < 0)
		die("readlink /proc/self/exe");
	self_path[n] = '\0';

	if (!strcmp(mode, "tree3-child"))
		return run_tree3_child(self_path, argv, argc);
	if (!strcmp(mode, "tree3-grandchild"))
		return run_tree3_grandchild();
	if (!strcmp(mode, "exiter-exec")) {
		sleep_ms(3);
		return 0;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: spawn tree3|prctl|chain|exiter|setuid|"
				"zombie|bigargv PIDFILE [ARG...]\n");
		return 2;
	}
	if (!strcmp(mode, "tree3"))
		return run_tree3(self_path, argv, argc);
	if (!strcmp(mode, "prctl"))
		return run_prctl(argv, argc);
	if (!strcmp(mode, "chain"))
		return run_chain(argv, argc);
	if (!strcmp(mode, "exiter") && argc == 3)
		return run_exiter(self_path, argv);
	if (!strcmp(mode, "setuid"))
		return run_setuid(argv, argc);
	if (!strcmp(mode, "pipeshare"))
		return run_pipeshare(argv, argc);
	if (!strcmp(mode, "fifo"))
		return run_fifo(argv, argc);
	if (!strcmp(mode, "hold"))
		return run_hold(argv, argc);
	if (!strcmp(mode, "holdas"))
		return run_holdas(argv, argc);
	if (!strcmp(mode, "bigenv"))
		return run_bigenv(argv, argc);
	if (!strcmp(mode, "zombie"))
		return run_zombie(argv, argc);
	if (!strcmp(mode, "bigargv"))
		return run_bigargv(self_path, argv, argc);
	if (!strcmp(mode, "bigargv-exec"))
		return run_bigargv_exec(argv);
	fprintf(stderr, "spawn: unknown mode '%s'\n", mode);
	return 2;
}
