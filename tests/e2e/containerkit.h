/* Fake containers for end-to-end tests, as root: a cgroup named as
 * containerd names a Kubernetes container (kubepods.slice/.../
 * cri-containerd-<id>.scope, in the cgroup2 hierarchy), processes moved
 * into it before they exec, optionally in a private mount namespace of
 * their own and with a pty as controlling terminal. Nothing of a real
 * runtime: just what /proc shows of one. Every process is started by
 * this kit and killed by pid in fakectr_destroy, which also removes the
 * cgroup directories. Header-only, for tests/e2e/test_*.c. */
#ifndef E2E_CONTAINERKIT_H
#define E2E_CONTAINERKIT_H

#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "e2e/helpers.h"

#define FAKECTR_MAX 8

enum {
	FAKECTR_MNTNS = 1 << 0, /* a private mount namespace of its own */
	FAKECTR_PTY = 1 << 1,	/* a new session with a pty as its
				 * controlling terminal (stdin/out/err) */
};

struct fakectr {
	char root[256];	   /* the cgroup2 mount */
	char pod_dir[512]; /* .../kubepods-besteffort-pod<uid>.slice */
	char dir[640];	   /* .../cri-containerd-<id>.scope */
	char id[65];	   /* 64 hex digits */
	char pod_uid[37];  /* with dashes */
	pid_t pids[FAKECTR_MAX];
	int ptys[FAKECTR_MAX]; /* pty masters kept open, or -1 */
	size_t n;
};

/* The cgroup2 mount point: /sys/fs/cgroup on a unified host,
 * /sys/fs/cgroup/unified on a hybrid one; NULL when none. */
static inline const char *fakectr_cgroup2(void)
{
	static const char *const c[] = {"/sys/fs/cgroup/unified",
					"/sys/fs/cgroup"};
	char p[128];
	size_t i;
	for (i = 0; i < 2; i++) {
		snprintf(p, sizeof(p), "%s/cgroup.procs", c[i]);
		if (!access(p, W_OK)) {
			snprintf(p, sizeof(p), "%s/cgroup.controllers", c[i]);
			if (!access(p, F_OK))
				return c[i];
		}
	}
	return NULL;
}

/* Skip the test (with the reason) unless it can make fake containers. */
static inline void fakectr_require(void)
{
	if (geteuid() != 0)
		cr_skip_test("needs root: makes cgroups and mount namespaces "
			     "for fake containers");
	if (!fakectr_cgroup2())
		cr_skip_test("no writable cgroup2 hierarchy to make a fake "
			     "container's cgroup in");
}

/* A container id and pod uid from tag (so two tests never share one),
 * and its cgroup directories. */
static inline void fakectr_create(struct fakectr *c, unsigned tag)
{
	char uid_us[37];
	size_t i;
	memset(c, 0, sizeof(*c));
	for (i = 0; i < FAKECTR_MAX; i++)
		c->ptys[i] = -1;
	snprintf(c->root, sizeof(c->root), "%s", fakectr_cgroup2());
	for (i = 0; i < 8; i++)
		snprintf(c->id + 8 * i, 9, "%08x",
			 (unsigned)(0x5eed0000u + tag * 131u + i * 7u +
				    (unsigned)getpid()));
	snprintf(c->pod_uid, sizeof(c->pod_uid), "%08x-%04x-4%03x-8%03x-%012x",
		 0xfa4e0000u + tag, (unsigned)getpid() & 0xffff, tag & 0xfff,
		 tag & 0xfff, 0x1234u + tag);
	memcpy(uid_us, c->pod_uid, sizeof(uid_us));
	for (i = 0; uid_us[i]; i++)
		if (uid_us[i] == '-')
			uid_us[i] = '_';
	snprintf(c->pod_dir, sizeof(c->pod_dir),
		 "%s/kubepods.slice/kubepods-besteffort.slice/"
		 "kubepods-besteffort-pod%s.slice",
		 c->root, uid_us);
	snprintf(c->dir, sizeof(c->dir), "%s/cri-containerd-%s.scope",
		 c->pod_dir, c->id);
	{
		char p[sizeof(c->dir)];
		char *s;
		snprintf(p, sizeof(p), "%s", c->dir);
		for (s = p + strlen(c->root) + 1; (s = strchr(s, '/')); s++) {
			*s = '\0';
			if (mkdir(p, 0755) && errno != EEXIST)
				cr_assert_fail("mkdir %s: %s", p,
					       strerror(errno));
			*s = '/';
		}
		if (mkdir(p, 0755) && errno != EEXIST)
			cr_assert_fail("mkdir %s: %s", p, strerror(errno));
	}
}

