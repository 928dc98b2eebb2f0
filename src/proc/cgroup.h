/* Container and Kubernetes pod attribution from the text of /proc/PID/cgroup
 * (cgroup v1 and v2; systemd and cgroupfs drivers). Pure functions: no I/O. */
#ifndef PROC_CGROUP_H
#define PROC_CGROUP_H

#include <stddef.h>

enum container_runtime {
	RUNTIME_NONE = 0, /* a host process, or nothing recognised */
	RUNTIME_DOCKER,
	RUNTIME_CONTAINERD,
	RUNTIME_CRIO,
	RUNTIME_PODMAN,
	RUNTIME_UNKNOWN, /* a container id, but no runtime marker in the path */
};

enum pod_qos {
	QOS_NONE = 0, /* not in a Kubernetes pod */
	QOS_GUARANTEED,
	QOS_BURSTABLE,
	QOS_BESTEFFORT,
};

#define CONTAINER_ID_MAX 64
#define POD_UID_LEN 36

struct container_info {
	enum container_runtime runtime;
	char id[CONTAINER_ID_MAX + 1]; /* lowercase hex; "" when none */
	char pod_uid[POD_UID_LEN + 1]; /* 8-4-4-4-12 with dashes; "" if none */
	enum pod_qos qos;
	const char *path; /* borrowed from the input buffer: the */
	size_t path_len;  /* cgroup path attribution came from, */
			  /* else the v2 path, else line 1's */
};

/* Parse the whole content of /proc/PID/cgroup (len bytes, need not be
 * NUL-terminated, may be truncated or hostile) into *out. Returns 0, with
 * out->runtime == RUNTIME_NONE and out->qos == QOS_NONE for a host process;
 * -EINVAL when no line has the "hierarchy:controllers:path" shape (out is
 * then zeroed). Never allocates. */
int cgroup_attribute(const char *buf, size_t len, struct container_info *out);

/* "docker", "containerd", "cri-o", "podman", "unknown"; NULL for NONE. */
const char *container_runtime_name(enum container_runtime rt);
/* "guaranteed", "burstable", "besteffort"; NULL for QOS_NONE. */
const char *pod_qos_name(enum pod_qos qos);

#endif
