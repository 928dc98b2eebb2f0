/* The rule list: ID SEVERITY CONF TARGETS DESCRIPTION (or the columns of
 * -o), or JSON with every field. */
#include "render/rule_view.h"

#include <errno.h>
#include <string.h>

#include <json.h>

#include "render/json.h"
#include "util/sanitize.h"
#include "util/strbuf.h"

enum {
	RC_ID,
	RC_SEVERITY,
	RC_CONFIDENCE,
	RC_TARGETS,
	RC_KEYWORDS,
	RC_EXAMPLES,
	RC_NEGATIVES,
	RC_REFERENCES,
	RC_ORIGIN,
	RC_DESCRIPTION,
};

const struct out_col rule_view_cols[RULE_VIEW_NCOLS] = {
	{"id", "ID", "id", 0.2, 0, "the rule's id", .alias = NULL},
	{"severity", "SEVERITY", "severity", 8, 0,
	 "how bad a find is if it is real", .alias = NULL},
	{"confidence", "CONF", "confidence", 6, 0,
	 "how sure a match is a secret", .alias = NULL},
	{"targets", "TARGETS", "targets", 0.1, OUT_COL_TRUNC,
	 "what the rule is applied to", .alias = NULL},
	{"keywords", "KEYWORDS", "keywords", 0.15, OUT_COL_TRUNC,
	 "the literals that let its regex run", .alias = NULL},
	{"examples", "EX", "examples", 3, OUT_COL_RIGHT,
	 "how many examples it has", .alias = NULL},
	{"negatives", "NEG", "negative_examples", 3, OUT_COL_RIGHT,
	 "how many negative examples it has", .alias = NULL},
	{"references", "REFERENCES", "references", 0.3, OUT_COL_TRUNC,
	 "where its format is documented", .alias = NULL},
	{"origin", "ORIGIN", "origin", 0.15, OUT_COL_TRUNC,
	 "where it was defined", .alias = NULL},
	{"description", "DESCRIPTION", "description", 0.5, OUT_COL_TRUNC,
	 "what it finds", .alias = NULL},
};
const int rule_view_default[] = {RC_ID, RC_SEVERITY, RC_CONFIDENCE, RC_TARGETS,
				 RC_DESCRIPTION};
const size_t rule_view_ndefault =
	sizeof(rule_view_default) / sizeof(rule_view_default[0]);

static const struct {
	unsigned bit;
	const char *name;
} target_names[] = {
	{TARGET_ENV, "env"},   {TARGET_LIVE_ENV, "live-env"},
	{TARGET_TEXT, "text"}, {TARGET_K8S_SECRET, "k8s-secret"},
	{TARGET_ARGV, "argv"},
};

#define NTARGETS (sizeof(target_names) / sizeof(target_names[0]))

static struct json_object *targets_json(unsigned t)
{
	struct json_object *a = json_object_new_array();
	size_t i;
	for (i = 0; i < NTARGETS; i++)
		if (t & target_names[i].bit)
			json_object_array_add(a, json_object_new_string(
							 target_names[i].name));
	return a;
}

static struct json_object *strv_json(char *const *v)
{
	return v ? out_json_strv(v) : json_object_new_array();
}

static struct json_object *rule_json(const struct rule *r)
{
	struct json_object *o = json_object_new_object(), *al;
	json_object_object_add(o, "id", json_object_new_string(r->id));
	json_object_object_add(
		o, "severity",
		json_object_new_string(severity_name(r->severity)));
	json_object_object_add(
		o, "confidence",
		json_object_new_string(confidence_name(r->confidence)));
	json_object_object_add(o, "targets", targets_json(r->targets));
	json_object_object_add(o, "description", out_json_str(r->description));
	json_object_object_add(o, "keywords", strv_json(r->keywords));
	json_object_object_add(o, "regex", out_json_str(r->regex_src));
	json_object_object_add(o, "secret_group",
			       json_object_new_int(r->secret_group));
	json_object_object_add(o, "env_name",
			       r->env_name_src ? out_json_str(r->env_name_src)
					       : NULL);
	json_object_object_add(o, "env_name_exclude",
			       r->env_name_exclude_src
				       ? out_json_str(r->env_name_exclude_src)
				       : NULL);
	json_object_object_add(o, "min_entropy",
			       json_object_new_double(r->min_entropy));
	al = json_object_new_object();
	json_object_object_add(al, "regexes", strv_json(r->allow_src));
	json_object_object_add(al, "stopwords", strv_json(r->stopwords));
	json_object_object_add(o, "allowlist", al);
	json_object_object_add(o, "examples", strv_json(r->examples));
	json_object_object_add(o, "negative_examples", strv_json(r->negatives));
	json_object_object_add(o, "references", strv_json(r->references));
	json_object_object_add(o, "origin", out_json_str(r->origin));
	json_object_object_add(o, "replaced",
			       r->replaced ? out_json_str(r->replaced) : NULL);
	return o;
}

