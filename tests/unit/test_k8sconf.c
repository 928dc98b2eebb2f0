/* The Kubernetes configuration parsers on byte strings: what the
 * apiserver and the kubelet would make of a file (first match wins,
 * defaults, JSON as well as YAML), and hostile input (alias bombs, deep
 * nesting, wrong types, several documents, no trailing NUL). */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "scan/k8sconf.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static char why[KC_WHY_LEN];

static int enc(const char *y, struct kc_encconf *e)
{
	why[0] = '\0';
	return kc_encconf_parse(y, strlen(y), e, why, sizeof(why));
}

static int aud(const char *y, struct kc_audit *a)
{
	why[0] = '\0';
	return kc_audit_parse(y, strlen(y), a, why, sizeof(why));
}

static int kub(const char *y, struct kc_kubelet *k)
{
	why[0] = '\0';
	return kc_kubelet_parse(y, strlen(y), k, why, sizeof(why));
}

#define ENC_HEAD                                   \
	"apiVersion: apiserver.config.k8s.io/v1\n" \
	"kind: EncryptionConfiguration\n"          \
	"resources:\n"

/* ---- EncryptionConfiguration ---- */

Test(encconf, identity_first)
{
	struct kc_encconf e;
	cr_assert_eq(enc(ENC_HEAD
			 "  - resources: [secrets]\n"
			 "    providers:\n"
			 "      - identity: {}\n"
			 "      - aescbc:\n"
			 "          keys:\n"
			 "            - name: k1\n"
			 "              secret: c2VjcmV0IGlzIHNlY3VyZQ==\n",
			 &e),
		     0, "%s", why);
	cr_assert(e.kind_ok && e.secrets);
	cr_assert_eq(e.nprov, 2);
	cr_assert_eq(e.prov[0], KC_PROV_IDENTITY);
	cr_assert_eq(e.prov[1], KC_PROV_AESCBC);
	cr_assert_str_eq(e.matched_by, "secrets");
}

Test(encconf, kms_v2_and_aescbc)
{
	struct kc_encconf e;
	cr_assert_eq(enc(ENC_HEAD "- resources: [secrets, configmaps]\n"
				  "  providers:\n"
				  "  - kms: {apiVersion: v2, name: k, "
				  "endpoint: 'unix:///k.sock'}\n"
				  "  - identity: {}\n",
			 &e),
		     0, "%s", why);
	cr_assert_eq(e.prov[0], KC_PROV_KMS);
	cr_assert_eq(e.kms_version, 2);
	cr_assert_eq(enc(ENC_HEAD "- resources: [secrets]\n"
				  "  providers: [{aescbc: {keys: []}}]\n",
			 &e),
		     0, "%s", why);
	cr_assert_eq(e.prov[0], KC_PROV_AESCBC);
}

/* The first entry covering Secrets decides, wildcards included; an entry
 * for configmaps alone is not it. */
Test(encconf, first_entry_wins)
{
	struct kc_encconf e;
	cr_assert_eq(enc(ENC_HEAD "- resources: [configmaps]\n"
				  "  providers: [{identity: {}}]\n"
				  "- resources: ['*.*']\n"
				  "  providers: [{secretbox: {keys: []}}]\n"
				  "- resources: [secrets]\n"
				  "  providers: [{identity: {}}]\n",
			 &e),
		     0, "%s", why);
	cr_assert(e.secrets);
	cr_assert_eq(e.entry, 1);
	cr_assert_str_eq(e.matched_by, "*.*");
	cr_assert_eq(e.prov[0], KC_PROV_SECRETBOX);
}

Test(encconf, no_entry_for_secrets)
{
	struct kc_encconf e;
	cr_assert_eq(enc(ENC_HEAD "- resources: [configmaps, 'secrets.apps']\n"
				  "  providers: [{aesgcm: {keys: []}}]\n",
			 &e),
		     0, "%s", why);
	cr_assert_not(e.secrets);
	cr_assert_eq(e.nprov, 0);
}

Test(encconf, json)
{
	struct kc_encconf e;
	cr_assert_eq(enc("{\"kind\":\"EncryptionConfiguration\",\"resources\":"
			 "[{\"resources\":[\"secrets\"],\"providers\":"
			 "[{\"aesgcm\":{\"keys\":[]}},{\"identity\":{}}]}]}",
			 &e),
		     0, "%s", why);
	cr_assert(e.kind_ok);
	cr_assert_eq(e.prov[0], KC_PROV_AESGCM);
}

