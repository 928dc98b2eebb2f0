/* Judging values for secrets: the rule engine over an environment
 * variable (name and value), a command line (its arguments, and the
 * options and assignments in it, by name), a Kubernetes Secret value, and
 * the key/value pairs nested inside any of them (JSON, YAML, INI,
 * connection strings, URL queries). One secret is reported once, by its
 * best rule. Pure: values in, hits out. */
#ifndef SCAN_SECRETS_H
#define SCAN_SECRETS_H

#include <stdbool.h>
#include <stddef.h>

#include "model/finding.h"
#include "scan/rules.h"
#include "util/redact.h"
#include "util/strbuf.h"

/* At most this many matches are weighed in one value (or one command
 * line); more are dropped (a hostile value cannot make the reconciling
 * quadratic in its size). */
#define SECRETS_MAX_HITS 256

struct secret_hit {
	const struct rule *rule;
	const char *secret; /* a span inside the judged value (argument) */
	size_t len;
	size_t arg;	  /* command lines: index of the argument */
	const char *path; /* nested: the pair's path ("db.password"),
			   * NUL-terminated, borrowed for the call; NULL at
			   * the top level */
	size_t path_len;
};

typedef void (*secret_hit_fn)(const struct secret_hit *h, void *arg);

/* The secrets in the variable NAME=VALUE: env rules on it, and on each
 * pair nested in the value (by the pair's key as a name). */
void secrets_in_var(const struct ruleset *rs, const char *name, size_t nlen,
		    const char *value, size_t vlen, secret_hit_fn fn,
		    void *arg);
/* The secrets in a command line: text rules on every argument, env and
 * argv rules on every option value and assignment (scan/argvopt.h) by its
 * name, and the pairs nested in arguments and option values. */
void secrets_in_argv(const struct ruleset *rs, char *const *argv, size_t argc,
		     secret_hit_fn fn, void *arg);
/* The secrets in a text: rules of target (TARGET_TEXT, TARGET_K8S_SECRET)
 * on it, and env rules on the pairs nested in it. */
void secrets_in_text(const struct ruleset *rs, unsigned target,
		     const char *text, size_t len, secret_hit_fn fn, void *arg);

/* Fill the secret fields of f for a hit: kind, rule, severity,
 * confidence, judge, where (prefix, then "[PATH]" for a nested pair),
 * redacted evidence, length, fingerprint and message. The process fields
 * are the caller's. */
void secret_finding(struct finding *f, const struct redactor *red,
		    const struct secret_hit *h, const char *judge,
		    const char *prefix, size_t prefix_len);

/* A name as the env rules expect one: upper case, '-', '.', ' ' and '/'
 * as '_', '_' at a lower-to-upper case change ("dbPassword" ->
 * "DB_PASSWORD"). Appends to out (at most 255 bytes). */
void secret_name_norm(const char *s, size_t len, struct strbuf *out);

/* Redact the secret parts of a command line in place: each argument
 * holding one is replaced by a new string with the secret spans redacted
 * (the rest of it kept, so "--password=…" still says what it was).
 * Returns whether anything was redacted. */
bool secrets_redact_argv(const struct ruleset *rs, const struct redactor *red,
			 char **argv, size_t argc);

#endif
