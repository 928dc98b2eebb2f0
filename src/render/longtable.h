/* Long text tables: a listing of tens of thousands of rows printed
 * through libsmartcols in pieces, so that it never holds the whole
 * listing, rendered on two threads when the output is not a terminal.
 * The pieces line up: each cell is padded to its column's width over all
 * rows. A short listing is one ordinary table. */
#ifndef RENDER_LONGTABLE_H
#define RENDER_LONGTABLE_H

#include <stddef.h>

#include "render/table.h"
#include "util/strbuf.h"

/* Rows per piece; a listing up to this long is printed as one table. */
#define OUT_LONG_PIECE 512

/* cell(row, col, sb, arg) sets sb to the raw text of the cell (sb is
 * reset by the caller; text is escaped later), for col < nsel. It may be
 * called from two threads at once. color (NULL: none) says how to colour
 * a cell when o's style has colour on. Prints rows [0, n) with the
 * selected columns of defs to o->fp. Returns 0 or -errno on a write
 * error. */
int out_long_table(const struct out_table_opts *o, const struct out_col *defs,
		   const int *sel, size_t nsel, size_t n,
		   void (*cell)(size_t row, size_t col, struct strbuf *sb,
				void *arg),
		   enum out_color (*color)(size_t row, size_t col, void *arg),
		   void *arg);

#endif
