/* procsift scan: every scanner over every process (or --pid), findings
 * as a table, JSON or NDJSON, a summary on stderr, and --fail-on. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/command.h"
#include "cmd/ruleopts.h"
#include "model/table.h"
#include "out/finding_view.h"
#include "proc/pids.h"
#include "scan/redact.h"
#include "scan/scanner.h"
#include "util/msg.h"
#include "util/parse.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

enum {
	SC_PID = 1,
	SC_JSON,
	SC_NDJSON,
	SC_PRETTY,
	SC_MIN_SEV,
	SC_FAIL_ON,
	SC_REVEAL,
	SC_KEY,
	SC_NOHEAD,
};

static const struct cmd_opt scan_opts[] = {
	{SC_PID, "pid", 'p', "PID", COMPLETE_PID,
	 "scan this process only (repeatable)"},
	{SC_JSON, "json", 'j', NULL, COMPLETE_NONE, "JSON output"},
	{SC_NDJSON, "ndjson", 0, NULL, COMPLETE_NONE,
	 "one JSON finding per line, for log pipelines"},
	{SC_PRETTY, "pretty", 0, NULL, COMPLETE_NONE, "indent JSON output"},
	{SC_MIN_SEV, "min-severity", 0, "SEV", COMPLETE_NONE,
	 "show findings at or above SEV (info, low, medium, high, critical)"},
	{SC_FAIL_ON, "fail-on", 0, "SEV", COMPLETE_NONE,
	 "exit 1 when a finding at or above SEV exists"},
	{SC_REVEAL, "reveal", 0, NULL, COMPLETE_NONE,
	 "show secret values in full"},
	{SC_KEY, "fingerprint-key", 0, "HEX", COMPLETE_NONE,
	 "fingerprint key (16-64 hex digits) instead of a random one"},
	{SC_NOHEAD, "noheadings", 'n', NULL, COMPLETE_NONE,
	 "do not print the header line"},
	RULE_OPTS,
	{0},
};

struct scan_state {
	struct rule_opts ro;
	pid_t *pids;
	size_t npids, alloc;
	enum finding_format fmt;
	bool pretty, reveal, noheadings;
	int min_sev, fail_on;
	const char *key;
};

static int sev_arg(const char *arg, int *out)
{
	*out = severity_parse(arg);
	if (*out < 0) {
		msg_error("scan: unknown severity '%s' (info, low, medium, "
			  "high, critical)",
			  arg);
		return EXIT_USAGE;
	}
	return 0;
}

static int scan_opt(void *state, int id, const char *arg)
{
	struct scan_state *st = state;
	pid_t pid;
	switch (id) {
	case SC_PID:
		if (parse_pid(arg, strlen(arg), &pid)) {
			msg_error("scan: '%s' is not a pid", arg);
			return EXIT_USAGE;
		}
		st->pids = xgrow(st->pids, &st->alloc, st->npids + 1,
				 sizeof(*st->pids));
		st->pids[st->npids++] = pid;
		return 0;
	case SC_JSON:
		st->fmt = FINDINGS_JSON;
		return 0;
	case SC_NDJSON:
		st->fmt = FINDINGS_NDJSON;
		return 0;
	case SC_PRETTY:
		st->fmt = FINDINGS_JSON;
		st->pretty = true;
		return 0;
	case SC_MIN_SEV:
		return sev_arg(arg, &st->min_sev);
	case SC_FAIL_ON:
		return sev_arg(arg, &st->fail_on);
	case SC_REVEAL:
		st->reveal = true;
		return 0;
	case SC_KEY:
		st->key = arg;
		return 0;
	case SC_NOHEAD:
		st->noheadings = true;
		return 0;
	}
	return rule_opts_opt(&st->ro, id, arg) ? EXIT_USAGE : 0;
}

static int cmp_finding(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	int r;
	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	r = strcmp(x->where, y->where);
	return r ? r : strcmp(x->rule, y->rule);
}

/* The CONTAINER cell for each finding, from one read of the table; a
 * pid whose start time differs was reused since the scan: left empty. */
static char **containers(const struct findings *l)
{
	char **c = xcalloc(l->n ? l->n : 1, sizeof(*c));
	struct proc_table t;
	size_t i;
	proc_table_init(&t);
	if (l->n && !proc_pids_read(&t, PROC_WANT_CGROUP)) {
		for (i = 0; i < l->n; i++) {
			const struct proc *p = proc_table_find(&t, l->f[i].pid);
			const struct container_info *ci;
			if (!p || p->start_ticks != l->f[i].start_ticks)
				continue;
			ci = &p->container;
			if (ci->id[0])
				c[i] = xmemdup0(ci->id, strnlen(ci->id, 12));
			else if (ci->pod_uid[0]) {
				/* As tree and ps show it. */
				c[i] = xmalloc(13);
				snprintf(c[i], 13, "pod:%.8s", ci->pod_uid);
			}
		}
	}
	proc_table_release(&t);
	return c;
}

