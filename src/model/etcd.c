/* The etcd audit report: rows, resources, findings. */
#include "model/etcd.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

static const char *const state_names[] = {"live", "superseded", "deleted",
					  "recovered"};

const char *etcd_state_name(enum etcd_state s)
{
	return (unsigned)s <= ETCD_RECOVERED ? state_names[s] : "?";
}

void etcd_report_init(struct etcd_report *r)
{
	memset(r, 0, sizeof(*r));
}

#define RS(field) offsetof(struct etcd_row, field)
static const size_t row_strings[] = {
	RS(key),	RS(ns),	      RS(name),	    RS(type),
	RS(keys),	RS(provider), RS(key_name), RS(enc_version),
	RS(kms_key_id), RS(uid),      RS(note),	    RS(evidence),
};

static void row_release(struct etcd_row *w)
{
	size_t i;
	for (i = 0; i < w->nkeys; i++)
		free(w->keys[i]);
	free_fields(w, row_strings,
		    sizeof(row_strings) / sizeof(row_strings[0]));
}

void etcd_report_release(struct etcd_report *r)
{
	size_t i;
	for (i = 0; i < r->nrows; i++)
		row_release(&r->rows[i]);
	free(r->rows);
	for (i = 0; i < r->nres; i++) {
		free(r->res[i].prefix);
		free(r->res[i].resource);
	}
	free(r->res);
	for (i = 0; i < r->nwal; i++)
		free(r->wal[i]);
	free(r->wal);
	free(r->wal_files);
	free(r->comm);
	free(r->container);
	free(r->pod_uid);
	container_names_release(&r->names);
	free(r->db);
	findings_release(&r->findings);
	memset(r, 0, sizeof(*r));
}

struct etcd_row *etcd_report_add_row(struct etcd_report *r)
{
	r->rows = xgrow(r->rows, &r->alloc, r->nrows + 1, sizeof(*r->rows));
	memset(&r->rows[r->nrows], 0, sizeof(r->rows[0]));
	return &r->rows[r->nrows++];
}

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_row(const void *a, const void *b)
{
	const struct etcd_row *x = *(struct etcd_row *const *)a;
	const struct etcd_row *y = *(struct etcd_row *const *)b;
	int c = cmp_str(x->ns, y->ns);
	if (!c)
		c = cmp_str(x->name, y->name);
	if (!c && x->key_len != y->key_len)
		c = x->key_len < y->key_len ? -1 : 1;
	if (!c)
		c = memcmp(x->key, y->key, x->key_len);
	if (!c && x->revision != y->revision)
		c = x->revision < y->revision ? -1 : 1;
	if (!c && x->sub != y->sub)
		c = x->sub < y->sub ? -1 : 1;
	if (!c && (x->state == ETCD_RECOVERED) != (y->state == ETCD_RECOVERED))
		c = x->state == ETCD_RECOVERED ? 1 : -1;
	return c;
}

static int cmp_res(const void *a, const void *b)
{
	const struct etcd_resource *x = a, *y = b;
	int c = strcmp(x->prefix, y->prefix);
	return c ? c : strcmp(x->resource, y->resource);
}

void etcd_report_sort(struct etcd_report *r)
{
	if (r->nrows > 1) {
		/* Sort pointers, then move each row once, in place along the
		 * cycles of the permutation: a row is some 300 bytes, which
		 * qsort would copy at every merge pass, through a copy of the
		 * whole array. */
		struct etcd_row **p = xcalloc(r->nrows, sizeof(*p)), tmp;
		size_t *to = xcalloc(r->nrows, sizeof(*to)), i, j, k;
		for (i = 0; i < r->nrows; i++)
			p[i] = &r->rows[i];
		qsort(p, r->nrows, sizeof(*p), cmp_row);
		for (i = 0; i < r->nrows; i++) /* row to[i] goes to i */
			to[i] = (size_t)(p[i] - r->rows);
		free(p);
		for (i = 0; i < r->nrows; i++) {
			if (to[i] == i)
				continue;
			tmp = r->rows[i];
			for (j = i;; j = k) {
				k = to[j];
				to[j] = j;
				if (k == i) {
					r->rows[j] = tmp;
					break;
				}
				r->rows[j] = r->rows[k];
			}
		}
		free(to);
	}
	if (r->nres > 1)
		qsort(r->res, r->nres, sizeof(*r->res), cmp_res);
}

static void row_where(struct strbuf *sb, const struct etcd_row *w)
{
	strbuf_reset(sb);
	strbuf_addstr(sb, "etcd:");
	strbuf_add(sb, w->key, w->key_len);
	strbuf_addf(sb, "@%lld", (long long)w->revision);
}

static void row_name(struct strbuf *sb, const struct etcd_row *w)
{
	strbuf_addf(sb, "Secret %s%s%s", w->ns ? w->ns : "", w->ns ? "/" : "",
		    w->name ? w->name : "?");
}

int etcd_row_severity(const struct etcd_row *w)
{
	bool plain = (w->storage == K8S_STORE_PROTOBUF ||
		      w->storage == K8S_STORE_JSON) &&
		     w->evidence;
	if (w->tombstone)
		return -1;
	if (w->state == ETCD_LIVE && plain)
		return SEV_CRITICAL;
	if (w->state == ETCD_LIVE && w->storage == K8S_STORE_ENCRYPTED)
		return SEV_INFO;
	if (plain)
		return SEV_HIGH; /* superseded, deleted or recovered */
	return -1;
}

