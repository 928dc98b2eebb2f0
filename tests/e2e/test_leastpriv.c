/* End-to-end, as root: procsift run as an ordinary user (65534) with only
 * CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH (setpriv, with them as ambient
 * capabilities) reads and judges what root does: the same JSON from scan,
 * env, fds, maps, show, ps, tree and etcd, on processes of root and of
 * another ordinary user (4242, one of them not dumpable, so that its /proc
 * files are root's), and on a real etcd holding its database 0600. Without
 * the capabilities, the same user reads none of it (the processes really
 * are other users'). Every process is started here and killed by pid. */
#include "e2e/etcdkit.h"
#include "e2e/inspectee.h"

#include <ftw.h>

#define SETPRIV "/usr/bin/setpriv"
#define OTHER_UID 4242 /* the other user whose processes are read */
#define KEY "00112233445566778899aabbccddeeff"
#define NKIDS 3
#define GHP "ghp_38AibNyyurlGFb0EkjKWREhbiGjlvhkTp3SK"
#define AWS "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
#define ARGV_PW "Zq8vR2mT5yW1xK4nP0s"

/* setpriv's arguments before the program: uid and gid 65534, no groups,
 * and the two capabilities alone in every set (ambient, so that they
 * survive the exec of procsift as a non-root user). */
static const char *const lp_prefix[] = {
	SETPRIV,
	"--reuid=65534",
	"--regid=65534",
	"--clear-groups",
	"--inh-caps=-all,+sys_ptrace,+dac_read_search",
	"--ambient-caps=-all,+sys_ptrace,+dac_read_search",
	"--bounding-set=-all,+sys_ptrace,+dac_read_search",
};
#define NPREFIX (sizeof(lp_prefix) / sizeof(lp_prefix[0]))
/* CAP_DAC_READ_SEARCH (2) and CAP_SYS_PTRACE (19), as status shows them. */
#define LP_CAPS "0000000000080004"

/* Keys that legitimately differ between the two runs, dropped wherever
 * they appear before comparing: age_seconds, because the runs are
 * seconds apart. Nothing else is dropped: the runs name only the
 * processes started here (never procsift's own, whose uid and pid
 * differ), and the scan summary, its coverage and its hint must be the
 * same (root has both capabilities too). Whole-host scans compare only
 * the findings about these processes, and tree only the subtree of one:
 * other processes on a shared machine, and this test's own, change
 * between the runs. */
static const char *const dropped[] = {"age_seconds"};

static struct {
	pid_t kid[NKIDS];
	char dir[64];
} t;

