/* Bounded readers on real files, links and a FIFO in a scratch dir. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc/pidfile.h"

static char dir[] = "/tmp/procsift-pidfile-XXXXXX";
static int dfd = -1;

static void setup(void)
{
	cr_assert_not_null(mkdtemp(dir));
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	cr_assert_geq(dfd, 0);
}

static void teardown(void)
{
	unlinkat(dfd, "f", 0);
	unlinkat(dfd, "fifo", 0);
	unlinkat(dfd, "l", 0);
	close(dfd);
	rmdir(dir);
}

static void write_file(const char *name, size_t len)
{
	int fd = openat(dfd, name, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	char *buf = malloc(len);
	memset(buf, 'x', len);
	cr_assert_eq(write(fd, buf, len), (ssize_t)len);
	free(buf);
	close(fd);
}

TestSuite(pidfile, .init = setup, .fini = teardown);

Test(pidfile, reads_whole_file)
{
	struct strbuf sb = STRBUF_INIT;
	bool trunc = true;
	write_file("f", 100000);
	cr_assert_eq(proc_read_file(dfd, "f", 1 << 20, &sb, &trunc), 0);
	cr_assert_eq(sb.len, 100000);
	cr_assert(!trunc);
	strbuf_release(&sb);
}

Test(pidfile, cap_truncates)
{
	struct strbuf sb = STRBUF_INIT;
	bool trunc = false;
	write_file("f", 5000);
	cr_assert_eq(proc_read_file(dfd, "f", 4096, &sb, &trunc), 0);
	cr_assert_eq(sb.len, 4096);
	cr_assert(trunc);
	strbuf_release(&sb);
}

Test(pidfile, exact_cap_not_truncated)
{
	struct strbuf sb = STRBUF_INIT;
	bool trunc = true;
	write_file("f", 4096);
	cr_assert_eq(proc_read_file(dfd, "f", 4096, &sb, &trunc), 0);
	cr_assert(!trunc);
	strbuf_release(&sb);
}

Test(pidfile, missing_is_enoent)
{
	struct strbuf sb = STRBUF_INIT;
	int r = proc_read_file(dfd, "nope", 10, &sb, NULL);
	cr_assert_eq(r, -ENOENT);
	cr_assert(proc_errno_vanished(r));
	strbuf_release(&sb);
}

Test(pidfile, fifo_does_not_block)
{
	struct strbuf sb = STRBUF_INIT;
	cr_assert_eq(mkfifoat(dfd, "fifo", 0600), 0);
	/* No writer: a blocking open would hang here forever. */
	cr_assert_eq(proc_read_file(dfd, "fifo", 10, &sb, NULL), 0);
	cr_assert_eq(sb.len, 0);
	strbuf_release(&sb);
}

Test(pidfile, readlink_long_target)
{
	char target[3000], *out = NULL;
	memset(target, 'a', sizeof(target) - 1);
	target[sizeof(target) - 1] = '\0';
	target[0] = '/';
	cr_assert_eq(symlinkat(target, dfd, "l"), 0);
	cr_assert_eq(proc_readlink(dfd, "l", &out), 0);
	cr_assert_str_eq(out, target);
	free(out);
}

Test(pidfile, proc_self)
{
	int root = proc_open_root(NULL), self;
	struct strbuf sb = STRBUF_INIT;
	cr_assert_geq(root, 0);
	self = proc_open_pid(root, getpid());
	cr_assert_geq(self, 0);
	cr_assert_eq(proc_read_file(self, "cmdline", 1 << 20, &sb, NULL), 0);
	cr_assert_gt(sb.len, 0);
	cr_assert_eq(proc_open_pid(root, 0x7ffffff0), -ENOENT);
	strbuf_release(&sb);
	close(self);
	close(root);
}
