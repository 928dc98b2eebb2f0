/* Options every judging command shares (scan, and what builds on it):
 * which judges run (--only KIND, --judge ID, --skip ID), on which
 * processes (--pid LIST, --container ID|any), which findings are shown
 * (--min-severity) and what fails the run (--fail-on, --partial-ok). */
#ifndef CMD_JUDGEOPTS_H
#define CMD_JUDGEOPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "scan/judge.h"

enum judge_opt_id {
	JO_ONLY = 500,
	JO_JUDGE,
	JO_SKIP,
	JO_PID,
	JO_CONTAINER,
	JO_MIN_SEV,
	JO_FAIL_ON,
	JO_PARTIAL_OK,
};

#define JUDGE_OPTS                                                               \
	{JO_ONLY,                                                                \
	 "only",                                                                 \
	 0,                                                                      \
	 "KINDS",                                                                \
	 COMPLETE_JUDGE_KIND,                                                    \
	 "only judges of these kinds: secret, indicator, posture (comma "        \
	 "list)"},                                                               \
		{JO_JUDGE,                                                       \
		 "judge",                                                        \
		 0,                                                              \
		 "ID",                                                           \
		 COMPLETE_JUDGE,                                                 \
		 "run only this judge (repeatable; procsift judges)"},           \
		{JO_SKIP, "skip",	  0,                                     \
		 "ID",	  COMPLETE_JUDGE, "do not run this judge (repeatable)"}, \
		{JO_PID,                                                         \
		 "pid",                                                          \
		 'p',                                                            \
		 "PIDS",                                                         \
		 COMPLETE_PID_LIST,                                              \
		 "only these processes (comma-separated, repeatable)"},          \
		{JO_CONTAINER,                                                   \
		 "container",                                                    \
		 'c',                                                            \
		 "ID",                                                           \
		 COMPLETE_CONTAINER,                                             \
		 "only this container or pod (id or pod uid prefix, "            \
		 "container "                                                    \
		 "or pod name, NS/POD[/CONTAINER], runtime, 'any' or "           \
		 "'none')"},                                                     \
		{JO_MIN_SEV,                                                     \
		 "min-severity",                                                 \
		 0,                                                              \
		 "SEV",                                                          \
		 COMPLETE_SEVERITY,                                              \
		 "show findings at or above SEV (info, low, medium, high, "      \
		 "critical)"},                                                   \
		{JO_FAIL_ON,                                                     \
		 "fail-on",                                                      \
		 0,                                                              \
		 "SEV",                                                          \
		 COMPLETE_SEVERITY,                                              \
		 "exit 1 when a finding at or above SEV exists; exit 3 when "    \
		 "a "                                                            \
		 "process could not be judged completely"},                      \
	{                                                                        \
		JO_PARTIAL_OK, "partial-ok", 0, NULL, COMPLETE_NONE,             \
			"with --fail-on, processes judged in part do not "       \
			"fail "                                                  \
			"the run"                                                \
	}

struct judge_opts {
	unsigned kinds; /* 1 << enum finding_kind; 0: every kind */
	const char **judges, **skips;
	size_t njudges, nskips, judges_alloc, skips_alloc;
	pid_t *pids;
	size_t npids, pids_alloc;
	const char *container;
	int min_sev; /* enum severity */
	int fail_on; /* enum severity, or -1 */
	bool partial_ok;
	const struct proc_source *src; /* the /proc read (ctx->src) */
};

void judge_opts_init(struct judge_opts *o);
void judge_opts_release(struct judge_opts *o);
/* Handle a JUDGE_OPTS option: 0, 1 when id is not one, or EXIT_USAGE
 * after saying what was wrong (cmd names the command). */
int judge_opts_opt(struct judge_opts *o, const char *cmd, int id,
		   const char *arg);
/* The judges o selects, in registry order, into sel (room for every
 * judge), *n of them. Returns 0, or EXIT_USAGE for an unknown id or when
 * nothing is left to run. */
int judge_opts_select(const struct judge_opts *o, const char *cmd,
		      const struct judge **sel, size_t *n);

/* The hidden-pid probe stats every pid up to pid_max (about 2.5 us each
 * measured on a 2-core VM; 10 s at the 4194304 systemd sets): by
 * default it runs only on a whole-host scan where pid_max is at most
 * this many times the processes /proc lists, so that it costs about a
 * tenth of what reading those processes does (floor B, some 150 us a
 * process), and always when --judge hidden-pid names it. */
#define JUDGE_PROBE_PIDS_PER_PROC 8

/* Whether the probe may run for the judges in sel (*n of them): when
 * hidden-pid is selected by default where the rule above says no, it is
 * taken out of sel and why (whylen bytes) says so; *why is "" otherwise.
 * pid_max 0: unknown (the probe runs, and reports the error). nprocs:
 * the pids /proc lists. Pure. */
void judge_opts_probe_gate(const struct judge_opts *o, const struct judge **sel,
			   size_t *n, unsigned pid_max, size_t nprocs,
			   char *why, size_t whylen);

#endif
