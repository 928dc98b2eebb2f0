/* How the judges are listed: a table, or JSON. */
#ifndef RENDER_JUDGE_VIEW_H
#define RENDER_JUDGE_VIEW_H

#include <stdbool.h>
#include <stdio.h>

#include "render/table.h"
#include "scan/judge.h"

/* The columns of the judge list, for -o (judge_view_ndefault of them
 * shown by default), in the order of the keys of each judge's JSON
 * object (docs/schema/judges.json). */
enum judge_col {
	JC_ID,
	JC_KIND,
	JC_SCOPE,
	JC_FACETS,
	JC_ON_DEMAND,
	JC_HOST_FACETS,
	JC_DESCRIPTION,
	JC__COUNT
};
extern const struct out_col judge_view_cols[JC__COUNT];
extern const int judge_view_default[];
extern const size_t judge_view_ndefault;

/* Print every judge of the registry: id, kind, scope (process or host),
 * the facets it reads and what it looks for. Returns 0 or -errno. */
int judges_print(const struct out_list_opts *o);

#endif
