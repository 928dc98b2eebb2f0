/* Reading the live /proc into a snapshot archive (see snapcollect.h). */
#include "proc/snapcollect.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/net.h"
#include "model/psnap.h"
#include "proc/fds.h"
#include "proc/leader.h"
#include "proc/mounts.h"
#include "proc/nscache.h"
#include "proc/pidfile.h"
#include "proc/pidsown.h"
#include "proc/snapfile.h"
#include "proc/sockdiag.h"
#include "proc/stat.h"
#include "proc/status.h"
#include "util/strbuf.h"
#include "util/u64set.h"
#include "util/xalloc.h"

/* Each file is kept a byte past the cap its reader reads with, so that
 * the reader, offline, finds it cut exactly where it did live. */
struct pidfile {
	const char *name;
	size_t cap;
	bool mem; /* a file of the process's memory: see proc_read_mem_file */
};

static const struct pidfile pid_files[] = {
	{"stat", 4096, false},	       {"status", 1u << 20, false},
	{"cmdline", 4u << 20, true},   {"environ", PSNAP_ENV_CAP, true},
	{"cgroup", 64u << 10, false},  {"maps", PSNAP_MAPS_CAP, false},
	{"attr/current", 4096, false},
};

static const char *const pid_links[] = {
	"exe",
	"cwd",
	"root",
	"ns/cgroup",
	"ns/ipc",
	"ns/mnt",
	"ns/net",
	"ns/pid",
	"ns/pid_for_children",
	"ns/time",
	"ns/time_for_children",
	"ns/user",
	"ns/uts",
};

static const struct pidfile host_files[] = {
	{"stat", 1u << 20, false},
	{"uptime", 256, false},
	{"loadavg", 256, false},
	{"sys/kernel/pid_max", 64, false},
	{"sys/kernel/random/boot_id", 64, false},
};

struct collect {
	struct snapfile_writer *w;
	int root_fd;
	struct strbuf sb, name, rec;
	struct u64set mnt_seen, net_seen, uids, gids;
	struct snapcollect_stats *st;
	int err; /* the first write error */
};

static void add(struct collect *c, const char *name, const void *data,
		size_t len)
{
	int r = snapfile_add_file(c->w, name, data, len);
	if (r && !c->err)
		c->err = r;
	if (!r) {
		c->st->members++;
		c->st->bytes += len;
	}
}

/* A file that could not be read is kept as NAME.errno holding the errno,
 * so that offline its reader gets the same error, not "no such file"
 * (which reads as a process that is gone). */
static void add_errno(struct collect *c, const char *name, int err)
{
	char path[256], num[16];
	snprintf(path, sizeof(path), "%s.errno", name);
	snprintf(num, sizeof(num), "%d", err);
	add(c, path, num, strlen(num));
	snapfile_note_unreadable(c->w, name, err);
	c->st->unreadable++;
}

/* One file below dir_fd as member prefix+name. Returns 0, or -ESRCH when
 * the process is gone. */
static int copy_file(struct collect *c, int dir_fd, const char *prefix,
		     const struct pidfile *f)
{
	int r = f->mem ? proc_read_mem_file(dir_fd, f->name, f->cap + 1, &c->sb,
					    NULL)
		       : proc_read_file(dir_fd, f->name, f->cap + 1, &c->sb,
					NULL);
	strbuf_reset(&c->name);
	strbuf_addf(&c->name, "%s%s", prefix, f->name);
	if (proc_errno_vanished(r))
		return r == -ENOENT ? 0 : -ESRCH; /* ENOENT: no such file
						   * on this kernel */
	if (r)
		add_errno(c, c->name.buf, -r);
	else
		add(c, c->name.buf, c->sb.buf, c->sb.len);
	return 0;
}

/* Returns 1 when the link is the root link and not "/" (a chroot). */
static int copy_link(struct collect *c, int dir_fd, const char *prefix,
		     const char *name)
{
	char *link;
	int r = proc_readlink(dir_fd, name, &link), chrooted;
	strbuf_reset(&c->name);
	strbuf_addf(&c->name, "%s%s", prefix, name);
	if (r == -ENOENT || r == -ESRCH)
		return 0; /* a kernel thread's exe; an older kernel's ns */
	if (r) {
		add_errno(c, c->name.buf, -r);
		return 0;
	}
	chrooted = !strcmp(name, "root") && strcmp(link, "/") != 0;
	r = snapfile_add_link(c->w, c->name.buf, link);
	if (r && !c->err)
		c->err = r;
	if (!r)
		c->st->members++;
	free(link);
	return chrooted;
}

