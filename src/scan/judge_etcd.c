/* Judge etcd (a host judge): every etcd process whose database is open
 * is audited as `procsift etcd` does (its Secrets stored in plaintext,
 * superseded, deleted or recovered, and its WAL), and the decoded values
 * go through the secret rules. */
#include "scan/judge_etcd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "etcd/bbolt.h"
#include "etcd/locate.h"
#include "scan/secrets.h"
#include "util/xalloc.h"

struct value_emit {
	const struct judge_ctx *c;
	const struct etcd_report *rep;
	const char *where;
	size_t where_len;
	struct findings *out;
	size_t n;
};

static void emit(const struct secret_hit *h, void *arg)
{
	struct value_emit *e = arg;
	struct finding *f = findings_add(e->out);
	secret_finding(f, e->c->red, h, ETCD_JUDGE, e->where, e->where_len);
	f->pid = e->rep->pid;
	f->start_ticks = e->rep->start_ticks;
	f->comm = e->rep->comm ? xstrdup(e->rep->comm) : NULL;
	e->n++;
}

size_t judge_etcd_value(void *arg, const struct etcd_report *rep,
			const char *where, size_t where_len, const char *value,
			size_t len, struct findings *out)
{
	struct value_emit e = {arg, rep, where, where_len, out, 0};
	secrets_in_text(e.c->rules, TARGET_K8S_SECRET, value, len, emit, &e);
	return e.n;
}

/* etcd's own fds, to find its database: only for a process that is etcd
 * by its exe or comm. */
static unsigned more(const struct psnap *s)
{
	return etcd_is_etcd(s->proc.comm, s->proc.exe) ? FACET_BIT(FACET_FDS)
						       : 0;
}

/* Each revision's own finding, then move the other findings of rep,
 * into out, with etcd's container. */
static void take(struct etcd_report *rep, const struct host_etcd *e,
		 struct findings *out)
{
	struct finding f;
	size_t i, first = out->n;
	for (i = 0; i < rep->nrows; i++)
		if (etcd_row_finding(rep, &rep->rows[i], &f))
			*findings_add(out) = f;
	for (i = 0; i < rep->findings.n; i++)
		*findings_add(out) = rep->findings.f[i];
	free(rep->findings.f);
	memset(&rep->findings, 0, sizeof(rep->findings));
	for (i = first; i < out->n; i++) {
		out->f[i].container =
			e->container ? xstrdup(e->container) : NULL;
		out->f[i].pod_uid = e->pod_uid ? xstrdup(e->pod_uid) : NULL;
	}
}

static int audit_one(const struct judge_ctx *c, const struct host_etcd *e,
		     struct findings *out, char *err, size_t errlen)
{
	struct etcd_audit_opts ao = {
		.on_value = judge_etcd_value,
		.arg = (void *)c,
		.red = c->red,
		.carve = true,
	};
	struct etcd_report rep;
	char berr[BOLT_ERR_LEN];
	int *wal_fds = xcalloc(e->nwal + 1, sizeof(*wal_fds)), r;
	size_t i;
	etcd_report_init(&rep);
	rep.pid = e->pid;
	rep.start_ticks = e->start_ticks;
	rep.comm = xstrdup(e->comm ? e->comm : "");
	rep.db = xstrdup(e->db_path);
	rep.wal = xcalloc(e->nwal + 1, sizeof(*rep.wal));
	for (i = 0; i < e->nwal; i++) {
		if (e->wal_fds[i] < 0)
			continue;
		wal_fds[rep.nwal] = e->wal_fds[i];
		rep.wal[rep.nwal++] = xstrdup(e->wal_paths[i]);
	}
	r = etcd_audit_db(e->db_fd, &ao, &rep, berr, sizeof(berr));
	if (r == -EINVAL || r == -EAGAIN)
		snprintf(err, errlen, "%s: %s%s", e->db_path,
			 r == -EINVAL ? "corrupt: " : "", berr);
	if (!r && rep.nwal)
		etcd_audit_wal(wal_fds, rep.wal, rep.nwal, &ao, &rep);
	if (!r)
		take(&rep, e, out);
	free(wal_fds);
	etcd_report_release(&rep);
	return r;
}

static int judge_host(const struct judge_ctx *c, const struct host_view *h,
		      struct findings *out, char *err, size_t errlen)
{
	size_t i;
	int first = 0;
	for (i = 0; i < h->netcd; i++) {
		const struct host_etcd *e = &h->etcd[i];
		int r;
		/* An etcd that exited since it was found is skipped, as any
		 * vanished process is. */
		if (e->db_fd < 0) {
			if (!first && e->db_err && e->db_err != ESRCH &&
			    e->db_err != ENOENT) {
				first = -e->db_err;
				snprintf(err, errlen, "%s: %s", e->db_path,
					 strerror(e->db_err));
			}
			continue;
		}
		r = audit_one(c, e, out, first ? NULL : err,
			      first ? 0 : errlen);
		if (r && !first)
			first = r;
	}
	return first;
}

const struct judge judge_etcd = {
	.id = ETCD_JUDGE,
	.kind = KIND_SECRET,
	.summary = "Kubernetes Secrets in the database an etcd process holds "
		   "open: stored in plaintext, superseded, deleted or "
		   "recovered, in its WAL, and what the rules find in them",
	.facets = FACET_BIT(FACET_EXE),
	.more = more,
	.host_facets = HOST_ETCD,
	.judge_host = judge_host,
};
