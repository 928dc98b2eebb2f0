/* How an etcd audit is shown: the Secrets table, the findings and a
 * summary line, or one JSON document (docs/schema/etcd.json). */
#ifndef RENDER_ETCD_VIEW_H
#define RENDER_ETCD_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model/etcd.h"
#include "render/table.h"

/* The columns of the Secrets table, for -o (etcd_view_ndefault of them
 * are shown by default), with their getters from a struct etcd_row: one
 * per key of a Secret object of the JSON (etcd_cols.c). */
#define ETCD_VIEW_NCOLS 23
extern const struct out_col etcd_view_cols[ETCD_VIEW_NCOLS];
extern const size_t etcd_view_ncols;
/* Every column, in the order of the Secret object's keys. */
extern const int etcd_view_json[ETCD_VIEW_NCOLS];

struct etcd_view_opts {
	FILE *fp;
	bool json, pretty, noheadings;
	bool ascii;		/* ASCII cut marks */
	struct out_style style; /* raw, pairs (the Secrets table alone), -w,
				 * colour (of the findings' SEVERITY) */
	bool resources;		/* --all-resources */
	const int *sel;		/* selected columns (indexes), nsel of them */
	size_t nsel;
};

/* The default column selection. */
extern const int etcd_view_default[];
extern const size_t etcd_view_ndefault;

/* Print the report (rows sorted already). Returns 0 or -errno on a write
 * error. */
int etcd_view_print(const struct etcd_view_opts *o,
		    const struct etcd_report *rep);

#endif
