/* The live process table, read with libproc2 plus procsift's own bounded
 * readers for the fields libproc2 flattens (argv, exe, cgroup). */
#ifndef PROC_PIDS_H
#define PROC_PIDS_H

#include "model/table.h"

enum proc_want {
	PROC_WANT_ARGV = 1 << 0,
	PROC_WANT_EXE = 1 << 1,
	PROC_WANT_CGROUP = 1 << 2,
	PROC_WANT_ALL = PROC_WANT_ARGV | PROC_WANT_EXE | PROC_WANT_CGROUP,
};

/* Largest cmdline kept; longer ones set argv_truncated. */
#define PROC_CMDLINE_CAP (4u << 20)

/* Read every process (threads are not listed) into t, which must be
 * initialised and empty, then link the tree. `want` (enum proc_want bits)
 * says which per-file fields to read. Processes that vanish during the
 * walk are left out; unreadable fields are recorded in proc->err.
 * Returns 0, or -errno when /proc itself cannot be read. */
int proc_pids_read(struct proc_table *t, unsigned want);

#endif
