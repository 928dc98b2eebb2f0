/* fd/ and fdinfo/ of one process, read through its pid directory fd. */
#include "proc/fds.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "model/nstab.h"
#include "proc/fdinfo.h"
#include "proc/leader.h"
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

static int cmp_fdstat(const void *a, const void *b)
{
	int x = ((const struct fdstat *)a)->fd;
	int y = ((const struct fdstat *)b)->fd;
	return (x > y) - (x < y);
}

void proc_fdstat_parse(const char *buf, size_t len, struct fdstat_tab *t)
{
	char *copy = xmemdup0(buf, len), *line, *save = NULL;
	memset(t, 0, sizeof(*t));
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct fdstat f = {0};
		unsigned long long dev, ino, size;
		int n = sscanf(line, "%d %o %o %llu %llu %llu %u %u", &f.fd,
			       &f.lmode, &f.ftype, &dev, &ino, &size, &f.nlink,
			       &f.rdev_major);
		if (n != 2 && n != 8)
			continue;
		if (n == 8) {
			f.has_stat = true;
			f.dev = dev;
			f.ino = ino;
			f.size = size;
		}
		t->v = xgrow(t->v, &t->alloc, t->n + 1, sizeof(*t->v));
		t->v[t->n++] = f;
	}
	free(copy);
	if (t->n)
		qsort(t->v, t->n, sizeof(*t->v), cmp_fdstat);
}

static void fdstat_load(int dir_fd, struct fdstat_tab *t, struct strbuf *sb)
{
	memset(t, 0, sizeof(*t));
	if (!proc_read_file(dir_fd, FDS_STAT_FILE, 64u << 20, sb, NULL))
		proc_fdstat_parse(sb->buf, sb->len, t);
}

const struct fdstat *proc_fdstat_find(const struct fdstat_tab *t, int fd)
{
	struct fdstat key = {.fd = fd};
	return t && t->n ? bsearch(&key, t->v, t->n, sizeof(*t->v), cmp_fdstat)
			 : NULL;
}

/* fdinfo/N into e; *err (may be NULL) gets the errno reading it gave,
 * and sb holds the text read. */
static bool read_info(int dir_fd, struct fd_entry *e, struct strbuf *sb,
		      int *err)
{
	char name[32];
	struct fdinfo fi;
	int r;
	snprintf(name, sizeof(name), "fdinfo/%d", e->fd);
	r = proc_read_file(dir_fd, name, 64 << 10, sb, NULL);
	if (err)
		*err = -r;
	if (r || proc_fdinfo_parse(sb->buf, sb->len, &fi))
		return false;
	e->has_info = true;
	e->pos = fi.pos;
	e->flags = fi.flags;
	e->mnt_id = fi.has_mnt_id ? fi.mnt_id : -1;
	if (e->type == FD_FILE && fi.has_flags && (fi.flags & O_DIRECTORY))
		e->type = FD_DIR;
	return true;
}

static void set_mode(struct fd_entry *e, bool r, bool w)
{
	char *m = e->mode;
	if (r)
		*m++ = 'r';
	if (w)
		*m++ = 'w';
	*m = '\0';
}

/* How a link is stat'ed: through the kernel's link, or from a
 * snapshot's record (tab); with record set, what the kernel said is
 * also appended there. */
struct linkstat {
	const struct fdstat_tab *tab; /* NULL: live */
	struct strbuf *record;
};

/* The link's own mode: a /proc fd link is r-x for O_RDONLY, -wx for
 * O_WRONLY, rwx for O_RDWR. */
static bool link_mode(const struct linkstat *ls, int fds_fd, const char *name,
		      int fd, unsigned *mode)
{
	struct stat st;
	if (ls->tab) {
		const struct fdstat *f = proc_fdstat_find(ls->tab, fd);
		*mode = f ? f->lmode : 0;
		return f != NULL;
	}
	if (fstatat(fds_fd, name, &st, AT_SYMLINK_NOFOLLOW))
		return false;
	*mode = st.st_mode & 07777;
	return true;
}

