/* Finding etcd, its database and its WAL through /proc, and opening them
 * read-only without ever blocking on or locking them. */
#include "etcd/locate.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/fd.h"
#include "model/proc.h"
#include "model/table.h"
#include "model/nstab.h"
#include "proc/fdinfo.h"
#include "proc/cmdline.h"
#include "proc/fds.h"
#include "proc/holder.h"
#include "proc/mounts.h"
#include "proc/pidfile.h"
#include "proc/pids.h"
#include "proc/stat.h"
#include "proc/status.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define DB_SUFFIX "/member/snap/db"
#define ENV_CAP (4u << 20)

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !memcmp(s + n - k, suffix, k);
}

bool etcd_is_etcd(const char *comm, const char *exe)
{
	const char *base;
	if (comm && !strcmp(comm, "etcd"))
		return true;
	if (!exe)
		return false;
	base = strrchr(exe, '/');
	base = base ? base + 1 : exe;
	return !strcmp(base, "etcd") || !strcmp(base, "etcd (deleted)");
}

/* A WAL segment: .../member/wal/<16 hex>-<16 hex>.wal */
static bool is_wal(const char *t)
{
	const char *slash = strrchr(t, '/');
	return slash && slash - t >= 10 &&
	       !memcmp(slash - 10, "member/wal", 10) && ends_with(t, ".wal");
}

char *etcd_data_dir(char *const *argv, const char *env, size_t len)
{
	size_t i;
	for (i = 0; argv && argv[i]; i++) {
		const char *a = argv[i];
		if (!strncmp(a, "--", 2))
			a++; /* etcd's flag package takes -x and --x alike */
		if (!strncmp(a, "-data-dir=", 10))
			return xstrdup(a + 10);
		if (!strcmp(a, "-data-dir") && argv[i + 1])
			return xstrdup(argv[i + 1]);
	}
	for (i = 0; env && i < len;) {
		const char *s = env + i;
		size_t n = strnlen(s, len - i);
		if (n > 14 && !memcmp(s, "ETCD_DATA_DIR=", 14))
			return xmemdup0(s + 14, n - 14);
		i += n + 1;
	}
	return NULL;
}

/* The database (the first fd whose link ends in member/snap/db) and the
 * WAL segments among fds l, into e (no fd opened). */
static void etcd_fds(const struct fd_list *l, struct host_etcd *e)
{
	size_t i, n = 0;
	for (i = 0; i < l->n; i++) {
		const struct fd_entry *f = &l->e[i];
		if (f->type != FD_FILE || !f->target)
			continue;
		if (e->db_fdnum < 0 && ends_with(f->target, DB_SUFFIX)) {
			e->db_fdnum = f->fd;
			e->db_path = xstrdup(f->target);
		}
		n += is_wal(f->target);
	}
	e->wal_paths = xcalloc(n + 1, sizeof(*e->wal_paths));
	e->wal_fdnums = xcalloc(n + 1, sizeof(*e->wal_fdnums));
	e->wal_fds = xcalloc(n + 1, sizeof(*e->wal_fds));
	for (i = 0; i < l->n; i++) {
		const struct fd_entry *f = &l->e[i];
		if (f->type != FD_FILE || !f->target || !is_wal(f->target))
			continue;
		e->wal_paths[e->nwal] = xstrdup(f->target);
		e->wal_fdnums[e->nwal] = f->fd;
		e->wal_fds[e->nwal++] = -1;
	}
}

static void add_fds(int dir_fd, struct etcd_proc *e, struct strbuf *sb)
{
	struct fd_list l = {0};
	int r = proc_fds_read(dir_fd, NULL, &l, sb);
	if (r && !l.n)
		e->err = -r;
	etcd_fds(&l, &e->h);
	fd_list_release(&l);
}

static void examine(int root_fd, const struct proc *p, struct etcd_procs *out)
{
	struct strbuf sb = STRBUF_INIT;
	struct etcd_proc *e;
	int dir_fd = proc_open_pid(root_fd, p->pid);
	if (dir_fd < 0)
		return;
	out->p = xgrow(out->p, &out->alloc, out->n + 1, sizeof(*out->p));
	e = &out->p[out->n++];
	memset(e, 0, sizeof(*e));
	host_etcd_init(&e->h);
	e->h.pid = p->pid;
	e->h.start_ticks = p->start_ticks;
	e->h.comm = xstrdup(p->comm ? p->comm : "");
	/* argv of etcd alone: the table was read without it, as every
	 * procsift scan does this. */
	if (!proc_read_mem_file(dir_fd, "cmdline", ENV_CAP, &sb, NULL)) {
		char **argv = NULL;
		size_t argc = 0;
		proc_cmdline_parse(sb.buf, sb.len, &argv, &argc);
		e->data_dir = etcd_data_dir(argv, NULL, 0);
		proc_argv_free(argv);
	}
	if (!e->data_dir &&
	    !proc_read_mem_file(dir_fd, "environ", ENV_CAP, &sb, NULL))
		e->data_dir = etcd_data_dir(NULL, sb.buf, sb.len);
	add_fds(dir_fd, e, &sb);
	strbuf_release(&sb);
	close(dir_fd);
}

