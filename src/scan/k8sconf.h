/* Parsers of the Kubernetes control plane's configuration files, as the
 * posture judges need them: an EncryptionConfiguration (how Secrets are
 * written to etcd), an audit Policy (the level a Secret request is logged
 * at) and a KubeletConfiguration (anonymous access, the read-only port,
 * authorization). Pure: bytes in, a summary out. The files come from
 * under a process's root and may be hostile: YAML or JSON, first
 * document only, aliases never expanded, nodes, depth and work capped
 * (k8sconf_impl.h). Nothing of a file's text is copied into why or into
 * the results but names Kubernetes defines (a provider's key is never
 * kept), and an etcd configuration's URLs (which name no secret). */
#ifndef SCAN_K8SCONF_H
#define SCAN_K8SCONF_H

#include <stdbool.h>
#include <stddef.h>

#define KC_WHY_LEN 128
#define KC_NAME_LEN 48 /* kinds, levels, modes: longer ones are cut */

enum kc_provider {
	KC_PROV_IDENTITY,
	KC_PROV_AESCBC,
	KC_PROV_AESGCM,
	KC_PROV_SECRETBOX,
	KC_PROV_KMS,
	KC_PROV_UNKNOWN,
};

#define KC_PROVIDERS_MAX 8

struct kc_encconf {
	char kind[KC_NAME_LEN]; /* "" when not given */
	bool kind_ok;		/* EncryptionConfiguration (or the old
				 * EncryptionConfig) */
	/* The first resources entry that covers Secrets (the one the
	 * apiserver uses): */
	bool secrets;				 /* there is one */
	size_t entry;				 /* its index in resources */
	char matched_by[KC_NAME_LEN];		 /* "secrets", "*.", "*.*" */
	enum kc_provider prov[KC_PROVIDERS_MAX]; /* its providers, in order */
	size_t nprov;	 /* all of them, even past the max */
	int kms_version; /* first provider kms: 1 or 2 */
};

enum kc_level {
	KC_LEVEL_NONE,
	KC_LEVEL_METADATA,
	KC_LEVEL_REQUEST,
	KC_LEVEL_REQRESP,
};

struct kc_audit {
	char kind[KC_NAME_LEN];
	bool kind_ok; /* Policy */
	size_t nrules;
	/* The first rule that logs a Secret's data (Request on a write,
	 * RequestResponse on any request), before a rule that matches
	 * every Secret request catches them all: */
	bool leaks;
	size_t leak_rule;	  /* its index */
	enum kc_level leak_level; /* Request or RequestResponse */
	bool leak_narrowed;	  /* only for some users, verbs, namespaces
				   * or names */
	/* The level of the first rule that matches every Secret request
	 * (None when none does: nothing is logged for the rest). */
	bool has_catchall;
	size_t catchall_rule;
	enum kc_level catchall_level;
};

struct kc_kubelet {
	char kind[KC_NAME_LEN];
	bool kind_ok;		      /* KubeletConfiguration */
	int anonymous;		      /* authentication.anonymous.enabled: -1
				       * not given, else 0 or 1 */
	long long read_only_port;     /* readOnlyPort: -1 not given */
	char authz_mode[KC_NAME_LEN]; /* authorization.mode, "" not given */
};

/* One transport-security section of an etcd configuration file. */
struct kc_etcd_tls {
	bool cert, key;	      /* cert-file, key-file given (not empty) */
	int client_cert_auth; /* -1 not given, else 0 or 1 */
	bool auto_tls;
};

#define KC_URLS_LEN 512

/* An etcd --config-file (etcd's configYAML): what etcd-posture judges.
 * etcd started with one ignores its other flags and ETCD_* settings. */
struct kc_etcd {
	struct kc_etcd_tls client; /* client-transport-security */
	struct kc_etcd_tls peer;   /* peer-transport-security */
	/* listen-client-urls, listen-peer-urls: "" when not given; cut at
	 * KC_URLS_LEN - 1 bytes (then *_cut). */
	char listen_client_urls[KC_URLS_LEN], listen_peer_urls[KC_URLS_LEN];
	bool client_urls_cut, peer_urls_cut;
};

/* Parse buf (len bytes). Each returns 0, or -EINVAL with why set (a YAML
 * error, a cap, a field of the wrong type) when the apiserver or kubelet
 * would not take the file either, or procsift cannot judge it. */
int kc_encconf_parse(const char *buf, size_t len, struct kc_encconf *out,
		     char *why, size_t whylen);
int kc_audit_parse(const char *buf, size_t len, struct kc_audit *out, char *why,
		   size_t whylen);
int kc_kubelet_parse(const char *buf, size_t len, struct kc_kubelet *out,
		     char *why, size_t whylen);
int kc_etcd_parse(const char *buf, size_t len, struct kc_etcd *out, char *why,
		  size_t whylen);

/* "identity", "aescbc", ... "unknown". */
const char *kc_provider_name(enum kc_provider p);
/* "None", "Metadata", "Request", "RequestResponse". */
const char *kc_level_name(enum kc_level l);

#endif
