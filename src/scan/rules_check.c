/* Proving rules: each example fires its rule and no negative example
 * does (procsift rules check), and the conventions of a rule file. The
 * matching itself is rules.c's. */
#include "scan/rules.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "scan/rules_impl.h"
#include "util/regex.h"

/* An example "NAME=VALUE" with a shell-style name is an env variable for
 * an env rule (an option name and value for an argv rule); anything else
 * is text. */
static bool as_env(const struct rule *r, const char *ex, size_t *nlen)
{
	const char *eq = strchr(ex, '=');
	size_t i;
	if (!(r->targets & (TARGET_ENV | TARGET_LIVE_ENV | TARGET_ARGV)) ||
	    !eq || eq == ex)
		return false;
	for (i = 0; ex + i < eq; i++)
		if (!(isalnum((unsigned char)ex[i]) || ex[i] == '_') ||
		    (i == 0 && isdigit((unsigned char)ex[i])))
			return false;
	*nlen = (size_t)(eq - ex);
	return true;
}

struct seen {
	const struct rule *want;
	bool hit;
};

static void note(const struct rule_match *m, void *arg)
{
	struct seen *s = arg;
	if (m->rule == s->want)
		s->hit = true;
}

static bool fires(const struct ruleset *rs, const struct rule *r,
		  const char *ex)
{
	struct seen s = {.want = r};
	size_t nlen;
	if (as_env(r, ex, &nlen))
		ruleset_match_named(rs,
				    r->targets & (TARGET_ENV | TARGET_LIVE_ENV |
						  TARGET_ARGV),
				    ex, nlen, ex + nlen + 1,
				    strlen(ex + nlen + 1), note, &s, NULL);
	else
		ruleset_match_text(rs,
				   r->targets & TARGET_TEXT ? TARGET_TEXT
				   : r->targets & TARGET_K8S_SECRET
					   ? TARGET_K8S_SECRET
					   : TARGET_ENV,
				   ex, strlen(ex), note, &s, NULL);
	return s.hit;
}

/* Every pattern of r compiles (a lazily compiled one is compiled now). */
static bool compiles(const struct rule *r)
{
	size_t i;
	bool ok = regex_compiles(r->regex) &&
		  (!r->env_name || regex_compiles(r->env_name)) &&
		  (!r->env_name_exclude || regex_compiles(r->env_name_exclude));
	for (i = 0; ok && i < r->nallow; i++)
		ok = regex_compiles(r->allow[i]);
	return ok;
}

size_t ruleset_check(const struct ruleset *rs,
		     void (*report)(const struct rule *r, const char *example,
				    bool expected, void *arg),
		     void *arg)
{
	size_t i, k, bad = 0;
	for (i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->r[i];
		if (!compiles(r)) {
			report(r, "(a pattern of this rule does not compile)",
			       true, arg);
			bad++;
			continue;
		}
		/* A rule nothing proves is a rule nobody has seen work. */
		if (!r->nexamples) {
			report(r, NULL, true, arg);
			bad++;
		}
		for (k = 0; k < r->nexamples; k++)
			if (!fires(rs, r, r->examples[k])) {
				report(r, r->examples[k], true, arg);
				bad++;
			}
		for (k = 0; k < r->nnegatives; k++)
			if (fires(rs, r, r->negatives[k])) {
				report(r, r->negatives[k], false, arg);
				bad++;
			}
	}
	return bad;
}

unsigned rule_gaps(const struct rule *r)
{
	return (r->nreferences ? 0 : RULE_GAP_REFERENCES) |
	       (r->nexamples >= RULE_MIN_EXAMPLES ? 0 : RULE_GAP_EXAMPLES) |
	       (r->nnegatives ? 0 : RULE_GAP_NEGATIVES);
}

bool rule_is_builtin(const struct rule *r)
{
	size_t n = strlen(RULES_BUILTIN_ORIGIN);
	return r->origin && !strncmp(r->origin, RULES_BUILTIN_ORIGIN, n) &&
	       (r->origin[n] == ':' || r->origin[n] == '\0');
}

size_t ruleset_check_conventions(const struct ruleset *rs,
				 void (*report)(const struct rule *r,
						unsigned gaps, bool fatal,
						void *arg),
				 void *arg)
{
	size_t i, bad = 0;
	for (i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->r[i];
		unsigned gaps = rule_gaps(r);
		bool fatal = rule_is_builtin(r);
		if (!r->nexamples)
			gaps &= ~(unsigned)RULE_GAP_EXAMPLES;
		if (!gaps)
			continue;
		report(r, gaps, fatal, arg);
		bad += fatal;
	}
	return bad;
}
