/* Open file descriptors as procsift models them: classified from the fd
 * link's text, its own lstat mode and (when read) fdinfo, never by
 * touching the target. */
#ifndef MODEL_FD_H
#define MODEL_FD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct net_sock; /* proc/net.h */

enum fd_type {
	FD_FILE,   /* a path: a regular file, or a directory not known as one */
	FD_DIR,	   /* a path opened with O_DIRECTORY (known from fdinfo) */
	FD_PIPE,   /* pipe:[inode] */
	FD_SOCKET, /* socket:[inode] */
	FD_ANON,   /* anon_inode:... (eventfd, epoll, signalfd, timerfd...) */
	FD_MEMFD,  /* /memfd:NAME */
	FD_TTY,	   /* /dev/pts/N, /dev/ttyN, /dev/tty, /dev/console, ptmx */
	FD_DEVICE, /* another path under /dev (not /dev/shm, /dev/mqueue) */
	FD_NS,	   /* a namespace file: net:[...], mnt:[...] */
	FD_OTHER,  /* anything else the kernel names, e.g. "[fanotify]" */
	FD__COUNT,
};

struct fd_entry {
	int fd;
	enum fd_type type;
	char mode[3];	/* "r", "w", "rw" from the link's lstat mode;
			 * "" when unknown */
	char *target;	/* owned: link text, " (deleted)" removed */
	bool deleted;	/* the link text ended in " (deleted)" */
	uint64_t inode; /* pipe or socket inode number, or 0 */
	bool has_info;	/* fdinfo was read: */
	uint64_t pos;	/*   file position, bytes */
	unsigned flags; /*   open flags (O_*) */
	int mnt_id;	/*   mount id */
	const struct net_sock *sock; /* borrowed from a socket index; NULL
				      * when not a socket or not found */
	pid_t *peers; /* owned: other pids holding the same pipe */
	size_t npeers;
};

struct fd_list {
	struct fd_entry *e; /* sorted by fd */
	size_t n, alloc;
	int err; /* 0, or the errno that listing fd/ gave */
};

/* Classify link text (len bytes) into *type, *inode (for pipe and socket
 * targets; else 0) and *deleted, and return the length of the
 * target without a " (deleted)" suffix. Pure. */
size_t fd_classify(const char *link, size_t len, enum fd_type *type,
		   uint64_t *inode, bool *deleted);

/* "file", "dir", "pipe", "socket", "anon_inode", "memfd", "tty", "device",
 * "ns", "other". */
const char *fd_type_name(enum fd_type t);

void fd_list_release(struct fd_list *l);

#endif
