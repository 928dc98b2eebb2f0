/* The bounded YAML tree of the Kubernetes configuration parsers (see
 * k8sconf_impl.h): libyaml's event parser, no alias ever expanded. */
#include "scan/k8sconf_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "util/xalloc.h"

struct loader {
	struct kc_doc *d;
	int stack[KC_DEPTH_MAX];
	int depth;
	char *why;
	size_t whylen;
};

static int fail(struct loader *l, const char *why)
{
	snprintf(l->why, l->whylen, "%s", why);
	return -EINVAL;
}

static int find_anchor(const struct kc_doc *d, const char *name)
{
	size_t i;
	/* The last definition of a name wins, as YAML says. */
	for (i = d->nanchors; i-- > 0;)
		if (!strcmp(d->anchors[i].name, name))
			return d->anchors[i].node;
	return -1;
}

static int add_anchor(struct loader *l, const yaml_char_t *name, int node)
{
	struct kc_doc *d = l->d;
	if (!name)
		return 0;
	if (d->nanchors == KC_ANCHORS_MAX)
		return fail(l, "more than 256 anchors");
	d->anchors = xgrow(d->anchors, &d->anchors_alloc, d->nanchors + 1,
			   sizeof(*d->anchors));
	d->anchors[d->nanchors].name = xstrdup((const char *)name);
	d->anchors[d->nanchors++].node = node;
	return 0;
}

/* Hang node i under the open container (the root when none is open). */
static int attach(struct loader *l, int i)
{
	struct kc_node *p;
	if (!l->depth) {
		if (l->d->root < 0)
			l->d->root = i;
		return 0;
	}
	p = &l->d->n[l->stack[l->depth - 1]];
	p->kids =
		xgrow(p->kids, &p->kids_alloc, p->nkids + 1, sizeof(*p->kids));
	p->kids[p->nkids++] = i;
	return 0;
}

static int new_node(struct loader *l, enum kc_type t)
{
	struct kc_doc *d = l->d;
	if (d->nn == KC_NODES_MAX)
		return fail(l, "more than 50000 nodes");
	d->n = xgrow(d->n, &d->n_alloc, d->nn + 1, sizeof(*d->n));
	memset(&d->n[d->nn], 0, sizeof(*d->n));
	d->n[d->nn].type = t;
	return (int)d->nn++;
}

static int on_scalar(struct loader *l, const yaml_event_t *ev)
{
	const char *tag = (const char *)ev->data.scalar.tag;
	struct kc_node *n;
	int i = new_node(l, KC_SCALAR);
	if (i < 0)
		return i;
	n = &l->d->n[i];
	n->s = xmemdup0(ev->data.scalar.value, ev->data.scalar.length);
	n->len = ev->data.scalar.length;
	/* Only an untagged plain scalar resolves to null, a boolean or a
	 * number; a tag other than !!str is read as YAML resolves the
	 * text, which is what the decoders Kubernetes uses do for
	 * !!bool, !!int and !!null. */
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		   (!tag || strcmp(tag, YAML_STR_TAG));
	if (add_anchor(l, ev->data.scalar.anchor, i))
		return -EINVAL;
	return attach(l, i);
}

static int on_start(struct loader *l, enum kc_type t, const yaml_char_t *anchor)
{
	int i;
	if (l->depth == KC_DEPTH_MAX)
		return fail(l, "nests deeper than 32 levels");
	i = new_node(l, t);
	if (i < 0)
		return i;
	l->d->n[i].open = true;
	if (add_anchor(l, anchor, i) || attach(l, i))
		return -EINVAL;
	l->stack[l->depth++] = i;
	return 0;
}

static int on_alias(struct loader *l, const yaml_event_t *ev)
{
	int i = find_anchor(l->d, (const char *)ev->data.alias.anchor);
	if (i < 0)
		return fail(l, "an alias names no anchor defined before it");
	/* A node that contains its own alias would make every walk of it
	 * endless. */
	if (l->d->n[i].open)
		return fail(l, "an alias refers to a node that contains it");
	return attach(l, i);
}

static int on_event(struct loader *l, const yaml_event_t *ev, bool *done)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return on_scalar(l, ev);
	case YAML_ALIAS_EVENT:
		return on_alias(l, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(l, KC_SEQ, ev->data.sequence_start.anchor);
	case YAML_MAPPING_START_EVENT:
		return on_start(l, KC_MAP, ev->data.mapping_start.anchor);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (l->depth)
			l->d->n[l->stack[--l->depth]].open = false;
		return 0;
	case YAML_DOCUMENT_END_EVENT:
	case YAML_STREAM_END_EVENT:
		/* Kubernetes' decoder reads the first document alone. */
		*done = true;
		return 0;
	default:
		return 0;
	}
}

int kc_doc_load(struct kc_doc *d, const char *buf, size_t len, char *why,
		size_t whylen)
{
	struct loader l = {.d = d, .why = why, .whylen = whylen};
	yaml_parser_t parser;
	bool done = false;
	int r = 0;
	memset(d, 0, sizeof(*d));
	d->root = -1;
	d->budget = KC_BUDGET;
	if (!yaml_parser_initialize(&parser))
		return fail(&l, "the YAML parser could not start");
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (!done && !r) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			snprintf(why, whylen, "YAML error at line %zu: %s",
				 parser.problem_mark.line + 1,
				 parser.problem ? parser.problem : "?");
			r = -EINVAL;
			break;
		}
		r = on_event(&l, &ev, &done);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	if (r) {
		kc_doc_release(d);
		d->root = -1;
	}
	return r;
}

