/* apiserver-posture: kube-apiserver's flags and the files they name, as
 * kube-bench's CIS 1.2 checks read them: Secrets written to etcd without
 * encryption (no --encryption-provider-config, identity first, no entry
 * for secrets), aescbc; no audit policy or log, an audit policy that
 * copies Secret values into the log; anonymous access, profiling, the
 * insecure port, AlwaysAllow authorization. A host judge on the
 * control-plane processes the walk collected. */
#include "scan/judge.h"

#include <string.h>

#include "scan/k8sconf.h"
#include "scan/posture.h"
#include "util/strbuf.h"

#define ID "apiserver-posture"
#define FLAG_ENC "encryption-provider-config"
#define FLAG_AUDIT "audit-policy-file"

static struct finding *add_file(struct findings *out, const char *rule,
				const struct host_ctlproc *c,
				const struct host_file *f, enum severity sev,
				const char *msg)
{
	struct strbuf where = STRBUF_INIT;
	struct finding *g;
	strbuf_addf(&where, "file:%s", f->path);
	g = posture_add(out, ID, rule, c, sev, where.buf, "%s", msg);
	strbuf_release(&where);
	finding_fact_str(g, "path", f->path, strlen(f->path));
	return g;
}

static void enc_facts(struct finding *g, const struct kc_encconf *e)
{
	const char *p = e->nprov ? kc_provider_name(e->prov[0]) : "none";
	finding_fact_str(g, "first_provider", p, strlen(p));
	finding_fact_int(g, "providers", (long long)e->nprov);
	if (e->secrets) {
		finding_fact_str(g, "matched_by", e->matched_by,
				 strlen(e->matched_by));
		finding_fact_int(g, "resources_entry", (long long)e->entry);
	}
}

/* The EncryptionConfiguration file holds the keys themselves. */
static void enc_mode(struct findings *out, const struct host_ctlproc *c,
		     const struct host_file *f)
{
	enum severity sev;
	struct finding *g;
	if (!f->has_stat || !(f->mode & 0067))
		return;
	sev = f->mode & 0027 ? SEV_MEDIUM : SEV_LOW;
	g = add_file(out, "apiserver-encryption-config-mode", c, f, sev,
		     f->mode & 0007 ? "the EncryptionConfiguration (which "
				      "holds the encryption keys) is readable "
				      "or writable by others"
				    : "the EncryptionConfiguration (which "
				      "holds the encryption keys) is readable "
				      "or writable by its group");
	posture_fact_mode(g, f);
}

static void encryption(struct findings *out, const struct host_ctlproc *c)
{
	const struct host_file *f = posture_file(c, FLAG_ENC);
	const char *v = ctl_flag(c, FLAG_ENC);
	char why[KC_WHY_LEN];
	struct kc_encconf e;
	struct finding *g;
	if (!v || !*v) {
		g = posture_add(out, ID, POSTURE_RULE_NO_ENCRYPTION, c,
				SEV_HIGH, "flag:--" FLAG_ENC,
				"kube-apiserver writes Secrets to etcd "
				"unencrypted: no --" FLAG_ENC);
		finding_fact_str(g, "first_provider", "none", 4);
		finding_tag(g, "T1552.007");
		return;
	}
	if (!f)
		return;
	if (f->err) {
		posture_unusable(out, ID, "apiserver-file-unusable", c, f,
				 NULL);
		return;
	}
	enc_mode(out, c, f);
	if (kc_encconf_parse(f->data, f->len, &e, why, sizeof(why))) {
		posture_unusable(out, ID, "apiserver-file-unusable", c, f, why);
		return;
	}
	if (!e.kind_ok) {
		posture_unusable(out, ID, "apiserver-file-unusable", c, f,
				 "its kind is not EncryptionConfiguration");
		return;
	}
	if (!e.secrets) {
		g = add_file(out, POSTURE_RULE_ENC_NO_SECRETS, c, f, SEV_HIGH,
			     "the EncryptionConfiguration has no entry for "
			     "secrets: kube-apiserver writes Secrets to etcd "
			     "unencrypted");
		enc_facts(g, &e);
		finding_tag(g, "T1552.007");
	} else if (e.prov[0] == KC_PROV_IDENTITY) {
		g = add_file(out, POSTURE_RULE_ENC_IDENTITY, c, f, SEV_HIGH,
			     "the first provider for secrets is identity: "
			     "kube-apiserver writes Secrets to etcd "
			     "unencrypted");
		enc_facts(g, &e);
		finding_tag(g, "T1552.007");
	} else if (e.prov[0] == KC_PROV_AESCBC) {
		g = add_file(out, "apiserver-encryption-aescbc", c, f, SEV_LOW,
			     "the first provider for secrets is aescbc, which "
			     "Kubernetes no longer recommends (padding "
			     "oracle); kms v2 is");
		enc_facts(g, &e);
	} else if (e.prov[0] == KC_PROV_KMS && e.kms_version == 1) {
		g = add_file(out, "apiserver-encryption-kms-v1", c, f, SEV_LOW,
			     "the first provider for secrets is KMS v1, "
			     "deprecated and off by default since Kubernetes "
			     "1.29");
		enc_facts(g, &e);
	}
}

