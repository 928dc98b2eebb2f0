/* anti-forensics-env: an environment that hides history (HISTFILE=/dev/null,
 * HISTSIZE=0, the BPFDoor set) or a daemon without PATH. (Stub: to be written.)
 */
#include "scan/judge.h"

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	(void)c;
	(void)s;
	(void)out;
	return 0;
}

const struct judge judge_antiforensics = {
	.id = "anti-forensics-env",
	.kind = KIND_INDICATOR,
	.summary = "an environment that hides history (HISTFILE=/dev/null, "
		   "HISTSIZE=0, the BPFDoor set) or a daemon without PATH",
	.judge = judge,
};