void kc_doc_release(struct kc_doc *d)
{
	size_t i;
	for (i = 0; i < d->nn; i++) {
		free(d->n[i].s);
		free(d->n[i].kids);
	}
	free(d->n);
	for (i = 0; i < d->nanchors; i++)
		free(d->anchors[i].name);
	free(d->anchors);
	memset(d, 0, sizeof(*d));
	d->root = -1;
}

const struct kc_node *kc_node(const struct kc_doc *d, int i)
{
	return i >= 0 && (size_t)i < d->nn ? &d->n[i] : NULL;
}

bool kc_step(struct kc_doc *d)
{
	if (d->budget <= 0) {
		d->exhausted = true;
		return false;
	}
	d->budget--;
	return true;
}

bool kc_is(const struct kc_doc *d, int i, const char *s)
{
	const struct kc_node *n = kc_node(d, i);
	return n && n->type == KC_SCALAR && n->len == strlen(s) &&
	       !memcmp(n->s, s, n->len);
}

static int get_depth(struct kc_doc *d, int m, const char *key, int depth)
{
	const struct kc_node *n = kc_node(d, m);
	size_t k;
	int v = -1;
	if (!n || n->type != KC_MAP)
		return -1;
	/* A key given twice: the last one, as Go's JSON decoding (which
	 * Kubernetes' YAML goes through) keeps. */
	for (k = 0; k + 1 < n->nkids && kc_step(d); k += 2)
		if (kc_is(d, n->kids[k], key))
			v = n->kids[k + 1];
	if (v >= 0 || depth >= KC_MERGE_DEPTH)
		return v;
	for (k = 0; k + 1 < n->nkids && kc_step(d); k += 2) {
		const struct kc_node *mv;
		size_t j;
		if (!kc_is(d, n->kids[k], "<<"))
			continue;
		mv = kc_node(d, n->kids[k + 1]);
		if (mv && mv->type == KC_MAP)
			return get_depth(d, n->kids[k + 1], key, depth + 1);
		/* A sequence of mappings: the first that has it. Each costs
		 * a step, or thousands of aliases to an empty mapping would
		 * be free to walk on every lookup. */
		for (j = 0;
		     mv && mv->type == KC_SEQ && j < mv->nkids && kc_step(d);
		     j++) {
			v = get_depth(d, mv->kids[j], key, depth + 1);
			if (v >= 0)
				return v;
		}
	}
	return -1;
}

int kc_get(struct kc_doc *d, int m, const char *key)
{
	return get_depth(d, m, key, 0);
}

bool kc_is_null(const struct kc_doc *d, int i)
{
	const struct kc_node *n = kc_node(d, i);
	if (!n)
		return true;
	return n->type == KC_SCALAR && n->plain &&
	       (!n->len || kc_is(d, i, "~") || !strcasecmp(n->s, "null"));
}

static const char *const trues[] = {"y",  "Y",	"yes",	"Yes",	"YES",	"on",
				    "On", "ON", "true", "True", "TRUE", NULL};
static const char *const falses[] = {"n",     "N",     "no",	"No",
				     "NO",    "off",   "Off",	"OFF",
				     "false", "False", "FALSE", NULL};

int kc_bool(const struct kc_doc *d, int i, bool *out)
{
	const struct kc_node *n = kc_node(d, i);
	size_t k;
	if (!n || n->type != KC_SCALAR || !n->plain)
		return -1;
	for (k = 0; trues[k]; k++)
		if (!strcmp(n->s, trues[k]))
			return *out = true, 0;
	for (k = 0; falses[k]; k++)
		if (!strcmp(n->s, falses[k]))
			return *out = false, 0;
	return -1;
}

int kc_int(const struct kc_doc *d, int i, long long *out)
{
	const struct kc_node *n = kc_node(d, i);
	char buf[32], *end;
	size_t k, m = 0;
	if (!n || n->type != KC_SCALAR || !n->plain || !n->len ||
	    n->len >= sizeof(buf))
		return -1;
	/* YAML 1.1 allows '_' between digits. */
	for (k = 0; k < n->len; k++)
		if (n->s[k] != '_')
			buf[m++] = n->s[k];
	buf[m] = '\0';
	errno = 0;
	*out = strtoll(buf, &end, 0);
	return errno || *end || end == buf ? -1 : 0;
}

static bool is_float(const struct kc_node *n)
{
	char *end;
	/* strtod also takes "nan" and "infinity", which YAML reads as
	 * strings. */
	if (strpbrk(n->s, "nNiIxX"))
		return !strcasecmp(n->s, ".inf") ||
		       !strcasecmp(n->s, "-.inf") ||
		       !strcasecmp(n->s, "+.inf") || !strcasecmp(n->s, ".nan");
	strtod(n->s, &end);
	return n->len && !*end && end != n->s;
}

const char *kc_str(const struct kc_doc *d, int i)
{
	const struct kc_node *n = kc_node(d, i);
	long long v;
	bool b;
	if (!n || n->type != KC_SCALAR)
		return NULL;
	if (!n->plain)
		return n->s;
	if (kc_is_null(d, i) || !kc_bool(d, i, &b) || !kc_int(d, i, &v) ||
	    is_float(n))
		return NULL;
	return n->s;
}
