/* Per-process streaming output for env, fds and maps. */
#include "out/stream.h"

#include <errno.h>
#include <string.h>

void out_stream_begin(struct out_stream *s)
{
	s->js.fp = s->fp;
	s->js.pretty = s->pretty;
	if (s->json)
		out_json_begin(&s->js, "processes");
}

struct out_table *out_stream_table(struct out_stream *s)
{
	struct out_table_opts o = {
		.fp = s->fp,
		.noheadings = s->noheadings || s->headed,
	};
	s->headed = true;
	return out_table_new(&o, s->cols, s->sel, s->nsel);
}

void out_stream_table_done(struct out_stream *s, struct out_table *tb)
{
	int r = out_table_print(tb);
	if (r && !s->err)
		s->err = r;
	out_table_free(tb);
}

void out_stream_json(struct out_stream *s, struct json_object *o)
{
	out_json_item(&s->js, o);
}

int out_stream_end(struct out_stream *s)
{
	int r = s->json ? out_json_end(&s->js) : 0;
	if (!s->err && ferror(s->fp))
		s->err = -EIO;
	return s->err ? s->err : r;
}

void out_cell(struct out_line *ln, size_t i, const char *text)
{
	out_line_set(ln, i, text, strlen(text));
}

void out_cell_n(struct out_line *ln, size_t i, const char *text, size_t len)
{
	out_line_set(ln, i, text, len);
}
