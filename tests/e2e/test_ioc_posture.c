/* End-to-end: the control-plane posture judges on real processes. Copies
 * of tests/tools/argsleep named kube-apiserver, kubelet and etcd run with
 * the flags under test (argsleep ignores them), the files their flags name
 * in a directory the test makes; `procsift scan --json --only posture`
 * over the whole host must show each finding with the right pid and
 * facts, nothing on the clean controls, and hostile files in the place of
 * a policy (a FIFO, symlinks out of the process's root, a 100 MB sparse
 * file, an alias bomb) must each give a "could not" finding, never a hang
 * or a crash. The last test links an apiserver without encryption to a
 * real etcd holding plaintext Secrets in the scan's summary. */
#include "e2e/etcdkit.h"

#include <fcntl.h>
#include <sys/stat.h>

TestSuite(posture, .fini = etcdkit_stop, .timeout = 300);

#define MAX_SLEEPERS 16

/* The sleepers this test started, killed by pid at the end of each test
 * (and by PR_SET_PDEATHSIG if the test dies). */
static pid_t sleepers[MAX_SLEEPERS];
static size_t nsleepers;

static void stop_sleepers(void)
{
	size_t i;
	int st;
	for (i = 0; i < nsleepers; i++) {
		kill(sleepers[i], SIGTERM);
		waitpid(sleepers[i], &st, 0);
	}
	nsleepers = 0;
}

static void copy_file(const char *from, const char *to, mode_t mode)
{
	char buf[65536];
	int in = open(from, O_RDONLY | O_CLOEXEC), out;
	ssize_t n;
	cr_assert(in >= 0, "%s: %s (make tests/tools/argsleep)", from,
		  strerror(errno));
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	cr_assert(out >= 0, "%s: %s", to, strerror(errno));
	while ((n = read(in, buf, sizeof(buf))) > 0)
		cr_assert_eq(write(out, buf, (size_t)n), n);
	cr_assert_eq(n, 0);
	close(in);
	close(out);
}

static void put(const char *dir, const char *name, const char *text,
		mode_t mode)
{
	char path[512];
	int fd;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	cr_assert(fd >= 0, "%s: %s", path, strerror(errno));
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	cr_assert(!fchmod(fd, mode));
	close(fd);
}

static void mkdir_in(const char *dir, const char *name, mode_t mode)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	cr_assert(!mkdir(path, mode) || errno == EEXIST, "%s: %s", path,
		  strerror(errno));
	cr_assert(!chmod(path, mode));
}

