/* cmdline, exe and cgroup through a pid directory fd, and a walk of all
 * pids. libproc2 flattens these (an empty or unreadable cmdline becomes
 * "-", errno is lost), so procsift reads them itself. */
#include "proc/files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc/leader.h"
#include "proc/pidfile.h"
#include "proc/pids.h"
#include "proc/snapread.h"
#include "proc/stat.h"
#include "util/xalloc.h"

/* comm exactly (libproc2 replaces control characters with '?', hiding the
 * very bytes a responder must see escaped) and the start time, which
 * proc_pids_read compares with libproc2's to catch a reused pid. */
static int read_stat(struct proc *p, int dir_fd, bool *gone, struct strbuf *sb)
{
	struct proc_stat st;
	int r = proc_read_file(dir_fd, "stat", 4096, sb, NULL);
	if (proc_errno_vanished(r))
		return -ESRCH;
	if (r || proc_stat_parse(sb->buf, sb->len, &st))
		return 0; /* libproc2's copy stands in */
	free(p->comm);
	p->comm = xmemdup0(st.comm, st.comm_len);
	p->start_ticks = st.start_ticks;
	*gone = thread_leader_gone(st.state, st.threads);
	return 0;
}

int proc_files_read(struct proc *p, int root_fd, unsigned want, size_t argv_cap,
		    struct strbuf *sb)
{
	int dir_fd = proc_open_pid(root_fd, p->pid), r, own;
	bool gone = false;
	if (dir_fd < 0)
		return -ESRCH;
	r = read_stat(p, dir_fd, &gone, sb);
	/* A zombie leader: its command line, exe and cgroup are its live
	 * threads'. */
	own = dir_fd;
	if (!r && gone) {
		int t = proc_open_live_thread(own, p->pid, &p->via_tid, sb);
		if (t >= 0)
			dir_fd = t;
	}
	if (!r && (want & PROC_WANT_ARGV))
		r = proc_read_argv(p, dir_fd, argv_cap, sb);
	if (!r && (want & PROC_WANT_EXE)) {
		int e = proc_readlink(dir_fd, "exe", &p->exe);
		/* ENOENT: kernel threads and zombies have no exe. */
		if (e && e != -ENOENT)
			p->err[PROC_F_EXE] = -e;
	}
	if (!r && (want & PROC_WANT_CGROUP))
		r = proc_read_cgroup(p, dir_fd, sb);
	if (dir_fd != own)
		close(dir_fd);
	close(own);
	return r;
}

size_t proc_files_argv_cap(const struct proc_files *f)
{
	return f->argv_bytes < PROC_CMDLINE_BUDGET ? PROC_CMDLINE_CAP
						   : PROC_CMDLINE_CAP_LOW;
}

static pid_t pid_of(const char *name)
{
	long v = 0;
	if (!*name)
		return 0;
	for (; *name; name++) {
		if (*name < '0' || *name > '9' || v > 0x3fffffff)
			return 0;
		v = v * 10 + (*name - '0');
	}
	return (pid_t)v;
}

void proc_files_walk(int root_fd, unsigned want, struct proc_files *out)
{
	struct strbuf sb = STRBUF_INIT;
	struct dirent *de;
	DIR *d;
	int fd = openat(root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	memset(out, 0, sizeof(*out));
	/* Without a listing here, libproc2's walk fails the same way and
	 * says so: nothing to report from this thread. */
	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((de = readdir(d))) {
		pid_t pid = pid_of(de->d_name);
		struct proc *p;
		if (!pid)
			continue;
		p = proc_new(pid);
		if (proc_files_read(p, root_fd, want, proc_files_argv_cap(out),
				    &sb)) {
			proc_free(p);
			continue;
		}
		for (char **a = p->argv; a && *a; a++)
			out->argv_bytes += strlen(*a) + 1;
		out->procs = xgrow(out->procs, &out->alloc, out->n + 1,
				   sizeof(*out->procs));
		out->procs[out->n++] = p;
	}
	closedir(d);
	strbuf_release(&sb);
	/* An empty array may be NULL, which qsort must not get. */
	if (out->n)
		qsort(out->procs, out->n, sizeof(*out->procs),
		      proc_ptr_cmp_pid);
}

void proc_files_release(struct proc_files *f)
{
	size_t i;
	for (i = 0; i < f->n; i++)
		proc_free(f->procs[i]);
	free(f->procs);
	memset(f, 0, sizeof(*f));
}
