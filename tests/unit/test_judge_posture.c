/* The control-plane posture judges on host views built here: each rule
 * positive and negative, defaults, flags over files, files that could
 * not be read or used, and the traps (AlwaysAllow inside another word,
 * etcd peers on the loopback, a kubelet whose flags undo its file). */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/host.h"
#include "scan/judge.h"
#include "scan/posture.h"
#include "util/xalloc.h"

static const struct judge_ctx jc;

/* A control-plane process: comp, pid, argv (NULL-terminated). */
static struct host_ctlproc *ctl(struct host_view *h, enum ctl_component comp,
				pid_t pid, ...)
{
	struct host_ctlproc *c = host_view_add_ctl(h);
	const char *a;
	va_list ap;
	size_t n = 0;
	c->comp = comp;
	c->pid = pid;
	c->start_ticks = 4242;
	c->comm = xstrdup(ctl_component_name(comp));
	c->argv = xcalloc(32, sizeof(*c->argv));
	c->argv[n++] = xstrdup(ctl_component_name(comp));
	va_start(ap, pid);
	while ((a = va_arg(ap, const char *)) && n < 31)
		c->argv[n++] = xstrdup(a);
	va_end(ap);
	c->argc = n;
	c->env = xcalloc(1, sizeof(*c->env));
	return c;
}

static void env(struct host_ctlproc *c, const char *kv)
{
	c->env = realloc(c->env, (c->nenv + 2) * sizeof(*c->env));
	c->env[c->nenv++] = xstrdup(kv);
	c->env[c->nenv] = NULL;
}

/* A file the walk read for flag (data NULL: err instead). */
static struct host_file *file(struct host_ctlproc *c, const char *flag,
			      const char *path, const char *data, int err,
			      unsigned mode)
{
	struct host_file *f = &c->files[c->nfiles++];
	f->what = flag;
	f->path = xstrdup(path);
	if (data) {
		f->data = xstrdup(data);
		f->len = strlen(data);
	}
	f->err = err;
	f->has_stat = mode != 0;
	f->mode = mode;
	return f;
}

static void run(const char *id, struct host_view *h, struct findings *l)
{
	const struct judge *j = judge_find(id, strlen(id));
	char err[64] = "";
	cr_assert(j && j->judge_host && (j->host_facets & HOST_CTLPLANE));
	cr_assert_eq(j->kind, KIND_POSTURE);
	memset(l, 0, sizeof(*l));
	cr_assert_eq(j->judge_host(&jc, h, l, err, sizeof(err)), 0);
}

static const struct finding *rule(const struct findings *l, const char *r)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		if (!strcmp(l->f[i].rule, r))
			return &l->f[i];
	return NULL;
}

static const struct finding_fact *fact(const struct finding *f, const char *key)
{
	size_t i;
	for (i = 0; i < f->nfacts; i++)
		if (!strcmp(f->facts[i].key, key))
			return &f->facts[i];
	cr_assert_fail("no fact %s in %s", key, f->rule);
	return NULL;
}

static bool tagged(const struct finding *f, const char *tag)
{
	size_t i;
	for (i = 0; i < f->ntags; i++)
		if (!strcmp(f->tags[i], tag))
			return true;
	return false;
}

static void dump(const struct findings *l)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		cr_log_info("%s %s %s: %s", l->f[i].rule,
			    severity_name(l->f[i].severity), l->f[i].where,
			    l->f[i].message);
}

#define ENC_OK                                                      \
	"kind: EncryptionConfiguration\nresources:\n"               \
	"- resources: [secrets]\n  providers:\n"                    \
	"  - kms: {apiVersion: v2, name: k, endpoint: unix:///s}\n" \
	"  - identity: {}\n"
#define POL_OK                                               \
	"kind: Policy\nrules:\n- level: Metadata\n"          \
	"  resources: [{group: '', resources: [secrets]}]\n" \
	"- level: RequestResponse\n"

