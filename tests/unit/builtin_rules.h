/* The built-in rule set, loaded and finished, for unit tests that judge
 * with it. */
#ifndef TESTS_UNIT_BUILTIN_RULES_H
#define TESTS_UNIT_BUILTIN_RULES_H

#include <criterion/criterion.h>

#include "scan/builtin.h"
#include "scan/rules.h"

static inline void builtin_ruleset(struct ruleset *rs)
{
	char err[512] = "";
	ruleset_init(rs);
	cr_assert_eq(ruleset_load(rs, builtin_rules_yaml,
				  builtin_rules_yaml_len, RULES_BUILTIN_ORIGIN,
				  err, sizeof(err)),
		     0, "%s", err);
	ruleset_finish(rs);
}

#endif
