/* The process table from a /proc that libproc2 cannot read (libproc2
 * reads the live /proc alone): another proc mount (--proc-root), or a
 * snapshot's tree (--input). The same fields, from stat and status. */
#include "proc/pidsown.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc/boot.h"
#include "proc/files.h"
#include "proc/pidfile.h"
#include "proc/stat.h"
#include "proc/status.h"
#include "proc/tty.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define PF_KTHREAD 0x00200000UL /* include/linux/sched.h */

static int cmp_idname(const void *a, const void *b)
{
	const struct proc_idname *x = a, *y = b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

void proc_names_parse(struct proc_names *nm, const char *buf, size_t len)
{
	char *copy = xmemdup0(buf, len), *line, *save = NULL;
	memset(nm, 0, sizeof(*nm));
	nm->recorded = true;
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char kind, name[64];
		unsigned id;
		if (sscanf(line, "%c %u %63s", &kind, &id, name) != 3 ||
		    (kind != 'u' && kind != 'g'))
			continue;
		nm->v = xgrow(nm->v, &nm->alloc, nm->n + 1, sizeof(*nm->v));
		nm->v[nm->n++] = (struct proc_idname){kind, id, xstrdup(name)};
	}
	free(copy);
	if (nm->n)
		qsort(nm->v, nm->n, sizeof(*nm->v), cmp_idname);
}

static void names_load(struct proc_names *nm, int root_fd, struct strbuf *sb)
{
	memset(nm, 0, sizeof(*nm));
	if (!proc_read_file(root_fd, PROC_NAMES_FILE, 16u << 20, sb, NULL))
		proc_names_parse(nm, sb->buf, sb->len);
}

void proc_names_release(struct proc_names *nm)
{
	for (size_t i = 0; i < nm->n; i++)
		free(nm->v[i].name);
	free(nm->v);
}

/* NULL when the id has no name, or one of 33 bytes or more, as
 * libproc2 gives the live table's (see pids.c). */
char *proc_names_get(const struct proc_names *nm, char kind, unsigned id)
{
	char buf[4096];
	const char *s = NULL;
	if (nm->recorded) {
		struct proc_idname key = {kind, id, NULL};
		const struct proc_idname *hit =
			nm->n ? bsearch(&key, nm->v, nm->n, sizeof(*nm->v),
					cmp_idname)
			      : NULL;
		s = hit ? hit->name : NULL;
	} else if (kind == 'u') {
		struct passwd pw, *res = NULL;
		if (!getpwuid_r(id, &pw, buf, sizeof(buf), &res) && res)
			s = res->pw_name;
	} else {
		struct group gr, *res = NULL;
		if (!getgrgid_r(id, &gr, buf, sizeof(buf), &res) && res)
			s = res->gr_name;
	}
	return s && *s && strlen(s) < 33 ? xstrdup(s) : NULL;
}

/* stat and status of one process into p; -ESRCH when it is gone or
 * either file cannot be read (libproc2 leaves such a process out too). */
static int fill(struct proc *p, int root_fd, const struct proc_names *nm,
		time_t boot, unsigned long long uptime_cs, long hz,
		long page_kib, struct strbuf *sb)
{
	struct proc_stat st;
	struct proc_status ps;
	char tty[32];
	int dir_fd = proc_open_pid(root_fd, p->pid), r;
	if (dir_fd < 0)
		return -ESRCH;
	r = proc_read_file(dir_fd, "stat", 4096, sb, NULL);
	if (!r && proc_stat_parse(sb->buf, sb->len, &st))
		r = -EINVAL;
	if (!r) {
		p->ppid = st.ppid;
		p->state = st.state;
		p->kthread = st.flags & PF_KTHREAD;
		p->start_ticks = st.start_ticks;
		p->tty_nr = st.tty_nr;
		p->threads = (int)st.threads;
		p->rss_kib =
			(unsigned long)st.rss_pages * (unsigned long)page_kib;
		if (!p->comm)
			p->comm = xmemdup0(st.comm, st.comm_len);
		r = proc_read_file(dir_fd, "status", 64u << 10, sb, NULL);
	}
	if (!r && (proc_status_parse(sb->buf, sb->len, &ps) || !ps.has_ids))
		r = -EINVAL;
	close(dir_fd);
	if (r)
		return -ESRCH;
	p->ruid = ps.uid[0];
	p->uid = ps.uid[1];
	p->rgid = ps.gid[0];
	p->gid = ps.gid[1];
	p->user = proc_names_get(nm, 'u', p->uid);
	p->ruser = proc_names_get(nm, 'u', p->ruid);
	p->group = proc_names_get(nm, 'g', p->gid);
	p->rgroup = proc_names_get(nm, 'g', p->rgid);
	p->start_time = boot + (time_t)(p->start_ticks / (unsigned long)hz);
	if (uptime_cs) {
		p->age = proc_age_seconds(p->start_ticks, uptime_cs, hz);
		p->has_age = true;
	}
	if (p->tty_nr) {
		proc_tty_name(p->tty_nr, tty, sizeof(tty));
		p->tty = xstrdup(tty);
	}
	return 0;
}

int proc_pids_read_own(struct proc_table *t, unsigned want, int root_fd)
{
	struct strbuf sb = STRBUF_INIT;
	struct proc_files f;
	struct proc_names nm;
	unsigned long long uptime_cs;
	long hz, page_kib;
	int r;

	proc_clock(&hz, &page_kib);
	r = proc_boot_time(root_fd, &t->boot_time);
	if (r)
		return r;
	if (proc_uptime(root_fd, &uptime_cs))
		uptime_cs = 0;
	names_load(&nm, root_fd, &sb);
	proc_files_walk(root_fd, want, &f);
	for (size_t i = 0; i < f.n; i++) {
		struct proc *p = f.procs[i];
		f.procs[i] = NULL;
		if (fill(p, root_fd, &nm, t->boot_time, uptime_cs, hz, page_kib,
			 &sb)) {
			proc_free(p);
			continue;
		}
		proc_table_add(t, p);
	}
	proc_files_release(&f);
	proc_names_release(&nm);
	strbuf_release(&sb);
	proc_table_link(t);
	return 0;
}