/* A well-configured apiserver: nothing at all. */
static struct host_ctlproc *good_apiserver(struct host_view *h)
{
	struct host_ctlproc *c = ctl(
		h, CTL_APISERVER, 100, "--encryption-provider-config=/e.yaml",
		"--audit-policy-file", "/a.yaml", "--audit-log-path=/var/log/a",
		"--anonymous-auth=false", "--profiling=false",
		"--authorization-mode=Node,RBAC", "--insecure-port=0", NULL);
	file(c, "encryption-provider-config", "/e.yaml", ENC_OK, 0,
	     S_IFREG | 0600);
	file(c, "audit-policy-file", "/a.yaml", POL_OK, 0, S_IFREG | 0644);
	return c;
}

Test(apiserver, clean)
{
	struct host_view h;
	struct findings l;
	host_view_init(&h);
	good_apiserver(&h);
	run("apiserver-posture", &h, &l);
	dump(&l);
	cr_assert_eq(l.n, 0);
	findings_release(&l);
	host_view_release(&h);
}

Test(apiserver, no_flags_at_all)
{
	struct host_view h;
	struct findings l;
	const struct finding *f;
	host_view_init(&h);
	ctl(&h, CTL_APISERVER, 7, "--etcd-servers=https://127.0.0.1:2379",
	    NULL);
	run("apiserver-posture", &h, &l);
	dump(&l);
	f = rule(&l, POSTURE_RULE_NO_ENCRYPTION);
	cr_assert(f && f->severity == SEV_HIGH);
	cr_assert(posture_writes_plaintext(f));
	cr_assert_str_eq(f->where, "flag:--encryption-provider-config");
	cr_assert_eq(f->pid, 7);
	cr_assert_eq(f->start_ticks, 4242);
	cr_assert_str_eq(f->comm, "kube-apiserver");
	cr_assert(tagged(f, "T1552.007"));
	f = rule(&l, "apiserver-no-audit-policy");
	cr_assert(f && f->severity == SEV_MEDIUM && tagged(f, "T1562.008"));
	/* Defaults: anonymous and profiling on (low), AlwaysAllow. */
	f = rule(&l, "apiserver-anonymous-auth");
	cr_assert(f && f->severity == SEV_LOW);
	cr_assert(rule(&l, "apiserver-profiling"));
	f = rule(&l, "apiserver-authz-always-allow");
	cr_assert(f && f->severity == SEV_CRITICAL);
	cr_assert_eq(fact(f, "explicit")->num, 0);
	cr_assert_null(rule(&l, "apiserver-insecure-port"));
	findings_release(&l);
	host_view_release(&h);
}

Test(apiserver, explicit_bad_flags)
{
	struct host_view h;
	struct findings l;
	const struct finding *f;
	host_view_init(&h);
	ctl(&h, CTL_APISERVER, 8, "--anonymous-auth=true", "--profiling",
	    "--insecure-port=8080", "--authorization-mode=RBAC,AlwaysAllow",
	    "--audit-policy-file=/a.yaml", NULL);
	run("apiserver-posture", &h, &l);
	dump(&l);
	cr_assert_eq(rule(&l, "apiserver-anonymous-auth")->severity,
		     SEV_MEDIUM);
	cr_assert_eq(fact(rule(&l, "apiserver-profiling"), "explicit")->num, 1);
	f = rule(&l, "apiserver-insecure-port");
	cr_assert(f && f->severity == SEV_HIGH);
	cr_assert_str_eq(fact(f, "port")->str, "8080");
	cr_assert_str_eq(fact(rule(&l, "apiserver-authz-always-allow"),
			      "authorization_mode")
				 ->str,
			 "RBAC,AlwaysAllow");
	/* A policy but no log path: events go nowhere. */
	cr_assert(rule(&l, "apiserver-no-audit-log"));
	findings_release(&l);
	host_view_release(&h);
}

/* Traps: AlwaysAllow only as a whole item; the structured authorization
 * file instead of the mode flag. */
Test(apiserver, authz_traps)
{
	struct host_view h;
	struct findings l;
	host_view_init(&h);
	ctl(&h, CTL_APISERVER, 9, "--authorization-mode=NotAlwaysAllow,RBAC",
	    NULL);
	ctl(&h, CTL_APISERVER, 10, "--authorization-config=/authz.yaml", NULL);
	run("apiserver-posture", &h, &l);
	dump(&l);
	cr_assert_null(rule(&l, "apiserver-authz-always-allow"));
	findings_release(&l);
	host_view_release(&h);
}

