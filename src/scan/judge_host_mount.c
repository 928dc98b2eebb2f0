/* sensitive-host-mount: a container that sees a sensitive host path, or a
 * parent directory of one, mounted (Falco: Launch Sensitive Mount Container).
 * (Stub: to be written.) */
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

const struct judge judge_host_mount = {
	.id = "sensitive-host-mount",
	.kind = KIND_INDICATOR,
	.summary = "a container that sees a sensitive host path, or a parent "
		   "directory of one, mounted (Falco: Launch Sensitive Mount "
		   "Container)",
	.judge_host = judge_host,
};
