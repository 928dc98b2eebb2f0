/* Text tables and trees through libsmartcols, the only place that knows
 * about it. Column definitions are static tables of struct out_col. */
#ifndef RENDER_TABLE_H
#define RENDER_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <json.h>

#include "util/strbuf.h"

enum out_col_flags {
	OUT_COL_RIGHT = 1 << 0,	    /* right-aligned numbers */
	OUT_COL_TRUNC = 1 << 1,	    /* long free text: cut with a mark to fit */
	OUT_COL_TREE = 1 << 2,	    /* carries the tree glyphs */
	OUT_COL_WRAP = 1 << 3,	    /* long free text: wrapped at item
				     * boundaries (commas, spaces) to fit; not
				     * for trees. A column with neither flag is a
				     * key column: always shown whole */
	OUT_COL_JSON_ALSO = 1 << 4, /* its JSON key is another column's:
				     * JSON has it once, from that one */
	OUT_COL_JSON_OUTER = 1 << 5, /* its key is in the object that holds
				      * the rows (env's pid), not the row's */
	OUT_COL_TEXT_ALSO = 1 << 6,  /* a record's field (show) whose text is
				      * in the line of another field of the
				      * same name: text has it once, from
				      * that one; its getter's text is not
				      * shown */
};

/* The JSON type of a column's key (docs/json.md). */
enum out_json_type {
	OUT_JSON_ANY, /* not declared: a table without getters */
	OUT_JSON_STRING,
	OUT_JSON_INT,
	OUT_JSON_BOOL,
	OUT_JSON_ARRAY,
	OUT_JSON_OBJECT,
	OUT_JSON_DOUBLE, /* a number that may have a fraction */
};

/* One cell of one row, as a column's getter makes it. */
struct out_cell {
	struct strbuf text;	  /* the text cell, raw: the table escapes it */
	bool want_json;		  /* the renderer asks for json as well */
	struct json_object *json; /* the JSON value, owned; NULL is null */
	bool no_line;		  /* a record's field (show): the record has
				   * no text line for it (json still set) */
	bool hold_null;		  /* the key is "a.b" and a is null, not an
				   * object (what holds b was not read) */
};

/* A column's getter: fill c from row (the view's model struct). */
typedef void out_col_get_fn(const void *row, struct out_cell *c);

struct out_col {
	const char *name;	  /* -o name, lower case: also the --sort key;
				   * the JSON key where the column has one of its
				   * own */
	const char *header;	  /* text header */
	const char *json;	  /* the JSON key this column shows, or NULL;
				   * "a.b" for key b of object a */
	double whint;		  /* width hint: < 1 a share of the terminal */
	unsigned flags;		  /* enum out_col_flags */
	const char *help;	  /* one line for --help and the man page */
	const char *alias;	  /* another name -o and --sort accept (ps's
				   * short name), or NULL */
	enum out_json_type jtype; /* type of the value at json */
	out_col_get_fn *get;	  /* NULL: the view renders by itself */
	unsigned want;		  /* facets get reads (the view's bits) */
};
/* Fitting a width: key columns keep their widest cell; what is left is
 * shared among the TRUNC and WRAP columns in proportion to their width
 * hints (whint >= 1: that many cells of the width), so one long cell
 * cannot take the whole line, and a column never gets more than its
 * widest cell. */

/* How a table is written (procsift(1), OUTPUT OPTIONS). */
enum out_format {
	OUT_FMT_TEXT,  /* aligned columns, fitted to a terminal */
	OUT_FMT_RAW,   /* one space between cells; each cell's bytes that
			* are not printable ASCII, and space, tab and
			* backslash, as \xNN (libsmartcols raw mode) */
	OUT_FMT_PAIRS, /* NAME="value" per cell, NAME the column's name
			* upper-cased with each other byte as '_'; in
			* the value '"', '\\' and bytes that are not
			* printable ASCII as \xNN (libsmartcols export) */
};

