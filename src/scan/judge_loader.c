/* loader-hijack: LD_PRELOAD, LD_AUDIT or LD_LIBRARY_PATH naming a writable or
 * temporary place, or a non-empty /etc/ld.so.preload. (Stub: to be written.) */
#include "scan/judge.h"

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	(void)c;
	(void)s;
	(void)out;
	return 0;
}

const struct judge judge_loader = {
	.id = "loader-hijack",
	.kind = KIND_INDICATOR,
	.summary = "LD_PRELOAD, LD_AUDIT or LD_LIBRARY_PATH naming a writable "
		   "or temporary place, or a non-empty /etc/ld.so.preload",
	.judge = judge,
};
