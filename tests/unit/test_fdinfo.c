/* Tests for proc/fdinfo: files read from this machine's /proc/PID/fdinfo
 * (Linux 6.18, x86_64) for an eventfd, inotify, epoll, timerfd, a flock'd
 * file and more; then hostile text, and the open-flag names. */
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "model/fd.h"
#include "proc/fdinfo.h"

#define STD(pos, flags, mnt, ino)                                            \
	"pos:\t" #pos "\nflags:\t" #flags "\nmnt_id:\t" #mnt "\nino:\t" #ino \
	"\n"

static struct fdinfo fi;

static int parse_n(const char *s, size_t n)
{
	memset(&fi, 0xa5, sizeof(fi)); /* prove every field is written */
	return proc_fdinfo_parse(s, n, &fi);
}

static int parse(const char *s)
{
	return parse_n(s, strlen(s));
}

static void expect_extra(const char *want)
{
	if (!want) {
		cr_assert_null(fi.extra);
		cr_assert_eq(fi.extra_len, 0);
		return;
	}
	cr_assert_not_null(fi.extra);
	cr_assert_eq(fi.extra_len, strlen(want), "extra \"%.*s\"",
		     (int)fi.extra_len, fi.extra);
	cr_assert(!memcmp(fi.extra, want, fi.extra_len));
}

static const char *names(unsigned flags)
{
	static char buf[256];

	fd_flag_names(flags, buf, sizeof(buf));
	return buf;
}

Test(fdinfo, real_stdin)
{
	cr_assert_eq(parse("pos:\t0\nflags:\t0100000\nmnt_id:\t24\nino:\t3\n"),
		     0);
	cr_assert(fi.has_pos && fi.has_flags && fi.has_mnt_id && fi.has_ino);
	cr_assert_eq(fi.pos, 0);
	cr_assert_eq(fi.flags, 0100000);
	cr_assert_eq(fi.mnt_id, 24);
	cr_assert_eq(fi.ino, 3);
	expect_extra(NULL);
	cr_assert_str_eq(names(fi.flags), "rdonly,largefile");
}

Test(fdinfo, real_eventfd)
{
	cr_assert_eq(parse(STD(0, 02004002, 17, 1038) "eventfd-count:      "
						      "          3\n"
						      "eventfd-id: 1\n"
						      "eventfd-semaphore: 0\n"),
		     0);
	cr_assert_eq(fi.ino, 1038);
	expect_extra("eventfd-count:                3\neventfd-id: 1\n"
		     "eventfd-semaphore: 0");
	cr_assert_str_eq(names(fi.flags), "rdwr,nonblock,cloexec");
}

Test(fdinfo, real_inotify_epoll_timerfd_lock)
{
	cr_assert_eq(parse(STD(0, 04000, 17, 1038) "inotify wd:1 ino:a7285c "
						   "sdev:fe00000 mask:300 "
						   "ignored_mask:0 "
						   "fhandle-bytes:8 "
						   "fhandle-type:1 "
						   "f_handle:5c28a700a28e9436"
						   "\n"),
		     0);
	cr_assert(fi.extra_len > 0 && !memcmp(fi.extra, "inotify wd:1 ", 13));
	cr_assert_str_eq(names(fi.flags), "rdonly,nonblock");

	cr_assert_eq(parse(STD(0, 02000002, 17, 1038) "tfd:        3 events: "
						      "      19 data:          "
						      "      3  pos:0 ino:40e "
						      "sdev:10\n"),
		     0);
	cr_assert(!memcmp(fi.extra, "tfd:        3 events:", 21));

	cr_assert_eq(parse(STD(0, 02000002, 17, 1038) "clockid: 1\nticks: "
						      "0\nsettime flags: "
						      "00\nit_value: (0, "
						      "0)\nit_interval: (0, "
						      "0)\n"),
		     0);
	cr_assert_eq(fi.flags, 02000002);
	expect_extra("clockid: 1\nticks: 0\nsettime flags: 00\n"
		     "it_value: (0, 0)\nit_interval: (0, 0)");

	cr_assert_eq(parse(STD(0, 02100001, 27, 10954845) "lock:\t1: FLOCK  "
							  "ADVISORY  WRITE "
							  "2991 "
							  "fe:00:10954845 0 "
							  "EOF\n"),
		     0);
	cr_assert_eq(fi.ino, 10954845);
	expect_extra("lock:\t1: FLOCK  ADVISORY  WRITE 2991 fe:00:10954845 0 "
		     "EOF");
	cr_assert_str_eq(names(fi.flags), "wronly,largefile,cloexec");
}

Test(fdinfo, real_flag_sets)
{
	cr_assert_eq(parse(STD(4096, 02100002, 0, 1026)), 0); /* memfd */
	cr_assert_eq(fi.pos, 4096);
	cr_assert_eq(fi.mnt_id, 0);
	cr_assert_str_eq(names(fi.flags), "rdwr,largefile,cloexec");
	cr_assert_str_eq(names(02700000),
			 "rdonly,largefile,directory,nofollow,cloexec");
	cr_assert_str_eq(names(06112001),
			 "wronly,append,largefile,cloexec,sync");
	cr_assert_str_eq(names(012000000), "rdonly,cloexec,path");
}

