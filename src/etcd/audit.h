/* The etcd audit: walk bucket "key" of a bbolt database, decode every
 * revision of every Kubernetes Secret, carve stale pages for revisions the
 * live tree no longer has, scan WAL files, and turn it all into rows and
 * findings (src/model/etcd.h). Values are handed to a callback (the
 * secret rules) and redacted; they are never kept in the report. */
#ifndef ETCD_AUDIT_H
#define ETCD_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model/etcd.h"
#include "model/finding.h"
#include "util/redact.h"

/* A decoded value is handed on at most this many bytes. */
#define ETCD_SCAN_CAP (64u << 10)
/* A part of a Helm release (values as JSON, a manifest's Secret data) is
 * handed on at most this many bytes: the nested walk's own cap. */
#define ETCD_HELM_SCAN_CAP (1u << 20)

/* Called with each decoded value of a plaintext Secret revision (a data
 * item, or the last-applied-configuration annotation): where is
 * "etcd:KEY@REV:data[NAME]"; value is borrowed for the call (len at most
 * ETCD_SCAN_CAP). For a Helm release, with each part of the decoded
 * release instead: where "etcd:KEY@REV:release.config",
 * "...:release.manifest[Secret/NAME].data[KEY]" (docs/etcd.md), len at
 * most ETCD_HELM_SCAN_CAP. The callback appends what it finds in it to out,
 * with the process fields of rep (pid, start_ticks, comm), and returns how many
 * it added. It may be called from two decoding threads at once, each with its
 * own rep and out. This is how the secret rules see into etcd without src/etcd
 * depending on them. */
typedef size_t (*etcd_value_fn)(void *arg, const struct etcd_report *rep,
				const char *where, size_t where_len,
				const char *value, size_t len,
				struct findings *out);

struct etcd_audit_opts {
	etcd_value_fn on_value; /* NULL: values are not judged */
	void *arg;
	const struct redactor *red;
	bool carve;	    /* look for stale revisions in unreachable pages */
	bool all_resources; /* count keys per resource into rep->res */
	bool no_helm;	    /* Helm releases listed, not decoded or judged */
};

/* Audit the database open on fd into rep (initialised by the caller, who
 * also sets pid, start_ticks, comm and db, which findings copy). While a
 * live etcd writes, the metas are read again after the walk, and the
 * whole audit is redone when the txid moved, up to 5 reads in all
 * (rep->retried; rep->moved when the last read moved too). Returns 0,
 * -EMEDIUMTYPE when the file is not an etcd database at all (not bbolt,
 * or a bbolt file without etcd's bucket "key"), -EINVAL when it is one
 * but damaged, -EAGAIN when every read saw it change and failed (err says
 * why, in all three cases), or -errno from reading. */
int etcd_audit_db(int fd, const struct etcd_audit_opts *o,
		  struct etcd_report *rep, char *err, size_t errlen);

/* Scan the WAL files open on fds[0..n) (paths for messages) for
 * plaintext Secret puts: one etcd-wal-plaintext finding per distinct
 * (key, data) pair over all of them, of low confidence (and saying so)
 * when read after a record whose CRC did not match. Call after
 * etcd_audit_db. One file that cannot be read or is not a WAL does not
 * stop the others: what each gave is in rep->wal_files[0..n) (allocated
 * here), the CRC errors summed in rep->wal_crc_errors. Returns 0, or
 * the first file's error (-EMEDIUMTYPE: not an etcd WAL, or -errno). */
int etcd_audit_wal(const int *fds, char *const *paths, size_t n,
		   const struct etcd_audit_opts *o, struct etcd_report *rep);

/* Sort the findings: most severe first, then by where and rule. */
void etcd_findings_sort(struct etcd_report *rep);

#endif
