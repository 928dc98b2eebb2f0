/* deleted-lib-mapped: an executable mapping of a deleted library. (Stub: to be
 * written.) */
#include "scan/judge.h"

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	(void)c;
	(void)s;
	(void)out;
	return 0;
}

const struct judge judge_deleted_lib = {
	.id = "deleted-lib-mapped",
	.kind = KIND_INDICATOR,
	.summary = "an executable mapping of a deleted library",
	.judge = judge,
};