int etcd_locate(const struct proc_source *src, const pid_t *pids, size_t npids,
		struct etcd_procs *out)
{
	struct proc_table t;
	size_t i, k;
	int root_fd, r;
	memset(out, 0, sizeof(*out));
	proc_table_init(&t);
	r = proc_pids_read(&t, PROC_WANT_EXE, src);
	root_fd = r ? r : proc_open_root(src);
	if (root_fd < 0) {
		proc_table_release(&t);
		return root_fd;
	}
	for (i = 0; i < t.n; i++) {
		const struct proc *p = t.procs[i];
		bool want = false;
		if (p->kthread)
			continue;
		for (k = 0; k < npids; k++)
			want = want || pids[k] == p->pid;
		if (npids ? want : etcd_is_etcd(p->comm, p->exe))
			examine(root_fd, p, out);
	}
	close(root_fd);
	proc_table_release(&t);
	return 0;
}

bool etcd_from_snap(const struct psnap *s, struct host_etcd *e)
{
	const struct proc *p = &s->proc;
	if (p->kthread || !etcd_is_etcd(p->comm, p->exe))
		return false;
	etcd_fds(&s->fds, e);
	if (e->db_fdnum < 0) {
		host_etcd_release(e);
		return false;
	}
	e->pid = p->pid;
	e->start_ticks = p->start_ticks;
	e->comm = xstrdup(p->comm ? p->comm : "");
	e->container = p->container.id[0] ? xstrdup(p->container.id) : NULL;
	e->pod_uid =
		p->container.pod_uid[0] ? xstrdup(p->container.pod_uid) : NULL;
	return true;
}

void etcd_host_close(struct host_etcd *e)
{
	size_t i;
	if (e->db_fd >= 0)
		close(e->db_fd);
	e->db_fd = -1;
	for (i = 0; i < e->nwal; i++) {
		if (e->wal_fds[i] >= 0)
			close(e->wal_fds[i]);
		e->wal_fds[i] = -1;
	}
}

void etcd_procs_release(struct etcd_procs *l)
{
	size_t i;
	for (i = 0; i < l->n; i++) {
		host_etcd_release(&l->p[i].h);
		free(l->p[i].data_dir);
	}
	free(l->p);
	memset(l, 0, sizeof(*l));
}

/* The process at dir_fd is still the one that started at start_ticks. */
static int same_process(int dir_fd, unsigned long long start_ticks)
{
	struct strbuf sb = STRBUF_INIT;
	struct proc_stat st;
	int r = proc_read_file(dir_fd, "stat", 4096, &sb, NULL);
	if (!r && proc_stat_parse(sb.buf, sb.len, &st))
		r = -ESRCH;
	if (!r && start_ticks && st.start_ticks != start_ticks)
		r = -ESRCH;
	strbuf_release(&sb);
	return r;
}

/* 0 when mount mnt_id (of the process whose table is mounts) is on a
 * file system that answers a stat and an open itself; -EREMOTE when it is
 * a network or FUSE file system (whose server or daemon, perhaps another
 * user's, may never answer) or cannot be told. */
static int local_mount(const struct mountns *mounts, int mnt_id)
{
	const struct mount_entry *m = mountns_by_id(mounts, mnt_id);
	return m && !fstype_may_hang(m->fstype) ? 0 : -EREMOTE;
}

/* Open fd fdnum of the process at dir_fd after the checks etcd_host_open
 * names. Returns the new fd, or -errno. */
