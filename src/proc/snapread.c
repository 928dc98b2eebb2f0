/* Snapshot facets from /proc/PID/... through the pid directory fd. */
#include "proc/snapread.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/nstab.h"
#include "proc/boot.h"
#include "proc/cgroup.h"
#include "proc/cmdline.h"
#include "proc/environ.h"
#include "proc/fds.h"
#include "proc/leader.h"
#include "proc/maps.h"
#include "proc/mounts.h"
#include "proc/pidfile.h"
#include "proc/sockets.h"
#include "proc/stat.h"
#include "proc/status.h"
#include "proc/tty.h"
#include "util/xalloc.h"

#define PF_KTHREAD 0x00200000UL /* include/linux/sched.h */
#define STATUS_CAP (1u << 20)	/* a Groups line of 65536 gids fits */

void psnap_shared_init(struct psnap_shared *sh, int root_fd)
{
	memset(sh, 0, sizeof(*sh));
	sh->mounts = mount_cache_new();
	sh->socks = sock_cache_new();
	sh->root_fd = root_fd;
	if (root_fd < 0 || proc_boot_time(root_fd, &sh->boot_time))
		sh->boot_time = 0;
	if (root_fd < 0 || proc_uptime(root_fd, &sh->uptime_cs))
		sh->uptime_cs = 0;
}

void psnap_shared_release(struct psnap_shared *sh)
{
	nscache_free(sh->mounts);
	nscache_free(sh->socks);
	memset(sh, 0, sizeof(*sh));
}

unsigned psnap_facets_closure(unsigned f)
{
	if (f & FACET_BIT(FACET_FDINFO))
		f |= FACET_BIT(FACET_FDS);
	/* The chain starts at stat's ppid; the tracer is status's. */
	if (f & FACET_BIT(FACET_KIN))
		f |= FACET_BIT(FACET_STAT) | FACET_BIT(FACET_STATUS);
	return f;
}

int proc_read_argv(struct proc *p, int dir_fd, size_t cap, struct strbuf *sb)
{
	bool trunc = false;
	int r = proc_read_mem_file(dir_fd, "cmdline", cap, sb, &trunc);
	if (proc_errno_vanished(r))
		return -ESRCH;
	if (r) {
		p->err[PROC_F_ARGV] = -r;
		return 0;
	}
	proc_cmdline_parse(sb->buf, sb->len, &p->argv, &p->argc);
	p->argv_truncated = trunc;
	return 0;
}

int proc_read_cgroup(struct proc *p, int dir_fd, struct strbuf *sb)
{
	struct container_info ci;
	int r = proc_read_file(dir_fd, "cgroup", 64 << 10, sb, NULL);
	if (proc_errno_vanished(r))
		return -ESRCH;
	if (r) {
		p->err[PROC_F_CGROUP] = -r;
		return 0;
	}
	if (sb->len && !cgroup_attribute(sb->buf, sb->len, &ci)) {
		p->cgroup = xmemdup0(ci.path, ci.path_len);
		ci.path = NULL;
		ci.path_len = 0;
		p->container = ci;
	}
	return 0;
}

static int read_stat(struct psnap *s, int dir_fd, struct psnap_shared *sh,
		     struct strbuf *sb)
{
	struct proc *p = &s->proc;
	struct proc_stat st;
	char tty[32];
	long hz = sysconf(_SC_CLK_TCK);
	int r = proc_read_file(dir_fd, "stat", 4096, sb, NULL);
	if (proc_errno_vanished(r))
		return -ESRCH;
	if (r)
		return r;
	if (proc_stat_parse(sb->buf, sb->len, &st))
		return -EINVAL;
	p->comm = xmemdup0(st.comm, st.comm_len);
	p->start_ticks = st.start_ticks;
	p->ppid = st.ppid;
	p->state = st.state;
	p->kthread = st.flags & PF_KTHREAD;
	p->tty_nr = st.tty_nr;
	if (st.tty_nr) {
		proc_tty_name(st.tty_nr, tty, sizeof(tty));
		p->tty = xstrdup(tty);
	}
	p->threads = (int)st.threads;
	p->rss_kib = (unsigned long)(st.rss_pages *
				     (unsigned long long)sysconf(_SC_PAGESIZE) /
				     1024);
	if (sh->uptime_cs) {
		/* Uptime from the start of the run: a process started
		 * since then is 0 s old, not negative. */
		p->age = proc_age_seconds(st.start_ticks, sh->uptime_cs,
					  hz > 0 ? hz : 100);
		p->has_age = true;
	}
	if (sh->boot_time)
		p->start_time =
			sh->boot_time +
			(time_t)(st.start_ticks /
				 (unsigned long long)(hz > 0 ? hz : 100));
	return 0;
}

