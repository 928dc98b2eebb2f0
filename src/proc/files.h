/* Per-process files that procsift reads itself (cmdline, exe, cgroup),
 * and stat's comm and start time, one pid directory fd at a time, and a
 * whole-/proc walk of them that can run on a second thread beside libproc2's
 * walk. */
#ifndef PROC_FILES_H
#define PROC_FILES_H

#include <stddef.h>

#include "model/proc.h"
#include "util/strbuf.h"

/* Fill p's comm and start_ticks (from stat, always) and argv, exe and cgroup
 * fields (per `want`, enum proc_want) from /proc/PID below root_fd; sb is
 * scratch. Unreadable fields are recorded in p->err. Returns 0, or -ESRCH when
 * the process is gone. */
int proc_files_read(struct proc *p, int root_fd, unsigned want, size_t argv_cap,
		    struct strbuf *sb);

/* Every pid directory in /proc, each as a new struct proc holding only
 * pid and the per-file fields, sorted by pid. Processes that vanish are
 * left out. cmdline is kept within PROC_CMDLINE_CAP and the table budget
 * (proc/pids.h). The caller owns the procs and the array. */
struct proc_files {
	struct proc **procs;
	size_t n, alloc;
	size_t argv_bytes; /* cmdline bytes kept, for the budget */
};
void proc_files_walk(int root_fd, unsigned want, struct proc_files *out);

/* The cmdline cap for the next process of a walk, by its budget. */
size_t proc_files_argv_cap(const struct proc_files *f);

/* Free the procs still in f (taken ones are set to NULL) and the array. */
void proc_files_release(struct proc_files *f);

#endif
