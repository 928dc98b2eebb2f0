/* Process table: pid index and the ppid forest. */
#include "model/table.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void proc_table_init(struct proc_table *t)
{
	memset(t, 0, sizeof(*t));
}

void proc_table_release(struct proc_table *t)
{
	size_t i;
	for (i = 0; i < t->n; i++)
		proc_free(t->procs[i]);
	free(t->procs);
	free(t->roots);
	proc_table_init(t);
}

void proc_table_add(struct proc_table *t, struct proc *p)
{
	t->procs = xgrow(t->procs, &t->alloc, t->n + 1, sizeof(*t->procs));
	t->procs[t->n++] = p;
}

/* Index of pid in the sorted table, or t->n when absent. */
static size_t find_pos(const struct proc_table *t, pid_t pid)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		pid_t m = t->procs[mid]->pid;
		if (m == pid)
			return mid;
		if (m < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return t->n;
}

struct proc *proc_table_find(const struct proc_table *t, pid_t pid)
{
	size_t i = find_pos(t, pid);
	return i < t->n ? t->procs[i] : NULL;
}

size_t proc_table_index(const struct proc_table *t, const struct proc *p)
{
	return find_pos(t, p->pid);
}

static void add_child(struct proc *parent, struct proc *child)
{
	parent->children =
		xgrow(parent->children, &parent->children_alloc,
		      parent->nchildren + 1, sizeof(*parent->children));
	parent->children[parent->nchildren++] = child;
}

static void add_root(struct proc_table *t, struct proc *p)
{
	t->roots = xgrow(t->roots, &t->roots_alloc, t->nroots + 1,
			 sizeof(*t->roots));
	t->roots[t->nroots++] = p;
}

/* Walk up from p, stamping each process with this walk's number. Meeting
 * a process with the same stamp means the walk went round a cycle: cut it
 * at its lowest pid, which becomes a root. Linear in the table size. */
static void break_cycle(struct proc *p, size_t stamp)
{
	struct proc *q, *low;
	for (q = p; q && !q->link_mark; q = q->parent)
		q->link_mark = stamp;
	if (!q || q->link_mark != stamp)
		return;
	low = q;
	for (p = q->parent; p != q; p = p->parent)
		if (p->pid < low->pid)
			low = p;
	low->parent = NULL;
}

void proc_table_link(struct proc_table *t)
{
	size_t i;
	/* An empty array may be NULL, which qsort must not get. */
	if (t->n)
		qsort(t->procs, t->n, sizeof(*t->procs), proc_ptr_cmp_pid);
	t->nroots = 0;
	for (i = 0; i < t->n; i++) {
		struct proc *p = t->procs[i];
		struct proc *pp = NULL;
		p->nchildren = 0;
		if (p->ppid > 0 && p->ppid != p->pid)
			pp = proc_table_find(t, p->ppid);
		if (pp && pp->start_ticks > p->start_ticks)
			pp = NULL;
		p->parent = pp;
	}
	/* Equal start ticks could still pair two reused pids into a loop. */
	for (i = 0; i < t->n; i++)
		t->procs[i]->link_mark = 0;
	for (i = 0; i < t->n; i++)
		break_cycle(t->procs[i], i + 1);
	for (i = 0; i < t->n; i++) {
		struct proc *p = t->procs[i];
		if (p->parent)
			add_child(p->parent, p);
		else
			add_root(t, p);
	}
}

void proc_gaps_count(struct proc *const *procs, size_t n, struct proc_gaps *g)
{
	size_t i;
	int f;
	memset(g, 0, sizeof(*g));
	for (i = 0; i < n; i++) {
		const struct proc *p = procs[i];
		bool any = false;
		for (f = 0; f < PROC_F__COUNT; f++) {
			if (!p->err[f])
				continue;
			any = true;
			g->field[f]++;
			/* First errno seen stands for the field; in practice
			 * one cause (EACCES) dominates. */
			if (!g->field_errno[f])
				g->field_errno[f] = p->err[f];
		}
		if (any)
			g->procs++;
	}
}
