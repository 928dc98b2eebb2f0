/* util/: strbuf invariants, strict pid parsing, the bounded PCRE2
 * wrapper, and option parsing from a command's table (cmd/opts.c). */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/command.h"
#include "util/parse.h"
#include "util/regex.h"
#include "util/strbuf.h"

/* The invariants strbuf.h states. */
static void check_sb(const struct strbuf *sb)
{
	cr_assert_not_null(sb->buf);
	cr_assert_eq(sb->buf[sb->len], '\0', "no NUL at len %zu", sb->len);
	if (sb->alloc)
		cr_assert_lt(sb->len, sb->alloc);
	else
		cr_assert(sb->len == 0 && sb->buf == strbuf_slopbuf);
}

Test(strbuf, init_and_add)
{
	struct strbuf a = STRBUF_INIT, b;
	check_sb(&a);
	cr_assert_str_eq(a.buf, "");
	strbuf_init(&b, 100);
	check_sb(&b);
	cr_assert_geq(b.alloc, 101);
	cr_assert_eq(b.len, 0);
	strbuf_addstr(&a, "abc");
	strbuf_addch(&a, 'd');
	strbuf_add(&a, "efgh", 2);
	check_sb(&a);
	cr_assert_str_eq(a.buf, "abcdef");
	strbuf_add(&a, "", 0);
	cr_assert_eq(a.len, 6);
	strbuf_reset(&a);
	check_sb(&a);
	cr_assert_eq(a.len, 0);
	strbuf_release(&a);
	check_sb(&a); /* released: initialised and empty, reusable */
	strbuf_addstr(&a, "again");
	cr_assert_str_eq(a.buf, "again");
	strbuf_release(&a);
	strbuf_release(&a); /* twice is fine */
	strbuf_release(&b);
	strbuf_reset(&b); /* on the shared empty buffer */
	check_sb(&b);
}

Test(strbuf, nul_inside)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, "a\0b", 3);
	strbuf_addch(&sb, '\0');
	check_sb(&sb);
	cr_assert_eq(sb.len, 4);
	cr_assert(!memcmp(sb.buf, "a\0b\0", 5));
	strbuf_addstr(&sb, "c");
	cr_assert_eq(sb.len, 5);
	cr_assert_eq(sb.buf[4], 'c');
	strbuf_release(&sb);
}

Test(strbuf, addf)
{
	struct strbuf sb = STRBUF_INIT;
	char big[5000];
	strbuf_addf(&sb, "%d-%s", 42, "x");
	cr_assert_str_eq(sb.buf, "42-x");
	strbuf_addf(&sb, "%s", ""); /* nothing to add */
	check_sb(&sb);
	cr_assert_eq(sb.len, 4);
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	strbuf_addf(&sb, "[%s]", big);
	check_sb(&sb);
	cr_assert_eq(sb.len, 4 + 2 + sizeof(big) - 1);
	cr_assert_eq(sb.buf[sb.len - 1], ']');
	strbuf_release(&sb);
	/* Formatting into a fresh strbuf that was never grown. */
	strbuf_addf(&sb, "%c", 'q');
	cr_assert_str_eq(sb.buf, "q");
	strbuf_release(&sb);
}

Test(strbuf, detach)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len = 99;
	char *s = strbuf_detach(&sb, &len);
	/* Even an empty strbuf hands out a buffer the caller can free. */
	cr_assert_not_null(s);
	cr_assert_neq(s, strbuf_slopbuf);
	cr_assert_eq(len, 0);
	cr_assert_str_eq(s, "");
	free(s);
	check_sb(&sb);
	strbuf_add(&sb, "x\0y", 3);
	s = strbuf_detach(&sb, &len);
	cr_assert_eq(len, 3);
	cr_assert(!memcmp(s, "x\0y", 4));
	check_sb(&sb);
	cr_assert_eq(sb.len, 0);
	cr_assert_eq(sb.alloc, 0);
	free(s);
	s = strbuf_detach(&sb, NULL);
	free(s);
}

