/* What tree and ps share: output options, reading the process table with
 * its one summary warning, and emitting the result. */
#ifndef CMD_LISTING_H
#define CMD_LISTING_H

#include <stdbool.h>

#include <json.h>

#include "cmd/command.h"
#include "model/table.h"
#include "out/proc_view.h"
#include "out/table.h"

enum listing_opt_id {
	LO_OUTPUT = 100,
	LO_JSON,
	LO_PRETTY,
	LO_NOHEADINGS,
	LO_ALL,
};

/* Option table entries shared by process listings. */
#define LISTING_OPTS                                                            \
	{LO_OUTPUT,                                                             \
	 "output",                                                              \
	 'o',                                                                   \
	 "COLS",                                                                \
	 COMPLETE_COLUMN,                                                       \
	 "columns to show (comma-separated; +COLS adds to the default)"},       \
		{LO_JSON, "json",	 'j',                                   \
		 NULL,	  COMPLETE_NONE, "JSON output (docs/json.md)"},         \
		{LO_PRETTY, "pretty",	   0,                                   \
		 NULL,	    COMPLETE_NONE, "indent JSON output"},               \
		{LO_NOHEADINGS, "noheadings",  'n',                             \
		 NULL,		COMPLETE_NONE, "do not print the header line"}, \
	{                                                                       \
		LO_ALL, "all", 'a', NULL, COMPLETE_NONE,                        \
			"include kernel threads"                                \
	}

struct listing {
	bool json, pretty, noheadings, all;
	const char *columns;	/* -o argument, or NULL */
	int sel[PC__COUNT * 2]; /* selected columns */
	size_t nsel;
};

void listing_init(struct listing *l);
/* Handle a LISTING_OPTS option: returns 0, or 1 when id is not one. */
int listing_opt(struct listing *l, int id, const char *arg);
/* Resolve -o. Returns 0 or EXIT_USAGE (after saying what was wrong). */
int listing_finish(struct listing *l, const char *cmd);
/* Read the live table into t (the fields l's output needs) and print the
 * one summary warning about what was not readable. Call after
 * listing_finish. Returns 0 or EXIT_RUNTIME. */
int listing_read(struct proc_table *t, const struct listing *l,
		 const char *cmd);
/* Print a JSON document, consuming doc. Returns 0 or EXIT_RUNTIME. */
int listing_print_json(struct ctx *ctx, const struct listing *l,
		       struct json_object *doc);
/* A text table for the selected columns (tree: render as a tree). */
struct out_table *listing_table(struct ctx *ctx, const struct listing *l,
				bool tree, bool ascii);
/* Add p as a line below parent with the selected cells. */
struct out_line *listing_add(struct out_table *tb, const struct listing *l,
			     struct out_line *parent, const struct proc *p);
/* Print and free the table. Returns 0 or EXIT_RUNTIME. */
int listing_print_table(struct out_table *tb);

#endif
