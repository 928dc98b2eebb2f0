/* inspectee: a process in a known state for procsift's per-process
 * commands (show, env, fds, maps), reported as `key value` lines.
 *
 * Usage: inspectee basic|fileless|netns|forge|zleader
 *
 *   basic     re-execs itself (same pid) with a known environment of about
 *             1 MiB: BIG_0..BIG_7 (the kernel takes no single string over
 *             128 KiB), SECRET_TOKEN, DB_PASSWORD, PATH; then holds a
 *             deleted file, an anonymous rwx mapping, a TCP listener with
 *             a connected pair, a bound UDP socket, a unix listener, a
 *             FIFO (O_RDWR), /dev/null, a pty pair, a file whose name holds
 *             a newline and an ESC, and a pipe whose read end a child holds.
 *   fileless  copies its own executable into a memfd "payload" and
 *             fexecve()s it (same pid): its exe is "/memfd:payload
 *             (deleted)".
 *   netns     (root) a child that is pid 1 in new pid, net and mount
 *             namespaces listens on 127.0.0.1:PORT there, on a port this
 *             process holds bound (not listening) in the host's namespace.
 *   forge     listens on TCP 127.0.0.1 (a free port) and binds 3 abstract
 *             unix sockets whose names hold a newline and then a whole
 *             /proc/net/unix line for a listening "/run/forged" with the
 *             TCP listener's inode (tcp_listen_fd, tcp_listen_port,
 *             forged_inode).
 *   forge-netns  (root) forge, in a network namespace of its own (lo up):
 *             procsift reads its tables through sock_diag only when it may
 *             join that namespace (CAP_SYS_ADMIN), else from /proc/PID/net.
 *   zleader   re-execs itself (same pid) with ZL_NEUTRAL holding a GitHub
 *             token, listens on TCP 127.0.0.1 (a free port), starts a
 *             thread and ends its main thread with pthread_exit: /proc/PID
 *             is a zombie whose fd/, environ and maps are empty, the
 *             process lives on in thread live_tid (tcp_listen_fd,
 *             tcp_listen_port, live_tid). The thread waits for the stop.
 *
 * The report (keys: see each mode; every key ending in "pid" names a
 * process) goes to standard output, which is then closed. inspectee waits
 * for EOF on standard input or SIGTERM, SIGINT or SIGHUP, removes its
 * files, kills and reaps its children by pid, and exits 0 (1 when setting
 * up failed, 2 on a usage error). Everything has PR_SET_PDEATHSIG SIGKILL. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tool.h"

#define ENV_PIECES 8
#define ENV_PIECE_LEN 131064 /* "BIG_n=" + this + NUL = 128 KiB */
#define RWX_LEN (3 * 4096)
#define FORGE_SOCKS 3 /* forge: abstract unix sockets forging a line */

/* The report, built up and written in one go. */
struct report {
	char buf[4096];
	size_t len;
};

