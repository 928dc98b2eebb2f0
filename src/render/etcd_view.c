/* The etcd audit as a table of Secret revisions, findings and a summary,
 * or as JSON. */
#include "render/etcd_view.h"
#include "render/etcd_summary.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#include "render/finding_view.h"
#include "render/fit.h"
#include "render/json.h"
#include "render/longtable.h"
#include "render/par.h"
#include "render/proc_view.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

enum {
	C_NS,
	C_NAME,
	C_TYPE,
	C_KEYS,
	C_STORAGE,
	C_REVISION,
	C_STATE,
	C_FINDINGS,
	C_KEY,
	C_PAGE,
	C_UID,
	C_CREATED,
	C_VERSION,
	C_FINGERPRINT,
	C_NOTE,
};

const struct out_col etcd_view_cols[ETCD_VIEW_NCOLS] = {
	{"namespace", "NAMESPACE", "namespace", 12, OUT_COL_TRUNC,
	 "the Secret's namespace", .alias = NULL},
	{"name", "NAME", "name", 20, OUT_COL_TRUNC, "the Secret's name",
	 .alias = NULL},
	{"type", "TYPE", "type", 0.15, OUT_COL_TRUNC, "the Secret's type",
	 .alias = NULL},
	{"keys", "KEYS", "keys", 0.15, OUT_COL_TRUNC,
	 "the names of its data keys", .alias = NULL},
	{"storage", "STORAGE", "storage", 0.2, OUT_COL_TRUNC,
	 "plaintext (protobuf), json, encrypted:PROVIDER/KEY, unknown, - "
	 "(tombstone)",
	 .alias = NULL},
	{"revision", "REVISION", "revision", 6, OUT_COL_RIGHT,
	 "the etcd revision that stored it", .alias = NULL},
	{"state", "STATE", "state", 10, 0,
	 "live, superseded, deleted or recovered", .alias = NULL},
	{"findings", "FINDINGS", "findings", 4, OUT_COL_RIGHT,
	 "findings about this revision", .alias = NULL},
	{"key", "KEY", "key", 0.3, OUT_COL_TRUNC, "the etcd key",
	 .alias = NULL},
	{"page", "PAGE", "page", 6, OUT_COL_RIGHT,
	 "recovered: the free page it came from", .alias = NULL},
	{"uid", "UID", "uid", 36, 0, "metadata.uid", .alias = NULL},
	{"created", "CREATED", "created", 20, 0, "metadata.creationTimestamp",
	 .alias = NULL},
	{"version", "VERSION", "version", 4, OUT_COL_RIGHT,
	 "the key's version (number of writes since creation)", .alias = NULL},
	{"fingerprint", "FINGERPRINT", "fingerprint", 12, 0,
	 "keyed fingerprint of the data", .alias = NULL},
	{"note", "NOTE", "note", 0.2, OUT_COL_TRUNC,
	 "what the data is (registry user, token subject)", .alias = NULL},
};
const size_t etcd_view_ncols =
	sizeof(etcd_view_cols) / sizeof(etcd_view_cols[0]);
const int etcd_view_default[] = {C_NS,	    C_NAME,	C_TYPE,	 C_KEYS,
				 C_STORAGE, C_REVISION, C_STATE, C_FINDINGS};
const size_t etcd_view_ndefault =
	sizeof(etcd_view_default) / sizeof(etcd_view_default[0]);

static bool plaintext(const struct etcd_row *w)
{
	return w->storage == K8S_STORE_PROTOBUF || w->storage == K8S_STORE_JSON;
}

/* "plaintext", "json", "encrypted:aescbc/key1", "unknown", "-". */
static void storage_text(struct strbuf *sb, const struct etcd_row *w)
{
	switch (w->storage) {
	case K8S_STORE_PROTOBUF:
		strbuf_addstr(sb, "plaintext");
		break;
	case K8S_STORE_JSON:
		strbuf_addstr(sb, "json");
		break;
	case K8S_STORE_ENCRYPTED:
		strbuf_addf(sb, "encrypted:%s/%s",
			    w->provider ? w->provider : "?",
			    w->key_name ? w->key_name : "?");
		break;
	case K8S_STORE_NONE:
		strbuf_addstr(sb, "-");
		break;
	default:
		strbuf_addstr(sb, "unknown");
	}
}

static const char *storage_json(const struct etcd_row *w)
{
	switch (w->storage) {
	case K8S_STORE_PROTOBUF:
		return "plaintext";
	case K8S_STORE_JSON:
		return "json";
	case K8S_STORE_ENCRYPTED:
		return "encrypted";
	case K8S_STORE_NONE:
		return "none";
	default:
		return "unknown";
	}
}

