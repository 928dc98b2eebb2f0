/* Secret rules: loaded from YAML (docs/rules.md), compiled once (PCRE2
 * with JIT), and applied to environment variables or text with a keyword
 * prefilter. Rules are data; this is the engine. */
#ifndef SCAN_RULES_H
#define SCAN_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "model/finding.h"

enum rule_target {
	TARGET_ENV = 1 << 0,  /* environment variables, by name and value */
	TARGET_TEXT = 1 << 1, /* text: rules test, each argv argument */
	TARGET_K8S_SECRET = 1 << 2, /* Kubernetes Secret values (etcd) */
	TARGET_ARGV = 1 << 3,	    /* an option's value in a command line,
				     * by the option's name (env_name) */
	TARGET_LIVE_ENV = 1 << 4,   /* a process's own environment variable
				     * itself, not a pair nested in its
				     * value: the value in use */
};

struct regex;

struct rule {
	char *id, *description;
	enum severity severity;
	enum confidence confidence;
	unsigned targets; /* enum rule_target bits */
	char **keywords;  /* NULL-terminated; may be empty */
	size_t nkeywords;
	char *regex_src;
	struct regex *regex;
	int secret_group;
	struct regex *env_name, *env_name_exclude; /* NULL when absent */
	char *env_name_src, *env_name_exclude_src; /* their patterns */
	double min_entropy;			   /* 0: no gate */
	struct regex **allow;			   /* allowlist regexes */
	char **allow_src; /* their patterns, NULL-terminated; may be NULL */
	size_t nallow;
	char **stopwords; /* lower case */
	size_t nstopwords;
	char **examples, **negatives;
	size_t nexamples, nnegatives;
	char **references; /* NULL-terminated, for readers; may be NULL */
	size_t nreferences;
	char *origin;	/* "file:line" where it was defined */
	char *replaced; /* the origin of the rule of the same id it
			 * replaced (a later source overriding), or NULL */
};

struct prefilter;
struct rule_gate;

struct ruleset {
	struct rule *r;
	size_t n, alloc;
	struct prefilter *pf; /* built by ruleset_finish */
	size_t *always;	      /* rules without keywords */
	size_t nalways;
	/* The shortest value any of them can match by their gates
	 * (lead_min): shorter values without a keyword need no rule. */
	size_t always_min;
	struct rule_gate *gate; /* by rule, built by ruleset_finish */
	size_t ngate;
};

void ruleset_init(struct ruleset *rs);
void ruleset_release(struct ruleset *rs);

/* The origin that names the built-in rule set; its patterns compile on
 * first use (make check proves them with `rules check`). */
#define RULES_BUILTIN_ORIGIN "(built-in)"

/* Load every rule of a YAML document (len bytes; origin names it in
 * messages). A rule whose id is already in rs replaces it. All or
 * nothing: on any error nothing from this document is kept, and err gets
 * "ORIGIN:LINE: rule ID: what is wrong". Returns 0 or -EINVAL. Call
 * ruleset_finish after the last load. */
int ruleset_load(struct ruleset *rs, const char *yaml, size_t len,
		 const char *origin, char *err, size_t errlen);
/* Build the prefilter; the set is read-only (and thread-safe) after. */
void ruleset_finish(struct ruleset *rs);

/* One match: which rule, and where the secret is in the scanned value. */
struct rule_match {
	const struct rule *rule;
	const char *secret;
	size_t len;
};

/* Call fn for each rule match in a named value (rules of any target in
 * targets: TARGET_ENV for an environment variable, TARGET_ARGV for a
 * command-line option; the regex runs on the value, env_name and
 * env_name_exclude on the name, keywords are searched in NAME=VALUE).
 * Every match of every rule is reported. Returns the number of matches.
 * A regex that gives up (PCRE2's match or depth limit, on a value built
 * to make it backtrack) judged nothing from where it tried: when stuck is
 * not NULL, *stuck is lowered to that offset in the value (0 when it was
 * a regex on the name); leave it at SIZE_MAX to learn that all was
 * judged. */
size_t ruleset_match_named(const struct ruleset *rs, unsigned targets,
			   const char *name, size_t nlen, const char *value,
			   size_t vlen,
			   void (*fn)(const struct rule_match *m, void *arg),
			   void *arg, size_t *stuck);
/* ruleset_match_named with the env rules. */
size_t ruleset_match_env(const struct ruleset *rs, const char *name,
			 size_t nlen, const char *value, size_t vlen,
			 void (*fn)(const struct rule_match *m, void *arg),
			 void *arg, size_t *stuck);
