/* traced: a process being ptraced, with its tracer. (Stub: to be written.) */
#include "scan/judge.h"

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	(void)c;
	(void)s;
	(void)out;
	return 0;
}

const struct judge judge_traced = {
	.id = "traced",
	.kind = KIND_INDICATOR,
	.summary = "a process being ptraced, with its tracer",
	.judge = judge,
};
