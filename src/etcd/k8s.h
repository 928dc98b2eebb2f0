/* Kubernetes objects as kube-apiserver stores them in etcd: the key
 * layout, the value's storage (encrypted at rest, protobuf envelope, JSON,
 * unknown) and the v1.Secret inside. Decoders take hostile bytes and never
 * fail hard: what does not decode is reported as such. */
#ifndef ETCD_K8S_H
#define ETCD_K8S_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/etcd.h"

/* An etcd key "<prefix>/<resource>/<namespace>/<name>" (namespaced) or
 * "<prefix>/<resource>/<name>" (cluster-scoped), split into borrowed
 * slices. The prefix is everything before the resource segment and is
 * usually "/registry". */
struct k8s_key {
	const char *prefix, *resource, *ns, *name; /* ns: NULL if absent */
	size_t prefix_len, resource_len, ns_len, name_len;
};
/* Split key (klen bytes). For a Secret, the resource is "secrets" wherever
 * it occurs after the prefix ("/registry/secrets/ns/n",
 * "/kubernetes.io/secrets/ns/n"). Returns 0, or -EINVAL when the key has
 * fewer than two segments after a leading '/'. */
int k8s_key_split(const uint8_t *key, size_t klen, struct k8s_key *out);
/* Whether key is a Secret's: a "secrets" segment followed by exactly a
 * namespace and a name. */
bool k8s_key_is_secret(const uint8_t *key, size_t klen);

/* "none", "protobuf", "json", "encrypted", "unknown". */
const char *k8s_storage_name(enum k8s_storage s);

/* One entry of Secret.data: the value is the secret bytes (base64 already
 * decoded for JSON). Owned. */
struct k8s_data_item {
	char *key; /* NUL-terminated; may hold any bytes */
	size_t key_len;
	uint8_t *value; /* NUL-terminated for convenience, unless
			 * borrowed */
	size_t len;
	bool borrowed; /* value points into the buffer decoded (see
			* k8s_secret_decode_borrow) */
};

struct k8s_secret {
	enum k8s_storage storage;
	/* K8S_STORE_ENCRYPTED: from "k8s:enc:<provider>:<version>:<name>:"
	 * (all owned, NUL-terminated; NULL when missing). */
	char *provider;	   /* aescbc, aesgcm, secretbox, kms, or any */
	char *enc_version; /* v1, v2 */
	char *key_name;	   /* the key's or KMS config's name */
	char *kms_key_id;  /* KMS v2: EncryptedObject.keyID, else NULL */
	/* K8S_STORE_PROTOBUF and K8S_STORE_JSON (owned, NULL when absent): */
	char *api_version, *kind;
	char *name, *ns, *uid, *type;
	int64_t created; /* creationTimestamp, Unix seconds */
	bool has_created;
	bool immutable;
	struct k8s_data_item *data;
	size_t ndata;
	/* annotation kubectl.kubernetes.io/last-applied-configuration: it
	 * can hold the whole Secret, data included, so it is secret material
	 * (owned, NULL when absent). */
	char *last_applied;
	size_t last_applied_len;
	/* K8S_STORE_UNKNOWN: the first bytes of the value. Also set when
	 * a protobuf or JSON value was recognised but did not decode, with
	 * decode_error set. */
	uint8_t head[16];
	size_t head_len;
	bool decode_error;
	bool borrow; /* private: set by k8s_secret_decode_borrow */
};

/* Classify and decode a stored value (len bytes, hostile). s is
 * initialised here; call k8s_secret_release afterwards. Order: "k8s:enc:",
 * "k8s\0", '{', else unknown. A value whose envelope says it is some kind
 * other than Secret is decoded as far as metadata goes (kind set, no
 * data). Returns 0 always: what went wrong is in s->storage and
 * s->decode_error. */
int k8s_secret_decode(const uint8_t *val, size_t len, struct k8s_secret *s);
/* The same, but protobuf data values are not copied: they point into val
 * (valid as long as val is) and are not NUL-terminated. For the audit,
 * which hashes and scans each value once: a 1 GiB database is then not
 * copied once more. */
int k8s_secret_decode_borrow(const uint8_t *val, size_t len,
			     struct k8s_secret *s);
void k8s_secret_release(struct k8s_secret *s);

/* Base64 (standard alphabet, padding optional, no whitespace): decode
 * len bytes of in into a new buffer (*out, NUL-terminated, the caller
 * frees it). Returns 0 or -EINVAL. */
int k8s_base64_decode(const char *in, size_t len, uint8_t **out,
		      size_t *outlen);

/* Structure-aware views of Secret values, for findings. */

/* .dockerconfigjson / .dockercfg: call fn(registry, user, password) for
 * each entry of "auths" (or the top level, for .dockercfg) with an "auth"
 * (base64 "user:password") or "username"/"password". Strings are
 * borrowed for the call. Returns the number of entries, or -EINVAL when
 * the value is not such JSON. */
int k8s_docker_auths(const uint8_t *json, size_t len,
		     void (*fn)(const char *registry, const char *user,
				const char *password, size_t password_len,
				void *arg),
		     void *arg);

/* The claims of a JWT that matter to a responder (owned, NULL when
 * absent). */
struct jwt_claims {
	char *iss, *sub;
	char *ns, *service_account; /* kubernetes.io claims, legacy or
				     * "kubernetes.io": {...} */
	int64_t exp, iat;	    /* 0 when absent */
};
/* Decode the payload of a three-part base64url JWT. Returns 0 or
 * -EINVAL. */
int k8s_jwt_claims(const uint8_t *tok, size_t len, struct jwt_claims *c);
void jwt_claims_release(struct jwt_claims *c);

#endif