static int read_status(struct psnap *s, int dir_fd, struct strbuf *sb)
{
	int r = proc_read_file(dir_fd, "status", STATUS_CAP, sb, NULL);
	if (r)
		return r;
	if (proc_status_parse(sb->buf, sb->len, &s->status))
		return -EINVAL;
	if (s->status.has_ids) {
		s->proc.ruid = s->status.uid[0];
		s->proc.uid = s->status.uid[1];
		s->proc.rgid = s->status.gid[0];
		s->proc.gid = s->status.gid[1];
	}
	return 0;
}

/* A link that a process may lack (kernel threads and zombies have no
 * exe): ENOENT leaves *out NULL without an error. */
static int read_link(int dir_fd, const char *name, char **out)
{
	int r = proc_readlink(dir_fd, name, out);
	return r == -ENOENT ? 0 : r;
}

static int read_ns(struct psnap *s, int dir_fd)
{
	char name[40];
	int k, err = 0;
	for (k = 0; k < NS__COUNT; k++) {
		int r;
		snprintf(name, sizeof(name), "ns/%s", ns_name(k));
		r = nscache_ns_inode(dir_fd, name, &s->ns[k]);
		/* Older kernels lack time namespaces: not an error. */
		if (r && r != -ENOENT && !err)
			err = r;
	}
	return err;
}

static int read_env(struct psnap *s, int dir_fd)
{
	bool trunc = false;
	int r = proc_read_mem_file(dir_fd, "environ", PSNAP_ENV_CAP,
				   &s->env_raw, &trunc);
	if (r)
		return r;
	if (trunc)
		s->truncated |= FACET_BIT(FACET_ENV);
	proc_environ_parse(s->env_raw.buf, s->env_raw.len, &s->env, &s->nenv);
	return 0;
}

struct map_collect {
	struct psnap *s;
	size_t alloc;
};

static int add_map(const struct map_entry *e, void *arg)
{
	struct map_collect *c = arg;
	c->s->maps = xgrow(c->s->maps, &c->alloc, c->s->nmaps + 1,
			   sizeof(*c->s->maps));
	c->s->maps[c->s->nmaps++] = *e;
	return 0;
}

static int read_maps(struct psnap *s, int dir_fd)
{
	struct map_collect c = {s, 0};
	bool trunc = false;
	int r = proc_read_file(dir_fd, "maps", PSNAP_MAPS_CAP, &s->maps_raw,
			       &trunc);
	if (r)
		return r;
	if (trunc) {
		/* Never parse the cut-off last line as a mapping. */
		char *nl = memrchr(s->maps_raw.buf, '\n', s->maps_raw.len);
		s->maps_raw.len = nl ? (size_t)(nl + 1 - s->maps_raw.buf) : 0;
		s->truncated |= FACET_BIT(FACET_MAPS);
	}
	proc_maps_each(s->maps_raw.buf, s->maps_raw.len, add_map, &c, NULL);
	return 0;
}

static int read_mounts(struct psnap *s, int dir_fd, struct psnap_shared *sh)
{
	s->mounts = mount_cache_ns(sh->mounts, dir_fd, &s->own_mounts);
	return s->mounts->err ? -s->mounts->err : 0;
}

/* The mount table for the fd reader, read when it first needs it (the
 * MOUNTS facet, loaded then if it was not). */
struct lazy_mounts {
	struct psnap *s;
	int dir_fd;
	struct psnap_shared *sh;
};

static const struct mountns *mounts_now(void *arg)
{
	struct lazy_mounts *m = arg;
	if (!(m->s->loaded & FACET_BIT(FACET_MOUNTS))) {
		int r = read_mounts(m->s, m->dir_fd, m->sh);
		m->s->loaded |= FACET_BIT(FACET_MOUNTS);
		if (r)
			m->s->err[FACET_MOUNTS] = -r;
	}
	return m->s->mounts;
}

