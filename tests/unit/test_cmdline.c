/* cmdline and btime parsers on byte strings. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "proc/boot.h"
#include "proc/cmdline.h"
#include "model/proc.h"

static void parse(const char *buf, size_t len, char ***argv, size_t *argc)
{
	proc_cmdline_parse(buf, len, argv, argc);
	cr_assert_not_null(*argv);
	cr_assert_null((*argv)[*argc]);
}

Test(cmdline, plain)
{
	char **v;
	size_t n;
	parse("sleep\0"
	      "100\0",
	      10, &v, &n);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(v[0], "sleep");
	cr_assert_str_eq(v[1], "100");
	proc_argv_free(v);
}

Test(cmdline, no_trailing_nul)
{
	char **v;
	size_t n;
	parse("a\0bc", 4, &v, &n);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(v[1], "bc");
	proc_argv_free(v);
}

Test(cmdline, empty_is_no_args)
{
	char **v;
	size_t n;
	parse("", 0, &v, &n);
	cr_assert_eq(n, 0);
	proc_argv_free(v);
}

Test(cmdline, empty_arguments_kept)
{
	char **v;
	size_t n;
	parse("x\0\0\0", 4, &v, &n);
	cr_assert_eq(n, 3);
	cr_assert_str_eq(v[1], "");
	cr_assert_str_eq(v[2], "");
	proc_argv_free(v);
}

Test(cmdline, hostile_bytes_kept_raw)
{
	char **v;
	size_t n;
	parse("a) b\0\x1b[2J\n\xff\0", 12, &v, &n);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(v[0], "a) b");
	cr_assert_str_eq(v[1], "\x1b[2J\n\xff");
	proc_argv_free(v);
}

Test(cmdline, setproctitle_spaces)
{
	char **v;
	size_t n;
	parse("nginx: worker process", 21, &v, &n);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(v[0], "nginx: worker process");
	proc_argv_free(v);
}

Test(btime, found)
{
	const char s[] = "cpu  1 2 3\nintr 5\nbtime 1764378000\nprocesses 9\n";
	time_t t = 0;
	cr_assert_eq(proc_btime_parse(s, sizeof(s) - 1, &t), 0);
	cr_assert_eq(t, 1764378000);
}

Test(btime, missing_or_bad)
{
	time_t t;
	cr_assert_eq(proc_btime_parse("cpu 1\n", 6, &t), -EINVAL);
	cr_assert_eq(proc_btime_parse("btime \n", 7, &t), -EINVAL);
	cr_assert_eq(proc_btime_parse("btime 12x\n", 10, &t), -EINVAL);
	cr_assert_eq(proc_btime_parse("btime 99999999999999999999\n", 27, &t),
		     -EINVAL);
	cr_assert_eq(proc_btime_parse("", 0, &t), -EINVAL);
}

Test(btime, no_newline_at_end)
{
	time_t t;
	cr_assert_eq(proc_btime_parse("btime 42", 8, &t), 0);
	cr_assert_eq(t, 42);
}
