/* The output options every view shares (procsift(1), OUTPUT OPTIONS),
 * declared once as RULE_OPTS declares the rule options: column choice,
 * the format (text, JSON, NDJSON, raw, pairs), headings, truncation and
 * colour. */
#ifndef CMD_OUTOPTS_H
#define CMD_OUTOPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "render/table.h"

enum out_opt_id {
	OO_OUTPUT = 400,
	OO_OUTPUT_ALL,
	OO_JSON,
	OO_PRETTY,
	OO_NDJSON,
	OO_RAW,
	OO_PAIRS,
	OO_NOHEADINGS,
	OO_NOTRUNCATE,
	OO_COLOR,
};

/* -j, the old spelling of -J, is still accepted (opts.c, old_shorts). */
#define OUTPUT_OPTS                                                           \
	{OO_OUTPUT,                                                           \
	 "output",                                                            \
	 'o',                                                                 \
	 "COLS",                                                              \
	 COMPLETE_COLUMN,                                                     \
	 "columns to show (comma-separated; +COLS adds to the default)"},     \
		{OO_OUTPUT_ALL, "output-all",  0,                             \
		 NULL,		COMPLETE_NONE, "show every column"},          \
		{OO_JSON,	"json",                                       \
		 'J',		NULL,                                         \
		 COMPLETE_NONE, "JSON output (docs/json.md); -j also works"}, \
		{OO_PRETTY, "pretty",	   0,                                 \
		 NULL,	    COMPLETE_NONE, "indent JSON output"},             \
		{OO_RAW,                                                      \
		 "raw",                                                       \
		 'r',                                                         \
		 NULL,                                                        \
		 COMPLETE_NONE,                                               \
		 "space-separated cells, each escaped to hold no blank"},     \
		{OO_PAIRS,	"pairs",                                      \
		 'P',		NULL,                                         \
		 COMPLETE_NONE, "KEY=\"value\" pairs, one line per row"},     \
		{OO_NOHEADINGS, "noheadings",  'n',                           \
		 NULL,		COMPLETE_NONE, "do not print header lines"},  \
		{OO_NOTRUNCATE, "notruncate",                                 \
		 'w',		NULL,                                         \
		 COMPLETE_NONE, "never truncate or wrap a column"},           \
	{                                                                     \
		OO_COLOR, "color", 0, "WHEN", COMPLETE_COLOR,                 \
			"severity colours: auto, always or never"             \
	}

/* For views that are a stream of records. */
#define OUTPUT_OPT_NDJSON                                                  \
	{                                                                  \
		OO_NDJSON, "ndjson", 0, NULL, COMPLETE_NONE,               \
			"one JSON record per line, written as it is ready" \
	}

enum out_color_when { OUT_COLOR_AUTO, OUT_COLOR_ALWAYS, OUT_COLOR_NEVER };

struct out_opts {
	const char *columns; /* -o, or NULL */
	bool all_columns;    /* --output-all */
	bool json, pretty, ndjson, noheadings;
	bool raw, pairs; /* -r, -P: style.format once checked */
	enum out_color_when color_when;
	struct out_style style; /* resolved by out_opts_finish */
};

/* Handle an OUTPUT_OPTS option: 0, 1 when id is not one, or EXIT_USAGE
 * after naming a bad --color value. */
int out_opts_opt(struct out_opts *o, const char *cmd, int id, const char *arg);
/* Check the combination (one format at most: JSON, raw or pairs) and
 * resolve the colour for out: auto is on when out is a terminal and
 * NO_COLOR is unset or empty; never in raw, pairs or JSON. Returns 0 or
 * EXIT_USAGE. */
int out_opts_finish(struct out_opts *o, const char *cmd, FILE *out);
/* Select columns as cmd_columns does, or every column for --output-all.
 * Returns 0 or EXIT_USAGE. */
int out_opts_columns(const struct out_opts *o, const char *cmd,
		     const struct out_col *defs, size_t ndefs, const int *def,
		     size_t ndef, int *sel, size_t max, size_t *nsel);
/* For a list of static rows (judges, rules list) on out: check o and
 * select its columns as out_opts_finish and out_opts_columns do (sel has
 * room for max), then fill lo from them. Returns 0 or EXIT_USAGE. */
int out_opts_list(struct out_opts *o, const char *cmd, FILE *out, bool ascii,
		  const struct out_col *defs, size_t ndefs, const int *def,
		  size_t ndef, int *sel, size_t max, struct out_list_opts *lo);

#endif
