/* Rule files: YAML (libyaml's document API) into struct rule, all or
 * nothing per document, with FILE:LINE: rule ID: in every message. */
#include "scan/rules.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "scan/builtin.h"
#include "scan/rules_impl.h"
#include "util/regex.h"
#include "util/yamlguard.h"
#include "util/xalloc.h"

struct loader {
	yaml_document_t doc;
	const char *origin;
	bool builtin; /* the compiled-in rules themselves */
	char *err;
	size_t errlen;
	const char *rule_id; /* for messages; NULL before the id is known */
};

static int fail(struct loader *l, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct loader *l, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(l->err, l->errlen, "%s:%lu: %s%s%s%s", l->origin,
		 n ? (unsigned long)n->start_mark.line + 1 : 0UL,
		 l->rule_id ? "rule " : "", l->rule_id ? l->rule_id : "",
		 l->rule_id ? ": " : "", msg);
	return -EINVAL;
}

static yaml_node_t *node(struct loader *l, int id)
{
	return yaml_document_get_node(&l->doc, id);
}

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE
		       ? (const char *)n->data.scalar.value
		       : NULL;
}

/* The value of key in mapping m, or NULL. */
static yaml_node_t *get(struct loader *l, yaml_node_t *m, const char *key)
{
	yaml_node_pair_t *p;
	if (!m || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top;
	     p++) {
		const char *k = scalar(node(l, p->key));
		if (k && !strcmp(k, key))
			return node(l, p->value);
	}
	return NULL;
}

static int want_scalar(struct loader *l, yaml_node_t *n, const char *key,
		       const char **out)
{
	*out = scalar(n);
	if (n && !*out)
		return fail(l, n, "'%s' must be a string", key);
	return 0;
}

/* A list of strings (a lone string counts as a list of one). */
static int strings(struct loader *l, yaml_node_t *n, const char *key,
		   char ***out, size_t *count)
{
	yaml_node_item_t *it;
	size_t k = 0;
	*out = NULL;
	*count = 0;
	if (!n)
		return 0;
	if (n->type == YAML_SCALAR_NODE) {
		*out = xcalloc(2, sizeof(**out));
		(*out)[0] = xstrdup(scalar(n));
		*count = 1;
		return 0;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return fail(l, n, "'%s' must be a list of strings", key);
	*out = xcalloc((size_t)(n->data.sequence.items.top -
				n->data.sequence.items.start) +
			       1,
		       sizeof(**out));
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top;
	     it++) {
		const char *s = scalar(node(l, *it));
		if (!s)
			return fail(l, node(l, *it), "'%s' must hold strings",
				    key);
		(*out)[k++] = xstrdup(s);
		*count = k;
	}
	return 0;
}

static int compile(struct loader *l, yaml_node_t *n, const char *what,
		   const char *src, struct regex **out)
{
	char msg[200];
	/* The built-in rules compiled when `rules check` proved them: their
	 * patterns compile on first use. Told by their bytes, not by a name
	 * a rule file could also have. */
	if (l->builtin) {
		*out = regex_new_lazy(src, 0);
		return 0;
	}
	*out = regex_new(src, 0, msg, sizeof(msg));
	if (!*out)
		return fail(l, n, "bad %s: %s", what, msg);
	return 0;
}

/* n is the targets node, NULL when the rule m has none (the error then
 * names m's line, not line 0). */
static int parse_targets(struct loader *l, yaml_node_t *n, yaml_node_t *m,
			 unsigned *out)
{
	char **v;
	size_t k, i;
	int r = strings(l, n, "targets", &v, &k);
	*out = 0;
	for (i = 0; !r && i < k; i++) {
		if (!strcmp(v[i], "env"))
			*out |= TARGET_ENV;
		else if (!strcmp(v[i], "text"))
			*out |= TARGET_TEXT;
		else if (!strcmp(v[i], "k8s-secret"))
			*out |= TARGET_K8S_SECRET;
		else if (!strcmp(v[i], "argv"))
			*out |= TARGET_ARGV;
		else if (!strcmp(v[i], "live-env"))
			*out |= TARGET_LIVE_ENV;
		else
			r = fail(l, n, "unknown target '%s'", v[i]);
	}
	rule_strv_free(v);
	if (!r && !*out)
		r = fail(l, n ? n : m,
			 "'targets' must name env, live-env, text, "
			 "k8s-secret or argv");
	return r;
}

