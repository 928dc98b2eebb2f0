/* Which examples a scan reports as another rule: the rule finds its
 * example, but where its secret is, a more confident (or more severe, or
 * earlier) rule's secret is reported instead. rules check names them, so
 * that overlapping rules are resolved on purpose. */
#include "scan/secrets.h"

#include <ctype.h>
#include <string.h>

/* An example NAME=VALUE with a shell-style name, for a rule that judges
 * variables: the name's length, else 0 (text). As ruleset_check reads
 * examples. */
static size_t example_name(const struct rule *r, const char *ex)
{
	const char *eq = strchr(ex, '=');
	size_t i;
	if (!(r->targets & (TARGET_ENV | TARGET_LIVE_ENV | TARGET_ARGV)) ||
	    !eq || eq == ex)
		return 0;
	for (i = 0; ex + i < eq; i++)
		if (!(isalnum((unsigned char)ex[i]) || ex[i] == '_') ||
		    (i == 0 && isdigit((unsigned char)ex[i])))
			return 0;
	return (size_t)(eq - ex);
}

struct own {
	const struct rule *r;
	const char *secret; /* this rule's first secret in the example */
	size_t len;
};

static void own_span(const struct rule_match *m, void *arg)
{
	struct own *o = arg;
	if (m->rule == o->r && !o->secret) {
		o->secret = m->secret;
		o->len = m->len;
	}
}

struct shown {
	const struct own *own;
	bool mine;	       /* the rule itself is reported there */
	const struct rule *by; /* the first other rule reported there */
};

static void reported(const struct secret_hit *h, void *arg)
{
	struct shown *s = arg;
	const struct own *o = s->own;
	if (h->secret >= o->secret + o->len || o->secret >= h->secret + h->len)
		return;
	if (h->rule == o->r)
		s->mine = true;
	else if (!s->by)
		s->by = h->rule;
}

size_t secrets_check_overlaps(const struct ruleset *rs,
			      void (*fn)(const struct rule *r,
					 const char *example,
					 const struct rule *by, void *arg),
			      void *arg)
{
	size_t i, k, n = 0;
	for (i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->r[i];
		unsigned named = r->targets & (TARGET_ENV | TARGET_LIVE_ENV);
		unsigned text = r->targets & TARGET_TEXT ? TARGET_TEXT
				: r->targets & TARGET_K8S_SECRET
					? TARGET_K8S_SECRET
					: 0;
		for (k = 0; k < r->nexamples; k++) {
			const char *ex = r->examples[k];
			size_t nlen = example_name(r, ex), len = strlen(ex);
			struct own o = {.r = r};
			struct shown s = {.own = &o};
			/* An argv rule's example is an option, judged with
			 * the rest of a command line: not tried here. */
			if (nlen && named) {
				ruleset_match_named(
					rs, named, ex, nlen, ex + nlen + 1,
					len - nlen - 1, own_span, &o, NULL);
				if (o.secret)
					secrets_in_var(
						rs, ex, nlen, ex + nlen + 1,
						len - nlen - 1, reported, &s);
			} else if (!nlen && text) {
				ruleset_match_text(rs, text, ex, len, own_span,
						   &o, NULL);
				if (o.secret)
					secrets_in_text(rs, text, ex, len,
							reported, &s);
			}
			if (o.secret && !s.mine && s.by) {
				fn(r, ex, s.by, arg);
				n++;
			}
		}
	}
	return n;
}
