/* The scanner interface: each src/scan/X.c exports one struct scanner and
 * registry.c lists them. A scanner only appends findings, as data. */
#ifndef SCAN_SCANNER_H
#define SCAN_SCANNER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model/finding.h"
#include "scan/redact.h"
#include "scan/rules.h"

struct scan_ctx {
	const struct ruleset *rules;
	const struct redactor *red;
	const pid_t *pids; /* processes to scan; NULL: every one */
	size_t npids;
	/* Filled in by the scanners, for the summary: */
	size_t scanned;	      /* processes looked at */
	size_t unreadable;    /* of which could not be read */
	int unreadable_errno; /* the first errno seen */
	size_t missing;	      /* pids asked for that were not there */
	char err[320];	      /* what went wrong when run fails, or "" */
};

struct scanner {
	const char *name;
	const char *summary;
	/* Append findings to out. Returns 0 or -errno when it could not run
	 * at all (not for processes it could not read: those are counted). */
	int (*run)(struct scan_ctx *ctx, struct findings *out);
};

/* registry.c: NULL-terminated. */
extern const struct scanner *const scanner_list[];

/* Fill a finding for a rule match in a process: rule, severity,
 * confidence, where (copied), redacted evidence and fingerprint, message.
 * comm may be NULL (no process: an etcd database read from a file).
 * Shared by the scanners so every finding reads alike. */
void scan_fill(struct finding *f, const struct scan_ctx *ctx,
	       const struct rule_match *m, pid_t pid,
	       unsigned long long start_ticks, const char *comm,
	       size_t comm_len, const char *where, size_t where_len);

/* The matches in one value, before overlapping ones are merged. */
struct match_set {
	struct rule_match m[16];
	size_t n;
};
/* A ruleset_match_* callback: add m to the match_set arg (the first 16). */
void match_set_collect(const struct rule_match *m, void *arg);
/* Several rules often see one secret (a known name and a token format):
 * it is reported once, by the most confident, then most severe, rule.
 * True when match i is shadowed by another. */
bool match_set_shadowed(const struct match_set *v, size_t i);

#endif
