/* The judging walk: snapshots in, findings to the sink, coverage counted. */
#include "cmd/judging.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/command.h"
#include "cmd/each.h"
#include "etcd/locate.h"
#include "model/proc.h"
#include "proc/ctrnames.h"
#include "proc/hostread.h"
#include "proc/rootfile.h"
#include "proc/pidfile.h"
#include "proc/pidprobe.h"
#include "util/xalloc.h"

#define BASE_FACETS (FACET_BIT(FACET_STAT) | FACET_BIT(FACET_CGROUP))
/* Rounds of judges' more(): each may ask on what the last one read. */
#define MORE_ROUNDS 3

struct walk_state {
	struct judging *j;
	unsigned facets, host_facets; /* the judges' */
	struct host_view host;
	struct ctrnames *names; /* container names, or NULL (no /proc) */
	pthread_mutex_t lock;	/* guards cov and host */
};

unsigned judging_facets(const struct judge *const *judges, size_t n)
{
	unsigned f = BASE_FACETS;
	size_t i;
	for (i = 0; i < n; i++)
		f |= judges[i]->facets;
	return f;
}

/* cut: the facets the judges judged in part (a cap of theirs), counted
 * as if cut when read. */
static void count(struct coverage *c, const struct psnap *s, unsigned wanted,
		  unsigned cut)
{
	unsigned missing, truncated = s->truncated | cut;
	int f;
	if (!psnap_has(s, FACET_STAT)) {
		c->none++;
		if (!c->none_errno)
			c->none_errno = s->err[FACET_STAT];
		return;
	}
	missing = psnap_missing(s, wanted);
	for (f = 0; f < FACET__COUNT; f++) {
		if (truncated & FACET_BIT(f))
			c->truncated[f]++;
		if (!(missing & FACET_BIT(f)))
			continue;
		c->facet[f]++;
		if (!c->facet_errno[f])
			c->facet_errno[f] = s->err[f];
	}
	/* Cut at a cap is judged in part: the rest was not seen. */
	if (missing || (truncated & wanted))
		c->partial++;
	else
		c->complete++;
}

/* What the host judges need of one process, beyond the process judges'
 * facets: a container's mount table, a control-plane process's flags. */
