/* fd/ and fdinfo/ of one process, read through its pid directory fd. */
#include "proc/fds.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc/fdinfo.h"
#include "proc/pidfile.h"
#include "util/xalloc.h"

static int fd_number(const char *name)
{
	long v = 0;
	if (!*name)
		return -1;
	for (; *name; name++) {
		if (*name < '0' || *name > '9' || v > 0x3fffffff)
			return -1;
		v = v * 10 + (*name - '0');
	}
	return (int)v;
}

static int cmp_fd(const void *a, const void *b)
{
	int x = ((const struct fd_entry *)a)->fd;
	int y = ((const struct fd_entry *)b)->fd;
	return (x > y) - (x < y);
}

static void read_info(int dir_fd, struct fd_entry *e, struct strbuf *sb)
{
	char name[32];
	struct fdinfo fi;
	snprintf(name, sizeof(name), "fdinfo/%d", e->fd);
	if (proc_read_file(dir_fd, name, 64 << 10, sb, NULL) ||
	    proc_fdinfo_parse(sb->buf, sb->len, &fi))
		return;
	e->has_info = true;
	e->pos = fi.pos;
	e->flags = fi.flags;
	e->mnt_id = fi.has_mnt_id ? fi.mnt_id : -1;
	if (e->type == FD_FILE && fi.has_flags && (fi.flags & O_DIRECTORY))
		e->type = FD_DIR;
}

/* One fd: the link text, and the link's own mode for the access mode (a
 * /proc fd link is r-x for O_RDONLY, -wx for O_WRONLY, rwx for O_RDWR). */
static int read_one(int fds_fd, const char *name, struct fd_entry *e)
{
	struct stat st;
	char *link;
	size_t len;
	int r = proc_readlink(fds_fd, name, &link);
	if (r)
		return r;
	len = fd_classify(link, strlen(link), &e->type, &e->inode, &e->deleted);
	link[len] = '\0';
	e->target = link;
	if (!fstatat(fds_fd, name, &st, AT_SYMLINK_NOFOLLOW)) {
		char *m = e->mode;
		if (st.st_mode & S_IRUSR)
			*m++ = 'r';
		if (st.st_mode & S_IWUSR)
			*m++ = 'w';
		*m = '\0';
	}
	return 0;
}

int proc_fds_read(int dir_fd, bool with_info, struct fd_list *out,
		  struct strbuf *sb)
{
	struct dirent *de;
	DIR *d;
	int denied = 0, r;
	int fds_fd = openat(dir_fd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fds_fd < 0 || !(d = fdopendir(fds_fd))) {
		int e = errno;
		if (fds_fd >= 0)
			close(fds_fd);
		out->err = proc_errno_vanished(e) ? ESRCH : e;
		return -out->err;
	}
	while ((de = readdir(d))) {
		struct fd_entry e = {.fd = fd_number(de->d_name)};
		if (e.fd < 0)
			continue;
		r = read_one(fds_fd, de->d_name, &e);
		if (r == -EACCES || r == -EPERM)
			denied = -r; /* listing allowed, links not */
		if (r)
			continue; /* else: closed meanwhile */
		if (with_info)
			read_info(dir_fd, &e, sb);
		out->e =
			xgrow(out->e, &out->alloc, out->n + 1, sizeof(*out->e));
		out->e[out->n++] = e;
	}
	closedir(d);
	/* An empty array may be NULL, which qsort must not get. */
	if (out->n)
		qsort(out->e, out->n, sizeof(*out->e), cmp_fd);
	/* Links the listing showed but we may not read: say so, with what
	 * could be read, rather than drop them as if closed. */
	if (denied) {
		out->err = denied;
		return -denied;
	}
	return 0;
}

void pipe_index_add(struct pipe_index *ix, int dir_fd, pid_t pid)
{
	struct dirent *de;
	DIR *d;
	int fds_fd = openat(dir_fd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fds_fd < 0)
		return;
	if (!(d = fdopendir(fds_fd))) {
		close(fds_fd);
		return;
	}
	while ((de = readdir(d))) {
		char link[64];
		ssize_t n;
		enum fd_type t;
		uint64_t ino;
		bool del;
		if (fd_number(de->d_name) < 0)
			continue;
		n = readlinkat(fds_fd, de->d_name, link, sizeof(link) - 1);
		if (n <= 5 || memcmp(link, "pipe:", 5))
			continue;
		fd_classify(link, (size_t)n, &t, &ino, &del);
		if (!ino)
			continue;
		ix->refs = xgrow(ix->refs, &ix->alloc, ix->n + 1,
				 sizeof(*ix->refs));
		ix->refs[ix->n].inode = ino;
		ix->refs[ix->n++].pid = pid;
	}
	closedir(d);
}

void pipe_index_merge(struct pipe_index *ix, const struct pipe_index *from)
{
	if (!from->n)
		return;
	ix->refs =
		xgrow(ix->refs, &ix->alloc, ix->n + from->n, sizeof(*ix->refs));
	memcpy(ix->refs + ix->n, from->refs, from->n * sizeof(*ix->refs));
	ix->n += from->n;
}

static int cmp_ref(const void *a, const void *b)
{
	const struct pipe_ref *x = a, *y = b;
	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

void pipe_index_sort(struct pipe_index *ix)
{
	/* An empty array may be NULL, which qsort must not get. */
	if (ix->n)
		qsort(ix->refs, ix->n, sizeof(*ix->refs), cmp_ref);
}

void pipe_index_peers(const struct pipe_index *ix, pid_t self,
		      struct fd_entry *e)
{
	size_t lo = 0, hi = ix->n, i;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ix->refs[mid].inode < e->inode)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < ix->n && ix->refs[i].inode == e->inode; i++) {
		pid_t p = ix->refs[i].pid;
		/* One entry per pid, however many fds it holds. */
		if (p == self || (e->npeers && e->peers[e->npeers - 1] == p))
			continue;
		e->peers = xrealloc(e->peers, (e->npeers + 1) * sizeof(pid_t));
		e->peers[e->npeers++] = p;
	}
}

void pipe_index_release(struct pipe_index *ix)
{
	free(ix->refs);
	memset(ix, 0, sizeof(*ix));
}
