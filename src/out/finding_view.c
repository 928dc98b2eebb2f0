/* Findings: SEVERITY RULE PID COMMAND CONTAINER WHERE EVIDENCE, grouped
 * by secret and place; or JSON and NDJSON, one object per finding. */
#include "out/finding_view.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "out/json.h"
#include "out/longtable.h"
#include "out/table.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const struct out_col cols[] = {
	{"severity", "SEVERITY", "severity", 8, 0, ""},
	{"rule", "RULE", "rule", 0.2, 0, ""},
	{"pid", "PID", "pid", 5, OUT_COL_RIGHT, ""},
	{"command", "COMMAND", "comm", 15, 0, ""},
	{"container", "CONTAINER", "container", 12, 0, ""},
	{"where", "WHERE", "where", 0.25, OUT_COL_TRUNC, ""},
	{"evidence", "EVIDENCE", "evidence", 0.2, OUT_COL_TRUNC, ""},
};

void finding_group(const struct finding *f, char out[13])
{
	XXH3_state_t *st = XXH3_createState();
	const char *tail = f->has_fingerprint ? f->fingerprint : f->message;
	uint64_t h;
	XXH3_64bits_reset(st);
	XXH3_64bits_update(st, f->rule, strlen(f->rule) + 1);
	XXH3_64bits_update(st, f->where, strlen(f->where) + 1);
	if (tail)
		XXH3_64bits_update(st, tail, strlen(tail));
	h = XXH3_64bits_digest(st);
	XXH3_freeState(st);
	snprintf(out, 13, "%012llx",
		 (unsigned long long)(h & 0xffffffffffffULL));
}

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_finding(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	int r;
	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	r = cmp_str(x->where, y->where);
	return r ? r : cmp_str(x->rule, y->rule);
}

void findings_sort(struct findings *l)
{
	if (l->n > 1)
		qsort(l->f, l->n, sizeof(*l->f), cmp_finding);
}

static struct json_object *facts_json(const struct finding *f)
{
	struct json_object *o = json_object_new_object();
	size_t i;
	for (i = 0; i < f->nfacts; i++) {
		const struct finding_fact *x = &f->facts[i];
		struct json_object *v =
			x->type == FACT_STR   ? out_json_str(x->str)
			: x->type == FACT_INT ? json_object_new_int64(x->num)
					      : json_object_new_boolean(x->num);
		json_object_object_add(o, x->key, v);
	}
	return o;
}

static struct json_object *tags_json(const struct finding *f)
{
	struct json_object *a = json_object_new_array();
	size_t i;
	for (i = 0; i < f->ntags; i++)
		json_object_array_add(a, json_object_new_string(f->tags[i]));
	return a;
}

struct json_object *finding_to_json(const struct finding *f)
{
	struct json_object *o = json_object_new_object();
	finding_fill_json(o, f);
	return o;
}

void finding_fill_json(struct json_object *o, const struct finding *f)
{
	char group[13];
	bool proc = f->pid != 0;
	finding_group(f, group);
	json_object_object_add(
		o, "kind", json_object_new_string(finding_kind_name(f->kind)));
	json_object_object_add(o, "judge", out_json_str(f->judge));
	json_object_object_add(o, "rule", json_object_new_string(f->rule));
	json_object_object_add(
		o, "severity",
		json_object_new_string(severity_name(f->severity)));
	json_object_object_add(
		o, "confidence",
		json_object_new_string(confidence_name(f->confidence)));
	json_object_object_add(o, "pid",
			       proc ? json_object_new_int(f->pid) : NULL);
	json_object_object_add(o, "start_ticks",
			       proc ? json_object_new_uint64(f->start_ticks)
				    : NULL);
	json_object_object_add(o, "comm", out_json_str(f->comm));
	json_object_object_add(o, "container", out_json_str(f->container));
	json_object_object_add(o, "pod_uid", out_json_str(f->pod_uid));
	json_object_object_add(o, "where", out_json_str(f->where));
	json_object_object_add(o, "message", out_json_str(f->message));
	json_object_object_add(o, "evidence", out_json_str(f->evidence));
	json_object_object_add(
		o, "length",
		f->evidence ? json_object_new_uint64(f->secret_len) : NULL);
	json_object_object_add(o, "fingerprint",
			       f->has_fingerprint
				       ? json_object_new_string(f->fingerprint)
				       : NULL);
	json_object_object_add(o, "facts", facts_json(f));
	json_object_object_add(o, "tags", tags_json(f));
	json_object_object_add(o, "group", json_object_new_string(group));
}

