/* JSON through json-c: string construction under the lossless rule and
 * printing. Renderers build json_object trees from the model. */
#ifndef OUT_JSON_H
#define OUT_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <json.h>

/* A new JSON string for s (len bytes, any content) under the lossless
 * rule; NULL s gives a new JSON null (NULL). The caller owns the result. */
struct json_object *out_json_strn(const char *s, size_t len);
struct json_object *out_json_str(const char *s);
/* A new array of strings from a NULL-terminated vector; NULL gives null. */
struct json_object *out_json_strv(char *const *v);

/* Print obj as one document followed by a newline. Returns 0 or -errno. */
int out_json_print(FILE *fp, struct json_object *obj, bool pretty);

#endif
