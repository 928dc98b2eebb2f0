/* Reading files a process names, inside its root (proc/rootfile.h), on
 * real files the test makes: a regular file, a FIFO in a file's place (the
 * read must not block), a file over the cap, a relative path (from the
 * process's cwd, which it may not climb out of), and, as root, symlinks planted
 * in a chroot that point out of it (they resolve inside it). */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc/mounts.h"
#include "proc/pidfile.h"
#include "proc/rootfile.h"

static char dir[] = "/tmp/procsift-rootfile-XXXXXX";
static int proc_fd = -1;

static void path(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", dir, name);
}

static void put(const char *name, const char *text)
{
	char p[256];
	FILE *f;
	path(p, sizeof(p), name);
	f = fopen(p, "w");
	cr_assert(f);
	fputs(text, f);
	fclose(f);
}

static void setup(void)
{
	cr_assert(mkdtemp(dir));
	proc_fd = proc_open_root(NULL);
	cr_assert(proc_fd >= 0);
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
	close(proc_fd);
}

TestSuite(rootfile, .init = setup, .fini = teardown);

Test(rootfile, regular_file)
{
	struct host_file f;
	char p[256];
	put("a.yaml", "kind: Policy\n");
	path(p, sizeof(p), "a.yaml");
	cr_assert_eq(
		rootfile_read(proc_fd, getpid(), 0, "x", p, ROOTFILE_CAP, &f),
		0);
	cr_assert_str_eq(f.data, "kind: Policy\n");
	cr_assert_eq(f.len, 13);
	cr_assert(f.has_stat && S_ISREG(f.mode));
	cr_assert_str_eq(f.what, "x");
	cr_assert_str_eq(f.path, p);
	host_file_release(&f);
}

/* Many files through processes of one mount namespace (the runtimes and
 * shims of a node, for container names) read its mount table once. */
Test(rootfile, mount_table_once_per_namespace)
{
	struct nscache *mounts = mount_cache_new();
	struct host_file f;
	char p[256];
	int i;
	put("b.json", "{}");
	path(p, sizeof(p), "b.json");
	for (i = 0; i < 3; i++) {
		cr_assert_eq(rootfile_read_cached(mounts, proc_fd, getpid(), 0,
						  "x", p, ROOTFILE_CAP, &f),
			     0);
		cr_assert_str_eq(f.data, "{}");
		host_file_release(&f);
	}
	cr_assert_eq(nscache_loads(mounts), 1);
	nscache_free(mounts);
}

Test(rootfile, fifo_is_refused_without_blocking)
{
	struct host_file f;
	char p[256];
	path(p, sizeof(p), "fifo");
	cr_assert_eq(mkfifo(p, 0600), 0);
	/* No writer: a blocking open would hang here. */
	cr_assert_eq(
		rootfile_read(proc_fd, getpid(), 0, "x", p, ROOTFILE_CAP, &f),
		-EINVAL);
	cr_assert_eq(f.err, EINVAL);
	cr_assert_str_eq(f.why, "not a regular file");
	cr_assert_null(f.data);
	host_file_release(&f);
}

Test(rootfile, over_the_cap)
{
	struct host_file f;
	char p[256];
	int fd;
	path(p, sizeof(p), "big");
	fd = open(p, O_CREAT | O_WRONLY, 0600);
	cr_assert(fd >= 0);
	cr_assert_eq(ftruncate(fd, 100 << 20), 0); /* sparse */
	close(fd);
	cr_assert_eq(
		rootfile_read(proc_fd, getpid(), 0, "x", p, ROOTFILE_CAP, &f),
		-EFBIG);
	cr_assert_null(f.data);
	host_file_release(&f);
}

Test(rootfile, missing_and_directory)
{
	struct host_file f;
	char p[256];
	path(p, sizeof(p), "none");
	cr_assert_eq(rootfile_read(proc_fd, getpid(), 0, "x", p, 64, &f),
		     -ENOENT);
	host_file_release(&f);
	cr_assert_eq(rootfile_read(proc_fd, getpid(), 0, "x", dir, 64, &f),
		     -EINVAL);
	host_file_release(&f);
	cr_assert_eq(rootfile_stat(proc_fd, getpid(), 0, "x", dir, &f), 0);
	cr_assert(f.has_stat && S_ISDIR(f.mode));
	cr_assert_eq(f.mode & 07777, 0700); /* mkdtemp's */
	host_file_release(&f);
}

