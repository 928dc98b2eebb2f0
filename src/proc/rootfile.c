/* Files a process names, opened inside its root (see rootfile.h). */
#include "proc/rootfile.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "proc/pidfile.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static int openat2_in_root(int dir, const char *path, int flags)
{
	struct open_how how = {
		.flags = (unsigned long long)flags,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	long fd = syscall(SYS_openat2, dir, path, &how, sizeof(how));
	return fd < 0 ? -errno : (int)fd;
}

/* Open path inside pid's root; a relative path is taken from its cwd
 * (the cwd link's text, resolved again inside the root). */
static int open_in(int root_fd, pid_t pid, const char *path, int flags)
{
	char name[32], *cwd = NULL;
	struct strbuf full;
	int dir, fd;
	snprintf(name, sizeof(name), "%d/root", (int)pid);
	dir = openat(root_fd, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return -errno;
	strbuf_init(&full, 0);
	if (path[0] != '/') {
		snprintf(name, sizeof(name), "%d/cwd", (int)pid);
		if (proc_readlink(root_fd, name, &cwd) == 0)
			strbuf_addf(&full, "%s/", cwd);
		free(cwd);
	}
	strbuf_addstr(&full, path);
	fd = openat2_in_root(dir, full.buf, flags);
	strbuf_release(&full);
	close(dir);
	return fd;
}

static void fill_stat(struct host_file *f, const struct stat *st)
{
	f->has_stat = true;
	f->mode = st->st_mode;
	f->uid = st->st_uid;
	f->gid = st->st_gid;
}

static int fail(struct host_file *f, int err, const char *why)
{
	f->err = -err;
	f->why = why;
	return err;
}

static void start(struct host_file *f, const char *what, const char *path)
{
	memset(f, 0, sizeof(*f));
	f->what = what;
	f->path = xstrdup(path);
}

int rootfile_read(int root_fd, pid_t pid, const char *what, const char *path,
		  size_t cap, struct host_file *f)
{
	struct strbuf sb;
	struct stat st;
	int fd, r = 0;
	start(f, what, path);
	fd = open_in(root_fd, pid, path,
		     O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return fail(f, fd, NULL);
	if (fstat(fd, &st)) {
		r = fail(f, -errno, NULL);
		goto out_close;
	}
	fill_stat(f, &st);
	if (!S_ISREG(st.st_mode)) {
		r = fail(f, -EINVAL, "not a regular file");
		goto out_close;
	}
	if ((unsigned long long)st.st_size > cap) {
		r = fail(f, -EFBIG, "larger than the cap");
		goto out_close;
	}
	strbuf_init(&sb, 0);
	for (;;) {
		ssize_t n;
		strbuf_grow(&sb, 65536);
		n = read(fd, sb.buf + sb.len, 65536);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = fail(f, -errno, NULL);
			strbuf_release(&sb);
			goto out_close;
		}
		if (!n)
			break;
		sb.len += (size_t)n;
		if (sb.len > cap) {
			/* It grew after the fstat. */
			r = fail(f, -EFBIG, "larger than the cap");
			strbuf_release(&sb);
			goto out_close;
		}
	}
	f->len = sb.len;
	f->data = xmemdup0(sb.buf ? sb.buf : "", sb.len);
	strbuf_release(&sb);
out_close:
	close(fd);
	return r;
}

int rootfile_stat(int root_fd, pid_t pid, const char *what, const char *path,
		  struct host_file *f)
{
	struct stat st;
	int fd;
	start(f, what, path);
	fd = open_in(root_fd, pid, path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return fail(f, fd, NULL);
	if (fstat(fd, &st)) {
		int r = fail(f, -errno, NULL);
		close(fd);
		return r;
	}
	fill_stat(f, &st);
	close(fd);
	return 0;
}