Test(encconf, refused)
{
	struct kc_encconf e;
	cr_assert_eq(enc(ENC_HEAD "- resources: [secrets]\n"
				  "  providers: [{identity: {}, aescbc: {}}]\n",
			 &e),
		     -EINVAL);
	cr_assert(strstr(why, "more than one"), "%s", why);
	cr_assert_eq(enc(ENC_HEAD "- resources: [secrets]\n"
				  "  providers: {identity: {}}\n",
			 &e),
		     -EINVAL);
	cr_assert_eq(enc(ENC_HEAD "- resources: [secrets]\n"
				  "  providers: []\n",
			 &e),
		     -EINVAL);
	cr_assert_eq(enc("kind: EncryptionConfiguration\nresources: 3\n", &e),
		     -EINVAL);
	cr_assert_eq(enc("", &e), -EINVAL);
	cr_assert_eq(enc("- a\n- b\n", &e), -EINVAL);
	cr_assert_eq(enc("kind: [unclosed\n", &e), -EINVAL);
	cr_assert(strstr(why, "YAML error at line"), "%s", why);
	/* The wrong kind parses, and says so. */
	cr_assert_eq(enc("kind: Policy\nrules: []\n", &e), 0);
	cr_assert_not(e.kind_ok);
}

/* Nothing of the file's text but Kubernetes' own names reaches why. */
Test(encconf, why_holds_no_key)
{
	struct kc_encconf e;
	cr_assert_eq(enc(ENC_HEAD "- resources: [secrets]\n"
				  "  providers:\n"
				  "  - aescbc: {keys: [{name: k, secret: "
				  "S3cr3tK3yMat3rial}]}\n"
				  "    identity: {}\n",
			 &e),
		     -EINVAL);
	cr_assert_null(strstr(why, "S3cr3t"));
}

/* ---- Hostile YAML ---- */

/* Billion laughs: nine levels of ten aliases each. Never expanded: it
 * parses at its own size, and a walk through it runs out of budget
 * instead of time. */
Test(hostile, alias_bomb)
{
	static const char bomb[] =
		"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
		"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
		"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
		"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
		"f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
		"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
		"h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
		"i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n"
		"kind: EncryptionConfiguration\n"
		"resources: [{resources: *i, providers: [{identity: {}}]}]\n";
	static const char rules[] =
		"r: &r {level: None, users: [a]}\n"
		"s: &s [*r, *r, *r, *r, *r, *r, *r, *r, *r, *r]\n"
		"t: &t {level: None, users: [b], resources: [{group: '', "
		"resources: [secrets]}, *s]}\n"
		"kind: Policy\n"
		"rules: [*t, *t, *t, *t, *t]\n";
	struct kc_encconf e;
	struct kc_audit a;
	/* Ten to the ninth "x" if expanded: a budget error or a verdict,
	 * never a hang. */
	int r = enc(bomb, &e);
	cr_assert(r == -EINVAL || !r);
	if (r)
		cr_assert(strstr(why, "aliases"), "%s", why);
	r = aud(rules, &a);
	cr_assert(r == -EINVAL || !r);
}

/* Shared nodes walked many times over: a thousand rules, each the same
 * alias to a rule of a thousand group resources, each of a thousand
 * names: small as a tree, 10^9 steps as a walk, stopped by the budget. */
Test(hostile, alias_walk_budget)
{
	struct strbuf sb = STRBUF_INIT;
	struct kc_audit a;
	int i;
	strbuf_addstr(&sb, "n: &n [");
	for (i = 0; i < 1000; i++)
		strbuf_addstr(&sb, "pods,");
	strbuf_addstr(&sb, "pods]\ng: &g {group: '', resources: *n}\n"
			   "t: &t {level: RequestResponse, resources: [");
	for (i = 0; i < 1000; i++)
		strbuf_addstr(&sb, "*g,");
	strbuf_addstr(&sb, "*g]}\nkind: Policy\nrules: [");
	for (i = 0; i < 1000; i++)
		strbuf_addstr(&sb, "*t,");
	strbuf_addstr(&sb, "*t]\n");
	cr_assert_eq(kc_audit_parse(sb.buf, sb.len, &a, why, sizeof(why)),
		     -EINVAL);
	cr_assert(strstr(why, "aliases"), "%s", why);
	strbuf_release(&sb);
}

