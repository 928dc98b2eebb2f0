/* kubelet-posture: kubelet: anonymous access, a read-only port, AlwaysAllow
 * authorization. (Stub: to be written.) */
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

const struct judge judge_kubelet = {
	.id = "kubelet-posture",
	.kind = KIND_POSTURE,
	.summary = "kubelet: anonymous access, a read-only port, AlwaysAllow "
		   "authorization",
	.judge_host = judge_host,
};