Test(fdinfo, flag_names_composites_and_unknown)
{
	cr_assert_str_eq(names(O_RDWR | O_TMPFILE), "rdwr,tmpfile");
	cr_assert_str_eq(names(O_WRONLY | O_DSYNC), "wronly,dsync");
	cr_assert_str_eq(names(O_RDONLY | O_CREAT | O_EXCL | O_NOCTTY |
			       O_TRUNC | O_APPEND | O_NONBLOCK | O_DSYNC |
			       FASYNC | O_DIRECT | O_NOATIME),
			 "rdonly,creat,excl,noctty,trunc,append,nonblock,"
			 "dsync,async,direct,noatime");
	/* O_SYNC's own bit without O_DSYNC's is not "sync". */
	cr_assert_str_eq(names(O_SYNC & ~O_DSYNC), "rdonly,0x100000");
	/* __O_TMPFILE without O_DIRECTORY is not "tmpfile" either. */
	cr_assert_str_eq(names(O_TMPFILE & ~O_DIRECTORY), "rdonly,0x400000");
	cr_assert_str_eq(names(3), "0x3");
	cr_assert_str_eq(names(3 | O_CLOEXEC), "cloexec,0x3");
	cr_assert_str_eq(names(0x80000002u), "rdwr,0x80000000");
	cr_assert_str_eq(names(~0u),
			 "creat,excl,noctty,trunc,append,nonblock,async,"
			 "direct,largefile,nofollow,noatime,cloexec,sync,path,"
			 "tmpfile,0xff80003f");
}

Test(fdinfo, flag_names_whole_items_only)
{
	char buf[16];

	memset(buf, 'x', sizeof(buf));
	fd_flag_names(O_RDWR, buf, 0);
	cr_assert_eq(buf[0], 'x');
	fd_flag_names(O_RDWR, buf, 1);
	cr_assert_str_eq(buf, "");
	fd_flag_names(O_RDWR, buf, 4);
	cr_assert_str_eq(buf, "");
	fd_flag_names(O_RDWR, buf, 5);
	cr_assert_str_eq(buf, "rdwr");
	fd_flag_names(O_RDWR | O_APPEND | O_CLOEXEC, buf, 12);
	cr_assert_str_eq(buf, "rdwr,append");
	/* "0x..." does not fit after a cut: nothing after it either. */
	fd_flag_names(O_RDWR | O_CLOEXEC | 0x80000000u, buf, 16);
	cr_assert_str_eq(buf, "rdwr,cloexec");
}

Test(fdinfo, old_kernel_without_ino_and_no_newline)
{
	cr_assert_eq(parse("pos:\t12\nflags:\t02\nmnt_id:\t9"), 0);
	cr_assert(!fi.has_ino);
	cr_assert_eq(fi.mnt_id, 9);
	expect_extra(NULL);
	cr_assert_eq(parse("flags:\t0"), 0);
	cr_assert(fi.has_flags && !fi.has_pos);
}

Test(fdinfo, empty_and_garbage)
{
	cr_assert_eq(parse(""), -EINVAL);
	cr_assert_eq(parse("\n\n"), -EINVAL);
	expect_extra(NULL);
	cr_assert_eq(parse("mnt_id:\t1\nino:\t2\n"), -EINVAL);
	cr_assert_eq(parse("hello"), -EINVAL);
	expect_extra("hello");
}

Test(fdinfo, bad_values_go_to_extra)
{
	cr_assert_eq(parse("pos:\t-1\nflags:\t08\nmnt_id:\t2147483648\n"
			   "ino:\t18446744073709551616\n"),
		     -EINVAL);
	cr_assert(!fi.has_pos && !fi.has_flags && !fi.has_mnt_id &&
		  !fi.has_ino);
	cr_assert_eq(fi.extra_len, strlen(fi.extra) - 1);

	cr_assert_eq(parse("pos:\t1\nflags:\t040000000000\n"), 0);
	cr_assert(!fi.has_flags);
	expect_extra("flags:\t040000000000");
	cr_assert_eq(parse("flags:\t037777777777\nino:\t18446744073709551615"
			   "\nmnt_id:\t2147483647\npos: 1 x\n"),
		     0);
	cr_assert_eq(fi.flags, 037777777777u);
	cr_assert_eq(fi.ino, UINT64_MAX);
	cr_assert_eq(fi.mnt_id, 2147483647);
	expect_extra("pos: 1 x");
	cr_assert_eq(parse("pos:\nflags:\t \n"), -EINVAL);
}

Test(fdinfo, duplicates_first_wins)
{
	cr_assert_eq(parse("pos:\t1\nflags:\t02\npos:\t666\n"), 0);
	cr_assert_eq(fi.pos, 1);
	expect_extra("pos:\t666");
}

Test(fdinfo, extra_spans_first_to_last_unknown)
{
	cr_assert_eq(parse("x: 1\npos:\t1\ny: 2\nflags:\t02\n\n"), 0);
	cr_assert(fi.has_pos && fi.has_flags);
	expect_extra("x: 1\npos:\t1\ny: 2");
	cr_assert_eq(parse("pos:\t1\n\nfoo\n\n"), 0);
	expect_extra("foo");
}

Test(fdinfo, nul_bytes_and_long_lines)
{
	static const char nul[] = "pos:\t1\0\nflags:\t02\nx\0y\n";
	cr_assert_eq(parse_n(nul, sizeof(nul) - 1), 0);
	cr_assert(!fi.has_pos && fi.has_flags);
	cr_assert_eq(fi.extra, nul);
	cr_assert_eq(fi.extra_len, sizeof(nul) - 2);

	size_t n = 100 * 1024;
	char *big = malloc(n);
	memset(big, '7', n);
	memcpy(big, "flags:\t", 7);
	cr_assert_eq(parse_n(big, n), -EINVAL); /* overflows */
	memcpy(big, "pos:\t1\nab", 9);
	cr_assert_eq(parse_n(big, n), 0);
	cr_assert_eq(fi.extra, big + 7);
	cr_assert_eq(fi.extra_len, n - 7);
	free(big);
}
