/* What an etcd audit found, as plain data: one row per stored revision
 * of a Kubernetes Secret (values never kept: only names, storage and
 * counts), the findings, and counts per resource. Filled by
 * src/etcd/audit.c, rendered by src/render/etcd_view.c. */
#ifndef MODEL_ETCD_H
#define MODEL_ETCD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/container.h"
#include "model/finding.h"

enum k8s_storage {
	K8S_STORE_NONE,	     /* no value (a tombstone) */
	K8S_STORE_PROTOBUF,  /* "k8s\0" + runtime.Unknown */
	K8S_STORE_JSON,	     /* '{' */
	K8S_STORE_ENCRYPTED, /* "k8s:enc:" */
	K8S_STORE_UNKNOWN,   /* anything else, or a format that did not
			      * decode */
};

/* Rule ids of the audit's own findings. */
/* The judge that reports what the etcd audit finds (scan/judge_etcd.c). */
#define ETCD_JUDGE "etcd"
#define ETCD_RULE_PLAINTEXT "etcd-secret-plaintext"
#define ETCD_RULE_ENCRYPTED "etcd-secret-encrypted"
#define ETCD_RULE_SUPERSEDED "etcd-secret-superseded"
#define ETCD_RULE_RECOVERED "etcd-secret-recovered"
#define ETCD_RULE_WAL "etcd-wal-plaintext"
#define ETCD_RULE_HELM_PARTIAL "etcd-helm-release-partial"

enum etcd_state {
	ETCD_LIVE,	 /* the newest revision of a key that exists */
	ETCD_SUPERSEDED, /* an older revision of a key that exists */
	ETCD_DELETED,	 /* a revision (or the tombstone) of a deleted key */
	ETCD_RECOVERED,	 /* only in unreachable pages: freed or stale */
};

/* "live", "superseded", "deleted", "recovered". */
const char *etcd_state_name(enum etcd_state s);

struct etcd_row {
	char *key; /* owned: the etcd key, raw bytes, NUL-terminated */
	size_t key_len;
	char *ns, *name; /* owned, from the key */
	char *type;	 /* owned, NULL when not decoded */
	char **keys;	 /* owned: Secret.data key names, sorted */
	size_t nkeys;
	enum k8s_storage storage;
	char *provider, *enc_version, *key_name, *kms_key_id; /* owned,
							       * encrypted
							       * only */
	char *uid;	 /* owned or NULL */
	int64_t created; /* Unix seconds */
	bool has_created;
	bool last_applied; /* has the last-applied-configuration annotation */
	bool decode_error;
	uint8_t head[16]; /* unknown storage: the first bytes */
	size_t head_len;
	int64_t revision, sub; /* the revision that stored it */
	int64_t create_revision, version;
	bool tombstone;
	enum etcd_state state;
	uint64_t page;	 /* recovered: the page it came from */
	int64_t newest;	 /* newest revision of the key (live tree) */
	size_t data_len; /* bytes of secret material */
	char fingerprint[FINGERPRINT_LEN + 1]; /* of the data, keyed */
	char *evidence;	  /* owned or NULL: "key=val…, …", redacted
			   * unless revealed */
	char *note;	  /* owned or NULL: what the data is (a
			   * registry user, a token's subject) */
	size_t nfindings; /* findings about this row */
};

/* Live keys and revisions per resource, for --all-resources. */
struct etcd_resource {
	char *prefix, *resource; /* owned */
	size_t keys, revisions;
};

/* What reading one WAL file gave (etcd_audit_wal). */
struct etcd_wal_file {
	int err; /* 0, -EMEDIUMTYPE (not an etcd WAL) or -errno */
	uint64_t size, records;
	uint64_t crc_errors;	/* records whose CRC did not match */
	uint64_t first_bad_crc; /* frame offset of the first of them */
	bool torn;
};

struct etcd_report {
	/* The database. */
	pid_t pid; /* 0 offline */
	unsigned long long start_ticks;
	char *comm; /* owned or NULL */
	/* Owned, or NULL: etcd's container id and pod uid, and what the
	 * runtime's state files name them (the etcd command fills these;
	 * its findings carry them). */
	char *container, *pod_uid;
	struct container_names names;
	char *db;   /* owned: path (link text, or --file) */
	char **wal; /* owned: WAL paths read */
	size_t nwal;
	uint64_t size; /* bytes */
	uint32_t page_size;
	uint64_t txid, hwm;
	bool retried; /* the txid moved during the walk; read again */
	bool moved;   /* and moved again: the report may be inconsistent */
	uint64_t pages_reachable, pages_free, pages_past_hwm, stale_leaves;
	uint64_t items, bad_items; /* items in bucket "key"; undecodable */
	/* What it holds. */
	struct etcd_row *rows;
	size_t nrows, alloc;
	struct etcd_resource *res;
	size_t nres, res_alloc;
	struct findings findings;
	/* The WAL. */
	uint64_t wal_puts, wal_secret_puts, wal_plaintext;
	uint64_t
		wal_crc_errors; /* records whose CRC did not match, all files */
	uint64_t wal_untrusted; /* of wal_plaintext, read after such a one */
	struct etcd_wal_file *wal_files; /* owned: nwal of them, or NULL */
	bool wal_torn;
};

void etcd_report_init(struct etcd_report *r);
/* Give each finding in r->findings that names no container r's
 * container, pod and their names (copies). */
void etcd_report_name_findings(struct etcd_report *r);
void etcd_report_release(struct etcd_report *r);
/* A new zeroed row appended to r (owned by r). */
struct etcd_row *etcd_report_add_row(struct etcd_report *r);
/* Sort resources by prefix and name, and rows by namespace, name, revision
 * (recovered rows by the same order, after the live tree's revisions of the
 * same revision number). */
void etcd_report_sort(struct etcd_report *r);

/* Each Secret revision's own finding (etcd-secret-plaintext, -encrypted,
 * -superseded, -recovered) is not kept in rep->findings, which holds the
 * rule-engine and WAL findings: it follows from the row, and a large
 * database has tens of thousands of them. etcd_row_severity gives its
 * severity, or -1 when the row has none (a tombstone, an unknown value);
 * etcd_row_finding fills f (owned strings: finding_release) and returns
 * whether there is one. */
int etcd_row_severity(const struct etcd_row *w);
bool etcd_row_finding(const struct etcd_report *rep, const struct etcd_row *w,
		      struct finding *f);
/* The same without copies, for rendering: f's strings are borrowed from
 * rep, w and the three buffers, valid until any of them changes; do not
 * release f. */
struct strbuf;
bool etcd_row_finding_view(const struct etcd_report *rep,
			   const struct etcd_row *w, struct finding *f,
			   struct strbuf *where, struct strbuf *evidence,
			   struct strbuf *msg);

#endif