static void read_mode(const struct linkstat *ls, int fds_fd, const char *name,
		      struct fd_entry *e)
{
	unsigned mode;
	if (link_mode(ls, fds_fd, name, e->fd, &mode))
		set_mode(e, mode & S_IRUSR, mode & S_IWUSR);
}

/* One fd: the link text. */
static int read_one(int fds_fd, const char *name, struct fd_entry *e)
{
	char *link;
	size_t len;
	int r = proc_readlink(fds_fd, name, &link);
	if (r)
		return r;
	len = fd_classify(link, strlen(link), &e->type, &e->inode, &e->deleted);
	link[len] = '\0';
	e->target = link;
	return 0;
}

/* The access mode: fdinfo's flags when read (an O_PATH descriptor is
 * open for neither: link ---); socket(2), socketpair(2) and accept(2)
 * give O_RDWR descriptors, and no fcntl changes an access mode; else the
 * link's own mode. */
static void fd_mode(const struct linkstat *ls, int fds_fd, const char *name,
		    struct fd_entry *e)
{
	if (e->has_info) {
		if (!(e->flags & O_PATH))
			set_mode(e, (e->flags & O_ACCMODE) != O_WRONLY,
				 (e->flags & O_ACCMODE) != O_RDONLY);
	} else if (e->type == FD_SOCKET) {
		set_mode(e, true, true);
	} else {
		read_mode(ls, fds_fd, name, e);
	}
}

/* A path target's type from its inode, by a stat through the link (it
 * follows the magic link to the open file without a path lookup, and
 * never opens it). The stat is made only on a mount whose file system
 * cannot hang it: with fdinfo read, the mount its mnt_id names, exactly;
 * without, the mount of the longest mount point above the link's path,
 * which a later mount can shadow. So the stat also asks the file system
 * not to sync attributes with a server or daemon (AT_STATX_DONT_SYNC):
 * FUSE, the one network-like file system an unprivileged user can mount
 * (in a user namespace) and then shadow, answers it from its cache. The
 * type of an inode never changes, so a cached answer is exact. */
/* The stat fields of FDS_STAT_FILE, as type_path reads them. */
static void add_stat(struct strbuf *rec, const struct statx *stx)
{
	strbuf_addf(rec, " %o %llu %llu %llu %u %u", stx->stx_mode & S_IFMT,
		    (unsigned long long)makedev(stx->stx_dev_major,
						stx->stx_dev_minor),
		    (unsigned long long)stx->stx_ino,
		    (unsigned long long)((stx->stx_mask & STATX_SIZE)
						 ? stx->stx_size
						 : 0),
		    (stx->stx_mask & STATX_NLINK) ? stx->stx_nlink : 1,
		    stx->stx_rdev_major);
}

static void record_stat(const struct linkstat *ls, int fds_fd, const char *name)
{
	struct statx stx;
	if (!statx(fds_fd, name, AT_STATX_DONT_SYNC,
		   STATX_TYPE | STATX_INO | STATX_SIZE | STATX_NLINK, &stx) &&
	    (stx.stx_mask & STATX_TYPE))
		add_stat(ls->record, &stx);
}