static int rm_tree(const char *path, const struct stat *st, int type,
		   struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

/* Stop the kids by pid; then inspectee, which wants no child left. */
static void stop_kids(void)
{
	size_t i;
	for (i = 0; i < NKIDS; i++)
		if (t.kid[i] > 0) {
			kill(t.kid[i], SIGKILL);
			waitpid(t.kid[i], NULL, 0);
			t.kid[i] = 0;
		}
	if (t.dir[0]) {
		nftw(t.dir, rm_tree, 8, FTW_DEPTH | FTW_PHYS);
		t.dir[0] = '\0';
	}
}

static void cleanup(void)
{
	stop_kids();
	if (insp_running.pid) {
		close(insp_running.in_fd);
		e2e_wait(insp_running.pid, e2e_now_ms() + 10000, "inspectee");
		insp_running.pid = 0;
	}
}

/* Skip unless root and setpriv can give 65534 exactly the two
 * capabilities (util-linux 2.31 or later has --ambient-caps). */
static void require_setpriv(void)
{
	const char *argv[NPREFIX + 3];
	struct e2e_result r;
	size_t i;
	if (geteuid())
		cr_skip_test("not root: least-privilege tests need to start "
			     "processes as other users; skipped");
	if (access(SETPRIV, X_OK))
		cr_skip_test("%s is not installed: least-privilege tests "
			     "skipped",
			     SETPRIV);
	for (i = 0; i < NPREFIX; i++)
		argv[i] = lp_prefix[i];
	argv[i++] = "/bin/cat";
	argv[i++] = "/proc/self/status";
	argv[i] = NULL;
	e2e_run(&r, NULL, argv);
	if (r.status || !strstr(r.out.buf, "CapEff:\t" LP_CAPS) ||
	    !strstr(r.out.buf, "CapAmb:\t" LP_CAPS) ||
	    !strstr(r.out.buf, "Uid:\t65534\t65534\t65534\t65534")) {
		e2e_result_release(&r);
		cr_skip_test("%s cannot run uid 65534 with only CAP_SYS_PTRACE "
			     "and CAP_DAC_READ_SEARCH (no --ambient-caps?): "
			     "least-privilege tests skipped",
			     SETPRIV);
	}
	e2e_result_release(&r);
}

/* Run procsift args as root (lp false) or as 65534 with the two
 * capabilities; fails unless it exits with want. */
static void run(struct e2e_result *r, bool lp, int want,
		const char *const *args)
{
	const char *argv[64], *cmd = args[0];
	size_t n = 0, i;
	if (lp)
		for (i = 0; i < NPREFIX; i++)
			argv[n++] = lp_prefix[i];
	argv[n++] = e2e_procsift_bin();
	for (; *args; args++) {
		cr_assert(n < sizeof(argv) / sizeof(argv[0]) - 1);
		argv[n++] = *args;
	}
	argv[n] = NULL;
	e2e_run(r, NULL, argv);
	cr_assert_eq(r->status, want, "%s %s: exit %d, want %d; stderr:\n%s",
		     lp ? "with two capabilities:" : "as root:", cmd, r->status,
		     want, r->err.buf);
}

static void strip(struct json_object *o)
{
	size_t i, n;
	if (json_object_is_type(o, json_type_array)) {
		n = json_object_array_length(o);
		for (i = 0; i < n; i++)
			strip(json_object_array_get_idx(o, i));
	} else if (json_object_is_type(o, json_type_object)) {
		for (i = 0; i < sizeof(dropped) / sizeof(dropped[0]); i++)
			json_object_object_del(o, dropped[i]);
		json_object_object_foreach(o, key, val)
		{
			(void)key;
			strip(val);
		}
	}
}

/* Cut sb back to len bytes (len no more than it has, after an add). */
static void cut(struct strbuf *sb, size_t len)
{
	sb->len = len;
	sb->buf[len] = '\0';
}

/* Whether a and b are equal, keys in the same order; else the path of
 * the first difference into path. */
static bool same(struct json_object *a, struct json_object *b,
		 struct strbuf *path)
{
	size_t i, n, len = path->len;
	if (json_object_get_type(a) != json_object_get_type(b))
		return false;
	if (json_object_is_type(a, json_type_array)) {
		n = json_object_array_length(a);
		if (n != json_object_array_length(b)) {
			strbuf_addstr(path, " (length)");
			return false;
		}
		for (i = 0; i < n; i++) {
			strbuf_addf(path, "[%zu]", i);
			if (!same(json_object_array_get_idx(a, i),
				  json_object_array_get_idx(b, i), path))
				return false;
			cut(path, len);
		}
		return true;
	}
	if (json_object_is_type(a, json_type_object)) {
		struct json_object_iterator ia = json_object_iter_begin(a),
					    ea = json_object_iter_end(a),
					    ib = json_object_iter_begin(b),
					    eb = json_object_iter_end(b);
		for (; !json_object_iter_equal(&ia, &ea);
		     json_object_iter_next(&ia), json_object_iter_next(&ib)) {
			const char *k = json_object_iter_peek_name(&ia);
			strbuf_addf(path, ".%s", k);
			if (json_object_iter_equal(&ib, &eb) ||
			    strcmp(k, json_object_iter_peek_name(&ib)) ||
			    !same(json_object_iter_peek_value(&ia),
				  json_object_iter_peek_value(&ib), path))
				return false;
			cut(path, len);
		}
		if (!json_object_iter_equal(&ib, &eb)) {
			strbuf_addf(path, ".%s (only with two capabilities)",
				    json_object_iter_peek_name(&ib));
			return false;
		}
		return true;
	}
	return json_object_equal(a, b);
}

static void expect_same(struct json_object *root, struct json_object *lp,
			const char *what)
{
	struct strbuf path = STRBUF_INIT;
	strip(root);
	strip(lp);
	cr_assert(same(root, lp, &path),
		  "%s: root and 65534 with two capabilities differ at %s:\n"
		  "root: %.2000s\nlp:   %.2000s",
		  what, path.buf, json_object_to_json_string(root),
		  json_object_to_json_string(lp));
	strbuf_release(&path);
}

/* Run args both ways and compare the JSON (and, with err_too, stderr:
 * the warnings and summary). Returns root's document, owned. */
static struct json_object *compare(const char *const *args, int want,
				   bool err_too)
{
	struct e2e_result r, l;
	struct json_object *dr, *dl;
	run(&r, false, want, args);
	run(&l, true, want, args);
	dr = e2e_json_parse(&r.out);
	dl = e2e_json_parse(&l.out);
	if (err_too)
		cr_assert_str_eq(l.err.buf, r.err.buf,
				 "%s: stderr differs; root:\n%s\nwith two "
				 "capabilities:\n%s",
				 args[0], r.err.buf, l.err.buf);
	expect_same(dr, json_object_get(dl), args[0]);
	json_object_put(dl);
	e2e_result_release(&r);
	e2e_result_release(&l);
	return dr;
}
#define COMPARE(want, err_too, ...) \
	json_object_put(compare(E2E_ARGS(__VA_ARGS__), (want), (err_too)))

/* tree PID both ways, compared from PID down: its ancestors (this test
 * and what started it) change between the runs. */
static void compare_subtree(const char *arg, pid_t pid)
{
	struct e2e_result r[2];
	struct json_object *doc[2], *node[2];
	size_t i;
	for (i = 0; i < 2; i++) {
		run(&r[i], i, 0, E2E_ARGS("tree", "--json", arg));
		doc[i] = e2e_json_parse(&r[i].out);
		node[i] = e2e_json_find(e2e_json_get(doc[i], "processes"),
					(int)pid, NULL);
		cr_assert(node[i], "tree %s does not show it:\n%s", arg,
			  r[i].out.buf);
	}
	cr_assert_str_eq(r[1].err.buf, r[0].err.buf, "tree: stderr differs");
	expect_same(node[0], node[1], "tree");
	for (i = 0; i < 2; i++) {
		json_object_put(doc[i]);
		e2e_result_release(&r[i]);
	}
}

static bool in(const pid_t *pids, size_t n, int pid)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (pids[i] == pid)
			return true;
	return false;
}

