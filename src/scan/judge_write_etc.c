/* write-below-etc: a file under /etc, the binary and library directories, /boot
 * or /root/.ssh held open for writing (Falco: Write below etc). (Stub: to be
 * written.) */
#include "scan/judge.h"

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	(void)c;
	(void)s;
	(void)out;
	return 0;
}

const struct judge judge_write_etc = {
	.id = "write-below-etc",
	.kind = KIND_INDICATOR,
	.summary =
		"a file under /etc, the binary and library directories, /boot "
		"or /root/.ssh held open for writing (Falco: Write below etc)",
	.judge = judge,
};