static void type_path(const struct linkstat *ls, int fds_fd, const char *name,
		      struct fd_entry *e, const struct mountns *mounts)
{
	const struct mount_entry *m, *other;
	const struct fdstat *f;
	struct statx stx;
	if (e->has_info)
		m = e->mnt_id >= 0 ? mountns_by_id(mounts, e->mnt_id) : NULL;
	else
		m = mountns_by_path(mounts, e->target, strlen(e->target));
	/* A snapshot records the stat whenever a reader would make it: one
	 * that reads fdinfo finds the mount by its id, one that does not by
	 * the path (an fd opened before its process left the mount
	 * namespace has an id of the namespace it left). */
	if (ls->record && !(m && !fstype_may_hang(m->fstype))) {
		other = mountns_by_path(mounts, e->target, strlen(e->target));
		if (other && !fstype_may_hang(other->fstype))
			record_stat(ls, fds_fd, name);
	}
	if (!m)
		return;
	e->fstype = m->fstype;
	if (ls->tab) {
		if (fstype_may_hang(m->fstype) ||
		    !(f = proc_fdstat_find(ls->tab, e->fd)) || !f->has_stat)
			return;
		e->has_stat = true;
		e->ftype = f->ftype;
		e->dev = f->dev;
		e->ino = f->ino;
		e->size = f->size;
		e->nlink = f->nlink;
		fd_type_from_stat(e, f->rdev_major);
		return;
	}
	if (fstype_may_hang(m->fstype) ||
	    statx(fds_fd, name, AT_STATX_DONT_SYNC,
		  STATX_TYPE | STATX_INO | STATX_SIZE | STATX_NLINK, &stx) ||
	    !(stx.stx_mask & STATX_TYPE))
		return;
	e->has_stat = true;
	e->ftype = stx.stx_mode & S_IFMT;
	e->dev = makedev(stx.stx_dev_major, stx.stx_dev_minor);
	e->ino = stx.stx_ino;
	e->size = (stx.stx_mask & STATX_SIZE) ? stx.stx_size : 0;
	e->nlink = (stx.stx_mask & STATX_NLINK) ? stx.stx_nlink : 1;
	fd_type_from_stat(e, stx.stx_rdev_major);
	if (ls->record)
		add_stat(ls->record, &stx);
}

/* A target named by a path (not a memfd, whose link is "/memfd:..."):
 * what a stat through the link can type. */
static bool is_path(const struct fd_entry *e)
{
	return e->target[0] == '/' && e->type != FD_MEMFD;
}