/* A creation time as the process views show a start time. */
static void time_text(struct strbuf *sb, int64_t t)
{
	char buf[32];
	proc_iso_time(buf, sizeof(buf), (long long)t);
	strbuf_addstr(sb, buf);
}

static void cell_text(struct strbuf *sb, const struct etcd_row *w, int col)
{
	size_t i;
	strbuf_reset(sb);
	switch (col) {
	case C_NS:
		strbuf_addstr(sb, w->ns ? w->ns : "");
		break;
	case C_NAME:
		strbuf_addstr(sb, w->name ? w->name : "");
		break;
	case C_TYPE:
		strbuf_addstr(sb, w->type ? w->type : "");
		break;
	case C_KEYS:
		for (i = 0; i < w->nkeys; i++)
			strbuf_addf(sb, "%s%s", i ? "," : "", w->keys[i]);
		break;
	case C_STORAGE:
		storage_text(sb, w);
		break;
	case C_REVISION:
		strbuf_addf(sb, "%lld", (long long)w->revision);
		break;
	case C_STATE:
		strbuf_addstr(sb, etcd_state_name(w->state));
		break;
	case C_FINDINGS:
		strbuf_addf(sb, "%zu", w->nfindings);
		break;
	case C_KEY:
		strbuf_add(sb, w->key, w->key_len);
		break;
	case C_PAGE:
		if (w->state == ETCD_RECOVERED)
			strbuf_addf(sb, "%llu", (unsigned long long)w->page);
		break;
	case C_UID:
		strbuf_addstr(sb, w->uid ? w->uid : "");
		break;
	case C_CREATED:
		if (w->has_created)
			time_text(sb, w->created);
		break;
	case C_VERSION:
		strbuf_addf(sb, "%lld", (long long)w->version);
		break;
	case C_FINGERPRINT:
		strbuf_addstr(sb, w->fingerprint);
		break;
	case C_NOTE:
		strbuf_addstr(sb, w->note ? w->note : "");
		break;
	}
}

static struct json_object *u64(uint64_t v)
{
	return json_object_new_uint64(v);
}

/* Set o's members from row w. o may hold the members of an earlier row:
 * each is replaced in place, in the same order, so that one object can
 * serve a whole piece of rows (json-c builds and grows a hash table for
 * each new object). */
static void row_fill(struct json_object *o, const struct etcd_row *w,
		     struct strbuf *sb)
{
	struct json_object *k;
	size_t i;
	json_object_object_add(o, "key", out_json_strn(w->key, w->key_len));
	json_object_object_add(o, "namespace", out_json_str(w->ns));
	json_object_object_add(o, "name", out_json_str(w->name));
	json_object_object_add(o, "type", out_json_str(w->type));
	k = json_object_new_array();
	for (i = 0; i < w->nkeys; i++)
		json_object_array_add(k, out_json_str(w->keys[i]));
	json_object_object_add(o, "keys", k);
	json_object_object_add(o, "storage",
			       json_object_new_string(storage_json(w)));
	json_object_object_add(o, "provider", out_json_str(w->provider));
	json_object_object_add(o, "key_name", out_json_str(w->key_name));
	json_object_object_add(o, "kms_key_id", out_json_str(w->kms_key_id));
	json_object_object_add(o, "revision",
			       json_object_new_int64(w->revision));
	json_object_object_add(o, "create_revision",
			       json_object_new_int64(w->create_revision));
	json_object_object_add(o, "version", json_object_new_int64(w->version));
	json_object_object_add(
		o, "state", json_object_new_string(etcd_state_name(w->state)));
	json_object_object_add(
		o, "page", w->state == ETCD_RECOVERED ? u64(w->page) : NULL);
	json_object_object_add(o, "uid", out_json_str(w->uid));
	strbuf_reset(sb);
	if (w->has_created)
		time_text(sb, w->created);
	json_object_object_add(
		o, "created", sb->len ? json_object_new_string(sb->buf) : NULL);
	json_object_object_add(o, "last_applied",
			       json_object_new_boolean(w->last_applied));
	json_object_object_add(o, "fingerprint",
			       plaintext(w) || w->storage == K8S_STORE_ENCRYPTED
				       ? json_object_new_string(w->fingerprint)
				       : NULL);
	json_object_object_add(o, "length",
			       plaintext(w) ? u64(w->data_len) : NULL);
	json_object_object_add(o, "note", out_json_str(w->note));
	strbuf_reset(sb);
	for (i = 0; i < w->head_len; i++)
		strbuf_addf(sb, "%02x", w->head[i]);
	json_object_object_add(
		o, "head",
		w->storage == K8S_STORE_UNKNOWN
			? json_object_new_string(sb->buf ? sb->buf : "")
			: NULL);
	json_object_object_add(o, "decode_error",
			       json_object_new_boolean(w->decode_error));
	json_object_object_add(o, "findings", u64(w->nfindings));
}

