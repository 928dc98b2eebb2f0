/* The e2e side of tests/tools/inspectee: start it, read its `key value`
 * report, stop it and check that nothing it started is left; plus the JSON
 * accessors the per-process command tests share. Header-only, every
 * function static, for tests/e2e/test_inspect.c. PROCSIFT_INSPECTEE names
 * the helper (default build/tests/tools/inspectee). */
#ifndef E2E_INSPECTEE_H
#define E2E_INSPECTEE_H

#include "e2e/helpers.h"

#define INSP_KEYS 64
#define INSP_PIDS 8

/* A running inspectee and its report. */
struct insp {
	pid_t pid;
	int in_fd;
	struct strbuf raw; /* the report, cut into NUL-ended keys and values */
	const char *key[INSP_KEYS], *val[INSP_KEYS];
	size_t n;
	pid_t pids[INSP_PIDS]; /* every "pid" and "*_pid" reported */
	unsigned long long start[INSP_PIDS];
	size_t npids;
};

/* The running test's inspectee, for insp_cleanup: copied, because a
 * failed assertion leaves the test function's frame. */
static struct {
	pid_t pid;
	int in_fd;
} insp_running;

static inline const char *inspectee_bin(void)
{
	return e2e_env("PROCSIFT_INSPECTEE", "build/tests/tools/inspectee");
}

static inline bool ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);
	return n >= k && !strcmp(s + n - k, suf);
}

static inline void insp_parse(struct insp *s)
{
	char *p = s->raw.buf;
	while (*p) {
		char *nl = strchr(p, '\n'), *sp = strchr(p, ' ');
		cr_assert(nl && sp && sp < nl && s->n < INSP_KEYS,
			  "bad inspectee report line: '%.60s'", p);
		*nl = *sp = '\0';
		s->key[s->n] = p;
		s->val[s->n++] = sp + 1;
		if (!strcmp(p, "pid") || ends_with(p, "_pid")) {
			pid_t v = (pid_t)atoi(sp + 1);
			cr_assert(v > 0 && s->npids < INSP_PIDS);
			s->pids[s->npids] = v;
			s->start[s->npids] = e2e_start_ticks(v);
			cr_assert(s->start[s->npids], "%s %d is not running", p,
				  (int)v);
			s->npids++;
		}
		p = nl + 1;
	}
}

/* Start the test tool bin (inspectee, hostile) in MODE as uid (0: as this
 * process, root); returns once
 * it has reported (all set up). */
static inline void insp_start_bin(struct insp *s, const char *bin,
				  const char *mode, uid_t uid)
{
	const char *argv[] = {bin, mode, NULL};
	long long deadline = e2e_now_ms() + E2E_TIMEOUT_MS;
	int inp[2], outp[2];

	memset(s, 0, sizeof(*s));
	strbuf_init(&s->raw, 0);
	signal(SIGPIPE, SIG_IGN);
	/* Anything it leaves behind comes back to us: see insp_stop. */
	cr_assert(!prctl(PR_SET_CHILD_SUBREAPER, 1));
	cr_assert(access(argv[0], X_OK) == 0, "cannot run %s: %s", argv[0],
		  strerror(errno));
	cr_assert(!pipe2(inp, O_CLOEXEC) && !pipe2(outp, O_CLOEXEC));
	s->pid = fork();
	cr_assert(s->pid >= 0, "fork: %s", strerror(errno));
	/* e2e_child sets the parent-death signal, which a uid change
	 * would clear, after it. */
	if (!s->pid && uid &&
	    (setgroups(0, NULL) || setgid(uid) || setuid(uid)))
		_exit(126);
	if (!s->pid)
		e2e_child(inp[0], outp[1], 2, false, argv);
	insp_running.pid = s->pid;
	insp_running.in_fd = inp[1];
	close(inp[0]);
	close(outp[1]);
	fcntl(outp[0], F_SETFL, O_NONBLOCK);
	s->in_fd = inp[1];
	while (outp[0] >= 0) {
		struct pollfd pfd = {outp[0], POLLIN, 0};
		cr_assert(e2e_now_ms() < deadline, "inspectee %s: no report",
			  mode);
		if (poll(&pfd, 1, 100) > 0)
			e2e_drain(&outp[0], &s->raw);
	}
	if (!s->raw.len) {
		int st = e2e_wait(s->pid, deadline, "inspectee");
		cr_assert_fail("inspectee %s reported nothing (exit %d)", mode,
			       st);
	}
	insp_parse(s);
	cr_assert(s->npids && s->pids[0] == s->pid,
		  "inspectee %s: first pid %d is not its own (%d)", mode,
		  s->npids ? (int)s->pids[0] : 0, (int)s->pid);
}

/* The same for inspectee. */
static inline void insp_start_as(struct insp *s, const char *mode, uid_t uid)
{
	insp_start_bin(s, inspectee_bin(), mode, uid);
}

/* Start inspectee MODE; returns once it has reported (all set up). */
static inline void insp_start(struct insp *s, const char *mode)
{
	insp_start_as(s, mode, 0);
}

/* Stop by EOF on its stdin: it must exit 0, and nothing it started may
 * outlive it (this test process is a subreaper and must have no child). */
