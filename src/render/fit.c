/* Cutting and wrapping shown cells to a width, and sharing a line's width
 * among columns (see fit.h). */
#include "render/fit.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <wchar.h>

/* Whether the n bytes at s start with k hex digits. */
static bool hex_run(const char *s, size_t n, size_t k)
{
	size_t i;
	if (n < k)
		return false;
	for (i = 0; i < k; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* Bytes and cells of the character at s (n bytes left). An escape of
 * shown text (\xNN, \uNNNN: a backslash is never shown alone, it is
 * \x5c) is one character, so that a cut or a wrapped line never splits
 * one into a \x at the end of a line and its digits on the next. */
static size_t char_at(const char *s, size_t n, size_t *cells)
{
	mbstate_t st;
	wchar_t wc;
	size_t k;
	int cw;
	if (*s == '\\' && n > 1 &&
	    ((s[1] == 'x' && hex_run(s + 2, n - 2, 2)) ||
	     (s[1] == 'u' && hex_run(s + 2, n - 2, 4)))) {
		*cells = s[1] == 'x' ? 4 : 6;
		return *cells;
	}
	if (!(*s & 0x80)) {
		*cells = 1;
		return 1;
	}
	memset(&st, 0, sizeof(st));
	k = mbrtowc(&wc, s, n, &st);
	if (k == (size_t)-1 || k == (size_t)-2 || !k) {
		*cells = 1;
		return 1;
	}
	cw = wcwidth(wc);
	*cells = cw > 0 ? (size_t)cw : 0;
	return k;
}

size_t fit_width(const char *s, size_t len)
{
	size_t i = 0, w = 0;
	while (i < len) {
		size_t cw;
		i += char_at(s + i, len - i, &cw);
		w += cw;
	}
	return w;
}

/* Bytes of s that fit in width cells (whole characters only). */
static size_t fit_prefix(const char *s, size_t len, size_t width)
{
	size_t i = 0, w = 0;
	while (i < len) {
		size_t cw, k = char_at(s + i, len - i, &cw);
		if (w + cw > width)
			break;
		w += cw;
		i += k;
	}
	return i;
}

void fit_cut(struct strbuf *sb, const char *s, size_t width, const char *mark)
{
	size_t len = strlen(s), mw = fit_width(mark, strlen(mark));
	if (fit_width(s, len) <= width) {
		strbuf_add(sb, s, len);
		return;
	}
	/* Too narrow even for the mark: the mark alone says "cut". */
	if (width <= mw) {
		strbuf_add(sb, mark, fit_prefix(mark, strlen(mark), width));
		return;
	}
	strbuf_add(sb, s, fit_prefix(s, len, width - mw));
	strbuf_addstr(sb, mark);
}

/* Length of the next item of s: up to and including a comma or a space. */
static size_t item_len(const char *s, size_t len)
{
	size_t i;
	for (i = 0; i < len; i++)
		if (s[i] == ',' || s[i] == ' ')
			return i + 1;
	return len;
}

size_t fit_item_width(const char *s)
{
	size_t len = strlen(s), i = 0, widest = 0;
	while (i < len) {
		size_t k = item_len(s + i, len - i);
		size_t w = fit_width(s + i, s[i + k - 1] == ' ' ? k - 1 : k);
		if (w > widest)
			widest = w;
		i += k;
	}
	return widest;
}

void fit_wrap(struct strbuf *sb, const char *s, size_t width)
{
	size_t len = strlen(s), i = 0, line = 0;
	if (!width)
		width = 1;
	while (i < len) {
		size_t k = item_len(s + i, len - i);
		size_t w = fit_width(s + i, k);
		/* A space that ends a line is dropped, not carried over. */
		size_t wt = s[i + k - 1] == ' ' ? w - 1 : w;
		if (line && line + wt > width) {
			while (sb->len && sb->buf[sb->len - 1] == ' ')
				sb->len--;
			sb->buf[sb->len] = '\0';
			strbuf_addch(sb, '\n');
			line = 0;
		}
		if (wt > width) {
			/* A word wider than a line: cut it across lines. */
			size_t p = fit_prefix(s + i, k, width - line);
			if (!p)
				p = 1;
			strbuf_add(sb, s + i, p);
			i += p;
			line = width;
			continue;
		}
		strbuf_add(sb, s + i, k);
		line += w;
		i += k;
	}
}

/* Give the columns of one kind (wraps or not) up to left more cells, by
 * weight: a column that wants less than its share takes what it wants
 * and the others share the rest again. Returns what is left. */
static size_t fill(const struct fit_col *c, size_t n, bool wraps, size_t left,
		   size_t *out)
{
	double weight = 0;
	bool settled;
	size_t i;
	for (i = 0; i < n; i++)
		if (c[i].share > 0 && c[i].wraps == wraps && out[i] < c[i].max)
			weight += c[i].share;
	do {
		settled = false;
		for (i = 0; i < n && weight > 0; i++) {
			size_t want = c[i].max - out[i];
			if (c[i].share <= 0 || c[i].wraps != wraps || !want)
				continue;
			if ((double)want <=
			    (double)left * c[i].share / weight) {
				out[i] = c[i].max;
				left -= want;
				weight -= c[i].share;
				settled = true;
			}
		}
	} while (settled && weight > 0);
	for (i = 0; i < n && weight > 0; i++) {
		size_t w;
		if (c[i].share <= 0 || c[i].wraps != wraps ||
		    out[i] >= c[i].max)
			continue;
		w = (size_t)((double)left * c[i].share / weight);
		weight -= c[i].share;
		left -= w;
		out[i] += w;
	}
	return left;
}

bool fit_share(const struct fit_col *c, size_t n, size_t width, size_t *out)
{
	size_t i, used = n ? n - 1 : 0, left;
	for (i = 0; i < n; i++) {
		out[i] = c[i].max;
		if (c[i].share > 0 && c[i].min < c[i].max)
			out[i] = c[i].min;
		used += out[i];
	}
	if (used > width) {
		/* Even the minimums are too wide: shrink them alike, so that
		 * the line still fits where the key columns leave room. */
		size_t flex = 0;
		for (i = 0; i < n; i++)
			if (c[i].share > 0)
				flex += out[i];
		if (flex && used - flex < width) {
			double scale = (double)(width - (used - flex)) / flex;
			for (i = 0; i < n; i++)
				if (c[i].share > 0 && out[i] > 1) {
					size_t w = (size_t)(out[i] * scale);
					out[i] = w ? w : 1;
				}
		}
		return true;
	}
	left = width - used;
	/* Cutting loses text and wrapping does not: the columns that cut
	 * are filled first. */
	left = fill(c, n, false, left, out);
	fill(c, n, true, left, out);
	for (i = 0; i < n; i++)
		if (out[i] < c[i].max)
			return true;
	return false;
}