static int parse_allowlist(struct loader *l, yaml_node_t *n, struct rule *r)
{
	char **v = NULL;
	size_t k, i;
	int ret;
	if (!n)
		return 0;
	if (n->type != YAML_MAPPING_NODE)
		return fail(l, n, "'allowlist' must be a mapping");
	ret = strings(l, get(l, n, "regexes"), "allowlist.regexes", &v, &k);
	if (!ret && k) {
		r->allow = xcalloc(k, sizeof(*r->allow));
		for (i = 0; !ret && i < k; i++) {
			ret = compile(l, n, "allowlist regex", v[i],
				      &r->allow[i]);
			if (!ret)
				r->nallow++;
		}
	}
	if (ret) {
		rule_strv_free(v);
		return ret;
	}
	r->allow_src = v;
	ret = strings(l, get(l, n, "stopwords"), "allowlist.stopwords",
		      &r->stopwords, &r->nstopwords);
	for (i = 0; !ret && i < r->nstopwords; i++)
		rule_lower(r->stopwords[i]);
	return ret;
}

static int parse_number(struct loader *l, yaml_node_t *n, const char *key,
			double lo, double hi, double *out)
{
	const char *s;
	char *end;
	int r = want_scalar(l, n, key, &s);
	if (r || !s)
		return r;
	*out = strtod(s, &end);
	if (end == s || *end || *out < lo || *out > hi)
		return fail(l, n, "'%s' must be a number from %g to %g", key,
			    lo, hi);
	return 0;
}

/* A misspelt key (negative_example) would silently go unchecked. */
static int known_keys(struct loader *l, yaml_node_t *m)
{
	static const char *const keys[] = {
		"id",	    "description",	 "severity",	"confidence",
		"targets",  "keywords",		 "regex",	"secret_group",
		"env_name", "env_name_exclude",	 "min_entropy", "allowlist",
		"examples", "negative_examples", "references",	NULL,
	};
	yaml_node_pair_t *p;
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top;
	     p++) {
		const char *k = scalar(node(l, p->key));
		const char *const *q;
		for (q = keys; k && *q && strcmp(*q, k); q++)
			;
		if (!k || !*q)
			return fail(l, node(l, p->key), "unknown key '%s'",
				    k ? k : "?");
	}
	return 0;
}

