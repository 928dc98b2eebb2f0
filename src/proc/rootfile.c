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
#include "proc/holder.h"
#include "proc/pidfile.h"
#include "proc/stat.h"
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

/* The process being read, pinned: its /proc/PID directory (a process
 * that exits leaves it answering ESRCH, even once the pid is reused) and
 * its mount table. */
struct target {
	int root_fd; /* /proc */
	int pdir;    /* /proc/PID */
	const struct mountns *mt;
	struct mountns *own; /* mt when read for this call alone */
};

/* 0 when the process at pdir started at start_ticks (0: not checked), or
 * -ESRCH: the pid was reused since the walk (or it is gone). */
static int same_process(int pdir, unsigned long long start_ticks)
{
	struct strbuf sb = STRBUF_INIT;
	struct proc_stat st;
	int r = proc_read_file(pdir, "stat", 4096, &sb, NULL);
	if (!r && start_ticks &&
	    (proc_stat_parse(sb.buf, sb.len, &st) ||
	     st.start_ticks != start_ticks))
		r = -ESRCH;
	strbuf_release(&sb);
	return r;
}

/* Whether mount mnt_id is in the mount table of the process, else in
 * procsift's own (a chrooted process's table leaves out the mounts above
 * its root; mount ids are unique across namespaces): 1 on a file system
 * that answers itself, 0 on a network or FUSE one (whose server or daemon
 * may never answer), -1 when in neither. */
