/* Parser for /proc/PID/status: credentials, capabilities and the security
 * fields a responder checks. Pure: no I/O. */
#ifndef PROC_STATUS_H
#define PROC_STATUS_H

#include <stddef.h>

#include "model/status.h"

/* Parse the whole text of /proc/PID/status (len bytes, may be hostile).
 * Lines it does not know are ignored; each has_* says whether that group
 * of fields was found. Returns 0, or -EINVAL when nothing parses. */
int proc_status_parse(const char *buf, size_t len, struct proc_status *out);

#endif
