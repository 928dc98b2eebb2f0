/* envkids: children with given environments, for procsift's secret
 * scanning tests.
 *
 * Usage: envkids FILE...
 *
 * For each FILE, which holds an environment as NUL-terminated NAME=VALUE
 * strings (the /proc/PID/environ format; values may hold newlines),
 * envkids starts a child that execs envkids again (argv "envkids hold")
 * with exactly that environment, so /proc/CHILD/environ is the file's
 * content. Once every child has exec'd, it writes its own pid and then
 * each child's pid, one a line, to standard output, which is then closed.
 * It waits for EOF on standard input or SIGTERM, SIGINT or SIGHUP, kills
 * and reaps its children by pid, and exits 0 (1 when setting up failed, 2
 * on a usage error). Children have PR_SET_PDEATHSIG SIGKILL and also end
 * at EOF on their standard input, a pipe only envkids holds.
 *
 * When FILE.argv exists, it holds the child's argv the same way
 * (NUL-terminated strings, argv[0] first: "mysql", "-pSECRET"), and the
 * child execs envkids with that argv instead; it knows it is a child by
 * the pipe at HOLD_FD. An environment or argv over 1 MiB gets a stack
 * limit four times its size (the kernel takes a quarter of it for both). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tool.h"

#define MAX_KIDS 64
#define MAX_ENV_BYTES (64u << 20)
#define HOLD_FD 199 /* open in a child: it holds, whatever its argv */

/* Until a stop signal, or EOF (or an error) on standard input. */
static void wait_for_stop(void)
{
	sigset_t none;
	sigemptyset(&none);
	while (!stop_sig) {
		struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
		char buf[256];
		if (ppoll(&pfd, 1, NULL, &none) <= 0)
			continue;
		if (pfd.revents & POLLNVAL)
			return;
		if (pfd.revents && read(STDIN_FILENO, buf, sizeof(buf)) <= 0)
			return;
	}
}

/* The file's NUL-terminated strings as an envp pointing into *bufp
 * (NULL, with *bufp NULL, when optional and the file does not exist);
 * *total gets its size. */
static char **read_strings(const char *path, char **bufp, bool optional,
			   size_t *total)
{
	char *buf = malloc(MAX_ENV_BYTES + 1), **envp, *p;
	size_t len = 0, n = 0, i;
	ssize_t k;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && optional && errno == ENOENT) {
		free(buf);
		*bufp = NULL;
		return NULL;
	}
	if (fd < 0 || !buf)
		die("%s", path);
	while ((k = read(fd, buf + len, MAX_ENV_BYTES - len)) > 0)
		len += (size_t)k;
	if (k < 0)
		die("read %s", path);
	close(fd);
	buf[len] = '\0'; /* a last string without its NUL */
	for (i = 0; i < len; i++)
		n += !buf[i];
	envp = malloc((n + 2) * sizeof(*envp));
	if (!envp)
		die("malloc");
	for (n = 0, p = buf; p < buf + len; p += strlen(p) + 1)
		if (*p)
			envp[n++] = p;
	envp[n] = NULL;
	*bufp = buf;
	*total += len;
	return envp;
}

/* Start a child with envp; returns once it has exec'd (its status pipe
 * closes on exec) or dies when it could not. */
static pid_t start_kid(const char *self, char **argv, char **envp, size_t bytes,
		       int hold_fd)
{
	char *av[] = {(char *)"envkids", (char *)"hold", NULL};
	pid_t parent = getpid(), pid;
	int st[2], e = 0;
	ssize_t k;
	if (pipe2(st, O_CLOEXEC))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		sigset_t none;
		int fd = open("/dev/null", O_WRONLY);
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
			_exit(127);
		close(st[0]);
		if (dup2(hold_fd, STDIN_FILENO) < 0 || fd < 0 ||
		    dup2(fd, STDOUT_FILENO) < 0 || dup2(hold_fd, HOLD_FD) < 0)
			_exit(127);
		if (bytes > (1u << 20)) {
			struct rlimit rl = {bytes * 4 + (8u << 20),
					    bytes * 4 + (8u << 20)};
			if (setrlimit(RLIMIT_STACK, &rl))
				_exit(127);
		}
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execve(self, argv ? argv : av, envp);
		e = errno;
		if (write(st[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(st[1]);
	while ((k = read(st[0], &e, sizeof(e))) < 0 && errno == EINTR)
		;
	close(st[0]);
	if (k > 0) {
		reap(pid);
		errno = e;
		die("exec %s", self);
	}
	return pid;
}

/* A child: hold the environment until EOF on stdin, or any signal. */
static int run_hold(void)
{
	char c;
	ssize_t k;
	do
		k = read(STDIN_FILENO, &c, 1);
	while (k > 0 || (k < 0 && errno == EINTR));
	return 0;
}

int main(int argc, char **argv)
{
	char self[PATH_MAX], rep[16 * (MAX_KIDS + 1)];
	pid_t kids[MAX_KIDS];
	size_t len = 0;
	int i, hold[2], fd;
	ssize_t n;

	if ((argc == 2 && !strcmp(argv[1], "hold")) ||
	    fcntl(HOLD_FD, F_GETFD) >= 0)
		return run_hold();
	if (argc < 2 || argc - 1 > MAX_KIDS || argv[1][0] == '-') {
		fprintf(stderr, "usage: envkids FILE... (at most %d)\n",
			MAX_KIDS);
		return 2;
	}
	tool_signals(0, NULL);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL))
		die("PR_SET_PDEATHSIG");
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0)
		die("readlink /proc/self/exe");
	self[n] = '\0';
	/* The children's stdin: EOF for them once envkids is gone. */
	if (pipe2(hold, O_CLOEXEC))
		die("pipe");
	for (i = 1; i < argc; i++) {
		char apath[PATH_MAX + 8], *buf, *abuf, **envp, **av;
		size_t bytes = 0;
		envp = read_strings(argv[i], &buf, false, &bytes);
		snprintf(apath, sizeof(apath), "%s.argv", argv[i]);
		av = read_strings(apath, &abuf, true, &bytes);
		kids[i - 1] = start_kid(self, av, envp, bytes, hold[0]);
		free(buf);
		free(envp);
		free(abuf);
		free(av);
	}
	close(hold[0]);
	len += (size_t)snprintf(rep + len, sizeof(rep) - len, "%d\n",
				(int)getpid());
	for (i = 0; i < argc - 1; i++)
		len += (size_t)snprintf(rep + len, sizeof(rep) - len, "%d\n",
					(int)kids[i]);
	if (write(STDOUT_FILENO, rep, len) != (ssize_t)len)
		die("write report");
	fd = open("/dev/null", O_WRONLY);
	if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
		die("/dev/null");
	close(fd);
	wait_for_stop();
	close(hold[1]);
	for (i = 0; i < argc - 1; i++) {
		kill(kids[i], SIGTERM);
		reap(kids[i]);
	}
	return 0;
}
