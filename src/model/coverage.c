/* Coverage predicates. */
#include "model/coverage.h"

#include <errno.h>

bool coverage_complete(const struct coverage *c)
{
	return c->complete && !c->partial && !c->none && !c->host_failed &&
	       !c->hidden && c->pidns_host != 0;
}

int coverage_errno(const struct coverage *c)
{
	int f;
	if (c->none_errno)
		return c->none_errno;
	for (f = 0; f < FACET__COUNT; f++)
		if (c->facet_errno[f])
			return c->facet_errno[f];
	return 0;
}

static bool refused(int err)
{
	return err == EACCES || err == EPERM;
}

bool coverage_refused(const struct coverage *c)
{
	int f;
	if (c->none && refused(c->none_errno))
		return true;
	for (f = 0; f < FACET__COUNT; f++)
		if (c->facet[f] && refused(c->facet_errno[f]))
			return true;
	return false;
}
