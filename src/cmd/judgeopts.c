/* Parsing and resolving the judging options. */
#include "cmd/judgeopts.h"

#include <stdio.h>
#include <string.h>

#include "cmd/command.h"
#include "util/msg.h"
#include "util/xalloc.h"

void judge_opts_init(struct judge_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->fail_on = -1;
}

void judge_opts_release(struct judge_opts *o)
{
	free(o->judges);
	free(o->skips);
	free(o->pids);
	judge_opts_init(o);
}

static int sev_arg(const char *cmd, const char *arg, int *out)
{
	*out = severity_parse(arg);
	if (*out < 0) {
		msg_error("%s: unknown severity '%s' (info, low, medium, "
			  "high, critical)",
			  cmd, arg);
		return EXIT_USAGE;
	}
	return 0;
}

static int kinds_arg(struct judge_opts *o, const char *cmd, const char *arg)
{
	const char *p = arg;
	for (;;) {
		size_t len = strcspn(p, ",");
		int k = finding_kind_parse(p, len);
		if (k < 0) {
			msg_error("%s: unknown kind '%.*s' in '%s' (secret, "
				  "indicator, posture)",
				  cmd, (int)len, p, arg);
			return EXIT_USAGE;
		}
		o->kinds |= 1u << k;
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

static void add_str(const char ***v, size_t *n, size_t *alloc, const char *s)
{
	*v = xgrow(*v, alloc, *n + 1, sizeof(**v));
	(*v)[(*n)++] = s;
}

int judge_opts_opt(struct judge_opts *o, const char *cmd, int id,
		   const char *arg)
{
	switch (id) {
	case JO_ONLY:
		return kinds_arg(o, cmd, arg);
	case JO_JUDGE:
		add_str(&o->judges, &o->njudges, &o->judges_alloc, arg);
		return 0;
	case JO_SKIP:
		add_str(&o->skips, &o->nskips, &o->skips_alloc, arg);
		return 0;
	case JO_PID:
		return cmd_pid_list(cmd, arg, &o->pids, &o->npids,
				    &o->pids_alloc);
	case JO_CONTAINER:
		if (!*arg) {
			msg_error("%s: --container needs a value", cmd);
			return EXIT_USAGE;
		}
		o->container = arg;
		return 0;
	case JO_MIN_SEV:
		return sev_arg(cmd, arg, &o->min_sev);
	case JO_FAIL_ON:
		return sev_arg(cmd, arg, &o->fail_on);
	case JO_PARTIAL_OK:
		o->partial_ok = true;
		return 0;
	}
	return 1;
}

static bool named(const char *const *v, size_t n, const char *id)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!strcmp(v[i], id))
			return true;
	return false;
}

static int check_ids(const char *const *v, size_t n, const char *cmd)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!judge_find(v[i], strlen(v[i]))) {
			msg_error("%s: unknown judge '%s'; see 'procsift "
				  "judges'",
				  cmd, v[i]);
			return EXIT_USAGE;
		}
	return 0;
}

int judge_opts_select(const struct judge_opts *o, const char *cmd,
		      const struct judge **sel, size_t *n)
{
	const struct judge *const *j;
	int r = check_ids(o->judges, o->njudges, cmd);
	if (!r)
		r = check_ids(o->skips, o->nskips, cmd);
	if (r)
		return r;
	*n = 0;
	for (j = judge_list; *j; j++) {
		if (o->kinds && !(o->kinds & (1u << (*j)->kind)))
			continue;
		if (o->njudges && !named(o->judges, o->njudges, (*j)->id))
			continue;
		if (named(o->skips, o->nskips, (*j)->id))
			continue;
		sel[(*n)++] = *j;
	}
	if (!*n) {
		msg_error("%s: no judge left to run (see 'procsift judges')",
			  cmd);
		return EXIT_USAGE;
	}
	return 0;
}

void judge_opts_probe_gate(const struct judge_opts *o, const struct judge **sel,
			   size_t *n, unsigned pid_max, size_t nprocs,
			   char *why, size_t whylen)
{
	size_t i, k = 0;
	*why = '\0';
	for (i = 0; i < *n && strcmp(sel[i]->id, "hidden-pid"); i++)
		;
	if (i == *n)
		return;
	/* A pid that /proc hides from readdir is in no snapshot: the probe
	 * asks the live kernel. Even when named. */
	if (o->src && o->src->snapshot)
		snprintf(why, whylen,
			 "not run: it stats pids on the live host, and a "
			 "snapshot holds the processes readdir listed");
	else if (named(o->judges, o->njudges, "hidden-pid"))
		return;
	else if (o->npids || o->container)
		snprintf(why, whylen,
			 "not run: a scan of some processes (--pid, "
			 "--container) does not probe the whole host; run it "
			 "with --judge hidden-pid");
	else if (pid_max && pid_max > JUDGE_PROBE_PIDS_PER_PROC * nprocs)
		snprintf(why, whylen,
			 "not run: a stat of each of %u pids (pid_max) would "
			 "cost more than a tenth of reading the %zu processes "
			 "listed; run it with --judge hidden-pid",
			 pid_max, nprocs);
	else
		return;
	for (i = 0; i < *n; i++)
		if (strcmp(sel[i]->id, "hidden-pid"))
			sel[k++] = sel[i];
	*n = k;
}
