/* Bounded /proc file and link readers relative to a pid directory fd. */
#include "proc/pidfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/magic.h>

#include "proc/nscache.h"
#include "util/xalloc.h"

int proc_open_root(const struct proc_source *src)
{
	int fd =
		!src ? open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
		     : openat(src->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

pid_t proc_self_pid(const struct proc_source *src)
{
	char buf[24];
	ssize_t n;
	if (!src)
		return getpid();
	if (src->snapshot)
		return 0;
	n = readlinkat(src->fd, "self", buf, sizeof(buf) - 1);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return (pid_t)strtol(buf, NULL, 10);
}

bool proc_is_procfs(int dir_fd)
{
	struct statfs sf;
	return !fstatfs(dir_fd, &sf) && sf.f_type == PROC_SUPER_MAGIC;
}

int proc_snap_errno(int dir_fd, const char *name)
{
	char path[256], num[16];
	ssize_t n;
	long v;
	int fd;
	if (snprintf(path, sizeof(path), "%s.errno", name) >=
		    (int)sizeof(path) ||
	    proc_is_procfs(dir_fd))
		return -ENOENT;
	fd = openat(dir_fd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -ENOENT;
	n = read(fd, num, sizeof(num) - 1);
	close(fd);
	if (n <= 0)
		return -ENOENT;
	num[n] = '\0';
	v = strtol(num, NULL, 10);
	return v > 0 && v < 4096 ? (int)-v : -ENOENT;
}

/* A snapshot keeps what a namespace shares (mountinfo, net/ tables) once,
 * under .ns/KIND.INODE/ beside the pid directories: a pid directory that
 * lacks the file finds its namespace's copy through its ns/ link. dir_fd
 * is in a snapshot's tree (the caller checked). */
static int open_ns_copy(int dir_fd, const char *name)
{
	const char *kind = !strcmp(name, "mountinfo")  ? "mnt"
			   : !strncmp(name, "net/", 4) ? "net"
						       : NULL;
	char link[16], path[96];
	uint64_t ino;
	int up, fd;
	if (!kind)
		return -ENOENT;
	snprintf(link, sizeof(link), "ns/%s", kind);
	if (nscache_ns_inode(dir_fd, link, &ino))
		return -ENOENT;
	snprintf(path, sizeof(path), ".ns/%s.%llu/%s", kind,
		 (unsigned long long)ino, name);
	/* proc/PID/: .ns is beside it; proc/PID/task/TID/ (a zombie
	 * leader's live thread): three levels up. */
	up = openat(dir_fd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (up < 0)
		return -ENOENT;
	fd = openat(up, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	close(up);
	if (fd < 0 && errno == ENOENT) {
		up = openat(dir_fd, "../../..",
			    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (up < 0)
			return -ENOENT;
		fd = openat(up, path,
			    O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
		close(up);
	}
	return fd < 0 ? -errno : fd;
}

int proc_open_pid(int root_fd, pid_t pid)
{
	char name[24];
	int fd;
	snprintf(name, sizeof(name), "%d", (int)pid);
	fd = openat(root_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int proc_read_file(int dir_fd, const char *name, size_t cap, struct strbuf *out,
		   bool *truncated)
{
	int fd, ret = 0;
	strbuf_reset(out);
	if (truncated)
		*truncated = false;
	/* O_NONBLOCK: /proc files never block, but a hostile bind mount over
	 * a /proc path could put a FIFO here. */
	fd = openat(dir_fd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		fd = -errno;
	/* Not there: in a snapshot's tree, its namespace's copy or the
	 * error it recorded (one statfs, and only then: on procfs the
	 * process is gone). */
	if (fd == -ENOENT && !proc_is_procfs(dir_fd)) {
		fd = open_ns_copy(dir_fd, name);
		if (fd == -ENOENT)
			fd = proc_snap_errno(dir_fd, name);
	}
	if (fd < 0)
		return fd;
	for (;;) {
		ssize_t n;
		size_t room;
		if (out->len >= cap) {
			char probe;
			n = read(fd, &probe, 1);
			if (truncated && n > 0)
				*truncated = true;
			break;
		}
		strbuf_grow(out, out->len < 4096 ? 4096 : out->len);
		room = out->alloc - out->len - 1;
		if (room > cap - out->len)
			room = cap - out->len;
		n = read(fd, out->buf + out->len, room);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->buf[out->len] = '\0';
	}
	close(fd);
	if (ret)
		strbuf_reset(out);
	return ret;
}

int proc_readlink(int dir_fd, const char *name, char **out)
{
	size_t size = 256;
	*out = NULL;
	while (size <= 65536) {
		char *buf = xmalloc(size);
		ssize_t n = readlinkat(dir_fd, name, buf, size);
		if (n < 0) {
			int e = errno;
			free(buf);
			return e == ENOENT ? proc_snap_errno(dir_fd, name) : -e;
		}
		if ((size_t)n < size) {
			buf[n] = '\0';
			*out = buf;
			return 0;
		}
		free(buf);
		size *= 4;
	}
	return -ENAMETOOLONG;
}

int proc_read_mem_file(int dir_fd, const char *name, size_t cap,
		       struct strbuf *out, bool *truncated)
{
	int r = proc_read_file(dir_fd, name, cap, out, truncated);
	if (r == -ESRCH && !faccessat(dir_fd, "stat", F_OK, 0))
		return 0; /* alive: no memory, so nothing to read */
	return r;
}

bool proc_errno_vanished(int err)
{
	if (err < 0)
		err = -err;
	return err == ENOENT || err == ESRCH;
}