/* A network namespace's socket tables under prefix: the text of each
 * /proc/net file, and what sock_diag answered as it came (NAME.diag),
 * which the readers prefer offline as they prefer sock_diag live. */
static void copy_net(struct collect *c, int dir_fd, const char *prefix)
{
	int nl = sockdiag_open(dir_fd);
	for (int p = 0; p < NET__COUNT; p++) {
		char name[32];
		struct pidfile f = {name, 256u << 20, false};
		snprintf(name, sizeof(name), "net/%s", net_proto_file(p));
		copy_file(c, dir_fd, prefix, &f);
		if (nl < 0 || p == NET_RAW || p == NET_RAW6)
			continue;
		strbuf_reset(&c->sb);
		if (sockdiag_dump(nl, p, 256u << 20, &c->sb)) {
			/* What it left queued is not the next table's. */
			close(nl);
			nl = sockdiag_open(dir_fd);
			continue;
		}
		strbuf_reset(&c->name);
		strbuf_addf(&c->name, "%snet/%s.diag", prefix,
			    net_proto_file(p));
		add(c, c->name.buf, c->sb.buf, c->sb.len);
	}
	if (nl >= 0)
		close(nl);
}

/* What a namespace shares, once per namespace, under .ns/ (the readers
 * of a snapshot look there, from proc/PID/ or proc/PID/task/TID/: see
 * pidfile.c). A chrooted process's mountinfo leaves out the mounts above
 * its root: it keeps its own. */
static void copy_ns(struct collect *c, int dir_fd, const char *prefix,
		    bool chrooted)
{
	char base[64];
	uint64_t ino;
	if (!nscache_ns_inode(dir_fd, "ns/mnt", &ino) &&
	    (u64set_add(&c->mnt_seen, ino) || chrooted)) {
		struct pidfile f = {"mountinfo", MOUNTINFO_CAP, false};
		snprintf(base, sizeof(base), "proc/.ns/mnt.%llu/",
			 (unsigned long long)ino);
		copy_file(c, dir_fd, chrooted ? prefix : base, &f);
	}
	if (!nscache_ns_inode(dir_fd, "ns/net", &ino) &&
	    u64set_add(&c->net_seen, ino)) {
		snprintf(base, sizeof(base), "proc/.ns/net.%llu/",
			 (unsigned long long)ino);
		copy_net(c, dir_fd, base);
	}
}

static const struct mountns *no_mounts(void *arg)
{
	return arg;
}

/* One process's fd/ as it is read: links at once, fdinfo/ kept to go
 * after them (members of one directory in a row are what the loader
 * makes fastest: it keeps the last one open). */
struct fdcopy {
	struct collect *c;
	const char *prefix;
	struct strbuf info; /* "N\0LEN\0" + text, or "N\0-ERR\0" */
	size_t calls;	    /* fds handed over: fd/ could be listed */
};

static void raw_fd(void *arg, int fd, const char *link, int link_err,
		   const char *info, size_t info_len, int info_err)
{
	struct fdcopy *fc = arg;
	struct collect *c = fc->c;
	char name[64];
	int r;
	fc->calls++;
	snprintf(name, sizeof(name), "%sfd/%d", fc->prefix, fd);
	if (link_err) {
		add_errno(c, name, link_err);
		return;
	}
	r = snapfile_add_link(c->w, name, link);
	if (r && !c->err)
		c->err = r;
	if (!r)
		c->st->members++;
	if (info_err && !proc_errno_vanished(info_err)) {
		strbuf_addf(&fc->info, "%d%c-%d%c", fd, 0, info_err, 0);
	} else if (info) {
		strbuf_addf(&fc->info, "%d%c%zu%c", fd, 0, info_len, 0);
		strbuf_add(&fc->info, info, info_len);
	}
}

