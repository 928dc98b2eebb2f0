/* etcd-posture: etcd: no client or peer certificate authentication, no TLS, a
 * data directory others can read. (Stub: to be written.) */
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

const struct judge judge_etcd_posture = {
	.id = "etcd-posture",
	.kind = KIND_POSTURE,
	.summary = "etcd: no client or peer certificate authentication, no "
		   "TLS, a data directory others can read",
	.judge_host = judge_host,
};
