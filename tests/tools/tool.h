/* What the test tools (spawn, inspectee, envkids) share: the stop flag
 * and its signals, dying with a message, and sleeping. Header-only: each
 * tool is one file built on its own. */
#ifndef TESTS_TOOLS_TOOL_H
#define TESTS_TOOLS_TOOL_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Set by SIGTERM, SIGINT or SIGHUP: the tool stops and cleans up. */
static volatile sig_atomic_t stop_sig;

static void on_stop(int sig)
{
	stop_sig = sig;
}

static inline void die(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

/* "TOOL[PID]: what: strerror(errno)", exit 1. */
static inline void die(const char *fmt, ...)
{
	va_list ap;
	int e = errno;
	va_start(ap, fmt);
	fprintf(stderr, "%s[%d]: ", program_invocation_short_name,
		(int)getpid());
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(e));
	exit(1);
}

static inline void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Catch the stop signals (and sig_extra with handler extra, when not 0),
 * and keep them blocked except while waiting (ppoll unblocks them). */
static inline void tool_signals(int sig_extra, void (*extra)(int))
{
	struct sigaction sa;
	sigset_t set;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sig_extra) {
		sa.sa_handler = extra;
		sigaction(sig_extra, &sa, NULL);
		sigaddset(&set, sig_extra);
	}
	sigprocmask(SIG_BLOCK, &set, NULL);
}

/* Write len bytes of report to standard output, then point it at
 * /dev/null so that the reader sees EOF (fd 1 stays valid). */
static inline void send_report_bytes(const char *buf, size_t len)
{
	int fd;
	if (write(STDOUT_FILENO, buf, len) != (ssize_t)len)
		die("write report");
	fd = open("/dev/null", O_WRONLY);
	if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
		die("/dev/null");
	close(fd);
}

/* From a thread other than the main one, after the main thread's
 * pthread_exit: wait (up to 5 s) until the leader shows as a zombie, so
 * that what is reported next is what a reader will find. */
static inline void wait_leader_zombie(void)
{
	for (int i = 0; i < 500; i++) {
		char st[256];
		FILE *f = fopen("/proc/self/stat", "r");
		int z = f && fgets(st, sizeof(st), f) && strstr(st, ") Z ");
		if (f)
			fclose(f);
		if (z)
			return;
		sleep_ms(10);
	}
}

/* Wait for pid, reaping it; SIGKILL it after 5 s. pid <= 0: nothing. */
static inline void reap(pid_t pid)
{
	int i, st;
	if (pid <= 0)
		return;
	for (i = 0; i < 500; i++) {
		pid_t r = waitpid(pid, &st, WNOHANG);
		if (r == pid || (r < 0 && errno != EINTR))
			return;
		sleep_ms(10);
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
}

#endif
