/* Parser for /proc/PID/mountinfo lines (proc(5)), one mount per line.
 * Pure and linear: each byte is looked at a constant number of times, and the
 * input is hostile (NULs, no newline, missing "-", huge lines). */
#include "proc/mountinfo.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/parse.h"
#include "util/xalloc.h"

struct span {
	const char *p;
	size_t n;
};

/* Splits a line on single spaces, the kernel's only separator: it escapes
 * spaces, tabs and newlines inside paths, so a raw space always separates. */
struct fields {
	const char *s;
	size_t len, pos;
	bool done;
};

static bool next_field(struct fields *f, struct span *out)
{
	const char *sp;

	if (f->done)
		return false;
	sp = memchr(f->s + f->pos, ' ', f->len - f->pos);
	out->p = f->s + f->pos;
	if (!sp) {
		out->n = f->len - f->pos;
		f->pos = f->len;
		f->done = true;
	} else {
		out->n = (size_t)(sp - out->p);
		f->pos += out->n + 1;
	}
	return true;
}

/* Decimal, digits only (no sign, no spaces), at most max. */
static bool parse_dec(struct span s, unsigned long long max,
		      unsigned long long *v)
{
	uint64_t x;
	if (!parse_dec_u64(s.p, s.n, max, &x))
		return false;
	*v = x;
	return true;
}

static bool is_oct(char c)
{
	return c >= '0' && c <= '7';
}

/* Undo the kernel's mangle(): "\ooo" with three octal digits and a value in
 * 1..0377 becomes that byte. Anything else stays as written, so a hostile or
 * cut escape ("\04" at the end, "\777") is shown, not guessed at. "\000" stays
 * too: a NUL would silently cut the C string, and the kernel never writes it.
 */
static char *decode(struct span s)
{
	char *out = xmalloc(s.n + 1), *o = out;

	for (size_t i = 0; i < s.n; i++) {
		if (s.p[i] == '\\' && s.n - i >= 4 && is_oct(s.p[i + 1]) &&
		    is_oct(s.p[i + 2]) && is_oct(s.p[i + 3])) {
			unsigned v = (unsigned)(s.p[i + 1] - '0') * 64 +
				     (unsigned)(s.p[i + 2] - '0') * 8 +
				     (unsigned)(s.p[i + 3] - '0');

			if (v >= 1 && v <= 0377) {
				*o++ = (char)v;
				i += 3;
				continue;
			}
		}
		*o++ = s.p[i];
	}
	*o = '\0';
	return out;
}

static bool span_is(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n == n && memcmp(s.p, lit, n) == 0;
}

int proc_mountinfo_parse_line(const char *line, size_t len,
			      struct mount_entry *out)
{
	struct fields f;
	struct span id, parent, dev, root, mnt, opts, tag, fstype, source;
	struct span major, minor, optional = {line, 0}, super;
	unsigned long long v_id, v_parent, v_major, v_minor;
	const char *colon;

	memset(out, 0, sizeof(*out));
	if (len > 0 && line[len - 1] == '\n')
		len--; /* a caller may hand over the line with its newline */
	/* The kernel escapes newlines and never writes a NUL; the strings we
	 * hand out could not carry one, so such a line is not mountinfo. */
	if (len == 0 || memchr(line, '\0', len) || memchr(line, '\n', len))
		return -EINVAL;
	f = (struct fields){line, len, 0, false};
	if (!next_field(&f, &id) || !next_field(&f, &parent) ||
	    !next_field(&f, &dev) || !next_field(&f, &root) ||
	    !next_field(&f, &mnt) || !next_field(&f, &opts))
		return -EINVAL;
	if (!parse_dec(id, INT_MAX, &v_id) ||
	    !parse_dec(parent, INT_MAX, &v_parent))
		return -EINVAL;
	colon = memchr(dev.p, ':', dev.n);
	if (!colon)
		return -EINVAL;
	major = (struct span){dev.p, (size_t)(colon - dev.p)};
	minor = (struct span){colon + 1, dev.n - major.n - 1};
	if (!parse_dec(major, UINT_MAX, &v_major) ||
	    !parse_dec(minor, UINT_MAX, &v_minor))
		return -EINVAL;
	if (root.n == 0 || mnt.n == 0 || opts.n == 0)
		return -EINVAL;

	/* Optional fields ("shared:1 master:2 ..."), any number, up to a lone
	 * "-". Kept as one raw substring: tags are plain words, never escaped.
	 */
	optional.p = line + f.pos;
	for (;;) {
		if (!next_field(&f, &tag))
			return -EINVAL; /* no separator */
		if (span_is(tag, "-"))
			break;
		if (tag.n == 0)
			return -EINVAL;
		optional.n = (size_t)(tag.p + tag.n - optional.p);
	}
	if (!next_field(&f, &fstype) || fstype.n == 0 ||
	    !next_field(&f, &source) || f.done)
		return -EINVAL;
	/* Super options are the rest of the line: a filesystem's show_options
	 * may print what it likes, and a space there must not lose data. The
	 * source may be empty (a mount(2) with source ""). */
	super = (struct span){line + f.pos, len - f.pos};

	out->id = (int)v_id;
	out->parent_id = (int)v_parent;
	out->major = (unsigned)v_major;
	out->minor = (unsigned)v_minor;
	out->root = decode(root);
	out->mount_point = decode(mnt);
	out->options = xmemdup0(opts.p, opts.n);
	out->optional = xmemdup0(optional.p, optional.n);
	/* The kernel mangles the type too ("fuse.a\040b"); super options are
	 * left raw, since their escapes (\054 for ',') keep the list split. */
	out->fstype = decode(fstype);
	out->source = decode(source);
	out->super_options = xmemdup0(super.p, super.n);
	return 0;
}

void proc_mountinfo_parse(const char *buf, size_t len, struct mount_entry **out,
			  size_t *n, size_t *bad)
{
	struct mount_entry *v = NULL;
	size_t count = 0, alloc = 0, nbad = 0, start = 0;

	/* A NUL ends a line, so a NUL-padded read buffer still parses; empty
	 * lines (the final newline, padding) are not counted as bad. */
	for (size_t i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n' && buf[i] != '\0')
			continue;
		size_t ln = i - start;
		const char *l = buf + start;

		start = i + 1;
		if (ln == 0)
			continue;
		v = xgrow(v, &alloc, count + 1, sizeof(*v));
		if (proc_mountinfo_parse_line(l, ln, &v[count]) == 0)
			count++;
		else
			nbad++;
	}
	*out = v;
	*n = count;
	if (bad)
		*bad = nbad;
}
