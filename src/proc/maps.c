/* /proc/PID/maps lines: "start-end perms offset maj:min inode   path".
 * Strict about the fixed fields the kernel writes, linear in the input, and
 * never reads past len: a line may be hostile or cut short. */
#include "proc/maps.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "util/parse.h"

#define DELETED_SUFFIX " (deleted)"
#define MEMFD_PREFIX "/memfd:"

struct cursor {
	const char *p, *end;
};

/* One or more hex digits that fit in max; leading zeros are allowed, so the
 * check is on the value, not the digit count. */
static int take_hex(struct cursor *c, uint64_t max, uint64_t *out)
{
	const char *s = c->p;
	uint64_t v = 0;
	int d;

	while (c->p < c->end && (d = parse_hex_digit(*c->p)) >= 0) {
		if ((uint64_t)d > max || v > (max - (uint64_t)d) / 16)
			return -EINVAL;
		v = v * 16 + (uint64_t)d;
		c->p++;
	}
	if (c->p == s)
		return -EINVAL;
	*out = v;
	return 0;
}

static int take_dec(struct cursor *c, uint64_t *out)
{
	const char *s = c->p;
	uint64_t v = 0;

	while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
		uint64_t d = (uint64_t)(*c->p - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -EINVAL;
		v = v * 10 + d;
		c->p++;
	}
	if (c->p == s)
		return -EINVAL;
	*out = v;
	return 0;
}

static int take_char(struct cursor *c, char want)
{
	if (c->p >= c->end || *c->p != want)
		return -EINVAL;
	c->p++;
	return 0;
}

/* The kernel writes exactly [r-][w-][x-][sp]; anything else is not maps. */
static int take_perms(struct cursor *c, char perms[5])
{
	static const char yes[] = "rwx", no[] = "---";
	int i;

	if (c->end - c->p < 4)
		return -EINVAL;
	for (i = 0; i < 3; i++)
		if (c->p[i] != yes[i] && c->p[i] != no[i])
			return -EINVAL;
	if (c->p[3] != 's' && c->p[3] != 'p')
		return -EINVAL;
	memcpy(perms, c->p, 4);
	perms[4] = '\0';
	c->p += 4;
	return 0;
}

static bool path_is(const char *p, size_t n, const char *lit)
{
	return n == strlen(lit) && memcmp(p, lit, n) == 0;
}

static bool path_has_prefix(const char *p, size_t n, const char *lit)
{
	size_t l = strlen(lit);

	return n >= l && memcmp(p, lit, l) == 0;
}

/* A "[name]" pseudo-path. The kernel never adds " (deleted)" to these, and
 * [anon:NAME] cannot hold ']', so the brackets are tested on the raw path. */
static enum map_kind bracket_kind(const char *p, size_t n)
{
	size_t i;

	if (path_is(p, n, "[heap]"))
		return MAP_KIND_HEAP;
	if (path_is(p, n, "[stack]"))
		return MAP_KIND_STACK;
	if (path_is(p, n, "[vdso]") || path_is(p, n, "[vvar]") ||
	    path_is(p, n, "[vvar_vclock]") || path_is(p, n, "[vsyscall]"))
		return MAP_KIND_VDSO;
	/* Kernels before 4.5 named thread stacks "[stack:TID]". */
	if (path_has_prefix(p, n, "[stack:") && n > 8) {
		for (i = 7; i < n - 1; i++)
			if (p[i] < '0' || p[i] > '9')
				return MAP_KIND_OTHER;
		return MAP_KIND_STACK;
	}
	return MAP_KIND_OTHER;
}

static void classify(struct map_entry *e)
{
	const char *p = e->path;
	size_t n = e->path_len, sl = strlen(DELETED_SUFFIX);

	if (!p) {
		e->kind = MAP_KIND_ANON;
		return;
	}
	if (n >= 2 && p[0] == '[' && p[n - 1] == ']') {
		e->kind = bracket_kind(p, n);
		return;
	}
	/* A live file really named "x (deleted)" reads the same: the kernel's
	 * format cannot tell them apart. */
	if (n > sl && memcmp(p + n - sl, DELETED_SUFFIX, sl) == 0) {
		e->deleted = true;
		e->path_len = n -= sl;
	}
	/* A memfd is always unlinked; a live "/memfd:x" is a real file in /. */
	if (e->deleted && path_has_prefix(p, n, MEMFD_PREFIX))
		e->kind = MAP_KIND_MEMFD;
	else if (e->deleted)
		e->kind = MAP_KIND_DELETED;
	else
		e->kind = MAP_KIND_FILE;
}

int proc_maps_parse_line(const char *line, size_t len, struct map_entry *out)
{
	struct cursor c = {line, line + len};
	uint64_t maj, min;

	memset(out, 0, sizeof(*out));
	/* One trailing newline is allowed; any other newline or a NUL means
	 * this is not one maps line (the kernel escapes '\n' in paths). */
	if (len && line[len - 1] == '\n')
		c.end--;
	if (memchr(line, '\n', (size_t)(c.end - line)) ||
	    memchr(line, '\0', (size_t)(c.end - line)))
		return -EINVAL;

	if (take_hex(&c, UINT64_MAX, &out->start) || take_char(&c, '-') ||
	    take_hex(&c, UINT64_MAX, &out->end) || take_char(&c, ' ') ||
	    take_perms(&c, out->perms) || take_char(&c, ' ') ||
	    take_hex(&c, UINT64_MAX, &out->offset) || take_char(&c, ' ') ||
	    take_hex(&c, UINT_MAX, &maj) || take_char(&c, ':') ||
	    take_hex(&c, UINT_MAX, &min) || take_char(&c, ' ') ||
	    take_dec(&c, &out->inode))
		goto invalid;
	out->dev_major = (unsigned)maj;
	out->dev_minor = (unsigned)min;

	/* The path, if any, follows a padding run; anonymous mappings end
	 * with the inode, or with the inode and one space. */
	if (c.p < c.end && *c.p != ' ' && *c.p != '\t')
		goto invalid;
	while (c.p < c.end && (*c.p == ' ' || *c.p == '\t'))
		c.p++;
	if (c.p < c.end) {
		out->path = c.p;
		out->path_len = (size_t)(c.end - c.p);
	}
	classify(out);
	return 0;

invalid:
	memset(out, 0, sizeof(*out));
	return -EINVAL;
}

int proc_maps_each(const char *buf, size_t len,
		   int (*fn)(const struct map_entry *e, void *arg), void *arg,
		   size_t *bad)
{
	const char *p = buf, *end = buf + len;
	struct map_entry e;
	size_t nbad = 0;
	int ret = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		if (proc_maps_parse_line(p, (size_t)(eol - p), &e) == 0) {
			ret = fn(&e, arg);
			if (ret)
				break;
		} else {
			nbad++;
		}
		p = nl ? nl + 1 : end;
	}
	if (bad)
		*bad = nbad;
	return ret;
}
