/* Process lists and trees: one walk and one depth cut for text and JSON. */
#include "render/proc_render.h"

#include <errno.h>
#include <stdlib.h>

#include "render/colrow.h"
#include "render/json.h"
#include "render/proc_view.h"
#include "render/table.h"
#include "util/xalloc.h"

static struct out_table *text_table(const struct proc_render *r, bool tree)
{
	struct out_table_opts o = {
		.fp = r->fp,
		.ascii = r->ascii,
		.style = r->style,
		.noheadings = r->noheadings,
		.tree = tree,
		.header_if_empty = true,
	};
	return out_table_new(&o, proc_cols, r->sel, r->nsel);
}

static struct out_line *text_line(struct out_table *tb,
				  const struct proc_render *r,
				  struct out_line *parent, const struct proc *p,
				  bool continued)
{
	struct out_line *ln = out_table_add(tb, parent);
	out_row_line(ln, proc_cols, r->sel, r->nsel, p, PC_COMMAND,
		     continued ? "... " : NULL);
	return ln;
}

static int text_print(struct out_table *tb)
{
	int ret = out_table_print(tb);
	out_table_free(tb);
	return ret;
}

int out_proc_list(const struct proc_render *r, struct proc *const *rows,
		  size_t n)
{
	size_t i;
	if (r->ndjson) {
		int ret = 0;
		for (i = 0; i < n && !ret; i++) {
			struct json_object *o = proc_json(rows[i]);
			ret = out_json_print(r->fp, o, false);
			json_object_put(o);
		}
		return ret;
	}
	if (r->json) {
		struct out_json_stream s = {.fp = r->fp, .pretty = r->pretty};
		out_json_begin(&s, "processes");
		for (i = 0; i < n; i++)
			out_json_item(&s, proc_json(rows[i]));
		return out_json_end(&s);
	} else {
		struct out_table *tb = text_table(r, false);
		for (i = 0; i < n; i++)
			text_line(tb, r, NULL, rows[i], false);
		return text_print(tb);
	}
}

struct tree_walk {
	const struct proc_render *r;
	int max_depth; /* levels shown before a branch is cut */
	bool (*keep)(const struct proc *p, void *arg);
	void *arg;
	struct out_table *tb;	 /* text */
	const struct proc **cut; /* branches to start top-level entries */
	size_t ncut, cut_alloc;
};

/* One process and its shown descendants, to depth OUT_TREE_MAX_DEPTH.
 * Returns its JSON object (JSON mode) or NULL (text mode). */
static struct json_object *walk(struct tree_walk *w, const struct proc *p,
				struct out_line *parent, int depth,
				bool continued)
{
	struct json_object *o = NULL, *kids = NULL;
	struct out_line *ln = NULL;
	bool cut = false;
	size_t i;
	if (w->r->json) {
		o = proc_json(p);
		kids = json_object_new_array();
	} else {
		ln = text_line(w->tb, w->r, parent, p, continued);
	}
	for (i = 0; i < p->nchildren; i++) {
		const struct proc *c = p->children[i];
		if (!w->keep(c, w->arg))
			continue;
		if (depth + 1 >= w->max_depth) {
			cut = true;
			w->cut = xgrow(w->cut, &w->cut_alloc, w->ncut + 1,
				       sizeof(*w->cut));
			w->cut[w->ncut++] = c;
			continue;
		}
		if (o)
			json_object_array_add(
				kids, walk(w, c, NULL, depth + 1, false));
		else
			walk(w, c, ln, depth + 1, false);
	}
	if (o) {
		json_object_object_add(o, "children", kids);
		json_object_object_add(o, "children_cut",
				       json_object_new_boolean(cut));
	}
	return o;
}

/* A text tree indents two cells a level, and libsmartcols cannot cut an
 * indent: on a width to fit, a branch deeper than a quarter of the width
 * in levels goes on as a top-level entry ("... "), as one past
 * OUT_TREE_MAX_DEPTH does, so the command keeps cells beside the other
 * columns and no line is wider than the terminal. */
static int depth_cap(const struct proc_render *r)
{
	size_t width;
	if (r->json || r->style.format != OUT_FMT_TEXT || r->style.notruncate)
		return OUT_TREE_MAX_DEPTH;
	width = out_fit_width(r->fp);
	if (!width || width / 4 >= OUT_TREE_MAX_DEPTH)
		return OUT_TREE_MAX_DEPTH;
	return width / 4 < 4 ? 4 : (int)(width / 4);
}

int out_proc_tree(const struct proc_render *r, const struct proc_table *t,
		  bool (*keep)(const struct proc *p, void *arg), void *arg)
{
	struct tree_walk w = {
		.r = r, .keep = keep, .arg = arg, .max_depth = depth_cap(r)};
	struct out_json_stream s = {.fp = r->fp, .pretty = r->pretty};
	size_t i;
	int ret;

	if (r->json)
		out_json_begin(&s, "processes");
	else
		w.tb = text_table(r, true);
	for (i = 0; i < t->n; i++) {
		const struct proc *p = t->procs[i];
		if (!keep(p, arg) || (p->parent && keep(p->parent, arg)))
			continue;
		if (r->json)
			out_json_item(&s, walk(&w, p, NULL, 0, false));
		else
			walk(&w, p, NULL, 0, false);
	}
	/* Cut branches follow in the order they were cut; each may cut
	 * more, which the growing list picks up. */
	for (i = 0; i < w.ncut; i++) {
		if (r->json)
			out_json_item(&s, walk(&w, w.cut[i], NULL, 0, true));
		else
			walk(&w, w.cut[i], NULL, 0, true);
	}
	free(w.cut);
	ret = r->json ? out_json_end(&s) : text_print(w.tb);
	return ret;
}