Test(apiserver, encryption_identity_and_aescbc)
{
	struct host_view h;
	struct findings l;
	const struct finding *f;
	struct host_ctlproc *c;
	host_view_init(&h);
	c = good_apiserver(&h);
	free(c->files[0].data);
	c->files[0].data =
		xstrdup("kind: EncryptionConfiguration\n"
			"resources:\n- resources: [secrets]\n"
			"  providers: [{identity: {}}, "
			"{aescbc: {keys: [{name: a, secret: "
			"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=}]}}]\n");
	c->files[0].len = strlen(c->files[0].data);
	run("apiserver-posture", &h, &l);
	dump(&l);
	cr_assert_eq(l.n, 1);
	f = rule(&l, POSTURE_RULE_ENC_IDENTITY);
	cr_assert(f && f->severity == SEV_HIGH && posture_writes_plaintext(f));
	cr_assert_str_eq(f->where, "file:/e.yaml");
	cr_assert_str_eq(fact(f, "first_provider")->str, "identity");
	cr_assert_eq(fact(f, "providers")->num, 2);
	cr_assert_null(f->evidence);
	cr_assert_null(strstr(f->message, "QUJD"));
	findings_release(&l);
	free(c->files[0].data);
	c->files[0].data = xstrdup("kind: EncryptionConfiguration\n"
				   "resources:\n- resources: ['*.']\n"
				   "  providers: [{aescbc: {keys: []}}]\n");
	c->files[0].len = strlen(c->files[0].data);
	run("apiserver-posture", &h, &l);
	cr_assert_eq(l.n, 1);
	f = rule(&l, "apiserver-encryption-aescbc");
	cr_assert(f && f->severity == SEV_LOW);
	cr_assert_not(posture_writes_plaintext(f));
	findings_release(&l);
	host_view_release(&h);
}

Test(apiserver, encryption_without_secrets_and_mode)
{
	struct host_view h;
	struct findings l;
	const struct finding *f;
	struct host_ctlproc *c;
	host_view_init(&h);
	c = good_apiserver(&h);
	free(c->files[0].data);
	c->files[0].data = xstrdup("kind: EncryptionConfiguration\n"
				   "resources:\n- resources: [configmaps]\n"
				   "  providers: [{aesgcm: {keys: []}}]\n");
	c->files[0].len = strlen(c->files[0].data);
	c->files[0].mode = S_IFREG | 0644;
	run("apiserver-posture", &h, &l);
	dump(&l);
	f = rule(&l, POSTURE_RULE_ENC_NO_SECRETS);
	cr_assert(f && f->severity == SEV_HIGH && posture_writes_plaintext(f));
	f = rule(&l, "apiserver-encryption-config-mode");
	cr_assert(f && f->severity == SEV_MEDIUM);
	cr_assert_str_eq(fact(f, "mode")->str, "0644");
	findings_release(&l);
	/* Group-readable alone is low; 0600 is nothing (clean test). */
	c->files[0].mode = S_IFREG | 0640;
	run("apiserver-posture", &h, &l);
	cr_assert_eq(rule(&l, "apiserver-encryption-config-mode")->severity,
		     SEV_LOW);
	findings_release(&l);
	host_view_release(&h);
}

Test(apiserver, audit_policy_leaks)
{
	struct host_view h;
	struct findings l;
	const struct finding *f;
	struct host_ctlproc *c;
	host_view_init(&h);
	c = good_apiserver(&h);
	free(c->files[1].data);
	c->files[1].data = xstrdup("kind: Policy\nrules:\n"
				   "- level: None\n  users: [kube-proxy]\n"
				   "- level: RequestResponse\n"
				   "  resources: [{group: ''}]\n");
	c->files[1].len = strlen(c->files[1].data);
	run("apiserver-posture", &h, &l);
	dump(&l);
	cr_assert_eq(l.n, 1);
	f = rule(&l, "apiserver-audit-logs-secrets");
	cr_assert(f && f->severity == SEV_HIGH);
	cr_assert_str_eq(f->where, "file:/a.yaml");
	cr_assert_str_eq(fact(f, "level")->str, "RequestResponse");
	cr_assert_eq(fact(f, "rule_index")->num, 1);
	cr_assert_eq(fact(f, "narrowed")->num, 0);
	findings_release(&l);
	host_view_release(&h);
}

