/* /proc/PID/stat parser on hostile byte strings. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "proc/stat.h"

#define TAIL " S 1 10 10 0 -1 4194304 110 0 0 0 0 0 0 0 20 0 1 0 4242 1000 20"

static void parses(const char *s, size_t len, const char *comm,
		   unsigned long long start)
{
	struct proc_stat st;
	cr_assert_eq(proc_stat_parse(s, len, &st), 0, "%.*s", (int)len, s);
	cr_assert_eq(st.comm_len, strlen(comm));
	cr_assert(!memcmp(st.comm, comm, st.comm_len));
	cr_assert_eq(st.start_ticks, start);
}

Test(stat, plain)
{
	const char s[] = "123 (bash)" TAIL "\n";
	parses(s, sizeof(s) - 1, "bash", 4242);
}

Test(stat, comm_with_paren_and_spaces)
{
	const char s[] = "7 (a) b)" TAIL;
	parses(s, sizeof(s) - 1, "a) b", 4242);
}

Test(stat, comm_fakes_fields)
{
	const char s[] =
		"7 (x) R 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 0 0 1 0 99)" TAIL;
	parses(s, sizeof(s) - 1, "x) R 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 0 0 1 0 99",
	       4242);
}

Test(stat, control_bytes_and_newline_in_comm)
{
	const char s[] = "9 (\x1b[2J\n\xff)" TAIL;
	parses(s, sizeof(s) - 1, "\x1b[2J\n\xff", 4242);
}

Test(stat, empty_comm)
{
	const char s[] = "9 ()" TAIL;
	parses(s, sizeof(s) - 1, "", 4242);
}

Test(stat, malformed)
{
	struct proc_stat st;
	cr_assert_eq(proc_stat_parse("", 0, &st), -EINVAL);
	cr_assert_eq(proc_stat_parse("1 (x", 4, &st), -EINVAL);
	cr_assert_eq(proc_stat_parse("1 x) S", 6, &st), -EINVAL);
	cr_assert_eq(proc_stat_parse("1 (x) S 1 2", 11, &st), -EINVAL);
	const char bad[] =
		"1 (x) S 1 10 10 0 -1 4194304 110 0 0 0 0 0 0 0 20 0 "
		"1 0 12a4 5";
	cr_assert_eq(proc_stat_parse(bad, sizeof(bad) - 1, &st), -EINVAL);
	const char big[] =
		"1 (x) S 1 10 10 0 -1 4194304 110 0 0 0 0 0 0 0 20 0 "
		"1 0 99999999999999999999999 5";
	cr_assert_eq(proc_stat_parse(big, sizeof(big) - 1, &st), -EINVAL);
}

Test(stat, truncated_at_starttime)
{
	const char s[] =
		"1 (x) S 1 10 10 0 -1 4194304 110 0 0 0 0 0 0 0 20 0 1 0 "
		"77";
	parses(s, sizeof(s) - 1, "x", 77);
}

Test(stat, snapshot_fields)
{
	const char s[] = "42 (kworker/0:1) I 2 0 0 34817 -1 69238880 0 0 0 0 "
			 "0 0 0 0 20 0 3 0 4242 0 1234 18446744073709551615";
	struct proc_stat st;
	cr_assert_eq(proc_stat_parse(s, sizeof(s) - 1, &st), 0);
	cr_assert_eq(st.state, 'I');
	cr_assert_eq(st.ppid, 2);
	cr_assert_eq(st.tty_nr, 34817);
	cr_assert_eq(st.flags, 69238880UL);
	cr_assert_eq(st.threads, 3);
	cr_assert_eq(st.start_ticks, 4242);
	cr_assert_eq(st.rss_pages, 1234);
}

Test(stat, bad_ppid_is_malformed)
{
	const char s[] = "1 (x) S -1 10 10 0 -1 4194304 110 0 0 0 0 0 0 0 20 "
			 "0 1 0 77";
	struct proc_stat st;
	cr_assert_eq(proc_stat_parse(s, sizeof(s) - 1, &st), -EINVAL);
}
