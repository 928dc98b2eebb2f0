/* How the judges are listed: a table, or JSON. */
#ifndef RENDER_JUDGE_VIEW_H
#define RENDER_JUDGE_VIEW_H

#include <stdbool.h>
#include <stdio.h>

#include "scan/judge.h"

/* Print every judge of the registry: id, kind, scope (process or host),
 * the facets it reads and what it looks for. Returns 0 or -errno. */
int judges_print(FILE *fp, bool json, bool pretty, bool noheadings);

#endif
