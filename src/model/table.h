/* The process table: owns every struct proc, indexes them by pid and links
 * them into a forest by ppid. */
#ifndef MODEL_TABLE_H
#define MODEL_TABLE_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "model/proc.h"

struct proc_table {
	struct proc **procs; /* owned; sorted by pid after proc_table_link */
	size_t n, alloc;
	struct proc **roots; /* borrowed; processes without a parent here */
	size_t nroots, roots_alloc;
	time_t boot_time; /* seconds since the epoch */
};

void proc_table_init(struct proc_table *t);
/* Free every proc and the arrays; t is left initialised and empty. */
void proc_table_release(struct proc_table *t);
/* Take ownership of p. Call proc_table_link() after the last add. */
void proc_table_add(struct proc_table *t, struct proc *p);

/* Sort by pid and link parents and children. A parent link is kept only
 * when the parent started no later than the child (a pid reused while the
 * table was read must not adopt older processes), and any cycle left is
 * broken, so the result is always a forest. Children are in pid order. */
void proc_table_link(struct proc_table *t);

/* The process with this pid, or NULL (borrowed). Needs proc_table_link. */
struct proc *proc_table_find(const struct proc_table *t, pid_t pid);

/* Position of p in t->procs (p must be in t). Needs proc_table_link. */
size_t proc_table_index(const struct proc_table *t, const struct proc *p);

/* Summary of fields that could not be read, for the one warning. */
struct proc_gaps {
	size_t procs;			/* processes with any gap */
	size_t field[PROC_F__COUNT];	/* processes missing that field */
	int field_errno[PROC_F__COUNT]; /* the first errno seen for it */
};
/* Count the gaps of n processes (those shown, not the whole table). */
void proc_gaps_count(struct proc *const *procs, size_t n, struct proc_gaps *g);

#endif
