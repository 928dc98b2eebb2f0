/* End-to-end, as root: container and pod names from a runtime's state
 * files. A fake containerd container (containerkit.h) runs a sleeper; a
 * copy of tests/tools/argsleep named containerd (or conmon), chrooted
 * into a temporary directory, names that directory's state files in its
 * argv, as a real runtime does; procsift must read them through the fake
 * runtime's /proc/PID/root, show the names in JSON and text, and select
 * the container by name with -c. A fake conmon inside a container is not
 * believed. Every process is started here and killed by pid; the
 * directories are removed. */
#include "e2e/containerkit.h"

#include <ftw.h>

#define MAX_SLEEPERS 4

/* What the running test started, for the suite's fini to undo even when
 * an assertion ended the test early (each test is its own process). */
static struct {
	pid_t sleepers[MAX_SLEEPERS];
	size_t nsleepers;
	struct fakectr c[2];
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

static void cleanup(void)
{
	size_t i;
	int st;
	for (i = 0; i < t.nsleepers; i++) {
		kill(t.sleepers[i], SIGKILL);
		waitpid(t.sleepers[i], &st, 0);
	}
	t.nsleepers = 0;
	fakectr_destroy(&t.c[0]);
	fakectr_destroy(&t.c[1]);
	if (t.dir[0])
		nftw(t.dir, rm_tree, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(names, .fini = cleanup, .timeout = 60);

static void setup(void)
{
	fakectr_require();
	snprintf(t.dir, sizeof(t.dir), "/tmp/procsift-names-XXXXXX");
	cr_assert(mkdtemp(t.dir), "mkdtemp: %s", strerror(errno));
	cr_assert(!chmod(t.dir, 0755));
}

/* mkdir -p of dir/rel. */
static void mkdirs(const char *rel)
{
	char p[600], *s;
	snprintf(p, sizeof(p), "%s/%s", t.dir, rel);
	for (s = p + strlen(t.dir) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		cr_assert(!mkdir(p, 0755) || errno == EEXIST, "%s", p);
		*s = '/';
	}
	cr_assert(!mkdir(p, 0755) || errno == EEXIST, "%s", p);
}

static void put(const char *rel, const char *text)
{
	char p[600];
	FILE *f;
	snprintf(p, sizeof(p), "%s/%s", t.dir, rel);
	f = fopen(p, "w");
	cr_assert(f, "%s: %s", p, strerror(errno));
	cr_assert(fputs(text, f) != EOF && !fclose(f));
}

static void copy_argsleep(const char *to)
{
	char buf[65536];
	int in = open(e2e_argsleep_bin(), O_RDONLY | O_CLOEXEC), out;
	ssize_t n;
	cr_assert(in >= 0, "%s: %s (make tests/tools/argsleep)",
		  e2e_argsleep_bin(), strerror(errno));
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
	cr_assert(out >= 0, "%s: %s", to, strerror(errno));
	while ((n = read(in, buf, sizeof(buf))) > 0)
		cr_assert_eq(write(out, buf, (size_t)n), n);
	cr_assert_eq(n, 0);
	close(in);
	close(out);
}

/* A copy of argsleep named name, chrooted into the test's directory,
 * with args; returns once it is set up. */
static pid_t runtime(const char *name, const char *const *args)
{
	const char *argv[16], *envp[3] = {"PATH=/usr/bin:/bin", NULL, NULL};
	char path[600], buf[16], rootenv[100];
	size_t n = 0;
	ssize_t k;
	int p[2];
	pid_t pid;
	snprintf(path, sizeof(path), "%s/%s", t.dir, name);
	copy_argsleep(path);
	snprintf(rootenv, sizeof(rootenv), "ARGSLEEP_ROOT=%s", t.dir);
	envp[1] = rootenv;
	argv[n++] = name;
	while (*args && n < 15)
		argv[n++] = *args++;
	argv[n] = NULL;
	cr_assert(t.nsleepers < MAX_SLEEPERS);
	cr_assert(!pipe2(p, O_CLOEXEC));
	pid = fork();
	cr_assert(pid >= 0);
	if (!pid) {
		e2e_no_inherit();
		if (dup2(p[1], 1) < 0)
			_exit(126);
		execve(path, (char *const *)argv, (char *const *)envp);
		_exit(127);
	}
	t.sleepers[t.nsleepers++] = pid;
	close(p[1]);
	k = read(p[0], buf, sizeof(buf));
	close(p[0]);
	cr_assert(k == 6 && !memcmp(buf, "ready\n", 6),
		  "%s did not start (read %zd)", name, k);
	return pid;
}

#define RUNTIME(name, ...) runtime((name), E2E_ARGS(__VA_ARGS__))

/* A process in fake container c, which sleeps. */
static pid_t in_container(struct fakectr *c)
{
	const char *argv[] = {e2e_argsleep_bin(), NULL};
	return fakectr_spawn(c, 0, argv);
}

static struct json_object *ps_json(const char *sel)
{
	struct e2e_result r;
	struct json_object *doc;
	PROCSIFT(&r, "ps", "--json", "-c", sel);
	E2E_EXPECT_STATUS(&r, 0, "ps --json -c");
	/* The names against docs/schema/ps.json. */
	e2e_validate("ps", &r.out);
	doc = e2e_json_parse(&r.out);
	e2e_result_release(&r);
	return doc;
}

static const char *jstr(struct json_object *o, const char *a, const char *b)
{
	struct json_object *v;
	if (!json_object_object_get_ex(o, a, &v) || !v)
		return NULL;
	if (!json_object_object_get_ex(v, b, &v) || !v)
		return NULL;
	return json_object_get_string(v);
}

static struct json_object *row(struct json_object *doc, pid_t pid)
{
	struct json_object *a = e2e_json_get(doc, "processes");
	struct json_object *p = e2e_json_find(a, (int)pid, NULL);
	cr_assert(p, "pid %d not selected: %s", (int)pid,
		  json_object_to_json_string(doc));
	return p;
}

#define ANNOTATIONS                                                     \
	"{\"ociVersion\":\"1.1.0\",\"annotations\":{"                   \
	"\"io.kubernetes.cri.container-type\":\"container\","           \
	"\"io.kubernetes.cri.container-name\":\"web\","                 \
	"\"io.kubernetes.cri.image-name\":\"docker.io/library/nginx\"," \
	"\"io.kubernetes.cri.sandbox-name\":\"shop-1\","                \
	"\"io.kubernetes.cri.sandbox-namespace\":\"prod\"}}"

Test(names, containerd_state_dir)
{
	char rel[300], uid8[9];
	struct json_object *doc, *p;
	struct e2e_result r;
	pid_t pid;
	setup();
	fakectr_create(&t.c[0], 61);
	snprintf(rel, sizeof(rel),
		 "state/io.containerd.runtime.v2.task/k8s.io/%s", t.c[0].id);
	mkdirs(rel);
	strncat(rel, "/config.json", sizeof(rel) - strlen(rel) - 1);
	put(rel, ANNOTATIONS);
	RUNTIME("containerd", "--config", "/x.toml", "--state", "/state");
	pid = in_container(&t.c[0]);

	doc = ps_json("web");
	p = row(doc, pid);
	cr_assert_str_eq(jstr(p, "container", "name"), "web");
	cr_assert_str_eq(jstr(p, "container", "image"),
			 "docker.io/library/nginx");
	cr_assert_str_eq(jstr(p, "container", "id"), t.c[0].id);
	cr_assert_str_eq(jstr(p, "pod", "name"), "shop-1");
	cr_assert_str_eq(jstr(p, "pod", "namespace"), "prod");
	cr_assert_str_eq(jstr(p, "pod", "uid"), t.c[0].pod_uid);
	json_object_put(doc);

	/* The pod's name, its uid's prefix and the path text shows. */
	doc = ps_json("shop-1");
	row(doc, pid);
	json_object_put(doc);
	memcpy(uid8, t.c[0].pod_uid, 8);
	uid8[8] = '\0';
	doc = ps_json(uid8);
	row(doc, pid);
	json_object_put(doc);

	PROCSIFT(&r, "ps", "-o", "pid,container", "-c", "prod/shop-1/web");
	E2E_EXPECT_STATUS(&r, 0, "ps -c prod/shop-1/web");
	cr_assert(e2e_contains(r.out.buf, r.out.len, "prod/shop-1/web"),
		  "text shows no names:\n%s", r.out.buf);
	snprintf(rel, sizeof(rel), "%d ", (int)pid);
	cr_assert(e2e_contains(r.out.buf, r.out.len, rel), "pid %d not in:\n%s",
		  (int)pid, r.out.buf);
	e2e_result_release(&r);

	/* A name that is not there selects nothing. */
	PROCSIFT(&r, "ps", "-n", "-o", "pid", "-c", "web2");
	cr_assert(!e2e_contains(r.out.buf, r.out.len, rel), "%s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "tree", "-o", "pid,container");
	E2E_EXPECT_STATUS(&r, 0, "tree");
	cr_assert(e2e_contains(r.out.buf, r.out.len, "prod/shop-1/web"),
		  "tree shows no names:\n%s", r.out.buf);
	e2e_result_release(&r);
}

/* conmon names its bundle with -b: CRI-O's keys, a hostile name. A
 * conmon inside a container pointing at another bundle is not believed. */
Test(names, conmon_bundle)
{
	char rel[300], path[700], evil[700];
	struct json_object *doc, *p;
	struct e2e_result r;
	pid_t pid, other;
	setup();
	fakectr_create(&t.c[0], 62);
	fakectr_create(&t.c[1], 63);
	mkdirs("b1");
	put("b1/config.json",
	    "{\"annotations\":{\"io.kubernetes.container.name\":\"a\\u001b["
	    "2Jb\","
	    "\"io.kubernetes.pod.name\":\"api-5c\","
	    "\"io.kubernetes.pod.namespace\":\"kube-system\","
	    "\"io.kubernetes.cri-o.ImageName\":\"quay.io/x/api:v1\"}}");
	mkdirs("evil");
	put("evil/config.json", "{\"annotations\":{"
				"\"io.kubernetes.pod.name\":\"liar\"}}");
	RUNTIME("conmon", "-c", t.c[0].id, "-b", "/b1", "--log-level", "info");
	pid = in_container(&t.c[0]);
	/* The liar: a process of container 1 named conmon, naming
	 * container 1's bundle (as the host sees it) for container 2. */
	mkdirs("x");
	snprintf(path, sizeof(path), "%s/x/conmon", t.dir);
	copy_argsleep(path);
	snprintf(evil, sizeof(evil), "%s/evil", t.dir);
	{
		const char *argv[] = {path, "-c", t.c[1].id, "-b", evil, NULL};
		fakectr_spawn(&t.c[0], 0, argv);
	}
	other = in_container(&t.c[1]);

	doc = ps_json("api-5c");
	p = row(doc, pid);
	cr_assert_str_eq(jstr(p, "container", "name"), "a\x1b[2Jb");
	cr_assert_str_eq(jstr(p, "container", "image"), "quay.io/x/api:v1");
	cr_assert_str_eq(jstr(p, "pod", "namespace"), "kube-system");
	json_object_put(doc);

	doc = ps_json(t.c[1].id);
	p = row(doc, other);
	cr_assert_null(jstr(p, "pod", "name"), "a container's conmon named "
					       "another container");
	json_object_put(doc);

	PROCSIFT(&r, "ps", "-o", "pid,container", "-c", "any");
	E2E_EXPECT_STATUS(&r, 0, "ps -c any");
	cr_assert(e2e_contains(r.out.buf, r.out.len,
			       "kube-system/api-5c/a\\x1b[2Jb"),
		  "the name is not escaped in:\n%s", r.out.buf);
	cr_assert(!memchr(r.out.buf, 0x1b, r.out.len));
	cr_assert(!e2e_contains(r.out.buf, r.out.len, "liar"));
	snprintf(rel, sizeof(rel), "%.12s", t.c[1].id);
	cr_assert(e2e_contains(r.out.buf, r.out.len, rel), "%s", r.out.buf);
	e2e_result_release(&r);
}

#define TOKEN "ghp_Q7r2Xw9KpL4mN8vB3cZ6tY1hJ5dF0sA2gE4k"

/* scan --json -c SEL --judge env: the document, validated. */
static struct json_object *scan_json(const char *sel)
{
	struct e2e_result r;
	struct json_object *doc;
	PROCSIFT(&r, "scan", "--json", "-c", sel, "--judge", "env");
	cr_assert(r.status == 0 || r.status == 1, "scan -c %s exit %d: %s", sel,
		  r.status, r.err.buf ? r.err.buf : "");
	e2e_validate("scan", &r.out);
	doc = e2e_json_parse(&r.out);
	e2e_result_release(&r);
	return doc;
}

/* The first finding about pid in doc, or NULL. */
static struct json_object *finding_of(struct json_object *doc, pid_t pid)
{
	struct json_object *a = e2e_json_get(doc, "findings");
	size_t i;
	for (i = 0; i < json_object_array_length(a); i++) {
		struct json_object *f = json_object_array_get_idx(a, i);
		if (e2e_json_pid(f) == (int)pid)
			return f;
	}
	return NULL;
}

static const char *fstr(struct json_object *f, const char *key)
{
	struct json_object *v = e2e_json_get(f, key);
	return v ? json_object_get_string(v) : NULL;
}

/* scan selects a container by its names and its findings carry them;
 * show names the container and the pod. */
Test(names, scan_and_show)
{
	char rel[300], pidarg[16];
	struct json_object *doc, *f;
	struct e2e_result r;
	pid_t pid;
	setup();
	fakectr_create(&t.c[0], 64);
	snprintf(rel, sizeof(rel),
		 "state/io.containerd.runtime.v2.task/k8s.io/%s", t.c[0].id);
	mkdirs(rel);
	strncat(rel, "/config.json", sizeof(rel) - strlen(rel) - 1);
	put(rel, ANNOTATIONS);
	RUNTIME("containerd", "--state", "/state");
	/* The sleeper inherits the test's environment: a secret in it. */
	cr_assert(!setenv("GITHUB_TOKEN", TOKEN, 1));
	pid = in_container(&t.c[0]);
	unsetenv("GITHUB_TOKEN");
	snprintf(pidarg, sizeof(pidarg), "%d", (int)pid);

	doc = scan_json("web");
	f = finding_of(doc, pid);
	cr_assert(f, "scan -c web: no finding for %d: %s", (int)pid,
		  json_object_to_json_string(doc));
	cr_assert_str_eq(fstr(f, "container"), t.c[0].id);
	cr_assert_str_eq(fstr(f, "container_name"), "web");
	cr_assert_str_eq(fstr(f, "container_image"), "docker.io/library/nginx");
	cr_assert_str_eq(fstr(f, "pod_name"), "shop-1");
	cr_assert_str_eq(fstr(f, "pod_namespace"), "prod");
	cr_assert_str_eq(fstr(f, "pod_uid"), t.c[0].pod_uid);
	json_object_put(doc);

	doc = scan_json("prod/shop-1/web");
	cr_assert(finding_of(doc, pid), "scan -c prod/shop-1/web");
	json_object_put(doc);
	doc = scan_json("shop-1");
	cr_assert(finding_of(doc, pid), "scan -c shop-1");
	json_object_put(doc);
	doc = scan_json("web2");
	cr_assert(!finding_of(doc, pid), "scan -c web2 selected %d", (int)pid);
	json_object_put(doc);
	doc = scan_json("prod/shop-1/we");
	cr_assert(!finding_of(doc, pid), "a prefix of a name selected");
	json_object_put(doc);

	/* The CONTAINER column names it; so do NDJSON records. */
	PROCSIFT(&r, "scan", "-c", "web", "--judge", "env");
	cr_assert(e2e_contains(r.out.buf, r.out.len, "prod/shop-1/web"),
		  "scan's table shows no names:\n%s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "scan", "--ndjson", "-c", "web", "--judge", "env");
	cr_assert(e2e_contains(r.out.buf, r.out.len,
			       "\"container_name\":\"web\""),
		  "ndjson: %s", r.out.buf);
	e2e_result_release(&r);

	PROCSIFT(&r, "show", "--json", pidarg);
	E2E_EXPECT_STATUS(&r, 0, "show --json");
	e2e_validate("show", &r.out);
	doc = e2e_json_parse(&r.out);
	cr_assert_str_eq(jstr(doc, "container", "name"), "web");
	cr_assert_str_eq(jstr(doc, "container", "image"),
			 "docker.io/library/nginx");
	cr_assert_str_eq(jstr(doc, "pod", "name"), "shop-1");
	cr_assert_str_eq(jstr(doc, "pod", "namespace"), "prod");
	json_object_put(doc);
	e2e_result_release(&r);
	PROCSIFT(&r, "show", pidarg);
	E2E_EXPECT_STATUS(&r, 0, "show");
	cr_assert(e2e_contains(r.out.buf, r.out.len, "container name"), "%s",
		  r.out.buf);
	cr_assert(e2e_contains(r.out.buf, r.out.len, "prod/shop-1"), "%s",
		  r.out.buf);
	cr_assert(e2e_contains(r.out.buf, r.out.len, "docker.io/library/nginx"),
		  "%s", r.out.buf);
	e2e_result_release(&r);
}