/* A file that could not be read or used: one medium finding saying why,
 * and nothing judged from it. */
Test(apiserver, unusable_files)
{
	struct host_view h;
	struct findings l;
	const struct finding *f;
	struct host_ctlproc *c;
	host_view_init(&h);
	c = ctl(&h, CTL_APISERVER, 101, "--encryption-provider-config=/e.yaml",
		"--audit-policy-file=/a.yaml", "--audit-log-path=-",
		"--anonymous-auth=false", "--profiling=false",
		"--authorization-mode=Node,RBAC", NULL);
	file(c, "encryption-provider-config", "/e.yaml", NULL, EINVAL,
	     S_IFIFO | 0644)
		->why = "not a regular file";
	file(c, "audit-policy-file", "/a.yaml", "a: &a [*a]\n", 0,
	     S_IFREG | 0644);
	run("apiserver-posture", &h, &l);
	dump(&l);
	cr_assert_eq(l.n, 2);
	f = &l.f[0];
	cr_assert_str_eq(f->rule, "apiserver-file-unusable");
	cr_assert_eq(f->severity, SEV_MEDIUM);
	cr_assert(strstr(f->message, "could not read /e.yaml"), "%s",
		  f->message);
	cr_assert(strstr(f->message, "not a regular file"));
	cr_assert_str_eq(fact(f, "flag")->str, "encryption-provider-config");
	f = &l.f[1];
	cr_assert(strstr(f->message, "could not use /a.yaml"), "%s",
		  f->message);
	findings_release(&l);
	host_view_release(&h);
}

/* ---- etcd ---- */

Test(etcd, bare)
{
	struct host_view h;
	struct findings l;
	const struct finding *f;
	host_view_init(&h);
	ctl(&h, CTL_ETCD, 20, "--data-dir=/var/lib/etcd", NULL);
	run("etcd-posture", &h, &l);
	dump(&l);
	f = rule(&l, "etcd-no-client-cert-auth");
	cr_assert(f && f->severity == SEV_HIGH);
	cr_assert_str_eq(fact(f, "client_cert_auth")->str, "(not set)");
	f = rule(&l, "etcd-no-client-tls");
	cr_assert(f && f->severity == SEV_HIGH);
	cr_assert_str_eq(fact(f, "listen_client_urls")->str,
			 "http://localhost:2379");
	/* Peers on the loopback (the default): nothing about them. */
	cr_assert_null(rule(&l, "etcd-no-peer-cert-auth"));
	cr_assert_null(rule(&l, "etcd-no-peer-tls"));
	findings_release(&l);
	host_view_release(&h);
}

Test(etcd, kubeadm_like_clean)
{
	struct host_view h;
	struct findings l;
	struct host_ctlproc *c;
	host_view_init(&h);
	c = ctl(&h, CTL_ETCD, 21, "--client-cert-auth=true",
		"--cert-file=/p/server.crt", "--key-file=/p/server.key",
		"--listen-client-urls=https://127.0.0.1:2379,https://10.0.0.5:"
		"2379",
		"--listen-peer-urls=https://10.0.0.5:2380",
		"--peer-client-cert-auth=true", "--peer-cert-file=/p/peer.crt",
		"--peer-key-file=/p/peer.key", "--data-dir=/var/lib/etcd",
		NULL);
	file(c, "data-dir", "/var/lib/etcd", NULL, 0, S_IFDIR | 0700);
	run("etcd-posture", &h, &l);
	dump(&l);
	cr_assert_eq(l.n, 0);
	findings_release(&l);
	host_view_release(&h);
}

/* Settings from ETCD_* variables; exposed peers; plain HTTP on the side;
 * auto TLS; an open data directory. */
