/* The judge list: ID KIND SCOPE FACETS DESCRIPTION (or the columns of -o),
 * or JSON, both from the column table's getters. */
#include "render/judge_view.h"

#include <string.h>

#include "render/colrow.h"
#include "render/json.h"
#include "render/table.h"
#include "util/strbuf.h"

#define J ((const struct judge *)row)

static void get_id(const void *row, struct out_cell *c)
{
	strbuf_addstr(&c->text, J->id);
	if (c->want_json)
		c->json = json_object_new_string(J->id);
}

static void get_kind(const void *row, struct out_cell *c)
{
	const char *k = finding_kind_name(J->kind);
	strbuf_addstr(&c->text, k);
	if (c->want_json)
		c->json = json_object_new_string(k);
}

static void get_scope(const void *row, struct out_cell *c)
{
	const char *s = J->judge_host ? "host" : "process";
	strbuf_addstr(&c->text, s);
	if (c->want_json)
		c->json = json_object_new_string(s);
}

/* A list of names: comma-separated in text, "-" for none; an array. */
static void add_name(struct out_cell *c, const char *name)
{
	if (c->text.len)
		strbuf_addch(&c->text, ',');
	strbuf_addstr(&c->text, name);
	if (c->json)
		json_object_array_add(c->json, json_object_new_string(name));
}

static void get_facets(const void *row, struct out_cell *c)
{
	int f;
	if (c->want_json)
		c->json = json_object_new_array();
	for (f = 0; f < FACET__COUNT; f++)
		if (J->facets & FACET_BIT(f))
			add_name(c, facet_name(f));
	if (!c->text.len)
		strbuf_addch(&c->text, '-');
}

static void get_on_demand(const void *row, struct out_cell *c)
{
	strbuf_addstr(&c->text, J->more ? "yes" : "no");
	if (c->want_json)
		c->json = json_object_new_boolean(J->more != NULL);
}

/* What a host judge has the walk collect. */
static void get_host_facets(const void *row, struct out_cell *c)
{
	unsigned f;
	if (c->want_json)
		c->json = json_object_new_array();
	for (f = 0; f < HOST_FACET__COUNT; f++)
		if (J->host_facets & (1u << f))
			add_name(c, host_facet_name(1u << f));
	if (!c->text.len)
		strbuf_addch(&c->text, '-');
}

static void get_description(const void *row, struct out_cell *c)
{
	strbuf_addstr(&c->text, J->summary);
	if (c->want_json)
		c->json = json_object_new_string(J->summary);
}

const struct out_col judge_view_cols[JC__COUNT] = {
	[JC_ID] = {"id", "ID", "id", 6, 0,
		   "the judge's id (scan --judge, --skip)", NULL,
		   OUT_JSON_STRING, get_id, 0},
	[JC_KIND] = {"kind", "KIND", "kind", 9, 0,
		     "secret, indicator or posture", NULL, OUT_JSON_STRING,
		     get_kind, 0},
	[JC_SCOPE] = {"scope", "SCOPE", "scope", 7, 0,
		      "process (each snapshot) or host (once, after the walk)",
		      NULL, OUT_JSON_STRING, get_scope, 0},
	[JC_FACETS] = {"facets", "FACETS", "facets", 0.2, OUT_COL_WRAP,
		       "what it reads of each process", NULL, OUT_JSON_ARRAY,
		       get_facets, 0},
	[JC_ON_DEMAND] = {"facets_on_demand", "MORE", "facets_on_demand", 4, 0,
			  "yes where it reads more of some processes", "more",
			  OUT_JSON_BOOL, get_on_demand, 0},
	[JC_HOST_FACETS] = {"host_facets", "HOST_FACETS", "host_facets", 0.15,
			    OUT_COL_WRAP,
			    "what a host judge has the walk collect", NULL,
			    OUT_JSON_ARRAY, get_host_facets, 0},
	[JC_DESCRIPTION] = {"description", "DESCRIPTION", "description", 0.5,
			    OUT_COL_TRUNC, "what it looks for", NULL,
			    OUT_JSON_STRING, get_description, 0},
};
const int judge_view_default[] = {JC_ID, JC_KIND, JC_SCOPE, JC_FACETS,
				  JC_DESCRIPTION};
const size_t judge_view_ndefault =
	sizeof(judge_view_default) / sizeof(judge_view_default[0]);

int judges_print(const struct out_list_opts *o)
{
	const struct judge *const *j;
	struct out_table_opts to = {.fp = o->fp,
				    .style = o->style,
				    .ascii = o->ascii,
				    .noheadings = o->noheadings};
	struct out_table *tb;
	int r;
	if (o->json) {
		struct out_json_stream s = {.fp = o->fp, .pretty = o->pretty};
		out_json_begin(&s, "judges");
		for (j = judge_list; *j; j++)
			out_json_item(&s, out_row_json(judge_view_cols,
						       JC__COUNT, *j));
		return out_json_end(&s);
	}
	tb = out_table_new(&to, judge_view_cols, o->sel, o->nsel);
	for (j = judge_list; *j; j++)
		out_row_line(out_table_add(tb, NULL), judge_view_cols, o->sel,
			     o->nsel, *j, -1, NULL);
	r = out_table_print(tb);
	out_table_free(tb);
	return r;
}
