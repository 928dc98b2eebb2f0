/* The judge list: ID KIND SCOPE FACETS DESCRIPTION, or JSON. */
#include "render/judge_view.h"

#include <string.h>

#include "render/json.h"
#include "render/table.h"
#include "util/strbuf.h"

const struct out_col judge_view_cols[JUDGE_VIEW_NCOLS] = {
	{"id", "ID", "id", 6, 0, "the judge's id (scan --judge, --skip)",
	 .alias = NULL},
	{"kind", "KIND", "kind", 9, 0, "secret, indicator or posture",
	 .alias = NULL},
	{"scope", "SCOPE", "scope", 7, 0,
	 "process (each snapshot) or host (once, after the walk)",
	 .alias = NULL},
	{"facets", "FACETS", "facets", 0.2, OUT_COL_WRAP,
	 "what it reads of each process", .alias = NULL},
	{"description", "DESCRIPTION", "description", 0.5, OUT_COL_TRUNC,
	 "what it looks for", .alias = NULL},
};
const int judge_view_default[JUDGE_VIEW_NCOLS] = {0, 1, 2, 3, 4};

/* "environ" or "exe,+fds" (+: only for some processes); "-" for none. */
static void facets_text(struct strbuf *sb, const struct judge *j)
{
	int f;
	for (f = 0; f < FACET__COUNT; f++)
		if (j->facets & FACET_BIT(f))
			strbuf_addf(sb, "%s%s", sb->len ? "," : "",
				    facet_name(f));
	if (j->more)
		strbuf_addf(sb, "%s+more", sb->len ? "," : "");
	for (f = 0; f < HOST_FACET__COUNT; f++)
		if (j->host_facets & (1u << f))
			strbuf_addf(sb, "%s%s", sb->len ? "," : "",
				    host_facet_name(1u << f));
	if (!sb->len)
		strbuf_addch(sb, '-');
}

static struct json_object *facets_json(const struct judge *j)
{
	struct json_object *a = json_object_new_array();
	int f;
	for (f = 0; f < FACET__COUNT; f++)
		if (j->facets & FACET_BIT(f))
			json_object_array_add(
				a, json_object_new_string(facet_name(f)));
	return a;
}

/* What a host judge has the walk collect: the same names as the text. */
static struct json_object *host_facets_json(const struct judge *j)
{
	struct json_object *a = json_object_new_array();
	unsigned f;
	for (f = 0; f < HOST_FACET__COUNT; f++)
		if (j->host_facets & (1u << f))
			json_object_array_add(
				a, json_object_new_string(
					   host_facet_name(1u << f)));
	return a;
}

/* Cell col (an index into judge_view_cols) of j, into sb. */
static void cell(struct strbuf *sb, const struct judge *j, int col)
{
	switch (col) {
	case 0:
		strbuf_addstr(sb, j->id);
		break;
	case 1:
		strbuf_addstr(sb, finding_kind_name(j->kind));
		break;
	case 2:
		strbuf_addstr(sb, j->judge_host ? "host" : "process");
		break;
	case 3:
		facets_text(sb, j);
		break;
	default:
		strbuf_addstr(sb, j->summary);
	}
}

int judges_print(const struct judge_view_opts *o)
{
	const struct judge *const *j;
	if (o->json) {
		struct out_json_stream s = {.fp = o->fp, .pretty = o->pretty};
		out_json_begin(&s, "judges");
		for (j = judge_list; *j; j++) {
			struct json_object *jo = json_object_new_object();
			json_object_object_add(
				jo, "id", json_object_new_string((*j)->id));
			json_object_object_add(
				jo, "kind",
				json_object_new_string(
					finding_kind_name((*j)->kind)));
			json_object_object_add(
				jo, "scope",
				json_object_new_string(
					(*j)->judge_host ? "host" : "process"));
			json_object_object_add(jo, "facets", facets_json(*j));
			json_object_object_add(
				jo, "facets_on_demand",
				json_object_new_boolean((*j)->more != NULL));
			json_object_object_add(jo, "host_facets",
					       host_facets_json(*j));
			json_object_object_add(
				jo, "description",
				json_object_new_string((*j)->summary));
			out_json_item(&s, jo);
		}
		return out_json_end(&s);
	} else {
		struct out_table_opts to = {.fp = o->fp,
					    .style = o->style,
					    .ascii = o->ascii,
					    .noheadings = o->noheadings};
		struct out_table *tb =
			out_table_new(&to, judge_view_cols, o->sel, o->nsel);
		struct strbuf sb = STRBUF_INIT;
		size_t k;
		int r;
		for (j = judge_list; *j; j++) {
			struct out_line *ln = out_table_add(tb, NULL);
			for (k = 0; k < o->nsel; k++) {
				strbuf_reset(&sb);
				cell(&sb, *j, o->sel[k]);
				out_line_set(ln, k, sb.buf ? sb.buf : "",
					     sb.len);
			}
		}
		r = out_table_print(tb);
		out_table_free(tb);
		strbuf_release(&sb);
		return r;
	}
}
