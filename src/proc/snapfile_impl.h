/* Private to the snapshot loader (snapfile_read.c, snapfile_members.c,
 * snapfile_tree.c): the state of one load and its one-line messages. */
#ifndef PROC_SNAPFILE_IMPL_H
#define PROC_SNAPFILE_IMPL_H

#include <archive.h>
#include <archive_entry.h>
#include <json-c/json.h>
#include <sodium.h>
#include <stddef.h>
#include <stdint.h>

#include "proc/snapfile.h"
#include "util/strbuf.h"

#define SNAPFILE_KiB (1024ULL)
#define SNAPFILE_MiB (1024ULL * SNAPFILE_KiB)
#define SNAPFILE_GiB (1024ULL * SNAPFILE_MiB)

enum {
	SNAPFILE_CHUNK = 1 << 16, /* bytes read from the archive at once */
};

/* A member as read, to check against the manifest at the end: compact,
 * since there may be millions. */
struct snapfile_got {
	char *name;
	unsigned char sum[crypto_hash_sha256_BYTES];
	uint64_t size;	  /* bytes of data, or of a link's text */
	const char *type; /* "file", "link" or "dir" */
};

struct snapfile_loader {
	const struct snapfile_limits *lim;
	struct archive *a;
	int root;		  /* tree root */
	struct snapfile_got *got; /* the members read, in archive order */
	size_t ngot, got_alloc;
	json_object *manifest; /* once read: the last member */
	uint64_t members;      /* counted against members_max */
	uint64_t total;	       /* file bytes rounded to pages */
	uint64_t page;	       /* the tmpfs's unit of charge */
	char *parent;	       /* the directory of the last member ... */
	int parent_fd;	       /* ... and its fd, reused while it repeats */
	unsigned char *buf;    /* SNAPFILE_CHUNK bytes */
	struct strbuf *why;    /* the caller's: one line on failure */
};

/* Set L->why to "member NAME " and the rest (NAME escaped, cut); returns
 * err. */
int snapfile_member_fail(struct snapfile_loader *L, int err, const char *name,
			 const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Set why to the message; returns err. */
int snapfile_fail(struct strbuf *why, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "10.0 GB" of a size a header claims; "256 MiB" of a cap. */
void snapfile_add_size(struct strbuf *sb, uint64_t n);
void snapfile_add_cap(struct strbuf *sb, uint64_t n);

/* The "snapshot too large for memory" message; returns -ENOSPC. */
int snapfile_too_large(struct snapfile_loader *L);

/* A detached tmpfs of `size` bytes (noexec, nosuid, nodev, mode 0700),
 * entering a user namespace when fsopen needs one: its mount fd, or
 * -errno with why set. */
int snapfile_tree_mount(uint64_t size, struct strbuf *why);

/* Check a member's header (name, type, place, size caps, count) and
 * create it below L->root, recording its SHA-256. Returns 0 or -errno with
 * L->why set. */
int snapfile_load_member(struct snapfile_loader *L, struct archive_entry *e,
			 const char *name);

#endif