static int parse_rule(struct loader *l, yaml_node_t *m, struct rule *r)
{
	const char *s;
	double d;
	int ret;
	if (m->type != YAML_MAPPING_NODE)
		return fail(l, m, "a rule must be a mapping");
	r->origin = xmalloc(strlen(l->origin) + 24);
	sprintf(r->origin, "%s:%lu", l->origin,
		(unsigned long)m->start_mark.line + 1);
	if ((ret = want_scalar(l, get(l, m, "id"), "id", &s)))
		return ret;
	if (!s || !*s ||
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-.") != strlen(s))
		return fail(l, m, "'id' must be set, of [a-z0-9-.]");
	r->id = xstrdup(s);
	l->rule_id = r->id;
	if ((ret = known_keys(l, m)))
		return ret;
	if ((ret = want_scalar(l, get(l, m, "description"), "description", &s)))
		return ret;
	r->description = xstrdup(s ? s : "");
	if ((ret = want_scalar(l, get(l, m, "severity"), "severity", &s)))
		return ret;
	if (!s || severity_parse(s) < 0)
		return fail(l, m,
			    "'severity' must be critical, high, medium, "
			    "low or info");
	r->severity = severity_parse(s);
	if ((ret = want_scalar(l, get(l, m, "confidence"), "confidence", &s)))
		return ret;
	r->confidence = s ? confidence_parse(s) : CONF_MEDIUM;
	if ((int)r->confidence < 0)
		return fail(l, m, "'confidence' must be high, medium or low");
	if ((ret = parse_targets(l, get(l, m, "targets"), m, &r->targets)))
		return ret;
	if ((ret = strings(l, get(l, m, "keywords"), "keywords", &r->keywords,
			   &r->nkeywords)))
		return ret;
	if ((ret = want_scalar(l, get(l, m, "regex"), "regex", &s)))
		return ret;
	if (!s)
		return fail(l, m, "'regex' must be set");
	r->regex_src = xstrdup(s);
	if ((ret = compile(l, get(l, m, "regex"), "regex", s, &r->regex)))
		return ret;
	d = 0;
	if ((ret = parse_number(l, get(l, m, "secret_group"), "secret_group", 0,
				9, &d)))
		return ret;
	r->secret_group = (int)d;
	if ((ret = want_scalar(l, get(l, m, "env_name"), "env_name", &s)))
		return ret;
	if (s && (ret = compile(l, get(l, m, "env_name"), "env_name", s,
				&r->env_name)))
		return ret;
	r->env_name_src = s ? xstrdup(s) : NULL;
	if ((ret = want_scalar(l, get(l, m, "env_name_exclude"),
			       "env_name_exclude", &s)))
		return ret;
	if (s && (ret = compile(l, get(l, m, "env_name_exclude"),
				"env_name_exclude", s, &r->env_name_exclude)))
		return ret;
	r->env_name_exclude_src = s ? xstrdup(s) : NULL;
	if ((ret = parse_number(l, get(l, m, "min_entropy"), "min_entropy", 0,
				8, &r->min_entropy)))
		return ret;
	if ((ret = parse_allowlist(l, get(l, m, "allowlist"), r)))
		return ret;
	if ((ret = strings(l, get(l, m, "references"), "references",
			   &r->references, &r->nreferences)))
		return ret;
	if ((ret = strings(l, get(l, m, "examples"), "examples", &r->examples,
			   &r->nexamples)))
		return ret;
	return strings(l, get(l, m, "negative_examples"), "negative_examples",
		       &r->negatives, &r->nnegatives);
}

static int cmp_key(const void *a, const void *b)
{
	const yaml_node_t *const *x = a, *const *y = b;
	int c = strcmp(scalar(*x), scalar(*y));
	if (c)
		return c;
	/* The first in the file first: it is the one named as first. */
	return ((*x)->start_mark.index > (*y)->start_mark.index) -
	       ((*x)->start_mark.index < (*y)->start_mark.index);
}

/* An id defined twice, through an index sorted by id: a file of 30,000
 * rules must not cost 450 million compares. Ties keep file order, so the
 * pair found is (earlier, later). */
static int cmp_id(const void *x, const void *y, void *arg)
{
	const struct rule *rules = arg;
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	int c = strcmp(rules[a].id, rules[b].id);
	return c ? c : (a > b) - (a < b);
}

/* true with *first and *second set when two of the n rules share an id. */
static bool twice(const struct rule *rules, size_t n, size_t *first,
		  size_t *second)
{
	size_t *ix = xcalloc(n ? n : 1, sizeof(*ix)), i;
	bool found = false;
	for (i = 0; i < n; i++)
		ix[i] = i;
	qsort_r(ix, n, sizeof(*ix), cmp_id, (void *)rules);
	for (i = 1; i < n && !found; i++)
		if (!strcmp(rules[ix[i - 1]].id, rules[ix[i]].id)) {
			*first = ix[i - 1];
			*second = ix[i];
			found = true;
		}
	free(ix);
	return found;
}

/* A key given twice in one mapping: libyaml keeps both and get() would see
 * only the first, so two top-level `rules:` lists, or a rule with two
 * `regex:` keys, would silently lose one. Every mapping of the document,
 * its keys sorted (a hostile file's big mapping is n log n). */
static int no_duplicate_keys(struct loader *l)
{
	yaml_node_t *n, **keys = NULL;
	size_t alloc = 0;
	int r = 0;
	for (n = l->doc.nodes.start; !r && n < l->doc.nodes.top; n++) {
		yaml_node_pair_t *p;
		size_t k = 0, i;
		if (n->type != YAML_MAPPING_NODE)
			continue;
		for (p = n->data.mapping.pairs.start;
		     p < n->data.mapping.pairs.top; p++) {
			yaml_node_t *key = node(l, p->key);
			if (!scalar(key))
				continue;
			keys = xgrow(keys, &alloc, k + 1, sizeof(*keys));
			keys[k++] = key;
		}
		if (k > 1)
			qsort(keys, k, sizeof(*keys), cmp_key);
		for (i = 1; !r && i < k; i++)
			if (!strcmp(scalar(keys[i - 1]), scalar(keys[i])))
				r = fail(l, keys[i],
					 "key '%s' given twice in one mapping "
					 "(first at line %lu)",
					 scalar(keys[i]),
					 (unsigned long)keys[i - 1]
							 ->start_mark.line +
						 1);
	}
	free(keys);
	return r;
}

static int load_doc(struct loader *l, struct rule **out, size_t *nout)
{
	yaml_node_t *root = yaml_document_get_root_node(&l->doc), *rules;
	yaml_node_item_t *it;
	size_t k = 0, i, j;
	int ret;
	l->rule_id = NULL;
	if ((ret = no_duplicate_keys(l)))
		return ret;
	if (!root || root->type != YAML_MAPPING_NODE)
		return fail(l, root, "expected a mapping with 'rules:'");
	rules = get(l, root, "rules");
	if (!rules || rules->type != YAML_SEQUENCE_NODE)
		return fail(l, root, "'rules' must be a list");
	*out = xcalloc((size_t)(rules->data.sequence.items.top -
				rules->data.sequence.items.start) +
			       1,
		       sizeof(**out));
	for (it = rules->data.sequence.items.start;
	     it < rules->data.sequence.items.top; it++) {
		int r;
		l->rule_id = NULL;
		r = parse_rule(l, node(l, *it), &(*out)[k]);
		k++;
		*nout = k;
		if (r)
			return r;
	}
	if (twice(*out, k, &i, &j)) {
		l->rule_id = (*out)[j].id;
		return fail(l, node(l, rules->data.sequence.items.start[j]),
			    "id defined twice (first at %s)", (*out)[i].origin);
	}
	return 0;
}

/* Rules of every document in the stream (files may be joined with
 * "---", as the built-in set is), into one array; all or nothing. */
static int load_stream(struct loader *l, yaml_parser_t *parser,
		       struct rule **all, size_t *nall)
{
	size_t alloc = 0;
	for (;;) {
		struct rule *got = NULL;
		size_t n = 0, i;
		int r;
		if (!yaml_parser_load(parser, &l->doc)) {
			snprintf(l->err, l->errlen, "%s:%lu: %s", l->origin,
				 (unsigned long)parser->problem_mark.line + 1,
				 parser->problem ? parser->problem
						 : "YAML error");
			return -EINVAL;
		}
		if (!yaml_document_get_root_node(&l->doc)) {
			yaml_document_delete(&l->doc);
			return 0; /* the end of the stream */
		}
		r = load_doc(l, &got, &n);
		yaml_document_delete(&l->doc);
		*all = xgrow(*all, &alloc, *nall + n + 1, sizeof(**all));
		for (i = 0; i < n; i++)
			(*all)[(*nall)++] = got[i];
		free(got);
		if (r)
			return r;
	}
}

int ruleset_load(struct ruleset *rs, const char *yaml, size_t len,
		 const char *origin, char *err, size_t errlen)
{
	struct loader l = {.origin = origin,
			   .builtin = yaml == builtin_rules_yaml,
			   .err = err,
			   .errlen = errlen};
	yaml_parser_t parser;
	struct rule *got = NULL;
	size_t n = 0, i, j;
	int r;

	/* The built-in set is ours; every other file is read as hostile. */
	if (!l.builtin &&
	    (r = yaml_guard(yaml, len, &yaml_caps_rules, origin, err, errlen)))
		return -EINVAL;
	if (!yaml_parser_initialize(&parser))
		abort();
	yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
	r = load_stream(&l, &parser, &got, &n);
	yaml_parser_delete(&parser);
	if (!r && twice(got, n, &i, &j)) {
		snprintf(err, errlen,
			 "%s: rule %s: id defined twice (first at %s)",
			 got[j].origin, got[j].id, got[i].origin);
		r = -EINVAL;
	}
	if (r) {
		for (i = 0; i < n; i++)
			rule_release(&got[i]);
		free(got);
		return r;
	}
	for (i = 0; i < n; i++)
		ruleset_put(rs, &got[i]);
	free(got);
	return 0;
}