/* fd/ as links, fdinfo/ as files, and what a stat through each link
 * gave (FDS_STAT_FILE): one pass of the fd reader itself, which hands
 * over what it read. */
static void copy_fds(struct collect *c, int dir_fd, const char *prefix)
{
	struct fd_list l = {0};
	struct mountns *mounts = mount_table_read(dir_fd);
	struct fdcopy fc = {.c = c, .prefix = prefix};
	struct fds_read_opts o = {.info = true,
				  .mounts = no_mounts,
				  .mounts_arg = mounts->err ? NULL : mounts,
				  .record = &c->rec,
				  .raw = raw_fd,
				  .raw_arg = &fc};
	const char *p, *end;
	int r;
	strbuf_init(&fc.info, 0);
	strbuf_reset(&c->rec);
	r = proc_fds_read(dir_fd, &o, &l, &c->sb);
	strbuf_reset(&c->name);
	strbuf_addf(&c->name, "%sfd", prefix);
	/* fd/ itself refused (not its links: then each is N.errno). */
	if (r && !fc.calls && !l.n) {
		if (!proc_errno_vanished(r))
			add_errno(c, c->name.buf, -r);
	} else {
		snapfile_add_dir(c->w, c->name.buf);
	}
	for (p = fc.info.buf, end = p + fc.info.len; p < end;) {
		char name[64];
		const char *num = p, *len = p + strlen(p) + 1;
		p = len + strlen(len) + 1;
		snprintf(name, sizeof(name), "%sfdinfo/%s", prefix, num);
		if (*len == '-') {
			add_errno(c, name, atoi(len + 1));
			continue;
		}
		add(c, name, p, (size_t)strtoul(len, NULL, 10));
		p += strtoul(len, NULL, 10);
	}
	strbuf_release(&fc.info);
	fd_list_release(&l);
	strbuf_reset(&c->name);
	strbuf_addf(&c->name, "%s%s", prefix, FDS_STAT_FILE);
	add(c, c->name.buf, c->rec.buf, c->rec.len);
	mountns_free(mounts);
}

/* The uids and gids of status, as copied (in c->sb). */
static void note_ids(struct collect *c)
{
	struct proc_status ps;
	if (proc_status_parse(c->sb.buf, c->sb.len, &ps) || !ps.has_ids)
		return;
	for (int i = 0; i < 2; i++) {
		u64set_add(&c->uids, ps.uid[i]);
		u64set_add(&c->gids, ps.gid[i]);
	}
}

/* One process's (or thread's) directory under prefix. Returns 0, or
 * -ESRCH when it is gone; *gone says whether stat shows a zombie leader
 * with live threads. */
static int collect_dir(struct collect *c, int dir_fd, const char *prefix,
		       bool *gone)
{
	struct proc_stat st;
	bool chrooted = false;
	size_t i;
	int r = 0;
	*gone = false;
	/* Each file read once: status's ids are taken from its copy. */
	for (i = 0; !r && i < sizeof(pid_files) / sizeof(pid_files[0]); i++) {
		r = copy_file(c, dir_fd, prefix, &pid_files[i]);
		if (!r && !strcmp(pid_files[i].name, "stat") &&
		    !proc_stat_parse(c->sb.buf, c->sb.len, &st))
			*gone = thread_leader_gone(st.state, st.threads);
		if (!r && !strcmp(pid_files[i].name, "status"))
			note_ids(c);
	}
	if (r)
		return r;
	for (i = 0; i < sizeof(pid_links) / sizeof(pid_links[0]); i++)
		chrooted |= copy_link(c, dir_fd, prefix, pid_links[i]) == 1;
	copy_ns(c, dir_fd, prefix, chrooted);
	copy_fds(c, dir_fd, prefix);
	return 0;
}

