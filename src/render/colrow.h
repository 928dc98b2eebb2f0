/* One row of a view through its column table's getters (struct out_col
 * .get): the text cells of the selected columns and the JSON object of
 * every column, so text, raw, pairs and JSON cannot drift apart. */
#ifndef RENDER_COLROW_H
#define RENDER_COLROW_H

#include <stddef.h>
#include <sys/types.h>

#include <json.h>

#include "render/table.h"

/* Fill the cells of ln (a line of a table made with defs and sel) from
 * row through the getters; before (may be NULL) is prepended to the cell
 * of column index before_col (a tree's continuation mark). */
void out_row_line(struct out_line *ln, const struct out_col *defs,
		  const int *sel, size_t nsel, const void *row, int before_col,
		  const char *before);

/* A new JSON object with the key of every column of defs that has one of
 * its own (json set, OUT_COL_JSON_ALSO and OUT_COL_JSON_OUTER not), in
 * table order, from row. A key "a.b" is key b of the object at a, made
 * where a's first key falls (null instead where a getter sets
 * hold_null); here and in the functions below.
 * The caller owns it. */
struct json_object *out_row_json(const struct out_col *defs, size_t ndefs,
				 const void *row);

/* A new JSON object with the keys of the n columns sel of defs, in that
 * order, from row: for a view whose rows are objects of more than one
 * shape (maps' mappings and summary groups), or whose keys depend on an
 * option (fds' --fdinfo). The caller owns it. */
struct json_object *out_row_json_sel(const struct out_col *defs, const int *sel,
				     size_t n, const void *row);

/* Add to o (an object made elsewhere: show's process object, or one
 * reused for many rows) the keys of the n columns sel of defs, in that
 * order, from row; a key o has already is replaced where it is. */
void out_row_json_add(struct json_object *o, const struct out_col *defs,
		      const int *sel, size_t n, const void *row);

/* Add to o the keys of the OUT_COL_JSON_OUTER columns of defs, from row
 * (any row of the object o stands for). */
void out_row_json_outer(struct json_object *o, const struct out_col *defs,
			size_t ndefs, const void *row);

/* The text of column col of row, raw, appended to sb. */
void out_row_text(struct strbuf *sb, const struct out_col *col,
		  const void *row);

/* A zombie leader's live thread (struct proc .via_tid) as a cell: the
 * tid, or empty text and JSON null for a process read as itself. */
void out_cell_tid(struct out_cell *c, pid_t tid);
#define VIA_TID_HELP                                                     \
	"a zombie leader's live thread whose files were read (its main " \
	"thread exited, the process lives on); empty otherwise"

/* The facets (the view's .want bits) the n columns sel need. */
unsigned out_cols_want(const struct out_col *defs, const int *sel, size_t n);

#endif
