/* One mapping of a process's address space, as /proc/PID/maps gives it:
 * the model proc/maps.c fills and the views and judges read. */
#ifndef MODEL_MAPS_H
#define MODEL_MAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum map_kind {
	MAP_KIND_FILE,	  /* a file-backed mapping */
	MAP_KIND_ANON,	  /* no path */
	MAP_KIND_HEAP,	  /* [heap] */
	MAP_KIND_STACK,	  /* [stack], [stack:TID] */
	MAP_KIND_VDSO,	  /* [vdso], [vvar], [vsyscall], [vvar_vclock] */
	MAP_KIND_MEMFD,	  /* /memfd:NAME (deleted) */
	MAP_KIND_DELETED, /* a file path ending in " (deleted)" */
	MAP_KIND_OTHER,	  /* another [bracketed] name: [anon:NAME], [uprobes] */
	MAP_KIND__COUNT,
};

struct map_entry {
	uint64_t start, end; /* addresses, end exclusive */
	char perms[5];	     /* "rwxp" as printed, NUL-terminated */
	uint64_t offset;     /* file offset, bytes */
	unsigned dev_major, dev_minor;
	uint64_t inode;
	const char *path; /* borrowed from the input: the path field as the
			   * kernel wrote it (newlines in names appear as
			   * the 4 bytes "\012"), without the " (deleted)"
			   * suffix; NULL when absent */
	size_t path_len;
	bool deleted; /* the path ended in " (deleted)" */
	enum map_kind kind;
};

/* "file", "anon", "heap", "stack", "vdso", "memfd", "deleted", "other". */
const char *map_kind_name(enum map_kind k);

#endif