Test(strbuf, grows_large)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	for (i = 0; i < 100000; i++) {
		strbuf_addch(&sb, 'a' + (int)(i % 26));
		if (!(i % 9973))
			check_sb(&sb);
	}
	check_sb(&sb);
	cr_assert_eq(sb.len, 100000);
	cr_assert_eq(sb.buf[99999], 'a' + 99999 % 26);
	strbuf_grow(&sb, 1 << 20);
	cr_assert_geq(sb.alloc, sb.len + (1 << 20) + 1);
	cr_assert_eq(sb.len, 100000);
	strbuf_release(&sb);
}

/* parse_pid on a whole C string. */
static int pid_of(const char *s, pid_t *out)
{
	*out = -12345;
	return parse_pid(s, strlen(s), out);
}

Test(parse, pid)
{
	static const char *const bad[] = {
		"0",   "-1",  "+1", " 1",  "1 ",   "2147483648",	  "",
		"12a", "a12", "00", "1,2", "0x10", "99999999999999999999"};
	pid_t v;
	size_t i;
	cr_assert_eq(pid_of("1", &v), 0);
	cr_assert_eq(v, 1);
	cr_assert_eq(pid_of("2147483647", &v), 0);
	cr_assert_eq(v, INT_MAX);
	cr_assert_eq(pid_of("007", &v), 0);
	cr_assert_eq(v, 7);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(pid_of(bad[i], &v), -EINVAL, "'%s' accepted",
			     bad[i]);
		cr_assert_eq(v, -12345, "'%s': output set on failure", bad[i]);
	}
	/* len bounds the parse: "12" of "123", no NUL needed. */
	cr_assert_eq(parse_pid("123", 2, &v), 0);
	cr_assert_eq(v, 12);
	cr_assert_eq(parse_pid("1", 0, &v), -EINVAL);
}

Test(regex, match_and_no_match)
{
	char err[200] = "";
	struct regex *re =
		regex_new("^tree3-[a-z]+ \\d+$", 0, err, sizeof(err));
	cr_assert_not_null(re, "%s", err);
	cr_assert_eq(regex_match(re, "tree3-child 42", 14), 1);
	cr_assert_eq(regex_match(re, "tree3-Child 42", 14), 0);
	cr_assert_eq(regex_match(re, "tree3-child 42x", 15), 0);
	/* The length bounds the subject; bytes past it do not count. */
	cr_assert_eq(regex_match(re, "tree3-child 42x", 14), 1);
	regex_free(re);

	re = regex_new("child", REGEX_CASELESS, err, sizeof(err));
	cr_assert_not_null(re);
	cr_assert_eq(regex_match(re, "CHILD", 5), 1);
	regex_free(re);

	/* Subjects are bytes: NUL, invalid UTF-8 and ESC are all fine. */
	re = regex_new("a\\x00b\\xff\\x1b", 0, err, sizeof(err));
	cr_assert_not_null(re, "%s", err);
	cr_assert_eq(regex_match(re, "a\0b\xff\x1b", 5), 1);
	cr_assert_eq(regex_match(re, "a\0b", 3), 0);
	regex_free(re);
	regex_free(NULL);
}

Test(regex, bad_pattern)
{
	static const char *const bad[] = {"(", "[a-", "a{2,1}", "\\", "(?<"};
	char err[200];
	size_t i;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		cr_assert_null(regex_new(bad[i], 0, err, sizeof(err)),
			       "'%s' compiled", bad[i]);
		cr_assert(strlen(err) > 10 && strstr(err, " at offset "),
			  "'%s': error text '%s'", bad[i], err);
	}
	/* A small buffer is filled, never overrun. */
	memset(err, 'x', sizeof(err));
	cr_assert_null(regex_new("(", 0, err, 8));
	cr_assert_eq(strlen(err), 7);
	cr_assert_eq(err[8], 'x');
}

/* Catastrophic backtracking stops at the match limit: an error, not a
 * hang and not a false "no match". */
