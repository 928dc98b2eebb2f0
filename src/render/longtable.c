/* Long tables in pieces: measure, pad, render each piece (in memory on
 * two threads, or through libsmartcols straight to a terminal), write in
 * order. */
#include "render/longtable.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/par.h"
#include "util/sanitize.h"
#include "util/xalloc.h"

struct long_ctx {
	const struct out_table_opts *o;
	const struct out_col *defs;
	const int *sel;
	size_t nsel;
	const size_t *widths; /* NULL: one table, no padding */
	void (*cell)(size_t, size_t, struct strbuf *, void *);
	enum out_color (*color)(size_t, size_t, void *); /* or NULL */
	void *arg;
};

/* Pad sb's text with spaces to width display columns: in front for a
 * right-aligned column, behind otherwise (not for the last column, which
 * would end every line in spaces). */
static void pad(struct strbuf *sb, size_t width, bool right, bool last)
{
	size_t w = out_text_width(sb->buf ? sb->buf : "", sb->len), n;
	char *s;
	if (w >= width || (last && !right))
		return;
	n = width - w;
	if (!right) {
		while (n--)
			strbuf_addch(sb, ' ');
		return;
	}
	s = xmemdup0(sb->buf ? sb->buf : "", sb->len);
	strbuf_reset(sb);
	while (n--)
		strbuf_addch(sb, ' ');
	strbuf_addstr(sb, s);
	free(s);
}

/* Rows [start, end) as a table of their own on fp (headings only for the
 * first piece). */
static int print_piece(const struct long_ctx *c, FILE *fp, size_t start,
		       size_t end)
{
	struct out_table_opts to = *c->o;
	struct out_table *tb;
	struct strbuf sb = STRBUF_INIT;
	size_t i, k;
	int r;
	to.fp = fp;
	to.noheadings = c->o->noheadings || start > 0;
	tb = out_table_new(&to, c->defs, c->sel, c->nsel);
	for (i = start; i < end; i++) {
		struct out_line *ln = out_table_add(tb, NULL);
		for (k = 0; k < c->nsel; k++) {
			strbuf_reset(&sb);
			c->cell(i, k, &sb, c->arg);
			if (c->widths)
				pad(&sb, c->widths[k],
				    c->defs[c->sel[k]].flags & OUT_COL_RIGHT,
				    k + 1 == c->nsel);
			out_line_set(ln, k, sb.buf ? sb.buf : "", sb.len);
			if (c->color)
				out_line_color(tb, ln, k,
					       c->color(i, k, c->arg));
		}
	}
	r = out_table_print(tb);
	out_table_free(tb);
	strbuf_release(&sb);
	return r;
}

/* Append one cell, escaped and padded to its column's width, with the
 * separator libsmartcols puts between columns. */
static void put_cell(const struct long_ctx *c, struct strbuf *out,
		     struct strbuf *esc, const char *text, size_t len, size_t k)
{
	size_t w, n;
	bool right = c->defs[c->sel[k]].flags & OUT_COL_RIGHT;
	bool last = k + 1 == c->nsel;
	strbuf_reset(esc);
	out_text_escape(esc, text, len);
	w = out_text_width(esc->buf ? esc->buf : "", esc->len);
	n = w < c->widths[k] && (right || !last) ? c->widths[k] - w : 0;
	if (k)
		strbuf_addch(out, ' ');
	while (right && n) {
		strbuf_addch(out, ' ');
		n--;
	}
	strbuf_add(out, esc->buf ? esc->buf : "", esc->len);
	while (n--)
		strbuf_addch(out, ' ');
}

/* out_par_write's renderer: one piece, line by line. Its columns are
 * padded to the widths measured over all rows, so a line is the cells
 * joined by a space: the bytes libsmartcols prints for such a table into
 * a pipe, without measuring every cell of it once more (libsmartcols
 * takes two thirds of the time of a long listing). */
static void render_piece(size_t start, size_t end, struct strbuf *out,
			 void *arg)
{
	const struct long_ctx *c = arg;
	struct strbuf sb = STRBUF_INIT, esc = STRBUF_INIT;
	size_t i, k;
	if (!start && !c->o->noheadings) {
		for (k = 0; k < c->nsel; k++) {
			const char *h = c->defs[c->sel[k]].header;
			put_cell(c, out, &esc, h, strlen(h), k);
		}
		strbuf_addch(out, '\n');
	}
	for (i = start; i < end; i++) {
		for (k = 0; k < c->nsel; k++) {
			strbuf_reset(&sb);
			c->cell(i, k, &sb, c->arg);
			put_cell(c, out, &esc, sb.buf ? sb.buf : "", sb.len, k);
		}
		strbuf_addch(out, '\n');
	}
	strbuf_release(&sb);
	strbuf_release(&esc);
}

int out_long_table(const struct out_table_opts *o, const struct out_col *defs,
		   const int *sel, size_t nsel, size_t n,
		   void (*cell)(size_t row, size_t col, struct strbuf *sb,
				void *arg),
		   enum out_color (*color)(size_t row, size_t col, void *arg),
		   void *arg)
{
	struct long_ctx c = {o, defs, sel, nsel, NULL, cell, color, arg};
	struct strbuf sb = STRBUF_INIT;
	size_t *widths, i, k, start;
	int r = 0;
	if (n <= OUT_LONG_PIECE)
		return n ? print_piece(&c, o->fp, 0, n) : 0;
	/* Raw and pairs need no alignment, and colour comes only through
	 * libsmartcols: print those a piece at a time, unpadded. */
	if (o->style.format != OUT_FMT_TEXT || o->style.color) {
		for (start = 0; !r && start < n; start += OUT_LONG_PIECE)
			r = print_piece(&c, o->fp, start,
					start + OUT_LONG_PIECE < n
						? start + OUT_LONG_PIECE
						: n);
		return r;
	}
	widths = xcalloc(nsel, sizeof(*widths));
	for (k = 0; k < nsel; k++)
		widths[k] = out_text_width(defs[sel[k]].header,
					   strlen(defs[sel[k]].header));
	for (i = 0; i < n; i++)
		for (k = 0; k < nsel; k++) {
			size_t w;
			strbuf_reset(&sb);
			cell(i, k, &sb, arg);
			w = out_text_width(sb.buf ? sb.buf : "", sb.len);
			if (w > widths[k])
				widths[k] = w;
		}
	strbuf_release(&sb);
	c.widths = widths;
	/* On a terminal, libsmartcols fits each piece to its width, which it
	 * cannot do in memory: print straight to it, one piece at a time. */
	if (isatty(fileno(o->fp))) {
		for (start = 0; !r && start < n; start += OUT_LONG_PIECE)
			r = print_piece(&c, o->fp, start,
					start + OUT_LONG_PIECE < n
						? start + OUT_LONG_PIECE
						: n);
	} else {
		r = out_par_write(o->fp, n, OUT_LONG_PIECE, render_piece, &c);
	}
	free(widths);
	return r;
}
