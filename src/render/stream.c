/* Per-process streaming output for env, fds and maps. */
#include "render/stream.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void out_stream_begin(struct out_stream *s)
{
	s->js.fp = s->fp;
	s->js.pretty = s->pretty;
	if (s->json && !s->ndjson)
		out_json_begin(&s->js, "processes");
}

struct out_table *out_stream_table(struct out_stream *s)
{
	struct out_table_opts o = {
		.fp = s->fp,
		.ascii = s->ascii,
		.style = s->style,
		.noheadings = s->noheadings || s->headed,
		.width = s->width,
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
	if (s->ndjson) {
		int r = out_json_print(s->fp, o, false);
		if (r && !s->err)
			s->err = r;
		json_object_put(o);
		return;
	}
	out_json_item(&s->js, o);
}

int out_stream_end(struct out_stream *s)
{
	int r = s->json && !s->ndjson ? out_json_end(&s->js) : 0;
	if (!s->err && ferror(s->fp))
		s->err = -EIO;
	return s->err ? s->err : r;
}

void out_stream_part(const struct out_stream *s, struct out_stream *part,
		     char **buf, size_t *len)
{
	*part = *s;
	/* The part is shown where s goes: fit its width, not memory's. */
	if (!s->json && !part->width)
		part->width = out_fit_width(s->fp);
	*buf = NULL;
	*len = 0;
	part->fp = open_memstream(buf, len);
	if (!part->fp)
		abort();
	part->js.fp = part->fp;
	part->js.pretty = part->pretty;
	part->js.n = 0;
	part->headed = false;
	part->err = 0;
}

int out_stream_part_end(struct out_stream *part)
{
	/* open_memstream only fails to flush when out of memory. */
	if (fclose(part->fp))
		abort();
	return part->err;
}

void out_stream_splice(struct out_stream *s, const char *buf, size_t len)
{
	if (!len)
		return;
	if (s->ndjson) {
		/* Whole lines already. */
	} else if (s->json) {
		if (s->js.n++)
			fputs(s->pretty ? ",\n" : ",", s->fp);
	} else if (!s->noheadings && s->style.format != OUT_FMT_PAIRS) {
		/* Each part was rendered with its heading line: keep the
		 * first only. */
		if (s->headed) {
			const char *nl = memchr(buf, '\n', len);
			size_t skip = nl ? (size_t)(nl + 1 - buf) : len;
			buf += skip;
			len -= skip;
		}
		s->headed = true;
	}
	fwrite(buf, 1, len, s->fp);
}

void out_cell(struct out_line *ln, size_t i, const char *text)
{
	out_line_set(ln, i, text, strlen(text));
}

void out_cell_n(struct out_line *ln, size_t i, const char *text, size_t len)
{
	out_line_set(ln, i, text, len);
}
