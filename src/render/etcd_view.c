/* The etcd audit as a table of Secret revisions, findings and a summary,
 * or as JSON; a Secret row's cells and JSON object come from the column
 * table (etcd_cols.c). */
#include "render/etcd_view.h"
#include "render/etcd_summary.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#include "render/colrow.h"
#include "render/finding_view.h"
#include "render/fit.h"
#include "render/json.h"
#include "render/longtable.h"
#include "render/par.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static struct json_object *u64(uint64_t v)
{
	return json_object_new_uint64(v);
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
	size_t i;
	for (i = start; i < end; i++) {
		/* One object for the piece: each row replaces the keys of
		 * the one before in place. */
		out_row_json_add(o, etcd_view_cols, etcd_view_json,
				 ETCD_VIEW_NCOLS, &rc->rep->rows[i]);
		/* out_json_append releases what it writes: keep o. */
		out_json_append(out, json_object_get(o), rc->pretty, i == 0);
	}
	json_object_put(o);
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
	out_row_text(sb, &etcd_view_cols[cc->o->sel[col]], &cc->rep->rows[row]);
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