static struct json_object *etcd_json(const struct etcd_report *rep)
{
	struct json_object *o = json_object_new_object(), *a, *p;
	size_t i;
	json_object_object_add(o, "pid",
			       rep->pid ? json_object_new_int(rep->pid) : NULL);
	json_object_object_add(o, "comm", out_json_str(rep->comm));
	json_object_object_add(o, "db", out_json_str(rep->db));
	json_object_object_add(o, "size", u64(rep->size));
	json_object_object_add(o, "page_size", u64(rep->page_size));
	json_object_object_add(o, "txid", u64(rep->txid));
	json_object_object_add(o, "high_water_mark", u64(rep->hwm));
	json_object_object_add(o, "retried",
			       json_object_new_boolean(rep->retried));
	json_object_object_add(o, "moved", json_object_new_boolean(rep->moved));
	a = json_object_new_array();
	for (i = 0; i < rep->nwal; i++)
		json_object_array_add(a, out_json_str(rep->wal[i]));
	json_object_object_add(o, "wal", a);
	p = json_object_new_object();
	json_object_object_add(p, "reachable", u64(rep->pages_reachable));
	json_object_object_add(p, "free", u64(rep->pages_free));
	json_object_object_add(p, "past_high_water_mark",
			       u64(rep->pages_past_hwm));
	json_object_object_add(p, "stale_leaves", u64(rep->stale_leaves));
	json_object_object_add(o, "pages", p);
	json_object_object_add(o, "items", u64(rep->items));
	json_object_object_add(o, "bad_items", u64(rep->bad_items));
	return o;
}

/* Rows and findings are rendered in pieces on two threads. */
#define PIECE_ROWS 1024

struct render_ctx {
	const struct etcd_report *rep;
	bool pretty;
	size_t first; /* the first row with a finding of its own */
};

static void render_rows(size_t start, size_t end, struct strbuf *out, void *arg)
{
	const struct render_ctx *rc = arg;
	struct json_object *o = json_object_new_object();
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	for (i = start; i < end; i++) {
		row_fill(o, &rc->rep->rows[i], &sb);
		/* out_json_append releases what it writes: keep o. */
		out_json_append(out, json_object_get(o), rc->pretty, i == 0);
	}
	json_object_put(o);
	strbuf_release(&sb);
}

static void render_row_findings(size_t start, size_t end, struct strbuf *out,
				void *arg)
{
	const struct render_ctx *rc = arg;
	struct json_object *o = json_object_new_object();
	struct strbuf where = STRBUF_INIT, ev = STRBUF_INIT, msg = STRBUF_INIT;
	size_t i;
	for (i = start; i < end; i++) {
		struct finding f;
		if (!etcd_row_finding_view(rc->rep, &rc->rep->rows[i], &f,
					   &where, &ev, &msg))
			continue;
		finding_fill_json(o, &f);
		out_json_append(out, json_object_get(o), rc->pretty,
				i == rc->first);
	}
	json_object_put(o);
	strbuf_release(&where);
	strbuf_release(&ev);
	strbuf_release(&msg);
}

static int print_json(const struct etcd_view_opts *o,
		      const struct etcd_report *rep, const struct etcd_sum *s)
{
	struct out_json_stream js = {.fp = o->fp, .pretty = o->pretty};
	struct json_object *extra = json_object_new_object();
	struct json_object *lead = json_object_new_object();
	struct render_ctx rc = {rep, o->pretty, 0};
	size_t i;
	/* "etcd" first, for a human reading it; the rows are streamed. */
	json_object_object_add(lead, "etcd", etcd_json(rep));
	out_json_begin_with(&js, lead, "secrets");
	out_par_write(o->fp, rep->nrows, PIECE_ROWS, render_rows, &rc);
	/* Each revision's own finding, in row order, then what the rules
	 * and the WAL found, most severe first. */
	out_json_next(&js, "findings");
	for (rc.first = 0; rc.first < rep->nrows; rc.first++)
		if (etcd_row_severity(&rep->rows[rc.first]) >= 0)
			break;
	out_par_write(o->fp, rep->nrows, PIECE_ROWS, render_row_findings, &rc);
	/* out_json_item puts a separator after any item before. */
	js.n = rc.first < rep->nrows;
	for (i = 0; i < rep->findings.n; i++)
		out_json_item(&js, finding_to_json(&rep->findings.f[i]));
	if (o->resources)
		json_object_object_add(extra, "resources",
				       etcd_resources_json(rep));
	json_object_object_add(extra, "summary", etcd_summary_json(rep, s));
	return out_json_end_with(&js, extra);
}

