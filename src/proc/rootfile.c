/* Files a process names, opened inside its root (see rootfile.h). */
#include "proc/rootfile.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "model/nstab.h"
#include "proc/fdinfo.h"
#include "proc/mounts.h"
#include "proc/pidfile.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static int openat2_how(int dir, const char *path, int flags,
		       unsigned long long resolve)
{
	struct open_how how = {
		.flags = (unsigned long long)flags,
		.resolve = resolve | RESOLVE_NO_MAGICLINKS,
	};
	long fd = syscall(SYS_openat2, dir, path, &how, sizeof(how));
	return fd < 0 ? -errno : (int)fd;
}

/* Open path (O_PATH) inside pid's root. A relative path is taken from
 * its working directory and may not leave it (RESOLVE_BENEATH): the cwd
 * link's text is a path in procsift's view, not the process's, so it
 * cannot be resolved again inside the root. */
static int open_in(int root_fd, pid_t pid, const char *path)
{
	char name[32];
	int dir, fd;
	bool rel = path[0] != '/';
	snprintf(name, sizeof(name), "%d/%s", (int)pid, rel ? "cwd" : "root");
	dir = openat(root_fd, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return -errno;
	fd = openat2_how(dir, path, O_PATH | O_CLOEXEC,
			 rel ? RESOLVE_BENEATH : RESOLVE_IN_ROOT);
	close(dir);
	return fd;
}

/* Whether mount mnt_id is in the mount table of dir ("PID" or "self"
 * under root_fd): 1 on a file system that answers itself, 0 on a network
 * or FUSE one (whose server or daemon may never answer a read), -1 when
 * not there. */
static int fs_in(int root_fd, const char *dir, int mnt_id)
{
	const struct mount_entry *m;
	struct mountns *mt;
	int fd = openat(root_fd, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r;
	if (fd < 0)
		return -1;
	mt = mount_table_read(fd);
	close(fd);
	m = mt->err ? NULL : mountns_by_id(mt, mnt_id);
	r = !m ? -1 : fstype_may_hang(m->fstype) ? 0 : 1;
	mountns_free(mt);
	return r;
}

/* 0 when the file at fd (O_PATH) is on a local file system; -EREMOTE on
 * a network or FUSE one, or one that cannot be told (why says which).
 * Its mount by the id in procsift's fdinfo, looked up in pid's mount
 * table, then in procsift's own (a chrooted process's table leaves out
 * the mounts above its root; mount ids are unique across namespaces). */
static int local_fs(int root_fd, pid_t pid, int fd, const char **why)
{
	struct strbuf sb = STRBUF_INIT;
	struct fdinfo fi;
	char name[48];
	int r = -1;
	*why = "its file system could not be told";
	snprintf(name, sizeof(name), "self/fdinfo/%d", fd);
	if (!proc_read_file(root_fd, name, 4096, &sb, NULL) &&
	    !proc_fdinfo_parse(sb.buf, sb.len, &fi) && fi.has_mnt_id) {
		snprintf(name, sizeof(name), "%d", (int)pid);
		r = fs_in(root_fd, name, fi.mnt_id);
		if (r < 0)
			r = fs_in(root_fd, "self", fi.mnt_id);
	}
	strbuf_release(&sb);
	if (!r)
		*why = "on a network or FUSE file system";
	return r > 0 ? 0 : -EREMOTE;
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

/* Open path in pid's root as O_PATH, stat it, and check its file
 * system: the fd, or -errno (f says why). */
static int open_checked(int root_fd, pid_t pid, const char *path,
			struct host_file *f, struct stat *st)
{
	const char *why;
	int fd = open_in(root_fd, pid, path), r;
	if (fd < 0)
		return fail(f, fd,
			    fd == -EXDEV ? "the path leaves the process's "
					   "working directory"
					 : NULL);
	r = local_fs(root_fd, pid, fd, &why);
	if (r) {
		fail(f, r, why);
		goto out_close;
	}
	if (fstat(fd, st)) {
		r = fail(f, -errno, NULL);
		goto out_close;
	}
	fill_stat(f, st);
	return fd;
out_close:
	close(fd);
	return r;
}

int rootfile_read(int root_fd, pid_t pid, const char *what, const char *path,
		  size_t cap, struct host_file *f)
{
	struct strbuf sb;
	struct stat st;
	char name[32];
	int pfd, fd, r = 0;
	start(f, what, path);
	pfd = open_checked(root_fd, pid, path, f, &st);
	if (pfd < 0)
		return pfd;
	/* Decided before any open for reading: a FIFO or a device (whose
	 * open may have side effects) is never opened. */
	if (!S_ISREG(f->mode)) {
		r = fail(f, -EINVAL, "not a regular file");
		goto out_close_path;
	}
	if ((unsigned long long)st.st_size > cap) {
		r = fail(f, -EFBIG, "larger than the cap");
		goto out_close_path;
	}
	/* The same inode, opened for reading through procsift's own fd. */
	snprintf(name, sizeof(name), "self/fd/%d", pfd);
	fd = openat(root_fd, name,
		    O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		r = fail(f, -errno, NULL);
		goto out_close_path;
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
out_close_path:
	close(pfd);
	return r;
}

int rootfile_stat(int root_fd, pid_t pid, const char *what, const char *path,
		  struct host_file *f)
{
	struct stat st;
	int fd;
	start(f, what, path);
	fd = open_checked(root_fd, pid, path, f, &st);
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}