/* One anchored entry whose key is found after a thousand padding keys,
 * then aliases to it: the budget runs out between two lookups of the
 * same key in one entry (once a crash: a key found, then missing). The
 * walk fails, and the key is never taken for absent. */
static void padded(struct strbuf *sb, const char *head, const char *entry,
		   int copies)
{
	int i;
	strbuf_addstr(sb, head);
	strbuf_addstr(sb, "  - &m {");
	for (i = 0; i < 1000; i++)
		strbuf_addf(sb, "p%d: 0, ", i);
	strbuf_addf(sb, "%s}\n", entry);
	for (i = 0; i < copies; i++)
		strbuf_addstr(sb, "  - *m\n");
}

Test(hostile, budget_out_between_lookups)
{
	struct strbuf sb = STRBUF_INIT;
	struct kc_encconf e;
	struct kc_audit a;
	int copies, r;
	/* Wherever the budget runs out, the walk fails or (enough budget)
	 * finds no entry for Secrets: never a crash, never a verdict from
	 * a key cut short. The last count always runs out. */
	for (copies = 480; copies <= 1200; copies += 9) {
		strbuf_reset(&sb);
		padded(&sb, ENC_HEAD, "resources: [configmaps]", copies);
		r = kc_encconf_parse(sb.buf, sb.len, &e, why, sizeof(why));
		if (!r && copies < 1200) {
			cr_assert(!e.secrets);
			continue;
		}
		cr_assert_eq(r, -EINVAL, "%d copies", copies);
		cr_assert(strstr(why, "aliases repeat too much"), "%s", why);
	}
	/* A rule for configmaps alone, at RequestResponse: were its
	 * resources taken for absent, it would log every Secret. */
	for (copies = 150; copies <= 600; copies += 7) {
		strbuf_reset(&sb);
		padded(&sb, "kind: Policy\nrules:\n",
		       "level: RequestResponse, resources: [{group: '', "
		       "resources: [configmaps]}]",
		       copies);
		r = kc_audit_parse(sb.buf, sb.len, &a, why, sizeof(why));
		if (!r && copies < 598) {
			cr_assert(!a.leaks && !a.has_catchall);
			continue;
		}
		cr_assert_eq(r, -EINVAL, "%d copies", copies);
		cr_assert(strstr(why, "aliases repeat too much"), "%s", why);
	}
	strbuf_release(&sb);
}

/* A kubelet setting merged ("<<") from the last of sixty big mappings:
 * the budget runs out before it is reached, and the setting is not
 * taken for "not given" (anonymous access would be judged off). */
Test(hostile, budget_out_kubelet)
{
	struct strbuf sb = STRBUF_INIT;
	struct kc_kubelet k;
	int i;
	strbuf_addstr(&sb, "kind: KubeletConfiguration\n"
			   "x: &e {anonymous: {enabled: true}}\nm: &m {");
	for (i = 0; i < 20000; i++)
		strbuf_addf(&sb, "p%d: 0, ", i);
	strbuf_addstr(&sb, "q: 0}\nauthentication:\n  <<: [");
	for (i = 0; i < 60; i++)
		strbuf_addstr(&sb, "*m, ");
	strbuf_addstr(&sb, "*e]\n");
	cr_assert_eq(kc_kubelet_parse(sb.buf, sb.len, &k, why, sizeof(why)),
		     -EINVAL);
	cr_assert(strstr(why, "aliases repeat too much"), "%s", why);
	strbuf_release(&sb);
}

Test(hostile, self_alias_and_unknown_anchor)
{
	struct kc_encconf e;
	cr_assert_eq(enc("a: &a [1, *a]\n", &e), -EINVAL);
	cr_assert(strstr(why, "contains it"), "%s", why);
	cr_assert_eq(enc("a: *nope\n", &e), -EINVAL);
}

Test(hostile, deep_nesting)
{
	struct strbuf sb = STRBUF_INIT;
	struct kc_encconf e;
	int i;
	for (i = 0; i < 10000; i++)
		strbuf_addch(&sb, '[');
	cr_assert_eq(kc_encconf_parse(sb.buf, sb.len, &e, why, sizeof(why)),
		     -EINVAL);
	cr_assert(strstr(why, "deeper") || strstr(why, "YAML"), "%s", why);
	strbuf_reset(&sb);
	for (i = 0; i < 40; i++)
		strbuf_addf(&sb, "%*sk:\n", i, "");
	cr_assert_eq(kc_encconf_parse(sb.buf, sb.len, &e, why, sizeof(why)),
		     -EINVAL);
	cr_assert(strstr(why, "deeper"), "%s", why);
	strbuf_release(&sb);
}