struct cell_ctx {
	const struct etcd_view_opts *o;
	const struct etcd_report *rep;
};

static void row_cell(size_t row, size_t col, struct strbuf *sb, void *arg)
{
	const struct cell_ctx *cc = arg;
	cell_text(sb, &cc->rep->rows[row], cc->o->sel[col]);
}

static int print_text(const struct etcd_view_opts *o,
		      const struct etcd_report *rep, const struct etcd_sum *s)
{
	struct out_table_opts to = {.fp = o->fp,
				    .style = o->style,
				    .ascii = o->ascii,
				    .noheadings = o->noheadings};
	struct cell_ctx cc = {o, rep};
	struct out_table *tb;
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int r = out_long_table(&to, etcd_view_cols, o->sel, o->nsel, rep->nrows,
			       row_cell, NULL, &cc);
	/* Raw and pairs are for scripts: the Secrets table alone, each line
	 * its columns (the findings and the summary are in JSON). */
	if (o->style.format != OUT_FMT_TEXT)
		return r ? r : ferror(o->fp) ? -EIO : 0;
	if (!r && o->resources && rep->nres) {
		static const struct out_col rcols[] = {
			{"prefix", "PREFIX", "prefix", 10, 0, "",
			 .alias = NULL},
			{"resource", "RESOURCE", "resource", 0.3, OUT_COL_TRUNC,
			 "", .alias = NULL},
			{"keys", "KEYS", "keys", 6, OUT_COL_RIGHT, "",
			 .alias = NULL},
			{"revisions", "REVISIONS", "revisions", 6,
			 OUT_COL_RIGHT, "", .alias = NULL},
		};
		static const int rsel[] = {0, 1, 2, 3};
		fputs("\n", o->fp);
		tb = out_table_new(&to, rcols, rsel, 4);
		for (i = 0; i < rep->nres; i++) {
			struct out_line *ln = out_table_add(tb, NULL);
			const struct etcd_resource *e = &rep->res[i];
			out_line_set(ln, 0, e->prefix, strlen(e->prefix));
			out_line_set(ln, 1, e->resource, strlen(e->resource));
			strbuf_reset(&sb);
			strbuf_addf(&sb, "%zu", e->keys);
			out_line_set(ln, 2, sb.buf, sb.len);
			strbuf_reset(&sb);
			strbuf_addf(&sb, "%zu", e->revisions);
			out_line_set(ln, 3, sb.buf, sb.len);
		}
		r = out_table_print(tb);
		out_table_free(tb);
	}
	if (!r && rep->findings.n) {
		struct finding_list l = finding_list_of(&rep->findings);
		struct finding_text_opts fo = {.fp = o->fp,
					       .noheadings = o->noheadings,
					       .ascii = o->ascii,
					       .style = o->style,
					       .sel = finding_cols_default,
					       .nsel = FINDING_NCOLS};
		fputs("\n", o->fp);
		r = findings_print_text(&fo, &l);
	}
	{
		/* Provider names come from the values: escape them. */
		struct strbuf esc = STRBUF_INIT;
		strbuf_reset(&sb);
		etcd_summary_line(&sb, rep, s);
		size_t width = out_fit_width(o->fp);
		out_text_escape(&esc, sb.buf, sb.len);
		if (width) {
			/* A sentence: wrapped at spaces like a WRAP cell. */
			strbuf_reset(&sb);
			fit_wrap(&sb, esc.buf, width);
			strbuf_reset(&esc);
			strbuf_add(&esc, sb.buf, sb.len);
		}
		if (!r)
			fprintf(o->fp, "%s%s\n",
				rep->nrows || rep->findings.n ? "\n" : "",
				esc.buf);
		strbuf_release(&esc);
	}
	strbuf_release(&sb);
	return r ? r : ferror(o->fp) ? -EIO : 0;
}

int etcd_view_print(const struct etcd_view_opts *o,
		    const struct etcd_report *rep)
{
	struct etcd_sum s;
	if (rep->nrows > OUT_LONG_PIECE)
		out_pipe_grow(o->fp);
	etcd_summarise(rep, &s);
	return o->json ? print_json(o, rep, &s) : print_text(o, rep, &s);
}
