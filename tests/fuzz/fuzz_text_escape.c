/* libFuzzer: text escaping never lets a control byte or invalid UTF-8 out. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i = 0;
	out_text_escape(&sb, (const char *)data, size);
	while (i < sb.len) {
		uint32_t cp;
		size_t n = utf8_decode((unsigned char *)sb.buf + i, sb.len - i,
				       &cp);
		if (!n || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			abort();
		if ((cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			abort();
		i += n;
	}
	if (out_text_needs_escape((const char *)data, size) !=
	    (sb.len != size || memcmp(sb.buf, data, size)))
		abort();
	strbuf_release(&sb);
	return 0;
}