int proc_fds_read(int dir_fd, const struct fds_read_opts *o,
		  struct fd_list *out, struct strbuf *sb)
{
	static const struct fds_read_opts links_only;
	struct fdstat_tab tab = {0};
	struct linkstat ls = {0};
	const struct mountns *mounts = NULL;
	bool asked = false, snap;
	struct dirent *de;
	DIR *d;
	int denied = 0, r;
	int fds_fd = openat(dir_fd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fds_fd < 0 || !(d = fdopendir(fds_fd))) {
		int e = errno;
		if (e == ENOENT)
			e = -proc_snap_errno(dir_fd, "fd");
		if (fds_fd >= 0)
			close(fds_fd);
		out->err = proc_errno_vanished(e) ? ESRCH : e;
		return -out->err;
	}
	if (!o)
		o = &links_only;
	snap = !proc_is_procfs(dir_fd);
	if (!o->text_only && snap) {
		fdstat_load(dir_fd, &tab, sb);
		ls.tab = &tab;
	}
	ls.record = ls.tab ? NULL : o->record;
	while ((de = readdir(d))) {
		struct fd_entry e = {.fd = fd_number(de->d_name), .mnt_id = -1};
		char *dot = strchr(de->d_name, '.');
		/* A snapshot keeps a link it could not read as N.errno. */
		if (e.fd < 0 && snap && dot && !strcmp(dot, ".errno")) {
			*dot = '\0';
			e.fd = fd_number(de->d_name);
		}
		if (e.fd < 0)
			continue;
		r = read_one(fds_fd, de->d_name, &e);
		if (r == -EACCES || r == -EPERM)
			denied = -r; /* listing allowed, links not */
		if (r && o->raw && !proc_errno_vanished(r))
			o->raw(o->raw_arg, e.fd, NULL, -r, NULL, 0, 0);
		if (r)
			continue; /* else: closed meanwhile */
		if (o->text_only)
			goto add;
		if (o->info) {
			int ierr;
			read_info(dir_fd, &e, sb, &ierr);
			if (o->raw) {
				/* The link's text as read: the reader
				 * strips " (deleted)" and says so. */
				struct strbuf raw = STRBUF_INIT;
				strbuf_addf(&raw, "%s%s", e.target,
					    e.deleted ? " (deleted)" : "");
				o->raw(o->raw_arg, e.fd, raw.buf, 0,
				       ierr ? NULL : sb->buf,
				       ierr ? 0 : sb->len, ierr);
				strbuf_release(&raw);
			}
		}
		fd_mode(&ls, fds_fd, de->d_name, &e);
		if (ls.record) {
			unsigned mode = 0;
			link_mode(&ls, fds_fd, de->d_name, e.fd, &mode);
			strbuf_addf(ls.record, "%d %o", e.fd, mode);
		}
		if (o->mounts && is_path(&e) && !asked) {
			mounts = o->mounts(o->mounts_arg);
			asked = true;
		}
		if (mounts && is_path(&e))
			type_path(&ls, fds_fd, de->d_name, &e, mounts);
		if (ls.record)
			strbuf_addch(ls.record, '\n');
	add:
		out->e =
			xgrow(out->e, &out->alloc, out->n + 1, sizeof(*out->e));
		out->e[out->n++] = e;
	}
	closedir(d);
	free(tab.v);
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

static size_t add_pipes(struct pipe_index *ix, int dir_fd, pid_t pid)
{
	struct dirent *de;
	size_t seen = 0;
	DIR *d;
	int fds_fd = openat(dir_fd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fds_fd < 0)
		return 0;
	if (!(d = fdopendir(fds_fd))) {
		close(fds_fd);
		return 0;
	}
	while ((de = readdir(d))) {
		char link[64];
		ssize_t n;
		enum fd_type t;
		uint64_t ino;
		bool del;
		if (fd_number(de->d_name) < 0)
			continue;
		seen++;
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
	return seen;
}

void pipe_index_add(struct pipe_index *ix, int dir_fd, pid_t pid,
		    struct strbuf *sb)
{
	pid_t tid = 0;
	int t;
	/* No fds: perhaps a zombie leader, whose fds are its threads'. */
	if (add_pipes(ix, dir_fd, pid))
		return;
	t = proc_leader_dir(dir_fd, pid, &tid, sb);
	if (t >= 0) {
		add_pipes(ix, t, pid);
		close(t);
	}
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
	size_t i, k = 0;
	/* An empty array may be NULL, which qsort must not get. */
	if (!ix->n)
		return;
	qsort(ix->refs, ix->n, sizeof(*ix->refs), cmp_ref);
	/* One ref per (pipe, pid), however many fds a process holds. */
	for (i = 0; i < ix->n; i++)
		if (!k || cmp_ref(&ix->refs[k - 1], &ix->refs[i]))
			ix->refs[k++] = ix->refs[i];
	ix->n = k;
}

/* The first ref at or after (inode, pid). */
static size_t lower(const struct pipe_index *ix, uint64_t inode, pid_t pid)
{
	struct pipe_ref key = {inode, pid};
	size_t lo = 0, hi = ix->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_ref(&ix->refs[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void pipe_index_peers(const struct pipe_index *ix, pid_t self,
		      struct fd_entry *e, bool all)
{
	/* Binary searches only: the cost per fd does not grow with the
	 * number of processes sharing the pipe (unless all are asked for). */
	size_t lo = lower(ix, e->inode, 0);
	size_t hi = e->inode == UINT64_MAX ? ix->n : lower(ix, e->inode + 1, 0);
	size_t at = lower(ix, e->inode, self), i;
	bool mine = at < hi && ix->refs[at].pid == self;
	size_t keep = all ? hi - lo : FD_PEERS_SHOWN;
	e->npeers = 0;
	e->peers_total = hi - lo - (mine ? 1 : 0);
	for (i = lo; i < hi && e->npeers < keep; i++) {
		if (ix->refs[i].pid == self)
			continue;
		e->peers = xrealloc(e->peers, (e->npeers + 1) * sizeof(pid_t));
		e->peers[e->npeers++] = ix->refs[i].pid;
	}
}

void pipe_index_release(struct pipe_index *ix)
{
	free(ix->refs);
	memset(ix, 0, sizeof(*ix));
}
