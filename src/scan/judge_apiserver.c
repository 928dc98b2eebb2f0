/* apiserver-posture: kube-apiserver: Secrets not encrypted at rest, no or
 * leaking audit, anonymous or AlwaysAllow access. (Stub: to be written.) */
#include "scan/judge.h"

static int judge_host(const struct judge_ctx *c, const struct host_view *h,
		      struct findings *out, char *err, size_t errlen)
{
	(void)c;
	(void)h;
	(void)out;
	(void)err;
	(void)errlen;
	return 0;
}

const struct judge judge_apiserver = {
	.id = "apiserver-posture",
	.kind = KIND_POSTURE,
	.summary = "kube-apiserver: Secrets not encrypted at rest, no or "
		   "leaking audit, anonymous or AlwaysAllow access",
	.judge_host = judge_host,
};