Test(regex, match_limit, .timeout = 20)
{
	char err[200] = "", subject[64];
	struct regex *re = regex_new("(a+)+$", 0, err, sizeof(err));
	struct timespec t0, t1;
	int r;
	cr_assert_not_null(re, "%s", err);
	memset(subject, 'a', 30);
	subject[30] = 'b';
	subject[31] = '\0';
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = regex_match(re, subject, 31);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	cr_assert_lt(r, 0, "regex_match gave %d", r);
	cr_assert_lt(t1.tv_sec - t0.tv_sec, 5, "took %ld s",
		     (long)(t1.tv_sec - t0.tv_sec));
	/* And the same pattern still matches where it should. */
	cr_assert_eq(regex_match(re, "aaa", 3), 1);
	regex_free(re);
}

/* ---- cmd_parse_opts with a fake command ---- */

enum { FO_ALPHA = 1, FO_BETA, FO_GAMMA };

static const struct cmd_opt fake_opts[] = {
	{FO_ALPHA, "alpha", 'a', NULL, COMPLETE_NONE, "a flag"},
	{FO_BETA, "beta", 'b', "ARG", COMPLETE_NONE, "takes an argument"},
	{FO_GAMMA, "gamma", 0, "N", COMPLETE_NONE, "long only"},
	{0},
};

static int fake_run(const struct command *cmd, struct ctx *ctx, int argc,
		    char **argv)
{
	(void)cmd, (void)ctx, (void)argc, (void)argv;
	return 0;
}

static const struct command fake_cmd = {
	.name = "fake",
	.summary = "a fake command for tests",
	.usage = "[X]",
	.opts = fake_opts,
	.run = fake_run,
};

struct seen {
	char log[256]; /* "id=arg;" per call */
	int fail_on;   /* return 2 for this id */
};

static int on_opt(void *state, int id, const char *arg)
{
	struct seen *s = state;
	size_t n = strlen(s->log);
	snprintf(s->log + n, sizeof(s->log) - n, "%d=%s;", id, arg ? arg : "-");
	return id == s->fail_on ? 2 : 0;
}

struct parsed {
	int ret, first;
	struct seen seen;
	char out[4096], err[4096]; /* what went to ctx->out and stderr */
};

