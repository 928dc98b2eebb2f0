/* package-manager-in-container: a package manager running in a container
 * without a package-manager ancestor (Falco: Launch Package Management Process
 * in Container). (Stub: to be written.) */
#include "scan/judge.h"

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	(void)c;
	(void)s;
	(void)out;
	return 0;
}

const struct judge judge_pkgmgr = {
	.id = "package-manager-in-container",
	.kind = KIND_INDICATOR,
	.summary = "a package manager running in a container without a "
		   "package-manager ancestor (Falco: Launch Package Management "
		   "Process in Container)",
	.judge = judge,
};
