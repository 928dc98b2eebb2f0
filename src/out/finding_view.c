/* Findings: SEVERITY RULE PID COMMAND CONTAINER WHERE EVIDENCE, or JSON. */
#include "out/finding_view.h"

#include <errno.h>
#include <string.h>

#include "out/json.h"
#include "out/longtable.h"
#include "out/table.h"
#include "util/strbuf.h"

static const struct out_col cols[] = {
	{"severity", "SEVERITY", "severity", 8, 0, ""},
	{"rule", "RULE", "rule", 0.2, 0, ""},
	{"pid", "PID", "pid", 5, OUT_COL_RIGHT, ""},
	{"command", "COMMAND", "comm", 15, 0, ""},
	{"container", "CONTAINER", "container", 12, 0, ""},
	{"where", "WHERE", "where", 0.25, OUT_COL_TRUNC, ""},
	{"evidence", "EVIDENCE", "evidence", 0.2, OUT_COL_TRUNC, ""},
};

struct json_object *finding_to_json(const struct finding *f,
				    const char *container)
{
	struct json_object *o = json_object_new_object();
	finding_fill_json(o, f, container);
	return o;
}

void finding_fill_json(struct json_object *o, const struct finding *f,
		       const char *container)
{
	json_object_object_add(o, "rule", json_object_new_string(f->rule));
	json_object_object_add(
		o, "severity",
		json_object_new_string(severity_name(f->severity)));
	json_object_object_add(
		o, "confidence",
		json_object_new_string(confidence_name(f->confidence)));
	json_object_object_add(o, "pid",
			       f->pid ? json_object_new_int(f->pid) : NULL);
	json_object_object_add(o, "start_ticks",
			       f->pid ? json_object_new_uint64(f->start_ticks)
				      : NULL);
	json_object_object_add(o, "comm", out_json_str(f->comm));
	json_object_object_add(o, "container", out_json_str(container));
	json_object_object_add(o, "where", out_json_str(f->where));
	json_object_object_add(o, "evidence", out_json_str(f->evidence));
	json_object_object_add(o, "length",
			       json_object_new_uint64(f->secret_len));
	json_object_object_add(o, "fingerprint",
			       json_object_new_string(f->fingerprint));
	json_object_object_add(o, "message", out_json_str(f->message));
}

static struct json_object *summary_json(const struct scan_summary *s)
{
	struct json_object *o = json_object_new_object(), *b;
	int i;
	json_object_object_add(o, "processes_scanned",
			       json_object_new_uint64(s->scanned));
	json_object_object_add(o, "processes_unreadable",
			       json_object_new_uint64(s->unreadable));
	json_object_object_add(o, "rules", json_object_new_uint64(s->rules));
	b = json_object_new_object();
	for (i = SEV_CRITICAL; i >= SEV_INFO; i--)
		json_object_object_add(
			b, severity_name(i),
			json_object_new_uint64(s->by_severity[i]));
	json_object_object_add(o, "findings", b);
	return o;
}

struct cell_ctx {
	const struct findings *l;
	char *const *containers;
};

static void finding_cell(size_t row, size_t col, struct strbuf *sb, void *arg)
{
	const struct cell_ctx *cc = arg;
	const struct finding *f = &cc->l->f[row];
	const char *c = cc->containers[row];
	switch (col) {
	case 0:
		strbuf_addstr(sb, severity_name(f->severity));
		break;
	case 1:
		strbuf_addstr(sb, f->rule);
		break;
	case 2:
		if (f->pid)
			strbuf_addf(sb, "%d", (int)f->pid);
		break;
	case 3:
		strbuf_addstr(sb, f->comm ? f->comm : "");
		break;
	case 4:
		strbuf_addstr(sb, c ? c : "");
		break;
	case 5:
		strbuf_addstr(sb, f->where);
		break;
	default:
		strbuf_addf(sb, "%s len=%zu fp=%s", f->evidence, f->secret_len,
			    f->fingerprint);
	}
}

int findings_print(FILE *fp, enum finding_format fmt, bool pretty,
		   bool noheadings, const struct findings *l,
		   char *const *containers, const struct scan_summary *sum)
{
	size_t i;
	if (fmt == FINDINGS_NDJSON) {
		for (i = 0; i < l->n; i++) {
			struct json_object *o =
				finding_to_json(&l->f[i], containers[i]);
			out_json_print(fp, o, false);
			json_object_put(o);
		}
		return ferror(fp) ? -EIO : 0;
	}
	if (fmt == FINDINGS_JSON) {
		struct out_json_stream s = {.fp = fp, .pretty = pretty};
		struct json_object *extra = json_object_new_object();
		out_json_begin(&s, "findings");
		for (i = 0; i < l->n; i++)
			out_json_item(&s,
				      finding_to_json(&l->f[i], containers[i]));
		json_object_object_add(extra, "summary", summary_json(sum));
		return out_json_end_with(&s, extra);
	} else {
		static const int sel[] = {0, 1, 2, 3, 4, 5, 6};
		struct out_table_opts o = {.fp = fp, .noheadings = noheadings};
		struct cell_ctx cc = {l, containers};
		return out_long_table(&o, cols, sel, 7, l->n, finding_cell,
				      &cc);
	}
}

static const char *targets_text(unsigned t, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s%s%s", t & TARGET_ENV ? "env" : "",
		 (t & TARGET_ENV) && (t & ~TARGET_ENV) ? "," : "",
		 t & TARGET_TEXT ? "text" : "",
		 (t & TARGET_TEXT) && (t & TARGET_K8S_SECRET) ? "," : "",
		 t & TARGET_K8S_SECRET ? "k8s-secret" : "");
	return buf;
}

static struct json_object *targets_json(unsigned t)
{
	struct json_object *a = json_object_new_array();
	if (t & TARGET_ENV)
		json_object_array_add(a, json_object_new_string("env"));
	if (t & TARGET_TEXT)
		json_object_array_add(a, json_object_new_string("text"));
	if (t & TARGET_K8S_SECRET)
		json_object_array_add(a, json_object_new_string("k8s-secret"));
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