/* Read what fd holds from the start into buf. */
static void slurp(int fd, char *buf, size_t size)
{
	ssize_t n = pread(fd, buf, size - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
}

/* cmd_parse_opts on argv (NULL-terminated), capturing its output. */
static void run_parse(struct parsed *p, const char *const *args, int fail_on)
{
	char *argv[16];
	int argc = 0, saved, errfd;
	FILE *out = tmpfile(), *err = tmpfile();
	struct ctx ctx = {.out = out};
	while (args[argc]) {
		cr_assert_lt(argc, 15);
		argv[argc] = (char *)args[argc];
		argc++;
	}
	argv[argc] = NULL;
	memset(p, 0, sizeof(*p));
	p->first = -7;
	p->seen.fail_on = fail_on;
	cr_assert(out && err);
	errfd = fileno(err);
	fflush(stderr);
	saved = dup(2);
	cr_assert(saved >= 0 && dup2(errfd, 2) == 2);
	p->ret = cmd_parse_opts(&fake_cmd, &ctx, argc, argv, on_opt, &p->seen,
				&p->first);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	fflush(out);
	slurp(fileno(out), p->out, sizeof(p->out));
	slurp(errfd, p->err, sizeof(p->err));
	fclose(out);
	fclose(err);
}

#define PARSE(p, fail_on, ...)                                           \
	run_parse((p), (const char *const[]){"fake", __VA_ARGS__, NULL}, \
		  (fail_on))

Test(opts, good)
{
	struct parsed p;
	PARSE(&p, 0, "-a", "--beta=x", "-by", "--gamma", "7", "op", "-a");
	cr_assert_eq(p.ret, 0, "stderr: %s", p.err);
	/* getopt_long permutes: operands end up after the options. */
	cr_assert_str_eq(p.seen.log, "1=-;2=x;2=y;3=7;1=-;");
	cr_assert_eq(p.first, 7);
	cr_assert_str_eq(p.err, "");
	cr_assert_str_eq(p.out, "");
	PARSE(&p, 0, "--", "-a");
	cr_assert_eq(p.ret, 0);
	cr_assert_str_eq(p.seen.log, "");
	cr_assert_eq(p.first, 2);
	/* An unambiguous prefix of a long option. */
	PARSE(&p, 0, "--alp");
	cr_assert_eq(p.ret, 0);
	cr_assert_str_eq(p.seen.log, "1=-;");
}

Test(opts, callback_error_stops)
{
	struct parsed p;
	PARSE(&p, FO_BETA, "-a", "-b", "x", "-a");
	cr_assert_eq(p.ret, 2);
	cr_assert_str_eq(p.seen.log, "1=-;2=x;");
	cr_assert_eq(p.first, -7, "first_operand set on failure");
}

Test(opts, unknown_short)
{
	struct parsed p;
	PARSE(&p, 0, "-a", "-z");
	cr_assert_eq(p.ret, EXIT_USAGE);
	cr_assert(strstr(p.err, "unknown option '-z'"), "stderr: %s", p.err);
	cr_assert(strstr(p.err, "procsift fake --help"), "stderr: %s", p.err);
	cr_assert_str_eq(p.out, "");
	PARSE(&p, 0, "-az");
	cr_assert_eq(p.ret, EXIT_USAGE);
	cr_assert(strstr(p.err, "'-z'"), "stderr: %s", p.err);
}

Test(opts, unknown_long)
{
	struct parsed p;
	PARSE(&p, 0, "--zeta=1");
	cr_assert_eq(p.ret, EXIT_USAGE);
	cr_assert(strstr(p.err, "'--zeta=1'"), "stderr: %s", p.err);
	/* A flag given an argument. */
	PARSE(&p, 0, "--alpha=1");
	cr_assert_eq(p.ret, EXIT_USAGE);
	cr_assert(strstr(p.err, "'--alpha=1'"), "stderr: %s", p.err);
	cr_assert_str_eq(p.seen.log, "");
}

Test(opts, missing_argument)
{
	struct parsed p;
	PARSE(&p, 0, "-a", "-b");
	cr_assert_eq(p.ret, EXIT_USAGE);
	cr_assert(strstr(p.err, "needs an argument"), "stderr: %s", p.err);
	cr_assert(strstr(p.err, "'-b'"), "stderr: %s", p.err);
	PARSE(&p, 0, "--gamma");
	cr_assert_eq(p.ret, EXIT_USAGE);
	cr_assert(strstr(p.err, "'--gamma'"), "stderr: %s", p.err);
}

Test(opts, help)
{
	struct parsed p;
	PARSE(&p, 0, "-a", "--help", "--bogus");
	cr_assert_eq(p.ret, -1);
	cr_assert_str_eq(p.err, "");
	cr_assert(!strncmp(p.out, "Usage: procsift fake [options] [X]\n", 35),
		  "help: %s", p.out);
	cr_assert(strstr(p.out, "--beta ARG"), "help: %s", p.out);
	cr_assert(strstr(p.out, "    --gamma N"), "help: %s", p.out);
	cr_assert(strstr(p.out, "-h, --help"), "help: %s", p.out);
	PARSE(&p, 0, "-h");
	cr_assert_eq(p.ret, -1);
	cr_assert(strstr(p.out, "a fake command for tests"));
}

/* Two parses in one process: the second must not see the first's state
 * (getopt keeps its place inside a cluster of short options). */
Test(opts, reparse)
{
	struct parsed p;
	PARSE(&p, 0, "-zb", "x");
	cr_assert_eq(p.ret, EXIT_USAGE);
	PARSE(&p, 0, "-a", "op");
	cr_assert_eq(p.ret, 0, "stderr: %s", p.err);
	cr_assert_str_eq(p.seen.log, "1=-;", "second parse: %s", p.seen.log);
	cr_assert_eq(p.first, 2);
}

static int dur_of(const char *s, uint64_t *out)
{
	*out = 12345;
	return parse_duration(s, strlen(s), out);
}

Test(parse, duration)
{
	static const struct {
		const char *s;
		uint64_t secs;
	} good[] = {
		{"90s", 90},
		{"10m", 600},
		{"2h", 7200},
		{"1d", 86400},
		{"45", 45},
		{"0", 0},
		{"0s", 0},
		{"007m", 420},
		{"36600d", 36600ULL * 86400}, /* the century cap */
	};
	/* Signs, spaces, units twice or in capitals, fractions, a unit
	 * alone, overflow past the cap and 2^64, a NUL, bytes above 0x7f. */
	static const char *const bad[] = {
		"",
		"s",
		"-5m",
		"+5m",
		" 5m",
		"5m ",
		"5 m",
		"5mm",
		"5ms",
		"5M",
		"1.5h",
		"5w",
		"36601d",
		"3162240001",
		"99999999999999999999999d",
		"18446744073709551616",
		"5\xff",
		"\xe2\x80\x8b"
		"5m",
		"5m\n",
		"0x10",
		"1e3",
		"m5",
	};
	uint64_t v;
	size_t i;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		cr_assert_eq(dur_of(good[i].s, &v), 0, "'%s' refused",
			     good[i].s);
		cr_assert_eq(v, good[i].secs, "'%s': %llu", good[i].s,
			     (unsigned long long)v);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(dur_of(bad[i], &v), -EINVAL, "'%s' accepted",
			     bad[i]);
		cr_assert_eq(v, 12345, "'%s': output set on failure", bad[i]);
	}
	/* len bounds the parse: "10m" of "10mx", and a NUL inside. */
	cr_assert_eq(parse_duration("10mx", 3, &v), 0);
	cr_assert_eq(v, 600);
	cr_assert_eq(parse_duration("1\0m", 3, &v), -EINVAL);
	cr_assert_eq(parse_duration("5", 0, &v), -EINVAL);
}

