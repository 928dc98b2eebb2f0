/* JSON through json-c: string construction under the lossless rule and
 * printing. Renderers build json_object trees from the model. */
#ifndef RENDER_JSON_H
#define RENDER_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <json.h>

#include "util/strbuf.h"

/* A new JSON string for s (len bytes, any content) under the lossless
 * rule; NULL s gives a new JSON null (NULL). The caller owns the result. */
struct json_object *out_json_strn(const char *s, size_t len);
struct json_object *out_json_str(const char *s);
/* A new array of strings from a NULL-terminated vector; NULL gives null. */
struct json_object *out_json_strv(char *const *v);

/* A document {"KEY": [ITEM, ...]} written one item at a time, so that a
 * listing of every process never has to be held in memory whole. */
struct out_json_stream {
	FILE *fp;
	bool pretty;
	size_t n; /* items written */
};
void out_json_begin(struct out_json_stream *s, const char *key);
/* The same with the members of lead (may be NULL; released) written
 * before the array: {"etcd": {...}, "secrets": [...], ...}. */
void out_json_begin_with(struct out_json_stream *s, struct json_object *lead,
			 const char *key);
/* Append item as out_json_item would write it (after a separator unless
 * first) to sb, and release it: for rendering pieces of a list on
 * several threads (render/par.h). */
void out_json_append(struct strbuf *sb, struct json_object *item, bool pretty,
		     bool first);

/* Close the array and open the next one, "KEY": [ ... (a second list
 * streamed after the first). */
void out_json_next(struct out_json_stream *s, const char *key);
/* Write item and release it (json_object_put). */
void out_json_item(struct out_json_stream *s, struct json_object *item);
/* Close the array; extra (may be NULL) adds its keys after the array, as
 * in {"processes": [...], "summary": {...}}; it is released. Returns 0,
 * or -EIO when the stream had a write error. */
int out_json_end_with(struct out_json_stream *s, struct json_object *extra);
int out_json_end(struct out_json_stream *s);

/* "EACCES" for err (strerrorname_np: stable across locales, always
 * ASCII), "EUNKNOWN" for a number without a name. */
const char *out_errno_name(int err);
/* A new JSON string with that name, or NULL (JSON null) for err 0. */
struct json_object *out_json_errno(int err);

/* Print obj as one document followed by a newline. Returns 0 or -errno. */
int out_json_print(FILE *fp, struct json_object *obj, bool pretty);

#endif
