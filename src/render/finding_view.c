/* Findings as JSON and NDJSON, one object per finding (made by the
 * column table's getters, finding_cols.c), with the scan's summary; and
 * the lists they are read from. The text table is in finding_table.c. */
#include "render/finding_view.h"

#include <errno.h>
#include <string.h>

#include "render/colrow.h"
#include "render/json.h"
#include "render/table.h"

static void get_array(const void *src, size_t i, struct finding *out)
{
	*out = ((const struct findings *)src)->f[i];
}

static void get_store(const void *src, size_t i, struct finding *out)
{
	findstore_get(src, i, out);
}

struct finding_list finding_list_of(const struct findings *l)
{
	return (struct finding_list){l->n, get_array, l};
}

struct finding_list finding_list_of_store(const struct findstore *s)
{
	return (struct finding_list){findstore_count(s), get_store, s};
}

struct json_object *finding_to_json(const struct finding *f)
{
	struct json_object *o = json_object_new_object();
	finding_fill_json(o, f);
	return o;
}

void finding_fill_json(struct json_object *o, const struct finding *f)
{
	const struct finding_row r = {.f = f, .n = 1};
	out_row_json_add(o, finding_cols, finding_cols_json, FINDING_NCOLS_ALL,
			 &r);
}

static struct json_object *errno_count(const char *facet, size_t n, int err)
{
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "facet", json_object_new_string(facet));
	json_object_object_add(o, "processes", json_object_new_uint64(n));
	json_object_object_add(o, "error", out_json_errno(err));
	return o;
}

/* The hidden-pid probe: what it probed, or why it did not run; null
 * when hidden-pid was not selected. */
static struct json_object *probe_json(const struct scan_summary *s)
{
	const struct coverage *c = s->cov;
	struct json_object *o;
	if (!c->probe.ran && !s->probe_skipped)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "ran", json_object_new_boolean(c->probe.ran));
	json_object_object_add(
		o, "pid_max",
		c->probe.ran && c->probe.pid_max
			? json_object_new_uint64(c->probe.pid_max)
			: NULL);
	json_object_object_add(
		o, "listed",
		c->probe.ran ? json_object_new_uint64(c->probe.listed) : NULL);
	json_object_object_add(
		o, "hidden",
		c->probe.ran ? json_object_new_uint64(c->probe.hidden) : NULL);
	json_object_object_add(
		o, "transient",
		c->probe.ran ? json_object_new_uint64(c->probe.transient)
			     : NULL);
	json_object_object_add(
		o, "error", c->probe.err ? out_json_errno(c->probe.err) : NULL);
	json_object_object_add(o, "skipped", out_json_str(s->probe_skipped));
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
	json_object_object_add(o, "hidden", out_json_str(c->hidden));
	json_object_object_add(o, "pid_namespace",
			       c->pidns_host < 0 ? NULL
			       : c->pidns_host
				       ? json_object_new_string("host")
				       : json_object_new_string("other"));
	json_object_object_add(o, "hidden_tasks",
			       c->hidden_tasks >= 0
				       ? json_object_new_int64(c->hidden_tasks)
				       : NULL);
	json_object_object_add(o, "complete_coverage",
			       json_object_new_boolean(coverage_complete(c)));
	json_object_object_add(o, "hint", out_json_str(s->hint));
	json_object_object_add(o, "pid_probe", probe_json(s));
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
	b = NULL;
	if (s->plain_apiserver && s->plain_etcd) {
		b = json_object_new_object();
		json_object_object_add(b, "apiserver_pid",
				       json_object_new_int(s->plain_apiserver));
		json_object_object_add(b, "etcd_pid",
				       json_object_new_int(s->plain_etcd));
		json_object_object_add(
			b, "plaintext_secrets",
			json_object_new_uint64(s->plain_secrets));
	}
	json_object_object_add(o, "secrets_unencrypted", b);
	return o;
}

int findings_print_json(FILE *fp, bool pretty, const struct finding_list *l,
			const struct scan_summary *sum)
{
	struct out_json_stream s = {.fp = fp, .pretty = pretty};
	struct json_object *extra = json_object_new_object();
	size_t i;
	out_json_begin(&s, "findings");
	for (i = 0; i < l->n; i++) {
		struct finding f;
		l->get(l->src, i, &f);
		out_json_item(&s, finding_to_json(&f));
	}
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

int findings_print_ndjson_heartbeat(FILE *fp, const struct scan_round *rd,
				    const struct scan_summary *sum,
				    const struct ndjson_meta *m)
{
	struct json_object *o = json_object_new_object();
	int r;
	json_object_object_add(o, "record",
			       json_object_new_string("heartbeat"));
	json_object_object_add(o, "round", json_object_new_uint64(rd->round));
	json_object_object_add(o, "new_findings",
			       json_object_new_uint64(rd->new_findings));
	json_object_object_add(o, "present_findings",
			       json_object_new_uint64(rd->present));
	json_object_object_add(o, "summary", summary_json(sum));
	add_meta(o, m);
	r = out_json_print(fp, o, false);
	json_object_put(o);
	return r ? r : ferror(fp) ? -EIO : 0;
}
