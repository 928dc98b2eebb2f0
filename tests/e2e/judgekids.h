/* Children with chosen command lines and environments for the judge
 * tests (tests/tools/envkids with FILE.argv), started and stopped by pid.
 * Header-only, every function static. */
#ifndef E2E_JUDGEKIDS_H
#define E2E_JUDGEKIDS_H

#include "e2e/helpers.h"

#include <libgen.h>

#define JK_MAX 8

struct jkid {
	const char *const *argv; /* NULL-terminated, or NULL: envkids hold */
	const char *const *env;	 /* NAME=VALUE strings, NULL-terminated */
};

struct jkids {
	pid_t pid, kid[JK_MAX];
	unsigned long long start[JK_MAX];
	char arg[JK_MAX][16];
	size_t n;
	int in_fd;
};

static struct {
	pid_t pid;
	int in_fd;
} jk_running;

static inline void jk_cleanup(void)
{
	int st;
	if (!jk_running.pid)
		return;
	close(jk_running.in_fd);
	e2e_wait(jk_running.pid, e2e_now_ms() + 10000, "envkids");
	jk_running.pid = 0;
	while (waitpid(-1, &st, WNOHANG) > 0)
		;
}

static inline const char *jk_envkids_bin(void)
{
	static char path[4096];
	const char *s = getenv("PROCSIFT_ENVKIDS");
	char spawn[4096];
	if (s && *s)
		return s;
	snprintf(spawn, sizeof(spawn), "%s", e2e_spawn_bin());
	snprintf(path, sizeof(path), "%s/envkids", dirname(spawn));
	return path;
}

static inline void jk_write(const char *path, const char *const *v)
{
	struct strbuf sb = STRBUF_INIT;
	int fd;
	for (; v && *v; v++)
		strbuf_add(&sb, *v, strlen(*v) + 1);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	cr_assert(fd >= 0, "%s: %s", path, strerror(errno));
	cr_assert(write(fd, sb.buf, sb.len) == (ssize_t)sb.len);
	close(fd);
	strbuf_release(&sb);
}

/* Start n kids; returns once they run with their argv and environment. */
static inline void jk_start(struct jkids *k, const struct jkid *kids, size_t n)
{
	char dir[] = "/tmp/procsift-judge-XXXXXX", files[JK_MAX][64],
	     av[JK_MAX][80];
	const char *argv[JK_MAX + 2];
	struct strbuf rep = STRBUF_INIT;
	long long deadline = e2e_now_ms() + E2E_TIMEOUT_MS;
	int inp[2], outp[2];
	size_t i;
	char *p;

	cr_assert(n <= JK_MAX);
	memset(k, 0, sizeof(*k));
	k->n = n;
	signal(SIGPIPE, SIG_IGN);
	cr_assert(!prctl(PR_SET_CHILD_SUBREAPER, 1));
	cr_assert(mkdtemp(dir), "mkdtemp: %s", strerror(errno));
	argv[0] = jk_envkids_bin();
	for (i = 0; i < n; i++) {
		snprintf(files[i], sizeof(files[i]), "%s/kid%zu", dir, i);
		jk_write(files[i], kids[i].env);
		snprintf(av[i], sizeof(av[i]), "%s.argv", files[i]);
		if (kids[i].argv)
			jk_write(av[i], kids[i].argv);
		argv[i + 1] = files[i];
	}
	argv[n + 1] = NULL;
	cr_assert(!pipe2(inp, O_CLOEXEC) && !pipe2(outp, O_CLOEXEC));
	k->pid = fork();
	cr_assert(k->pid >= 0);
	if (!k->pid)
		e2e_child(inp[0], outp[1], 2, false, argv);
	jk_running.pid = k->pid;
	jk_running.in_fd = k->in_fd = inp[1];
	close(inp[0]);
	close(outp[1]);
	fcntl(outp[0], F_SETFL, O_NONBLOCK);
	while (outp[0] >= 0) {
		struct pollfd pfd = {outp[0], POLLIN, 0};
		cr_assert(e2e_now_ms() < deadline, "envkids did not report");
		if (poll(&pfd, 1, 100) > 0)
			e2e_drain(&outp[0], &rep);
	}
	for (i = 0; i < n; i++) {
		unlink(files[i]);
		unlink(av[i]);
	}
	rmdir(dir);
	p = rep.buf;
	cr_assert_eq(atoi(p), (int)k->pid, "envkids reported '%s'", rep.buf);
	for (i = 0; i < n; i++) {
		p = strchr(p, '\n');
		cr_assert(p && p[1], "envkids reported '%s'", rep.buf);
		k->kid[i] = (pid_t)atoi(++p);
		k->start[i] = e2e_start_ticks(k->kid[i]);
		cr_assert(k->start[i], "kid %d is not running", (int)k->kid[i]);
		snprintf(k->arg[i], sizeof(k->arg[i]), "%d", (int)k->kid[i]);
	}
	strbuf_release(&rep);
}

static inline void jk_stop(struct jkids *k)
{
	int status, st;
	size_t i;
	pid_t r;
	close(k->in_fd);
	status = e2e_wait(k->pid, e2e_now_ms() + E2E_TIMEOUT_MS, "envkids");
	jk_running.pid = 0;
	cr_assert_eq(status, 0, "envkids exited %d", status);
	for (i = 0; i < k->n; i++)
		cr_assert(e2e_start_ticks(k->kid[i]) != k->start[i],
			  "kid %d outlived envkids", (int)k->kid[i]);
	r = waitpid(-1, &st, WNOHANG);
	cr_assert(r < 0 && errno == ECHILD, "envkids left %d behind", (int)r);
}

/* "--pid" "A,B,C" for the kids, as one comma list. */
static inline void jk_pidlist(const struct jkids *k, char *buf, size_t size)
{
	size_t i, len = 0;
	buf[0] = '\0';
	for (i = 0; i < k->n; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%d",
					i ? "," : "", (int)k->kid[i]);
}

#endif
