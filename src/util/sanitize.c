/* Text escaping and the lossless JSON string rule (see sanitize.h). */
#include "util/sanitize.h"

#include <errno.h>
#include <stdio.h>

#define ESCAPE_BASE 0x10FF00u /* U+10FF00 + byte, for bytes 0x80..0xFF */

size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t n, i;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2, c &= 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3, c &= 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

void utf8_encode(struct strbuf *sb, uint32_t cp)
{
	char b[4];
	size_t n;
	if (cp < 0x80) {
		b[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f)), n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f)), n = 3;
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f)), n = 4;
	}
	strbuf_add(sb, b, n);
}

/* Code points a terminal does not show but that change what is read:
 * C1 controls, zero-width and bidirectional formatting (Trojan Source,
 * the Arabic letter mark), Hangul fillers, line and paragraph separators,
 * interlinear annotation, the BOM and the tag characters. */
static bool invisible(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0xad || cp == 0x061c ||
	       cp == 0x115f || cp == 0x1160 || cp == 0x180e ||
	       (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2060 && cp <= 0x206f) || cp == 0x3164 || cp == 0xfeff ||
	       cp == 0xffa0 || (cp >= 0xfff9 && cp <= 0xfffb) ||
	       (cp >= 0xe0000 && cp <= 0xe007f);
}

size_t utf8_prefix_len(const char *s, size_t len, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (n-- && i < len) {
		uint32_t cp;
		size_t k = utf8_decode(u + i, len - i, &cp);
		i += k ? k : 1;
	}
	return i;
}

/* The bytes of the character at u[i] when it may be shown as it is; 0
 * when it needs an escape (*n is then how many bytes the escape covers:
 * one invalid byte, or one whole code point). */
static size_t safe_at(const unsigned char *u, size_t len, size_t i,
		      uint32_t *cp, size_t *n)
{
	if (u[i] >= 0x20 && u[i] < 0x7f && u[i] != '\\') {
		*cp = u[i];
		*n = 1;
		return 1;
	}
	*n = utf8_decode(u + i, len - i, cp);
	if (*n && *cp >= 0x20 && *cp != 0x7f && *cp != '\\' && !invisible(*cp))
		return *n;
	if (!*n || *cp < 0x80) {
		/* One byte, escaped as \xHH. */
		*cp = u[i];
		*n = 1;
	}
	return 0;
}

bool out_text_needs_escape(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n, k;
	uint32_t cp;
	while (i < len) {
		k = safe_at(u, len, i, &cp, &n);
		if (!k)
			return true;
		i += k;
	}
	return false;
}

void out_text_escape(struct strbuf *sb, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0, n, k;
	uint32_t cp;
	while (i < len) {
		k = safe_at(u, len, i, &cp, &n);
		if (k) {
			i += k;
			continue;
		}
		strbuf_add(sb, s + run, i - run);
		if (n == 1)
			strbuf_addf(sb, "\\x%02x", u[i]);
		else
			strbuf_addf(sb, "\\u%04x", (unsigned)cp);
		i += n;
		run = i;
	}
	strbuf_add(sb, s + run, len - run);
}

void out_json_encode(struct strbuf *sb, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0;
	while (i < len) {
		uint32_t cp;
		size_t n;
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_decode(u + i, len - i, &cp);
		if (n && cp < ESCAPE_BASE + 0x80) {
			i += n;
			continue;
		}
		/* Invalid, or one of the code points the rule reserves:
		 * escape each byte of it so decoding is unambiguous. */
		strbuf_add(sb, s + run, i - run);
		if (!n)
			n = 1;
		for (; n; n--, i++)
			utf8_encode(sb, ESCAPE_BASE + u[i]);
		run = i;
	}
	strbuf_add(sb, s + run, len - run);
}

int out_json_decode(struct strbuf *sb, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(u + i, len - i, &cp);
		if (!n)
			return -EINVAL;
		if (cp >= ESCAPE_BASE + 0x80)
			strbuf_addch(sb, (int)(cp - ESCAPE_BASE));
		else
			strbuf_add(sb, s + i, n);
		i += n;
	}
	return 0;
}
