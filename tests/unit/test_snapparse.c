/* The parsers of a snapshot's own files, on byte strings, hostile ones
 * included: FDS_STAT_FILE and PROC_NAMES_FILE. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "proc/fds.h"
#include "proc/pidsown.h"

Test(snapparse, fdstat_lines)
{
	static const char text[] =
		"251 300\n"
		"0 500 20000 6 3 0 1 1\n"
		"garbage line\n"
		"7 500 100000 65024 733 3\n" /* short: skipped */
		"\n"
		"1 300 100000 65024 11084177 4096 1 0\n";
	struct fdstat_tab t;
	const struct fdstat *f;
	proc_fdstat_parse(text, sizeof(text) - 1, &t);
	cr_assert_eq(t.n, 3);
	cr_assert_eq(t.v[0].fd, 0);
	cr_assert_eq(t.v[2].fd, 251);
	f = proc_fdstat_find(&t, 1);
	cr_assert(f && f->has_stat);
	cr_expect_eq(f->ftype, 0100000);
	cr_expect_eq(f->ino, 11084177);
	cr_expect_eq(f->size, 4096);
	f = proc_fdstat_find(&t, 251);
	cr_assert(f && !f->has_stat);
	cr_expect_eq(f->lmode, 0300);
	cr_expect_null(proc_fdstat_find(&t, 7));
	free(t.v);
}

Test(snapparse, fdstat_hostile)
{
	static const char text[] =
		"3 500\0 4 500\n5 777 x\n-1 0\n99999999999 1\n";
	struct fdstat_tab t;
	proc_fdstat_parse(text, sizeof(text) - 1, &t);
	/* The NUL ends the first line's parse, nothing reads past len. */
	cr_expect(t.n <= 4);
	free(t.v);
	proc_fdstat_parse("", 0, &t);
	cr_expect_eq(t.n, 0);
	cr_expect_null(proc_fdstat_find(&t, 0));
	free(t.v);
}

Test(snapparse, names)
{
	static const char text[] =
		"u 0 root\n"
		"g 0 wheel\n"
		"u 1000 alice\n"
		"x 5 nobody\n"				     /* unknown kind */
		"u 7\n"					     /* no name */
		"u 8 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n" /* 36 */
		"u 9 tab\there\n";
	struct proc_names nm;
	char *s;
	proc_names_parse(&nm, text, sizeof(text) - 1);
	cr_assert(nm.recorded);
	s = proc_names_get(&nm, 'u', 0);
	cr_expect_str_eq(s, "root");
	free(s);
	s = proc_names_get(&nm, 'g', 0);
	cr_expect_str_eq(s, "wheel");
	free(s);
	s = proc_names_get(&nm, 'u', 1000);
	cr_expect_str_eq(s, "alice");
	free(s);
	/* Recorded: no lookup on this host for an id not in the file. */
	cr_expect_null(proc_names_get(&nm, 'u', 65534));
	cr_expect_null(proc_names_get(&nm, 'u', 5));
	/* libproc2's rule: a name of 33 bytes or more is not shown. */
	cr_expect_null(proc_names_get(&nm, 'u', 8));
	s = proc_names_get(&nm, 'u', 9);
	cr_expect_str_eq(s, "tab");
	free(s);
	proc_names_release(&nm);
}
