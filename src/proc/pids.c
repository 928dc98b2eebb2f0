/* The only file that includes libproc2: it gives the pid list and the stat
 * and status fields; argv, exe and cgroup come from our own readers because
 * libproc2 turns an empty or unreadable cmdline into "-" and hides errno. */
#include "proc/pids.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Debian 12's libproc2 4.0.2 header includes no system headers. */
#include <libproc2/pids.h>

#include "proc/boot.h"
#include "proc/files.h"
#include "proc/pidfile.h"
#include "proc/pidsown.h"
#include "proc/tty.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define PF_KTHREAD 0x00200000UL /* include/linux/sched.h */

/* The items asked of libproc2, in the order the enum below indexes them. */
static enum pids_item const items[] = {
	PIDS_ID_PID,	 PIDS_ID_PPID,	PIDS_STATE,	PIDS_FLAGS,
	PIDS_ID_EUID,	 PIDS_ID_RUID,	PIDS_ID_EGID,	PIDS_ID_RGID,
	PIDS_ID_EUSER,	 PIDS_ID_RUSER, PIDS_ID_EGROUP, PIDS_ID_RGROUP,
	PIDS_TICS_BEGAN, PIDS_TTY,	PIDS_CMD,	PIDS_NLWP,
	PIDS_RSS,
};
enum rel {
	R_PID,
	R_PPID,
	R_STATE,
	R_FLAGS,
	R_EUID,
	R_RUID,
	R_EGID,
	R_RGID,
	R_EUSER,
	R_RUSER,
	R_EGROUP,
	R_RGROUP,
	R_BEGAN,
	R_TTY,
	R_CMD,
	R_NLWP,
	R_RSS,
};

/* libproc2 gives the number when a uid or gid has no name (or a name of
 * 33 bytes or more): keep NULL then. An all-digit name that is not the
 * id itself is a real name. */
static char *name_or_null(const char *s, unsigned id)
{
	char num[16];
	snprintf(num, sizeof(num), "%u", id);
	if (!s || !*s || !strcmp(s, num))
		return NULL;
	return xstrdup(s);
}

static void fill_from_stack(struct proc *p, struct pids_stack *st, long hz,
			    long page_kib, time_t boot,
			    unsigned long long uptime_cs)
{
	char tty[32];
	p->ppid = PIDS_VAL(R_PPID, s_int, st, info);
	p->state = PIDS_VAL(R_STATE, s_ch, st, info);
	p->kthread = PIDS_VAL(R_FLAGS, ul_int, st, info) & PF_KTHREAD;
	p->uid = PIDS_VAL(R_EUID, u_int, st, info);
	p->ruid = PIDS_VAL(R_RUID, u_int, st, info);
	p->gid = PIDS_VAL(R_EGID, u_int, st, info);
	p->rgid = PIDS_VAL(R_RGID, u_int, st, info);
	p->user = name_or_null(PIDS_VAL(R_EUSER, str, st, info), p->uid);
	p->ruser = name_or_null(PIDS_VAL(R_RUSER, str, st, info), p->ruid);
	p->group = name_or_null(PIDS_VAL(R_EGROUP, str, st, info), p->gid);
	p->rgroup = name_or_null(PIDS_VAL(R_RGROUP, str, st, info), p->rgid);
	p->start_ticks = PIDS_VAL(R_BEGAN, ull_int, st, info);
	p->start_time = boot + (time_t)(p->start_ticks / (unsigned long)hz);
	if (uptime_cs) {
		p->age = proc_age_seconds(p->start_ticks, uptime_cs, hz);
		p->has_age = true;
	}
	p->tty_nr = PIDS_VAL(R_TTY, s_int, st, info);
	if (p->tty_nr) {
		proc_tty_name(p->tty_nr, tty, sizeof(tty));
		p->tty = xstrdup(tty);
	}
	if (!p->comm) /* files.c reads comm exactly; this is the fallback */
		p->comm = xstrdup(PIDS_VAL(R_CMD, str, st, info));
	p->threads = PIDS_VAL(R_NLWP, s_int, st, info);
	p->rss_kib =
		PIDS_VAL(R_RSS, ul_int, st, info) * (unsigned long)page_kib;
}