/* The child: join the cgroup, unshare, take the pty, exec. Only
 * async-signal-safe calls but snprintf into a stack buffer. */
static inline void fakectr_child(const struct fakectr *c, unsigned flags,
				 const char *slave, int err_fd,
				 const char *const *argv)
{
	char path[700], num[16];
	int fd, len;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	snprintf(path, sizeof(path), "%s/cgroup.procs", c->dir);
	len = snprintf(num, sizeof(num), "%d", (int)getpid());
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, num, (size_t)len) != len)
		goto fail;
	close(fd);
	if (flags & FAKECTR_MNTNS) {
		if (unshare(CLONE_NEWNS) ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
			goto fail;
	}
	if (flags & FAKECTR_PTY) {
		if (setsid() < 0)
			goto fail;
		fd = open(slave, O_RDWR);
		if (fd < 0 || ioctl(fd, TIOCSCTTY, 0))
			goto fail;
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	e2e_no_inherit();
	execv(argv[0], (char *const *)argv);
fail:
	len = errno;
	if (write(err_fd, &len, sizeof(len)) < 0)
		_exit(127);
	_exit(127);
}

/* Start argv (argv[0] a full path) in the container; returns its pid once
 * it has exec'ed (or fails the test). */
static inline pid_t fakectr_spawn(struct fakectr *c, unsigned flags,
				  const char *const *argv)
{
	int p[2], master = -1, e = 0;
	const char *slave = NULL;
	ssize_t n;
	pid_t pid;
	cr_assert(c->n < FAKECTR_MAX, "fakectr: too many processes");
	if (flags & FAKECTR_PTY) {
		master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
		cr_assert(master >= 0 && !grantpt(master) && !unlockpt(master),
			  "pty: %s", strerror(errno));
		slave = ptsname(master);
	}
	cr_assert_eq(pipe2(p, O_CLOEXEC), 0);
	pid = fork();
	cr_assert(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		close(p[0]);
		fakectr_child(c, flags, slave, p[1], argv);
	}
	close(p[1]);
	/* EOF at exec (close-on-exec), or the child's errno. */
	n = read(p[0], &e, sizeof(e));
	close(p[0]);
	c->pids[c->n] = pid;
	c->ptys[c->n] = master;
	c->n++;
	cr_assert(n == 0, "fakectr: starting %s in %s failed: %s", argv[0],
		  c->dir, strerror(e));
	return pid;
}

/* Kill (by pid) and reap every process started, remove the cgroups. */
static inline void fakectr_destroy(struct fakectr *c)
{
	char p[700];
	size_t i;
	int st;
	for (i = 0; i < c->n; i++) {
		if (c->pids[i] > 0) {
			kill(c->pids[i], SIGKILL);
			waitpid(c->pids[i], &st, 0);
		}
		if (c->ptys[i] >= 0)
			close(c->ptys[i]);
	}
	c->n = 0;
	if (!c->dir[0])
		return;
	/* rmdir from the leaf up to kubepods.slice (shared by tests: it
	 * stays while another test's pods are in it). */
	snprintf(p, sizeof(p), "%s", c->dir);
	while (strlen(p) > strlen(c->root) + strlen("/kubepods.slice")) {
		char *s;
		int tries = 0;
		/* A killed task leaves its cgroup a moment after it is
		 * reaped: EBUSY until then. */
		while (rmdir(p) && errno == EBUSY && tries++ < 500)
			e2e_sleep_ms(10);
		s = strrchr(p, '/');
		*s = '\0';
	}
	rmdir(p);
}

#endif
