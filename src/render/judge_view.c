/* The judge list: ID KIND SCOPE FACETS DESCRIPTION, or JSON. */
#include "render/judge_view.h"

#include <string.h>

#include "render/json.h"
#include "render/table.h"
#include "util/strbuf.h"

static const struct out_col cols[] = {
	{"id", "ID", "id", 6, 0, "", .alias = NULL},
	{"kind", "KIND", "kind", 9, 0, "", .alias = NULL},
	{"scope", "SCOPE", "scope", 7, 0, "", .alias = NULL},
	{"facets", "FACETS", "facets", 0.2, OUT_COL_WRAP, "", .alias = NULL},
	{"description", "DESCRIPTION", "description", 0.5, OUT_COL_TRUNC, "",
	 .alias = NULL},
};

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

int judges_print(FILE *fp, bool json, bool pretty, bool noheadings)
{
	static const int sel[] = {0, 1, 2, 3, 4};
	const struct judge *const *j;
	if (json) {
		struct out_json_stream s = {.fp = fp, .pretty = pretty};
		out_json_begin(&s, "judges");
		for (j = judge_list; *j; j++) {
			struct json_object *o = json_object_new_object();
			json_object_object_add(
				o, "id", json_object_new_string((*j)->id));
			json_object_object_add(
				o, "kind",
				json_object_new_string(
					finding_kind_name((*j)->kind)));
			json_object_object_add(
				o, "scope",
				json_object_new_string(
					(*j)->judge_host ? "host" : "process"));
			json_object_object_add(o, "facets", facets_json(*j));
			json_object_object_add(
				o, "facets_on_demand",
				json_object_new_boolean((*j)->more != NULL));
			json_object_object_add(o, "host_facets",
					       host_facets_json(*j));
			json_object_object_add(
				o, "description",
				json_object_new_string((*j)->summary));
			out_json_item(&s, o);
		}
		return out_json_end(&s);
	} else {
		struct out_table_opts o = {.fp = fp, .noheadings = noheadings};
		struct out_table *tb = out_table_new(&o, cols, sel, 5);
		struct strbuf sb = STRBUF_INIT;
		int r;
		for (j = judge_list; *j; j++) {
			struct out_line *ln = out_table_add(tb, NULL);
			const char *kind = finding_kind_name((*j)->kind);
			const char *scope =
				(*j)->judge_host ? "host" : "process";
			out_line_set(ln, 0, (*j)->id, strlen((*j)->id));
			out_line_set(ln, 1, kind, strlen(kind));
			out_line_set(ln, 2, scope, strlen(scope));
			strbuf_reset(&sb);
			facets_text(&sb, *j);
			out_line_set(ln, 3, sb.buf, sb.len);
			out_line_set(ln, 4, (*j)->summary,
				     strlen((*j)->summary));
		}
		r = out_table_print(tb);
		out_table_free(tb);
		strbuf_release(&sb);
		return r;
	}
}