/* The findings of scan's document about pids, in order (a new array). */
static struct json_object *findings_of(struct json_object *doc,
				       const pid_t *pids, size_t n)
{
	struct json_object *a = e2e_json_get(doc, "findings"),
			   *out = json_object_new_array();
	size_t i, len = json_object_array_length(a);
	for (i = 0; i < len; i++) {
		struct json_object *f = json_object_array_get_idx(a, i);
		if (in(pids, n, e2e_json_pid(f)))
			json_object_array_add(out, json_object_get(f));
	}
	return out;
}

/* A whole-host scan both ways: the same findings about pids (at least
 * min of them), and nothing hidden from either. */
static void compare_host_scan(const pid_t *pids, size_t n, size_t min,
			      const char *const *extra)
{
	const char *args[16] = {"scan", "--fingerprint-key", KEY, "--json"};
	struct e2e_result r, l;
	struct json_object *dr, *dl, *fr, *fl;
	size_t k = 4;
	for (; *extra; extra++)
		args[k++] = *extra;
	args[k] = NULL;
	run(&r, false, 0, args);
	run(&l, true, 0, args);
	dr = e2e_json_parse(&r.out);
	dl = e2e_json_parse(&l.out);
	cr_assert(json_object_is_type(
			  e2e_json_get(e2e_json_get(dl, "summary"), "hidden"),
			  json_type_null),
		  "with two capabilities, processes were hidden");
	fr = findings_of(dr, pids, n);
	fl = findings_of(dl, pids, n);
	cr_assert_geq(json_object_array_length(fr), min,
		      "root's scan found too little:\n%s", r.out.buf);
	expect_same(fr, fl, "scan (whole host)");
	json_object_put(fr);
	json_object_put(fl);
	json_object_put(dr);
	json_object_put(dl);
	e2e_result_release(&r);
	e2e_result_release(&l);
}

/* The hidden-pid probe both ways: it ran, and found no pid hidden (how
 * many pids it listed differs with the processes of the moment). */
static void compare_probe(void)
{
	static const char *const keys[] = {"ran", "hidden", "error"};
	struct e2e_result r[2];
	struct json_object *doc[2], *d[2];
	size_t i, k;
	for (i = 0; i < 2; i++) {
		run(&r[i], i, 0,
		    E2E_ARGS("scan", "--json", "--judge", "hidden-pid"));
		doc[i] = e2e_json_parse(&r[i].out);
		d[i] = e2e_json_get(e2e_json_get(doc[i], "summary"),
				    "pid_probe");
	}
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		cr_assert(json_object_equal(e2e_json_get(d[0], keys[k]),
					    e2e_json_get(d[1], keys[k])),
			  "hidden-pid: %s differs: root %s, lp %s", keys[k],
			  json_object_to_json_string(d[0]),
			  json_object_to_json_string(d[1]));
	cr_assert(json_object_get_boolean(e2e_json_get(d[0], "ran")),
		  "hidden-pid did not run: %s", r[0].err.buf);
	for (i = 0; i < 2; i++) {
		json_object_put(doc[i]);
		e2e_result_release(&r[i]);
	}
}

