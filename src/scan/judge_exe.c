/* exe: an executable that is deleted, a memfd (fileless), or in /tmp, /dev/shm
 * or /var/tmp. (Stub: to be written.) */
#include "scan/judge.h"

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	(void)c;
	(void)s;
	(void)out;
	return 0;
}

const struct judge judge_exe = {
	.id = "exe",
	.kind = KIND_INDICATOR,
	.summary = "an executable that is deleted, a memfd (fileless), or in "
		   "/tmp, /dev/shm or /var/tmp",
	.judge = judge,
};
