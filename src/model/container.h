/* Where a process runs: container runtime and id, Kubernetes pod and QoS
 * class. Plain data, filled from the cgroup path by src/proc/cgroup.c;
 * the names, from the runtime's own state files (src/proc/ctrnames.c). */
#ifndef MODEL_CONTAINER_H
#define MODEL_CONTAINER_H

#include <stdbool.h>
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

/* What the container runtime's own state file names a container by (an
 * OCI bundle's config.json annotations, Docker's config.v2.json). Every
 * string is owned and NULL where not known; what is known is as the file
 * gave it (hostile: renderers escape it), capped in length by the reader. */
struct container_names {
	char *name;	     /* Kubernetes container name, Docker's name */
	char *image;	     /* image as the user named it */
	char *pod_name;	     /* Kubernetes pod (sandbox) name */
	char *pod_namespace; /* Kubernetes namespace */
	char *pod_uid;	     /* pod uid as the runtime recorded it */
	const char *source;  /* static: the file kind it came from
			      * ("oci-bundle", "docker"), or NULL */
};

/* Free what n owns; n is left zeroed. */
void container_names_release(struct container_names *n);
/* Whether n holds a container or pod name. */
bool container_names_known(const struct container_names *n);

/* "docker", "containerd", "cri-o", "podman", "unknown"; NULL for NONE. */
const char *container_runtime_name(enum container_runtime rt);
/* "guaranteed", "burstable", "besteffort"; NULL for QOS_NONE. */
const char *pod_qos_name(enum pod_qos qos);

#endif
