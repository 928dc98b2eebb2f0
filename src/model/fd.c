/* fd classification from the link text, refined by the target's inode
 * type where a stat through the link was safe to make. */
#include "model/fd.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool starts(const char *s, size_t len, const char *pre)
{
	size_t n = strlen(pre);
	return len >= n && !memcmp(s, pre, n);
}

/* The number in "pipe:[123]" after the prefix; 0 when malformed. */
static uint64_t bracket_inode(const char *s, size_t len)
{
	uint64_t v = 0;
	size_t i;
	if (!len || s[0] != '[')
		return 0;
	for (i = 1; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		if (v > (UINT64_MAX - 9) / 10)
			return 0;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	return i < len && s[i] == ']' && i + 1 == len ? v : 0;
}

static bool is_tty(const char *s, size_t len)
{
	size_t i;
	if (starts(s, len, "/dev/pts/") ||
	    (len == 8 && starts(s, len, "/dev/tty")) ||
	    (len == 12 && starts(s, len, "/dev/console")) ||
	    (len == 9 && starts(s, len, "/dev/ptmx")))
		return true;
	/* /dev/ttyN, /dev/ttySN */
	if (!starts(s, len, "/dev/tty") || len == 8)
		return false;
	i = 8;
	if (s[i] == 'S')
		i++;
	if (i == len)
		return false;
	for (; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

size_t fd_classify(const char *link, size_t len, enum fd_type *type,
		   uint64_t *inode, bool *deleted)
{
	static const char del[] = " (deleted)";
	*inode = 0;
	*deleted = false;
	if (starts(link, len, "socket:")) {
		*type = FD_SOCKET;
		*inode = bracket_inode(link + 7, len - 7);
		return len;
	}
	if (starts(link, len, "pipe:")) {
		*type = FD_PIPE;
		*inode = bracket_inode(link + 5, len - 5);
		return len;
	}
	if (starts(link, len, "anon_inode:")) {
		*type = FD_ANON;
		return len;
	}
	if (!len || link[0] != '/') {
		const char *br = memchr(link, ':', len);
		/* net:[4026531840], mnt:[...]: namespace files. */
		*type = br && br + 1 < link + len && br[1] == '[' ? FD_NS
								  : FD_OTHER;
		return len;
	}
	if (len > sizeof(del) - 1 &&
	    !memcmp(link + len - (sizeof(del) - 1), del, sizeof(del) - 1)) {
		*deleted = true;
		len -= sizeof(del) - 1;
	}
	/* A memfd is never linked into a directory: its link always ends
	 * in " (deleted)". A live "/memfd:x" is a file someone made in /. */
	if (starts(link, len, "/memfd:") && *deleted)
		*type = FD_MEMFD;
	else if (is_tty(link, len))
		*type = FD_TTY;
	else if (starts(link, len, "/dev/") &&
		 !starts(link, len, "/dev/shm/") &&
		 !starts(link, len, "/dev/mqueue/") &&
		 !starts(link, len, "/dev/hugepages/"))
		*type = FD_DEVICE;
	else
		*type = FD_FILE;
	return len;
}

/* Terminal majors (Documentation/admin-guide/devices.txt): 4 ttyN/ttySN,
 * 5 tty/console/ptmx, 136-143 the Unix98 pty slaves. */
static bool tty_major(unsigned major)
{
	return major == 4 || major == 5 || (major >= 136 && major <= 143);
}

void fd_type_from_stat(struct fd_entry *e, unsigned dev_major)
{
	switch (e->ftype & S_IFMT) {
	case S_IFREG:
		/* A memfd is a regular file too; /dev/x may be one. */
		if (e->type != FD_MEMFD)
			e->type = FD_FILE;
		break;
	case S_IFDIR:
		e->type = FD_DIR;
		break;
	case S_IFIFO:
		e->type = FD_FIFO;
		break;
	case S_IFSOCK:
		e->type = FD_SOCKET;
		break;
	case S_IFCHR:
		e->type = tty_major(dev_major) ? FD_TTY : FD_DEVICE;
		break;
	case S_IFBLK:
		e->type = FD_DEVICE;
		break;
	default:
		break;
	}
}

const char *fd_type_name(enum fd_type t)
{
	static const char *const names[FD__COUNT] = {
		[FD_FILE] = "file",	[FD_DIR] = "dir",
		[FD_FIFO] = "fifo",	[FD_PIPE] = "pipe",
		[FD_SOCKET] = "socket", [FD_ANON] = "anon_inode",
		[FD_MEMFD] = "memfd",	[FD_TTY] = "tty",
		[FD_DEVICE] = "device", [FD_NS] = "ns",
		[FD_OTHER] = "other",
	};
	return (unsigned)t < FD__COUNT ? names[t] : "other";
}

void fd_list_release(struct fd_list *l)
{
	size_t i;
	for (i = 0; i < l->n; i++) {
		free(l->e[i].target);
		free(l->e[i].peers);
	}
	free(l->e);
	memset(l, 0, sizeof(*l));
}

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

void fd_flag_names(unsigned flags, char *out, size_t size)
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