static struct json_object *errno_count(const char *facet, size_t n, int err)
{
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "facet", json_object_new_string(facet));
	json_object_object_add(o, "processes", json_object_new_uint64(n));
	json_object_object_add(o, "error", out_json_errno(err));
	return o;
}

static struct json_object *summary_json(const struct scan_summary *s)
{
	const struct coverage *c = s->cov;
	struct json_object *o = json_object_new_object(), *a, *b;
	size_t i;
	int f, sev;
	json_object_object_add(
		o, "processes",
		json_object_new_uint64(c->complete + c->partial + c->none));
	json_object_object_add(o, "complete",
			       json_object_new_uint64(c->complete));
	json_object_object_add(o, "partial",
			       json_object_new_uint64(c->partial));
	json_object_object_add(o, "unjudged", json_object_new_uint64(c->none));
	a = json_object_new_array();
	if (c->none)
		json_object_array_add(
			a, errno_count("stat", c->none, c->none_errno));
	for (f = 0; f < FACET__COUNT; f++)
		if (c->facet[f])
			json_object_array_add(
				a, errno_count(facet_name(f), c->facet[f],
					       c->facet_errno[f]));
	json_object_object_add(o, "missing", a);
	a = json_object_new_array();
	for (f = 0; f < FACET__COUNT; f++)
		if (c->truncated[f])
			json_object_array_add(
				a,
				errno_count(facet_name(f), c->truncated[f], 0));
	json_object_object_add(o, "truncated", a);
	a = json_object_new_array();
	if (c->host_failed) {
		b = json_object_new_object();
		json_object_object_add(b, "judge",
				       out_json_str(c->host_failed_judge));
		json_object_object_add(b, "error", out_json_str(c->host_err));
		json_object_array_add(a, b);
	}
	json_object_object_add(o, "host_judges_failed", a);
	json_object_object_add(o, "complete_coverage",
			       json_object_new_boolean(coverage_complete(c)));
	json_object_object_add(o, "hint", out_json_str(s->hint));
	a = json_object_new_array();
	for (i = 0; i < s->njudges; i++)
		json_object_array_add(a, json_object_new_string(s->judges[i]));
	json_object_object_add(o, "judges", a);
	json_object_object_add(o, "rules", json_object_new_uint64(s->rules));
	b = json_object_new_object();
	for (sev = SEV_CRITICAL; sev >= SEV_INFO; sev--)
		json_object_object_add(
			b, severity_name(sev),
			json_object_new_uint64(s->by_severity[sev]));
	json_object_object_add(o, "findings", b);
	return o;
}

/* A row of the text table: the findings idx[first .. first + n) of l,
 * which share rule, where and fingerprint. */
struct row {
	size_t first, n;
};

struct cell_ctx {
	const struct findings *l;
	const size_t *idx;
	const struct row *rows;
};

/* At most this many pids in a cell, then a count: a secret inherited by
 * a thousand workers is one short row. */
#define PIDS_SHOWN 3

static void pids_cell(struct strbuf *sb, const struct cell_ctx *cc,
		      const struct row *r)
{
	size_t i, shown = 0, more = 0;
	pid_t last = 0;
	for (i = 0; i < r->n; i++) {
		pid_t p = cc->l->f[cc->idx[r->first + i]].pid;
		if (!p || (i && p == last))
			continue;
		last = p;
		if (shown == PIDS_SHOWN) {
			more++;
			continue;
		}
		strbuf_addf(sb, "%s%d", shown++ ? "," : "", (int)p);
	}
	if (more)
		strbuf_addf(sb, " (+%zu)", more);
}

static void container_cell(struct strbuf *sb, const struct finding *f)
{
	if (f->container)
		strbuf_add(sb, f->container, strnlen(f->container, 12));
	else if (f->pod_uid)
		strbuf_addf(sb, "pod:%.8s", f->pod_uid);
}

