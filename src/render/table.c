/* libsmartcols wrapper: fits a terminal, prints full width into a pipe. */
#include "render/table.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <libsmartcols.h>

#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct out_table {
	struct libscols_table *tb;
	struct libscols_column **cols;
	size_t ncols;
	bool header_if_empty;
	struct out_style style;
	FILE *fp;
};

int out_col_find(const struct out_col *defs, size_t ndefs, const char *name,
		 size_t len)
{
	size_t i;
	for (i = 0; i < ndefs; i++)
		if (strlen(defs[i].name) == len &&
		    !strncasecmp(defs[i].name, name, len))
			return (int)i;
	return -1;
}

int out_cols_parse(const struct out_col *defs, size_t ndefs, const char *list,
		   const int *def_sel, size_t ndef_sel, int *sel,
		   size_t max_sel, size_t *nsel, const char **bad,
		   size_t *bad_len)
{
	const char *p = list;
	size_t n = 0;
	if (*p == '+') {
		for (n = 0; n < ndef_sel && n < max_sel; n++)
			sel[n] = def_sel[n];
		p++;
	}
	while (*p) {
		size_t len = strcspn(p, ",");
		int idx = out_col_find(defs, ndefs, p, len);
		if (idx < 0 || n >= max_sel) {
			*bad = p;
			*bad_len = len;
			return idx < 0 ? -EINVAL : -E2BIG;
		}
		sel[n++] = idx;
		p += len;
		if (*p == ',')
			p++;
	}
	if (!n) {
		*bad = list;
		*bad_len = 0;
		return -EINVAL;
	}
	*nsel = n;
	return 0;
}

size_t out_text_width(const char *text, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, w = 0;
	bool ascii = true;
	/* Printable ASCII other than the backslash is shown as it is. */
	for (i = 0; i < len; i++)
		if (text[i] < 0x20 || text[i] > 0x7e || text[i] == '\\')
			break;
	if (i == len)
		return len;
	out_text_escape(&sb, text, len);
	for (i = 0; i < sb.len && ascii; i++)
		ascii = !(sb.buf[i] & 0x80);
	if (ascii) {
		w = sb.len;
	} else {
		/* As libsmartcols measures: wide characters take two. */
		mbstate_t st;
		const char *p = sb.buf;
		memset(&st, 0, sizeof(st));
		while (*p) {
			wchar_t wc;
			size_t n = mbrtowc(&wc, p, strlen(p), &st);
			int cw;
			if (n == (size_t)-1 || n == (size_t)-2 || !n) {
				w++;
				p++;
				memset(&st, 0, sizeof(st));
				continue;
			}
			cw = wcwidth(wc);
			w += cw > 0 ? (size_t)cw : 0;
			p += n;
		}
	}
	strbuf_release(&sb);
	return w;
}

void out_col_pairs_key(struct strbuf *sb, const char *name)
{
	for (; *name; name++) {
		unsigned char c = (unsigned char)*name;
		if (c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 'a' + 'A');
		else if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9'))
			c = '_';
		strbuf_addch(sb, (char)c);
	}
}

/* The libsmartcols flags of column d in a table made with o. */
static int col_flags(const struct out_col *d, const struct out_table_opts *o)
{
	bool text = o->style.format == OUT_FMT_TEXT;
	int fl = 0;
	if (d->flags & OUT_COL_RIGHT)
		fl |= SCOLS_FL_RIGHT;
	if ((d->flags & OUT_COL_TRUNC) && !o->style.notruncate)
		fl |= SCOLS_FL_TRUNC;
	/* Raw and pairs are flat lists, as lsblk -r and -P print them:
	 * tree glyphs would put spaces and marks into the cell. */
	if ((d->flags & OUT_COL_TREE) && o->tree && text)
		fl |= SCOLS_FL_TREE;
	if ((d->flags & OUT_COL_WRAP) && !o->tree && !o->style.notruncate)
		fl |= SCOLS_FL_WRAP;
	return fl;
}

