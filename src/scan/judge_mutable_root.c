/* mutable-container-rootfs: a container whose root file system is mounted
 * read-write (no readOnlyRootFilesystem). (Stub: to be written.) */
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

const struct judge judge_mutable_root = {
	.id = "mutable-container-rootfs",
	.kind = KIND_POSTURE,
	.summary = "a container whose root file system is mounted read-write "
		   "(no readOnlyRootFilesystem)",
	.judge_host = judge_host,
};
