/* Open file descriptors as procsift models them: classified from the fd
 * link's text, its own lstat mode, fdinfo, and the target's inode type
 * from a stat through the link (which never opens the target, and is not
 * made on network or FUSE file systems, where it could hang). */
#ifndef MODEL_FD_H
#define MODEL_FD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct net_sock; /* model/net.h */

enum fd_type {
	FD_FILE,   /* a path: a regular file (or one of unknown type) */
	FD_DIR,	   /* a directory */
	FD_FIFO,   /* a named FIFO (an anonymous pipe is FD_PIPE) */
	FD_PIPE,   /* pipe:[inode] */
	FD_SOCKET, /* socket:[inode] */
	FD_ANON,   /* anon_inode:... (eventfd, epoll, signalfd, timerfd...) */
	FD_MEMFD,  /* /memfd:NAME */
	FD_TTY,	   /* /dev/pts/N, /dev/ttyN, /dev/tty, /dev/console, ptmx */
	FD_DEVICE, /* a character or block device (by its inode; by its
		    * path under /dev when the type is not known) */
	FD_NS,	   /* a namespace file: net:[...], mnt:[...] */
	FD_OTHER,  /* anything else the kernel names, e.g. "[fanotify]" */
	FD__COUNT,
};

struct fd_entry {
	int fd;
	enum fd_type type;
	char mode[3];	    /* "r", "w", "rw" from the link's lstat mode;
			     * "" when unknown */
	char *target;	    /* owned: link text, " (deleted)" removed */
	bool deleted;	    /* the link text ended in " (deleted)" */
	uint64_t inode;	    /* pipe or socket inode number, or 0 */
	bool has_info;	    /* fdinfo was read: */
	uint64_t pos;	    /*   file position, bytes */
	unsigned flags;	    /*   open flags (O_*) */
	int mnt_id;	    /*   mount id */
	bool has_stat;	    /* the target was stat'ed through the link: */
	unsigned ftype;	    /*   its S_IFMT bits */
	uint64_t dev;	    /*   its device (st_dev) */
	uint64_t ino;	    /*   its inode number */
	uint64_t size;	    /*   its size in bytes (regular files) */
	unsigned nlink;	    /*   its link count (0: deleted) */
	const char *fstype; /* borrowed from a mount table: the file system
			     * of a path target, when known */
	const struct net_sock *sock; /* borrowed from a socket index; NULL
				      * when not a socket or not found */
	pid_t *peers; /* owned: other pids holding the same pipe, ascending;
		       * the first FD_PEERS_SHOWN unless all were asked for */
	size_t npeers;
	size_t peers_total; /* how many other pids hold it in all */
};

/* Pipe peers kept per fd unless all are asked for: an output line must
 * not grow with the number of workers sharing one pipe. */
#define FD_PEERS_SHOWN 3

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

/* Refine e->type from the target's inode type (e->ftype, S_IFMT bits)
 * and device numbers: a FIFO, a directory, a device, a socket, or a
 * regular file whatever its path says. Pure. */
void fd_type_from_stat(struct fd_entry *e, unsigned dev_major);

/* "file", "dir", "fifo", "pipe", "socket", "anon_inode", "memfd", "tty",
 * "device", "ns", "other". */
const char *fd_type_name(enum fd_type t);

void fd_list_release(struct fd_list *l);

/* Append the names of flags' bits to out as a comma-separated list
 * (lower-case, without O_: "rdwr,append,cloexec,nonblock"), at most size
 * bytes with NUL. The access mode comes first: rdonly, wronly or rdwr. */
void fd_flag_names(unsigned flags, char *out, size_t size);

#endif
