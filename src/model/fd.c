/* fd classification from the link text, refined by the target's inode
 * type where a stat through the link was safe to make. */
#include "model/fd.h"

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