Test(rootfile, relative_to_cwd)
{
	struct host_file f;
	char old[4096];
	put("rel.conf", "x=1\n");
	cr_assert(getcwd(old, sizeof(old)));
	cr_assert_eq(chdir(dir), 0);
	cr_assert_eq(
		rootfile_read(proc_fd, getpid(), 0, "x", "rel.conf", 64, &f),
		0);
	cr_assert_str_eq(f.data, "x=1\n");
	host_file_release(&f);
	cr_assert_eq(chdir(old), 0);
}

/* A process chrooted into dir: what it names resolves inside dir, even
 * through symlinks that point at "/etc/hostname" or "../../etc". */
Test(rootfile, links_stay_in_the_root)
{
	struct host_file f;
	char p[256];
	pid_t pid;
	int st, pfd[2];
	if (geteuid() != 0)
		cr_skip_test("needs root: chroots a child");
	path(p, sizeof(p), "etc");
	cr_assert_eq(mkdir(p, 0755), 0);
	put("etc/hostname", "inside\n");
	path(p, sizeof(p), "abs");
	cr_assert_eq(symlink("/etc/hostname", p), 0);
	path(p, sizeof(p), "up");
	cr_assert_eq(symlink("../../../../../etc/hostname", p), 0);
	cr_assert_eq(pipe(pfd), 0);
	pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		char c = 0;
		if (chroot(dir) || chdir("/"))
			_exit(1);
		if (write(pfd[1], &c, 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	{
		char c;
		cr_assert_eq(read(pfd[0], &c, 1), 1);
	}
	/* Expectations only until the child is killed. */
	cr_expect_eq(rootfile_read(proc_fd, pid, 0, "x", "/abs", 64, &f), 0);
	cr_expect_str_eq(f.data ? f.data : "", "inside\n");
	host_file_release(&f);
	cr_expect_eq(rootfile_read(proc_fd, pid, 0, "x", "/up", 64, &f), 0);
	cr_expect_str_eq(f.data ? f.data : "", "inside\n");
	host_file_release(&f);
	/* A relative path may not climb out of the cwd at all. */
	cr_expect_eq(rootfile_read(proc_fd, pid, 0, "x", "../../etc/hostname",
				   64, &f),
		     -EXDEV);
	cr_expect_null(f.data);
	host_file_release(&f);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	close(pfd[0]);
	close(pfd[1]);
}

/* Reading a file for evidence leaves its access time alone (O_NOATIME,
 * as its owner): an atime older than the mtime, which relatime would
 * otherwise update on a read, stays as it was. */
Test(rootfile, read_keeps_atime)
{
	struct host_file f;
	struct timespec ts[2];
	struct stat st;
	char p[256];
	put("t.yaml", "kind: Policy\n");
	path(p, sizeof(p), "t.yaml");
	cr_assert_eq(stat(p, &st), 0);
	ts[0].tv_sec = st.st_mtim.tv_sec - 3600;
	ts[0].tv_nsec = 0;
	ts[1].tv_sec = 0;
	ts[1].tv_nsec = UTIME_OMIT;
	cr_assert_eq(utimensat(AT_FDCWD, p, ts, 0), 0);
	cr_assert_eq(rootfile_read(proc_fd, getpid(), 0, "x", p, 64, &f), 0);
	cr_assert_str_eq(f.data, "kind: Policy\n");
	host_file_release(&f);
	cr_assert_eq(stat(p, &st), 0);
	cr_assert_eq(st.st_atim.tv_sec, ts[0].tv_sec);
}

/* The start time the walk read pins the process: another one (a reused
 * pid) is not read. */
Test(rootfile, other_start_time_is_gone)
{
	struct host_file f;
	char p[256];
	put("s.yaml", "x\n");
	path(p, sizeof(p), "s.yaml");
	cr_assert_eq(rootfile_read(proc_fd, getpid(), 1, "x", p, 64, &f),
		     -ESRCH);
	cr_assert_null(f.data);
	cr_assert(f.why && strstr(f.why, "gone"));
	host_file_release(&f);
	cr_assert_eq(rootfile_stat(proc_fd, getpid(), 1, "x", dir, &f), -ESRCH);
	host_file_release(&f);
}

/* A relative path that is not there: ENOENT, with no reason of
 * procsift's own (its cwd's file system was fine). */
Test(rootfile, relative_missing_has_no_why)
{
	struct host_file f;
	char old[512];
	cr_assert(getcwd(old, sizeof(old)));
	cr_assert_eq(chdir(dir), 0);
	cr_assert_eq(
		rootfile_read(proc_fd, getpid(), 0, "x", "none.etcd", 64, &f),
		-ENOENT);
	cr_assert_null(f.why, "%s", f.why);
	host_file_release(&f);
	cr_assert_eq(chdir(old), 0);
}
