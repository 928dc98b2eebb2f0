/* deleted-file-held: a deleted regular file held open under /tmp, /dev/shm or
 * /var/tmp (payload staging). (Stub: to be written.) */
#include "scan/judge.h"

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	(void)c;
	(void)s;
	(void)out;
	return 0;
}

const struct judge judge_deleted_file = {
	.id = "deleted-file-held",
	.kind = KIND_INDICATOR,
	.summary = "a deleted regular file held open under /tmp, /dev/shm or "
		   "/var/tmp (payload staging)",
	.judge = judge,
};
