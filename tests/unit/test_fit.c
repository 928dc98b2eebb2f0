/* Cutting and wrapping shown cells (render/fit.c) on byte strings: widths
 * of escapes and wide characters, a cut never inside an escape or a
 * character, a wrapped line never ending in half an escape. */
#include <criterion/criterion.h>
#include <locale.h>
#include <string.h>

#include "render/fit.h"

static void utf8(void)
{
	cr_assert(setlocale(LC_ALL, "C.UTF-8"));
}

TestSuite(fit, .init = utf8);

Test(fit, widths)
{
	cr_assert_eq(fit_width("abc", 3), 3);
	cr_assert_eq(fit_width("a\\x1bb", 6), 6);
	cr_assert_eq(fit_width("\\u202e", 6), 6);
	/* A backslash that starts no escape is one cell (never shown
	 * alone, but measured safely). */
	cr_assert_eq(fit_width("\\xZ", 3), 3);
	cr_assert_eq(fit_width("\xe2\x80\xa6", 3), 1);
	cr_assert_eq(fit_width("\xe4\xb8\xad", 3), 2);
}

Test(fit, cut_keeps_escapes_whole)
{
	struct strbuf sb = STRBUF_INIT;
	size_t w;
	/* Every width from 1 to the whole: the result fits, ends in the
	 * mark when cut, and holds only whole escapes. */
	for (w = 1; w <= 24; w++) {
		const char *s = "ab\\x1b[31m\\x0acd\\u202eef";
		const char *p;
		strbuf_reset(&sb);
		fit_cut(&sb, s, w, "...");
		cr_assert_leq(fit_width(sb.buf, sb.len), w, "%zu: %s", w,
			      sb.buf);
		for (p = sb.buf; (p = strchr(p, '\\')); p++)
			cr_assert(
				(p[1] == 'x' && p[2] && p[3] && p[3] != '.') ||
					(p[1] == 'u' && strlen(p) >= 6),
				"%zu: half an escape in %s", w, sb.buf);
	}
	strbuf_reset(&sb);
	fit_cut(&sb, "\\x1b\\x1b", 6, "...");
	cr_assert_str_eq(sb.buf, "...");
	strbuf_release(&sb);
}

Test(fit, wrap_never_splits_an_escape)
{
	struct strbuf sb = STRBUF_INIT;
	size_t w;
	for (w = 4; w <= 20; w++) {
		const char *line;
		strbuf_reset(&sb);
		fit_wrap(&sb, "/tmp/rv/dir\\x1b[31m\\x0aevil\\xff", w);
		for (line = sb.buf; *line;) {
			size_t n = strcspn(line, "\n");
			cr_assert_leq(fit_width(line, n), w, "%zu: %s", w,
				      sb.buf);
			/* No line ends in "\", "\x" or "\xN". */
			cr_assert(!(n >= 1 && line[n - 1] == '\\') &&
					  !(n >= 2 && line[n - 2] == '\\') &&
					  !(n >= 3 && line[n - 3] == '\\'),
				  "%zu: a line ends in half an escape:\n%s", w,
				  sb.buf);
			line += n + (line[n] == '\n');
		}
	}
	strbuf_release(&sb);
}
