/* stdio-to-socket: a shell or interpreter whose stdin, stdout or stderr is a
 * TCP or UDP socket (a reverse shell). (Stub: to be written.) */
#include "scan/judge.h"

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	(void)c;
	(void)s;
	(void)out;
	return 0;
}

const struct judge judge_stdio_socket = {
	.id = "stdio-to-socket",
	.kind = KIND_INDICATOR,
	.summary = "a shell or interpreter whose stdin, stdout or stderr is a "
		   "TCP or UDP socket (a reverse shell)",
	.judge = judge,
};
