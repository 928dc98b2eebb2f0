/* The etcd audit: walk bucket "key" of a bbolt database, decode every
 * revision of every Kubernetes Secret, carve stale pages for revisions the
 * live tree no longer has, scan WAL files, and turn it all into rows and
 * findings (src/model/etcd.h). Values go through the rule engine and are
 * redacted; they are never kept in the report. */
#ifndef ETCD_AUDIT_H
#define ETCD_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model/etcd.h"
#include "scan/redact.h"
#include "scan/rules.h"

/* Rule-engine scanning of a value stops after this many bytes. */
#define ETCD_SCAN_CAP (64u << 10)

struct etcd_audit_opts {
	const struct ruleset *rules;
	const struct redactor *red;
	bool carve;	    /* look for stale revisions in unreachable pages */
	bool all_resources; /* count keys per resource into rep->res */
};

/* Audit the database open on fd into rep (initialised by the caller, who
 * also sets pid, start_ticks, comm and db, which findings copy). While a
 * live etcd writes, the metas are read again after the walk, and the
 * whole audit is redone when the txid moved, up to 5 reads in all
 * (rep->retried; rep->moved when the last read moved too). Returns 0,
 * -EINVAL when the file is not a valid etcd database, -EAGAIN when every
 * read saw it change and failed (err says why, in both cases), or -errno
 * from reading. */
int etcd_audit_db(int fd, const struct etcd_audit_opts *o,
		  struct etcd_report *rep, char *err, size_t errlen);

/* Scan the WAL files open on fds[0..n) (paths for messages) for
 * plaintext Secret puts: one etcd-wal-plaintext finding per distinct
 * (key, data) pair over all of them. Call after etcd_audit_db. Returns 0
 * or -errno. */
int etcd_audit_wal(const int *fds, char *const *paths, size_t n,
		   const struct etcd_audit_opts *o, struct etcd_report *rep);

/* Sort the findings: most severe first, then by where and rule. */
void etcd_findings_sort(struct etcd_report *rep);

#endif
