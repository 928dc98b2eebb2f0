/* zombie-leader-with-live-threads: a process whose main thread exited
 * (pthread_exit) while its other threads live on. /proc/PID then shows a
 * zombie with no fds, no environment and no mappings, and a tool that
 * reads /proc/PID alone sees nothing of the listener or the credentials
 * the process still holds; they show through /proc/PID/task/TID, which
 * procsift reads instead (proc/leader.h). A few programs end main with
 * pthread_exit on purpose, so the finding is medium. */
#include "scan/judge.h"

#include "model/proc.h"
#include "scan/forensic.h"

#define JUDGE "zombie-leader-with-live-threads"

static bool gone(const struct psnap *s)
{
	return psnap_has(s, FACET_STAT) &&
	       thread_leader_gone(s->proc.state, s->proc.threads);
}

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	struct finding *f;
	(void)c;
	if (!gone(s))
		return 0;
	f = forensic_finding(out, s, JUDGE, JUDGE, SEV_MEDIUM, CONF_HIGH,
			     "stat:state");
	if (s->proc.via_tid)
		forensic_message(
			f,
			"main thread exited while %d other thread%s "
			"live%s on: its files show only through "
			"thread %d (%zu fds there, none at "
			"/proc/%d/fd)",
			s->proc.threads - 1, s->proc.threads == 2 ? "" : "s",
			s->proc.threads == 2 ? "s" : "", (int)s->proc.via_tid,
			s->fds.n, (int)s->proc.pid);
	else
		forensic_message(f,
				 "main thread exited while %d other thread%s "
				 "live%s on, none of which could be read",
				 s->proc.threads - 1,
				 s->proc.threads == 2 ? "" : "s",
				 s->proc.threads == 2 ? "s" : "");
	finding_fact_int(f, "threads", s->proc.threads);
	if (s->proc.via_tid)
		finding_fact_int(f, "via_tid", s->proc.via_tid);
	finding_tag(f, "T1564");
	return 0;
}

/* The fd links (through the live thread) for a zombie leader alone. */
static unsigned more(const struct psnap *s)
{
	return gone(s) ? FACET_BIT(FACET_FDLINKS) : 0;
}

const struct judge judge_zombie_leader = {
	.id = JUDGE,
	.kind = KIND_INDICATOR,
	.summary = "a process whose main thread exited while its other "
		   "threads live on (its files hidden from /proc/PID)",
	.facets = FACET_BIT(FACET_STAT),
	.more = more,
	.judge = judge,
};
