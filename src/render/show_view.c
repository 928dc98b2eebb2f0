/* show: identity, credentials, capabilities, namespaces, then summaries,
 * as KEY VALUE lines or one JSON object, both from the field table
 * (show_fields.c). */
#include "render/show_view.h"

#include <string.h>

#include "render/colrow.h"
#include "render/json.h"
#include "render/proc_view.h"
#include "util/strbuf.h"

const struct out_col show_view_cols[SHOW_VIEW_NCOLS] = {
	{"key", "KEY", NULL, 16, 0, "what the line tells (pid, uid, cwd, ...)",
	 .alias = NULL},
	{"value", "VALUE", NULL, 0.8, OUT_COL_WRAP, "its value", .alias = NULL},
};
const int show_view_default[SHOW_VIEW_NCOLS] = {0, 1};

/* One KEY VALUE line, of the columns selected (0: KEY, 1: VALUE). */
static void kv_line(struct out_table *tb, const struct show_view_opts *so,
		    const char *key, const struct strbuf *value)
{
	struct out_line *ln = out_table_add(tb, NULL);
	size_t k;
	for (k = 0; k < so->nsel; k++)
		if (so->sel[k] == 0)
			out_line_set(ln, k, key, strlen(key));
		else
			out_line_set(ln, k, value->buf ? value->buf : "",
				     value->len);
}

/* A line for each field d has, in table order; an OUT_COL_TEXT_ALSO field
 * is told in the line of another. */
static int print_text(const struct show_view_opts *so, const struct dossier *d)
{
	struct out_table_opts o = {.fp = so->fp,
				   .style = so->style,
				   .ascii = so->ascii,
				   .noheadings = true};
	struct out_table *tb =
		out_table_new(&o, show_view_cols, so->sel, so->nsel);
	size_t f;
	int r;
	for (f = 0; f < SF__COUNT; f++) {
		const struct out_col *fl = &show_fields[f];
		struct out_cell c = {.text = STRBUF_INIT};
		if (fl->flags & OUT_COL_TEXT_ALSO)
			continue;
		fl->get(d, &c);
		if (!c.no_line)
			kv_line(tb, so, fl->name, &c.text);
		strbuf_release(&c.text);
	}
	r = out_table_print(tb);
	out_table_free(tb);
	return r;
}

/* The process object, then the dossier's keys in docs/json.md's order. */
int show_view_print(const struct show_view_opts *so, const struct dossier *d)
{
	struct json_object *o;
	int r;
	if (!so->json)
		return print_text(so, d);
	o = proc_json(d->p);
	out_row_json_add(o, show_fields, show_json_keys, show_json_nkeys, d);
	r = out_json_print(so->fp, o, so->pretty);
	json_object_put(o);
	return r;
}
