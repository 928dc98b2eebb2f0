/* Read-only, proven: strace -f over procsift's views, scan and snapshot
 * with processes holding a FIFO, a pty, sockets, a device, a file open
 * for writing and a deleted file: no write but to its own stdout and
 * stderr (and the snapshot's one file), no open for writing or creating,
 * no open through /proc/PID/fd/N, no unlink, rename, signal, ptrace or
 * lock; and with a real etcd (Debian's etcd-server), its database and
 * WAL opened through /proc/PID/fd/N read-only and nothing else so.
 * Skipped where strace is not installed (make deps installs it). */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e/etcdkit.h"
#include "helpers.h"

static pid_t kid;
static char dir[] = "/tmp/procsift-ro-XXXXXX";

static const char *strace_bin(void)
{
	static const char *const where[] = {"/usr/bin/strace", "/bin/strace"};
	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++)
		if (!access(where[i], X_OK))
			return where[i];
	return NULL;
}

/* A sleeper holding what procsift must never open or block on. */
static void start_kid(void)
{
	char fifo[96], file[96], gone[96];
	int ready[2];
	char c;
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	snprintf(file, sizeof(file), "%s/written", dir);
	snprintf(gone, sizeof(gone), "%s/deleted", dir);
	cr_assert(!mkfifo(fifo, 0600));
	cr_assert(!pipe2(ready, O_CLOEXEC));
	kid = fork();
	cr_assert(kid >= 0);
	if (!kid) {
		int sp[2], null = open("/dev/null", O_RDWR), pty;
		if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 ||
		    dup2(null, 2) < 0)
			_exit(1);
		e2e_no_inherit();
		/* O_RDWR: a FIFO opened so does not wait for a peer. */
		if (open(fifo, O_RDWR) < 0 ||
		    socketpair(AF_UNIX, SOCK_STREAM, 0, sp) ||
		    open(file, O_WRONLY | O_CREAT, 0600) < 0 ||
		    open(gone, O_RDWR | O_CREAT, 0600) < 0 || unlink(gone) ||
		    open("/dev/zero", O_RDONLY) < 0)
			_exit(1);
		pty = posix_openpt(O_RDWR | O_NOCTTY);
		if (pty >= 0 && (grantpt(pty) || unlockpt(pty)))
			_exit(1);
		if (pty >= 0 && open(ptsname(pty), O_RDWR | O_NOCTTY) < 0)
			_exit(1);
		execl("/bin/sleep", "sleep", "300", (char *)NULL);
		_exit(127);
	}
	close(ready[1]);
	cr_assert_eq(read(ready[0], &c, 1), 0);
	close(ready[0]);
	e2e_sleep_ms(50);
	cr_assert_eq(waitpid(kid, NULL, WNOHANG), 0,
		     "the holder did not start");
}

static void stop(void)
{
	etcdkit_stop();
	if (kid > 0) {
		kill(kid, SIGKILL);
		waitpid(kid, NULL, 0);
		kid = 0;
	}
	if (dir[sizeof(dir) - 7] != 'X') {
		char cmd[128];
		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		(void)system(cmd);
	}
}

/* Why line (one system call of strace -f -y) breaks the rule, or NULL.
 * out: the one file procsift may write (a snapshot), or NULL. */
static const char *breaks(const char *line, const char *out,
			  const char *etcd_dir)
{
	static const char *const never[] = {
		" unlink(",    " unlinkat(", " rename(",   " renameat(",
		" renameat2(", " kill(",     " tkill(",	   " tgkill(",
		" ptrace(",    " flock(",    " truncate(", " ftruncate(",
		" mkdir(",     " mkdirat(",  " symlink(",  " symlinkat(",
		" link(",      " linkat(",   " chmod(",	   " fchmod(",
		" fchmodat(",  " chown(",    " fchown(",   " fchownat(",
	};
	const char *p;
	/* A call that failed changed nothing; the snapshot's own file is
	 * procsift's to write (and to make 0600). */
	if (strstr(line, "= -1 ") || (out && strstr(line, out)))
		return NULL;
	for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++)
		if (strstr(line, never[i]))
			return "a call that changes something";
	if (strstr(line, " fcntl(") &&
	    (strstr(line, "F_SETLK") || strstr(line, "F_OFD_SETLK")))
		return "a lock";
	if ((p = strstr(line, " openat(")) || (p = strstr(line, " open("))) {
		if ((strstr(p, "O_WRONLY") || strstr(p, "O_RDWR") ||
		     strstr(p, "O_CREAT") || strstr(p, "O_TRUNC")) &&
		    !(out && strstr(p, out)))
			return "an open for writing";
		/* /proc/PID/fd/N (or fd/N below a /proc/PID directory fd):
		 * only etcd's database and WAL are ever opened so, read-only
		 * (strace -y names what the new fd is). */
		if (strstr(p, "/fd/") || strstr(p, ">, \"fd/")) {
			const char *res = strstr(p, ") = ");
			bool etcd_file =
				res && (strstr(res, "/member/snap/db>") ||
					strstr(res, "/member/wal/"));
			if (!strstr(p, "O_RDONLY") || !etcd_file ||
			    (etcd_dir && !strstr(res, etcd_dir)))
				return "an open through /proc/PID/fd";
		}
	}
	/* The one thing procsift sends: a sock_diag query, to the kernel
	 * over netlink. The one namespace it joins: a network namespace,
	 * on a thread of its own, to ask it. */
	if ((strstr(line, " sendto(") || strstr(line, " sendmsg(")) &&
	    !strstr(line, "sa_family=AF_NETLINK"))
		return "a send that is not a netlink query";
	if (strstr(line, " setns(") && !strstr(line, "CLONE_NEWNET"))
		return "a namespace joined that is not a network one";
	if ((p = strstr(line, " write(")) || (p = strstr(line, " writev(")) ||
	    (p = strstr(line, " pwrite64("))) {
		int fd = atoi(strchr(p, '(') + 1);
		if (fd != 1 && fd != 2 && !(out && strstr(p, out)))
			return "a write to something but stdout and stderr";
	}
	return NULL;
}

