/* How the rule set is listed: a table of chosen columns, or one JSON
 * document with every field of every rule (docs/schema/rules.json). */
#ifndef RENDER_RULE_VIEW_H
#define RENDER_RULE_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "render/table.h"
#include "scan/rules.h"

/* The columns of rules list, for -o (rule_view_ndefault of them are shown
 * by default), in the order of the keys of each rule's JSON object
 * (docs/schema/rules.json); nexamples and nnegatives count the lists
 * whose keys examples and negative_examples have. */
enum rule_col {
	RC_ID,
	RC_SEVERITY,
	RC_CONFIDENCE,
	RC_TARGETS,
	RC_DESCRIPTION,
	RC_KEYWORDS,
	RC_REGEX,
	RC_SECRET_GROUP,
	RC_ENV_NAME,
	RC_ENV_NAME_EXCLUDE,
	RC_MIN_ENTROPY,
	RC_ALLOWLIST,
	RC_EXAMPLES,
	RC_NEGATIVES,
	RC_NEXAMPLES,
	RC_NNEGATIVES,
	RC_REFERENCES,
	RC_ORIGIN,
	RC_REPLACED,
	RC__COUNT
};
extern const struct out_col rule_view_cols[RC__COUNT];
extern const int rule_view_default[];
extern const size_t rule_view_ndefault;

/* Print the rules of rs. The descriptions, keywords and references are
 * the rule files' own words: shown as written (a backslash stays one),
 * only control and invisible characters escaped. Returns 0 or -errno on
 * a write error. */
int rule_view_print(const struct out_list_opts *o, const struct ruleset *rs);

#endif
