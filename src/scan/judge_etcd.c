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
		/* ATT&CK: Unsecured Credentials, then Container API. */
		if (out->f[i].kind == KIND_SECRET) {
			if (!out->f[i].ntags)
				finding_tag(&out->f[i], "T1552");
			finding_tag(&out->f[i], "T1552.007");
		}
		out->f[i].container =
			e->container ? xstrdup(e->container) : NULL;
		out->f[i].pod_uid = e->pod_uid ? xstrdup(e->pod_uid) : NULL;
	}
}

/* A finding about the database file itself, not its contents: a
 * process named etcd holds open something that is not etcd's store, or
 * not where etcd keeps one. Said, not failed: an unprivileged user can
 * start such a process, and it must not make every scan fail. */
static void odd_db(const struct host_etcd *e, const char *rule,
		   enum severity sev, const char *what, const char *detail,
		   struct findings *out)
{
	struct finding *f = findings_add(out);
	struct strbuf sb = STRBUF_INIT;
	f->kind = KIND_INDICATOR;
	f->judge = ETCD_JUDGE;
	f->rule = rule;
	f->severity = sev;
	f->confidence = CONF_MEDIUM;
	judge_fill_host_proc(f, e->pid, e->start_ticks, e->comm, e->container,
			     e->pod_uid);
	strbuf_addf(&sb, "fd:%d", e->db_fdnum);
	f->where = strbuf_detach(&sb, NULL);
	strbuf_addf(&sb, "%s: not audited: %s", what, detail);
	f->message = strbuf_detach(&sb, NULL);
	finding_fact_str(f, "path", e->db_path, strlen(e->db_path));
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
	if (r == -EMEDIUMTYPE) {
		/* Not etcd's store at all: judged, and worth a look. */
		odd_db(e, "etcd-db-not-bbolt", SEV_LOW,
		       "the file this etcd holds as its database is not an "
		       "etcd database",
		       berr, out);
		r = 0;
	} else if (r == -EINVAL) {
		/* A bbolt file, but damaged: as much worth a look. */
		odd_db(e, "etcd-db-corrupt", SEV_LOW,
		       "the database this etcd holds is corrupt", berr, out);
		r = 0;
	} else if (r == -EAGAIN) {
		snprintf(err, errlen, "%s: %s", e->db_path, berr);
	} else if (!r) {
		if (rep.nwal)
			etcd_audit_wal(wal_fds, rep.wal, rep.nwal, &ao, &rep);
		take(&rep, e, out);
	}
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
		if (e->db_fd < 0 && e->db_err == EREMOTE) {
			odd_db(e, "etcd-db-on-remote-fs", SEV_MEDIUM,
			       "this etcd holds its database on a network or "
			       "FUSE file system",
			       "a stat or read there may never return", out);
			continue;
		}
		if (e->db_fd < 0 && e->db_err == EFBIG) {
			odd_db(e, "etcd-db-too-large", SEV_MEDIUM,
			       "the file this etcd holds as its database is "
			       "larger than an etcd store gets (16 GiB)",
			       "audit it with procsift etcd --pid", out);
			continue;
		}
		if (e->db_fd < 0 && e->db_err == EACCES) {
			odd_db(e, "etcd-db-not-readable-by-holder", SEV_MEDIUM,
			       "this etcd holds its database without being "
			       "able to read it (an O_PATH descriptor, or a "
			       "file its user may not read)",
			       "procsift reads no more than the holder could",
			       out);
			continue;
		}
		if (e->db_fd < 0 && e->db_err == EPERM) {
			odd_db(e, "etcd-db-not-regular", SEV_LOW,
			       "the file this etcd holds as its database is "
			       "not a regular file outside /dev",
			       "not opened", out);
			continue;
		}
		/* A snapshot taken without --with-etcd. */
		if (e->db_fd < 0 && e->db_err == ENODATA) {
			if (!first) {
				first = -ENODATA;
				snprintf(err, errlen,
					 "%s: not in this snapshot (procsift "
					 "snapshot --with-etcd copies it)",
					 e->db_path);
			}
			continue;
		}
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
