/* Where rules come from, for every command that uses them: the built-in
 * set, /etc/procsift/rules.d/NAME.yaml, then --rules FILE (repeatable); later
 * sources override earlier ones by id. */
#ifndef CMD_RULEOPTS_H
#define CMD_RULEOPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "scan/rules.h"

struct out_opts;

enum rule_opt_id { RO_RULES = 300, RO_NO_BUILTIN };

#define RULE_OPTS                                                          \
	{RO_RULES,                                                         \
	 "rules",                                                          \
	 0,                                                                \
	 "FILE",                                                           \
	 COMPLETE_FILE,                                                    \
	 "add rules from a YAML file (repeatable; same id overrides)"},    \
	{                                                                  \
		RO_NO_BUILTIN, "no-builtin-rules", 0, NULL, COMPLETE_NONE, \
			"do not load the built-in rules"                   \
	}

/* SYSCONFDIR from the Makefile (/etc for PREFIX /usr and /usr/local);
 * builds without it (the fuzz targets) read /etc's. */
#ifndef PROCSIFT_SYSCONFDIR
#define PROCSIFT_SYSCONFDIR "/etc"
#endif
#define RULES_DIR PROCSIFT_SYSCONFDIR "/procsift/rules.d"

struct rule_opts {
	const char **files;
	size_t nfiles, alloc;
	bool no_builtin;
};

/* Handle a RULE_OPTS option: 0, or 1 when id is not one. */
int rule_opts_opt(struct rule_opts *o, int id, const char *arg);
/* The last word on an option of a command with OUTPUT_OPTS and RULE_OPTS,
 * once its own options are ruled out: oo or ro takes it, or it is a usage
 * error. Returns 0 or EXIT_USAGE. */
int rule_opts_or_output(struct rule_opts *ro, struct out_opts *oo,
			const char *cmd, int id, const char *arg);
/* Load the rules o asks for into rs (initialised) and finish it. Returns
 * 0, or EXIT_USAGE after naming the file, line and rule at fault. */
int rule_opts_load(const struct rule_opts *o, struct ruleset *rs,
		   const char *cmd);
/* Load one file into rs (no finish). Returns 0 or EXIT_USAGE. */
int rule_opts_load_file(struct ruleset *rs, const char *path, const char *cmd);
void rule_opts_release(struct rule_opts *o);

struct proc;
struct redactor;
/* Redact p's command line for display (secrets_redact_argv): the secret
 * part of an argument, and what a judging cap left unjudged, withheld;
 * so is the last argument of a command line cut when it was read (it
 * ends in the middle, perhaps of a secret no rule knows by its start).
 * Sets p->argv_redacted and p->argv_withheld. */
void rule_redact_argv(const struct ruleset *rs, const struct redactor *red,
		      struct proc *p);

#endif
