/* Output of per-process views (env, fds, maps) one process at a time: a
 * JSON document streamed item by item, or one text table per process
 * (headings on the first only), so memory stays flat under --all. */
#ifndef RENDER_STREAM_H
#define RENDER_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "render/json.h"
#include "render/table.h"

struct out_stream {
	FILE *fp;
	bool json, pretty, noheadings;
	bool ndjson; /* with json: one object a line, no enclosing document */
	struct out_style style; /* text: raw, pairs, -w, colour */
	bool ascii;   /* text: procsift's own marks in ASCII (the locale is
		       * not UTF-8) */
	size_t width; /* text: cells to fit in, 0: out_fit_width(fp) */
	const struct out_col *cols; /* text columns */
	const int *sel;
	size_t nsel;
	struct out_json_stream js; /* internal */
	bool headed;		   /* internal: a heading was printed */
	int err;		   /* first write error, -errno */
};

void out_stream_begin(struct out_stream *s);
/* A new table for one process's rows (text mode). */
struct out_table *out_stream_table(struct out_stream *s);
/* Print and free it. */
void out_stream_table_done(struct out_stream *s, struct out_table *tb);
/* One process's JSON object (JSON mode); released. */
void out_stream_json(struct out_stream *s, struct json_object *o);
/* Finish; returns 0 or -errno on a write error. */
int out_stream_end(struct out_stream *s);

/* A stream like s that writes one process's output to memory: for
 * rendering processes on worker threads. Close it with out_stream_part_end,
 * which hands back the bytes (*buf, *len; the caller frees *buf). */
void out_stream_part(const struct out_stream *s, struct out_stream *part,
		     char **buf, size_t *len);
int out_stream_part_end(struct out_stream *part);
/* Append one process's part to s in order: JSON items get their
 * separators here; of the text tables only the first keeps its heading. */
void out_stream_splice(struct out_stream *s, const char *buf, size_t len);

/* Set cell i of ln to text (raw bytes; escaped on output) / a number. */
void out_cell(struct out_line *ln, size_t i, const char *text);
void out_cell_n(struct out_line *ln, size_t i, const char *text, size_t len);

#endif
