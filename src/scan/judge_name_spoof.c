/* name-spoofing: a process whose name, executable and argv[0] disagree, or that
 * poses as a kernel thread. (Stub: to be written.) */
#include "scan/judge.h"

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	(void)c;
	(void)s;
	(void)out;
	return 0;
}

const struct judge judge_name_spoof = {
	.id = "name-spoofing",
	.kind = KIND_INDICATOR,
	.summary = "a process whose name, executable and argv[0] disagree, or "
		   "that poses as a kernel thread",
	.judge = judge,
};