static inline void insp_stop(struct insp *s)
{
	long long deadline = e2e_now_ms() + E2E_TIMEOUT_MS;
	int status, st;
	size_t i;
	pid_t r;
	e2e_close(&s->in_fd);
	status = e2e_wait(s->pid, deadline, "inspectee");
	insp_running.pid = 0;
	cr_assert_eq(status, 0, "inspectee exited %d", status);
	for (i = 0; i < s->npids; i++)
		cr_assert(e2e_start_ticks(s->pids[i]) != s->start[i],
			  "pid %d outlived inspectee", (int)s->pids[i]);
	r = waitpid(-1, &st, WNOHANG);
	cr_assert(r < 0 && errno == ECHILD, "inspectee left child %d behind",
		  (int)r);
	strbuf_release(&s->raw);
}

/* The suite's .fini: after a failed test, stop its inspectee by EOF all
 * the same, so that it removes its files and children, and reap strays. */
static inline void insp_cleanup(void)
{
	long long deadline = e2e_now_ms() + 10000;
	pid_t pid = insp_running.pid, r;
	int st;
	insp_running.pid = 0;
	if (!pid)
		return;
	close(insp_running.in_fd);
	while ((r = waitpid(pid, &st, WNOHANG)) == 0 && e2e_now_ms() < deadline)
		e2e_sleep_ms(5);
	if (r == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
	}
	while (waitpid(-1, &st, WNOHANG) > 0)
		;
}

static inline const char *insp_get(const struct insp *s, const char *key)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		if (!strcmp(s->key[i], key))
			return s->val[i];
	cr_assert_fail("inspectee reported no '%s'", key);
	return NULL;
}

static inline int insp_int(const struct insp *s, const char *key)
{
	return atoi(insp_get(s, key));
}

/* Run procsift with args; expect exit 0 and no raw ESC in the output. */
static inline void run_ok(struct e2e_result *r, const char *const *args,
			  const char *what)
{
	e2e_procsift(r, NULL, args);
	E2E_EXPECT_STATUS(r, 0, what);
	cr_assert(!memchr(r->out.buf, 0x1b, r->out.len), "%s: raw ESC", what);
}

#define RUN_OK(r, ...) run_ok((r), E2E_ARGS(__VA_ARGS__), #__VA_ARGS__)

static inline bool out_has(const struct e2e_result *r, const char *needle)
{
	return e2e_contains(r->out.buf, r->out.len, needle);
}

/* The object for pid in a {"processes": [...]} document. */
static inline struct json_object *proc_of(struct json_object *doc, pid_t pid)
{
	struct json_object *p =
		e2e_json_find(e2e_json_get(doc, "processes"), pid, NULL);
	cr_assert(p, "pid %d not in the output", (int)pid);
	return p;
}

/* Element of array key in o whose member field is the integer v. */
static inline struct json_object *
elem_int(struct json_object *o, const char *key, const char *field, long long v)
{
	struct json_object *a = e2e_json_get(o, key);
	size_t i, n;
	cr_assert(json_object_is_type(a, json_type_array), "%s: not an array",
		  key);
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(a, i);
		if (json_object_get_int64(e2e_json_get(e, field)) == v)
			return e;
	}
	cr_assert_fail("no %s with %s %lld", key, field, v);
	return NULL;
}

static inline struct json_object *fd_of(struct json_object *proc, int fd)
{
	return elem_int(proc, "fds", "fd", fd);
}

static inline const char *str_of(struct json_object *o, const char *key)
{
	struct json_object *v = e2e_json_get(o, key);
	cr_assert(json_object_is_type(v, json_type_string),
		  "%s is not a string: %s", key, json_object_to_json_string(v));
	return json_object_get_string(v);
}

static inline bool bool_of(struct json_object *o, const char *key)
{
	struct json_object *v = e2e_json_get(o, key);
	cr_assert(json_object_is_type(v, json_type_boolean),
		  "%s is not a boolean: %s", key,
		  json_object_to_json_string(v));
	return json_object_get_boolean(v);
}

static inline void expect_str(struct json_object *o, const char *key,
			      const char *want)
{
	const char *got = str_of(o, key);
	cr_assert_str_eq(got, want, "%s: '%s', want '%s'", key, got, want);
}

/* An fd's socket object: proto, state and local endpoint as given. */
static inline struct json_object *expect_sock(struct json_object *fd,
					      const char *proto,
					      const char *state,
					      const char *local)
{
	struct json_object *k = e2e_json_get(fd, "socket");
	expect_str(fd, "type", "socket");
	cr_assert(json_object_is_type(k, json_type_object),
		  "socket unresolved: %s", json_object_to_json_string(fd));
	expect_str(k, "proto", proto);
	expect_str(k, "state", state);
	if (local)
		expect_str(k, "local", local);
	return k;
}

/* The network namespace inode of /proc/PID/ns/net ("self" for pid 0). */
static inline unsigned long long net_ns(pid_t pid)
{
	char path[64], link[64];
	unsigned long long ino = 0;
	ssize_t n;
	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/self/ns/net");
	n = readlink(path, link, sizeof(link) - 1);
	cr_assert(n > 0, "%s: %s", path, strerror(errno));
	link[n] = '\0';
	cr_assert(sscanf(link, "net:[%llu]", &ino) == 1, "%s: %s", path, link);
	return ino;
}

#endif
