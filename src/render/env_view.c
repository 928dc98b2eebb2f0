/* env: NAME and VALUE per variable, redacted where the name says secret;
 * the column table's getters make the text cells and the JSON. */
#include "render/env_view.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "render/colrow.h"
#include "util/strbuf.h"

const int env_cols_default[3] = {EC_PID, EC_NAME, EC_VALUE};

static bool redacted(const struct proc_env *e, size_t i, bool reveal)
{
	return !reveal && e->vars[i].value && env_redacted(e, i);
}

/* The value with what is secret in it withheld: the whole value, or the
 * secret spans alone, so that DATABASE_URL keeps its host. */
static void value_text(struct strbuf *sb, const struct proc_env *e, size_t i,
		       bool reveal, bool ascii)
{
	const struct redactor red = {.reveal = false, .ascii = ascii};
	const struct env_var *v = &e->vars[i];
	size_t judged;
	struct redact_span whole;
	if (!v->value)
		return;
	if (!redacted(e, i, reveal)) {
		strbuf_add(sb, v->value, v->value_len);
		return;
	}
	judged = v->value_len - e->red[i].withheld;
	whole = (struct redact_span){0, judged};
	if (e->red[i].whole)
		redact_spans(&red, sb, v->value, judged, &whole, 1);
	else
		redact_spans(&red, sb, v->value, judged, e->red[i].spans,
			     e->red[i].n);
	if (e->red[i].withheld)
		redact_withheld(&red, sb, e->red[i].withheld);
}

/* One row: variable i of e (pid and comm read e alone). */
struct env_row {
	const struct proc_env *e;
	size_t i;
	bool reveal, ascii;
};

#define ROW ((const struct env_row *)row)
#define VAR (&ROW->e->vars[ROW->i])

static void get_pid(const void *row, struct out_cell *c)
{
	strbuf_addf(&c->text, "%d", (int)ROW->e->pid);
	if (c->want_json)
		c->json = json_object_new_int(ROW->e->pid);
}

static void get_comm(const void *row, struct out_cell *c)
{
	strbuf_addstr(&c->text, ROW->e->comm ? ROW->e->comm : "?");
	if (c->want_json)
		c->json = out_json_str(ROW->e->comm);
}

static void get_via_tid(const void *row, struct out_cell *c)
{
	out_cell_tid(c, ROW->e->via_tid);
}

static void get_name(const void *row, struct out_cell *c)
{
	strbuf_add(&c->text, VAR->name, VAR->name_len);
	if (c->want_json)
		c->json = out_json_strn(VAR->name, VAR->name_len);
}

static void get_value(const void *row, struct out_cell *c)
{
	/* JSON is UTF-8 whatever the locale: its marks are never ASCII. */
	value_text(&c->text, ROW->e, ROW->i, ROW->reveal,
		   ROW->ascii && !c->want_json);
	if (c->want_json)
		c->json = VAR->value ? out_json_strn(c->text.buf, c->text.len)
				     : NULL;
}

static void get_length(const void *row, struct out_cell *c)
{
	strbuf_addf(&c->text, "%zu", VAR->value_len);
	if (c->want_json)
		c->json = json_object_new_uint64(VAR->value_len);
}

static void get_redacted(const void *row, struct out_cell *c)
{
	bool r = redacted(ROW->e, ROW->i, ROW->reveal);
	strbuf_addstr(&c->text, r ? "yes" : "no");
	if (c->want_json)
		c->json = json_object_new_boolean(r);
}

static void get_withheld(const void *row, struct out_cell *c)
{
	size_t w = redacted(ROW->e, ROW->i, ROW->reveal)
			   ? ROW->e->red[ROW->i].withheld
			   : 0;
	strbuf_addf(&c->text, "%zu", w);
	if (c->want_json)
		c->json = json_object_new_uint64(w);
}

const struct out_col env_cols[EC__COUNT] = {
	[EC_PID] = {"pid", "PID", "pid", 5, OUT_COL_RIGHT | OUT_COL_JSON_OUTER,
		    "process id", NULL, OUT_JSON_INT, get_pid, 0},
	[EC_COMM] = {"comm", "COMM", "comm", 0.1,
		     OUT_COL_TRUNC | OUT_COL_JSON_OUTER, "command name", NULL,
		     OUT_JSON_STRING, get_comm, 0},
	[EC_NAME] = {"name", "NAME", "name", 24, OUT_COL_TRUNC, "variable name",
		     NULL, OUT_JSON_STRING, get_name, 0},
	[EC_VALUE] = {"value", "VALUE", "value", 0.6, OUT_COL_TRUNC,
		      "value (redacted where a rule or the name says secret)",
		      NULL, OUT_JSON_STRING, get_value, 0},
	[EC_LENGTH] = {"length", "LEN", "length", 5, OUT_COL_RIGHT,
		       "value length, bytes", NULL, OUT_JSON_INT, get_length,
		       0},
	[EC_REDACTED] = {"redacted", "REDACTED", "redacted", 3, 0,
			 "yes where the value is redacted", NULL, OUT_JSON_BOOL,
			 get_redacted, 0},
	[EC_WITHHELD] = {"withheld", "WITHHELD", "withheld", 6, OUT_COL_RIGHT,
			 "bytes of the value withheld, not judged", NULL,
			 OUT_JSON_INT, get_withheld, 0},
	[EC_VIA_TID] = {"via_tid", "VIA_TID", "via_tid", 7,
			OUT_COL_RIGHT | OUT_COL_JSON_OUTER, VIA_TID_HELP, NULL,
			OUT_JSON_INT, get_via_tid, 0},
};

static void emit_json(struct out_stream *s, const struct proc_env *e,
		      bool reveal)
{
	struct env_row row = {.e = e, .reveal = reveal};
	struct json_object *o = json_object_new_object();
	struct json_object *a = e->err ? NULL : json_object_new_array();
	out_row_json_outer(o, env_cols, EC__COUNT, &row);
	for (row.i = 0; a && row.i < e->n; row.i++)
		json_object_array_add(a,
				      out_row_json(env_cols, EC__COUNT, &row));
	json_object_object_add(o, "env", a);
	json_object_object_add(o, "env_truncated",
			       json_object_new_boolean(e->truncated));
	json_object_object_add(o, "error", out_json_errno(e->err));
	out_stream_json(s, o);
}

static void emit_text(struct out_stream *s, const struct proc_env *e,
		      bool reveal)
{
	struct env_row row = {.e = e, .reveal = reveal, .ascii = s->ascii};
	struct out_table *tb;
	if (!e->n)
		return;
	tb = out_stream_table(s);
	for (row.i = 0; row.i < e->n; row.i++)
		out_row_line(out_table_add(tb, NULL), env_cols, s->sel, s->nsel,
			     &row, -1, NULL);
	out_stream_table_done(s, tb);
}

void env_view_emit(struct out_stream *s, const struct proc_env *e, bool reveal)
{
	if (s->json)
		emit_json(s, e, reveal);
	else
		emit_text(s, e, reveal);
}
