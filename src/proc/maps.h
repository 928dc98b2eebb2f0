/* Parser for /proc/PID/maps lines. Pure: no I/O. */
#ifndef PROC_MAPS_H
#define PROC_MAPS_H

#include <stddef.h>

#include "model/maps.h"

/* Parse one line (len bytes, no newline needed, may be hostile). Returns 0,
 * or -EINVAL when the line does not have the maps shape. */
int proc_maps_parse_line(const char *line, size_t len, struct map_entry *out);

/* Walk the whole text of a maps file: call fn(entry, arg) for each line
 * that parses (a non-zero return stops the walk and is returned). Lines
 * that do not parse are counted in *bad (may be NULL). Returns 0 or fn's
 * value. */
int proc_maps_each(const char *buf, size_t len,
		   int (*fn)(const struct map_entry *e, void *arg), void *arg,
		   size_t *bad);

#endif