Test(etcd, env_peers_mode)
{
	struct host_view h;
	struct findings l;
	const struct finding *f;
	struct host_ctlproc *c;
	host_view_init(&h);
	c = ctl(&h, CTL_ETCD, 22, "--listen-client-urls",
		"https://0.0.0.0:2379,http://127.0.0.1:4001", NULL);
	env(c, "ETCD_CLIENT_CERT_AUTH=true");
	env(c, "ETCD_CERT_FILE=/c");
	env(c, "ETCD_KEY_FILE=/k");
	env(c, "ETCD_LISTEN_PEER_URLS=http://0.0.0.0:2380");
	env(c, "ETCD_PEER_AUTO_TLS=true");
	file(c, "data-dir", "default.etcd", NULL, 0, S_IFDIR | 0755);
	run("etcd-posture", &h, &l);
	dump(&l);
	cr_assert_null(rule(&l, "etcd-no-client-cert-auth"));
	f = rule(&l, "etcd-no-client-tls");
	cr_assert(f && f->severity == SEV_MEDIUM);
	cr_assert_str_eq(f->where, "flag:--listen-client-urls");
	cr_assert(rule(&l, "etcd-no-peer-cert-auth"));
	cr_assert(rule(&l, "etcd-no-peer-tls"));
	cr_assert_eq(rule(&l, "etcd-peer-auto-tls")->severity, SEV_LOW);
	f = rule(&l, "etcd-data-dir-mode");
	cr_assert(f && f->severity == SEV_MEDIUM);
	cr_assert_str_eq(fact(f, "mode")->str, "0755");
	cr_assert_str_eq(f->where, "file:default.etcd");
	findings_release(&l);
	host_view_release(&h);
}

/* A data directory not found is not judged; one that is a file, or
 * 0700, neither. */
Test(etcd, data_dir_traps)
{
	struct host_view h;
	struct findings l;
	struct host_ctlproc *c;
	host_view_init(&h);
	c = ctl(&h, CTL_ETCD, 23, "--client-cert-auth", "--cert-file=/c",
		"--key-file=/k", "--listen-client-urls=https://127.0.0.1:2379",
		NULL);
	file(c, "data-dir", "/gone", NULL, ENOENT, 0);
	run("etcd-posture", &h, &l);
	dump(&l);
	cr_assert_eq(l.n, 0);
	findings_release(&l);
	c->files[0].err = 0;
	c->files[0].has_stat = true;
	c->files[0].mode = S_IFREG | 0644;
	run("etcd-posture", &h, &l);
	cr_assert_eq(l.n, 0);
	findings_release(&l);
	c->files[0].err = EACCES;
	run("etcd-posture", &h, &l);
	cr_assert_eq(l.n, 1);
	cr_assert_str_eq(l.f[0].rule, "etcd-data-dir-unusable");
	findings_release(&l);
	host_view_release(&h);
}

/* etcd run from a config file (RKE2: etcd --config-file=.../config)
 * ignores its flags and ETCD_* settings: judged from the file. */
#define ETCD_CFG_OK                                                          \
	"name: n1\ndata-dir: /var/lib/rancher/db/etcd\n"                     \
	"listen-client-urls: https://127.0.0.1:2379,https://10.0.0.5:2379\n" \
	"listen-peer-urls: https://10.0.0.5:2380\n"                          \
	"client-transport-security:\n"                                       \
	"  cert-file: /p/server.crt\n  key-file: /p/server.key\n"            \
	"  client-cert-auth: true\n  trusted-ca-file: /p/ca.crt\n"           \
	"peer-transport-security:\n"                                         \
	"  cert-file: /p/peer.crt\n  key-file: /p/peer.key\n"                \
	"  client-cert-auth: true\n"

Test(etcd, config_file_clean)
{
	struct host_view h;
	struct findings l;
	struct host_ctlproc *c;
	host_view_init(&h);
	c = ctl(&h, CTL_ETCD, 30, "--config-file=/db/etcd/config", NULL);
	file(c, "config-file", "/db/etcd/config", ETCD_CFG_OK, 0,
	     S_IFREG | 0600);
	run("etcd-posture", &h, &l);
	dump(&l);
	cr_assert_eq(l.n, 0);
	findings_release(&l);
	host_view_release(&h);
}

