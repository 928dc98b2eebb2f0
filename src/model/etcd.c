/* The etcd audit report: rows, resources, findings. */
#include "model/etcd.h"

#include <stdlib.h>
#include <string.h>

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

static void row_release(struct etcd_row *w)
{
	size_t i;
	free(w->key);
	free(w->ns);
	free(w->name);
	free(w->type);
	for (i = 0; i < w->nkeys; i++)
		free(w->keys[i]);
	free(w->keys);
	free(w->provider);
	free(w->key_name);
	free(w->enc_version);
	free(w->kms_key_id);
	free(w->uid);
	free(w->note);
	free(w->evidence);
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
	free(r->comm);
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
	const struct etcd_row *x = a, *y = b;
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

void etcd_report_sort(struct etcd_report *r)
{
	if (r->nrows > 1)
		qsort(r->rows, r->nrows, sizeof(*r->rows), cmp_row);
}
