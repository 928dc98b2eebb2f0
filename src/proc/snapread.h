/* Filling a per-process snapshot (model/psnap.h) from /proc, one facet at
 * a time, each /proc file read at most once, relative to the process's
 * own /proc/PID directory fd (so a pid reused meanwhile reads as gone). */
#ifndef PROC_SNAPREAD_H
#define PROC_SNAPREAD_H

#include <stdbool.h>
#include <time.h>

#include "model/psnap.h"
#include "proc/nscache.h"
#include "util/strbuf.h"

/* What every snapshot of one run shares: the per-namespace tables and the
 * boot time. Thread-safe once initialised. */
struct psnap_shared {
	struct nscache *mounts;	      /* struct mountns per mount namespace */
	struct nscache *socks;	      /* struct netns per network namespace */
	time_t boot_time;	      /* for start_time; 0 when unknown */
	unsigned long long uptime_cs; /* /proc/uptime at init, 1/100 s,
				       * for age; 0 when unknown */
	int root_fd;		      /* /proc (borrowed), for the KIN facet's
				       * reads of other processes; -1: none */
};

/* root_fd: /proc, for the boot time and the KIN facet (kept, not
 * owned). */
void psnap_shared_init(struct psnap_shared *sh, int root_fd);
void psnap_shared_release(struct psnap_shared *sh);

/* What a facet needs read before it: FDINFO needs FDS. Returns facets
 * with those added. (FDS loads MOUNTS itself, at the first path target
 * it types: a process whose fds cannot be read costs no mountinfo.) */
unsigned psnap_facets_closure(unsigned facets);

/* Read the facets of `facets` (closed under psnap_facets_closure) that s
 * has not loaded yet, from the process whose /proc/PID directory is
 * dir_fd, STAT first (without STAT a snapshot has only its pid: a
 * view that shows no process fields saves that read). A facet that cannot be
 * read keeps its errno in s->err (EACCES: not readable); one cut at its cap is
 * flagged in s->truncated. Returns 0, or -ESRCH when the process is gone
 * (a facet vanished and stat is gone too). scratch is a buffer the
 * caller keeps across calls. */
int psnap_read(struct psnap *s, int dir_fd, unsigned facets,
	       struct psnap_shared *sh, struct strbuf *scratch);

/* The table's own readers, shared with proc/files.c: argv (cmdline, at
 * most cap bytes; p->argv_truncated), and cgroup with container
 * attribution. Each records a failure in p->err; returns 0, or -ESRCH
 * when the process is gone. */
int proc_read_argv(struct proc *p, int dir_fd, size_t cap, struct strbuf *sb);
int proc_read_cgroup(struct proc *p, int dir_fd, struct strbuf *sb);

#endif