static void report_add(struct report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void report_add(struct report *r, const char *fmt, ...)
{
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(r->buf + r->len, sizeof(r->buf) - r->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(r->buf) - r->len) {
		errno = ENOSPC;
		die("report");
	}
	r->len += (size_t)n;
}

static void report_hex(struct report *r, const char *key, const char *s)
{
	report_add(r, "%s ", key);
	for (; *s; s++)
		report_add(r, "%02x", (unsigned char)*s);
	report_add(r, "\n");
}

/* Write the report, then let the reader see EOF (fd 1 stays valid). */
static void report_send(const struct report *r)
{
	send_report_bytes(r->buf, r->len);
}

/* Until a stop signal, or EOF (or an error) on standard input. */
static void wait_for_stop(void)
{
	bool watch = true;
	sigset_t none;
	sigemptyset(&none);
	while (!stop_sig) {
		struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
		char buf[256];
		if (ppoll(&pfd, watch ? 1 : 0, NULL, &none) <= 0)
			continue;
		if (pfd.revents & POLLNVAL)
			watch = false;
		else if (pfd.revents &&
			 read(STDIN_FILENO, buf, sizeof(buf)) <= 0)
			return;
	}
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

static bool has_prefix(const char *s, const char *pre)
{
	return !strncmp(s, pre, strlen(pre));
}

/* basic, step 1: exec self in place with the known environment, keeping
 * the sanitizers' options when there are any. */
static int run_basic(const char *self_path, char **argv)
{
	extern char **environ;
	char *av[] = {argv[0], (char *)"basic-exec", NULL};
	char *envp[ENV_PIECES + 16];
	size_t n = 0, i;
	for (i = 0; i < ENV_PIECES; i++) {
		char *s = malloc(ENV_PIECE_LEN + 8);
		if (!s)
			die("malloc");
		snprintf(s, 8, "BIG_%zu=", i);
		memset(s + 6, 'a' + (int)i, ENV_PIECE_LEN);
		s[6 + ENV_PIECE_LEN] = '\0';
		envp[n++] = s;
	}
	envp[n++] = (char *)"SECRET_TOKEN=s3cr3t-value-123456";
	envp[n++] = (char *)"DB_PASSWORD=hunter2hunter2";
	envp[n++] = (char *)"PATH=/usr/local/bin:/usr/bin:/bin";
	for (i = 0; environ[i] && n < sizeof(envp) / sizeof(envp[0]) - 1; i++)
		if (has_prefix(environ[i], "ASAN_OPTIONS=") ||
		    has_prefix(environ[i], "UBSAN_OPTIONS=") ||
		    has_prefix(environ[i], "LSAN_OPTIONS="))
			envp[n++] = environ[i];
	envp[n] = NULL;
	execve(self_path, av, envp);
	die("exec %s", self_path);
	return 1;
}

/* A child holding the read end of a pipe until the write end closes. */
static pid_t pipe_child(int *write_fd)
{
	pid_t parent = getpid(), pid;
	int fds[2];
	if (pipe(fds))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		char c;
		ssize_t k;
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
			_exit(127);
		null_stdio();
		close(fds[1]);
		do
			k = read(fds[0], &c, 1);
		while (k > 0 || (k < 0 && errno == EINTR));
		_exit(0);
	}
	close(fds[0]);
	*write_fd = fds[1];
	return pid;
}

static int inet_socket(int type, uint16_t port, struct sockaddr_in *sa)
{
	socklen_t len = sizeof(*sa);
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa->sin_port = htons(port);
	if (fd < 0 || bind(fd, (struct sockaddr *)sa, sizeof(*sa)) ||
	    getsockname(fd, (struct sockaddr *)sa, &len))
		die("bind 127.0.0.1:%u", port);
	return fd;
}

static void add_inet(struct report *r, struct sockaddr_in *sa)
{
	int lfd = inet_socket(SOCK_STREAM, 0, sa), cfd, afd;
	struct sockaddr_in ca;
	socklen_t len = sizeof(ca);
	if (listen(lfd, 8))
		die("listen");
	cfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (cfd < 0 || connect(cfd, (struct sockaddr *)sa, sizeof(*sa)) ||
	    getsockname(cfd, (struct sockaddr *)&ca, &len))
		die("connect");
	afd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (afd < 0)
		die("accept");
	report_add(r, "tcp_listen_fd %d\ntcp_listen_port %u\n", lfd,
		   ntohs(sa->sin_port));
	report_add(r, "tcp_client_fd %d\ntcp_client_port %u\n", cfd,
		   ntohs(ca.sin_port));
	report_add(r, "tcp_accepted_fd %d\n", afd);
	lfd = inet_socket(SOCK_DGRAM, 0, &ca);
	report_add(r, "udp_fd %d\nudp_port %u\n", lfd, ntohs(ca.sin_port));
}

/* The files basic makes; removed at exit. */
struct paths {
	char unix_sock[108], fifo[64], weird[96];
};

static void add_files(struct report *r, struct paths *p)
{
	char del[] = "/tmp/inspectee-deleted-XXXXXX";
	struct sockaddr_un su = {.sun_family = AF_UNIX};
	int fd = mkstemp(del), m, s;
	char *pts = NULL;
	if (fd < 0 || unlink(del) || write(fd, "hello\n", 6) != 6)
		die("%s", del);
	report_add(r, "fd_deleted %d\ndeleted_path %s\ndeleted_pos 6\n", fd,
		   del);

	snprintf(p->unix_sock, sizeof(p->unix_sock), "/tmp/inspectee-%d.sock",
		 (int)getpid());
	memcpy(su.sun_path, p->unix_sock, strlen(p->unix_sock) + 1);
	unlink(p->unix_sock);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&su, sizeof(su)) ||
	    listen(fd, 8))
		die("unix %s", p->unix_sock);
	report_add(r, "unix_fd %d\nunix_path %s\n", fd, p->unix_sock);

	snprintf(p->fifo, sizeof(p->fifo), "/tmp/inspectee-%d.fifo",
		 (int)getpid());
	unlink(p->fifo);
	if (mkfifo(p->fifo, 0600))
		die("mkfifo %s", p->fifo);
	/* O_RDWR: Linux opens a FIFO so without waiting for a peer. */
	fd = open(p->fifo, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		die("%s", p->fifo);
	report_add(r, "fd_fifo %d\nfifo_path %s\n", fd, p->fifo);

	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("/dev/null");
	report_add(r, "fd_devnull %d\n", fd);

	m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (m < 0 || grantpt(m) || unlockpt(m) || !(pts = ptsname(m)))
		die("pty");
	s = open(pts, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s < 0)
		die("%s", pts);
	report_add(r, "pty_master_fd %d\npty_slave_fd %d\npty_slave_path %s\n",
		   m, s, pts);

	snprintf(p->weird, sizeof(p->weird),
		 "/tmp/inspectee-%d-new\nline-\x1b[31mred", (int)getpid());
	fd = open(p->weird, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		die("weird file");
	report_add(r, "fd_weird %d\n", fd);
	report_hex(r, "weird_path_hex", p->weird);
}

static int run_basic_exec(void)
{
	struct report r = {.len = 0};
	struct paths p;
	struct sockaddr_in sa;
	pid_t child;
	int pipe_fd;
	void *rwx;

	/* First, so that the child holds nothing else of ours. */
	child = pipe_child(&pipe_fd);
	report_add(&r, "pid %d\n", (int)getpid());
	report_add(&r, "pipe_child_pid %d\npipe_fd %d\n", (int)child, pipe_fd);
	report_add(&r, "env_big_vars %d\nenv_big_len %d\n", ENV_PIECES,
		   ENV_PIECE_LEN);
	rwx = mmap(NULL, RWX_LEN, PROT_READ | PROT_WRITE | PROT_EXEC,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (rwx == MAP_FAILED)
		die("mmap rwx");
	memset(rwx, 0xc3, RWX_LEN); /* ret, ret, ... */
	report_add(&r, "rwx_addr %lx\nrwx_len %d\n", (unsigned long)rwx,
		   RWX_LEN);
	add_inet(&r, &sa);
	memset(&p, 0, sizeof(p));
	add_files(&r, &p);
	report_send(&r);
	wait_for_stop();
	unlink(p.unix_sock);
	unlink(p.fifo);
	unlink(p.weird);
	close(pipe_fd);
	reap(child);
	munmap(rwx, RWX_LEN);
	return 0;
}

/* fileless: the same program, run from an anonymous memory file. */
static int run_fileless(const char *self_path, char **argv)
{
	extern char **environ;
	char *av[] = {argv[0], (char *)"fileless-child", NULL};
	char buf[65536];
	ssize_t n;
	int in = open(self_path, O_RDONLY | O_CLOEXEC);
	int mfd = memfd_create("payload", MFD_CLOEXEC);
	if (in < 0 || mfd < 0)
		die("open %s / memfd_create", self_path);
	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write(mfd, buf, (size_t)n) != n)
			die("copy to memfd");
	}
	close(in);
	fexecve(mfd, av, environ);
	die("fexecve");
	return 1;
}