static int fs_of(const struct target *t, int mnt_id)
{
	const struct mount_entry *m = NULL;
	struct mountns *self = NULL;
	int fd, r;
	if (!t->mt->err)
		m = mountns_by_id(t->mt, mnt_id);
	if (!m) {
		fd = openat(t->root_fd, "self",
			    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return -1;
		self = mount_table_read(fd);
		close(fd);
		m = self->err ? NULL : mountns_by_id(self, mnt_id);
	}
	r = !m ? -1 : fstype_may_hang(m->fstype) ? 0 : 1;
	mountns_free(self);
	return r;
}

/* 0 when the file at fd (O_PATH) is on a local file system; -EREMOTE on
 * a network or FUSE one, or one that cannot be told (why says which): its
 * mount by the id in procsift's fdinfo. */
static int local_fs(const struct target *t, int fd, const char **why)
{
	struct strbuf sb = STRBUF_INIT;
	struct fdinfo fi;
	char name[48];
	int r = -1;
	*why = "its file system could not be told";
	snprintf(name, sizeof(name), "self/fdinfo/%d", fd);
	if (!proc_read_file(t->root_fd, name, 4096, &sb, NULL) &&
	    !proc_fdinfo_parse(sb.buf, sb.len, &fi) && fi.has_mnt_id)
		r = fs_of(t, fi.mnt_id);
	strbuf_release(&sb);
	if (!r)
		*why = "on a network or FUSE file system";
	return r > 0 ? 0 : -EREMOTE;
}

/* Open path (O_PATH) inside the process's root. Before any lookup, a
 * path through a network or FUSE mount (by its text, in the process's
 * mount table) is refused: a lookup on a dead hard NFS mount or a stuck
 * FUSE daemon never returns. A relative path is taken from its working
 * directory (whose own file system is checked by its mount id) and may
 * not leave it (RESOLVE_BENEATH): the cwd link's text is a path in
 * procsift's view, not the process's, so it cannot be resolved again
 * inside the root. */
static int open_in(const struct target *t, const char *path, const char **why)
{
	bool rel = path[0] != '/';
	int dir, fd;
	*why = NULL;
	if (t->mt->err) {
		*why = "its mount table could not be read";
		return -t->mt->err;
	}
	if (!rel && mountns_hang_on_path(t->mt, path)) {
		*why = "the path crosses a network or FUSE mount";
		return -EREMOTE;
	}
	dir = openat(t->pdir, rel ? "cwd" : "root",
		     O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return -errno;
	/* The cwd's own file system: its lookups are the path's first. */
	fd = rel ? local_fs(t, dir, why) : 0;
	if (!fd) {
		*why = NULL;
		fd = openat2_how(dir, path, O_PATH | O_CLOEXEC,
				 rel ? RESOLVE_BENEATH : RESOLVE_IN_ROOT);
		if (fd == -EXDEV)
			*why = "the path leaves the process's working "
			       "directory";
	}
	close(dir);
	return fd;
}

/* Pin pid (checking it is still the process that started at
 * start_ticks) and read its mount table: 0 or -errno (why set). */
static int target_open(struct target *t, struct nscache *mounts, int root_fd,
		       pid_t pid, unsigned long long start_ticks,
		       const char **why)
{
	int r;
	t->root_fd = root_fd;
	t->mt = NULL;
	t->own = NULL;
	t->pdir = proc_open_pid(root_fd, pid);
	if (t->pdir < 0)
		return t->pdir;
	r = same_process(t->pdir, start_ticks);
	if (r) {
		if (r == -ESRCH)
			*why = "the process is gone (its pid was reused)";
		close(t->pdir);
		return r;
	}
	/* A caller that reads many files through processes of one mount
	 * namespace (every runtime and shim on a node) reads its table once:
	 * it grows with the containers there. */
	if (mounts)
		t->mt = mount_cache_ns(mounts, t->pdir, &t->own);
	else
		t->mt = t->own = mount_table_read(t->pdir);
	return 0;
}

static void target_close(struct target *t)
{
	mountns_free(t->own);
	close(t->pdir);
}

static void fill_stat(struct host_file *f, const struct stat *st)
{
	f->has_stat = true;
	f->mode = st->st_mode;
	f->uid = st->st_uid;
	f->gid = st->st_gid;
	f->dev = st->st_dev;
	f->ino = st->st_ino;
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

int rootfile_member(const char *path, char *out, size_t size)
{
	bool rel = path[0] != '/';
	while (*path == '/')
		path++;
	if (!*path ||
	    (size_t)snprintf(out, size, "%s/%s",
			     rel ? ROOTFILE_SNAP_CWD : ROOTFILE_SNAP_ROOT,
			     path) >= size)
		return -ENAMETOOLONG;
	return 0;
}

/* In a snapshot's tree: the copy of path that procsift snapshot kept
 * below the process's directory, opened for reading (a regular file of
 * the private tree, never a link: RESOLVE_NO_SYMLINKS), with the stat
 * of the original it recorded beside it; or the errno it recorded. */
static int open_snap(int root_fd, pid_t pid, unsigned long long start_ticks,
		     const char *path, struct host_file *f, struct stat *st)
{
	struct strbuf sb = STRBUF_INIT;
	char member[512], side[520];
	unsigned long long dev, ino;
	unsigned mode, uid, gid;
	int pdir = proc_open_pid(root_fd, pid), fd, r;
	if (pdir < 0)
		return fail(f, pdir, NULL);
	r = same_process(pdir, start_ticks);
	if (!r)
		r = rootfile_member(path, member, sizeof(member));
	if (r) {
		close(pdir);
		return fail(f, r, NULL);
	}
	fd = openat2_how(pdir, member, O_RDONLY | O_NONBLOCK | O_CLOEXEC,
			 RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS);
	if (fd == -ENOENT)
		fd = proc_snap_errno(pdir, member);
	snprintf(side, sizeof(side), "%s.stat", member);
	if (fd >= 0 &&
	    (fstat(fd, st) || proc_read_file(pdir, side, 256, &sb, NULL) ||
	     sscanf(sb.buf, "%o %u %u %llu %llu", &mode, &uid, &gid, &dev,
		    &ino) != 5)) {
		close(fd);
		fd = -EIO;
	}
	close(pdir);
	strbuf_release(&sb);
	if (fd < 0)
		return fail(f, fd, NULL);
	st->st_mode = mode;
	st->st_uid = uid;
	st->st_gid = gid;
	st->st_dev = dev;
	st->st_ino = ino;
	fill_stat(f, st);
	return fd;
}

/* Open path in pid's root as O_PATH, stat it, and check its file
 * system: the fd, or -errno (f says why). */
static int open_checked(struct nscache *mounts, int root_fd, pid_t pid,
			unsigned long long start_ticks, const char *path,
			struct host_file *f, struct stat *st)
{
	const char *why = NULL;
	struct target t;
	int fd, r;
	if (!proc_is_procfs(root_fd))
		return open_snap(root_fd, pid, start_ticks, path, f, st);
	r = target_open(&t, mounts, root_fd, pid, start_ticks, &why);
	if (r)
		return fail(f, r, why);
	fd = open_in(&t, path, &why);
	if (fd < 0) {
		r = fail(f, fd, why);
		goto out_target;
	}
	/* Still checked once open: a symlink on the way may have led onto
	 * a mount the path's text does not name. */
	r = local_fs(&t, fd, &why);
	if (r) {
		fail(f, r, why);
		goto out_close;
	}
	if (fstat(fd, st)) {
		r = fail(f, -errno, NULL);
		goto out_close;
	}
	fill_stat(f, st);
	target_close(&t);
	return fd;
out_close:
	close(fd);
out_target:
	target_close(&t);
	return r;
}

/* Open the file at pfd (O_PATH) for reading through procsift's own fd,
 * without updating its access time (evidence) where the kernel lets
 * procsift (the file's owner, or CAP_FOWNER): -errno otherwise. */
static int reopen_noatime(int root_fd, int pfd)
{
	char name[32];
	int fd;
	/* A snapshot's copy is open for reading already (open_snap). */
	if (!proc_is_procfs(root_fd)) {
		fd = fcntl(pfd, F_DUPFD_CLOEXEC, 0);
		return fd < 0 ? -errno : fd;
	}
	snprintf(name, sizeof(name), "self/fd/%d", pfd);
	fd = openat(root_fd, name,
		    O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | O_NOATIME);
	if (fd < 0 && errno == EPERM)
		fd = openat(root_fd, name,
			    O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int rootfile_read(int root_fd, pid_t pid, unsigned long long start_ticks,
		  const char *what, const char *path, size_t cap,
		  struct host_file *f)
{
	return rootfile_read_cached(NULL, root_fd, pid, start_ticks, what, path,
				    cap, f);
}

static bool may_read(int root_fd, pid_t pid, const struct stat *st)
{
	int pdir = proc_open_pid(root_fd, pid);
	bool ok = pdir >= 0 && proc_holder_may_read(pdir, st->st_uid,
						    st->st_gid, st->st_mode);
	if (pdir >= 0)
		close(pdir);
	return ok;
}

int rootfile_read_cached(struct nscache *mounts, int root_fd, pid_t pid,
			 unsigned long long start_ticks, const char *what,
			 const char *path, size_t cap, struct host_file *f)
{
	struct strbuf sb;
	struct stat st;
	int pfd, fd, r = 0;
	start(f, what, path);
	pfd = open_checked(mounts, root_fd, pid, start_ticks, path, f, &st);
	if (pfd < 0)
		return pfd;
	/* Before its type or size is looked at: never read what the process
	 * could not read itself (a snapshot would carry it off the host).
	 * A snapshot's copy was checked when it was taken. */
	if (proc_is_procfs(root_fd) && !may_read(root_fd, pid, &st)) {
		r = fail(f, -EACCES, "the process could not read it itself");
		goto out_close_path;
	}
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
	fd = reopen_noatime(root_fd, pfd);
	if (fd < 0) {
		r = fail(f, fd, NULL);
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

int rootfile_stat(int root_fd, pid_t pid, unsigned long long start_ticks,
		  const char *what, const char *path, struct host_file *f)
{
	struct stat st;
	int fd;
	start(f, what, path);
	fd = open_checked(NULL, root_fd, pid, start_ticks, path, f, &st);
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}