/* The files walk, run on a second thread while libproc2 reads stat and
 * status on this one: /proc reads are kernel time, and two cores halve
 * the wall time of a full table. */
struct walk {
	int root_fd;
	unsigned want;
	struct proc_files files;
};

static void *walk_thread(void *arg)
{
	struct walk *w = arg;
	proc_files_walk(w->root_fd, w->want, &w->files);
	return NULL;
}

static int cmp_stack_pid(const void *a, const void *b)
{
	pid_t x =
		PIDS_VAL(R_PID, s_int, (*(struct pids_stack *const *)a), info);
	pid_t y =
		PIDS_VAL(R_PID, s_int, (*(struct pids_stack *const *)b), info);
	return (x > y) - (x < y);
}

/* Pair libproc2's stacks with the walk's procs, both in pid order. A pid
 * only the walk saw vanished before libproc2 reached it: dropped. A pid
 * only libproc2 saw appeared after the walk's readdir: read it now. A
 * start time that differs means the pid was reused between the two reads:
 * read the files again, and drop the process if they still disagree
 * (libproc2's process is gone), so no row mixes two processes. */
static void merge(struct proc_table *t, struct pids_stack **stacks, int n,
		  struct proc_files *f, int root_fd, unsigned want, long hz,
		  long page_kib)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned long long uptime_cs;
	size_t j = 0;
	int i;
	/* Read after the reap, so every process listed started before it:
	 * no age below zero. 0: unknown, no age shown. */
	if (proc_uptime(root_fd, &uptime_cs))
		uptime_cs = 0;
	/* An empty array may be NULL, which qsort must not get. */
	if ((size_t)n)
		qsort(stacks, (size_t)n, sizeof(*stacks), cmp_stack_pid);
	for (i = 0; i < n; i++) {
		pid_t pid = PIDS_VAL(R_PID, s_int, stacks[i], info);
		unsigned long long began =
			PIDS_VAL(R_BEGAN, ull_int, stacks[i], info);
		struct proc *p = NULL;
		while (j < f->n && f->procs[j]->pid < pid)
			j++;
		if (j < f->n && f->procs[j]->pid == pid) {
			p = f->procs[j];
			f->procs[j++] = NULL;
			if (p->start_ticks != began) {
				proc_free(p);
				p = NULL;
			}
		}
		if (!p) {
			p = proc_new(pid);
			if (proc_files_read(p, root_fd, want,
					    proc_files_argv_cap(f), &sb) ||
			    (p->comm && p->start_ticks != began)) {
				proc_free(p);
				continue;
			}
		}
		fill_from_stack(p, stacks[i], hz, page_kib, t->boot_time,
				uptime_cs);
		proc_table_add(t, p);
	}
	strbuf_release(&sb);
}

int proc_pids_read(struct proc_table *t, unsigned want,
		   const struct proc_source *src)
{
	struct pids_info *info = NULL;
	struct pids_fetch *all;
	struct walk w = {.want = want};
	pthread_t th;
	bool threaded;
	long hz, page_kib;
	int ret;

	proc_clock(&hz, &page_kib);
	w.root_fd = proc_open_root(src);
	if (w.root_fd < 0)
		return w.root_fd;
	if (src) {
		ret = proc_pids_read_own(t, want, w.root_fd);
		goto out_close_root;
	}
	ret = proc_boot_time(w.root_fd, &t->boot_time);
	if (ret)
		goto out_close_root;
	ret = procps_pids_new(&info, (enum pids_item *)items,
			      (int)(sizeof(items) / sizeof(items[0])));
	if (ret < 0)
		goto out_close_root;
	threaded = !pthread_create(&th, NULL, walk_thread, &w);
	if (!threaded)
		walk_thread(&w);
	/* One reap, not a get per process: get re-reads /proc/uptime
	 * every time. */
	all = procps_pids_reap(info, PIDS_FETCH_TASKS_ONLY);
	ret = all ? 0 : (errno ? -errno : -EIO);
	if (threaded)
		pthread_join(th, NULL);
	if (all)
		merge(t, all->stacks, all->counts->total, &w.files, w.root_fd,
		      want, hz, page_kib);
	proc_files_release(&w.files);
	procps_pids_unref(&info);
	proc_table_link(t);
out_close_root:
	close(w.root_fd);
	return ret;
}
