/* The findings column table: for each column its names, header, JSON key
 * and type, the getter that makes both its text cell (of one finding, or
 * of a row that groups the findings of one secret and place) and its JSON
 * value (always one finding's), and its help. The text table is in
 * finding_table.c, the JSON documents in finding_view.c. */
#include "render/finding_view.h"

#include <string.h>

#include "render/json.h"
#include "render/proc_view.h"
#include "util/strbuf.h"

/* Getters: c->text always, c->json when c->want_json. */
#define GETTER(fn) static void fn(const void *row, struct out_cell *c)
#define R ((const struct finding_row *)row)
#define F (R->f)
#define JSON(v)                        \
	do {                           \
		if (c->want_json)      \
			c->json = (v); \
	} while (0)

/* The text of one finding's cell for a column whose cells may differ
 * between the findings of a row (their processes'). */
typedef void one_fn(struct strbuf *sb, const struct finding *f);

/* Member i of r's group, into f. */
static void member(const struct finding_row *r, size_t i, struct finding *f)
{
	if (r->l)
		r->l->get(r->l->src, r->idx[i], f);
	else
		*f = *r->f;
}

/* At most this many pids in a cell, then a count: a secret inherited by
 * a thousand workers is one short row. */
#define PIDS_SHOWN 3

static void pids_cell(struct strbuf *sb, const struct finding_row *r)
{
	size_t i, shown = 0, more = 0;
	pid_t last = 0;
	for (i = 0; i < r->n; i++) {
		struct finding f;
		member(r, i, &f);
		if (!f.pid || (i && f.pid == last))
			continue;
		last = f.pid;
		if (shown == PIDS_SHOWN) {
			more++;
			continue;
		}
		strbuf_addf(sb, "%s%d", shown++ ? "," : "", (int)f.pid);
	}
	if (more)
		strbuf_addf(sb, " (+%zu)", more);
}

/* At most this many different values in a cell. */
#define NAMES_SHOWN 2

/* The cell of a row: its members' own, each different one once
 * ("curl,mysql"), an empty one as "-" when they differ, and " (+more)"
 * when there are more: a row never shows one process's name for
 * another's. */
static void names_cell(struct strbuf *sb, const struct finding_row *r,
		       one_fn *one)
{
	struct strbuf seen[NAMES_SHOWN], t = STRBUF_INIT;
	size_t i, k, n = 0;
	bool more = false;
	for (k = 0; k < NAMES_SHOWN; k++)
		strbuf_init(&seen[k], 0);
	for (i = 0; i < r->n && !more; i++) {
		struct finding f;
		member(r, i, &f);
		strbuf_reset(&t);
		one(&t, &f);
		for (k = 0; k < n && (seen[k].len != t.len ||
				      memcmp(seen[k].buf, t.buf, t.len));
		     k++)
			;
		if (k < n)
			continue;
		if (n == NAMES_SHOWN)
			more = true;
		else
			strbuf_add(&seen[n++], t.buf ? t.buf : "", t.len);
	}
	for (k = 0; k < n; k++) {
		if (k)
			strbuf_addch(sb, ',');
		if (n > 1 && !seen[k].len)
			strbuf_addch(sb, '-');
		else
			strbuf_add(sb, seen[k].buf ? seen[k].buf : "",
				   seen[k].len);
	}
	if (more)
		strbuf_addstr(sb, " (+more)");
	for (k = 0; k < NAMES_SHOWN; k++)
		strbuf_release(&seen[k]);
	strbuf_release(&t);
}

/* The text of a column that may differ within a row: a row of one
 * finding shows its own. The columns of the row key (severity, rule,
 * where, the fingerprint and what follows from it) show the first's. */
static void members_cell(struct strbuf *sb, const struct finding_row *r,
			 one_fn *one)
{
	if (r->n > 1)
		names_cell(sb, r, one);
	else
		one(sb, r->f);
}

static void str_cell(struct strbuf *sb, const char *s)
{
	strbuf_addstr(sb, s ? s : "");
}