static int read_fds(struct psnap *s, int dir_fd, bool info,
		    struct psnap_shared *sh, struct strbuf *sb)
{
	struct lazy_mounts lm = {s, dir_fd, sh};
	struct fds_read_opts o = {
		.info = info, .mounts = mounts_now, .mounts_arg = &lm};
	int r = proc_fds_read(dir_fd, &o, &s->fds, sb);
	if (info && r && r != -ESRCH)
		s->err[FACET_FDINFO] = -r;
	return r;
}

static int read_socks(struct psnap *s, int dir_fd, struct psnap_shared *sh)
{
	s->net = sock_cache_ns(sh->socks, dir_fd, &s->own_net);
	return s->net->err ? -s->net->err : 0;
}

/* One related process's stat (and for the parent its cgroup) into *k.
 * Returns 0, or -errno (ENOENT/ESRCH: gone). */
static int read_kin(int root_fd, pid_t pid, bool cgroup, struct psnap_kin *k,
		    pid_t *ppid, struct strbuf *sb)
{
	struct proc_stat st;
	struct container_info ci;
	char name[32];
	int r;
	memset(k, 0, sizeof(*k));
	snprintf(name, sizeof(name), "%d/stat", (int)pid);
	r = proc_read_file(root_fd, name, 4096, sb, NULL);
	if (r)
		return r;
	if (proc_stat_parse(sb->buf, sb->len, &st))
		return -EINVAL;
	k->pid = pid;
	k->start_ticks = st.start_ticks;
	k->tty_nr = st.tty_nr;
	memcpy(k->comm, st.comm,
	       st.comm_len < sizeof(k->comm) ? st.comm_len
					     : sizeof(k->comm) - 1);
	*ppid = st.ppid;
	if (!cgroup)
		return 0;
	snprintf(name, sizeof(name), "%d/cgroup", (int)pid);
	if (proc_read_file(root_fd, name, 64 << 10, sb, NULL))
		return 0;
	k->has_container = true;
	if (sb->len && !cgroup_attribute(sb->buf, sb->len, &ci))
		memcpy(k->container, ci.id, sizeof(k->container));
	return 0;
}

/* The parent chain up to pid 1 (each ancestor started no later than the
 * one below it: a pid reused meanwhile ends the chain), and the tracer.
 * An ancestor that cannot be read ends the chain without an error, but
 * the parent itself unreadable is this facet's error. */
static int read_kin_chain(struct psnap *s, struct psnap_shared *sh,
			  struct strbuf *sb)
{
	pid_t pid = s->proc.ppid, next;
	unsigned long long below = s->proc.start_ticks;
	int r = 0;
	if (sh->root_fd < 0)
		return -EBADF;
	while (pid > 0 && s->nkin < PSNAP_KIN_MAX) {
		struct psnap_kin *k = &s->kin[s->nkin];
		int e = read_kin(sh->root_fd, pid, s->nkin == 0, k, &next, sb);
		if (e || k->start_ticks > below) {
			if (s->nkin == 0 && e && !proc_errno_vanished(e))
				r = e;
			break;
		}
		s->nkin++;
		below = k->start_ticks;
		if (pid == 1)
			break;
		pid = next;
	}
	if (s->status.has_tracer && s->status.tracer_pid > 0 &&
	    !read_kin(sh->root_fd, s->status.tracer_pid, false, &s->tracer,
		      &next, sb))
		s->has_tracer = true;
	return r;
}

/* attr/current: EINVAL when no LSM that labels processes is active. */
static int read_lsm(struct psnap *s, int dir_fd, struct strbuf *sb)
{
	int r = proc_read_file(dir_fd, "attr/current", 4096, sb, NULL);
	if (r == -EINVAL || r == -ENOENT)
		return 0;
	if (r)
		return r;
	while (sb->len &&
	       (sb->buf[sb->len - 1] == '\n' || sb->buf[sb->len - 1] == '\0'))
		sb->len--;
	s->lsm = xmemdup0(sb->buf, sb->len);
	return 0;
}

