/* Container and Kubernetes pod attribution from the text of /proc/PID/cgroup
 * (cgroup v1 and v2; systemd and cgroupfs drivers). Pure functions: no I/O. */
#ifndef PROC_CGROUP_H
#define PROC_CGROUP_H

#include <stddef.h>

#include "model/container.h"

/* Parse the whole content of /proc/PID/cgroup (len bytes, need not be
 * NUL-terminated, may be truncated or hostile) into *out. Returns 0, with
 * out->runtime == RUNTIME_NONE and out->qos == QOS_NONE for a host process;
 * -EINVAL when no line has the "hierarchy:controllers:path" shape (out is
 * then zeroed). Never allocates. */
int cgroup_attribute(const char *buf, size_t len, struct container_info *out);

#endif