static void finding_cell(size_t row, size_t col, struct strbuf *sb, void *arg)
{
	const struct cell_ctx *cc = arg;
	const struct row *r = &cc->rows[row];
	const struct finding *f = &cc->l->f[cc->idx[r->first]];
	switch (col) {
	case 0:
		strbuf_addstr(sb, severity_name(f->severity));
		break;
	case 1:
		strbuf_addstr(sb, f->rule);
		break;
	case 2:
		pids_cell(sb, cc, r);
		break;
	case 3:
		strbuf_addstr(sb, f->comm ? f->comm : "");
		break;
	case 4:
		container_cell(sb, f);
		break;
	case 5:
		strbuf_addstr(sb, f->where);
		break;
	default:
		if (f->evidence)
			strbuf_addf(sb, "%s len=%zu fp=%s", f->evidence,
				    f->secret_len, f->fingerprint);
		else
			strbuf_addstr(sb, f->message ? f->message : "");
	}
}

/* 0 when findings a and b belong in one row. */
static int cmp_key_row(const struct finding *a, const struct finding *b)
{
	if (a->severity != b->severity || strcmp(a->rule, b->rule) ||
	    strcmp(a->where, b->where) ||
	    a->has_fingerprint != b->has_fingerprint)
		return 1;
	if (a->has_fingerprint)
		return strcmp(a->fingerprint, b->fingerprint);
	return cmp_str(a->message, b->message);
}

/* Order by row key (rule, where, severity, fingerprint or message), then
 * by position, so that each row's members are together and its first
 * member is its earliest in the list. qsort_r: glibc. */
static int cmp_key(const void *a, const void *b, void *arg)
{
	const struct findings *l = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct finding *x = &l->f[i], *y = &l->f[j];
	int r = strcmp(x->rule, y->rule);
	if (!r)
		r = strcmp(x->where, y->where);
	if (!r)
		r = (x->severity < y->severity) - (x->severity > y->severity);
	if (!r)
		r = (int)y->has_fingerprint - (int)x->has_fingerprint;
	if (!r)
		r = x->has_fingerprint ? strcmp(x->fingerprint, y->fingerprint)
				       : cmp_str(x->message, y->message);
	return r ? r : (i > j) - (i < j);
}

static int cmp_row(const void *a, const void *b, void *arg)
{
	const size_t *idx = arg;
	size_t x = idx[((const struct row *)a)->first];
	size_t y = idx[((const struct row *)b)->first];
	return (x > y) - (x < y);
}

int findings_print_text(FILE *fp, const struct findings *l, bool group,
			bool noheadings)
{
	static const int sel[] = {0, 1, 2, 3, 4, 5, 6};
	struct out_table_opts o = {.fp = fp, .noheadings = noheadings};
	struct row *rows = xcalloc(l->n ? l->n : 1, sizeof(*rows));
	size_t *idx = xcalloc(l->n ? l->n : 1, sizeof(*idx)), i, n = 0;
	struct cell_ctx cc = {l, idx, rows};
	int r;
	for (i = 0; i < l->n; i++)
		idx[i] = i;
	if (group && l->n > 1)
		qsort_r(idx, l->n, sizeof(*idx), cmp_key, (void *)l);
	for (i = 0; i < l->n; i++) {
		if (group && n &&
		    !cmp_key_row(&l->f[idx[rows[n - 1].first]], &l->f[idx[i]]))
			rows[n - 1].n++;
		else
			rows[n++] = (struct row){i, 1};
	}
	/* Rows in the order of their first member in the list. */
	if (group && n > 1)
		qsort_r(rows, n, sizeof(*rows), cmp_row, idx);
	r = out_long_table(&o, cols, sel, 7, n, finding_cell, &cc);
	free(idx);
	free(rows);
	return r;
}

int findings_print_json(FILE *fp, bool pretty, const struct findings *l,
			const struct scan_summary *sum)
{
	struct out_json_stream s = {.fp = fp, .pretty = pretty};
	struct json_object *extra = json_object_new_object();
	size_t i;
	out_json_begin(&s, "findings");
	for (i = 0; i < l->n; i++)
		out_json_item(&s, finding_to_json(&l->f[i]));
	json_object_object_add(extra, "summary", summary_json(sum));
	return out_json_end_with(&s, extra);
}

static void add_meta(struct json_object *o, const struct ndjson_meta *m)
{
	struct json_object *h = json_object_new_object();
	json_object_object_add(o, "time", json_object_new_string(m->time));
	json_object_object_add(h, "hostname", out_json_str(m->host));
	json_object_object_add(
		h, "boot_id",
		m->boot_id[0] ? json_object_new_string(m->boot_id) : NULL);
	json_object_object_add(o, "host", h);
	json_object_object_add(o, "procsift",
			       json_object_new_string(m->version));
}

