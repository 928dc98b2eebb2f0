/* Where a process runs: container runtime and id, Kubernetes pod and QoS
 * class. Plain data, filled from the cgroup path by src/proc/cgroup.c. */
#ifndef MODEL_CONTAINER_H
#define MODEL_CONTAINER_H

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

/* "docker", "containerd", "cri-o", "podman", "unknown"; NULL for NONE. */
const char *container_runtime_name(enum container_runtime rt);
/* "guaranteed", "burstable", "besteffort"; NULL for QOS_NONE. */
const char *pod_qos_name(enum pod_qos qos);

#endif