/* What the shared output options (-r, -P, -w, --color) ask of a table. */
struct out_style {
	enum out_format format;
	bool notruncate; /* -w: no column truncated or wrapped */
	bool color;	 /* severity colours (text format only) */
};

/* Colours a cell may have; shown only when the style asks for colour. */
enum out_color {
	OUT_COLOR_NONE,
	OUT_COLOR_RED,
	OUT_COLOR_YELLOW,
	OUT_COLOR_BLUE,
	OUT_COLOR_BOLD_RED,
};

struct out_table_opts {
	FILE *fp;
	struct out_style style;
	bool ascii; /* ASCII tree glyphs and cut marks ("..." for the
		     * ellipsis: the locale is not UTF-8) */
	bool noheadings;
	bool tree; /* render as a tree (one column has OUT_COL_TREE) */
	bool header_if_empty; /* a table without lines still prints its
			       * header (as ps does); libsmartcols prints
			       * nothing then */
	size_t width;	      /* cells to fit in; 0: out_fit_width(fp) */
};

/* How a list of static rows (the judges, the rules) is printed: a table
 * of the selected columns, or one JSON document. */
struct out_list_opts {
	FILE *fp;
	bool json, pretty, noheadings;
	bool ascii;		/* ASCII cut marks */
	struct out_style style; /* raw, pairs, -w */
	const int *sel;		/* selected columns (indexes), nsel of them */
	size_t nsel;
};

/* The width text for fp must fit in: COLUMNS when set (on a terminal or
 * not, as a pager or a script asks), else the terminal's width when fp
 * is one; 0 (no limit) for a file or a pipe. */
size_t out_fit_width(FILE *fp);

/* Parse a comma-separated column list against defs. "+a,b" appends to
 * the default list def_sel. Fills sel (indexes into defs, room for
 * max_sel) and *nsel. Returns 0, or -EINVAL with *bad (borrowed pointer
 * into list) at the unknown name and *bad_len its length, or -E2BIG with
 * *bad at the first name past max_sel. */
int out_cols_parse(const struct out_col *defs, size_t ndefs, const char *list,
		   const int *def_sel, size_t ndef_sel, int *sel,
		   size_t max_sel, size_t *nsel, const char **bad,
		   size_t *bad_len);

/* Index of the column named name (len bytes, or its alias) in defs, or
 * -1. */
int out_col_find(const struct out_col *defs, size_t ndefs, const char *name,
		 size_t len);

struct out_table;
struct out_line;

/* A new table with the selected columns; free with out_table_free. */
struct out_table *out_table_new(const struct out_table_opts *o,
				const struct out_col *defs, const int *sel,
				size_t nsel);
/* Display width of len bytes of text once escaped as out_line_set does. */
size_t out_text_width(const char *text, size_t len);

/* Add a line below parent (NULL: top level). Borrowed; the table owns it. */
struct out_line *out_table_add(struct out_table *t, struct out_line *parent);
/* Set cell i (index into sel) to len bytes of text, escaped for display. */
void out_line_set(struct out_line *l, size_t i, const char *text, size_t len);
/* Set cell i to text already made safe to show (out_text_escape, or a
 * caller's own rule for its own words): taken as it is in text; raw and
 * pairs escape it once more (so decoding their \xNN gives this text). */
void out_line_set_shown(struct out_line *l, size_t i, const char *text,
			size_t len);
/* Colour cell i of l, a line of t, when t's style has colour on. */
void out_line_color(struct out_table *t, struct out_line *l, size_t i,
		    enum out_color c);
/* The key of a column in OUT_FMT_PAIRS for name: upper-cased, each byte
 * that is not an ASCII letter or digit as '_'. Appended to sb. */
void out_col_pairs_key(struct strbuf *sb, const char *name);
/* Print the table to its stream. Returns 0 or -errno. */
int out_table_print(struct out_table *t);
void out_table_free(struct out_table *t);

#endif