static int rm_tree(const char *path, const struct stat *st, int type,
		   struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

/* A fresh directory under /tmp, removed at the end of the test. */
static char dirs[MAX_SLEEPERS][64];
static size_t ndirs;

static const char *new_dir(void)
{
	char *d = dirs[ndirs++];
	cr_assert(ndirs <= MAX_SLEEPERS);
	snprintf(d, 64, "/tmp/procsift-posture-XXXXXX");
	cr_assert(mkdtemp(d), "mkdtemp: %s", strerror(errno));
	cr_assert(!chmod(d, 0755));
	return d;
}

static void cleanup(void)
{
	etcdkit_stop();
	stop_sleepers();
	while (ndirs)
		nftw(dirs[--ndirs], rm_tree, 16, FTW_DEPTH | FTW_PHYS);
}

/* Start a copy of argsleep named name in dir with args (NULL-terminated),
 * chrooted into root when not NULL; returns once it is set up. */
static pid_t sleeper(const char *dir, const char *name, const char *root,
		     const char *const *args)
{
	const char *argv[32], *envp[3] = {NULL, NULL, NULL};
	char path[512], buf[16], rootenv[600];
	int p[2];
	size_t n = 0;
	ssize_t k;
	pid_t pid;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	copy_file(e2e_argsleep_bin(), path, 0755);
	argv[n++] = name;
	while (*args && n < 31)
		argv[n++] = *args++;
	argv[n] = NULL;
	cr_assert(!pipe2(p, O_CLOEXEC));
	cr_assert(nsleepers < MAX_SLEEPERS);
	pid = fork();
	cr_assert(pid >= 0);
	if (!pid) {
		e2e_no_inherit();
		if (dup2(p[1], 1) < 0)
			_exit(126);
		/* An environment of its own: the test's could hold what
		 * the secret judges report. */
		envp[0] = "PATH=/usr/bin:/bin";
		if (root) {
			snprintf(rootenv, sizeof(rootenv), "ARGSLEEP_ROOT=%s",
				 root);
			envp[1] = rootenv;
		}
		execve(path, (char *const *)argv, (char *const *)envp);
		_exit(127);
	}
	sleepers[nsleepers++] = pid;
	close(p[1]);
	k = read(p[0], buf, sizeof(buf));
	close(p[0]);
	cr_assert(k == 6 && !memcmp(buf, "ready\n", 6),
		  "%s did not start (read %zd)", name, k);
	return pid;
}

#define SLEEPER(dir, name, root, ...) \
	sleeper((dir), (name), (root), E2E_ARGS(__VA_ARGS__))

/* procsift scan --json over the whole host, with extra arguments. */
static struct json_object *scan(const char *const *extra)
{
	const char *argv[16] = {"scan", "--json"};
	struct e2e_result r;
	struct json_object *doc;
	size_t n = 2;
	while (*extra && n < 15)
		argv[n++] = *extra++;
	argv[n] = NULL;
	e2e_procsift(&r, NULL, argv);
	E2E_EXPECT_STATUS(&r, 0, "scan --json");
	e2e_validate("scan", &r.out);
	doc = e2e_json_parse(&r.out);
	e2e_result_release(&r);
	return doc;
}

#define SCAN(...) scan(E2E_ARGS(__VA_ARGS__))

static const char *jstr(struct json_object *o, const char *key)
{
	struct json_object *v = e2e_json_get(o, key);
	return json_object_get_string(v);
}

/* The finding of pid with rule, or NULL. */
static struct json_object *found(struct json_object *doc, pid_t pid,
				 const char *rule)
{
	struct json_object *a = e2e_json_get(doc, "findings");
	size_t i, n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		struct json_object *f = json_object_array_get_idx(a, i);
		if (e2e_json_pid(f) == pid && !strcmp(jstr(f, "rule"), rule))
			return f;
	}
	return NULL;
}

static struct json_object *must(struct json_object *doc, pid_t pid,
				const char *rule)
{
	struct json_object *f = found(doc, pid, rule);
	cr_assert(f, "no %s finding for pid %d in %.2000s", rule, (int)pid,
		  json_object_to_json_string(e2e_json_get(doc, "findings")));
	return f;
}

static size_t count_for(struct json_object *doc, pid_t pid)
{
	struct json_object *a = e2e_json_get(doc, "findings");
	size_t i, n = json_object_array_length(a), k = 0;
	for (i = 0; i < n; i++)
		if (e2e_json_pid(json_object_array_get_idx(a, i)) == pid)
			k++;
	return k;
}

static const char *factstr(struct json_object *f, const char *key)
{
	return jstr(e2e_json_get(f, "facts"), key);
}

/* No posture finding (nor an etcd judge's) for pid. */
static void expect_none(struct json_object *doc, pid_t pid, const char *what)
{
	struct json_object *a = e2e_json_get(doc, "findings");
	struct strbuf sb = STRBUF_INIT;
	size_t i, n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		struct json_object *f = json_object_array_get_idx(a, i);
		/* The posture judges' and the etcd judge's: the secret
		 * judges may see a --key-file path (info). */
		if (e2e_json_pid(f) == pid &&
		    (!strcmp(jstr(f, "kind"), "posture") ||
		     !strcmp(jstr(f, "judge"), "etcd")))
			strbuf_addf(&sb, "%s: %s\n", jstr(f, "rule"),
				    jstr(f, "message"));
	}
	cr_assert_eq(sb.len, 0, "%s (pid %d) has findings:\n%s", what, (int)pid,
		     sb.buf);
	strbuf_release(&sb);
}

