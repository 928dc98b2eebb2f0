/* The process table without libproc2, for a /proc it cannot read. */
#ifndef PROC_PIDSOWN_H
#define PROC_PIDSOWN_H

#include <stdbool.h>
#include <stddef.h>

#include "model/table.h"

/* Beside the pid directories of a snapshot's tree: the user and group
 * names of its host ("u UID NAME", "g GID NAME" lines), so that an
 * offline table names users as the live one did. */
#define PROC_NAMES_FILE ".names"

/* Names as a snapshot's host had them, sorted by kind and id. */
struct proc_idname {
	char kind; /* 'u' or 'g' */
	unsigned id;
	char *name;
};

struct proc_names {
	struct proc_idname *v;
	size_t n, alloc;
	bool recorded; /* from a names file: no lookups on this host */
};

/* Parse PROC_NAMES_FILE's len bytes (any bytes: a snapshot is input)
 * into nm (released with proc_names_release). Pure. */
void proc_names_parse(struct proc_names *nm, const char *buf, size_t len);
void proc_names_release(struct proc_names *nm);
/* The name of a uid (kind 'u') or gid ('g'): recorded, or this host's
 * when nm holds no record; NULL for none or one of 33 bytes or more, as
 * libproc2 gives the live table's. A new string, the caller's. */
char *proc_names_get(const struct proc_names *nm, char kind, unsigned id);

/* Read every process below root_fd (a /proc directory) into t, which
 * must be initialised and empty, then link the tree: the fields
 * proc_pids_read reads with libproc2, from stat and status, and `want`'s
 * as proc_pids_read. Names from PROC_NAMES_FILE when root_fd has one,
 * else this host's. Returns 0, or -errno when root_fd has no stat. */
int proc_pids_read_own(struct proc_table *t, unsigned want, int root_fd);

#endif
