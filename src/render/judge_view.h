/* How the judges are listed: a table, or JSON. */
#ifndef RENDER_JUDGE_VIEW_H
#define RENDER_JUDGE_VIEW_H

#include <stdbool.h>
#include <stdio.h>

#include "render/table.h"
#include "scan/judge.h"

/* The columns of the judge list, for -o (all shown by default). */
#define JUDGE_VIEW_NCOLS 5
extern const struct out_col judge_view_cols[JUDGE_VIEW_NCOLS];
extern const int judge_view_default[JUDGE_VIEW_NCOLS];

struct judge_view_opts {
	FILE *fp;
	bool json, pretty, noheadings;
	bool ascii;		/* ASCII cut marks */
	struct out_style style; /* raw, pairs, -w */
	const int *sel;		/* selected columns (indexes), nsel of them */
	size_t nsel;
};

/* Print every judge of the registry: id, kind, scope (process or host),
 * the facets it reads and what it looks for. Returns 0 or -errno. */
int judges_print(const struct judge_view_opts *o);

#endif
