/* The live process table, read with libproc2 plus procsift's own bounded
 * readers for the fields libproc2 flattens (argv, exe, cgroup). */
#ifndef PROC_PIDS_H
#define PROC_PIDS_H

#include "model/table.h"

struct proc_source;

/* How much of each cmdline a table keeps (longer ones set
 * argv_truncated): 128 KiB each until 64 MiB are held in all, then 4 KiB
 * each, so thousands of forked children sharing a huge argv cannot make
 * procsift run out of memory. */
#define PROC_CMDLINE_CAP (128u << 10)
#define PROC_CMDLINE_CAP_LOW (4u << 10)
#define PROC_CMDLINE_BUDGET (64u << 20)

/* Read every process (threads are not listed) into t, which must be
 * initialised and empty, then link the tree. `want` (enum proc_want bits,
 * model/proc.h) says which per-file fields to read. Processes that vanish
 * during the walk are left out; unreadable fields are recorded in proc->err.
 * src: the /proc to read (see proc_open_root); libproc2 reads the
 * live /proc alone, so another one (src not NULL) is read by procsift's
 * own readers. Returns 0, or -errno when /proc itself cannot be read. */
int proc_pids_read(struct proc_table *t, unsigned want,
		   const struct proc_source *src);

#endif
