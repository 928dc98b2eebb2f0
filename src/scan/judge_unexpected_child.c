/* unexpected-child: a shell or network tool whose parent is a web server,
 * database or runtime daemon (webshell, RCE). (Stub: to be written.) */
#include "scan/judge.h"

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	(void)c;
	(void)s;
	(void)out;
	return 0;
}

const struct judge judge_unexpected_child = {
	.id = "unexpected-child",
	.kind = KIND_INDICATOR,
	.summary = "a shell or network tool whose parent is a web server, "
		   "database or runtime daemon (webshell, RCE)",
	.judge = judge,
};