/* The file's settings are judged, its flags (which etcd ignores) not. */
Test(etcd, config_file_open)
{
	struct host_view h;
	struct findings l;
	const struct finding *f;
	struct host_ctlproc *c;
	host_view_init(&h);
	c = ctl(&h, CTL_ETCD, 31, "--config-file", "/cfg.yaml",
		"--client-cert-auth=true", "--cert-file=/c", "--key-file=/k",
		NULL);
	file(c, "config-file", "/cfg.yaml",
	     "listen-client-urls: http://0.0.0.0:2379\n"
	     "listen-peer-urls: http://10.0.0.5:2380\n"
	     "client-transport-security: {client-cert-auth: false}\n",
	     0, S_IFREG | 0600);
	run("etcd-posture", &h, &l);
	dump(&l);
	f = rule(&l, "etcd-no-client-cert-auth");
	cr_assert(f && f->severity == SEV_HIGH);
	cr_assert_str_eq(f->where, "file:/cfg.yaml");
	cr_assert_str_eq(fact(f, "client_cert_auth")->str, "false");
	cr_assert(strstr(f->message, "client-transport-security"));
	f = rule(&l, "etcd-no-client-tls");
	cr_assert(f && f->severity == SEV_HIGH);
	cr_assert_str_eq(fact(f, "listen_client_urls")->str,
			 "http://0.0.0.0:2379");
	cr_assert(rule(&l, "etcd-no-peer-cert-auth"));
	cr_assert(rule(&l, "etcd-no-peer-tls"));
	findings_release(&l);
	host_view_release(&h);
}

/* A config file that cannot be read or used: one medium finding, not
 * the highs its flags (ignored by etcd) would give. */
Test(etcd, config_file_unusable)
{
	struct host_view h;
	struct findings l;
	struct host_ctlproc *c;
	host_view_init(&h);
	c = ctl(&h, CTL_ETCD, 32, "--config-file=/gone", NULL);
	file(c, "config-file", "/gone", NULL, EACCES, 0);
	c = ctl(&h, CTL_ETCD, 33, NULL);
	env(c, "ETCD_CONFIG_FILE=/bad.yaml");
	file(c, "config-file", "/bad.yaml",
	     "client-transport-security: {client-cert-auth: maybe}\n", 0,
	     S_IFREG | 0600);
	run("etcd-posture", &h, &l);
	dump(&l);
	cr_assert_eq(l.n, 2);
	cr_assert_str_eq(l.f[0].rule, "etcd-config-unusable");
	cr_assert_eq(l.f[0].severity, SEV_MEDIUM);
	cr_assert_eq(l.f[0].pid, 32);
	cr_assert_str_eq(l.f[1].rule, "etcd-config-unusable");
	cr_assert_eq(l.f[1].pid, 33);
	cr_assert(strstr(l.f[1].message, "not a boolean"), "%s",
		  l.f[1].message);
	findings_release(&l);
	host_view_release(&h);
}

/* ---- kubelet ---- */

#define KCFG(body)                                    \
	"apiVersion: kubelet.config.k8s.io/v1beta1\n" \
	"kind: KubeletConfiguration\n" body

/* No --config: the legacy flag defaults are all open. */
Test(kubelet, legacy_defaults)
{
	struct host_view h;
	struct findings l;
	const struct finding *f;
	host_view_init(&h);
	ctl(&h, CTL_KUBELET, 30, "--kubeconfig=/etc/kubernetes/kubelet.conf",
	    NULL);
	run("kubelet-posture", &h, &l);
	dump(&l);
	cr_assert_eq(l.n, 3);
	f = rule(&l, "kubelet-anonymous-auth");
	cr_assert(f && f->severity == SEV_HIGH);
	cr_assert_str_eq(fact(f, "source")->str, "default");
	cr_assert(strstr(f->message, "without --config"));
	f = rule(&l, "kubelet-read-only-port");
	cr_assert(f && f->severity == SEV_MEDIUM);
	cr_assert_eq(fact(f, "read_only_port")->num, 10255);
	cr_assert_eq(rule(&l, "kubelet-authz-always-allow")->severity,
		     SEV_CRITICAL);
	findings_release(&l);
	host_view_release(&h);
}

/* A config file with nothing set: the v1beta1 defaults are closed. */
Test(kubelet, config_defaults_clean)
{
	struct host_view h;
	struct findings l;
	struct host_ctlproc *c;
	host_view_init(&h);
	c = ctl(&h, CTL_KUBELET, 31, "--config=/var/lib/kubelet/config.yaml",
		NULL);
	file(c, "config", "/var/lib/kubelet/config.yaml", KCFG(""), 0,
	     S_IFREG | 0644);
	run("kubelet-posture", &h, &l);
	dump(&l);
	cr_assert_eq(l.n, 0);
	findings_release(&l);
	host_view_release(&h);
}

