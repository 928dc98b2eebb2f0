/* What the column tests (test_columns.c, test_columns2.c) share: reading
 * one line of a command's output and undoing the escaping of --raw and
 * --pairs. */
#ifndef E2E_COLUMNKIT_H
#define E2E_COLUMNKIT_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "util/strbuf.h"

/* Line n (0-based) of out, without its newline, into line. */
static inline void nth_line(const struct strbuf *out, int n,
			    struct strbuf *line)
{
	const char *s = out->buf, *e;
	strbuf_reset(line);
	while (n-- > 0) {
		s = strchr(s, '\n');
		cr_assert(s, "no line %d in:\n%s", n, out->buf);
		s++;
	}
	e = strchr(s, '\n');
	strbuf_add(line, s, e ? (size_t)(e - s) : strlen(s));
}

static inline void trim(struct strbuf *sb)
{
	size_t a = 0, b = sb->len;
	while (a < b && sb->buf[a] == ' ')
		a++;
	while (b > a && sb->buf[b - 1] == ' ')
		b--;
	memmove(sb->buf, sb->buf + a, b - a);
	sb->len = b - a;
	sb->buf[sb->len] = '\0';
}

/* Undo raw and pairs escaping (\xNN) of len bytes at s into out. */
static inline void unescape(const char *s, size_t len, struct strbuf *out)
{
	size_t i;
	strbuf_reset(out);
	for (i = 0; i < len; i++) {
		unsigned v;
		if (s[i] == '\\' && i + 3 < len && s[i + 1] == 'x' &&
		    sscanf(s + i + 2, "%2x", &v) == 1) {
			strbuf_addch(out, (int)v);
			i += 3;
		} else {
			strbuf_addch(out, s[i]);
		}
	}
}

#endif
