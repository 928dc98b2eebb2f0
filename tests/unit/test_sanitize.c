/* Text escaping and the lossless JSON rule, on hostile byte strings. */
#include <criterion/criterion.h>
#include <string.h>

#include "util/sanitize.h"

static char *text(const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	out_text_escape(&sb, s, len);
	return strbuf_detach(&sb, NULL);
}

#define TEXT_IS(in, want)                             \
	do {                                          \
		char *got = text(in, sizeof(in) - 1); \
		cr_assert_str_eq(got, want);          \
		free(got);                            \
	} while (0)

Test(text, plain_passes)
{
	TEXT_IS("bash -c 'ls -l /tmp'", "bash -c 'ls -l /tmp'");
	TEXT_IS("", "");
}

Test(text, esc_and_newline)
{
	TEXT_IS("a\x1b[31mred\nx", "a\\x1b[31mred\\x0ax");
	TEXT_IS("\x7f\t\r", "\\x7f\\x09\\x0d");
}

Test(text, backslash_is_escaped_so_escapes_cannot_be_faked)
{
	TEXT_IS("a\\x1b", "a\\x5cx1b");
	TEXT_IS("s/\\n//", "s/\\x5cn//");
}

Test(text, nul_inside)
{
	TEXT_IS("a\0b", "a\\x00b");
}

Test(text, utf8_kept)
{
	TEXT_IS("caf\xc3\xa9 \xe2\x94\x80 \xf0\x9f\x90\xa7",
		"caf\xc3\xa9 \xe2\x94\x80 \xf0\x9f\x90\xa7");
}

Test(text, invalid_utf8_escaped)
{
	TEXT_IS("\xff\xfe", "\\xff\\xfe");
	TEXT_IS("\xc3", "\\xc3");		    /* truncated sequence */
	TEXT_IS("\xc0\xaf", "\\xc0\\xaf");	    /* overlong '/' */
	TEXT_IS("\xed\xa0\x80", "\\xed\\xa0\\x80"); /* surrogate */
	TEXT_IS("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"); /* > U+10FFFF */
}

Test(text, c1_and_bidi)
{
	TEXT_IS("\xc2\x9b"
		"31m",
		"\\u009b31m"); /* C1 CSI */
	TEXT_IS("abc\xe2\x80\xae"
		"cba",
		"abc\\u202ecba");	    /* RLO */
	TEXT_IS("\xe2\x80\x8b", "\\u200b"); /* zero width space */
	TEXT_IS("\xef\xbb\xbf", "\\ufeff");
	TEXT_IS("\xd8\x9c", "\\u061c");		 /* Arabic letter mark */
	TEXT_IS("\xe3\x85\xa4", "\\u3164");	 /* Hangul filler */
	TEXT_IS("\xf3\xa0\x80\x81", "\\ue0001"); /* language tag */
}

Test(text, needs_escape)
{
	cr_assert(!out_text_needs_escape("plain", 5));
	cr_assert(out_text_needs_escape("a\x1b", 2));
	cr_assert(out_text_needs_escape("\xff", 1));
	cr_assert(!out_text_needs_escape("\xc3\xa9", 2));
}

static void roundtrip(const char *s, size_t len)
{
	struct strbuf enc = STRBUF_INIT, dec = STRBUF_INIT;
	size_t i = 0;
	out_json_encode(&enc, s, len);
	/* The encoding is valid UTF-8 throughout. */
	while (i < enc.len) {
		uint32_t cp;
		size_t n = utf8_decode((unsigned char *)enc.buf + i,
				       enc.len - i, &cp);
		cr_assert(n > 0, "invalid UTF-8 at %zu", i);
		i += n;
	}
	cr_assert_eq(out_json_decode(&dec, enc.buf, enc.len), 0);
	cr_assert_eq(dec.len, len);
	cr_assert(!memcmp(dec.buf, s, len));
	strbuf_release(&enc);
	strbuf_release(&dec);
}

Test(json, valid_utf8_unchanged)
{
	struct strbuf sb = STRBUF_INIT;
	out_json_encode(&sb, "caf\xc3\xa9 \\ \"q\"", 12);
	cr_assert_eq(sb.len, 12);
	cr_assert(!memcmp(sb.buf, "caf\xc3\xa9 \\ \"q\"", 12));
	strbuf_release(&sb);
}

Test(json, invalid_byte_maps_to_pua)
{
	struct strbuf sb = STRBUF_INIT;
	out_json_encode(&sb, "a\xff", 2);
	/* U+10FFFF is F4 8F BF BF. */
	cr_assert_eq(sb.len, 5);
	cr_assert(!memcmp(sb.buf, "a\xf4\x8f\xbf\xbf", 5));
	strbuf_release(&sb);
}

Test(json, reserved_code_points_escaped)
{
	/* A literal U+10FF80 in the input must not decode to byte 0x80. */
	roundtrip("\xf4\x8f\xbe\x80", 4);
	struct strbuf sb = STRBUF_INIT;
	out_json_encode(&sb, "\xf4\x8f\xbe\x80", 4);
	cr_assert_eq(sb.len, 16);
	strbuf_release(&sb);
}

Test(json, roundtrips)
{
	roundtrip("", 0);
	roundtrip("plain", 5);
	roundtrip("\x1b[31m\n\0x", 8);
	roundtrip("\xff\xfe\xc3", 3);
	roundtrip("\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80", 9);
	roundtrip("\xf4\x8f\xbf\xbf\xf4\x8f\xbc\x80", 8);
	roundtrip("ok \xe2\x82\xac \x80", 7);
}

Test(json, all_byte_pairs_roundtrip)
{
	unsigned a, b;
	char s[3];
	for (a = 0; a < 256; a++)
		for (b = 0; b < 256; b++) {
			s[0] = (char)a, s[1] = (char)b, s[2] = (char)0xbf;
			roundtrip(s, 3);
		}
}

Test(json, decode_rejects_invalid)
{
	struct strbuf sb = STRBUF_INIT;
	cr_assert_neq(out_json_decode(&sb, "\xff", 1), 0);
	strbuf_release(&sb);
}