/* The same for text, with rules of the given target (TARGET_TEXT or
 * TARGET_K8S_SECRET). */
size_t ruleset_match_text(const struct ruleset *rs, unsigned target,
			  const char *text, size_t len,
			  void (*fn)(const struct rule_match *m, void *arg),
			  void *arg, size_t *stuck);

/* One variable of a batch: NAME=VALUE, the name and value anywhere (a
 * value straight after its name and a '=' is scanned with it, as
 * ruleset_match_named does). */
struct rule_var {
	const char *name, *value;
	size_t nlen, vlen;
};

/* The keyword hits of many variables (a process's environment), found
 * with one prefilter pass over each run of variables that lie close
 * together in memory (environ: NAME=VALUE, NUL, NAME=VALUE, ...) rather
 * than one call per variable, whose fixed cost a short value does not
 * amortise. Each keyword occurrence is mapped back to its variable by
 * place; one that is not wholly inside a variable (across the NUL between
 * two) counts for none. */
#define RULE_BATCH_VARS 64
#define RULE_BATCH_HITS 128

struct rule_batch {
	const struct ruleset *rs;
	const struct rule_var *vars; /* borrowed */
	size_t n;
	uint32_t *off;	/* n + 1: the hits of variable i are */
	uint32_t *rule; /* rule[off[i] .. off[i + 1]) (rule indexes) */
	/* off and rule when they fit: an environment of a few dozen
	 * variables then costs no allocation (off and rule point here, so
	 * a batch is not to be copied). */
	uint32_t off_buf[RULE_BATCH_VARS + 1];
	uint32_t rule_buf[RULE_BATCH_HITS];
};

/* Find the keywords of the n variables of vars (borrowed until
 * ruleset_batch_release), which may lie anywhere: segments (names and
 * values) at most one byte apart are scanned in one pass, that byte
 * included, so such neighbours must lie in one buffer (as environ's do). */
void ruleset_batch_init(struct rule_batch *b, const struct ruleset *rs,
			const struct rule_var *vars, size_t n);
void ruleset_batch_release(struct rule_batch *b);
/* ruleset_match_named on variable i of the batch: the same matches, in
 * the same order, without a prefilter pass of its own. */
size_t ruleset_batch_match(const struct rule_batch *b, size_t i,
			   unsigned targets,
			   void (*fn)(const struct rule_match *m, void *arg),
			   void *arg, size_t *stuck);

/* The rule with this id, or NULL. */
const struct rule *ruleset_find(const struct ruleset *rs, const char *id);

/* Check every rule against its examples (each must give a match of that
 * rule) and negative examples (none of that rule). Calls report(rule,
 * example, expected_match, arg) for each failure (example NULL for a rule
 * that has no examples at all, which fails); returns the count. */
size_t ruleset_check(const struct ruleset *rs,
		     void (*report)(const struct rule *r, const char *example,
				    bool expected, void *arg),
		     void *arg);

/* What a built-in rule carries beyond examples that pass (docs/rules.md):
 * a reader can see where its format is documented, and the examples show
 * more than one form and at least one look-alike it leaves alone. */
enum rule_gap {
	RULE_GAP_REFERENCES = 1 << 0, /* no references */
	RULE_GAP_EXAMPLES = 1 << 1,   /* fewer than RULE_MIN_EXAMPLES */
	RULE_GAP_NEGATIVES = 1 << 2,  /* no negative example */
};

enum { RULE_MIN_EXAMPLES = 2 };

/* The enum rule_gap bits of what r lacks; 0 when it lacks nothing. */
unsigned rule_gaps(const struct rule *r);

/* Whether r was loaded from the built-in set (RULES_BUILTIN_ORIGIN). */
bool rule_is_builtin(const struct rule *r);

/* Check every rule against the conventions above. Calls report(rule, gaps,
 * fatal, arg) for each rule that lacks something; fatal is true for a
 * built-in rule, whose gaps fail `rules check`, and false for a rule from
 * a user's file, where they are only worth a warning. A rule without any
 * example is ruleset_check's failure, so RULE_GAP_EXAMPLES is left out of
 * its gaps. Returns the number of fatal reports. */
size_t ruleset_check_conventions(const struct ruleset *rs,
				 void (*report)(const struct rule *r,
						unsigned gaps, bool fatal,
						void *arg),
				 void *arg);

#endif
