/* Parsers of a container runtime's own state files, for the names of a
 * container and its pod: an OCI bundle's config.json (containerd's CRI
 * plugin and CRI-O annotate it) and Docker's config.v2.json. Pure
 * functions on bytes, through json-c: no I/O. The files are
 * attacker-influenced (a pod's name and image are chosen by whoever may
 * create pods): input is size-capped by the caller, nesting is bounded
 * here, a string with a NUL or past CTRSTATE_NAME_MAX is not kept. */
#ifndef PROC_CTRSTATE_H
#define PROC_CTRSTATE_H

#include <stddef.h>

#include "model/container.h"

/* The longest name kept: Kubernetes names are at most 253 bytes, image
 * references a few hundred. */
#define CTRSTATE_NAME_MAX 1024
/* A state file larger than this is not one a runtime wrote (a bundle's
 * config.json is a few KiB to a few hundred KiB with many mounts). */
#define CTRSTATE_FILE_CAP (4u << 20)

/* Parse len bytes of an OCI bundle's config.json (need not be
 * NUL-terminated) into *out (initialised: zeroed), from its
 * "annotations": containerd's io.kubernetes.cri.* keys, else CRI-O's
 * io.kubernetes.pod.* / io.kubernetes.container.name and
 * io.kubernetes.cri-o.ImageName (else .Image). Returns 0 when a
 * container or pod name was found, -ENOENT when the file is valid but
 * names nothing (a bundle that is not a Kubernetes one), -EINVAL when it
 * is not a JSON object. out is left zeroed unless 0 is returned. */
int ctrstate_parse_oci(const char *buf, size_t len,
		       struct container_names *out);

/* The same for Docker's containers/ID/config.v2.json: "Name" (its
 * leading '/' dropped) and "Config"."Image"; and where cri-dockerd made
 * the container, the pod from "Config"."Labels" (io.kubernetes.pod.name,
 * .namespace, .uid, io.kubernetes.container.name). */
int ctrstate_parse_docker(const char *buf, size_t len,
			  struct container_names *out);

#endif
