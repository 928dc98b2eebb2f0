/* The show dossier as text (key/value lines) or one JSON object. */
#ifndef RENDER_SHOW_VIEW_H
#define RENDER_SHOW_VIEW_H

#include <stdbool.h>
#include <stdio.h>

#include "model/dossier.h"
#include "render/table.h"

/* The columns of the text dossier, for -o (both shown by default): a
 * line's name and its value. JSON has its own keys (docs/json.md). */
#define SHOW_VIEW_NCOLS 2
extern const struct out_col show_view_cols[SHOW_VIEW_NCOLS];
extern const int show_view_default[SHOW_VIEW_NCOLS];

struct show_view_opts {
	FILE *fp;
	bool json, pretty;
	bool ascii;		/* ASCII cut marks */
	struct out_style style; /* raw, pairs, -w */
	const int *sel;		/* selected columns (indexes), nsel of them */
	size_t nsel;
};

/* Print d, text without a header line (a dossier, not a list); returns
 * 0 or -errno on a write error. */
int show_view_print(const struct show_view_opts *o, const struct dossier *d);

#endif
