/* Internals shared by the rule loader and the rule set. */
#ifndef SCAN_RULES_IMPL_H
#define SCAN_RULES_IMPL_H

#include "scan/rules.h"

/* Free what r owns; r is zeroed. */
void rule_release(struct rule *r);
/* Free a NULL-terminated string vector. */
void rule_strv_free(char **v);
/* ASCII lower-case s in place. */
void rule_lower(char *s);
/* Move r into rs, replacing a rule with the same id. */
void ruleset_put(struct ruleset *rs, struct rule *r);

#endif
