/* Rows of a view from its column table's getters. */
#include "render/colrow.h"

#include <string.h>

#include "util/strbuf.h"

void out_row_text(struct strbuf *sb, const struct out_col *col, const void *row)
{
	struct out_cell c = {.text = STRBUF_INIT};
	col->get(row, &c);
	strbuf_add(sb, c.text.buf, c.text.len);
	strbuf_release(&c.text);
}

void out_row_line(struct out_line *ln, const struct out_col *defs,
		  const int *sel, size_t nsel, const void *row, int before_col,
		  const char *before)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	for (i = 0; i < nsel; i++) {
		strbuf_reset(&sb);
		if (before && sel[i] == before_col)
			strbuf_addstr(&sb, before);
		out_row_text(&sb, &defs[sel[i]], row);
		out_line_set(ln, i, sb.buf, sb.len);
	}
	strbuf_release(&sb);
}

/* Add col's value from row to o under its key. "a.b" is key b of the
 * object at key a of o, made with the first of a's keys; a getter that
 * sets hold_null makes a null instead, and a's other keys are dropped. */
static void add_key(struct json_object *o, const struct out_col *col,
		    const void *row)
{
	struct out_cell c = {.text = STRBUF_INIT, .want_json = true};
	const char *dot = strchr(col->json, '.');
	struct strbuf outer = STRBUF_INIT;
	struct json_object *h;
	col->get(row, &c);
	strbuf_release(&c.text);
	if (!dot) {
		json_object_object_add(o, col->json, c.json);
		return;
	}
	strbuf_add(&outer, col->json, (size_t)(dot - col->json));
	if (!json_object_object_get_ex(o, outer.buf, &h)) {
		h = c.hold_null ? NULL : json_object_new_object();
		json_object_object_add(o, outer.buf, h);
	} else if (h && c.hold_null) {
		/* Replaced in place: the key keeps its position. */
		json_object_object_add(o, outer.buf, NULL);
		h = NULL;
	}
	if (h)
		json_object_object_add(h, dot + 1, c.json);
	else
		json_object_put(c.json);
	strbuf_release(&outer);
}

static void add_keys(struct json_object *o, const struct out_col *defs,
		     size_t ndefs, const void *row, bool outer)
{
	size_t i;
	for (i = 0; i < ndefs; i++) {
		if (!defs[i].json || !defs[i].get ||
		    (defs[i].flags & OUT_COL_JSON_ALSO) ||
		    !(defs[i].flags & OUT_COL_JSON_OUTER) != !outer)
			continue;
		add_key(o, &defs[i], row);
	}
}

struct json_object *out_row_json(const struct out_col *defs, size_t ndefs,
				 const void *row)
{
	struct json_object *o = json_object_new_object();
	add_keys(o, defs, ndefs, row, false);
	return o;
}

void out_row_json_add(struct json_object *o, const struct out_col *defs,
		      const int *sel, size_t n, const void *row)
{
	size_t i;
	for (i = 0; i < n; i++)
		add_key(o, &defs[sel[i]], row);
}

struct json_object *out_row_json_sel(const struct out_col *defs, const int *sel,
				     size_t n, const void *row)
{
	struct json_object *o = json_object_new_object();
	out_row_json_add(o, defs, sel, n, row);
	return o;
}

void out_row_json_outer(struct json_object *o, const struct out_col *defs,
			size_t ndefs, const void *row)
{
	add_keys(o, defs, ndefs, row, true);
}

unsigned out_cols_want(const struct out_col *defs, const int *sel, size_t n)
{
	unsigned want = 0;
	size_t i;
	for (i = 0; i < n; i++)
		want |= defs[sel[i]].want;
	return want;
}

void out_cell_tid(struct out_cell *c, pid_t tid)
{
	if (!tid)
		return;
	strbuf_addf(&c->text, "%d", (int)tid);
	if (c->want_json)
		c->json = json_object_new_int(tid);
}