static int run_fileless_child(void)
{
	struct report r = {.len = 0};
	report_add(&r, "pid %d\n", (int)getpid());
	report_send(&r);
	wait_for_stop();
	return 0;
}

/* netns child: pid 1 of its namespace; lo up, listen on port, tell the
 * parent, live until the parent closes stop_fd. */
static void netns_child(uint16_t port, int report_fd, int stop_fd)
{
	struct sockaddr_in sa;
	struct ifreq ifr;
	int fd, lfd;
	char c;
	/* getppid() is 0 here: the parent is outside the pid namespace. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL))
		_exit(127);
	null_stdio();
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr))
		_exit(1);
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr))
		_exit(1);
	close(fd);
	lfd = inet_socket(SOCK_STREAM, port, &sa);
	if (listen(lfd, 8))
		_exit(1);
	if (write(report_fd, &lfd, sizeof(lfd)) != sizeof(lfd))
		_exit(1);
	close(report_fd);
	while (read(stop_fd, &c, 1) < 0 && errno == EINTR)
		;
	_exit(0);
}

static int run_netns(void)
{
	struct report r = {.len = 0};
	struct sockaddr_in sa;
	int host_net, hold, rep[2], stop[2], lfd = -1;
	uint16_t port;
	pid_t child;

	if (geteuid() != 0) {
		errno = EPERM;
		die("netns needs root");
	}
	/* Bound, not listening: no one else can listen on it in the host's
	 * namespace while we run, and it is not in /proc/net/tcp. */
	hold = inet_socket(SOCK_STREAM, 0, &sa);
	port = ntohs(sa.sin_port);
	host_net = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (host_net < 0 || pipe2(rep, O_CLOEXEC) || pipe2(stop, O_CLOEXEC))
		die("netns setup");
	if (unshare(CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWPID))
		die("unshare");
	child = fork();
	if (child < 0)
		die("fork");
	if (!child) {
		close(rep[0]);
		close(stop[1]);
		close(hold);
		close(host_net);
		netns_child(port, rep[1], stop[0]);
	}
	close(rep[1]);
	close(stop[0]);
	/* Back to the host's network namespace (the mount one stays: a
	 * private copy nothing is mounted in). */
	if (setns(host_net, CLONE_NEWNET))
		die("setns");
	close(host_net);
	if (read(rep[0], &lfd, sizeof(lfd)) != sizeof(lfd)) {
		fprintf(stderr, "inspectee: netns child failed\n");
		close(stop[1]);
		reap(child);
		return 1;
	}
	close(rep[0]);
	report_add(&r, "pid %d\nnetns_child_pid %d\n", (int)getpid(),
		   (int)child);
	report_add(&r, "netns_fd %d\nnetns_port %u\n", lfd, port);
	report_send(&r);
	wait_for_stop();
	close(stop[1]);
	/* pid 1 of a namespace ignores SIGTERM without a handler. */
	reap(child);
	close(hold);
	return 0;
}