static void keep_min(struct findings *l, int min_sev)
{
	size_t i, k = 0;
	for (i = 0; i < l->n; i++) {
		if ((int)l->f[i].severity >= min_sev) {
			l->f[k++] = l->f[i];
			continue;
		}
		free(l->f[i].comm);
		free(l->f[i].where);
		free(l->f[i].evidence);
		free(l->f[i].message);
	}
	l->n = k;
}

static void summarise(const struct scan_ctx *c, const struct findings *l,
		      struct scan_summary *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int sev;
	s->scanned = c->scanned;
	s->unreadable = c->unreadable;
	s->rules = c->rules->n;
	for (i = 0; i < l->n; i++)
		s->by_severity[l->f[i].severity]++;
	for (sev = SEV_CRITICAL; sev >= SEV_INFO; sev--)
		strbuf_addf(&sb, "%s%zu %s", sev == SEV_CRITICAL ? "" : ", ",
			    s->by_severity[sev], severity_name(sev));
	msg_note("scan: %zu processes scanned (%zu not readable%s%s), %zu "
		 "rules; findings: %s",
		 s->scanned, s->unreadable, s->unreadable ? ": " : "",
		 s->unreadable ? strerror(c->unreadable_errno) : "", s->rules,
		 sb.buf);
	strbuf_release(&sb);
}

static int scan_run(struct ctx *ctx, int argc, char **argv);

const struct command cmd_scan = {
	.name = "scan",
	.summary = "find plaintext secrets (process environments, etcd)",
	.usage = "",
	.details = "Runs every scanner with the rule set (procsift rules "
		   "list). Evidence shows at most 4 characters and the "
		   "length; the fingerprint (keyed BLAKE2b, random key per "
		   "run) matches equal secrets within one report. Exit 1 "
		   "with --fail-on when a finding at or above it exists.",
	.opts = scan_opts,
	.operands = COMPLETE_NONE,
	.run = scan_run,
};

static int scan_run(struct ctx *ctx, int argc, char **argv)
{
	struct scan_state st;
	struct ruleset rs;
	struct redactor red;
	struct findings l = {0};
	struct scan_summary sum = {0};
	struct scan_ctx sc = {0};
	const struct scanner *const *s;
	char **cont = NULL;
	size_t i;
	int first, r;
	bool failed = false;

	memset(&st, 0, sizeof(st));
	st.fail_on = -1;
	ruleset_init(&rs);
	r = cmd_parse_opts(&cmd_scan, ctx, argc, argv, scan_opt, &st, &first);
	if (!r && first < argc) {
		msg_error("scan: unexpected operand '%s'; use --pid",
			  argv[first]);
		r = EXIT_USAGE;
	}
	if (!r && (st.key ? redactor_init_hex(&red, st.key, st.reveal)
			  : redactor_init_random(&red, st.reveal))) {
		msg_error("scan: bad --fingerprint-key (16 to 64 hex digits)");
		r = EXIT_USAGE;
	}
	if (!r)
		r = rule_opts_load(&st.ro, &rs, "scan");
	if (r)
		goto out;
	sc.rules = &rs;
	sc.red = &red;
	sc.pids = st.npids ? st.pids : NULL;
	sc.npids = st.npids;
	for (s = scanner_list; *s; s++) {
		int e = (*s)->run(&sc, &l);
		if (e) {
			msg_error("scan: %s scanner could not run: %s",
				  (*s)->name,
				  sc.err[0] ? sc.err : strerror(-e));
			sc.err[0] = '\0';
			failed = true;
		}
	}
	keep_min(&l, st.min_sev);
	if (l.n)
		qsort(l.f, l.n, sizeof(*l.f), cmp_finding);
	cont = containers(&l);
	summarise(&sc, &l, &sum);
	r = findings_print(ctx->out, st.fmt, st.pretty, st.noheadings, &l, cont,
			   &sum)
		    ? EXIT_RUNTIME
		    : 0;
	if (failed)
		r = EXIT_RUNTIME;
	if (sc.missing) {
		msg_error("scan: %zu of the pids asked for are not running",
			  sc.missing);
		r = EXIT_RUNTIME;
	}
	for (i = 0; !r && st.fail_on >= 0 && i < l.n; i++)
		if ((int)l.f[i].severity >= st.fail_on)
			r = EXIT_FINDINGS;
	for (i = 0; i < l.n; i++)
		free(cont[i]);
	free(cont);
out:
	findings_release(&l);
	ruleset_release(&rs);
	rule_opts_release(&st.ro);
	free(st.pids);
	return r < 0 ? EXIT_OK : r;
}
