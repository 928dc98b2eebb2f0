/* Names of container runtimes and pod QoS classes, as JSON and text show
 * them; the storage of a container's names. */
#include "model/container.h"

#include <stdlib.h>
#include <string.h>

void container_names_release(struct container_names *n)
{
	free(n->name);
	free(n->image);
	free(n->pod_name);
	free(n->pod_namespace);
	free(n->pod_uid);
	memset(n, 0, sizeof(*n));
}

bool container_names_known(const struct container_names *n)
{
	return n->name || n->pod_name;
}

const char *container_runtime_name(enum container_runtime rt)
{
	switch (rt) {
	case RUNTIME_DOCKER:
		return "docker";
	case RUNTIME_CONTAINERD:
		return "containerd";
	case RUNTIME_CRIO:
		return "cri-o";
	case RUNTIME_PODMAN:
		return "podman";
	case RUNTIME_UNKNOWN:
		return "unknown";
	case RUNTIME_NONE:
		break;
	}
	return NULL;
}

const char *pod_qos_name(enum pod_qos qos)
{
	switch (qos) {
	case QOS_GUARANTEED:
		return "guaranteed";
	case QOS_BURSTABLE:
		return "burstable";
	case QOS_BESTEFFORT:
		return "besteffort";
	case QOS_NONE:
		break;
	}
	return NULL;
}