static void audit_policy(struct findings *out, const struct host_ctlproc *c,
			 const struct host_file *f, bool backend)
{
	char why[KC_WHY_LEN];
	struct kc_audit a;
	struct finding *g;
	if (f->err) {
		posture_unusable(out, ID, "apiserver-file-unusable", c, f,
				 NULL);
		return;
	}
	if (kc_audit_parse(f->data, f->len, &a, why, sizeof(why))) {
		posture_unusable(out, ID, "apiserver-file-unusable", c, f, why);
		return;
	}
	if (!a.kind_ok) {
		posture_unusable(out, ID, "apiserver-file-unusable", c, f,
				 "its kind is not Policy");
		return;
	}
	if (!a.leaks)
		return;
	/* Without a log or webhook the policy writes nothing yet. */
	g = add_file(out, "apiserver-audit-logs-secrets", c, f,
		     backend ? SEV_HIGH : SEV_MEDIUM,
		     a.leak_level == KC_LEVEL_REQRESP
			     ? "the audit policy logs Secrets at "
			       "RequestResponse: Secret values are copied "
			       "into the audit log"
			     : "the audit policy logs Secret writes at "
			       "Request: Secret values are copied into the "
			       "audit log");
	finding_fact_str(g, "level", kc_level_name(a.leak_level),
			 strlen(kc_level_name(a.leak_level)));
	finding_fact_int(g, "rule_index", (long long)a.leak_rule);
	finding_fact_bool(g, "narrowed", a.leak_narrowed);
	finding_fact_bool(g, "audit_backend", backend);
	finding_tag(g, "T1552.001");
}

static void audit(struct findings *out, const struct host_ctlproc *c)
{
	const char *v = ctl_flag(c, FLAG_AUDIT);
	const char *log = ctl_flag(c, "audit-log-path");
	const char *hook = ctl_flag(c, "audit-webhook-config-file");
	const struct host_file *f = posture_file(c, FLAG_AUDIT);
	bool backend = (log && *log) || (hook && *hook);
	struct finding *g;
	if (!v || !*v) {
		g = posture_add(
			out, ID, "apiserver-no-audit-policy", c, SEV_MEDIUM,
			"flag:--" FLAG_AUDIT,
			"kube-apiserver audits nothing: no --" FLAG_AUDIT);
		finding_tag(g, "T1562.008");
		return;
	}
	if (!backend) {
		g = posture_add(out, ID, "apiserver-no-audit-log", c,
				SEV_MEDIUM, "flag:--audit-log-path",
				"kube-apiserver's audit events go nowhere: no "
				"--audit-log-path or --audit-webhook-config-"
				"file");
		finding_tag(g, "T1562.008");
	}
	if (f)
		audit_policy(out, c, f, backend);
}

/* Whether a comma-separated list holds item. */
static bool list_has(const char *list, const char *item)
{
	size_t n = strlen(item);
	const char *p = list;
	while (p && *p) {
		size_t k = strcspn(p, ",");
		if (k == n && !memcmp(p, item, n))
			return true;
		p += k + (p[k] == ',');
	}
	return false;
}

static void flags(struct findings *out, const struct host_ctlproc *c)
{
	const char *mode = ctl_flag(c, "authorization-mode");
	const char *port = ctl_flag(c, "insecure-port");
	int anon = posture_flag_bool(c, "anonymous-auth");
	int prof = posture_flag_bool(c, "profiling");
	struct finding *g;
	/* Both default to true; a flag kube-apiserver would refuse (-2)
	 * means it is not running with these flags. */
	if (anon == 1 || anon == -1) {
		g = posture_add(out, ID, "apiserver-anonymous-auth", c,
				anon == 1 ? SEV_MEDIUM : SEV_LOW,
				"flag:--anonymous-auth",
				anon == 1 ? "kube-apiserver serves anonymous "
					    "requests: --anonymous-auth=true"
					  : "kube-apiserver serves anonymous "
					    "requests: --anonymous-auth "
					    "defaults to true");
		finding_fact_bool(g, "explicit", anon == 1);
	}
	if (prof == 1 || prof == -1) {
		g = posture_add(out, ID, "apiserver-profiling", c, SEV_LOW,
				"flag:--profiling",
				"kube-apiserver serves profiling data on "
				"/debug/pprof: --profiling %s",
				prof == 1 ? "is true" : "defaults to true");
		finding_fact_bool(g, "explicit", prof == 1);
	}
	if (port && strcmp(port, "0")) {
		g = posture_add(out, ID, "apiserver-insecure-port", c, SEV_HIGH,
				"flag:--insecure-port",
				"kube-apiserver serves its API without "
				"authentication or TLS on --insecure-port");
		finding_fact_str(g, "port", port, strlen(port));
	}
	/* --authorization-config (a file) replaces the mode flag. */
	if (mode ? list_has(mode, "AlwaysAllow")
		 : !ctl_flag(c, "authorization-config")) {
		g = posture_add(out, ID, "apiserver-authz-always-allow", c,
				SEV_CRITICAL, "flag:--authorization-mode",
				mode ? "kube-apiserver authorizes every "
				       "request: --authorization-mode has "
				       "AlwaysAllow"
				     : "kube-apiserver authorizes every "
				       "request: --authorization-mode defaults "
				       "to AlwaysAllow");
		if (!mode)
			g->confidence = CONF_MEDIUM;
		finding_fact_str(g, "authorization_mode",
				 mode ? mode : "AlwaysAllow",
				 strlen(mode ? mode : "AlwaysAllow"));
		finding_fact_bool(g, "explicit", mode != NULL);
	}
}

static void judge_one(struct findings *out, const struct host_ctlproc *c)
{
	encryption(out, c);
	audit(out, c);
	flags(out, c);
}

POSTURE_JUDGE_HOST(judge_host, ID, CTL_APISERVER, judge_one)

const struct judge judge_apiserver = {
	.id = ID,
	.kind = KIND_POSTURE,
	.summary = "kube-apiserver: Secrets not encrypted at rest, no or "
		   "leaking audit, anonymous or AlwaysAllow access",
	.host_facets = HOST_CTLPLANE,
	.judge_host = judge_host,
};
