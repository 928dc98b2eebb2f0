/* libFuzzer: the JSON string rule always gives valid UTF-8 that json-c
 * serialises and that decodes back to the exact input bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "render/json.h"
#include "util/sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf enc = STRBUF_INIT, dec = STRBUF_INIT;
	struct json_object *o, *back;
	const char *text;
	size_t i = 0;

	out_json_encode(&enc, (const char *)data, size);
	while (i < enc.len) {
		uint32_t cp;
		size_t n = utf8_decode((unsigned char *)enc.buf + i,
				       enc.len - i, &cp);
		if (!n)
			abort();
		i += n;
	}
	if (out_json_decode(&dec, enc.buf, enc.len) || dec.len != size ||
	    (size && memcmp(dec.buf, data, size)))
		abort();

	/* Through json-c and back: the document parses to the same string. */
	o = out_json_strn((const char *)data, size);
	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	back = json_tokener_parse(text);
	if (!back || json_object_get_string_len(back) != (int)enc.len ||
	    memcmp(json_object_get_string(back), enc.buf, enc.len))
		abort();
	json_object_put(back);
	json_object_put(o);
	strbuf_release(&enc);
	strbuf_release(&dec);
	return 0;
}