#define POLICY_LEAK                                           \
	"apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n" \
	"- level: None\n  users: [system:kube-proxy]\n"       \
	"- level: RequestResponse\n"                          \
	"  resources:\n  - group: \"\"\n    resources: [secrets]\n"
#define POLICY_OK                                                  \
	"apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n"      \
	"- level: Metadata\n  resources: [{group: '', resources: " \
	"[secrets, configmaps]}]\n- level: RequestResponse\n"
#define ENC_OK                                                           \
	"apiVersion: apiserver.config.k8s.io/v1\n"                       \
	"kind: EncryptionConfiguration\nresources:\n"                    \
	"- resources: [secrets]\n  providers:\n"                         \
	"  - aesgcm:\n      keys:\n      - name: k1\n"                   \
	"        secret: MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n" \
	"  - identity: {}\n"

/* Flags that are fine apart from what a test is about. */
#define GOOD_FLAGS                                                            \
	"--audit-log-path=/var/log/kube-audit.log", "--anonymous-auth=false", \
		"--profiling=false", "--authorization-mode=Node,RBAC"

Test(posture, apiserver_plaintext_and_audit_leak, .fini = cleanup)
{
	const char *d = new_dir(), *c = new_dir();
	char pol[512], enc[512], cpol[512];
	struct json_object *doc, *f;
	pid_t bad, good;
	snprintf(pol, sizeof(pol), "--audit-policy-file=%s/audit.yaml", d);
	put(d, "audit.yaml", POLICY_LEAK, 0644);
	bad = SLEEPER(d, "kube-apiserver", NULL, pol, GOOD_FLAGS,
		      "--etcd-servers=https://127.0.0.1:2379");
	/* The clean control: aesgcm first, a Metadata rule for secrets
	 * before the broad one. */
	put(c, "enc.yaml", ENC_OK, 0600);
	put(c, "audit.yaml", POLICY_OK, 0644);
	snprintf(enc, sizeof(enc), "--encryption-provider-config=%s/enc.yaml",
		 c);
	snprintf(cpol, sizeof(cpol), "--audit-policy-file=%s/audit.yaml", c);
	good = SLEEPER(c, "kube-apiserver", NULL, enc, cpol, GOOD_FLAGS);

	doc = SCAN("--only", "posture");
	f = must(doc, bad, "apiserver-no-encryption");
	cr_assert_str_eq(jstr(f, "judge"), "apiserver-posture");
	cr_assert_str_eq(jstr(f, "kind"), "posture");
	cr_assert_str_eq(jstr(f, "severity"), "high");
	cr_assert_str_eq(jstr(f, "comm"), "kube-apiserver");
	cr_assert_str_eq(jstr(f, "where"), "flag:--encryption-provider-config");
	cr_assert_str_eq(factstr(f, "first_provider"), "none");
	f = must(doc, bad, "apiserver-audit-logs-secrets");
	cr_assert_str_eq(jstr(f, "severity"), "high");
	cr_assert_str_eq(factstr(f, "level"), "RequestResponse");
	cr_assert_eq(json_object_get_int(e2e_json_get(e2e_json_get(f, "facts"),
						      "rule_index")),
		     1);
	cr_assert(strstr(jstr(f, "where"), "/audit.yaml"));
	cr_assert_eq(count_for(doc, bad), 2, "%s",
		     json_object_to_json_string(e2e_json_get(doc, "findings")));
	expect_none(doc, good, "the clean kube-apiserver");
	/* The key of the clean control's file is in no output. */
	cr_assert_null(
		strstr(json_object_to_json_string(doc), "MDEyMzQ1Njc4OWFi"));
	json_object_put(doc);
}

/* Hostile files in the place of the audit policy, each sleeper chrooted
 * into its own directory: each gives one finding, and the scan ends. */