struct out_table *out_table_new(const struct out_table_opts *o,
				const struct out_col *defs, const int *sel,
				size_t nsel)
{
	struct out_table *t = xcalloc(1, sizeof(*t));
	struct strbuf key = STRBUF_INIT;
	bool text = o->style.format == OUT_FMT_TEXT;
	size_t i;
	t->tb = scols_new_table();
	if (!t->tb)
		abort();
	scols_table_set_stream(t->tb, o->fp);
	t->fp = o->fp;
	t->style = o->style;
	t->style.color = o->style.color && text;
	/* Pairs name every cell: there is no header line to print. */
	t->header_if_empty = o->header_if_empty && !o->noheadings &&
			     o->style.format != OUT_FMT_PAIRS;
	scols_table_enable_ascii(t->tb, o->ascii);
	scols_table_enable_noheadings(t->tb, o->noheadings);
	scols_table_enable_raw(t->tb, o->style.format == OUT_FMT_RAW);
	scols_table_enable_export(t->tb, o->style.format == OUT_FMT_PAIRS);
	scols_table_enable_colors(t->tb, t->style.color);
	t->cols = xcalloc(nsel, sizeof(*t->cols));
	t->ncols = nsel;
	for (i = 0; i < nsel; i++) {
		const struct out_col *d = &defs[sel[i]];
		const char *header = d->header;
		if (o->style.format == OUT_FMT_PAIRS) {
			strbuf_reset(&key);
			out_col_pairs_key(&key, d->name);
			header = key.buf;
		}
		t->cols[i] = scols_table_new_column(t->tb, header, d->whint,
						    col_flags(d, o));
		if (!t->cols[i])
			abort();
		/* Text cells arrive escaped by out_text_escape (backslash
		 * as \x5c included): libsmartcols must not escape them
		 * again. Raw and pairs escape every cell themselves. */
		if (text)
			scols_column_set_safechars(t->cols[i], "\\");
	}
	strbuf_release(&key);
	return t;
}

struct out_line *out_table_add(struct out_table *t, struct out_line *parent)
{
	struct libscols_line *ln =
		scols_table_new_line(t->tb, (struct libscols_line *)parent);
	if (!ln)
		abort();
	/* out_line_set needs to know how the table escapes. */
	scols_line_set_userdata(ln, t);
	return (struct out_line *)ln;
}

void out_line_set(struct out_line *l, size_t i, const char *text, size_t len)
{
	struct libscols_line *ln = (struct libscols_line *)l;
	const struct out_table *t = scols_line_get_userdata(ln);
	struct strbuf sb = STRBUF_INIT;
	/* Raw and pairs write each byte that is not printable ASCII as
	 * \xNN themselves (backslash included): handing them the escaped
	 * text would escape twice. The bytes come from C strings, so a NUL
	 * cannot cut a cell short. */
	if (t->style.format != OUT_FMT_TEXT)
		strbuf_add(&sb, text, len);
	else
		out_text_escape(&sb, text, len);
	/* refer_data hands the buffer to libsmartcols, which frees it. */
	if (scols_line_refer_data(ln, i, strbuf_detach(&sb, NULL)))
		abort();
}

void out_line_set_shown(struct out_line *l, size_t i, const char *text,
			size_t len)
{
	struct libscols_line *ln = (struct libscols_line *)l;
	if (scols_line_refer_data(ln, i, xmemdup0(text, len)))
		abort();
}

void out_line_color(struct out_table *t, struct out_line *l, size_t i,
		    enum out_color c)
{
	static const char *const names[] = {
		[OUT_COLOR_RED] = "red",
		[OUT_COLOR_YELLOW] = "yellow",
		[OUT_COLOR_BLUE] = "blue",
		[OUT_COLOR_BOLD_RED] = "lightred",
	};
	struct libscols_cell *ce;
	if (!t->style.color || c == OUT_COLOR_NONE)
		return;
	ce = scols_line_get_cell((struct libscols_line *)l, i);
	if (!ce || scols_cell_set_color(ce, names[c]))
		abort();
}

int out_table_print(struct out_table *t)
{
	int r;
	if (t->header_if_empty && scols_table_is_empty(t->tb)) {
		size_t i;
		/* Headers are procsift's own words: no escaping needed. */
		for (i = 0; i < t->ncols; i++) {
			struct libscols_cell *h =
				scols_column_get_header(t->cols[i]);
			const char *text = h ? scols_cell_get_data(h) : NULL;
			if (fprintf(t->fp, "%s%s", i ? " " : "",
				    text ? text : "") < 0)
				return -EIO;
		}
		return fputc('\n', t->fp) == EOF ? -EIO : 0;
	}
	r = scols_print_table(t->tb);
	return r < 0 ? r : 0;
}

void out_table_free(struct out_table *t)
{
	if (!t)
		return;
	scols_unref_table(t->tb);
	free(t->cols);
	free(t);
}
