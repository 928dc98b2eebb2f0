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

Test(uptime, parsed_in_hundredths)
{
	static const struct {
		const char *s;
		unsigned long long cs;
	} good[] = {
		{"12345.67 98765.43\n", 1234567},
		{"0.00 0.00\n", 0},
		{"5.5 1.0\n", 550}, /* one fractional digit is tenths */
		{"7.129 1\n", 712}, /* a third digit is cut, not rounded */
		{"42", 4200},
		{"42.", 4200},
		{"42\n", 4200},
	};
	static const char *const bad[] = {
		"",	     " 12.00 1\n",
		"-1.00 1\n", "x",
		".5 1\n",    "12.00x 1\n",
		"12,50 1\n", "1e9 1\n",
		"\xff\xfe",  "999999999999999999999999.00 1\n",
	};
	unsigned long long cs;
	size_t i;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		cr_assert_eq(
			proc_uptime_parse(good[i].s, strlen(good[i].s), &cs), 0,
			"'%s' refused", good[i].s);
		cr_assert_eq(cs, good[i].cs, "'%s': %llu", good[i].s, cs);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(proc_uptime_parse(bad[i], strlen(bad[i]), &cs),
			     -EINVAL, "'%s' accepted", bad[i]);
	/* len bounds the parse, no NUL needed: "12" of "123.00". */
	cr_assert_eq(proc_uptime_parse("123.00", 2, &cs), 0);
	cr_assert_eq(cs, 1200);
}

Test(uptime, age_as_ps_computes_it)
{
	/* Started 1.5 s after boot (150 ticks at 100 Hz), now 61.49 s. */
	cr_assert_eq(proc_age_seconds(150, 6149, 100), 59);
	cr_assert_eq(proc_age_seconds(150, 6150, 100), 60);
	/* 250 Hz: 375 ticks is 1.5 s. */
	cr_assert_eq(proc_age_seconds(375, 6150, 250), 60);
	/* Started after the uptime was read: 0, never negative. */
	cr_assert_eq(proc_age_seconds(9000, 6150, 100), 0);
	cr_assert_eq(proc_age_seconds(0, 0, 100), 0);
	cr_assert_eq(proc_age_seconds(0, 100ULL * 86400 * 3, 100), 86400 * 3);
}
