/* env: NAME and VALUE per variable, redacted where the name says secret. */
#include "render/env_view.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/strbuf.h"

const struct out_col env_cols[EC__COUNT] = {
	[EC_PID] = {"pid", "PID", "pid", 5, OUT_COL_RIGHT, "process id"},
	[EC_COMM] = {"comm", "COMM", "comm", 0.1, OUT_COL_TRUNC,
		     "command name"},
	[EC_NAME] = {"name", "NAME", "name", 24, OUT_COL_TRUNC,
		     "variable name"},
	[EC_VALUE] = {"value", "VALUE", "value", 0.6, OUT_COL_TRUNC,
		      "value (redacted where a rule or the name says secret)"},
	[EC_LENGTH] = {"length", "LEN", "length", 5, OUT_COL_RIGHT,
		       "value length, bytes"},
};

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

static void emit_json(struct out_stream *s, const struct proc_env *e,
		      bool reveal)
{
	struct json_object *o = json_object_new_object();
	struct json_object *a = e->err ? NULL : json_object_new_array();
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	json_object_object_add(o, "pid", json_object_new_int(e->pid));
	json_object_object_add(o, "comm", out_json_str(e->comm));
	for (i = 0; a && i < e->n; i++) {
		const struct env_var *v = &e->vars[i];
		struct json_object *vo = json_object_new_object();
		strbuf_reset(&sb);
		/* JSON is UTF-8 whatever the locale. */
		value_text(&sb, e, i, reveal, false);
		json_object_object_add(vo, "name",
				       out_json_strn(v->name, v->name_len));
		json_object_object_add(vo, "value",
				       v->value ? out_json_strn(sb.buf, sb.len)
						: NULL);
		json_object_object_add(vo, "length",
				       json_object_new_uint64(v->value_len));
		json_object_object_add(
			vo, "redacted",
			json_object_new_boolean(redacted(e, i, reveal)));
		json_object_object_add(
			vo, "withheld",
			json_object_new_uint64(redacted(e, i, reveal)
						       ? e->red[i].withheld
						       : 0));
		json_object_array_add(a, vo);
	}
	json_object_object_add(o, "env", a);
	json_object_object_add(o, "env_truncated",
			       json_object_new_boolean(e->truncated));
	json_object_object_add(o, "error", out_json_errno(e->err));
	strbuf_release(&sb);
	out_stream_json(s, o);
}

static void emit_text(struct out_stream *s, const struct proc_env *e,
		      bool reveal)
{
	struct out_table *tb;
	struct strbuf sb = STRBUF_INIT;
	size_t i, c;
	if (!e->n)
		return;
	tb = out_stream_table(s);
	for (i = 0; i < e->n; i++) {
		const struct env_var *v = &e->vars[i];
		struct out_line *ln = out_table_add(tb, NULL);
		for (c = 0; c < s->nsel; c++) {
			strbuf_reset(&sb);
			switch (s->sel[c]) {
			case EC_PID:
				strbuf_addf(&sb, "%d", (int)e->pid);
				break;
			case EC_COMM:
				strbuf_addstr(&sb, e->comm);
				break;
			case EC_NAME:
				strbuf_add(&sb, v->name, v->name_len);
				break;
			case EC_VALUE:
				value_text(&sb, e, i, reveal, s->ascii);
				break;
			case EC_LENGTH:
				strbuf_addf(&sb, "%zu", v->value_len);
				break;
			}
			out_cell_n(ln, c, sb.buf, sb.len);
		}
	}
	strbuf_release(&sb);
	out_stream_table_done(s, tb);
}

void env_view_emit(struct out_stream *s, const struct proc_env *e, bool reveal)
{
	if (s->json)
		emit_json(s, e, reveal);
	else
		emit_text(s, e, reveal);
}
