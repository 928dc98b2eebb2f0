/* How memory mappings are shown: columns, JSON, and the per-file summary. */
#ifndef RENDER_MAPS_VIEW_H
#define RENDER_MAPS_VIEW_H

#include <stdbool.h>
#include <sys/types.h>

#include "render/stream.h"
#include "model/maps.h"

enum maps_col {
	MC_PID,
	MC_COMM,
	MC_START,
	MC_END,
	MC_SIZE,
	MC_PERMS,
	MC_OFFSET,
	MC_DEV,
	MC_INODE,
	MC_KIND,
	MC_PATH,
	MC_DELETED,
	MC_COUNT,
	MC_VIA_TID,
	MC__COUNT,
};
extern const struct out_col maps_cols[MC__COUNT];
extern const int maps_cols_default[8];
extern const int maps_cols_summary[6];

/* The mappings of one process, parsed from the text of its maps file. */
struct proc_maps {
	pid_t pid;
	pid_t via_tid; /* psnap's proc.via_tid */
	const char *comm;
	struct map_entry *e; /* paths borrowed from the maps text */
	size_t n;
	bool truncated; /* the maps file was longer than was read */
	int err;	/* 0, or the errno reading maps gave */
};

/* Emit one process's mappings; summary groups them by path (size added
 * up, permissions seen joined). */
void maps_view_emit(struct out_stream *s, const struct proc_maps *m,
		    bool summary);

#endif