/* Read one facet; a negative errno on failure. */
static int read_facet(struct psnap *s, enum facet f, int dir_fd,
		      unsigned facets, struct psnap_shared *sh,
		      struct strbuf *sb)
{
	struct proc *p = &s->proc;
	int r;
	switch (f) {
	case FACET_STAT:
		return read_stat(s, dir_fd, sh, sb);
	case FACET_STATUS:
		return read_status(s, dir_fd, sb);
	case FACET_ARGV:
		r = proc_read_argv(p, dir_fd, PSNAP_ARGV_CAP, sb);
		if (p->argv_truncated)
			s->truncated |= FACET_BIT(FACET_ARGV);
		return r ? r : -p->err[PROC_F_ARGV];
	case FACET_EXE:
		r = read_link(dir_fd, "exe", &p->exe);
		if (r)
			p->err[PROC_F_EXE] = -r;
		return r;
	case FACET_CWD:
		return read_link(dir_fd, "cwd", &s->cwd);
	case FACET_ROOT:
		return read_link(dir_fd, "root", &s->root);
	case FACET_CGROUP:
		r = proc_read_cgroup(p, dir_fd, sb);
		return r ? r : -p->err[PROC_F_CGROUP];
	case FACET_NS:
		return read_ns(s, dir_fd);
	case FACET_ENV:
		return read_env(s, dir_fd);
	case FACET_FDLINKS:
		if (s->loaded & FACET_BIT(FACET_FDS))
			return -s->err[FACET_FDS]; /* FDS has them already */
		r = proc_fds_read(dir_fd,
				  &(struct fds_read_opts){.text_only = true},
				  &s->fds, sb);
		return r;
	case FACET_FDS:
		/* The links alone were read first: read them again, whole. */
		if (s->loaded & FACET_BIT(FACET_FDLINKS)) {
			fd_list_release(&s->fds);
			memset(&s->fds, 0, sizeof(s->fds));
		}
		return read_fds(s, dir_fd, facets & FACET_BIT(FACET_FDINFO), sh,
				sb);
	case FACET_FDINFO:
		return 0; /* read with FDS */
	case FACET_MAPS:
		return read_maps(s, dir_fd);
	case FACET_MOUNTS:
		return read_mounts(s, dir_fd, sh);
	case FACET_SOCKETS:
		return read_socks(s, dir_fd, sh);
	case FACET_KIN:
		return read_kin_chain(s, sh, sb);
	case FACET_LSM:
		return read_lsm(s, dir_fd, sb);
	case FACET__COUNT:
		break;
	}
	return -EINVAL;
}

/* The order facets are read in: those others depend on first. */
static const enum facet order[] = {
	FACET_STAT,    FACET_STATUS, FACET_ARGV,   FACET_EXE,  FACET_CWD,
	FACET_ROOT,    FACET_CGROUP, FACET_NS,	   FACET_ENV,  FACET_MOUNTS,
	FACET_FDLINKS, FACET_FDS,    FACET_FDINFO, FACET_MAPS, FACET_SOCKETS,
	FACET_KIN,     FACET_LSM,
};

/* What a zombie leader keeps in its own directory: its identity, its
 * ids, its ancestry. The rest is read through a live thread. */
#define LEADER_OWN \
	(FACET_BIT(FACET_STAT) | FACET_BIT(FACET_STATUS) | FACET_BIT(FACET_KIN))

/* Facet f (just read, r its result) came back as a zombie leader's does:
 * empty, or its link or directory not there. */
static bool came_empty(const struct psnap *s, enum facet f, int r)
{
	if (r && r != -ENOENT && r != -ESRCH)
		return false;
	switch (f) {
	case FACET_ARGV:
		return !s->proc.argc;
	case FACET_EXE:
		return !s->proc.exe;
	case FACET_CWD:
		return !s->cwd;
	case FACET_ROOT:
		return !s->root;
	case FACET_ENV:
		return !s->nenv;
	case FACET_FDS:
	case FACET_FDLINKS:
		return !s->fds.n;
	case FACET_MAPS:
		return !s->nmaps;
	default:
		return false;
	}
}

/* Drop what an empty read of f left (came_empty), to read it again. */
static void forget(struct psnap *s, enum facet f)
{
	s->err[f] = 0;
	s->truncated &= ~FACET_BIT(f);
	switch (f) {
	case FACET_ARGV:
		proc_argv_free(s->proc.argv);
		s->proc.argv = NULL;
		s->proc.argc = 0;
		s->proc.err[PROC_F_ARGV] = 0;
		break;
	case FACET_EXE:
		s->proc.err[PROC_F_EXE] = 0;
		break;
	case FACET_ENV:
		free(s->env);
		s->env = NULL;
		strbuf_reset(&s->env_raw);
		break;
	case FACET_FDS:
	case FACET_FDLINKS:
		fd_list_release(&s->fds);
		memset(&s->fds, 0, sizeof(s->fds));
		break;
	case FACET_MAPS:
		free(s->maps);
		s->maps = NULL;
		strbuf_reset(&s->maps_raw);
		break;
	default:
		break;
	}
}