/* forge: unix socket names that forge /proc/net/unix lines claiming the
 * TCP listener's inode. */
static int run_forge(void)
{
	struct report r = {.len = 0};
	struct sockaddr_in sa;
	struct stat st;
	int lfd = inet_socket(SOCK_STREAM, 0, &sa), i;

	if (listen(lfd, 8) || fstat(lfd, &st))
		die("listen");
	for (i = 0; i < FORGE_SOCKS; i++) {
		struct sockaddr_un su = {.sun_family = AF_UNIX};
		/* sun_path[0] stays NUL: an abstract name, no file. */
		int n = snprintf(
			su.sun_path + 1, sizeof(su.sun_path) - 1,
			"inspectee-forge-%d\n0000000000000000: 00000002 "
			"00000000 00010000 0001 01 %lu /run/forged",
			i, (unsigned long)st.st_ino);
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (n < 0 || (size_t)n >= sizeof(su.sun_path) - 1 || fd < 0 ||
		    bind(fd, (struct sockaddr *)&su,
			 (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
				     1 + (size_t)n)))
			die("bind forged unix socket %d", i);
	}
	report_add(&r, "pid %d\n", (int)getpid());
	report_add(&r, "tcp_listen_fd %d\ntcp_listen_port %u\n", lfd,
		   ntohs(sa.sin_port));
	report_add(&r, "forged_inode %lu\n", (unsigned long)st.st_ino);
	report_send(&r);
	wait_for_stop();
	return 0;
}