static void traced_in(const char *what, const char *out, const char *etcd_dir,
		      const char *const *args)
{
	char log[96];
	const char *argv[32];
	struct e2e_result r;
	size_t n = 0;
	FILE *fp;
	char *line = NULL;
	size_t cap = 0, bad = 0, calls = 0;
	snprintf(log, sizeof(log), "%s/trace", dir);
	argv[n++] = strace_bin();
	argv[n++] = "-f";
	argv[n++] = "-qq";
	argv[n++] = "-y";
	argv[n++] = "-s";
	argv[n++] = "0";
	argv[n++] = "-o";
	argv[n++] = log;
	argv[n++] = e2e_procsift_bin();
	for (; *args; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	e2e_run(&r, NULL, argv);
	cr_assert(r.status == 0 || r.status == 1, "%s: exit %d: %s", what,
		  r.status, r.err.buf);
	fp = fopen(log, "r");
	cr_assert(fp);
	while (getline(&line, &cap, fp) > 0) {
		const char *why = breaks(line, out, etcd_dir);
		calls++;
		if (why && bad++ < 5)
			cr_log_error("%s: %s: %s", what, why, line);
	}
	free(line);
	fclose(fp);
	unlink(log);
	cr_expect(calls > 100, "%s: strace saw %zu calls", what, calls);
	cr_expect_eq(bad, 0, "%s: %zu calls break read-only", what, bad);
	e2e_result_release(&r);
}

static void traced(const char *what, const char *out, const char *const *args)
{
	traced_in(what, out, NULL, args);
}

TestSuite(readonly, .fini = stop, .timeout = 300);

Test(readonly, views_scan_and_snapshot)
{
	char snap[96], pid[16];
	if (!strace_bin())
		cr_skip_test("strace is not installed (make deps installs it)");
	cr_assert(mkdtemp(dir));
	start_kid();
	snprintf(pid, sizeof(pid), "%d", (int)kid);
	snprintf(snap, sizeof(snap), "%s/ro.psnap", dir);
	traced("scan", NULL, E2E_ARGS("scan"));
	traced("fds --all --fdinfo", NULL,
	       E2E_ARGS("fds", "--all", "--fdinfo"));
	traced("maps --all", NULL, E2E_ARGS("maps", "--all"));
	traced("env --all", NULL, E2E_ARGS("env", "--all"));
	traced("tree", NULL, E2E_ARGS("tree"));
	traced("show", NULL, E2E_ARGS("show", pid));
	traced("snapshot", snap, E2E_ARGS("snapshot", "-o", snap));
}

/* A real etcd with Secrets: the audit, scan's etcd judge and a snapshot
 * with its database open etcd's files through /proc/PID/fd/N, read-only,
 * and nothing else (issue 13, item 7). */
Test(readonly, etcd)
{
	struct etcdkit *k;
	char pid[16], snap[128];
	if (!strace_bin())
		cr_skip_test("strace is not installed (make deps installs it)");
	cr_assert(mkdtemp(dir));
	k = etcdkit_start();
	etcdkit_fill(k, "basic");
	pid_str(k, pid, sizeof(pid));
	snprintf(snap, sizeof(snap), "%s/ro-etcd.psnap", dir);
	traced_in("etcd", NULL, k->data, E2E_ARGS("etcd", "--pid", pid));
	traced_in("scan --judge etcd", NULL, k->data,
		  E2E_ARGS("scan", "--judge", "etcd"));
	traced_in("snapshot --with-etcd", snap, k->data,
		  E2E_ARGS("snapshot", "-o", snap, "--with-etcd", "-p", pid));
}
