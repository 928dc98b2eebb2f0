/* Findings list and the severity and confidence names. */
#include "model/finding.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct finding *findings_add(struct findings *l)
{
	l->f = xgrow(l->f, &l->alloc, l->n + 1, sizeof(*l->f));
	memset(&l->f[l->n], 0, sizeof(l->f[0]));
	return &l->f[l->n++];
}

void finding_release(struct finding *f)
{
	free(f->comm);
	free(f->where);
	free(f->evidence);
	free(f->message);
	memset(f, 0, sizeof(*f));
}

void findings_release(struct findings *l)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		finding_release(&l->f[i]);
	free(l->f);
	memset(l, 0, sizeof(*l));
}

static const char *const sev_names[] = {"info", "low", "medium", "high",
					"critical"};
static const char *const conf_names[] = {"low", "medium", "high"};

const char *severity_name(enum severity s)
{
	return (unsigned)s <= SEV_CRITICAL ? sev_names[s] : "?";
}

int severity_parse(const char *s)
{
	int i;
	for (i = 0; i <= SEV_CRITICAL; i++)
		if (!strcmp(s, sev_names[i]))
			return i;
	return -1;
}

const char *confidence_name(enum confidence c)
{
	return (unsigned)c <= CONF_HIGH ? conf_names[c] : "?";
}

int confidence_parse(const char *s)
{
	int i;
	for (i = 0; i <= CONF_HIGH; i++)
		if (!strcmp(s, conf_names[i]))
			return i;
	return -1;
}
