/* How open fds are shown: columns and JSON. */
#ifndef RENDER_FD_VIEW_H
#define RENDER_FD_VIEW_H

#include <sys/types.h>

#include "model/fd.h"
#include "render/stream.h"

enum fd_col {
	FC_PID,
	FC_COMM,
	FC_FD,
	FC_TYPE,
	FC_MODE,
	FC_TARGET,
	FC_NAME,
	FC_DELETED,
	FC_INODE,
	FC_SOCKET,
	FC_PEERS,
	FC_PEERS_TOTAL,
	FC_TYPED_FROM,
	FC_FSTYPE,
	FC_POS,
	FC_FLAGS,
	FC_MNT_ID,
	FC_VIA_TID,
	FC__COUNT,
};
extern const struct out_col fd_cols[FC__COUNT];
extern const int fd_cols_default[5];
extern const int fd_cols_fdinfo[7];

/* Emit one process's fds (list->err set: the fd table was unreadable). */
void fd_view_emit(struct out_stream *s, pid_t pid, pid_t via_tid,
		  const char *comm, const struct fd_list *list, bool with_info);

#endif
