/* How much of the host a judging run could judge: processes judged
 * completely, in part (which facets were missing, and why), or not at
 * all, and host judges that could not run. Plain data. */
#ifndef MODEL_COVERAGE_H
#define MODEL_COVERAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/psnap.h"

struct coverage {
	size_t complete;		/* every wanted facet read whole */
	size_t partial;			/* some facets missing or cut */
	size_t none;			/* not even stat could be read */
	size_t facet[FACET__COUNT];	/* processes missing that facet */
	int facet_errno[FACET__COUNT];	/* the first errno seen for it */
	int none_errno;			/* the first errno of stat */
	size_t truncated[FACET__COUNT]; /* processes with it cut at a cap */
	size_t host_failed;		/* host judges that could not run */
	char host_err[320];		/* what the first one said */
	const char *host_failed_judge;	/* its id (static) */
	const char *hidden; /* static: the procfs option that hides some
			     * processes from procsift, or NULL */
	int pidns_host;	    /* 1: the /proc walked is the host's pid
			     * namespace's; 0: another's (it sees only
			     * that namespace); -1: unknown */
	unsigned long long pidns_ino; /* that namespace's inode, or 0 */
	long hidden_tasks; /* host tasks that /proc does not list, counted
			    * when hidden or pidns_host is 0; else -1 */
	/* The hidden-pid probe (HOST_PIDS), when it ran. */
	struct {
		bool ran;
		int err;	  /* errno that stopped it, or 0 */
		unsigned pid_max; /* pids 1..pid_max stat'ed */
		size_t listed;	  /* pids readdir listed */
		size_t hidden;	  /* confirmed at both re-checks */
		size_t transient; /* candidates gone or listed at a re-check */
	} probe;
};

/* At least one process judged, every one completely, none hidden, and
 * every host judge ran. */
bool coverage_complete(const struct coverage *c);
/* The first errno that kept something from being read (a missing facet,
 * an unreadable stat), or 0. */
int coverage_errno(const struct coverage *c);
/* Whether something was refused for want of privilege (EACCES, EPERM). */
bool coverage_refused(const struct coverage *c);

#endif