static void collect_pid(struct collect *c, pid_t pid)
{
	char prefix[64];
	bool gone;
	pid_t tid;
	int dir_fd = proc_open_pid(c->root_fd, pid), tid_fd;
	if (dir_fd < 0)
		return;
	snprintf(prefix, sizeof(prefix), "proc/%d/", (int)pid);
	if (collect_dir(c, dir_fd, prefix, &gone)) {
		close(dir_fd);
		return;
	}
	c->st->procs++;
	/* A zombie leader: the live thread its readers will read through,
	 * as task/TID/ (proc/leader.h). */
	if (gone &&
	    (tid_fd = proc_open_live_thread(dir_fd, pid, &tid, &c->sb)) >= 0) {
		snprintf(prefix, sizeof(prefix), "proc/%d/task/%d/", (int)pid,
			 (int)tid);
		collect_dir(c, tid_fd, prefix, &gone);
		close(tid_fd);
	}
	close(dir_fd);
}

/* The names of every uid and gid seen, as this host has them. */
static void copy_names(struct collect *c)
{
	char buf[4096];
	size_t i;
	strbuf_reset(&c->rec);
	/* The sets' slots, and the id 0 they keep aside. */
	for (i = 0; i <= c->uids.cap; i++) {
		struct passwd pw, *res = NULL;
		uint64_t id = i < c->uids.cap ? c->uids.slot[i] : 0;
		if ((i < c->uids.cap ? !id : !c->uids.has_zero) ||
		    getpwuid_r((uid_t)id, &pw, buf, sizeof(buf), &res) ||
		    !res || !*res->pw_name || strpbrk(res->pw_name, " \n"))
			continue;
		strbuf_addf(&c->rec, "u %llu %s\n", (unsigned long long)id,
			    res->pw_name);
	}
	for (i = 0; i <= c->gids.cap; i++) {
		struct group gr, *res = NULL;
		uint64_t id = i < c->gids.cap ? c->gids.slot[i] : 0;
		if ((i < c->gids.cap ? !id : !c->gids.has_zero) ||
		    getgrgid_r((gid_t)id, &gr, buf, sizeof(buf), &res) ||
		    !res || !*res->gr_name || strpbrk(res->gr_name, " \n"))
			continue;
		strbuf_addf(&c->rec, "g %llu %s\n", (unsigned long long)id,
			    res->gr_name);
	}
	add(c, "proc/" PROC_NAMES_FILE, c->rec.buf, c->rec.len);
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
	return (x > y) - (x < y);
}

/* Every pid of /proc but self, ascending. */
static pid_t *list_pids(int root_fd, pid_t self, size_t *n)
{
	pid_t *v = NULL;
	size_t alloc = 0;
	struct dirent *de;
	DIR *d;
	int fd = openat(root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	*n = 0;
	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while ((de = readdir(d))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);
		if (*end || pid <= 0 || (pid_t)pid == self)
			continue;
		v = xgrow(v, &alloc, *n + 1, sizeof(*v));
		v[(*n)++] = (pid_t)pid;
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof(*v), cmp_pid);
	return v;
}

int snap_collect(struct snapfile_writer *w, const pid_t *pids, size_t npids,
		 struct snapcollect_stats *st)
{
	struct collect c = {.w = w, .st = st};
	pid_t *all = NULL;
	size_t i, n;
	memset(st, 0, sizeof(*st));
	c.root_fd = proc_open_root(NULL);
	if (c.root_fd < 0)
		return c.root_fd;
	strbuf_init(&c.sb, 0);
	strbuf_init(&c.name, 0);
	strbuf_init(&c.rec, 0);
	u64set_init(&c.mnt_seen);
	u64set_init(&c.net_seen);
	u64set_init(&c.uids);
	u64set_init(&c.gids);
	for (i = 0; i < sizeof(host_files) / sizeof(host_files[0]); i++)
		copy_file(&c, c.root_fd, "proc/", &host_files[i]);
	if (!pids) {
		all = list_pids(c.root_fd, getpid(), &n);
		pids = all;
		npids = n;
	}
	for (i = 0; i < npids && !c.err; i++)
		if (pids[i] != getpid())
			collect_pid(&c, pids[i]);
	if (!c.err)
		copy_names(&c);
	free(all);
	u64set_release(&c.mnt_seen);
	u64set_release(&c.net_seen);
	u64set_release(&c.uids);
	u64set_release(&c.gids);
	strbuf_release(&c.sb);
	strbuf_release(&c.name);
	strbuf_release(&c.rec);
	close(c.root_fd);
	return c.err;
}
