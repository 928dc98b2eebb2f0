/* hidden-pid: pids that exist but that readdir of /proc does not list (a
 * rootkit hiding them). (Stub: to be written.) */
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

const struct judge judge_hidden_pid = {
	.id = "hidden-pid",
	.kind = KIND_INDICATOR,
	.summary = "pids that exist but that readdir of /proc does not list (a "
		   "rootkit hiding them)",
	.judge_host = judge_host,
};