Test(hostile, too_many_nodes)
{
	struct strbuf sb = STRBUF_INIT;
	struct kc_encconf e;
	int i;
	strbuf_addstr(&sb, "kind: EncryptionConfiguration\nx: [");
	for (i = 0; i < 60000; i++)
		strbuf_addstr(&sb, "1,");
	strbuf_addstr(&sb, "1]\n");
	cr_assert_eq(kc_encconf_parse(sb.buf, sb.len, &e, why, sizeof(why)),
		     -EINVAL);
	cr_assert(strstr(why, "nodes"), "%s", why);
	strbuf_release(&sb);
}

/* The first document alone, as Kubernetes reads it. */
Test(hostile, several_documents)
{
	struct kc_encconf e;
	cr_assert_eq(enc("---\n" ENC_HEAD "- resources: [secrets]\n"
			 "  providers: [{aesgcm: {keys: []}}]\n"
			 "---\n" ENC_HEAD "- resources: [secrets]\n"
			 "  providers: [{identity: {}}]\n"
			 "--- [broken\n",
			 &e),
		     0, "%s", why);
	cr_assert_eq(e.prov[0], KC_PROV_AESGCM);
}

/* Bytes past len are not read; a NUL or invalid UTF-8 is an error. */
Test(hostile, no_trailing_nul_and_binary)
{
	static const char y[] = "kind: EncryptionConfiguration\nresources: "
				"[{resources: [secrets], providers: "
				"[{identity: {}}]}]\nXXXXXXXX";
	struct kc_encconf e;
	char *buf = xmalloc(sizeof(y) - 9);
	memcpy(buf, y, sizeof(y) - 9);
	cr_assert_eq(kc_encconf_parse(buf, sizeof(y) - 9, &e, why, sizeof(why)),
		     0, "%s", why);
	cr_assert_eq(e.prov[0], KC_PROV_IDENTITY);
	free(buf);
	cr_assert_eq(kc_encconf_parse("kind: \0x\n", 9, &e, why, sizeof(why)),
		     -EINVAL);
	cr_assert_eq(
		kc_encconf_parse("kind: \xff\xfe\n", 9, &e, why, sizeof(why)),
		-EINVAL);
}

/* ---- audit Policy ---- */

#define POL "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n"

Test(audit, metadata_before_broad_rule)
{
	struct kc_audit a;
	cr_assert_eq(aud(POL "- level: None\n  users: [system:kube-proxy]\n"
			     "- level: Metadata\n"
			     "  resources:\n"
			     "  - group: \"\"\n"
			     "    resources: [secrets, configmaps]\n"
			     "- level: RequestResponse\n"
			     "  resources: [{group: \"\"}]\n",
			 &a),
		     0, "%s", why);
	cr_assert(a.kind_ok);
	cr_assert_not(a.leaks);
	cr_assert(a.has_catchall);
	cr_assert_eq(a.catchall_rule, 1);
	cr_assert_eq(a.catchall_level, KC_LEVEL_METADATA);
}

Test(audit, everything_at_request_response)
{
	struct kc_audit a;
	cr_assert_eq(aud(POL "- level: RequestResponse\n", &a), 0, "%s", why);
	cr_assert(a.leaks && !a.leak_narrowed);
	cr_assert_eq(a.leak_level, KC_LEVEL_REQRESP);
	cr_assert_eq(
		aud(POL "- level: Request\n  resources: [{group: ''}]\n", &a),
		0, "%s", why);
	cr_assert(a.leaks);
	cr_assert_eq(a.leak_level, KC_LEVEL_REQUEST);
}

/* A rule for some users or some names only lets the rest through: the
 * later broad rule still logs Secrets. */
