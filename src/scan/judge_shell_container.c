/* shell-in-container: a shell with a terminal in a container, started by the
 * runtime or the container's entrypoint (Falco: Terminal shell in container).
 * (Stub: to be written.) */
#include "scan/judge.h"

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	(void)c;
	(void)s;
	(void)out;
	return 0;
}

const struct judge judge_shell_container = {
	.id = "shell-in-container",
	.kind = KIND_INDICATOR,
	.summary = "a shell with a terminal in a container, started by the "
		   "runtime or the container's entrypoint (Falco: Terminal "
		   "shell in container)",
	.judge = judge,
};
