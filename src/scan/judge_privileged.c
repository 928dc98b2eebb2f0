/* privileged-container: a container process with full capabilities,
 * CAP_SYS_ADMIN, no seccomp and no LSM, or the host's pid, net or ipc
 * namespace. (Stub: to be written.) */
#include "scan/judge.h"

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	(void)c;
	(void)s;
	(void)out;
	return 0;
}

const struct judge judge_privileged = {
	.id = "privileged-container",
	.kind = KIND_INDICATOR,
	.summary =
		"a container process with full capabilities, CAP_SYS_ADMIN, no "
		"seccomp and no LSM, or the host's pid, net or ipc namespace",
	.judge = judge,
};
