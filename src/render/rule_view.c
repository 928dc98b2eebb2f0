/* The rule list: ID SEVERITY CONF TARGETS DESCRIPTION (or the columns of
 * -o), or JSON with every field, both from the column table's getters. */
#include "render/rule_view.h"

#include <errno.h>
#include <string.h>

#include <json.h>

#include "render/colrow.h"
#include "render/json.h"
#include "util/sanitize.h"
#include "util/strbuf.h"

static struct json_object *strv_json(char *const *v)
{
	return v ? out_json_strv(v) : json_object_new_array();
}

static const struct {
	unsigned bit;
	const char *name;
} target_names[] = {
	{TARGET_ENV, "env"},   {TARGET_LIVE_ENV, "live-env"},
	{TARGET_TEXT, "text"}, {TARGET_K8S_SECRET, "k8s-secret"},
	{TARGET_ARGV, "argv"},
};

#define NTARGETS (sizeof(target_names) / sizeof(target_names[0]))
#define R ((const struct rule *)row)

/* A string, or null shown as "-". */
static void str_cell(struct out_cell *c, const char *s)
{
	strbuf_addstr(&c->text, s ? s : "-");
	if (c->want_json)
		c->json = s ? out_json_str(s) : NULL;
}

/* A list: its items joined by sep in text; an array ([] for none). */
static void list_cell(struct out_cell *c, char *const *v, const char *sep)
{
	char *const *p;
	for (p = v; p && *p; p++) {
		if (c->text.len)
			strbuf_addstr(&c->text, sep);
		strbuf_addstr(&c->text, *p);
	}
	if (c->want_json)
		c->json = strv_json(v);
}

static void get_id(const void *row, struct out_cell *c)
{
	str_cell(c, R->id);
}

static void get_severity(const void *row, struct out_cell *c)
{
	str_cell(c, severity_name(R->severity));
}

static void get_confidence(const void *row, struct out_cell *c)
{
	str_cell(c, confidence_name(R->confidence));
}

static void get_targets(const void *row, struct out_cell *c)
{
	size_t i;
	if (c->want_json)
		c->json = json_object_new_array();
	for (i = 0; i < NTARGETS; i++) {
		if (!(R->targets & target_names[i].bit))
			continue;
		if (c->text.len)
			strbuf_addch(&c->text, ',');
		strbuf_addstr(&c->text, target_names[i].name);
		if (c->json)
			json_object_array_add(
				c->json,
				json_object_new_string(target_names[i].name));
	}
}

static void get_description(const void *row, struct out_cell *c)
{
	strbuf_addstr(&c->text, R->description ? R->description : "");
	if (c->want_json)
		c->json = out_json_str(R->description);
}

static void get_keywords(const void *row, struct out_cell *c)
{
	list_cell(c, R->keywords, ",");
}

static void get_regex(const void *row, struct out_cell *c)
{
	str_cell(c, R->regex_src);
}

static void get_secret_group(const void *row, struct out_cell *c)
{
	strbuf_addf(&c->text, "%d", R->secret_group);
	if (c->want_json)
		c->json = json_object_new_int(R->secret_group);
}

static void get_env_name(const void *row, struct out_cell *c)
{
	str_cell(c, R->env_name_src);
}

static void get_env_name_exclude(const void *row, struct out_cell *c)
{
	str_cell(c, R->env_name_exclude_src);
}

static void get_min_entropy(const void *row, struct out_cell *c)
{
	strbuf_addf(&c->text, "%g", R->min_entropy);
	if (c->want_json)
		c->json = json_object_new_double(R->min_entropy);
}

static size_t strv_len(char *const *v)
{
	size_t n = 0;
	while (v && v[n])
		n++;
	return n;
}

/* Text: how many patterns and stopwords ("2 regexes, 1 stopwords"). */
static void get_allowlist(const void *row, struct out_cell *c)
{
	strbuf_addf(&c->text, "%zu regexes, %zu stopwords",
		    strv_len(R->allow_src), strv_len(R->stopwords));
	if (!c->want_json)
		return;
	c->json = json_object_new_object();
	json_object_object_add(c->json, "regexes", strv_json(R->allow_src));
	json_object_object_add(c->json, "stopwords", strv_json(R->stopwords));
}

static void get_examples(const void *row, struct out_cell *c)
{
	list_cell(c, R->examples, " ");
}

static void get_negatives(const void *row, struct out_cell *c)
{
	list_cell(c, R->negatives, " ");
}

static void get_nexamples(const void *row, struct out_cell *c)
{
	strbuf_addf(&c->text, "%zu", R->nexamples);
	if (c->want_json)
		c->json = strv_json(R->examples);
}

static void get_nnegatives(const void *row, struct out_cell *c)
{
	strbuf_addf(&c->text, "%zu", R->nnegatives);
	if (c->want_json)
		c->json = strv_json(R->negatives);
}

static void get_references(const void *row, struct out_cell *c)
{
	list_cell(c, R->references, " ");
}

static void get_origin(const void *row, struct out_cell *c)
{
	str_cell(c, R->origin);
}

static void get_replaced(const void *row, struct out_cell *c)
{
	str_cell(c, R->replaced);
}

/* In the order of the keys of each rule's JSON object (json.md). */
/* A column whose JSON key is its name, under no other name. */
/* clang-format off */
#define RCOL(key, header, w, flags, help, jtype, get) \
	{key, header, key, w, flags, help, NULL, jtype, get, 0}