Test(audit, narrowed_rules_fall_through)
{
	struct kc_audit a;
	cr_assert_eq(aud(POL "- level: Metadata\n"
			     "  resources: [{group: '', resources: [secrets],"
			     " resourceNames: [one]}]\n"
			     "- level: Metadata\n  users: [admin]\n"
			     "  resources: [{group: '', resources: ['*']}]\n"
			     "- level: RequestResponse\n"
			     "  resources: [{group: '', resources: "
			     "['secrets/*']}]\n",
			 &a),
		     0, "%s", why);
	cr_assert(a.leaks);
	cr_assert_eq(a.leak_rule, 2);
	cr_assert_not(a.leak_narrowed);
	/* A narrowed leak is one too. */
	cr_assert_eq(aud(POL "- level: RequestResponse\n"
			     "  namespaces: [kube-system]\n"
			     "- level: Metadata\n",
			 &a),
		     0, "%s", why);
	cr_assert(a.leaks && a.leak_narrowed);
	cr_assert_eq(a.catchall_level, KC_LEVEL_METADATA);
}

/* Traps: other groups, non-resource URLs, reads at Request, another
 * resource. */
Test(audit, not_secrets)
{
	struct kc_audit a;
	cr_assert_eq(aud(POL "- level: RequestResponse\n"
			     "  resources: [{group: apps}]\n"
			     "- level: RequestResponse\n"
			     "  nonResourceURLs: ['/healthz*']\n"
			     "- level: RequestResponse\n"
			     "  resources: [{group: '', resources: [pods, "
			     "'secretsx', 'secrets-x/*']}]\n"
			     "- level: Request\n  verbs: [get, list, watch]\n"
			     "- level: Metadata\n",
			 &a),
		     0, "%s", why);
	cr_assert_not(a.leaks);
	cr_assert_eq(a.catchall_rule, 4);
	cr_assert_eq(aud(POL "- level: Request\n  verbs: [get, create]\n", &a),
		     0);
	cr_assert(a.leaks);
}

Test(audit, refused)
{
	struct kc_audit a;
	cr_assert_eq(aud(POL "- level: Everything\n", &a), -EINVAL);
	cr_assert_eq(aud("kind: Policy\nrules: []\n", &a), -EINVAL);
	cr_assert(strstr(why, "no rules"), "%s", why);
	cr_assert_eq(aud("kind: Policy\n", &a), -EINVAL);
	cr_assert_eq(aud(POL "- level: 3\n", &a), -EINVAL);
	cr_assert_eq(aud(POL "- level: None\n  users: admin\n", &a), -EINVAL);
	cr_assert_eq(aud(POL "- RequestResponse\n", &a), -EINVAL);
}

/* ---- KubeletConfiguration ---- */

Test(kubelet, yaml_and_json)
{
	struct kc_kubelet k;
	cr_assert_eq(kub("apiVersion: kubelet.config.k8s.io/v1beta1\n"
			 "kind: KubeletConfiguration\n"
			 "authentication:\n  anonymous:\n    enabled: true\n"
			 "authorization:\n  mode: AlwaysAllow\n"
			 "readOnlyPort: 10255\n",
			 &k),
		     0, "%s", why);
	cr_assert(k.kind_ok);
	cr_assert_eq(k.anonymous, 1);
	cr_assert_eq(k.read_only_port, 10255);
	cr_assert_str_eq(k.authz_mode, "AlwaysAllow");
	cr_assert_eq(
		kub("{\"kind\":\"KubeletConfiguration\",\"authentication\":"
		    "{\"anonymous\":{\"enabled\":false}},"
		    "\"readOnlyPort\":0}",
		    &k),
		0, "%s", why);
	cr_assert_eq(k.anonymous, 0);
	cr_assert_eq(k.read_only_port, 0);
	cr_assert_str_eq(k.authz_mode, "");
}

Test(kubelet, not_given)
{
	struct kc_kubelet k;
	cr_assert_eq(kub("kind: KubeletConfiguration\nauthentication:\n"
			 "  anonymous:\n    enabled:\n",
			 &k),
		     0, "%s", why);
	cr_assert_eq(k.anonymous, -1);
	cr_assert_eq(k.read_only_port, -1);
}

/* A merge key brings the values in; the map's own key wins. */
Test(kubelet, merge_key)
{
	struct kc_kubelet k;
	cr_assert_eq(kub("base: &b {readOnlyPort: 10255, kind: Nope}\n"
			 "<<: *b\nkind: KubeletConfiguration\n",
			 &k),
		     0, "%s", why);
	cr_assert(k.kind_ok);
	cr_assert_eq(k.read_only_port, 10255);
}

