/* Judging values for secrets: the rule engine over an environment
 * variable (name and value), a command line (its arguments, and the
 * options and assignments in it, by name), a Kubernetes Secret value, and
 * the key/value pairs nested inside any of them (JSON, YAML, INI,
 * connection strings, URL queries). One secret is reported once, by its
 * best rule. The work is capped; where a cap stops judging, the caller is
 * told how far it went, so that the rest is neither shown nor counted as
 * judged (docs/design.md, "Caps that stop judging"). Pure: values in,
 * hits out. */
#ifndef SCAN_SECRETS_H
#define SCAN_SECRETS_H

#include <stdbool.h>
#include <stddef.h>

#include "model/finding.h"
#include "scan/rules.h"
#include "util/redact.h"
#include "util/strbuf.h"

/* At most this many distinct secrets (spans of bytes) are weighed in one
 * value or one command line, however many rules see each: a hostile value
 * cannot make the reconciling quadratic in its size. The first ones (by
 * place) are kept; where the first one that did not fit starts, judging
 * stops, and the caller is told (the rest must not pass for judged). */
#define SECRETS_MAX_SPANS 256

struct secret_hit {
	const struct rule *rule;
	const char *secret; /* a span inside the judged value (argument) */
	size_t len;
	size_t arg; /* command lines: index of the argument */
	/* Nested: the pair's path ("db.password"), as it may be shown: any
	 * byte of a key that lies inside a secret found in the same value
	 * (a token used as a JSON key) redacted as evidence is ("ghp_…"),
	 * a key over NESTED_KEY_SHOWN bytes cut. NUL-terminated, borrowed
	 * for the call; NULL at the top level. */
	const char *path;
	size_t path_len;
	struct redact_marks path_marks; /* procsift's own "…" in path */
};

/* How far a command line was judged: argv[0, arg) whole and the first off
 * bytes of argv[arg]. {argc, 0} when all of it was. */
struct secrets_extent {
	size_t arg, off;
};

typedef void (*secret_hit_fn)(const struct secret_hit *h, void *arg);

/* The secrets in the variable NAME=VALUE: env rules on it, and on each
 * pair nested in the value (by the pair's key as a name). Returns how many
 * bytes of the value were judged: vlen, or fewer when a cap stopped
 * judging (SECRETS_MAX_SPANS, or a cap of the nested walk, scan/nested.h):
 * secrets past that were not looked for, so the rest must be withheld
 * where values are shown. Only hits inside the judged part are passed to
 * fn. */
size_t secrets_in_var(const struct ruleset *rs, const char *name, size_t nlen,
		      const char *value, size_t vlen, secret_hit_fn fn,
		      void *arg);
/* secrets_in_var on variable i of a batch (scan/rules.h,
 * ruleset_batch_init): the same hits, the keywords of every variable of
 * the batch having been found in one prefilter pass. The variable's value
 * must not be NULL. */
size_t secrets_in_batch_var(const struct rule_batch *b, size_t i,
			    secret_hit_fn fn, void *arg);
/* secrets_in_var for redaction: also the spans a better rule's secret
 * shadows (one secret is reported once, but every byte any rule took for
 * a secret is hidden: a weaker match may reach past the better one). */
size_t secrets_spans_in_var(const struct ruleset *rs, const char *name,
			    size_t nlen, const char *value, size_t vlen,
			    secret_hit_fn fn, void *arg);
/* The secrets in a command line: text rules on every argument, env and
 * argv rules on every option value and assignment (scan/argvopt.h) by its
 * name, and the pairs nested in arguments and option values. Returns how
 * far it was judged: {argc, 0}, or less when a cap stopped judging
 * (SECRETS_MAX_SPANS, ARGV_MAX_PAIRS option pairs, a cap of a nested
 * walk). */
struct secrets_extent secrets_in_argv(const struct ruleset *rs,
				      char *const *argv, size_t argc,
				      secret_hit_fn fn, void *arg);
/* secrets_in_argv for redaction: also the spans a better rule's secret
 * shadows (see secrets_spans_in_var). */
struct secrets_extent secrets_spans_in_argv(const struct ruleset *rs,
					    char *const *argv, size_t argc,
					    secret_hit_fn fn, void *arg);
/* The secrets in a text: rules of target (TARGET_TEXT, TARGET_K8S_SECRET)
 * on it, and env rules on the pairs nested in it. Returns the bytes
 * judged, as secrets_in_var. */
size_t secrets_in_text(const struct ruleset *rs, unsigned target,
		       const char *text, size_t len, secret_hit_fn fn,
		       void *arg);

/* For each example of a rule (in rs) that the rule finds but where a
 * judging of the example (secrets_in_var for NAME=VALUE, else
 * secrets_in_text) reports another rule's secret over the rule's own
 * (more confident, more severe, or collected first), call fn(rule,
 * example, the rule reported, arg). Argv rules' examples are not tried.
 * Returns how many. */
size_t secrets_check_overlaps(const struct ruleset *rs,
			      void (*fn)(const struct rule *r,
					 const char *example,
					 const struct rule *by, void *arg),
			      void *arg);

/* Fill the secret fields of f for a hit: kind, rule, severity,
 * confidence, judge, where (prefix, then "[PATH]" for a nested pair),
 * redacted evidence, length, fingerprint and message. The process fields
 * are the caller's. */
void secret_finding(struct finding *f, const struct redactor *red,
		    const struct secret_hit *h, const char *judge,
		    const char *prefix, size_t prefix_len);

/* A name as the env rules expect one: upper case, '-', '.', ' ' and '/'
 * as '_', '_' at a lower-to-upper case change ("dbPassword" ->
 * "DB_PASSWORD"; ASCII, argvopt_name_norm). Appends to out (at most 255
 * bytes). */
void secret_name_norm(const char *s, size_t len, struct strbuf *out);

/* At most this many (name, value) pairs of one command line are judged
 * by name; the arguments from the one that would give the next are not
 * judged. */
#define ARGV_MAX_PAIRS 4096

/* What secrets_redact_argv did. */
struct secrets_redacted {
	bool redacted;	 /* a secret span was replaced */
	size_t withheld; /* bytes not judged, withheld (0: all judged) */
};

/* Redact the secret parts of a command line in place, for output: each
 * argument holding one is replaced by a new string with the secret spans
 * redacted (the rest of it kept, so "--password=…" still says what it
 * was). When a cap stopped judging, what was not judged is withheld: the
 * argument where judging stopped keeps its judged part, followed by the
 * redact_withheld() marker counting the bytes withheld (the arguments
 * after it and one separator each included), and the arguments after it
 * are freed, *argc lowered and argv NULL-terminated after the last. red
 * decides how a secret shows (callers pass a redactor without reveal). */
struct secrets_redacted secrets_redact_argv(const struct ruleset *rs,
					    const struct redactor *red,
					    char **argv, size_t *argc);

#endif