/* clang-format on */

const struct out_col rule_view_cols[RC__COUNT] = {
	[RC_ID] = RCOL("id", "ID", 0.2, 0, "the rule's id", OUT_JSON_STRING,
		       get_id),
	[RC_SEVERITY] = RCOL("severity", "SEVERITY", 8, 0,
			     "how bad a find is if it is real", OUT_JSON_STRING,
			     get_severity),
	[RC_CONFIDENCE] =
		RCOL("confidence", "CONF", 6, 0, "how sure a match is a secret",
		     OUT_JSON_STRING, get_confidence),
	[RC_TARGETS] = RCOL("targets", "TARGETS", 0.1, OUT_COL_TRUNC,
			    "what the rule is applied to", OUT_JSON_ARRAY,
			    get_targets),
	[RC_DESCRIPTION] =
		RCOL("description", "DESCRIPTION", 0.5, OUT_COL_TRUNC,
		     "what it finds", OUT_JSON_STRING, get_description),
	[RC_KEYWORDS] = RCOL("keywords", "KEYWORDS", 0.15, OUT_COL_TRUNC,
			     "the literals that let its regex run",
			     OUT_JSON_ARRAY, get_keywords),
	[RC_REGEX] = RCOL("regex", "REGEX", 0.3, OUT_COL_TRUNC,
			  "the PCRE2 pattern it searches", OUT_JSON_STRING,
			  get_regex),
	[RC_SECRET_GROUP] = RCOL("secret_group", "GROUP", 5, OUT_COL_RIGHT,
				 "the capture group that is the secret",
				 OUT_JSON_INT, get_secret_group),
	[RC_ENV_NAME] = RCOL("env_name", "ENV_NAME", 0.15, OUT_COL_TRUNC,
			     "pattern a variable's name must match",
			     OUT_JSON_STRING, get_env_name),
	[RC_ENV_NAME_EXCLUDE] =
		RCOL("env_name_exclude", "ENV_NAME_EXCLUDE", 0.15,
		     OUT_COL_TRUNC, "pattern a variable's name must not match",
		     OUT_JSON_STRING, get_env_name_exclude),
	[RC_MIN_ENTROPY] = RCOL("min_entropy", "ENTROPY", 7, OUT_COL_RIGHT,
				"minimum entropy of the secret, bits per byte",
				OUT_JSON_DOUBLE, get_min_entropy),
	[RC_ALLOWLIST] = RCOL("allowlist", "ALLOWLIST", 0.15, OUT_COL_TRUNC,
			      "how many allowlist patterns and stopwords",
			      OUT_JSON_OBJECT, get_allowlist),
	[RC_EXAMPLES] = RCOL("examples", "EXAMPLES", 0.2, OUT_COL_TRUNC,
			     "its examples, space-separated", OUT_JSON_ARRAY,
			     get_examples),
	[RC_NEGATIVES] =
		RCOL("negative_examples", "NEGATIVE_EXAMPLES", 0.2,
		     OUT_COL_TRUNC, "its negative examples, space-separated",
		     OUT_JSON_ARRAY, get_negatives),
	[RC_NEXAMPLES] = {"nexamples", "EX", "examples", 3,
			  OUT_COL_RIGHT | OUT_COL_JSON_ALSO,
			  "how many examples it has", "ex", OUT_JSON_ARRAY,
			  get_nexamples, 0},
	[RC_NNEGATIVES] = {"nnegatives", "NEG", "negative_examples", 3,
			   OUT_COL_RIGHT | OUT_COL_JSON_ALSO,
			   "how many negative examples it has", "negatives",
			   OUT_JSON_ARRAY, get_nnegatives, 0},
	[RC_REFERENCES] = RCOL("references", "REFERENCES", 0.3, OUT_COL_TRUNC,
			       "where its format is documented", OUT_JSON_ARRAY,
			       get_references),
	[RC_ORIGIN] = RCOL("origin", "ORIGIN", 0.15, OUT_COL_TRUNC,
			   "where it was defined", OUT_JSON_STRING, get_origin),
	[RC_REPLACED] = RCOL("replaced", "REPLACED", 0.15, OUT_COL_TRUNC,
			     "where the rule it replaced was defined",
			     OUT_JSON_STRING, get_replaced),
};
const int rule_view_default[] = {RC_ID, RC_SEVERITY, RC_CONFIDENCE, RC_TARGETS,
				 RC_DESCRIPTION};
const size_t rule_view_ndefault =
	sizeof(rule_view_default) / sizeof(rule_view_default[0]);

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

int rule_view_print(const struct out_list_opts *o, const struct ruleset *rs)
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
			out_json_item(&s, out_row_json(rule_view_cols,
						       RC__COUNT, &rs->r[i]));
		return out_json_end(&s);
	}
	tb = out_table_new(&to, rule_view_cols, o->sel, o->nsel);
	for (i = 0; i < rs->n; i++) {
		struct out_line *ln = out_table_add(tb, NULL);
		for (k = 0; k < o->nsel; k++) {
			strbuf_reset(&sb);
			strbuf_reset(&shown);
			out_row_text(&sb, &rule_view_cols[o->sel[k]],
				     &rs->r[i]);
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
