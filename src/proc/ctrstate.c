/* Container names from a runtime's state files (see ctrstate.h). */
#include "proc/ctrstate.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <json.h>

#include "util/xalloc.h"

/* config.json nests a few levels (linux.resources.devices[]); a deeper
 * document is not one a runtime wrote, and json-c recurses per level. */
#define CTRSTATE_DEPTH 32

static struct json_object *parse(const char *buf, size_t len)
{
	struct json_tokener *tok;
	struct json_object *o;
	if (len > CTRSTATE_FILE_CAP || len > (size_t)INT32_MAX)
		return NULL;
	tok = json_tokener_new_ex(CTRSTATE_DEPTH);
	if (!tok)
		return NULL;
	o = json_tokener_parse_ex(tok, buf, (int)len);
	/* Trailing bytes after the document, or a cut one: not a file a
	 * runtime finished writing. */
	if (o && (json_tokener_get_error(tok) != json_tokener_success ||
		  (size_t)json_tokener_get_parse_end(tok) < len)) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	if (o && !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		o = NULL;
	}
	return o;
}

/* The string member key of obj, or NULL: not a string, empty, too long
 * or with a NUL inside (it would be cut where C reads it). */
static const char *member(struct json_object *obj, const char *key,
			  size_t *lenp)
{
	struct json_object *v;
	const char *s;
	size_t len;
	if (!obj || !json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	len = (size_t)json_object_get_string_len(v);
	if (!len || len > CTRSTATE_NAME_MAX || memchr(s, '\0', len))
		return NULL;
	*lenp = len;
	return s;
}

/* Set *dst (when still NULL) to a copy of obj's string member key. */
static void take(char **dst, struct json_object *obj, const char *key)
{
	size_t len;
	const char *s;
	if (*dst)
		return;
	s = member(obj, key, &len);
	if (s)
		*dst = xstrndup(s, len);
}

static struct json_object *child(struct json_object *obj, const char *key,
				 enum json_type type)
{
	struct json_object *v;
	if (!obj || !json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, type))
		return NULL;
	return v;
}

/* The Kubernetes labels kubelet sets, which CRI-O copies into the
 * annotations and cri-dockerd into Docker's labels. */
static void kubelet_keys(struct container_names *n, struct json_object *m)
{
	take(&n->name, m, "io.kubernetes.container.name");
	take(&n->pod_name, m, "io.kubernetes.pod.name");
	take(&n->pod_namespace, m, "io.kubernetes.pod.namespace");
	take(&n->pod_uid, m, "io.kubernetes.pod.uid");
}

static int finish(struct json_object *doc, struct container_names *n,
		  const char *source)
{
	json_object_put(doc);
	if (!container_names_known(n)) {
		container_names_release(n);
		return -ENOENT;
	}
	n->source = source;
	return 0;
}

int ctrstate_parse_oci(const char *buf, size_t len, struct container_names *out)
{
	struct json_object *doc = parse(buf, len), *a;
	memset(out, 0, sizeof(*out));
	if (!doc)
		return -EINVAL;
	a = child(doc, "annotations", json_type_object);
	/* containerd's CRI plugin first: it is what a containerd bundle
	 * carries, and CRI-O's keys in one would be a copy of pod labels. */
	take(&out->name, a, "io.kubernetes.cri.container-name");
	take(&out->pod_name, a, "io.kubernetes.cri.sandbox-name");
	take(&out->pod_namespace, a, "io.kubernetes.cri.sandbox-namespace");
	take(&out->pod_uid, a, "io.kubernetes.cri.sandbox-uid");
	take(&out->image, a, "io.kubernetes.cri.image-name");
	kubelet_keys(out, a);
	take(&out->image, a, "io.kubernetes.cri-o.ImageName");
	take(&out->image, a, "io.kubernetes.cri-o.Image");
	return finish(doc, out, "oci-bundle");
}

int ctrstate_parse_docker(const char *buf, size_t len,
			  struct container_names *out)
{
	struct json_object *doc = parse(buf, len), *cfg;
	const char *s;
	size_t n;
	memset(out, 0, sizeof(*out));
	if (!doc)
		return -EINVAL;
	cfg = child(doc, "Config", json_type_object);
	kubelet_keys(out, child(cfg, "Labels", json_type_object));
	/* Docker's own name is "/NAME"; cri-dockerd's is k8s_..., which the
	 * labels above say better. */
	s = member(doc, "Name", &n);
	if (s && *s == '/') {
		s++;
		n--;
	}
	if (s && n && !out->name)
		out->name = xstrndup(s, n);
	take(&out->image, cfg, "Image");
	return finish(doc, out, "docker");
}