/* Start a copy of argsleep (exe) as uid (0: root) with argv and envp;
 * returns once it is ready. */
static pid_t start_kid(uid_t uid, const char *exe, const char *const *argv,
		       const char *const *envp)
{
	long long deadline = e2e_now_ms() + E2E_TIMEOUT_MS;
	struct strbuf out = STRBUF_INIT;
	int p[2], null;
	pid_t pid;
	cr_assert(!pipe2(p, O_CLOEXEC));
	pid = fork();
	cr_assert(pid >= 0, "fork: %s", strerror(errno));
	if (!pid) {
		/* stderr too: the test's own (a log file others write to)
		 * would give its fd a position that moves between the two
		 * runs compared. */
		null = open("/dev/null", O_RDWR);
		if (null < 0 || dup2(null, 0) < 0 || dup2(p[1], 1) < 0 ||
		    dup2(null, 2) < 0)
			_exit(126);
		if (uid && (setgroups(0, NULL) || setgid(uid) || setuid(uid)))
			_exit(126);
		/* After the uid change, which clears it. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL))
			_exit(126);
		e2e_no_inherit();
		execve(exe, (char *const *)argv, (char *const *)envp);
		_exit(127);
	}
	close(p[1]);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	while (p[0] >= 0) {
		struct pollfd pfd = {p[0], POLLIN, 0};
		cr_assert(e2e_now_ms() < deadline, "%s did not start", exe);
		if (poll(&pfd, 1, 100) > 0)
			e2e_drain(&p[0], &out);
	}
	cr_assert_str_eq(out.buf, "ready\n", "%s as uid %d: '%s'", exe,
			 (int)uid, out.buf);
	strbuf_release(&out);
	return pid;
}

/* A copy of the file at from as t.dir/name with mode: uid 4242 may not
 * be able to reach the build tree (a checkout under /root). Returns the
 * path (in path). */
static const char *copy_tool(const char *from, const char *name, mode_t mode,
			     char *path, size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	int fd;
	if (!t.dir[0]) {
		snprintf(t.dir, sizeof(t.dir),
			 "/tmp/procsift-leastpriv-XXXXXX");
		cr_assert(mkdtemp(t.dir), "mkdtemp: %s", strerror(errno));
		cr_assert(!chmod(t.dir, 0711));
	}
	snprintf(path, size, "%s/%s", t.dir, name);
	fd = open(from, O_RDONLY | O_CLOEXEC);
	cr_assert(fd >= 0, "%s: %s", from, strerror(errno));
	e2e_drain(&fd, &sb);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	cr_assert(fd >= 0 && write(fd, sb.buf, sb.len) == (ssize_t)sb.len,
		  "%s: %s", path, strerror(errno));
	cr_assert(!fchmod(fd, mode) && !close(fd));
	strbuf_release(&sb);
	return path;
}

Test(leastpriv, processes_of_root_and_others, .fini = cleanup)
{
	static const char *const env[] = {"PATH=/usr/bin:/bin",
					  "GITHUB_TOKEN=" GHP,
					  "AWS_SECRET_ACCESS_KEY=" AWS, NULL};
	char sleeper[96], hidden[96], insp_path[96];
	char list[256], pidarg[NKIDS + INSP_PIDS][16];
	pid_t all[NKIDS + INSP_PIDS];
	size_t n = 0, i, len = 0;
	struct insp s;
	struct stat st;
	struct e2e_result r;
	struct e2e_opts nocaps = {.drop_privileges = true};
	struct json_object *doc;

	require_setpriv();
	/* Another user's process with open files, sockets, a deleted file
	 * and an anonymous rwx mapping, and secrets in its environment. */
	setenv("PROCSIFT_INSPECTEE",
	       copy_tool(inspectee_bin(), "inspectee", 0755, insp_path,
			 sizeof(insp_path)),
	       1);
	insp_start_as(&s, "basic", OTHER_UID);
	copy_tool(e2e_argsleep_bin(), "argsleep", 0755, sleeper,
		  sizeof(sleeper));
	/* Execute-only: a process that execs it as another user is not
	 * dumpable, so its /proc files belong to root. */
	copy_tool(e2e_argsleep_bin(), "sleeper", 0711, hidden, sizeof(hidden));
	t.kid[0] = start_kid(
		0, sleeper, E2E_ARGS("/usr/sbin/mysqld", "--password=" ARGV_PW),
		env);
	t.kid[1] = start_kid(OTHER_UID, sleeper,
			     E2E_ARGS("worker", "--password=" ARGV_PW), env);
	t.kid[2] = start_kid(OTHER_UID, hidden,
			     E2E_ARGS("sleeper", "--password=" ARGV_PW), env);
	snprintf(list, sizeof(list), "/proc/%d/environ", (int)t.kid[2]);
	cr_assert(!stat(list, &st) && st.st_uid == 0,
		  "the execute-only kid is dumpable (%s is not root's)", list);
	snprintf(list, sizeof(list), "/proc/%d/environ", (int)t.kid[1]);
	cr_assert(!stat(list, &st) && st.st_uid == OTHER_UID);

	for (i = 0; i < NKIDS; i++)
		all[n++] = t.kid[i];
	for (i = 0; i < s.npids; i++)
		all[n++] = s.pids[i];
	cr_assert_eq(n, 5, "inspectee basic reported %zu pids", s.npids);
	list[0] = '\0';
	for (i = 0; i < n; i++) {
		snprintf(pidarg[i], sizeof(pidarg[i]), "%d", (int)all[i]);
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
					i ? "," : "", pidarg[i]);
	}

	/* Without the capabilities, uid 65534 reads none of it. */
	PROCSIFT_OPTS(&r, &nocaps, "env", "--json", pidarg[1]);
	E2E_EXPECT_STATUS(&r, 0, "env as 65534 without capabilities");
	doc = e2e_json_parse(&r.out);
	cr_assert_str_eq(json_object_get_string(e2e_json_get(
				 json_object_array_get_idx(
					 e2e_json_get(doc, "processes"), 0),
				 "error")),
			 "EACCES",
			 "65534 without capabilities read the environment:\n%s",
			 r.out.buf);
	json_object_put(doc);
	e2e_result_release(&r);

	/* Each view, the same; every pid and both processes of inspectee. */
	COMPARE(0, true, "scan", "--fingerprint-key", KEY, "--json", "--pid",
		list);
	COMPARE(0, true, "env", "--json", "--reveal", pidarg[0], pidarg[1],
		pidarg[2], pidarg[3], pidarg[4]);
	COMPARE(0, true, "fds", "--json", "--fdinfo", pidarg[0], pidarg[1],
		pidarg[2], pidarg[3], pidarg[4]);
	COMPARE(0, true, "maps", "--json", pidarg[0], pidarg[1], pidarg[2],
		pidarg[3], pidarg[4]);
	COMPARE(0, true, "ps", "--json", "--pid", list);
	compare_subtree(pidarg[3], all[3]);
	for (i = 0; i < n; i++)
		COMPARE(0, true, "show", "--json", pidarg[i]);
	/* The run is not vacuous: the user's secrets were read and judged,
	 * those of the kid that is not dumpable too. */
	doc = compare(E2E_ARGS("scan", "--fingerprint-key", KEY, "--json",
			       "--pid", pidarg[2]),
		      0, true);
	cr_assert(strstr(json_object_to_json_string(doc), "env:GITHUB_TOKEN"),
		  "no finding in the environment of the kid that is not "
		  "dumpable");
	json_object_put(doc);
	/* The whole host, with every judge, and the hidden-pid probe. */
	compare_host_scan(all, n, 3 * NKIDS,
			  E2E_ARGS("--min-severity", "info"));
	compare_probe();
	stop_kids();
	insp_stop(&s);
}

/* A real etcd, run by root, its database 0600 under a 0700 directory:
 * read through /proc/PID/fd/N, the audit and the scan are the same. */
Test(leastpriv, etcd, .fini = etcdkit_stop)
{
	struct etcdkit *k;
	char pid[16];
	pid_t one[1];
	require_setpriv();
	etcdkit_require();
	k = etcdkit_start();
	etcdkit_fill(k, "basic");
	pid_str(k, pid, sizeof(pid));
	one[0] = k->pid;
	COMPARE(0, true, "etcd", "--fingerprint-key", KEY, "--json", "--pid",
		pid);
	compare_host_scan(
		one, 1, 1,
		E2E_ARGS("--judge", "etcd", "--judge", "etcd-posture"));
}
