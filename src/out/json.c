/* json-c helpers: every string from /proc goes through the lossless rule. */
#include "out/json.h"

#include <errno.h>
#include <string.h>

#include "util/sanitize.h"
#include "util/strbuf.h"

struct json_object *out_json_strn(const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_object *o;
	if (!s)
		return NULL;
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
	int fl = JSON_C_TO_STRING_NOSLASHESCAPE |
		 (pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED
			 : JSON_C_TO_STRING_PLAIN);
	size_t len;
	const char *s = json_object_to_json_string_length(obj, fl, &len);
	if (!s)
		return -ENOMEM;
	if (fwrite(s, 1, len, fp) != len || fputc('\n', fp) == EOF)
		return -errno;
	return 0;
}