/* forge-netns: forge in a network namespace of its own. */
static int run_forge_netns(void)
{
	struct ifreq ifr;
	int fd;
	if (unshare(CLONE_NEWNET))
		die("unshare (forge-netns needs root)");
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr))
		die("lo");
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr))
		die("lo up");
	close(fd);
	return run_forge();
}

/* zleader: the thread that outlives main. */
static void *zleader_thread(void *arg)
{
	struct report *r = arg;
	/* Reported once the main thread is a zombie, not while it is still
	 * on its way out of pthread_exit. */
	wait_leader_zombie();
	report_add(r, "live_tid %d\n", (int)gettid());
	report_send(r);
	wait_for_stop();
	exit(0);
}

static int run_zleader_exec(void)
{
	static struct report r;
	struct sockaddr_in sa;
	pthread_t th;
	int lfd = inet_socket(SOCK_STREAM, 0, &sa);
	if (listen(lfd, 8))
		die("listen");
	report_add(&r, "pid %d\n", (int)getpid());
	report_add(&r, "tcp_listen_fd %d\ntcp_listen_port %u\n", lfd,
		   ntohs(sa.sin_port));
	errno = pthread_create(&th, NULL, zleader_thread, &r);
	if (errno)
		die("pthread_create");
	/* The leader becomes a zombie; the process lives on in th. */
	pthread_exit(NULL);
}

static int run_zleader(const char *self_path)
{
	char *av[] = {(char *)self_path, (char *)"zleader-exec", NULL};
	char *envp[] = {
		(char *)"ZL_NEUTRAL=ghp_mslgzdTz8VD8Zm1HNGb5N6Ohj2moXK03zBMH",
		(char *)"PATH=/usr/bin:/bin", NULL};
	execve(self_path, av, envp);
	die("execve");
}

int main(int argc, char **argv)
{
	char self_path[PATH_MAX];
	const char *mode = argc > 1 ? argv[1] : "";
	ssize_t n;

	tool_signals(0, NULL);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL))
		die("PR_SET_PDEATHSIG");
	n = readlink("/proc/self/exe", self_path, sizeof(self_path) - 1);
	if (n < 0)
		die("readlink /proc/self/exe");
	self_path[n] = '\0';
	if (argc != 2) {
		fprintf(stderr,
			"usage: inspectee "
			"basic|fileless|netns|forge|forge-netns|zleader\n");
		return 2;
	}
	if (!strcmp(mode, "basic"))
		return run_basic(self_path, argv);
	if (!strcmp(mode, "basic-exec"))
		return run_basic_exec();
	if (!strcmp(mode, "fileless"))
		return run_fileless(self_path, argv);
	if (!strcmp(mode, "fileless-child"))
		return run_fileless_child();
	if (!strcmp(mode, "netns"))
		return run_netns();
	if (!strcmp(mode, "forge"))
		return run_forge();
	if (!strcmp(mode, "forge-netns"))
		return run_forge_netns();
	if (!strcmp(mode, "zleader"))
		return run_zleader(self_path);
	if (!strcmp(mode, "zleader-exec"))
		return run_zleader_exec();
	fprintf(stderr, "inspectee: unknown mode '%s'\n", mode);
	return 2;
}
