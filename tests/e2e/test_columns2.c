/* Derived from the column tables of judges (judge_view_cols) and rules
 * list (rule_view_cols), as test_columns.c is for ps and env: every
 * column is shown in text, --raw and --pairs under its header or name
 * with the same cell, and its JSON key is in --json with the declared
 * type and a value that agrees with the cell. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "columnkit.h"
#include "helpers.h"
#include "render/judge_view.h"
#include "render/rule_view.h"

/* The command under test: argv up to the output options. */
struct view {
	const char *const *args;
	size_t nargs;
};

/* Run v with fmt's flag and -o col; the result's stdout into r. */
static void run(const struct view *v, const char *flag, const char *col,
		struct e2e_result *r)
{
	const char *argv[16];
	size_t i;
	cr_assert(v->nargs + 4 < sizeof(argv) / sizeof(argv[0]));
	for (i = 0; i < v->nargs; i++)
		argv[i] = v->args[i];
	argv[i++] = flag;
	argv[i++] = "-o";
	argv[i++] = col;
	argv[i] = NULL;
	e2e_procsift(r, NULL, argv);
	E2E_EXPECT_STATUS(r, 0, col);
}

/* The cell of column c on row n in fmt ("text", "raw" or "pairs"). */
static void cell(const struct view *v, const struct out_col *c, int n,
		 const char *fmt, struct strbuf *val)
{
	struct e2e_result r;
	struct strbuf line = STRBUF_INIT, key = STRBUF_INIT;
	const char *p;
	run(v,
	    !strcmp(fmt, "raw")	    ? "-r"
	    : !strcmp(fmt, "pairs") ? "-P"
				    : "-w",
	    c->name, &r);
	if (!strcmp(fmt, "pairs")) {
		nth_line(&r.out, n, &line);
		for (p = c->name; *p; p++)
			strbuf_addch(&key, isalnum((unsigned char)*p)
						   ? toupper((unsigned char)*p)
						   : '_');
		strbuf_addstr(&key, "=\"");
		cr_assert(!strncmp(line.buf, key.buf, key.len) &&
				  line.buf[line.len - 1] == '"',
			  "%s pairs: want %s...\", got %s", c->name, key.buf,
			  line.buf);
		unescape(line.buf + key.len, line.len - key.len - 1, val);
	} else {
		nth_line(&r.out, 0, &line);
		trim(&line);
		cr_expect_str_eq(line.buf, c->header, "%s %s: header %s",
				 c->name, fmt, line.buf);
		nth_line(&r.out, n + 1, &line);
		if (!strcmp(fmt, "raw")) {
			unescape(line.buf, line.len, val);
		} else {
			trim(&line);
			strbuf_reset(val);
			strbuf_add(val, line.buf, line.len);
		}
	}
	strbuf_release(&line);
	strbuf_release(&key);
	e2e_result_release(&r);
}

static const enum json_type json_types[] = {
	[OUT_JSON_STRING] = json_type_string,
	[OUT_JSON_INT] = json_type_int,
	[OUT_JSON_BOOL] = json_type_boolean,
	[OUT_JSON_ARRAY] = json_type_array,
	[OUT_JSON_OBJECT] = json_type_object,
	[OUT_JSON_DOUBLE] = json_type_double,
};

/* The items of array a joined by sep, into sb. */
static void joined(struct strbuf *sb, struct json_object *a, const char *sep)
{
	size_t i;
	strbuf_reset(sb);
	for (i = 0; i < json_object_array_length(a); i++)
		strbuf_addf(sb, "%s%s", i ? sep : "",
			    json_object_get_string(
				    json_object_array_get_idx(a, i)));
}

/* The text cell agrees with the JSON value v of column c. */
static void agree(const struct out_col *c, const char *text,
		  struct json_object *v)
{
	struct strbuf comma = STRBUF_INIT, space = STRBUF_INIT;
	if (!v) {
		cr_expect(!*text || !strcmp(text, "-"),
			  "%s: JSON null, text \"%s\"", c->name, text);
		return;
	}
	cr_expect_eq(json_object_get_type(v), json_types[c->jtype],
		     "%s: JSON type %s", c->name,
		     json_type_to_name(json_object_get_type(v)));
	switch (c->jtype) {
	case OUT_JSON_INT:
		cr_expect_eq(strtoll(text, NULL, 10), json_object_get_int64(v),
			     "%s: text %s", c->name, text);
		break;
	case OUT_JSON_DOUBLE:
		cr_expect_eq(strtod(text, NULL), json_object_get_double(v),
			     "%s: text %s", c->name, text);
		break;
	case OUT_JSON_STRING:
		cr_expect_str_eq(text, json_object_get_string(v), "%s",
				 c->name);
		break;
	case OUT_JSON_BOOL:
		cr_expect_str_eq(text,
				 json_object_get_boolean(v) ? "yes" : "no",
				 "%s", c->name);
		break;
	case OUT_JSON_ARRAY: /* joined by commas or spaces; - for none */
		joined(&comma, v, ",");
		joined(&space, v, " ");
		cr_expect(
			!strcmp(text, comma.buf) || !strcmp(text, space.buf) ||
				(!comma.len && !strcmp(text, "-")),
			"%s: text \"%s\", JSON [%s]", c->name, text, comma.buf);
		break;
	default: /* objects: their text is a summary */
		break;
	}
	strbuf_release(&comma);
	strbuf_release(&space);
}