Test(parse, user_list)
{
	uid_t *uids = NULL;
	size_t n = 0, alloc = 0, bad_len = 0;
	const char *bad = NULL;
	const char *list = "root,0,65534,4294967294";
	cr_assert_eq(parse_user_list(list, &uids, &n, &alloc, &bad, &bad_len),
		     0);
	/* root and 0 are one uid, kept once. */
	cr_assert_eq(n, 3);
	cr_assert_eq(uids[0], 0);
	cr_assert_eq(uids[1], 65534);
	cr_assert_eq(uids[2], 4294967294u);
	/* A second list appends. */
	cr_assert_eq(parse_user_list("7", &uids, &n, &alloc, &bad, &bad_len),
		     0);
	cr_assert_eq(n, 4);
	cr_assert_eq(uids[3], 7);

	/* An unknown name: -ENOENT, and bad names exactly that item. */
	list = "root,e2e-no-such-user,0";
	cr_assert_eq(parse_user_list(list, &uids, &n, &alloc, &bad, &bad_len),
		     -ENOENT);
	cr_assert_eq(bad, list + 5);
	cr_assert_eq(bad_len, strlen("e2e-no-such-user"));
	/* Names that only look like something else are names, unknown. */
	static const char *const unknown[] = {
		"-1",	  "+0",		" root",
		"root ",  "4294967295", "99999999999999999999",
		"0x0",	  "r\xffot",	"\x1b[2J",
		"root\n", "%s%n",	"../../etc",
	};
	size_t i;
	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		size_t before = n;
		cr_assert_eq(parse_user_list(unknown[i], &uids, &n, &alloc,
					     &bad, &bad_len),
			     -ENOENT, "'%s' accepted", unknown[i]);
		cr_assert_eq(bad, unknown[i]);
		cr_assert_eq(bad_len, strlen(unknown[i]));
		cr_assert_eq(n, before);
	}
	/* Empty items are malformed, not a user. */
	static const char *const empty[] = {"", ",", "root,", ",root",
					    "root,,0"};
	for (i = 0; i < sizeof(empty) / sizeof(empty[0]); i++)
		cr_assert_eq(parse_user_list(empty[i], &uids, &n, &alloc, &bad,
					     &bad_len),
			     -EINVAL, "'%s' accepted", empty[i]);
	free(uids);
}
