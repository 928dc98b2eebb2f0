/* The etcd scanner: for `procsift scan`, every etcd process whose
 * database is open (or the etcd among the pids asked for) is audited like
 * `procsift etcd` does, and its findings join the others. */
#include "scan/scanner.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "etcd/audit.h"
#include "etcd/bbolt.h"
#include "etcd/locate.h"
#include "proc/pidfile.h"
#include "util/xalloc.h"

/* Each revision's own finding, then move the other findings of rep,
 * into out. */
static void take(struct etcd_report *rep, struct findings *out)
{
	struct finding f;
	size_t i;
	for (i = 0; i < rep->nrows; i++)
		if (etcd_row_finding(rep, &rep->rows[i], &f))
			*findings_add(out) = f;
	for (i = 0; i < rep->findings.n; i++)
		*findings_add(out) = rep->findings.f[i];
	free(rep->findings.f);
	memset(&rep->findings, 0, sizeof(rep->findings));
}

static int audit_one(struct scan_ctx *ctx, const struct etcd_proc *e,
		     struct findings *out)
{
	struct etcd_audit_opts ao = {
		.rules = ctx->rules,
		.red = ctx->red,
		.carve = true,
	};
	struct etcd_report rep;
	char err[BOLT_ERR_LEN];
	int *wal_fds = xcalloc(e->nwal + 1, sizeof(*wal_fds)), r;
	size_t i;
	int fd = etcd_open_target(e->pid, e->start_ticks, e->db_fd);
	if (fd < 0) {
		free(wal_fds);
		return fd;
	}
	etcd_report_init(&rep);
	rep.pid = e->pid;
	rep.start_ticks = e->start_ticks;
	rep.comm = xstrdup(e->comm);
	rep.db = xstrdup(e->db_path);
	rep.wal = xcalloc(e->nwal + 1, sizeof(*rep.wal));
	for (i = 0; i < e->nwal; i++) {
		int w = etcd_open_target(e->pid, e->start_ticks, e->wal_fds[i]);
		if (w < 0)
			continue;
		wal_fds[rep.nwal] = w;
		rep.wal[rep.nwal++] = xstrdup(e->wal_paths[i]);
	}
	r = etcd_audit_db(fd, &ao, &rep, err, sizeof(err));
	if (r == -EINVAL || r == -EAGAIN)
		snprintf(ctx->err, sizeof(ctx->err), "%s: %s%s", e->db_path,
			 r == -EINVAL ? "corrupt: " : "", err);
	if (!r && rep.nwal)
		etcd_audit_wal(wal_fds, rep.wal, rep.nwal, &ao, &rep);
	if (!r)
		take(&rep, out);
	close(fd);
	for (i = 0; i < rep.nwal; i++)
		close(wal_fds[i]);
	free(wal_fds);
	etcd_report_release(&rep);
	return r;
}

static int run(struct scan_ctx *ctx, struct findings *out)
{
	struct etcd_procs l;
	size_t i;
	int r = etcd_locate(ctx->pids, ctx->npids, &l), first = 0;
	if (r)
		return r;
	for (i = 0; i < l.n; i++) {
		if (l.p[i].db_fd < 0)
			continue;
		r = audit_one(ctx, &l.p[i], out);
		/* An etcd that exited since it was found is skipped, as any
		 * vanished process is; a database that cannot be read is a
		 * failure of this scanner. */
		if (r && !first && !proc_errno_vanished(r))
			first = r;
	}
	etcd_procs_release(&l);
	return first;
}

const struct scanner scan_etcd = {
	.name = "etcd",
	.summary = "Kubernetes Secrets in an etcd database open by a process",
	.run = run,
};