/* The file opens everything; the flags close two of them again. */
Test(kubelet, flags_override_config)
{
	struct host_view h;
	struct findings l;
	const struct finding *f;
	struct host_ctlproc *c;
	host_view_init(&h);
	c = ctl(&h, CTL_KUBELET, 32, "--config", "/k.json",
		"--anonymous-auth=false", "--read-only-port=0", NULL);
	file(c, "config", "/k.json",
	     "{\"kind\":\"KubeletConfiguration\",\"authentication\":"
	     "{\"anonymous\":{\"enabled\":true}},\"authorization\":"
	     "{\"mode\":\"AlwaysAllow\"},\"readOnlyPort\":10255}",
	     0, S_IFREG | 0644);
	run("kubelet-posture", &h, &l);
	dump(&l);
	cr_assert_eq(l.n, 1);
	f = rule(&l, "kubelet-authz-always-allow");
	cr_assert(f);
	cr_assert_str_eq(f->where, "file:/k.json");
	cr_assert_str_eq(fact(f, "source")->str, "config");
	findings_release(&l);
	host_view_release(&h);
}

Test(kubelet, flags_open)
{
	struct host_view h;
	struct findings l;
	const struct finding *f;
	struct host_ctlproc *c;
	host_view_init(&h);
	c = ctl(&h, CTL_KUBELET, 33, "--config=/k.yaml",
		"--anonymous-auth=true", "--read-only-port=10255", NULL);
	file(c, "config", "/k.yaml", KCFG("readOnlyPort: 0\n"), 0,
	     S_IFREG | 0644);
	run("kubelet-posture", &h, &l);
	dump(&l);
	cr_assert_eq(l.n, 2);
	f = rule(&l, "kubelet-anonymous-auth");
	cr_assert_str_eq(f->where, "flag:--anonymous-auth");
	cr_assert_str_eq(fact(f, "source")->str, "flag");
	cr_assert_eq(
		fact(rule(&l, "kubelet-read-only-port"), "read_only_port")->num,
		10255);
	findings_release(&l);
	host_view_release(&h);
}

/* A config that cannot be used: said once; its values are not guessed
 * (no defaults-based findings), flags are still judged. */
Test(kubelet, config_unusable)
{
	struct host_view h;
	struct findings l;
	struct host_ctlproc *c;
	host_view_init(&h);
	c = ctl(&h, CTL_KUBELET, 34, "--config=/k.yaml",
		"--read-only-port=10255", NULL);
	file(c, "config", "/k.yaml", NULL, EFBIG, S_IFREG | 0644)->why =
		"larger than the cap";
	run("kubelet-posture", &h, &l);
	dump(&l);
	cr_assert_eq(l.n, 2);
	cr_assert(rule(&l, "kubelet-config-unusable"));
	cr_assert(strstr(rule(&l, "kubelet-config-unusable")->message,
			 "larger than the cap"));
	cr_assert(rule(&l, "kubelet-read-only-port"));
	findings_release(&l);
	host_view_release(&h);
}

/* Processes of the other components are not this judge's. */
Test(kubelet, only_kubelets)
{
	struct host_view h;
	struct findings l;
	host_view_init(&h);
	ctl(&h, CTL_ETCD, 35, NULL);
	ctl(&h, CTL_APISERVER, 36, NULL);
	run("kubelet-posture", &h, &l);
	cr_assert_eq(l.n, 0);
	findings_release(&l);
	host_view_release(&h);
}

Test(posture, url_loopback)
{
	cr_assert(posture_url_loopback("http://localhost:2379", 21));
	cr_assert(posture_url_loopback("https://127.0.0.1:2379", 22));
	cr_assert(posture_url_loopback("http://[::1]:2379", 17));
	cr_assert(posture_url_loopback("unix://x", 8));
	cr_assert_not(posture_url_loopback("http://0.0.0.0:2379", 19));
	cr_assert_not(posture_url_loopback("http://localhost.evil:1", 23));
	cr_assert_not(posture_url_loopback("http://[::]:1", 13));
}