Test(kubelet, wrong_types)
{
	struct kc_kubelet k;
	cr_assert_eq(kub("kind: KubeletConfiguration\nauthentication:\n"
			 "  anonymous:\n    enabled: \"true\"\n",
			 &k),
		     -EINVAL);
	cr_assert(strstr(why, "not a boolean"), "%s", why);
	cr_assert_eq(
		kub("kind: KubeletConfiguration\nreadOnlyPort: '10255'\n", &k),
		-EINVAL);
	cr_assert_eq(
		kub("kind: KubeletConfiguration\nreadOnlyPort: 99999\n", &k),
		-EINVAL);
	cr_assert_eq(kub("kind: KubeletConfiguration\nauthorization: x\n", &k),
		     -EINVAL);
	cr_assert_eq(kub("kind: KubeletConfiguration\nauthorization:\n"
			 "  mode: [AlwaysAllow]\n",
			 &k),
		     -EINVAL);
	/* YAML 1.1 booleans, as Kubernetes' decoder reads them. */
	cr_assert_eq(kub("kind: KubeletConfiguration\nauthentication:\n"
			 "  anonymous: {enabled: yes}\n",
			 &k),
		     0, "%s", why);
	cr_assert_eq(k.anonymous, 1);
}

/* ---- etcd --config-file ---- */

static int etc(const char *y, struct kc_etcd *e)
{
	why[0] = '\0';
	return kc_etcd_parse(y, strlen(y), e, why, sizeof(why));
}

Test(etcdconf, settings)
{
	struct kc_etcd e;
	cr_assert_eq(etc("listen-client-urls: https://a:2379,http://b:2379\n"
			 "client-transport-security:\n"
			 "  cert-file: /c\n  key-file: ''\n"
			 "  client-cert-auth: yes\n  auto-tls: false\n"
			 "peer-transport-security: {auto-tls: on}\n",
			 &e),
		     0, "%s", why);
	cr_assert(e.client.cert && !e.client.key);
	cr_assert_eq(e.client.client_cert_auth, 1);
	cr_assert(!e.client.auto_tls);
	cr_assert(e.peer.auto_tls && !e.peer.cert);
	cr_assert_eq(e.peer.client_cert_auth, -1);
	cr_assert_str_eq(e.listen_client_urls, "https://a:2379,http://b:2379");
	cr_assert_str_eq(e.listen_peer_urls, "");
	/* An empty file is no configuration at all; null sections. */
	cr_assert_eq(etc("client-transport-security: ~\nname: x\n", &e), 0);
	cr_assert_eq(e.client.client_cert_auth, -1);
}

Test(etcdconf, refused)
{
	struct kc_etcd e;
	cr_assert_eq(etc("client-transport-security: [a]\n", &e), -EINVAL);
	cr_assert(strstr(why, "not a mapping"), "%s", why);
	cr_assert_eq(etc("client-transport-security: {client-cert-auth: "
			 "\"true\"}\n",
			 &e),
		     -EINVAL);
	cr_assert(strstr(why, "not a boolean"), "%s", why);
	cr_assert_eq(etc("listen-client-urls: [http://a]\n", &e), -EINVAL);
	cr_assert_eq(etc("- a\n", &e), -EINVAL);
	cr_assert_eq(etc("", &e), -EINVAL);
}

/* Settings merged from the end of many big mappings: the budget runs
 * out, and a client-cert-auth cut short is not "not given". */
Test(etcdconf, budget)
{
	struct strbuf sb = STRBUF_INIT;
	struct kc_etcd e;
	int i;
	strbuf_addstr(&sb, "x: &e {client-cert-auth: true}\nm: &m {");
	for (i = 0; i < 20000; i++)
		strbuf_addf(&sb, "p%d: 0, ", i);
	strbuf_addstr(&sb, "q: 0}\nclient-transport-security:\n  <<: [");
	for (i = 0; i < 60; i++)
		strbuf_addstr(&sb, "*m, ");
	strbuf_addstr(&sb, "*e]\n");
	cr_assert_eq(kc_etcd_parse(sb.buf, sb.len, &e, why, sizeof(why)),
		     -EINVAL);
	cr_assert(strstr(why, "aliases repeat too much"), "%s", why);
	strbuf_release(&sb);
}

Test(names, names)
{
	cr_assert_str_eq(kc_provider_name(KC_PROV_SECRETBOX), "secretbox");
	cr_assert_str_eq(kc_level_name(KC_LEVEL_REQRESP), "RequestResponse");
}
