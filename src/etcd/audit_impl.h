/* Private to the etcd audit (audit.c, audit_secret.c). */
#ifndef ETCD_AUDIT_IMPL_H
#define ETCD_AUDIT_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "etcd/audit.h"
#include "etcd/bbolt.h"
#include "etcd/k8s.h"
#include "etcd/mvcc.h"
#include "util/strbuf.h"
#include "util/u64set.h"

struct audit {
	const struct etcd_audit_opts *o;
	struct etcd_report *rep;
	struct strbuf sb, where;
	struct mvcc_rev *live; /* revisions in the live tree, sorted after
				* the walk (tombstone flag unused) */
	size_t nlive, live_alloc;
	struct u64set recovered; /* (revision, tombstone) carved so far */
	struct u64set res_keys;	 /* hashes of keys counted per resource */
	struct u64set wal_seen;	 /* hashes of (key, data) seen in a WAL */
	int fd;			 /* the database, for big leaves */
	uint32_t page_size;
	uint8_t *leafbuf; /* owned: a big leaf being decoded */
	size_t leafalloc;
	char err[BOLT_ERR_LEN]; /* what was wrong with a big leaf */
};

/* Whether a decoded value holds plaintext Secret data. */
bool audit_is_plaintext(const struct k8s_secret *s);

/* Add a row for one revision of a Secret key (kv decoded from the live
 * tree, or carved from page when recovered). Plaintext data goes through
 * the rule engine here, so values are never kept. */
void audit_add_secret(struct audit *a, const struct mvcc_rev *rev,
		      const struct mvcc_kv *kv, bool recovered, uint64_t page);

/* The keyed fingerprint of a Secret's data (and last-applied annotation),
 * its length in bytes, and the redacted evidence "key=val…, key2=…". */
void audit_data_evidence(const struct audit *a, const struct k8s_secret *s,
			 char fp[FINGERPRINT_LEN + 1], size_t *len,
			 struct strbuf *evidence);

/* What the data is, for messages (a registry user, a token's subject);
 * appends nothing when there is nothing to say. */
void audit_note(const struct k8s_secret *s, struct strbuf *out);

/* Hand each data value (and the last-applied annotation) to the value
 * callback; where_prefix is "etcd:KEY@REV". Returns the number of
 * findings added. */
size_t audit_rule_findings(struct audit *a, const struct k8s_secret *s,
			   const char *where_prefix, size_t prefix_len);

/* Whether s is a Helm release (type helm.sh/release.v1). */
bool audit_is_helm(const struct k8s_secret *s);

/* A Helm release: decode data.release and hand its parts (values,
 * manifests' Secret and ConfigMap data) to the value callback, where
 * "PREFIX:release.PART"; a release not judged whole (a cap, corrupt
 * gzip, not JSON) gives one etcd-helm-release-partial finding. Prepends
 * what the release is to *note (owned, may be NULL). Returns the number
 * of findings added. */
size_t audit_helm(struct audit *a, const struct k8s_secret *s,
		  const char *where_prefix, size_t prefix_len, char **note);

/* A new finding of the audit's own rules, with the report's process. */
struct finding *audit_finding(struct audit *a, const char *rule,
			      enum severity sev);

#endif
