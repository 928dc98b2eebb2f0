/* The process table without libproc2, for a /proc it cannot read. */
#ifndef PROC_PIDSOWN_H
#define PROC_PIDSOWN_H

#include "model/table.h"

/* Beside the pid directories of a snapshot's tree: the user and group
 * names of its host ("u UID NAME", "g GID NAME" lines), so that an
 * offline table names users as the live one did. */
#define PROC_NAMES_FILE ".names"

/* Read every process below root_fd (a /proc directory) into t, which
 * must be initialised and empty, then link the tree: the fields
 * proc_pids_read reads with libproc2, from stat and status, and `want`'s
 * as proc_pids_read. Names from PROC_NAMES_FILE when root_fd has one,
 * else this host's. Returns 0, or -errno when root_fd has no stat. */
int proc_pids_read_own(struct proc_table *t, unsigned want, int root_fd);

#endif
