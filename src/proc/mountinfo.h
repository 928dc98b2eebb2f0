/* Parser for /proc/PID/mountinfo (proc(5)). Pure: no I/O. */
#ifndef PROC_MOUNTINFO_H
#define PROC_MOUNTINFO_H

#include <stddef.h>

#include "model/mount.h"

/* Parse one line (len bytes, no newline needed, may be hostile) into out,
 * which the caller releases with mount_entry_release. Returns 0 or
 * -EINVAL (out is then left empty). */
int proc_mountinfo_parse_line(const char *line, size_t len,
			      struct mount_entry *out);

/* All lines of a mountinfo file into a new array (*out, *n), skipping
 * lines that do not parse (counted in *bad, may be NULL). The caller frees
 * with mount_entries_free. */
void proc_mountinfo_parse(const char *buf, size_t len, struct mount_entry **out,
			  size_t *n, size_t *bad);

#endif
