/* anon-exec-memory: writable and executable memory, or executable memory backed
 * by no file (injected code). (Stub: to be written.) */
#include "scan/judge.h"

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	(void)c;
	(void)s;
	(void)out;
	return 0;
}

const struct judge judge_anon_exec = {
	.id = "anon-exec-memory",
	.kind = KIND_INDICATOR,
	.summary = "writable and executable memory, or executable memory "
		   "backed by no file (injected code)",
	.judge = judge,
};
