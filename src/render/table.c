/* libsmartcols wrapper: fits a terminal, prints full width into a pipe. */
#include "render/table.h"

#include <errno.h>
#include <langinfo.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <libsmartcols.h>

#include "render/fit.h"
#include "util/redact.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct out_table {
	struct libscols_table *tb;
	struct libscols_column **cols;
	const struct out_col **defs; /* the definition of each column */
	size_t ncols;
	size_t width; /* cells to fit in, 0: no limit */
	bool header_if_empty;
	bool noheadings;
	bool tree;
	bool ascii;
	bool utf8; /* the locale's: else text shows bytes >= 0x80 as \xNN */
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
	for (i = 0; i < ndefs; i++)
		if (defs[i].alias && strlen(defs[i].alias) == len &&
		    !strncasecmp(defs[i].alias, name, len))
			return (int)i;
	return -1;
}

int out_cols_parse(const struct out_col *defs, size_t ndefs, const char *list,
		   const int *def_sel, size_t ndef_sel, int *sel,
		   size_t max_sel, size_t *nsel, const char **bad,
		   size_t *bad_len)
{
	const char *p = list;
	size_t n = 0, ndef = 0, k;
	if (*p == '+') {
		for (n = 0; n < ndef_sel && n < max_sel; n++)
			sel[n] = def_sel[n];
		ndef = n;
		p++;
	}
	while (*p) {
		size_t len = strcspn(p, ",");
		int idx = out_col_find(defs, ndefs, p, len);
		/* +COLS adds to the defaults: one of them named again is
		 * already there. */
		for (k = 0; idx >= 0 && k < ndef && sel[k] != idx; k++)
			;
		if (idx >= 0 && k < ndef)
			goto next;
		if (idx < 0 || n >= max_sel) {
			*bad = p;
			*bad_len = len;
			return idx < 0 ? -EINVAL : -E2BIG;
		}
		sel[n++] = idx;
	next:
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
	size_t i, w;
	/* Printable ASCII other than the backslash is shown as it is. */
	for (i = 0; i < len; i++)
		if (text[i] < 0x20 || text[i] > 0x7e || text[i] == '\\')
			break;
	if (i == len)
		return len;
	out_text_escape(&sb, text, len);
	w = fit_width(sb.buf, sb.len);
	strbuf_release(&sb);
	return w;
}

size_t out_fit_width(FILE *fp)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	int fd = fileno(fp);
	if (env && *env) {
		char *end;
		long n = strtol(env, &end, 10);
		if (!*end && n > 0 && n <= 100000)
			return (size_t)n;
	}
	if (fd >= 0 && isatty(fd) && !ioctl(fd, TIOCGWINSZ, &ws) && ws.ws_col)
		return ws.ws_col;
	return 0;
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
	/* Raw, pairs and -w are never cut to a width. */
	t->width = !text || o->style.notruncate ? 0
		   : o->width			? o->width
						: out_fit_width(o->fp);
	t->tree = o->tree;
	t->noheadings = o->noheadings;
	/* Not every caller sets ascii yet: a locale that is not UTF-8 gets
	 * "..." anyway, as libsmartcols would escape U+2026 there. */
	t->utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	t->ascii = o->ascii || !t->utf8;
	/* Off a terminal too, when COLUMNS asks for a width, and for a
	 * memory stream that stands in for a terminal (worker threads);
	 * libsmartcols itself would look at stdout, whatever fp is. */
	scols_table_set_termforce(t->tb, t->width ? SCOLS_TERMFORCE_ALWAYS
						  : SCOLS_TERMFORCE_NEVER);
	if (t->width)
		scols_table_set_termwidth(t->tb, t->width);
	scols_table_enable_raw(t->tb, o->style.format == OUT_FMT_RAW);
	scols_table_enable_export(t->tb, o->style.format == OUT_FMT_PAIRS);
	scols_table_enable_colors(t->tb, t->style.color);
	/* Text cells arrive escaped by out_text_escape (backslash as \x5c
	 * included), printable to the last byte: libsmartcols must neither
	 * escape them again nor measure them as escapes. Its safechars would
	 * keep the backslashes but count each as no cell, so every \xNN
	 * was measured a cell short: a hostile name shifted its row and cut
	 * other rows' cells without a mark. Raw and pairs escape every cell
	 * themselves. */
	scols_table_enable_noencoding(t->tb, o->style.format == OUT_FMT_TEXT);
	t->cols = xcalloc(nsel, sizeof(*t->cols));
	t->defs = xcalloc(nsel, sizeof(*t->defs));
	t->ncols = nsel;
	for (i = 0; i < nsel; i++) {
		const struct out_col *d = &defs[sel[i]];
		const char *header = d->header;
		int fl = col_flags(d, o);
		t->defs[i] = d;
		if (o->style.format == OUT_FMT_PAIRS) {
			strbuf_reset(&key);
			out_col_pairs_key(&key, d->name);
			header = key.buf;
		}
		t->cols[i] =
			scols_table_new_column(t->tb, header, d->whint, fl);
		if (!t->cols[i])
			abort();
		/* out_table_print breaks a wrapped cell into lines itself,
		 * at item boundaries; libsmartcols prints them as they are. */
		if (text && (fl & SCOLS_FL_WRAP)) {
			scols_column_set_wrapfunc(t->cols[i],
						  scols_wrapnl_chunksize,
						  scols_wrapnl_nextchunk, NULL);
		}
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

/* Escaped text (printable ASCII and printable UTF-8) for a locale that
 * is not UTF-8: each byte >= 0x80 as \xNN, as a process's bytes are
 * shown there. The table prints text as it is given (noencoding), and
 * libsmartcols 2.38 loops for ever measuring bytes its locale cannot
 * decode. */
static void add_locale(struct strbuf *sb, const char *s, size_t len)
{
	size_t i, run = 0;
	for (i = 0; i < len; i++) {
		if (!((unsigned char)s[i] & 0x80))
			continue;
		strbuf_add(sb, s + run, i - run);
		strbuf_addf(sb, "\\x%02x", (unsigned char)s[i]);
		run = i + 1;
	}
	strbuf_add(sb, s + run, len - run);
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
	if (t->style.format != OUT_FMT_TEXT) {
		strbuf_add(&sb, text, len);
	} else if (t->utf8) {
		out_text_escape(&sb, text, len);
	} else {
		struct strbuf esc = STRBUF_INIT;
		out_text_escape(&esc, text, len);
		add_locale(&sb, esc.buf, esc.len);
		strbuf_release(&esc);
	}
	/* refer_data hands the buffer to libsmartcols, which frees it. */
	if (scols_line_refer_data(ln, i, strbuf_detach(&sb, NULL)))
		abort();
}

void out_line_set_shown(struct out_line *l, size_t i, const char *text,
			size_t len)
{
	struct libscols_line *ln = (struct libscols_line *)l;
	const struct out_table *t = scols_line_get_userdata(ln);
	struct strbuf sb = STRBUF_INIT;
	if (t->style.format == OUT_FMT_TEXT && !t->utf8)
		add_locale(&sb, text, len);
	else
		strbuf_add(&sb, text, len);
	if (scols_line_refer_data(ln, i, strbuf_detach(&sb, NULL)))
		abort();
}

/* Cells the tree glyphs take before the text of ln: two a level. */
static size_t tree_art(struct libscols_line *ln)
{
	size_t n = 0;
	while ((ln = scols_line_get_parent(ln)))
		n += 2;
	return n;
}

/* Bounded by the width of the line: a cell may shrink, key columns not. */
static bool col_flex(const struct out_table *t, size_t i)
{
	unsigned f = t->defs[i]->flags;
	return (f & OUT_COL_TRUNC) || ((f & OUT_COL_WRAP) && !t->tree);
}

static bool col_wraps(const struct out_table *t, size_t i)
{
	return (t->defs[i]->flags & OUT_COL_WRAP) && !t->tree;
}

static size_t cell_width(const struct out_table *t, struct libscols_line *ln,
			 size_t i, const char **data)
{
	struct libscols_cell *ce = scols_line_get_cell(ln, i);
	size_t w = 0;
	*data = ce ? scols_cell_get_data(ce) : NULL;
	if (*data)
		w = fit_width(*data, strlen(*data));
	if (t->tree && (t->defs[i]->flags & OUT_COL_TREE))
		w += tree_art(ln);
	return w;
}

static void fit_line(const struct out_table *t, struct libscols_line *ln,
		     const size_t *width, const struct fit_col *fc,
		     struct strbuf *sb)
{
	const char *mark = t->ascii ? REDACT_MARK_ASCII : REDACT_MARK_UTF8;
	size_t i;
	for (i = 0; i < t->ncols; i++) {
		const char *data;
		size_t w, art = 0;
		if (width[i] >= fc[i].max)
			continue;
		w = cell_width(t, ln, i, &data);
		if (!data || w <= width[i])
			continue;
		if (t->tree && (t->defs[i]->flags & OUT_COL_TREE))
			art = tree_art(ln);
		strbuf_reset(sb);
		if (col_wraps(t, i))
			fit_wrap(sb, data, width[i]);
		else
			fit_cut(sb, data, width[i] > art ? width[i] - art : 1,
				mark);
		if (scols_line_refer_data(ln, i, strbuf_detach(sb, NULL)))
			abort();
	}
}

/* The widths of t's columns: the widest cell (header included) in max;
 * for a column that may shrink, its weight and its minimum (its header,
 * and for a wrapped list its widest item up to 10 cells, so that a pid or
 * a word of a message is not split). Returns the width of the widest
 * line. */
static size_t measure(const struct out_table *t, struct fit_col *fc,
		      bool *empty)
{
	struct libscols_iter *itr = scols_new_iter(SCOLS_ITER_FORWARD);
	struct libscols_line *ln;
	size_t i, total = t->ncols - 1;
	if (!itr)
		abort();
	for (i = 0; i < t->ncols; i++) {
		const struct out_col *d = t->defs[i];
		size_t hw = strlen(d->header);
		fc[i].max = t->noheadings ? 0 : hw;
		fc[i].min = hw;
		empty[i] = true;
		fc[i].wraps = col_wraps(t, i);
		if (!col_flex(t, i))
			continue;
		/* A hint in cells is what the column keeps if its text is
		 * that wide (WHERE, a Secret's NAME); a fraction only
		 * weighs. */
		fc[i].share = d->whint >= 1  ? d->whint / (double)t->width
			      : d->whint > 0 ? d->whint
					     : 0.1;
		if (d->whint >= 1 && (size_t)d->whint > hw)
			fc[i].min = (size_t)d->whint;
	}
	while (!scols_table_next_line(t->tb, itr, &ln))
		for (i = 0; i < t->ncols; i++) {
			const char *data;
			size_t w = cell_width(t, ln, i, &data), item;
			if (w > fc[i].max)
				fc[i].max = w;
			if (data && *data)
				empty[i] = false;
			if (!fc[i].wraps || !data)
				continue;
			item = fit_item_width(data);
			item = item < 10 ? item : 10;
			if (item > fc[i].min)
				fc[i].min = item;
		}
	scols_free_iter(itr);
	for (i = 0; i < t->ncols; i++)
		total += fc[i].max;
	return total;
}

/* Tell libsmartcols the widths chosen (width, or the widest cells when
 * NULL): left to itself it also stretches columns to their hints and then
 * cuts a long one without a mark. */
static void set_widths(struct out_table *t, const struct fit_col *fc,
		       const size_t *width)
{
	size_t i;
	for (i = 0; i < t->ncols; i++) {
		size_t w = width && width[i] < fc[i].max ? width[i] : fc[i].max;
		if (width && width[i] == SIZE_MAX)
			continue;
		scols_column_set_whint(t->cols[i], w ? (double)w : 1.0);
	}
}

/* Cut and wrap cells so that lines fit t->width, before libsmartcols
 * lays them out: its own reduction gives the widest cell's column the
 * most, so one long escaped name would squeeze every other column. */
static void fit_table(struct out_table *t)
{
	struct fit_col *fc = xcalloc(t->ncols, sizeof(*fc));
	size_t *width = xcalloc(t->ncols, sizeof(*width));
	bool *empty = xcalloc(t->ncols, sizeof(*empty));
	struct libscols_iter *itr = scols_new_iter(SCOLS_ITER_FORWARD);
	struct libscols_line *ln;
	struct strbuf sb = STRBUF_INIT;
	size_t i, n = 0;
	if (!itr)
		abort();
	if (measure(t, fc, empty) <= t->width) {
		set_widths(t, fc, NULL);
		goto out_free;
	}
	/* A column of free text that is empty on every line is not worth
	 * its header when the line is too long: hide it. */
	for (i = 0; i < t->ncols; i++) {
		if (empty[i] && col_flex(t, i) &&
		    !(t->defs[i]->flags & OUT_COL_TREE)) {
			scols_column_set_flags(
				t->cols[i], scols_column_get_flags(t->cols[i]) |
						    SCOLS_FL_HIDDEN);
			continue;
		}
		fc[n++] = fc[i];
	}
	if (!fit_share(fc, n, t->width, width)) {
		set_widths(t, fc, NULL);
		goto out_free;
	}
	/* Back to one entry a column; a hidden one is never cut. */
	for (i = t->ncols; i-- > 0;) {
		if (empty[i] && col_flex(t, i) &&
		    !(t->defs[i]->flags & OUT_COL_TREE)) {
			width[i] = SIZE_MAX;
			continue;
		}
		n--;
		fc[i] = fc[n];
		width[i] = width[n];
	}
	while (!scols_table_next_line(t->tb, itr, &ln))
		fit_line(t, ln, width, fc, &sb);
	set_widths(t, fc, width);
out_free:
	strbuf_release(&sb);
	scols_free_iter(itr);
	free(empty);
	free(width);
	free(fc);
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
	if (t->width)
		fit_table(t);
	r = scols_print_table(t->tb);
	return r < 0 ? r : 0;
}

void out_table_free(struct out_table *t)
{
	if (!t)
		return;
	scols_unref_table(t->tb);
	free(t->cols);
	free(t->defs);
	free(t);
}
