/* The judge interface: each src/scan/judge_X.c exports one struct judge
 * and judges.c lists them. A judge is a pure function from what was read
 * to findings, as data: a process judge gets one process's snapshot
 * (model/psnap.h), a host judge the host view (model/host.h). Judges
 * never read /proc (the Makefile's judge-purity check holds them to it):
 * they can be unit-tested on snapshots built in a test, and run on a
 * snapshot read earlier. */
#ifndef SCAN_JUDGE_H
#define SCAN_JUDGE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/finding.h"
#include "model/host.h"
#include "model/psnap.h"
#include "scan/rules.h"
#include "util/redact.h"

/* What every judge is given besides its input. Read-only during a walk:
 * judges run on two threads at once. */
struct judge_ctx {
	const struct ruleset *rules;
	const struct redactor *red;
	/* The host's namespaces and clock; NULL when not read (a judge
	 * then treats them as unknown). */
	const struct host_ref *host;
};

struct judge {
	const char *id; /* "env": for --judge, --skip, and findings' judge */
	enum finding_kind kind;
	const char *summary; /* one line, for `procsift judges` */
	/* Facets read for every process (0 for a host judge). */
	unsigned facets;
	/* More facets for one process, decided from what its snapshot
	 * already holds (the etcd judge reads the fds of etcd alone); NULL
	 * when none. The walk calls it again after reading what was asked
	 * (a few rounds), so a judge may ask in steps: the cheap facet
	 * first, the costly one only when the cheap one calls for it. */
	unsigned (*more)(const struct psnap *s);
	/* Judge one process: append findings to out. Returns the facets
	 * (FACET_BIT()s) judged in part only, because a cap of the judge
	 * stopped it before their end (0 when all was judged): the process
	 * then counts as judged in part, as for a facet cut when read. NULL
	 * for a host judge. */
	unsigned (*judge)(const struct judge_ctx *c, const struct psnap *s,
			  struct findings *out);
	/* What a host judge needs collected (enum host_facet bits). */
	unsigned host_facets;
	/* Judge the host once, after the walk. Returns 0, or -errno when it
	 * could not run at all (err says why). NULL for a process judge. */
	int (*judge_host)(const struct judge_ctx *c, const struct host_view *h,
			  struct findings *out, char *err, size_t errlen);
};

/* judges.c: the only list, NULL-terminated. */
extern const struct judge *const judge_list[];
/* The judge with this id, or NULL. */
const struct judge *judge_find(const char *id, size_t len);

/* Fill the process fields of f from a snapshot: pid, start_ticks, comm,
 * container and pod uid. */
void judge_fill_proc(struct finding *f, const struct psnap *s);

/* The same fields from a process of the host view: comm "" when NULL,
 * container and pod_uid copied unless NULL. */
void judge_fill_host_proc(struct finding *f, pid_t pid,
			  unsigned long long start_ticks, const char *comm,
			  const char *container, const char *pod_uid);

/* Facts "parent_pid" and "parent_comm" of a process's parent (kin[0]). */
void judge_fact_parent(struct finding *f, const struct psnap_kin *p);

#endif