/* The directory to read facet f from: a zombie leader's live thread
 * (opened on first need, *tid_fd; -2 when none lives) or dir_fd. */
static int facet_dir(struct psnap *s, enum facet f, int dir_fd, int *tid_fd,
		     struct strbuf *sb)
{
	if (FACET_BIT(f) & LEADER_OWN)
		return dir_fd;
	if (*tid_fd == -1 && (s->loaded & FACET_BIT(FACET_STAT)) &&
	    !s->err[FACET_STAT] &&
	    thread_leader_gone(s->proc.state, s->proc.threads)) {
		*tid_fd = proc_open_thread_again(dir_fd, s->proc.pid,
						 &s->proc.via_tid, sb);
		if (*tid_fd < 0)
			*tid_fd = -2; /* none lives now: its own */
	}
	return *tid_fd >= 0 ? *tid_fd : dir_fd;
}

/* Without stat (a bare walk), a zombie leader shows as an empty facet:
 * only then is stat read, to tell one from a process that has none.
 * Returns f's result, read again through a live thread where it is
 * one. */
static int reread_if_leader(struct psnap *s, enum facet f, int r, int dir_fd,
			    int *tid_fd, unsigned facets,
			    struct psnap_shared *sh, struct strbuf *sb)
{
	int use;
	if (*tid_fd != -1 || (s->loaded & FACET_BIT(FACET_STAT)) ||
	    !came_empty(s, f, r))
		return r;
	if (read_stat(s, dir_fd, sh, sb)) {
		free(s->proc.comm);
		s->proc.comm = NULL;
		return r;
	}
	s->loaded |= FACET_BIT(FACET_STAT);
	use = facet_dir(s, f, dir_fd, tid_fd, sb);
	if (use == dir_fd)
		return r;
	forget(s, f);
	return read_facet(s, f, use, facets, sh, sb);
}

int psnap_read(struct psnap *s, int dir_fd, unsigned facets,
	       struct psnap_shared *sh, struct strbuf *scratch)
{
	int tid_fd = -1;
	size_t i;
	if ((s->loaded & FACET_BIT(FACET_STAT)) && s->err[FACET_STAT])
		return 0;
	facets = psnap_facets_closure(facets);
	/* FDS holds the links too: never read them twice in one call. */
	if (facets & FACET_BIT(FACET_FDS))
		facets &= ~FACET_BIT(FACET_FDLINKS);
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		enum facet f = order[i];
		int r;
		if (!(facets & FACET_BIT(f)) || (s->loaded & FACET_BIT(f)))
			continue;
		s->loaded |= FACET_BIT(f);
		r = read_facet(s, f, facet_dir(s, f, dir_fd, &tid_fd, scratch),
			       facets, sh, scratch);
		/* The thread read through ended meanwhile: once more, through
		 * another, while the process lives on. */
		if (tid_fd >= 0 && !(FACET_BIT(f) & LEADER_OWN) &&
		    proc_errno_vanished(r) &&
		    !faccessat(dir_fd, "stat", F_OK, 0)) {
			close(tid_fd);
			tid_fd = -1;
			s->proc.via_tid = 0;
			forget(s, f);
			r = read_facet(
				s, f, facet_dir(s, f, dir_fd, &tid_fd, scratch),
				facets, sh, scratch);
		}
		r = reread_if_leader(s, f, r, dir_fd, &tid_fd, facets, sh,
				     scratch);
		if (!r)
			continue;
		/* Gone, not unreadable: stat went with it. */
		if (proc_errno_vanished(r) &&
		    (f == FACET_STAT || faccessat(dir_fd, "stat", F_OK, 0))) {
			if (tid_fd >= 0)
				close(tid_fd);
			return -ESRCH;
		}
		s->err[f] = -r;
		/* Without stat there is no identity to hang the rest on. */
		if (f == FACET_STAT)
			return 0;
	}
	if (tid_fd >= 0)
		close(tid_fd);
	if (s->loaded & FACET_BIT(FACET_FDS)) {
		s->loaded |= FACET_BIT(FACET_FDLINKS);
		s->err[FACET_FDLINKS] = s->err[FACET_FDS];
	}
	return 0;
}
