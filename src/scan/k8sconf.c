/* EncryptionConfiguration, audit Policy, KubeletConfiguration and etcd's
 * configuration file, read as the apiserver, the kubelet and etcd read them
 * (see k8sconf.h), on the bounded tree of k8sconf_tree.c. */
#include "scan/k8sconf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "scan/k8sconf_impl.h"

struct walk {
	struct kc_doc d;
	char *why;
	size_t whylen;
};

static int fail(struct walk *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int fail(struct walk *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->why, w->whylen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Load and check the top: a mapping; its kind copied into kind. */
static int start(struct walk *w, const char *buf, size_t len, char *why,
		 size_t whylen, char kind[KC_NAME_LEN])
{
	const struct kc_node *root;
	const char *k;
	int r;
	w->why = why;
	w->whylen = whylen;
	r = kc_doc_load(&w->d, buf, len, why, whylen);
	if (r)
		return r;
	root = kc_node(&w->d, w->d.root);
	if (!root)
		return fail(w, "empty document");
	if (root->type != KC_MAP)
		return fail(w, "not a mapping at the top");
	k = kc_str(&w->d, kc_get(&w->d, w->d.root, "kind"));
	snprintf(kind, KC_NAME_LEN, "%s", k ? k : "");
	return 0;
}

/* Node i as a sequence (null: empty); -1 when it is something else. */
static int seq_len(struct walk *w, int i, size_t *n)
{
	const struct kc_node *s = kc_node(&w->d, i);
	*n = 0;
	if (kc_is_null(&w->d, i))
		return 0;
	if (s->type != KC_SEQ)
		return -1;
	*n = s->nkids;
	return 0;
}

/* Item k of sequence seq, or -1 (no such node or item): a sequence the
 * caller measured is never looked up again, but a missing one is not a
 * crash either. */
static int item(struct walk *w, int seq, size_t k)
{
	const struct kc_node *s = kc_node(&w->d, seq);
	return s && s->type == KC_SEQ && k < s->nkids ? s->kids[k] : -1;
}

/* A list field that must be a sequence: its node (-1: not given) into
 * *node and its length into *n, or fail. One lookup: a second one could
 * be cut short by the budget. */
static int list(struct walk *w, int m, const char *key, const char *where,
		size_t idx, int *node, size_t *n)
{
	*node = kc_get(&w->d, m, key);
	if (seq_len(w, *node, n))
		return fail(w, "%s[%zu].%s is not a list", where, idx, key);
	return 0;
}

static bool is_map(struct walk *w, int i)
{
	const struct kc_node *n = kc_node(&w->d, i);
	return n && n->type == KC_MAP;
}

#define KC_WHY_BUDGET "its aliases repeat too much to walk"

static int budget(struct walk *w)
{
	return kc_step(&w->d) ? 0 : fail(w, KC_WHY_BUDGET);
}

/* The end of a parse: once the budget ran out, some key may have been
 * taken for absent (a rule's resources, a setting), so whatever the walk
 * concluded, the document could not be judged. Releases the tree. */
static int finish(struct walk *w, int r)
{
	if (w->d.exhausted)
		r = fail(w, KC_WHY_BUDGET);
	kc_doc_release(&w->d);
	return r;
}

/* ---- EncryptionConfiguration ---- */

static const char *const prov_names[] = {
	[KC_PROV_IDENTITY] = "identity", [KC_PROV_AESCBC] = "aescbc",
	[KC_PROV_AESGCM] = "aesgcm",	 [KC_PROV_SECRETBOX] = "secretbox",
	[KC_PROV_KMS] = "kms",		 [KC_PROV_UNKNOWN] = "unknown",
};

const char *kc_provider_name(enum kc_provider p)
{
	return (unsigned)p <= KC_PROV_UNKNOWN ? prov_names[p] : "unknown";
}

/* Whether a resources entry's name covers Secrets: "secrets", all core
 * resources ("*.") or all resources ("*.*"). */
static bool enc_covers(const char *r)
{
	return r &&
	       (!strcmp(r, "secrets") || !strcmp(r, "*.") || !strcmp(r, "*.*"));
}

/* One providers item: a mapping with exactly one provider set. */
static int enc_provider(struct walk *w, int p, size_t idx,
			struct kc_encconf *out)
{
	enum kc_provider k, found = KC_PROV_UNKNOWN;
	int n = 0;
	if (!is_map(w, p))
		return fail(w, "providers[%zu] is not a mapping", idx);
	for (k = KC_PROV_IDENTITY; k < KC_PROV_UNKNOWN; k++) {
		int v = kc_get(&w->d, p, prov_names[k]);
		if (kc_is_null(&w->d, v))
			continue;
		if (!is_map(w, v))
			return fail(w, "providers[%zu].%s is not a mapping",
				    idx, prov_names[k]);
		found = k;
		n++;
	}
	if (n != 1)
		return fail(w, "providers[%zu] names %s provider", idx,
			    n ? "more than one" : "no");
	if (out->nprov < KC_PROVIDERS_MAX)
		out->prov[out->nprov] = found;
	if (!out->nprov && found == KC_PROV_KMS) {
		const char *v =
			kc_str(&w->d, kc_get(&w->d, kc_get(&w->d, p, "kms"),
					     "apiVersion"));
		out->kms_version = v && !strcmp(v, "v2") ? 2 : 1;
	}
	out->nprov++;
	return 0;
}

static int enc_entry(struct walk *w, int e, size_t idx, struct kc_encconf *out)
{
	size_t n, k;
	int rs, ps;
	if (!is_map(w, e))
		return fail(w, "resources[%zu] is not a mapping", idx);
	if (list(w, e, "resources", "resources", idx, &rs, &n))
		return -EINVAL;
	for (k = 0; k < n; k++) {
		const char *r = kc_str(&w->d, item(w, rs, k));
		if (budget(w))
			return -EINVAL;
		if (enc_covers(r)) {
			out->secrets = true;
			out->entry = idx;
			snprintf(out->matched_by, sizeof(out->matched_by), "%s",
				 r);
			break;
		}
	}
	if (!out->secrets)
		return 0;
	if (list(w, e, "providers", "resources", idx, &ps, &n))
		return -EINVAL;
	if (!n)
		return fail(w, "resources[%zu] has no providers", idx);
	for (k = 0; k < n; k++)
		if (budget(w) || enc_provider(w, item(w, ps, k), k, out))
			return -EINVAL;
	return 0;
}

int kc_encconf_parse(const char *buf, size_t len, struct kc_encconf *out,
		     char *why, size_t whylen)
{
	struct walk w;
	size_t n, k;
	int r, res;
	memset(out, 0, sizeof(*out));
	r = start(&w, buf, len, why, whylen, out->kind);
	if (r)
		goto out;
	out->kind_ok = !strcmp(out->kind, "EncryptionConfiguration") ||
		       !strcmp(out->kind, "EncryptionConfig");
	res = kc_get(&w.d, w.d.root, "resources");
	if (seq_len(&w, res, &n)) {
		r = fail(&w, "resources is not a list");
		goto out;
	}
	/* The first entry that covers Secrets is the one used. */
	for (k = 0; k < n && !out->secrets && !r; k++)
		r = budget(&w) ? -EINVAL
			       : enc_entry(&w, item(&w, res, k), k, out);
out:
	return finish(&w, r);
}

/* ---- audit Policy ---- */

static const char *const level_names[] = {
	[KC_LEVEL_NONE] = "None",
	[KC_LEVEL_METADATA] = "Metadata",
	[KC_LEVEL_REQUEST] = "Request",
	[KC_LEVEL_REQRESP] = "RequestResponse",
};

const char *kc_level_name(enum kc_level l)
{
	return (unsigned)l <= KC_LEVEL_REQRESP ? level_names[l] : "?";
}

/* Whether an audit GroupResources resource name matches a Secret
 * request, as the apiserver's policy checker does: the name, "*", or
 * "secrets" followed by "/" and "*" (its subresources, and itself). */
static bool audit_res_matches(const char *r)
{
	size_t n, k;
	if (!r)
		return false;
	if (!strcmp(r, "secrets") || !strcmp(r, "*"))
		return true;
	n = strlen(r);
	if (n < 2 || r[n - 1] != '*' || r[n - 2] != '/')
		return false;
	/* Go's strings.TrimRight with the cutset of '/' and '*' */
	for (k = n; k && (r[k - 1] == '/' || r[k - 1] == '*'); k--)
		;
	return k == 7 && !memcmp(r, "secrets", 7);
}

/* Whether a non-empty list field narrows the rule (users, verbs...). */
static int narrows(struct walk *w, int rule, const char *key, size_t idx,
		   bool *out)
{
	size_t n;
	int l;
	if (list(w, rule, key, "rules", idx, &l, &n))
		return -EINVAL;
	if (n)
		*out = true;
	return 0;
}

/* Whether rule (index idx) matches Secret requests: *m; *narrow when
 * only some of them. */
static int audit_match(struct walk *w, int rule, size_t idx, bool *m,
		       bool *narrow)
{
	size_t n, k, j, nr;
	int urls, grs;
	*m = false;
	if (list(w, rule, "nonResourceURLs", "rules", idx, &urls, &n))
		return -EINVAL;
	if (n) /* never a resource request */
		return 0;
	if (list(w, rule, "resources", "rules", idx, &grs, &n))
		return -EINVAL;
	if (!n)
		return *m = true, 0;
	*narrow = true;
	for (k = 0; k < n; k++) {
		int g = item(w, grs, k), gv, rs;
		size_t nnames;
		bool hit = false;
		if (budget(w))
			return -EINVAL;
		if (!is_map(w, g))
			return fail(w,
				    "rules[%zu].resources[%zu] is not a "
				    "mapping",
				    idx, k);
		gv = kc_get(&w->d, g, "group");
		if (!kc_is_null(&w->d, gv) && !kc_is(&w->d, gv, ""))
			continue; /* not the core group */
		rs = kc_get(&w->d, g, "resources");
		if (seq_len(w, rs, &nr) ||
		    seq_len(w, kc_get(&w->d, g, "resourceNames"), &nnames))
			return fail(w,
				    "rules[%zu].resources[%zu] has a field "
				    "that is not a list",
				    idx, k);
		/* No resources: every core resource, whatever names. */
		if (!nr) {
			*m = true;
			*narrow = false;
			break;
		}
		for (j = 0; j < nr && !hit; j++) {
			if (budget(w))
				return -EINVAL;
			hit = audit_res_matches(kc_str(&w->d, item(w, rs, j)));
		}
		if (hit) {
			*m = true;
			if (!nnames) {
				*narrow = false;
				break;
			}
		}
	}
	return 0;
}

/* Whether a rule at level l with these verbs logs a Secret's data:
 * RequestResponse always, Request on a write (a read has no body). */
static int audit_leaks(struct walk *w, int rule, enum kc_level l, bool *out)
{
	static const char *const writes[] = {"create", "update", "patch", "*",
					     NULL};
	size_t n, k, i;
	int vs = kc_get(&w->d, rule, "verbs");
	*out = l == KC_LEVEL_REQRESP;
	if (l != KC_LEVEL_REQUEST)
		return 0;
	if (seq_len(w, vs, &n))
		return -EINVAL;
	*out = !n;
	for (k = 0; k < n && !*out; k++) {
		const char *v = kc_str(&w->d, item(w, vs, k));
		if (budget(w))
			return -EINVAL;
		for (i = 0; v && writes[i]; i++)
			if (!strcmp(v, writes[i]))
				*out = true;
	}
	return 0;
}

static int audit_rule(struct walk *w, int rule, size_t idx,
		      struct kc_audit *out, bool *stop)
{
	const char *lv;
	enum kc_level l;
	bool m, narrow = false, leak;
	if (!is_map(w, rule))
		return fail(w, "rules[%zu] is not a mapping", idx);
	lv = kc_str(&w->d, kc_get(&w->d, rule, "level"));
	for (l = KC_LEVEL_NONE; l <= KC_LEVEL_REQRESP; l++)
		if (lv && !strcmp(lv, level_names[l]))
			break;
	if (l > KC_LEVEL_REQRESP)
		return fail(w,
			    "rules[%zu].level is not None, Metadata, "
			    "Request or RequestResponse",
			    idx);
	if (audit_match(w, rule, idx, &m, &narrow))
		return -EINVAL;
	if (!m)
		return 0;
	if (narrows(w, rule, "users", idx, &narrow) ||
	    narrows(w, rule, "userGroups", idx, &narrow) ||
	    narrows(w, rule, "namespaces", idx, &narrow) ||
	    narrows(w, rule, "verbs", idx, &narrow) ||
	    audit_leaks(w, rule, l, &leak))
		return -EINVAL;
	if (leak && !out->leaks) {
		out->leaks = true;
		out->leak_rule = idx;
		out->leak_level = l;
		out->leak_narrowed = narrow;
	}
	if (!narrow) {
		/* First match wins: later rules never see Secrets. */
		out->has_catchall = true;
		out->catchall_rule = idx;
		out->catchall_level = l;
		*stop = true;
	}
	return 0;
}

int kc_audit_parse(const char *buf, size_t len, struct kc_audit *out, char *why,
		   size_t whylen)
{
	struct walk w;
	bool stop = false;
	size_t k;
	int r, rules;
	memset(out, 0, sizeof(*out));
	r = start(&w, buf, len, why, whylen, out->kind);
	if (r)
		goto out;
	out->kind_ok = !strcmp(out->kind, "Policy");
	rules = kc_get(&w.d, w.d.root, "rules");
	if (seq_len(&w, rules, &out->nrules)) {
		r = fail(&w, "rules is not a list");
		goto out;
	}
	if (!out->nrules) {
		/* The apiserver refuses a policy without rules. */
		r = fail(&w, "it has no rules");
		goto out;
	}
	for (k = 0; k < out->nrules && !stop && !r; k++)
		r = budget(&w)
			    ? -EINVAL
			    : audit_rule(&w, item(&w, rules, k), k, out, &stop);
out:
	return finish(&w, r);
}

/* ---- KubeletConfiguration ---- */

/* The mapping at key of m: -1 when not given; fails when not a mapping. */
static int submap(struct walk *w, int m, const char *key, const char *path,
		  int *out)
{
	int v = kc_get(&w->d, m, key);
	*out = -1;
	if (kc_is_null(&w->d, v))
		return 0;
	if (!is_map(w, v))
		return fail(w, "%s is not a mapping", path);
	*out = v;
	return 0;
}

int kc_kubelet_parse(const char *buf, size_t len, struct kc_kubelet *out,
		     char *why, size_t whylen)
{
	struct walk w;
	int r, authn = -1, anon = -1, authz = -1, v;
	bool b = false;
	memset(out, 0, sizeof(*out));
	out->anonymous = -1;
	out->read_only_port = -1;
	r = start(&w, buf, len, why, whylen, out->kind);
	if (r)
		goto out;
	out->kind_ok = !strcmp(out->kind, "KubeletConfiguration");
	r = submap(&w, w.d.root, "authentication", "authentication", &authn);
	if (!r && authn >= 0)
		r = submap(&w, authn, "anonymous", "authentication.anonymous",
			   &anon);
	if (!r && anon >= 0) {
		v = kc_get(&w.d, anon, "enabled");
		if (!kc_is_null(&w.d, v) && kc_bool(&w.d, v, &b))
			r = fail(&w, "authentication.anonymous.enabled is not "
				     "a boolean");
		else if (!kc_is_null(&w.d, v))
			out->anonymous = b;
	}
	if (!r) {
		v = kc_get(&w.d, w.d.root, "readOnlyPort");
		if (!kc_is_null(&w.d, v) &&
		    (kc_int(&w.d, v, &out->read_only_port) ||
		     out->read_only_port < 0 || out->read_only_port > 65535))
			r = fail(&w, "readOnlyPort is not a port number");
	}
	if (!r)
		r = submap(&w, w.d.root, "authorization", "authorization",
			   &authz);
	if (!r && authz >= 0) {
		const char *m;
		v = kc_get(&w.d, authz, "mode");
		m = kc_str(&w.d, v);
		if (!kc_is_null(&w.d, v) && !m)
			r = fail(&w, "authorization.mode is not a string");
		else if (m)
			snprintf(out->authz_mode, sizeof(out->authz_mode), "%s",
				 m);
	}
out:
	return finish(&w, r);
}

/* ---- etcd --config-file ---- */

/* A string setting: "" when not given (or null); fails on another type,
 * as Go's decoding into a string does. */
static int etcd_str(struct walk *w, int m, const char *key, char *out,
		    size_t outlen, bool *cut)
{
	int v = kc_get(&w->d, m, key);
	const char *s = kc_str(&w->d, v);
	*out = '\0';
	if (kc_is_null(&w->d, v))
		return 0;
	if (!s)
		return fail(w, "%s is not a string", key);
	if (cut)
		*cut = strlen(s) >= outlen;
	snprintf(out, outlen, "%s", s);
	return 0;
}

static int etcd_bool(struct walk *w, int m, const char *sect, const char *key,
		     int *out)
{
	int v = kc_get(&w->d, m, key);
	bool b;
	*out = -1;
	if (kc_is_null(&w->d, v))
		return 0;
	if (kc_bool(&w->d, v, &b))
		return fail(w, "%s.%s is not a boolean", sect, key);
	*out = b;
	return 0;
}

static int etcd_tls(struct walk *w, const char *sect, struct kc_etcd_tls *t)
{
	char path[8];
	int m, at;
	t->client_cert_auth = -1;
	if (submap(w, w->d.root, sect, sect, &m))
		return -EINVAL;
	if (m < 0)
		return 0;
	/* Only whether they are set: the paths are etcd's business. */
	if (etcd_str(w, m, "cert-file", path, sizeof(path), NULL))
		return -EINVAL;
	t->cert = path[0];
	if (etcd_str(w, m, "key-file", path, sizeof(path), NULL))
		return -EINVAL;
	t->key = path[0];
	if (etcd_bool(w, m, sect, "client-cert-auth", &t->client_cert_auth) ||
	    etcd_bool(w, m, sect, "auto-tls", &at))
		return -EINVAL;
	t->auto_tls = at == 1;
	return 0;
}

int kc_etcd_parse(const char *buf, size_t len, struct kc_etcd *out, char *why,
		  size_t whylen)
{
	struct walk w;
	char kind[KC_NAME_LEN];
	int r;
	memset(out, 0, sizeof(*out));
	out->client.client_cert_auth = out->peer.client_cert_auth = -1;
	/* etcd's file has no kind: start() reads one all the same. */
	r = start(&w, buf, len, why, whylen, kind);
	if (!r)
		r = etcd_tls(&w, "client-transport-security", &out->client);
	if (!r)
		r = etcd_tls(&w, "peer-transport-security", &out->peer);
	if (!r)
		r = etcd_str(&w, w.d.root, "listen-client-urls",
			     out->listen_client_urls,
			     sizeof(out->listen_client_urls),
			     &out->client_urls_cut);
	if (!r)
		r = etcd_str(
			&w, w.d.root, "listen-peer-urls", out->listen_peer_urls,
			sizeof(out->listen_peer_urls), &out->peer_urls_cut);
	return finish(&w, r);
}
