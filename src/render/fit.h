/* Fitting text tables to a width: measuring, cutting and wrapping cells
 * that are already safe to show, and sharing the width among columns.
 * Pure string work; table.c applies it to libsmartcols cells. */
#ifndef RENDER_FIT_H
#define RENDER_FIT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

/* Display cells of len bytes of shown text (escaped: no control bytes),
 * as libsmartcols measures it: a wide character takes two, a byte that is
 * not a character of the locale one. */
size_t fit_width(const char *s, size_t len);

/* Append s to sb, cut so that it takes at most width cells, the last of
 * them mark (the ellipsis, or "..."). s is appended whole if it fits. */
void fit_cut(struct strbuf *sb, const char *s, size_t width, const char *mark);

/* Append s to sb as lines of at most width cells joined by '\n', broken
 * after a comma or a space where there is one, inside a word only where a
 * word alone is wider than a line. */
void fit_wrap(struct strbuf *sb, const char *s, size_t width);

/* Cells of the widest item of s as fit_wrap breaks it (a trailing space
 * not counted). */
size_t fit_item_width(const char *s);

struct fit_col {
	size_t max;   /* widest cell, header included */
	size_t min;   /* never less than this (if max is not) */
	double share; /* > 0: may shrink, with this weight; 0: kept at max */
	bool wraps;   /* shrinks by wrapping: filled after those that cut */
};

/* Choose widths (out, n entries) for columns separated by one cell so that
 * the line takes at most width cells where the key columns (share 0) and
 * the minimums allow: the key columns keep max, the others start at min;
 * what remains goes by weight first to the columns that cut, then to
 * those that wrap, each taking no more than its max and leaving the rest
 * to the others. Returns true if any column got less than its max. */
bool fit_share(const struct fit_col *c, size_t n, size_t width, size_t *out);

#endif