static int open_target(int dir_fd, unsigned long long start_ticks, int fdnum,
		       uint64_t max_size, const struct mountns *mounts)
{
	char name[32], *link = NULL;
	struct strbuf sb = STRBUF_INIT;
	struct fdinfo fi;
	struct statx stx;
	struct stat st;
	int fd = -1, r;
	r = same_process(dir_fd, start_ticks);
	if (r)
		goto out;
	/* The link text first: a path, and not a device, so that the open
	 * below cannot be of a tty, tape or FIFO in /dev. */
	snprintf(name, sizeof(name), "fd/%d", fdnum);
	r = proc_readlink(dir_fd, name, &link);
	if (!r && (link[0] != '/' || !strncmp(link, "/dev/", 5)))
		r = -EPERM;
	snprintf(name, sizeof(name), "fdinfo/%d", fdnum);
	if (!r)
		r = proc_read_file(dir_fd, name, 64 << 10, &sb, NULL);
	if (!r && proc_fdinfo_parse(sb.buf, sb.len, &fi))
		r = -EPERM;
	/* Not O_PATH: etcd never holds its files so. A write-only fd
	 * passes on to the check of the holder's credentials: etcd writes
	 * its WAL O_WRONLY, and the holder itself may reopen it for reading
	 * through /proc/self/fd/N exactly when that check passes. */
	if (!r && (!fi.has_flags || (fi.flags & O_PATH)))
		r = -EACCES;
	/* The file system first: a stat or an open on FUSE or NFS goes to
	 * a daemon or server that may never answer (any user can mount
	 * FUSE in a user namespace and name a process etcd). */
	if (!r)
		r = fi.has_mnt_id ? local_mount(mounts, fi.mnt_id) : -EREMOTE;
	if (r)
		goto out;
	/* The target's type, without opening it: a device node outside
	 * /dev (some opens have side effects) is refused here. Not synced
	 * with any server: the type of an inode never changes. */
	snprintf(name, sizeof(name), "fd/%d", fdnum);
	if (statx(dir_fd, name, AT_STATX_DONT_SYNC,
		  STATX_TYPE | STATX_MODE | STATX_UID | STATX_GID | STATX_SIZE,
		  &stx)) {
		r = -errno;
		goto out;
	}
	/* Before its type or size is looked at, so that neither is told
	 * about a file the holder could not read. */
	if ((stx.stx_mask & (STATX_MODE | STATX_UID | STATX_GID)) !=
		    (STATX_MODE | STATX_UID | STATX_GID) ||
	    !proc_holder_may_read(dir_fd, stx.stx_uid, stx.stx_gid,
				  stx.stx_mode)) {
		r = -EACCES;
		goto out;
	}
	if (!(stx.stx_mask & STATX_TYPE) || !S_ISREG(stx.stx_mode)) {
		r = -EPERM;
		goto out;
	}
	if (max_size && stx.stx_size > max_size) {
		r = -EFBIG;
		goto out;
	}
	/* O_NONBLOCK: a FIFO that slipped through opens without waiting for
	 * a writer; O_NOCTTY: no terminal becomes ours. Read-only, never
	 * locked. */
	fd = openat(dir_fd, name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		goto out;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    (fi.has_ino && fi.ino != (uint64_t)st.st_ino))
		r = -EPERM;
	/* The pid could have been reused between the checks and the open. */
	if (!r)
		r = same_process(dir_fd, start_ticks);
	if (r) {
		close(fd);
		fd = -1;
	}
out:
	free(link);
	strbuf_release(&sb);
	return r ? r : fd;
}

/* A snapshot's copy of the file etcd held at fd fdnum (procsift
 * snapshot --with-etcd copied it through the checks of open_target):
 * SNAP_ETCD_DIR/PID/fd/N beside the snapshot's proc/. */
static int open_copy(const struct proc_source *src, pid_t pid, int fdnum,
		     uint64_t max_size)
{
	char path[96];
	struct stat st;
	int fd;
	snprintf(path, sizeof(path), "../%s/%d/fd/%d", SNAP_ETCD_DIR, (int)pid,
		 fdnum);
	fd = openat(src->fd, path,
		    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ENODATA : -errno;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    (max_size && (uint64_t)st.st_size > max_size)) {
		bool reg = S_ISREG(st.st_mode);
		close(fd);
		return reg ? -EFBIG : -EPERM;
	}
	return fd;
}

/* How etcd's files are opened: through its fds (live, or another proc
 * mount), or a snapshot's copies of them. */
struct opener {
	const struct proc_source *src; /* a snapshot, or NULL */
	int dir_fd;		       /* else: /proc/PID, or -errno */
	struct mountns *mounts;	       /* its mount table, or NULL */
};

static int open_one(const struct opener *o, const struct host_etcd *e,
		    int fdnum, uint64_t max_size)
{
	if (o->src)
		return open_copy(o->src, e->pid, fdnum, max_size);
	if (o->dir_fd < 0)
		return o->dir_fd;
	if (o->mounts->err)
		return -o->mounts->err;
	return open_target(o->dir_fd, e->start_ticks, fdnum, max_size,
			   o->mounts);
}

void etcd_host_open(struct host_etcd *e, const struct proc_source *src,
		    uint64_t max_size, bool wal)
{
	struct opener o = {.dir_fd = -ENOENT};
	size_t i;
	int root_fd;
	if (src && src->snapshot) {
		o.src = src;
	} else {
		root_fd = proc_open_root(src);
		o.dir_fd =
			root_fd < 0 ? root_fd : proc_open_pid(root_fd, e->pid);
		if (root_fd >= 0)
			close(root_fd);
		if (o.dir_fd >= 0)
			o.mounts = mount_table_read(o.dir_fd);
	}
	e->db_fd = e->db_fdnum < 0 && o.src
			   ? -ENOENT
			   : open_one(&o, e, e->db_fdnum, max_size);
	if (e->db_fd < 0) {
		e->db_err = -e->db_fd;
		e->db_fd = -1;
	}
	for (i = 0; i < e->nwal; i++)
		e->wal_fds[i] =
			e->db_fd < 0 || !wal
				? -ENOENT
				: open_one(&o, e, e->wal_fdnums[i], max_size);
	if (o.mounts)
		mountns_free(o.mounts);
	if (o.dir_fd >= 0)
		close(o.dir_fd);
}
