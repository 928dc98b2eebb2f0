/* crypto-miner: a stratum mining URL in argv or the environment, or a known
 * miner's executable. (Stub: to be written.) */
#include "scan/judge.h"

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	(void)c;
	(void)s;
	(void)out;
	return 0;
}

const struct judge judge_miner = {
	.id = "crypto-miner",
	.kind = KIND_INDICATOR,
	.summary = "a stratum mining URL in argv or the environment, or a "
		   "known miner's executable",
	.judge = judge,
};