Test(posture, hostile_policy_files, .fini = cleanup)
{
	const char *fifo = new_dir(), *esc = new_dir(), *decoy = new_dir(),
		   *big = new_dir(), *bomb = new_dir();
	char path[512];
	struct json_object *doc, *f;
	pid_t pf, pe, pd, pb, pm;
	int fd;
	if (geteuid())
		cr_skip_test("the hostile-file tests chroot their sleepers: "
			     "run as root");
	/* A FIFO nobody writes: opening it for reading would block. */
	snprintf(path, sizeof(path), "%s/audit.yaml", fifo);
	cr_assert(!mkfifo(path, 0644));
	pf = SLEEPER(fifo, "kube-apiserver", fifo,
		     "--audit-policy-file=/audit.yaml", GOOD_FLAGS);
	/* ../.. out of the root: resolves inside it, where there is no
	 * etc/shadow. */
	snprintf(path, sizeof(path), "%s/audit.yaml", esc);
	cr_assert(!symlink("../../../../../../../etc/shadow", path));
	pe = SLEEPER(esc, "kube-apiserver", esc,
		     "--audit-policy-file=/audit.yaml", GOOD_FLAGS);
	/* The same escape onto a file that exists inside the root only: it
	 * is read there (and judged: a leaking policy). */
	mkdir_in(decoy, "etc", 0755);
	put(decoy, "etc/procsift-decoy-policy.yaml", POLICY_LEAK, 0644);
	snprintf(path, sizeof(path), "%s/audit.yaml", decoy);
	cr_assert(!symlink("../../../../etc/procsift-decoy-policy.yaml", path));
	cr_assert(access("/etc/procsift-decoy-policy.yaml", F_OK));
	pd = SLEEPER(decoy, "kube-apiserver", decoy,
		     "--audit-policy-file=/audit.yaml", GOOD_FLAGS);
	/* 100 MB, sparse. */
	snprintf(path, sizeof(path), "%s/audit.yaml", big);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	cr_assert(fd >= 0 && !ftruncate(fd, 100 << 20));
	close(fd);
	pb = SLEEPER(big, "kube-apiserver", big,
		     "--audit-policy-file=/audit.yaml", GOOD_FLAGS);
	put(bomb, "audit.yaml",
	    "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
	    "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
	    "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n"
	    "kind: Policy\nrules: *i\n",
	    0644);
	pm = SLEEPER(bomb, "kube-apiserver", bomb,
		     "--audit-policy-file=/audit.yaml", GOOD_FLAGS);

	doc = SCAN("--only", "posture");
	f = must(doc, pf, "apiserver-file-unusable");
	cr_assert_str_eq(jstr(f, "severity"), "medium");
	cr_assert_str_eq(jstr(f, "where"), "file:/audit.yaml");
	cr_assert(strstr(jstr(f, "message"), "could not read /audit.yaml"));
	cr_assert_str_eq(factstr(f, "error"), "not a regular file");
	f = must(doc, pe, "apiserver-file-unusable");
	cr_assert(strstr(jstr(f, "message"), "No such file"), "%s",
		  jstr(f, "message"));
	f = must(doc, pd, "apiserver-audit-logs-secrets");
	cr_assert_str_eq(factstr(f, "level"), "RequestResponse");
	f = must(doc, pb, "apiserver-file-unusable");
	cr_assert_str_eq(factstr(f, "error"), "larger than the cap");
	f = must(doc, pm, "apiserver-file-unusable");
	cr_assert(strstr(jstr(f, "message"), "could not use"), "%s",
		  jstr(f, "message"));
	cr_assert_eq(
		json_object_array_length(e2e_json_get(
			e2e_json_get(doc, "summary"), "host_judges_failed")),
		0);
	json_object_put(doc);
}

