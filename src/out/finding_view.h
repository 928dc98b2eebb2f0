/* How findings and rules are shown: tables, JSON and NDJSON. */
#ifndef OUT_FINDING_VIEW_H
#define OUT_FINDING_VIEW_H

#include <stdbool.h>
#include <stdio.h>

#include <json.h>

#include "model/finding.h"
#include "scan/rules.h"

/* The summary of a scan, also printed on stderr by the command. */
struct scan_summary {
	size_t scanned, unreadable;
	size_t by_severity[SEV_CRITICAL + 1];
	size_t rules;
};

enum finding_format { FINDINGS_TEXT, FINDINGS_JSON, FINDINGS_NDJSON };

/* Print findings (containers[i] is finding i's container cell text, or
 * NULL). Returns 0 or -errno on a write error. */
int findings_print(FILE *fp, enum finding_format fmt, bool pretty,
		   bool noheadings, const struct findings *l,
		   char *const *containers, const struct scan_summary *sum);

/* A new JSON object for one finding (container: its CONTAINER cell, or
 * NULL), as in docs/schema/scan-finding.json. */
struct json_object *finding_to_json(const struct finding *f,
				    const char *container);
/* Set the members of o (a finding's object, or one to reuse: members are
 * replaced in place, in the same order) from f. */
void finding_fill_json(struct json_object *o, const struct finding *f,
		       const char *container);

/* Print the rule list. */
int rules_print(FILE *fp, bool json, bool pretty, const struct ruleset *rs);

#endif
