/* Findings list, facts and tags, and the severity, confidence and kind
 * names. */
#include "model/finding.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xalloc.h"

struct finding *findings_add(struct findings *l)
{
	l->f = xgrow(l->f, &l->alloc, l->n + 1, sizeof(*l->f));
	memset(&l->f[l->n], 0, sizeof(l->f[0]));
	return &l->f[l->n++];
}

#define FS(field) offsetof(struct finding, field)
static const size_t finding_strings[] = {
	FS(comm),	    FS(container),	 FS(pod_uid),
	FS(container_name), FS(container_image), FS(pod_name),
	FS(pod_namespace),  FS(where),		 FS(evidence),
	FS(message),
};

void finding_release(struct finding *f)
{
	size_t i;
	free_fields(f, finding_strings,
		    sizeof(finding_strings) / sizeof(finding_strings[0]));
	for (i = 0; i < f->nfacts; i++)
		free(f->facts[i].str);
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

static struct finding_fact *fact(struct finding *f, const char *key)
{
	struct finding_fact *x;
	if (f->nfacts >= FINDING_FACTS_MAX)
		return NULL;
	x = &f->facts[f->nfacts++];
	memset(x, 0, sizeof(*x));
	x->key = key;
	return x;
}

void finding_fact_str(struct finding *f, const char *key, const char *s,
		      size_t len)
{
	struct finding_fact *x = fact(f, key);
	if (!x)
		return;
	x->type = FACT_STR;
	x->str = xmemdup0(s, len);
}

void finding_fact_int(struct finding *f, const char *key, long long v)
{
	struct finding_fact *x = fact(f, key);
	if (!x)
		return;
	x->type = FACT_INT;
	x->num = v;
}

void finding_fact_bool(struct finding *f, const char *key, bool v)
{
	struct finding_fact *x = fact(f, key);
	if (!x)
		return;
	x->type = FACT_BOOL;
	x->num = v;
}

void finding_tag(struct finding *f, const char *tag)
{
	if (f->ntags < FINDING_TAGS_MAX)
		f->tags[f->ntags++] = tag;
}

static const char *const sev_names[] = {"info", "low", "medium", "high",
					"critical"};
static const char *const conf_names[] = {"low", "medium", "high"};
static const char *const kind_names[] = {"secret", "indicator", "posture"};

const char *severity_name(enum severity s)
{
	return (unsigned)s <= SEV_CRITICAL ? sev_names[s] : "?";
}

int severity_parse(const char *s)
{
	int i;
	for (i = 0; i <= SEV_CRITICAL; i++)
		if (!strcasecmp(s, sev_names[i]))
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

const char *finding_kind_name(enum finding_kind k)
{
	return (unsigned)k < KIND__COUNT ? kind_names[k] : "?";
}

int finding_kind_parse(const char *s, size_t len)
{
	int i;
	for (i = 0; i < KIND__COUNT; i++)
		if (strlen(kind_names[i]) == len &&
		    !strncasecmp(s, kind_names[i], len))
			return i;
	return -1;
}