static unsigned host_more(unsigned host_facets, const struct psnap *s)
{
	unsigned f = 0;
	if ((host_facets & HOST_CONTAINERS) && s->proc.container.id[0])
		f |= FACET_BIT(FACET_MOUNTS) | FACET_BIT(FACET_NS);
	if ((host_facets & HOST_CTLPLANE) &&
	    ctl_component_of(s->proc.comm) >= 0)
		f |= FACET_BIT(FACET_ARGV) | FACET_BIT(FACET_ENV);
	return f;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* The names of the findings' containers, from the one name table of the
 * run: a lookup per container, then a copy per finding. */
static void name_findings(struct ctrnames *cn, struct findings *l)
{
	size_t i;
	for (i = 0; cn && i < l->n; i++) {
		struct finding *f = &l->f[i];
		const struct container_names *n;
		if (!f->container || f->container_name || f->pod_name)
			continue;
		n = ctrnames_get(cn, f->container);
		if (!n)
			continue;
		f->container_name = dup_or_null(n->name);
		f->container_image = dup_or_null(n->image);
		f->pod_name = dup_or_null(n->pod_name);
		f->pod_namespace = dup_or_null(n->pod_namespace);
	}
}

/* -c by name needs the names of the process's container before the
 * rest of it is read: only for a process in a container, and only its
 * own container's, so the cost per process is one cached lookup. */
static bool selected(struct walk_state *w, struct psnap *s)
{
	const char *want = w->j->opts->container;
	if (!want)
		return true;
	if (w->names && s->proc.container.id[0])
		ctrnames_copy(&s->proc.names,
			      ctrnames_get(w->names, s->proc.container.id));
	return proc_in_container(&s->proc, want);
}

static int one(const struct each_proc *p, struct out_stream *out, void *arg)
{
	struct walk_state *w = arg;
	struct judging *j = w->j;
	struct findings l = {0};
	struct host_etcd e;
	unsigned wanted = w->facets, more = 0;
	unsigned cut = 0;
	bool etcd;
	size_t i, round;
	if (psnap_has(p->snap, FACET_STAT) && !selected(w, p->snap))
		return 0;
	if (psnap_has(p->snap, FACET_STAT)) {
		/* With --container, the rest is read only for the processes
		 * it keeps. */
		if (j->opts->container &&
		    each_proc_need(p, w->facets & ~BASE_FACETS))
			return -ESRCH;
		/* A judge may ask in steps (stdio-to-socket: the fd links of
		 * a shell, then its socket tables only when fd 0, 1 or 2 is
		 * a socket): ask again while what was read makes it ask
		 * for more, a few rounds at most. */
		for (round = 0; round < MORE_ROUNDS; round++) {
			unsigned add = host_more(w->host_facets, p->snap);
			for (i = 0; i < j->njudges; i++)
				if (j->judges[i]->more)
					add |= j->judges[i]->more(p->snap);
			if (!(add & ~more))
				break;
			more |= add;
			if (each_proc_need(p, more))
				return -ESRCH;
		}
		wanted |= more;
		for (i = 0; i < j->njudges; i++)
			if (j->judges[i]->judge)
				cut |= j->judges[i]->judge(j->jc, p->snap, &l);
		if (j->seen)
			j->seen(j->sink_arg, p->snap->proc.pid,
				p->snap->proc.start_ticks);
	}
	memset(&e, 0, sizeof(e));
	e.db_fdnum = -1;
	etcd = (w->host_facets & HOST_ETCD) && psnap_has(p->snap, FACET_FDS) &&
	       etcd_from_snap(p->snap, &e);
	pthread_mutex_lock(&w->lock);
	count(&j->cov, p->snap, wanted, cut);
	if (etcd)
		*host_view_add_etcd(&w->host) = e;
	if (w->host_facets & HOST_CONTAINERS)
		host_container_note(&w->host, p->snap);
	if (w->host_facets & HOST_CTLPLANE)
		host_ctl_note(&w->host, p->snap);
	pthread_mutex_unlock(&w->lock);
	name_findings(w->names, &l);
	if (l.n)
		j->sink(j->sink_arg, &l, out);
	findings_release(&l);
	return 0;
}

/* The files the host judges will read, for a snapshot. ld.so.preload
 * is read through pid 1, or procsift's own root where pid 1's is closed
 * to it: the host's either way, kept as pid 1's. */
static void record_files(const struct rootfile_rec *rec,
			 const struct host_view *h)
{
	size_t i, k;
	for (i = 0; i < h->nctl; i++)
		for (k = 0; k < h->ctl[i].nfiles; k++)
			rec->file(rec->arg, h->ctl[i].pid, &h->ctl[i].files[k]);
	if (h->has_ld_preload)
		rec->file(rec->arg, 1, &h->ld_preload);
}

/* The host judges, after the walk, on what it collected. */
static void judge_host(struct walk_state *w, struct out_stream *out)
{
	struct judging *j = w->j;
	size_t i;
	int root_fd = proc_open_root(j->opts->src);
	for (i = 0; i < w->host.netcd; i++)
		etcd_host_open(&w->host.etcd[i], j->opts->src, ETCD_HOST_DB_MAX,
			       true);
	if (root_fd >= 0) {
		if (w->host_facets & HOST_CONTAINERS)
			host_mounts_read(root_fd, &w->host);
		if (w->host_facets & HOST_LDPRELOAD)
			host_ldpreload_read(root_fd, &w->host);
		if (w->host_facets & HOST_CTLPLANE)
			host_ctl_read_files(root_fd, &w->host);
		if (w->host_facets & HOST_PIDS)
			pid_probe_run(root_fd, &w->host.probe);
		close(root_fd);
	}
	if (j->rec)
		record_files(j->rec, &w->host);
	for (i = 0; i < j->njudges; i++) {
		const struct judge *jd = j->judges[i];
		struct findings l = {0};
		char err[sizeof(j->cov.host_err)] = "";
		int r;
		if (!jd->judge_host)
			continue;
		r = jd->judge_host(j->jc, &w->host, &l, err, sizeof(err));
		if (r) {
			if (!j->cov.host_failed++) {
				j->cov.host_failed_judge = jd->id;
				snprintf(j->cov.host_err,
					 sizeof(j->cov.host_err), "%s",
					 *err ? err : strerror(-r));
			}
		}
		name_findings(w->names, &l);
		if (l.n)
			j->sink(j->sink_arg, &l, out);
		findings_release(&l);
	}
	for (i = 0; i < w->host.netcd; i++)
		etcd_host_close(&w->host.etcd[i]);
	j->cov.probe.ran = w->host.probe.ran;
	j->cov.probe.err = w->host.probe.err;
	j->cov.probe.pid_max = w->host.probe.pid_max;
	j->cov.probe.listed = w->host.probe.listed;
	j->cov.probe.hidden = w->host.probe.nhidden;
	j->cov.probe.transient = w->host.probe.transient;
}

int judging_run(struct judging *j, struct out_stream *out, const char *cmd)
{
	struct walk_state w = {.j = j};
	struct each e;
	size_t i;
	int r, names_fd;
	memset(&j->cov, 0, sizeof(j->cov));
	j->cov.pidns_host = -1;
	j->cov.hidden_tasks = -1;
	memset(&e, 0, sizeof(e));
	for (i = 0; i < j->njudges; i++)
		w.host_facets |= j->judges[i]->host_facets;
	host_view_init(&w.host);
	pthread_mutex_init(&w.lock, NULL);
	/* The runtimes are looked for at the first container met, once for
	 * the whole walk (a host with none pays nothing). */
	names_fd = proc_open_root(j->opts->src);
	if (names_fd >= 0)
		w.names = ctrnames_new(names_fd, NULL);
	if (w.names && j->rec)
		ctrnames_record(w.names, j->rec);
	e.all = !j->opts->npids;
	e.pids = (pid_t *)j->opts->pids;
	e.npids = j->opts->npids;
	w.facets = judging_facets(j->judges, j->njudges);
	/* --container filters on stat and cgroup alone (see one()). */
	e.facets = j->opts->container ? BASE_FACETS : w.facets;
	e.unreadable_too = true;
	e.src = j->opts->src;
	/* procsift's own command line holds its options, a
	 * --fingerprint-key among them. */
	e.skip_pid = proc_self_pid(e.src);
	r = each_run(&e, cmd, NULL, out, one, &w);
	{
		struct cmd_visibility v;
		cmd_visibility_read(e.src, &v);
		j->cov.hidden = v.hidden;
		j->cov.pidns_host = v.pidns_host;
		j->cov.pidns_ino = v.pidns_ino;
		j->cov.hidden_tasks = v.hidden_tasks;
	}
	if (!r || r == EXIT_RUNTIME)
		judge_host(&w, out);
	host_view_release(&w.host);
	ctrnames_free(w.names);
	if (names_fd >= 0)
		close(names_fd);
	pthread_mutex_destroy(&w.lock);
	return r;
}