void findings_print_ndjson(FILE *fp, const struct findings *l,
			   const struct ndjson_meta *m)
{
	size_t i;
	for (i = 0; i < l->n; i++) {
		struct json_object *o = json_object_new_object();
		json_object_object_add(o, "record",
				       json_object_new_string("finding"));
		finding_fill_json(o, &l->f[i]);
		add_meta(o, m);
		out_json_print(fp, o, false);
		json_object_put(o);
	}
}

int findings_print_ndjson_summary(FILE *fp, const struct scan_summary *sum,
				  const struct ndjson_meta *m)
{
	struct json_object *o = json_object_new_object();
	int r;
	json_object_object_add(o, "record", json_object_new_string("summary"));
	json_object_object_add(o, "summary", summary_json(sum));
	add_meta(o, m);
	r = out_json_print(fp, o, false);
	json_object_put(o);
	return r ? r : ferror(fp) ? -EIO : 0;
}

static const struct {
	unsigned bit;
	const char *name;
} target_names[] = {
	{TARGET_ENV, "env"},
	{TARGET_TEXT, "text"},
	{TARGET_K8S_SECRET, "k8s-secret"},
	{TARGET_ARGV, "argv"},
};

static const char *targets_text(unsigned t, char *buf, size_t size)
{
	size_t i, n = 0;
	buf[0] = '\0';
	for (i = 0; i < sizeof(target_names) / sizeof(target_names[0]); i++)
		if (t & target_names[i].bit && n < size)
			n += (size_t)snprintf(buf + n, size - n, "%s%s",
					      n ? "," : "",
					      target_names[i].name);
	return buf;
}

static struct json_object *targets_json(unsigned t)
{
	struct json_object *a = json_object_new_array();
	size_t i;
	for (i = 0; i < sizeof(target_names) / sizeof(target_names[0]); i++)
		if (t & target_names[i].bit)
			json_object_array_add(a, json_object_new_string(
							 target_names[i].name));
	return a;
}

int rules_print(FILE *fp, bool json, bool pretty, const struct ruleset *rs)
{
	static const struct out_col rcols[] = {
		{"id", "ID", "id", 0.2, 0, ""},
		{"severity", "SEVERITY", "severity", 8, 0, ""},
		{"confidence", "CONF", "confidence", 6, 0, ""},
		{"targets", "TARGETS", "targets", 10, 0, ""},
		{"description", "DESCRIPTION", "description", 0.5,
		 OUT_COL_TRUNC, ""},
	};
	static const int sel[] = {0, 1, 2, 3, 4};
	char buf[64];
	size_t i;
	if (json) {
		struct out_json_stream s = {.fp = fp, .pretty = pretty};
		out_json_begin(&s, "rules");
		for (i = 0; i < rs->n; i++) {
			const struct rule *r = &rs->r[i];
			struct json_object *o = json_object_new_object();
			json_object_object_add(o, "id",
					       json_object_new_string(r->id));
			json_object_object_add(
				o, "severity",
				json_object_new_string(
					severity_name(r->severity)));
			json_object_object_add(
				o, "confidence",
				json_object_new_string(
					confidence_name(r->confidence)));
			json_object_object_add(o, "targets",
					       targets_json(r->targets));
			json_object_object_add(o, "description",
					       out_json_str(r->description));
			json_object_object_add(o, "origin",
					       out_json_str(r->origin));
			out_json_item(&s, o);
		}
		return out_json_end(&s);
	} else {
		struct out_table_opts o = {.fp = fp};
		struct out_table *tb = out_table_new(&o, rcols, sel, 5);
		int r;
		for (i = 0; i < rs->n; i++) {
			const struct rule *ru = &rs->r[i];
			struct out_line *ln = out_table_add(tb, NULL);
			const char *sv = severity_name(ru->severity);
			const char *cf = confidence_name(ru->confidence);
			out_line_set(ln, 0, ru->id, strlen(ru->id));
			out_line_set(ln, 1, sv, strlen(sv));
			out_line_set(ln, 2, cf, strlen(cf));
			targets_text(ru->targets, buf, sizeof(buf));
			out_line_set(ln, 3, buf, strlen(buf));
			out_line_set(ln, 4, ru->description,
				     strlen(ru->description));
		}
		r = out_table_print(tb);
		out_table_free(tb);
		return r;
	}
}
