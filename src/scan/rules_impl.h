/* Internals shared by the rule loader and the rule set. */
#ifndef SCAN_RULES_IMPL_H
#define SCAN_RULES_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "scan/rules.h"

/* Free what r owns; r is zeroed. */
void rule_release(struct rule *r);
/* Free a NULL-terminated string vector. */
void rule_strv_free(char **v);
/* ASCII lower-case s in place. */
void rule_lower(char *s);
/* Move r into rs, replacing a rule with the same id. */
void ruleset_put(struct ruleset *rs, struct rule *r);
/* ruleset_match_named with the keyword hits already found: kw holds nkw
 * rule indexes (any order, repeats allowed), the rules whose keywords
 * occur in NAME=VALUE; the keyword-less rules are added. */
size_t ruleset_match_kw(const struct ruleset *rs, unsigned targets,
			const uint32_t *kw, size_t nkw, const char *name,
			size_t nlen, const char *value, size_t vlen,
			void (*fn)(const struct rule_match *m, void *arg),
			void *arg, size_t *stuck);
/* Gates tested before a rule's regex (rules_gate.c): necessary
 * conditions derived from the rule, so skipping on them loses nothing. */
struct rule_gate {
	uint64_t lead[4]; /* the bytes a match starts with (a bit each) */
	size_t lead_min;  /* ... at least this many, at offset 0; 0: none */
};

void rule_gate_build(const struct rule *r, struct rule_gate *g);
/* Whether value v (len bytes) passes g's leading-class gate (true when
 * g has none). */
bool rule_gate_lead(const struct rule_gate *g, const char *v, size_t len);

#endif