/* A suite timeout, not a test's: see columns3. */
TestSuite(columns2, .timeout = 180);

/* Every column of defs on row n of v against item n of the JSON array
 * key of the document v prints with --json, validated against schema. */
static void check_view(const struct view *v, const char *schema,
		       const char *key, const struct out_col *defs,
		       size_t ndefs, int n)
{
	struct e2e_result r;
	struct json_object *doc, *items, *item;
	struct strbuf text = STRBUF_INIT, raw = STRBUF_INIT,
		      pairs = STRBUF_INIT;
	size_t i;

	run(v, "--json", defs[0].name, &r);
	e2e_validate(schema, &r.out);
	doc = e2e_json_parse(&r.out);
	cr_assert(json_object_object_get_ex(doc, key, &items));
	item = json_object_array_get_idx(items, (size_t)n);
	cr_assert(item, "no item %d", n);
	e2e_result_release(&r);

	for (i = 0; i < ndefs; i++) {
		const struct out_col *c = &defs[i];
		struct json_object *jv = NULL;
		cr_assert(c->get && c->json && c->jtype != OUT_JSON_ANY,
			  "%s: no getter, JSON key or type", c->name);
		cr_expect(!strcmp(c->name, c->json) ||
				  (c->flags & OUT_COL_JSON_ALSO),
			  "%s: JSON key %s", c->name, c->json);
		cell(v, c, n, "text", &text);
		cell(v, c, n, "raw", &raw);
		cell(v, c, n, "pairs", &pairs);
		cr_expect(json_object_object_get_ex(item, c->json, &jv),
			  "%s: no JSON key %s", c->name, c->json);
		cr_expect_str_eq(raw.buf, text.buf, "%s: raw", c->name);
		cr_expect_str_eq(pairs.buf, text.buf, "%s: pairs", c->name);
		if (!(c->flags & OUT_COL_JSON_ALSO))
			agree(c, text.buf, jv);
	}
	/* Every key of the object is some column's. */
	json_object_object_foreach(item, k, val)
	{
		(void)val;
		cr_expect_geq(out_col_find(defs, ndefs, k, strlen(k)), 0,
			      "JSON key %s has no column", k);
	}
	strbuf_release(&text);
	strbuf_release(&raw);
	strbuf_release(&pairs);
	json_object_put(doc);
}

Test(columns2, every_judges_column_in_every_format)
{
	static const char *const args[] = {"judges"};
	const struct view v = {args, 1};
	/* env (a process judge) and etcd (a host judge with facets). */
	check_view(&v, "judges", "judges", judge_view_cols, JC__COUNT, 0);
	check_view(&v, "judges", "judges", judge_view_cols, JC__COUNT, 2);
}

/* One rule with every field set, its description with a backslash. */
#define FULL_RULE                                          \
	"rules:\n"                                         \
	"  - id: team-token\n"                             \
	"    description: Team token \\ internal\n"        \
	"    severity: high\n"                             \
	"    confidence: high\n"                           \
	"    targets: [env, text]\n"                       \
	"    keywords: [team_, tok_]\n"                    \
	"    regex: '\\b(team|tok)_([0-9]{8})\\b'\n"       \
	"    secret_group: 2\n"                            \
	"    env_name: '^TEAM_'\n"                         \
	"    env_name_exclude: '_FILE$'\n"                 \
	"    min_entropy: 1.5\n"                           \
	"    allowlist:\n"                                 \
	"      regexes: ['^00000000$']\n"                  \
	"      stopwords: [example]\n"                     \
	"    references: ['https://team.example/tokens', " \
	"'https://team.example/more']\n"                   \
	"    examples: ['TEAM_TOKEN=team_12345678', "      \
	"'TEAM_KEY=tok_87654321']\n"                       \
	"    negative_examples: ['TEAM_TOKEN=team_00000000']\n"

Test(columns2, every_rules_column_in_every_format)
{
	char path[] = "/tmp/procsift-cols2-XXXXXX.yaml";
	int fd = mkstemps(path, 5);
	const char *const args[] = {"rules", "list", "--no-builtin-rules",
				    "--rules", path};
	const struct view v = {args, 5};
	struct e2e_result r;
	cr_assert(fd >= 0, "mkstemps: %s", strerror(errno));
	cr_assert(write(fd, FULL_RULE, strlen(FULL_RULE)) ==
		  (ssize_t)strlen(FULL_RULE));
	close(fd);
	check_view(&v, "rules", "rules", rule_view_cols, RC__COUNT, 0);
	/* A few cells known without procsift. */
	run(&v, "-P", "nexamples,min_entropy,allowlist,description", &r);
	cr_expect(strstr(r.out.buf,
			 "NEXAMPLES=\"2\" MIN_ENTROPY=\"1.5\" "
			 "ALLOWLIST=\"1 regexes, 1 stopwords\" "
			 "DESCRIPTION=\"Team token \\x5c internal\""),
		  "%s", r.out.buf);
	e2e_result_release(&r);
	unlink(path);
}