/* A rule file's own words: as written, but a terminal still sees no
 * control or invisible character (each run between backslashes goes
 * through the usual escape; a backslash is itself). */
static void own_words(struct strbuf *sb, const char *s, size_t len)
{
	while (len) {
		const char *bs = memchr(s, '\\', len);
		size_t run = bs ? (size_t)(bs - s) : len;
		out_text_escape(sb, s, run);
		s += run;
		len -= run;
		if (len) {
			strbuf_addch(sb, '\\');
			s++;
			len--;
		}
	}
}

static void joined(struct strbuf *sb, char *const *v, const char *sep)
{
	for (; v && *v; v++) {
		if (sb->len)
			strbuf_addstr(sb, sep);
		strbuf_addstr(sb, *v);
	}
}

static void cell(struct strbuf *sb, const struct rule *r, int col)
{
	size_t i, n;
	switch (col) {
	case RC_ID:
		strbuf_addstr(sb, r->id);
		break;
	case RC_SEVERITY:
		strbuf_addstr(sb, severity_name(r->severity));
		break;
	case RC_CONFIDENCE:
		strbuf_addstr(sb, confidence_name(r->confidence));
		break;
	case RC_TARGETS:
		for (i = n = 0; i < NTARGETS; i++)
			if (r->targets & target_names[i].bit)
				strbuf_addf(sb, "%s%s", n++ ? "," : "",
					    target_names[i].name);
		break;
	case RC_KEYWORDS:
		joined(sb, r->keywords, ",");
		break;
	case RC_EXAMPLES:
		strbuf_addf(sb, "%zu", r->nexamples);
		break;
	case RC_NEGATIVES:
		strbuf_addf(sb, "%zu", r->nnegatives);
		break;
	case RC_REFERENCES:
		joined(sb, r->references, " ");
		break;
	case RC_ORIGIN:
		strbuf_addstr(sb, r->origin);
		break;
	case RC_DESCRIPTION:
		strbuf_addstr(sb, r->description);
		break;
	}
}

int rule_view_print(const struct rule_view_opts *o, const struct ruleset *rs)
{
	struct strbuf sb = STRBUF_INIT, shown = STRBUF_INIT;
	struct out_table_opts to = {.fp = o->fp,
				    .style = o->style,
				    .ascii = o->ascii,
				    .noheadings = o->noheadings};
	struct out_table *tb;
	size_t i, k;
	int r;
	if (o->json) {
		struct out_json_stream s = {.fp = o->fp, .pretty = o->pretty};
		out_json_begin(&s, "rules");
		for (i = 0; i < rs->n; i++)
			out_json_item(&s, rule_json(&rs->r[i]));
		return out_json_end(&s);
	}
	tb = out_table_new(&to, rule_view_cols, o->sel, o->nsel);
	for (i = 0; i < rs->n; i++) {
		struct out_line *ln = out_table_add(tb, NULL);
		for (k = 0; k < o->nsel; k++) {
			strbuf_reset(&sb);
			strbuf_reset(&shown);
			cell(&sb, &rs->r[i], o->sel[k]);
			own_words(&shown, sb.buf ? sb.buf : "", sb.len);
			out_line_set_shown(ln, k, shown.buf ? shown.buf : "",
					   shown.len);
		}
	}
	r = out_table_print(tb);
	out_table_free(tb);
	strbuf_release(&sb);
	strbuf_release(&shown);
	return r ? r : ferror(o->fp) ? -EIO : 0;
}
