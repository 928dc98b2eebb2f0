/* The only file that includes libproc2: it gives the pid list and the stat
 * and status fields; argv, exe and cgroup come from our own readers because
 * libproc2 turns an empty or unreadable cmdline into "-" and hides errno. */
#include "proc/pids.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Debian 12's libproc2 4.0.2 header includes no system headers. */
#include <libproc2/pids.h>

#include "proc/boot.h"
#include "proc/cgroup.h"
#include "proc/cmdline.h"
#include "proc/pidfile.h"
#include "proc/tty.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define PF_KTHREAD 0x00200000UL /* include/linux/sched.h */

/* The items asked of libproc2, in the order the enum below indexes them. */
static enum pids_item const items[] = {
	PIDS_ID_PID,   PIDS_ID_PPID,   PIDS_STATE,     PIDS_FLAGS,
	PIDS_ID_EUID,  PIDS_ID_RUID,   PIDS_ID_EGID,   PIDS_ID_RGID,
	PIDS_ID_EUSER, PIDS_ID_RUSER,  PIDS_ID_EGROUP, PIDS_ID_RGROUP,
	PIDS_TICS_BEGAN, PIDS_TTY,     PIDS_CMD,       PIDS_NLWP,
	PIDS_RSS,
};
enum rel {
	R_PID, R_PPID, R_STATE, R_FLAGS,
	R_EUID, R_RUID, R_EGID, R_RGID,
	R_EUSER, R_RUSER, R_EGROUP, R_RGROUP,
	R_BEGAN, R_TTY, R_CMD, R_NLWP,
	R_RSS,
};

/* libproc2 prints the number when a uid or gid has no name: keep NULL. */
static char *name_or_null(const char *s)
{
	if (!s || !*s || strspn(s, "0123456789") == strlen(s))
		return NULL;
	return xstrdup(s);
}

static void fill_from_stack(struct proc *p, struct pids_stack *st, long hz,
			    long page_kib, time_t boot)
{
	char tty[32];
	p->ppid = PIDS_VAL(R_PPID, s_int, st, info);
	p->state = PIDS_VAL(R_STATE, s_ch, st, info);
	p->kthread = PIDS_VAL(R_FLAGS, ul_int, st, info) & PF_KTHREAD;
	p->uid = PIDS_VAL(R_EUID, u_int, st, info);
	p->ruid = PIDS_VAL(R_RUID, u_int, st, info);
	p->gid = PIDS_VAL(R_EGID, u_int, st, info);
	p->rgid = PIDS_VAL(R_RGID, u_int, st, info);
	p->user = name_or_null(PIDS_VAL(R_EUSER, str, st, info));
	p->ruser = name_or_null(PIDS_VAL(R_RUSER, str, st, info));
	p->group = name_or_null(PIDS_VAL(R_EGROUP, str, st, info));
	p->rgroup = name_or_null(PIDS_VAL(R_RGROUP, str, st, info));
	p->start_ticks = PIDS_VAL(R_BEGAN, ull_int, st, info);
	p->start_time = boot + (time_t)(p->start_ticks / (unsigned long)hz);
	p->tty_nr = PIDS_VAL(R_TTY, s_int, st, info);
	if (p->tty_nr) {
		proc_tty_name(p->tty_nr, tty, sizeof(tty));
		p->tty = xstrdup(tty);
	}
	p->comm = xstrdup(PIDS_VAL(R_CMD, str, st, info));
	p->threads = PIDS_VAL(R_NLWP, s_int, st, info);
	p->rss_kib = PIDS_VAL(R_RSS, ul_int, st, info) * (unsigned long)page_kib;
}

/* Per-file fields through the pid directory fd. Returns -ESRCH when the
 * process vanished (the caller drops it), else 0. */
static int fill_files(struct proc *p, int dir_fd, unsigned want,
		      struct strbuf *sb)
{
	bool trunc = false;
	int r;
	if (want & PROC_WANT_ARGV) {
		r = proc_read_file(dir_fd, "cmdline", PROC_CMDLINE_CAP, sb,
				   &trunc);
		if (proc_errno_vanished(r))
			return -ESRCH;
		if (r) {
			p->err[PROC_F_ARGV] = -r;
		} else {
			proc_cmdline_parse(sb->buf, sb->len, &p->argv,
					   &p->argc);
			p->argv_truncated = trunc;
		}
	}
	if (want & PROC_WANT_EXE) {
		r = proc_readlink(dir_fd, "exe", &p->exe);
		/* ENOENT: kernel threads and zombies have no exe. */
		if (r && r != -ENOENT)
			p->err[PROC_F_EXE] = -r;
	}
	if (want & PROC_WANT_CGROUP) {
		r = proc_read_file(dir_fd, "cgroup", 64 << 10, sb, NULL);
		if (proc_errno_vanished(r))
			return -ESRCH;
		if (r) {
			p->err[PROC_F_CGROUP] = -r;
		} else if (sb->len) {
			struct container_info ci;
			if (!cgroup_attribute(sb->buf, sb->len, &ci)) {
				p->cgroup = xmemdup0(ci.path, ci.path_len);
				ci.path = NULL;
				ci.path_len = 0;
				p->container = ci;
			}
		}
	}
	return 0;
}

int proc_pids_read(struct proc_table *t, unsigned want)
{
	struct pids_info *info = NULL;
	struct pids_fetch *all;
	struct strbuf sb = STRBUF_INIT;
	long hz = sysconf(_SC_CLK_TCK);
	long page_kib = sysconf(_SC_PAGESIZE) / 1024;
	int root_fd, ret;

	if (hz <= 0)
		hz = 100;
	if (page_kib <= 0)
		page_kib = 4;
	root_fd = proc_open_root();
	if (root_fd < 0)
		return root_fd;
	ret = proc_boot_time(root_fd, &t->boot_time);
	if (ret)
		goto out_close_root;
	ret = procps_pids_new(&info, (enum pids_item *)items,
			      (int)(sizeof(items) / sizeof(items[0])));
	if (ret < 0)
		goto out_close_root;
	/* One reap, not a get per process: get re-reads /proc/uptime
	 * every time. */
	all = procps_pids_reap(info, PIDS_FETCH_TASKS_ONLY);
	if (!all) {
		ret = errno ? -errno : -EIO;
		goto out_unref;
	}
	ret = 0;
	for (int i = 0; i < all->counts->total; i++) {
		struct pids_stack *st = all->stacks[i];
		struct proc *p = proc_new(PIDS_VAL(R_PID, s_int, st, info));
		int dir_fd;
		fill_from_stack(p, st, hz, page_kib, t->boot_time);
		dir_fd = proc_open_pid(root_fd, p->pid);
		if (dir_fd < 0) {
			/* Gone since libproc2 read it: skip quietly. */
			proc_free(p);
			continue;
		}
		if (fill_files(p, dir_fd, want, &sb)) {
			close(dir_fd);
			proc_free(p);
			continue;
		}
		close(dir_fd);
		proc_table_add(t, p);
	}
	proc_table_link(t);
out_unref:
	procps_pids_unref(&info);
out_close_root:
	strbuf_release(&sb);
	close(root_fd);
	return ret;
}
