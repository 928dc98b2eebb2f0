/* libFuzzer: text escaping never lets a control byte or invalid UTF-8 out,
 * and every backslash in its output starts an escape (\xHH, \uXXXX or
 * \uXXXXX), a literal one included (\x5c). */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* Every backslash at s[0..len) starts \xHH (a byte that could not be shown
 * as itself: a control, DEL, backslash, or no valid UTF-8) or \u and 4 or
 * 5 hex digits (a code point past ASCII). */
static void check_backslashes(const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	while ((p = memchr(p, '\\', (size_t)(end - p)))) {
		size_t i;
		if (end - p >= 4 && p[1] == 'x' && is_hex(p[2]) &&
		    is_hex(p[3])) {
			unsigned v = (unsigned)strtoul((char[]){p[2], p[3], 0},
						       NULL, 16);
			if (v >= 0x20 && v < 0x7f && v != '\\')
				abort(); /* printable ASCII escaped */
			p += 4;
			continue;
		}
		/* A fifth digit cannot be told from a following one. */
		if (end - p < 6 || p[1] != 'u')
			abort();
		for (i = 0; i < 4; i++)
			if (!is_hex(p[2 + i]))
				abort();
		p += 6;
	}
}

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
	check_backslashes(sb.buf, sb.len);
	if (out_text_needs_escape((const char *)data, size) !=
	    (sb.len != size || memcmp(sb.buf, data, size)))
		abort();
	strbuf_release(&sb);
	return 0;
}