/* A string column of one finding's field, text and JSON (lossless:
 * hostile text, as comm). */
#define STR_COLUMN(fn, field)                                            \
	static void fn##_one(struct strbuf *sb, const struct finding *f) \
	{                                                                \
		str_cell(sb, f->field);                                  \
	}                                                                \
	GETTER(fn)                                                       \
	{                                                                \
		members_cell(&c->text, R, fn##_one);                     \
		JSON(out_json_str(F->field));                            \
	}

GETTER(get_severity)
{
	strbuf_addstr(&c->text, severity_name(F->severity));
	JSON(json_object_new_string(severity_name(F->severity)));
}

GETTER(get_rule)
{
	strbuf_addstr(&c->text, F->rule);
	JSON(json_object_new_string(F->rule));
}

GETTER(get_pid)
{
	pids_cell(&c->text, R);
	JSON(F->pid ? json_object_new_int(F->pid) : NULL);
}

STR_COLUMN(get_command, comm)

static void container_one(struct strbuf *sb, const struct finding *f)
{
	if (f->container_name || f->pod_name)
		proc_names_cell(sb, f->pod_namespace, f->pod_name,
				f->container_name);
	else if (f->container)
		strbuf_add(sb, f->container, strnlen(f->container, 12));
	else if (f->pod_uid)
		strbuf_addf(sb, "pod:%.8s", f->pod_uid);
}

GETTER(get_container)
{
	members_cell(&c->text, R, container_one);
	JSON(out_json_str(F->container));
}

/* where, with procsift's own ellipses as "..." when ascii (the same 3
 * bytes); any other U+2026 came from a process and is escaped as such. */
GETTER(get_where)
{
	struct strbuf *sb = &c->text;
	size_t k, at = sb->len, len = strlen(F->where);
	strbuf_add(sb, F->where, len);
	for (k = 0; R->ascii && k < F->where_marks.n; k++)
		if (F->where_marks.off[k] + 3u <= len &&
		    !memcmp(F->where + F->where_marks.off[k], REDACT_MARK_UTF8,
			    3))
			memcpy(sb->buf + at + F->where_marks.off[k],
			       REDACT_MARK_ASCII, 3);
	JSON(out_json_str(F->where));
}

GETTER(get_evidence)
{
	if (F->evidence)
		strbuf_addf(&c->text, "%s len=%zu fp=%s", F->evidence,
			    F->secret_len, F->fingerprint);
	else
		str_cell(&c->text, F->message);
	JSON(out_json_str(F->evidence));
}

static void kind_one(struct strbuf *sb, const struct finding *f)
{
	strbuf_addstr(sb, finding_kind_name(f->kind));
}

GETTER(get_kind)
{
	members_cell(&c->text, R, kind_one);
	JSON(json_object_new_string(finding_kind_name(F->kind)));
}

STR_COLUMN(get_judge, judge)

static void confidence_one(struct strbuf *sb, const struct finding *f)
{
	strbuf_addstr(sb, confidence_name(f->confidence));
}

GETTER(get_confidence)
{
	members_cell(&c->text, R, confidence_one);
	JSON(json_object_new_string(confidence_name(F->confidence)));
}

static void start_ticks_one(struct strbuf *sb, const struct finding *f)
{
	if (f->pid)
		strbuf_addf(sb, "%llu", f->start_ticks);
}

GETTER(get_start_ticks)
{
	members_cell(&c->text, R, start_ticks_one);
	JSON(F->pid ? json_object_new_uint64(F->start_ticks) : NULL);
}

STR_COLUMN(get_pod_uid, pod_uid)
STR_COLUMN(get_container_name, container_name)
STR_COLUMN(get_container_image, container_image)
STR_COLUMN(get_pod_name, pod_name)
STR_COLUMN(get_pod_namespace, pod_namespace)
STR_COLUMN(get_message, message)

GETTER(get_length)
{
	if (F->evidence)
		strbuf_addf(&c->text, "%zu", F->secret_len);
	JSON(F->evidence ? json_object_new_uint64(F->secret_len) : NULL);
}

GETTER(get_fingerprint)
{
	if (F->has_fingerprint)
		strbuf_addstr(&c->text, F->fingerprint);
	JSON(F->has_fingerprint ? json_object_new_string(F->fingerprint)
				: NULL);
}

/* key=value,... (booleans yes or no). */
static void facts_one(struct strbuf *sb, const struct finding *f)
{
	size_t i;
	for (i = 0; i < f->nfacts; i++) {
		const struct finding_fact *x = &f->facts[i];
		strbuf_addf(sb, "%s%s=", i ? "," : "", x->key);
		if (x->type == FACT_STR)
			str_cell(sb, x->str);
		else if (x->type == FACT_INT)
			strbuf_addf(sb, "%lld", (long long)x->num);
		else
			strbuf_addstr(sb, x->num ? "yes" : "no");
	}
}

static struct json_object *facts_json(const struct finding *f)
{
	struct json_object *o = json_object_new_object();
	size_t i;
	for (i = 0; i < f->nfacts; i++) {
		const struct finding_fact *x = &f->facts[i];
		struct json_object *v =
			x->type == FACT_STR   ? out_json_str(x->str)
			: x->type == FACT_INT ? json_object_new_int64(x->num)
					      : json_object_new_boolean(x->num);
		json_object_object_add(o, x->key, v);
	}
	return o;
}

GETTER(get_facts)
{
	members_cell(&c->text, R, facts_one);
	JSON(facts_json(F));
}

static void tags_one(struct strbuf *sb, const struct finding *f)
{
	size_t i;
	for (i = 0; i < f->ntags; i++)
		strbuf_addf(sb, "%s%s", i ? "," : "", f->tags[i]);
}

static struct json_object *tags_json(const struct finding *f)
{
	struct json_object *a = json_object_new_array();
	size_t i;
	for (i = 0; i < f->ntags; i++)
		json_object_array_add(a, json_object_new_string(f->tags[i]));
	return a;
}

GETTER(get_tags)
{
	members_cell(&c->text, R, tags_one);
	JSON(tags_json(F));
}

GETTER(get_group)
{
	char group[13];
	finding_group(F, group);
	strbuf_addstr(&c->text, group);
	JSON(json_object_new_string(group));
}

#define S OUT_JSON_STRING
#define I OUT_JSON_INT

const struct out_col finding_cols[FINDING_NCOLS_ALL] = {
	[FC_SEVERITY] = {"severity", "SEVERITY", "severity", 8, 0,
			 "info, low, medium, high or critical", NULL, S,
			 get_severity, 0},
	[FC_RULE] = {"rule", "RULE", "rule", 0.2, 0,
		     "the rule or check that found it", NULL, S, get_rule, 0},
	[FC_PID] = {"pid", "PID", "pid", 5, OUT_COL_RIGHT | OUT_COL_WRAP,
		    "the processes it was found in (the first 3, then a "
		    "count)",
		    NULL, I, get_pid, 0},
	/* "command" is older than the JSON key: -o comm is the same. */
	[FC_COMMAND] = {"command", "COMMAND", "comm", 0.1, OUT_COL_TRUNC,
			"their command names", "comm", S, get_command, 0},
	[FC_CONTAINER] = {"container", "CONTAINER", "container", 0.1,
			  OUT_COL_TRUNC,
			  "their containers: names where known, else the id",
			  NULL, S, get_container, 0},
	[FC_WHERE] = {"where", "WHERE", "where", 20, OUT_COL_TRUNC,
		      "where in the process it was found (env:NAME, argv[2], "
		      "...)",
		      NULL, S, get_where, 0},
	[FC_EVIDENCE] = {"evidence", "EVIDENCE", "evidence", 0.2, OUT_COL_WRAP,
			 "the redacted secret with its length and "
			 "fingerprint, or the message",
			 NULL, S, get_evidence, 0},
	[FC_KIND] = {"kind", "KIND", "kind", 9, 0,
		     "secret, indicator or posture", NULL, S, get_kind, 0},
	[FC_JUDGE] = {"judge", "JUDGE", "judge", 0.1, 0,
		      "the judge that reported it", NULL, S, get_judge, 0},
	[FC_CONFIDENCE] = {"confidence", "CONFIDENCE", "confidence", 6, 0,
			   "low, medium or high", NULL, S, get_confidence, 0},
	[FC_START_TICKS] = {"start_ticks", "START_TICKS", "start_ticks", 10,
			    OUT_COL_RIGHT | OUT_COL_WRAP,
			    "their start times, clock ticks after boot", NULL,
			    I, get_start_ticks, 0},
	[FC_POD_UID] = {"pod_uid", "POD_UID", "pod_uid", 0.1, OUT_COL_TRUNC,
			"their pods' uids", NULL, S, get_pod_uid, 0},
	[FC_CONTAINER_NAME] = {"container_name", "CONTAINER_NAME",
			       "container_name", 0.1, OUT_COL_TRUNC,
			       "their containers' names, as the runtime "
			       "names them",
			       NULL, S, get_container_name, 0},
	[FC_CONTAINER_IMAGE] = {"container_image", "CONTAINER_IMAGE",
				"container_image", 0.1, OUT_COL_TRUNC,
				"their containers' images", NULL, S,
				get_container_image, 0},
	[FC_POD_NAME] = {"pod_name", "POD_NAME", "pod_name", 0.1, OUT_COL_TRUNC,
			 "their pods' names", NULL, S, get_pod_name, 0},
	[FC_POD_NAMESPACE] = {"pod_namespace", "POD_NAMESPACE", "pod_namespace",
			      0.1, OUT_COL_TRUNC, "their pods' namespaces",
			      NULL, S, get_pod_namespace, 0},
	[FC_MESSAGE] = {"message", "MESSAGE", "message", 0.2, OUT_COL_WRAP,
			"what was found, in one line", NULL, S, get_message, 0},
	[FC_LENGTH] = {"length", "LENGTH", "length", 6, OUT_COL_RIGHT,
		       "the secret's length in bytes", NULL, I, get_length, 0},
	[FC_FINGERPRINT] = {"fingerprint", "FINGERPRINT", "fingerprint", 12, 0,
			    "the secret's keyed fingerprint", NULL, S,
			    get_fingerprint, 0},
	[FC_FACTS] = {"facts", "FACTS", "facts", 0.2, OUT_COL_WRAP,
		      "what the judge measured, as key=value", NULL,
		      OUT_JSON_OBJECT, get_facts, 0},
	[FC_TAGS] = {"tags", "TAGS", "tags", 0.1, OUT_COL_WRAP,
		     "ATT&CK technique ids", NULL, OUT_JSON_ARRAY, get_tags, 0},
	[FC_GROUP] = {"group", "GROUP", "group", 12, 0,
		      "the row key: findings of one secret and place share it",
		      NULL, S, get_group, 0},
};

const int finding_cols_default[FINDING_NCOLS] = {
	FC_SEVERITY,  FC_RULE,	FC_PID,	     FC_COMMAND,
	FC_CONTAINER, FC_WHERE, FC_EVIDENCE,
};

const int finding_cols_json[FINDING_NCOLS_ALL] = {
	FC_KIND,       FC_JUDGE,	 FC_RULE,	    FC_SEVERITY,
	FC_CONFIDENCE, FC_PID,		 FC_START_TICKS,    FC_COMMAND,
	FC_CONTAINER,  FC_POD_UID,	 FC_CONTAINER_NAME, FC_CONTAINER_IMAGE,
	FC_POD_NAME,   FC_POD_NAMESPACE, FC_WHERE,	    FC_MESSAGE,
	FC_EVIDENCE,   FC_LENGTH,	 FC_FINGERPRINT,    FC_FACTS,
	FC_TAGS,       FC_GROUP,
};
