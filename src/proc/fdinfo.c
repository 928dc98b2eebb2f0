/* /proc/PID/fdinfo/N: the four fixed "key:\tvalue" lines every fd has, the
 * type-specific rest kept as one borrowed run, and open-flag names. */
#include "proc/fdinfo.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

/* The kernel always sets O_LARGEFILE on 64-bit, but 64-bit glibc defines
 * it as 0 (meaningless to userspace), so use the kernel's own value. */
#if O_LARGEFILE
#define FDINFO_O_LARGEFILE O_LARGEFILE
#elif defined(__aarch64__) || defined(__arm__)
#define FDINFO_O_LARGEFILE 0400000
#elif defined(__powerpc__)
#define FDINFO_O_LARGEFILE 0200000
#else
#define FDINFO_O_LARGEFILE 0100000
#endif

/* A number after "key:", with blanks either side and nothing else. */
static int value_u64(const char *p, const char *end, unsigned base,
		     uint64_t max, uint64_t *out)
{
	const char *s;
	uint64_t v = 0;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	for (s = p; p < end && *p >= '0' && *p < (char)('0' + base); p++) {
		uint64_t d = (uint64_t)(*p - '0');
		if (d > max || v > (max - d) / base)
			return -EINVAL;
		v = v * base + d;
	}
	if (p == s)
		return -EINVAL;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p != end)
		return -EINVAL;
	*out = v;
	return 0;
}

static const char *after_key(const char *p, const char *end, const char *key)
{
	size_t n = strlen(key);

	if ((size_t)(end - p) < n || memcmp(p, key, n) != 0)
		return NULL;
	return p + n;
}

/* One of the fixed lines, parsed into out. Returns false for any other
 * line, and for a repeat of a key already seen: the first one wins, and
 * the repeat stays visible in extra instead of silently replacing it. */
static bool known_line(const char *p, const char *end, struct fdinfo *out)
{
	const char *v;
	uint64_t n;

	if ((v = after_key(p, end, "pos:")) && !out->has_pos &&
	    !value_u64(v, end, 10, UINT64_MAX, &n)) {
		out->pos = n;
		return out->has_pos = true;
	}
	if ((v = after_key(p, end, "flags:")) && !out->has_flags &&
	    !value_u64(v, end, 8, UINT_MAX, &n)) {
		out->flags = (unsigned)n;
		return out->has_flags = true;
	}
	if ((v = after_key(p, end, "mnt_id:")) && !out->has_mnt_id &&
	    !value_u64(v, end, 10, INT_MAX, &n)) {
		out->mnt_id = (int)n;
		return out->has_mnt_id = true;
	}
	if ((v = after_key(p, end, "ino:")) && !out->has_ino &&
	    !value_u64(v, end, 10, UINT64_MAX, &n)) {
		out->ino = n;
		return out->has_ino = true;
	}
	return false;
}

int proc_fdinfo_parse(const char *buf, size_t len, struct fdinfo *out)
{
	const char *p = buf, *end = buf + len;
	const char *xstart = NULL, *xend = NULL;

	memset(out, 0, sizeof(*out));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		/* extra is one borrowed span, so it runs from the first
		 * unknown line to the end of the last; a fixed line between
		 * two unknown ones (never in kernel output) is inside it. */
		if (eol > p && !known_line(p, eol, out)) {
			if (!xstart)
				xstart = p;
			xend = eol;
		}
		p = nl ? nl + 1 : end;
	}
	if (xstart) {
		out->extra = xstart;
		out->extra_len = (size_t)(xend - xstart);
	}
	return out->has_pos || out->has_flags ? 0 : -EINVAL;
}

static const struct flag_name {
	unsigned mask;
	unsigned unless; /* a wider flag that includes mask and is named */
	const char *name;
} flag_names[] = {
	{O_CREAT, 0, "creat"},
	{O_EXCL, 0, "excl"},
	{O_NOCTTY, 0, "noctty"},
	{O_TRUNC, 0, "trunc"},
	{O_APPEND, 0, "append"},
	{O_NONBLOCK, 0, "nonblock"},
	{O_DSYNC, O_SYNC, "dsync"},
	{FASYNC, 0, "async"},
	{O_DIRECT, 0, "direct"},
	{FDINFO_O_LARGEFILE, 0, "largefile"},
	{O_DIRECTORY, O_TMPFILE, "directory"},
	{O_NOFOLLOW, 0, "nofollow"},
	{O_NOATIME, 0, "noatime"},
	{O_CLOEXEC, 0, "cloexec"},
	{O_SYNC, 0, "sync"},
	{O_PATH, 0, "path"},
	{O_TMPFILE, 0, "tmpfile"},
};

/* Append whole items only: a cut name could read as another flag. Once one
 * does not fit, later ones are dropped too, so the list stays in order. */
static bool add_item(char *out, size_t size, size_t *used, const char *item)
{
	size_t n = strlen(item) + (*used ? 1 : 0);

	if (*used + n >= size)
		return false;
	if (*used)
		out[(*used)++] = ',';
	memcpy(out + *used, item, strlen(item) + 1);
	*used += strlen(item);
	return true;
}

void proc_fdinfo_flag_names(unsigned flags, char *out, size_t size)
{
	static const char *const modes[] = {"rdonly", "wronly", "rdwr"};
	unsigned acc = flags & O_ACCMODE, named = 0;
	char hex[2 + 2 * sizeof(unsigned) + 1];
	size_t used = 0, i;

	if (!size)
		return;
	out[0] = '\0';
	/* Access mode 3 has no O_ name (the kernel reads it as "ioctl
	 * only"): it is reported with the unknown bits below. */
	if (acc < 3) {
		if (!add_item(out, size, &used, modes[acc]))
			return;
		named = O_ACCMODE;
	}
	for (i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++) {
		const struct flag_name *f = &flag_names[i];

		if ((flags & f->mask) != f->mask)
			continue;
		if (f->unless && (flags & f->unless) == f->unless)
			continue;
		if (!add_item(out, size, &used, f->name))
			return;
		named |= f->mask;
	}
	/* Bits no item claimed, including half of a two-bit flag such as
	 * O_SYNC's own bit without O_DSYNC's. */
	if (flags & ~named) {
		snprintf(hex, sizeof(hex), "0x%x", flags & ~named);
		add_item(out, size, &used, hex);
	}
}