Test(posture, kubelet, .fini = cleanup)
{
	const char *d = new_dir(), *c = new_dir();
	char cfg[512];
	struct json_object *doc, *f;
	pid_t bad, good;
	bad = SLEEPER(d, "kubelet", NULL, "--anonymous-auth=true",
		      "--read-only-port=10255",
		      "--kubeconfig=/etc/kubernetes/kubelet.conf");
	put(c, "config.yaml",
	    "{\"apiVersion\": \"kubelet.config.k8s.io/v1beta1\",\n"
	    " \"kind\": \"KubeletConfiguration\",\n"
	    " \"authentication\": {\"anonymous\": {\"enabled\": false}},\n"
	    " \"authorization\": {\"mode\": \"Webhook\"},\n"
	    " \"readOnlyPort\": 0}\n",
	    0644);
	snprintf(cfg, sizeof(cfg), "--config=%s/config.yaml", c);
	good = SLEEPER(c, "kubelet", NULL, cfg);

	doc = SCAN("--only", "posture");
	f = must(doc, bad, "kubelet-anonymous-auth");
	cr_assert_str_eq(jstr(f, "severity"), "high");
	cr_assert_str_eq(jstr(f, "where"), "flag:--anonymous-auth");
	cr_assert_str_eq(factstr(f, "source"), "flag");
	f = must(doc, bad, "kubelet-read-only-port");
	cr_assert_str_eq(jstr(f, "severity"), "medium");
	cr_assert_eq(json_object_get_int(e2e_json_get(e2e_json_get(f, "facts"),
						      "read_only_port")),
		     10255);
	/* No --config: AlwaysAllow is the kubelet's flag default. */
	f = must(doc, bad, "kubelet-authz-always-allow");
	cr_assert_str_eq(factstr(f, "source"), "default");
	expect_none(doc, good, "the kubelet with a closed config");
	json_object_put(doc);
}

Test(posture, etcd, .fini = cleanup)
{
	const char *d = new_dir(), *c = new_dir();
	char data[512], cdata[512];
	struct json_object *doc, *f;
	pid_t bad, good;
	mkdir_in(d, "data", 0755);
	snprintf(data, sizeof(data), "--data-dir=%s/data", d);
	bad = SLEEPER(d, "etcd", NULL, data,
		      "--listen-client-urls=http://127.0.0.1:1");
	mkdir_in(c, "data", 0700);
	snprintf(cdata, sizeof(cdata), "--data-dir=%s/data", c);
	good = SLEEPER(c, "etcd", NULL, cdata, "--client-cert-auth=true",
		       "--cert-file=/p/server.crt", "--key-file=/p/server.key",
		       "--listen-client-urls=https://127.0.0.1:1");

	doc = SCAN("--only", "posture,secret");
	f = must(doc, bad, "etcd-no-client-cert-auth");
	cr_assert_str_eq(jstr(f, "severity"), "high");
	cr_assert_str_eq(jstr(f, "judge"), "etcd-posture");
	f = must(doc, bad, "etcd-no-client-tls");
	cr_assert_str_eq(factstr(f, "listen_client_urls"),
			 "http://127.0.0.1:1");
	f = must(doc, bad, "etcd-data-dir-mode");
	cr_assert_str_eq(factstr(f, "mode"), "0755");
	/* The etcd secret judge finds no database, and says nothing. */
	cr_assert_eq(count_for(doc, bad), 3, "%s",
		     json_object_to_json_string(e2e_json_get(doc, "findings")));
	expect_none(doc, good, "the etcd with TLS and certificates");
	cr_assert_eq(
		json_object_array_length(e2e_json_get(
			e2e_json_get(doc, "summary"), "host_judges_failed")),
		0);
	json_object_put(doc);
}

/* etcd run as RKE2 runs it (--config-file, no TLS flags) is judged from
 * its file: none of the flag-based highs. And an EncryptionConfiguration
 * whose aliases exhaust the walk's budget between two lookups (once a
 * crash of the whole scan) is "could not use". */
