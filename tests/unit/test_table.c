/* proc_table: pid index, forest links, reuse and cycle guards, gaps. */
#include <criterion/criterion.h>
#include <errno.h>

#include "model/table.h"

static struct proc *mk(struct proc_table *t, pid_t pid, pid_t ppid,
		       unsigned long long start)
{
	struct proc *p = proc_new(pid);
	p->ppid = ppid;
	p->start_ticks = start;
	proc_table_add(t, p);
	return p;
}

Test(table, links_and_finds)
{
	struct proc_table t;
	proc_table_init(&t);
	mk(&t, 30, 10, 3);
	mk(&t, 1, 0, 1);
	mk(&t, 10, 1, 2);
	mk(&t, 20, 1, 2);
	proc_table_link(&t);
	cr_assert_eq(t.nroots, 1);
	cr_assert_eq(t.roots[0]->pid, 1);
	cr_assert_eq(proc_table_find(&t, 1)->nchildren, 2);
	cr_assert_eq(proc_table_find(&t, 1)->children[0]->pid, 10);
	cr_assert_eq(proc_table_find(&t, 30)->parent->pid, 10);
	cr_assert_null(proc_table_find(&t, 31));
	cr_assert_eq(proc_table_index(&t, proc_table_find(&t, 20)), 2);
	proc_table_release(&t);
}

Test(table, missing_parent_is_root)
{
	struct proc_table t;
	proc_table_init(&t);
	mk(&t, 5, 4, 1);
	mk(&t, 6, 5, 2);
	proc_table_link(&t);
	cr_assert_eq(t.nroots, 1);
	cr_assert_eq(t.roots[0]->pid, 5);
	proc_table_release(&t);
}

Test(table, younger_parent_is_a_reused_pid)
{
	struct proc_table t;
	proc_table_init(&t);
	mk(&t, 1, 0, 1);
	mk(&t, 7, 9, 5);  /* its parent 9 exited, and 9 was reused: */
	mk(&t, 9, 1, 50); /* a newer process must not adopt pid 7 */
	proc_table_link(&t);
	cr_assert_null(proc_table_find(&t, 7)->parent);
	cr_assert_eq(t.nroots, 2);
	proc_table_release(&t);
}

Test(table, cycle_is_broken)
{
	struct proc_table t;
	size_t i, total = 0;
	proc_table_init(&t);
	mk(&t, 100, 200, 7);
	mk(&t, 200, 300, 7);
	mk(&t, 300, 100, 7);
	mk(&t, 400, 300, 8);
	proc_table_link(&t);
	cr_assert_eq(t.nroots, 1);
	cr_assert_eq(t.roots[0]->pid, 100);
	for (i = 0; i < t.n; i++)
		total += t.procs[i]->nchildren;
	cr_assert_eq(total, 3);
	proc_table_release(&t);
}

Test(table, self_parent_is_root)
{
	struct proc_table t;
	proc_table_init(&t);
	mk(&t, 3, 3, 1);
	proc_table_link(&t);
	cr_assert_eq(t.nroots, 1);
	proc_table_release(&t);
}

Test(table, gaps_counted)
{
	struct proc_table t;
	struct proc_gaps g;
	proc_table_init(&t);
	mk(&t, 1, 0, 1)->err[PROC_F_EXE] = EACCES;
	mk(&t, 2, 0, 1)->err[PROC_F_EXE] = EACCES;
	mk(&t, 3, 0, 1);
	proc_table_link(&t);
	proc_gaps_count(t.procs, t.n, &g);
	cr_assert_eq(g.procs, 2);
	cr_assert_eq(g.field[PROC_F_EXE], 2);
	cr_assert_eq(g.field_errno[PROC_F_EXE], EACCES);
	cr_assert_eq(g.field[PROC_F_ARGV], 0);
	proc_table_release(&t);
}

Test(table, deep_chain)
{
	struct proc_table t;
	pid_t i;
	proc_table_init(&t);
	for (i = 1; i <= 20000; i++)
		mk(&t, i, i - 1, (unsigned long long)i);
	proc_table_link(&t);
	cr_assert_eq(t.nroots, 1);
	cr_assert_eq(proc_table_find(&t, 20000)->parent->pid, 19999);
	proc_table_release(&t);
}