static const char *row_rule(const struct etcd_row *w)
{
	if (w->state == ETCD_LIVE)
		return w->storage == K8S_STORE_ENCRYPTED ? ETCD_RULE_ENCRYPTED
							 : ETCD_RULE_PLAINTEXT;
	return w->state == ETCD_RECOVERED ? ETCD_RULE_RECOVERED
					  : ETCD_RULE_SUPERSEDED;
}

static void row_message(struct strbuf *m, const struct etcd_row *w)
{
	const char *how = w->storage == K8S_STORE_JSON ? "JSON" : "protobuf";
	row_name(m, w);
	if (w->storage == K8S_STORE_ENCRYPTED) {
		strbuf_addf(m, " is encrypted at rest (%s, key %s%s%s)",
			    w->provider ? w->provider : "?",
			    w->key_name ? w->key_name : "?",
			    w->kms_key_id ? ", KMS key id " : "",
			    w->kms_key_id ? w->kms_key_id : "");
		return;
	}
	if (w->state == ETCD_LIVE)
		strbuf_addf(m, " is stored in plaintext (%s)", how);
	else if (w->state == ETCD_SUPERSEDED)
		strbuf_addf(m,
			    ": revision %lld still holds plaintext (%s; "
			    "superseded by revision %lld)",
			    (long long)w->revision, how, (long long)w->newest);
	else if (w->state == ETCD_DELETED)
		strbuf_addf(m,
			    ": revision %lld still holds plaintext (%s) after "
			    "the Secret was deleted at revision %lld",
			    (long long)w->revision, how, (long long)w->newest);
	else
		strbuf_addf(m,
			    ": revision %lld recovered in plaintext (%s) from "
			    "free page %llu",
			    (long long)w->revision, how,
			    (unsigned long long)w->page);
	strbuf_addf(m, ", type %s, %zu key%s", w->type ? w->type : "?",
		    w->nkeys, w->nkeys == 1 ? "" : "s");
	if (w->note)
		strbuf_addf(m, "; %s", w->note);
}

bool etcd_row_finding_view(const struct etcd_report *rep,
			   const struct etcd_row *w, struct finding *f,
			   struct strbuf *where, struct strbuf *evidence,
			   struct strbuf *msg)
{
	int sev = etcd_row_severity(w);
	if (sev < 0)
		return false;
	memset(f, 0, sizeof(*f));
	f->kind = KIND_SECRET;
	f->judge = ETCD_JUDGE;
	f->rule = row_rule(w);
	f->severity = (enum severity)sev;
	f->confidence = CONF_HIGH;
	f->pid = rep->pid;
	f->start_ticks = rep->start_ticks;
	f->comm = rep->comm;
	f->container = rep->container;
	f->pod_uid = rep->pod_uid;
	f->container_name = rep->names.name;
	f->container_image = rep->names.image;
	f->pod_name = rep->names.pod_name;
	f->pod_namespace = rep->names.pod_namespace;
	strbuf_reset(where);
	row_where(where, w);
	f->where = where->buf;
	strbuf_reset(evidence);
	if (w->storage == K8S_STORE_ENCRYPTED)
		/* The prefix names the key; it is not secret. */
		strbuf_addf(evidence,
			    "k8s:enc:%s:%s:%s:", w->provider ? w->provider : "",
			    w->enc_version ? w->enc_version : "",
			    w->key_name ? w->key_name : "");
	else
		strbuf_addstr(evidence, w->evidence ? w->evidence : "");
	f->evidence = evidence->buf;
	f->secret_len = w->data_len;
	memcpy(f->fingerprint, w->fingerprint, sizeof(f->fingerprint));
	f->has_fingerprint = true;
	strbuf_reset(msg);
	row_message(msg, w);
	f->message = msg->buf;
	return true;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* f's container, pod and their names: copies of rep's. */
static void name_finding(const struct etcd_report *rep, struct finding *f)
{
	f->container = dup_or_null(rep->container);
	f->pod_uid = dup_or_null(rep->pod_uid);
	f->container_name = dup_or_null(rep->names.name);
	f->container_image = dup_or_null(rep->names.image);
	f->pod_name = dup_or_null(rep->names.pod_name);
	f->pod_namespace = dup_or_null(rep->names.pod_namespace);
}

void etcd_report_name_findings(struct etcd_report *r)
{
	size_t i;
	for (i = 0; i < r->findings.n; i++)
		if (!r->findings.f[i].container && !r->findings.f[i].pod_uid)
			name_finding(r, &r->findings.f[i]);
}

bool etcd_row_finding(const struct etcd_report *rep, const struct etcd_row *w,
		      struct finding *f)
{
	struct strbuf where = STRBUF_INIT, ev = STRBUF_INIT, msg = STRBUF_INIT;
	bool any = etcd_row_finding_view(rep, w, f, &where, &ev, &msg);
	if (any) {
		f->comm = dup_or_null(rep->comm);
		name_finding(rep, f);
		f->where = strbuf_detach(&where, NULL);
		f->evidence = strbuf_detach(&ev, NULL);
		f->message = strbuf_detach(&msg, NULL);
	}
	strbuf_release(&where);
	strbuf_release(&ev);
	strbuf_release(&msg);
	return any;
}
