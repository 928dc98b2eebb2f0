/* json-c helpers: every string from /proc goes through the lossless rule. */
#include "render/json.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "util/sanitize.h"
#include "util/strbuf.h"

static int flags_of(bool pretty)
{
	return JSON_C_TO_STRING_NOSLASHESCAPE |
	       (pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED
		       : JSON_C_TO_STRING_PLAIN);
}

struct json_object *out_json_strn(const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_object *o;
	size_t i;
	if (!s)
		return NULL;
	/* ASCII is its own encoding: no copy through a buffer. */
	for (i = 0; i < len && !(s[i] & 0x80); i++)
		;
	if (i == len && len <= INT_MAX)
		return json_object_new_string_len(s, (int)len);
	out_json_encode(&sb, s, len);
	o = json_object_new_string_len(sb.buf, (int)sb.len);
	strbuf_release(&sb);
	return o;
}

struct json_object *out_json_str(const char *s)
{
	return s ? out_json_strn(s, strlen(s)) : NULL;
}

struct json_object *out_json_strv(char *const *v)
{
	struct json_object *a;
	if (!v)
		return NULL;
	a = json_object_new_array();
	for (; *v; v++)
		json_object_array_add(a, out_json_str(*v));
	return a;
}

int out_json_print(FILE *fp, struct json_object *obj, bool pretty)
{
	size_t len;
	const char *s =
		json_object_to_json_string_length(obj, flags_of(pretty), &len);
	if (!s)
		return -ENOMEM;
	if (fwrite(s, 1, len, fp) != len || fputc('\n', fp) == EOF)
		return -errno;
	return 0;
}

/* Write the keys of obj (may be NULL) as members: ",KEY:VALUE" each, the
 * first without its comma when lead. */
static void members(struct out_json_stream *s, struct json_object *obj,
		    bool lead)
{
	if (!obj)
		return;
	json_object_object_foreach(obj, key, val)
	{
		struct json_object *k = json_object_new_string(key);
		if (!lead)
			fputs(",", s->fp);
		fprintf(s->fp, s->pretty ? "\n  %s: %s" : "%s:%s",
			json_object_to_json_string_ext(k, flags_of(false)),
			json_object_to_json_string_ext(val,
						       flags_of(s->pretty)));
		json_object_put(k);
		lead = false;
	}
}

void out_json_begin_with(struct out_json_stream *s, struct json_object *lead,
			 const char *key)
{
	struct json_object *k = json_object_new_string(key);
	bool any = lead && json_object_object_length(lead);
	fputs("{", s->fp);
	members(s, lead, true);
	/* The key through json-c too, so it is escaped like any other. */
	fprintf(s->fp, s->pretty ? "%s\n  %s: [\n" : "%s%s:[", any ? "," : "",
		json_object_to_json_string_ext(k, flags_of(false)));
	json_object_put(k);
	if (lead)
		json_object_put(lead);
	s->n = 0;
}

void out_json_begin(struct out_json_stream *s, const char *key)
{
	out_json_begin_with(s, NULL, key);
}

void out_json_next(struct out_json_stream *s, const char *key)
{
	struct json_object *k = json_object_new_string(key);
	fprintf(s->fp, s->pretty ? "\n  ],\n  %s: [\n" : "],%s:[",
		json_object_to_json_string_ext(k, flags_of(false)));
	json_object_put(k);
	s->n = 0;
}

void out_json_append(struct strbuf *sb, struct json_object *item, bool pretty,
		     bool first)
{
	size_t len;
	const char *text =
		json_object_to_json_string_length(item, flags_of(pretty), &len);
	if (!first)
		strbuf_addstr(sb, pretty ? ",\n" : ",");
	strbuf_add(sb, text ? text : "null", text ? len : 4);
	json_object_put(item);
}

void out_json_item(struct out_json_stream *s, struct json_object *item)
{
	if (s->n++)
		fputs(s->pretty ? ",\n" : ",", s->fp);
	fputs(json_object_to_json_string_ext(item, flags_of(s->pretty)), s->fp);
	json_object_put(item);
}

int out_json_end_with(struct out_json_stream *s, struct json_object *extra)
{
	fputs(s->pretty ? "\n  ]" : "]", s->fp);
	members(s, extra, false);
	if (extra)
		json_object_put(extra);
	fputs(s->pretty ? "\n}\n" : "}\n", s->fp);
	return ferror(s->fp) ? -EIO : 0;
}

int out_json_end(struct out_json_stream *s)
{
	return out_json_end_with(s, NULL);
}

const char *out_errno_name(int err)
{
	const char *n = strerrorname_np(err);
	return n ? n : "EUNKNOWN";
}

struct json_object *out_json_errno(int err)
{
	return err ? json_object_new_string(out_errno_name(err)) : NULL;
}