Test(posture, config_file_and_alias_budget, .fini = cleanup)
{
	const char *c = new_dir(), *a = new_dir();
	char flag[512];
	struct strbuf sb = STRBUF_INIT;
	struct json_object *doc, *f;
	pid_t et, api;
	int i;
	put(c, "config",
	    "name: n1\n"
	    "listen-client-urls: https://127.0.0.1:1\n"
	    "client-transport-security:\n"
	    "  cert-file: /p/server.crt\n  key-file: /p/server.key\n"
	    "  client-cert-auth: true\n",
	    0600);
	snprintf(flag, sizeof(flag), "--config-file=%s/config", c);
	et = SLEEPER(c, "etcd", NULL, flag);
	strbuf_addstr(&sb, "kind: EncryptionConfiguration\nresources:\n"
			   "  - &m {");
	for (i = 0; i < 1000; i++)
		strbuf_addf(&sb, "p%d: 0, ", i);
	strbuf_addstr(&sb, "resources: [configmaps]}\n");
	for (i = 0; i < 1100; i++)
		strbuf_addstr(&sb, "  - *m\n");
	put(a, "enc.yaml", sb.buf, 0600);
	strbuf_release(&sb);
	snprintf(flag, sizeof(flag), "--encryption-provider-config=%s/enc.yaml",
		 a);
	api = SLEEPER(a, "kube-apiserver", NULL, flag, GOOD_FLAGS);

	doc = SCAN("--only", "posture");
	expect_none(doc, et, "the etcd with a TLS config file");
	f = must(doc, api, "apiserver-file-unusable");
	cr_assert(strstr(jstr(f, "message"), "aliases repeat too much"), "%s",
		  jstr(f, "message"));
	cr_assert_eq(
		json_object_array_length(e2e_json_get(
			e2e_json_get(doc, "summary"), "host_judges_failed")),
		0);
	json_object_put(doc);
}

/* The summary links the apiserver writing Secrets unencrypted to the
 * real etcd holding them in plaintext. */
Test(posture, summary_link, .fini = cleanup)
{
	struct etcdkit *k = etcdkit_start();
	const char *d = new_dir();
	struct json_object *doc, *link, *a;
	struct e2e_result r;
	size_t i, n, plain = 0;
	char pid[16];
	pid_t api;
	etcdkit_fill(k, "basic");
	api = SLEEPER(d, "kube-apiserver", NULL, GOOD_FLAGS,
		      "--audit-policy-file=/nonexistent/audit.yaml");
	doc = SCAN("--judge", "apiserver-posture", "--judge", "etcd");
	must(doc, api, "apiserver-no-encryption");
	a = e2e_json_get(doc, "findings");
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		struct json_object *f = json_object_array_get_idx(a, i);
		if (e2e_json_pid(f) == k->pid &&
		    !strcmp(jstr(f, "rule"), "etcd-secret-plaintext"))
			plain++;
	}
	cr_assert(plain > 0, "the basic fill has plaintext Secrets");
	link = e2e_json_get(e2e_json_get(doc, "summary"),
			    "secrets_unencrypted");
	cr_assert(link, "no link in the summary");
	cr_assert_eq(json_object_get_int(e2e_json_get(link, "apiserver_pid")),
		     api);
	cr_assert_eq(json_object_get_int(e2e_json_get(link, "etcd_pid")),
		     k->pid);
	cr_assert_eq(
		json_object_get_int(e2e_json_get(link, "plaintext_secrets")),
		(int)plain);
	json_object_put(doc);
	/* The same line on standard error of the text output. */
	PROCSIFT(&r, "scan", "--judge", "apiserver-posture", "--judge", "etcd");
	E2E_EXPECT_STATUS(&r, 0, "scan");
	snprintf(pid, sizeof(pid), "(pid %d)", (int)api);
	cr_assert(strstr(r.err.buf, "writes Secrets unencrypted") &&
			  strstr(r.err.buf, pid),
		  "%s", r.err.buf);
	e2e_result_release(&r);
}
