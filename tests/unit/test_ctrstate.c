/* Tests for proc/ctrstate: container and pod names from a runtime's state
 * files, on byte strings. The documents are cut down to the keys read;
 * their shapes follow what containerd's CRI plugin, CRI-O and Docker
 * write (names and ids made up). */
#include <criterion/criterion.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "proc/ctrstate.h"

static struct container_names n;

static void release(void)
{
	container_names_release(&n);
}

TestSuite(ctrstate, .fini = release);

static int oci(const char *s)
{
	container_names_release(&n);
	return ctrstate_parse_oci(s, strlen(s), &n);
}

static int docker(const char *s)
{
	container_names_release(&n);
	return ctrstate_parse_docker(s, strlen(s), &n);
}

Test(ctrstate, containerd_annotations)
{
	cr_assert_eq(oci("{\"ociVersion\":\"1.1.0\",\"process\":{\"args\":["
			 "\"nginx\"]},"
			 "\"annotations\":{"
			 "\"io.kubernetes.cri.container-type\":\"container\","
			 "\"io.kubernetes.cri.container-name\":\"web\","
			 "\"io.kubernetes.cri.image-name\":\"docker.io/library/"
			 "nginx:1.25\","
			 "\"io.kubernetes.cri.sandbox-name\":\"shop-7d9f\","
			 "\"io.kubernetes.cri.sandbox-namespace\":\"prod\","
			 "\"io.kubernetes.cri.sandbox-uid\":\"1f3a5c7e-9b2d-"
			 "4f6a-8c0e-"
			 "1a3b5c7d9e0f\"}}"),
		     0);
	cr_assert_str_eq(n.name, "web");
	cr_assert_str_eq(n.image, "docker.io/library/nginx:1.25");
	cr_assert_str_eq(n.pod_name, "shop-7d9f");
	cr_assert_str_eq(n.pod_namespace, "prod");
	cr_assert_str_eq(n.pod_uid, "1f3a5c7e-9b2d-4f6a-8c0e-1a3b5c7d9e0f");
	cr_assert_str_eq(n.source, "oci-bundle");
}

/* A pod's sandbox (pause) container: the pod, no container name. */
Test(ctrstate, containerd_sandbox)
{
	cr_assert_eq(oci("{\"annotations\":{"
			 "\"io.kubernetes.cri.container-type\":\"sandbox\","
			 "\"io.kubernetes.cri.sandbox-name\":\"shop-7d9f\","
			 "\"io.kubernetes.cri.sandbox-namespace\":\"prod\"}}"),
		     0);
	cr_assert_null(n.name);
	cr_assert_str_eq(n.pod_name, "shop-7d9f");
}

Test(ctrstate, crio_annotations)
{
	cr_assert_eq(
		oci("{\"annotations\":{"
		    "\"io.kubernetes.container.name\":\"api\","
		    "\"io.kubernetes.pod.name\":\"api-5c\","
		    "\"io.kubernetes.pod.namespace\":\"kube-system\","
		    "\"io.kubernetes.pod.uid\":\"u-1\","
		    "\"io.kubernetes.cri-o.Image\":\"sha256:0123\","
		    "\"io.kubernetes.cri-o.ImageName\":\"quay.io/x/api:v1\"}}"),
		0);
	cr_assert_str_eq(n.name, "api");
	cr_assert_str_eq(n.pod_name, "api-5c");
	cr_assert_str_eq(n.pod_namespace, "kube-system");
	cr_assert_str_eq(n.pod_uid, "u-1");
	cr_assert_str_eq(n.image, "quay.io/x/api:v1");
	cr_assert(!oci("{\"annotations\":{\"io.kubernetes.pod.name\":\"p\","
		       "\"io.kubernetes.cri-o.Image\":\"quay.io/y\"}}"));
	cr_assert_str_eq(n.image, "quay.io/y");
}

Test(ctrstate, docker_config_v2)
{
	cr_assert_eq(docker("{\"ID\":\"abc\",\"Name\":\"/web-1\",\"Config\":{"
			    "\"Image\":\"nginx:latest\",\"Labels\":{}}}"),
		     0);
	cr_assert_str_eq(n.name, "web-1");
	cr_assert_str_eq(n.image, "nginx:latest");
	cr_assert_null(n.pod_name);
	cr_assert_str_eq(n.source, "docker");
	/* cri-dockerd: the labels name the pod and container. */
	cr_assert_eq(docker("{\"Name\":\"/k8s_web_shop_prod_u_0\",\"Config\":{"
			    "\"Image\":\"nginx\",\"Labels\":{"
			    "\"io.kubernetes.container.name\":\"web\","
			    "\"io.kubernetes.pod.name\":\"shop\","
			    "\"io.kubernetes.pod.namespace\":\"prod\"}}}"),
		     0);
	cr_assert_str_eq(n.name, "web");
	cr_assert_str_eq(n.pod_namespace, "prod");
}

Test(ctrstate, names_nothing)
{
	cr_assert_eq(oci("{\"ociVersion\":\"1.0.2\",\"annotations\":{}}"),
		     -ENOENT);
	cr_assert_eq(oci("{\"ociVersion\":\"1.0.2\"}"), -ENOENT);
	cr_assert_eq(docker("{\"Name\":\"/\",\"Config\":{}}"), -ENOENT);
	cr_assert_null(n.image);
}

Test(ctrstate, not_a_state_file)
{
	static const char *const bad[] = {
		"",
		"[]",
		"\"x\"",
		"{",
		"{\"annotations\":{}}x",
		"null",
		"{\"annotations\":{\"io.kubernetes.pod.name\":\"p\"",
		"\xff\xfe",
	};
	size_t i;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(oci(bad[i]), -EINVAL, "%s", bad[i]);
		cr_assert_null(n.pod_name);
		cr_assert_eq(docker(bad[i]), -EINVAL, "%s", bad[i]);
	}
}

/* No trailing NUL: the parser reads len bytes only. */
Test(ctrstate, exact_length)
{
	static const char doc[] = "{\"Name\":\"/a\"}JUNK";
	cr_assert_eq(ctrstate_parse_docker(doc, 13, &n), 0);
	cr_assert_str_eq(n.name, "a");
}

/* Hostile values: wrong types, NULs, oversize strings are not kept;
 * control characters are kept (renderers escape them). */
Test(ctrstate, hostile_values)
{
	char big[CTRSTATE_NAME_MAX + 200];
	size_t k;
	cr_assert_eq(oci("{\"annotations\":{"
			 "\"io.kubernetes.cri.container-name\":7,"
			 "\"io.kubernetes.cri.sandbox-name\":\"a\\u0000b\","
			 "\"io.kubernetes.container.name\":[\"x\"],"
			 "\"io.kubernetes.pod.name\":\"\\u001b[2Jp\"}}"),
		     0);
	cr_assert_null(n.name);
	cr_assert_str_eq(n.pod_name, "\x1b[2Jp");
	k = (size_t)snprintf(big, sizeof(big),
			     "{\"annotations\":{\"io.kubernetes.pod.name\":\"");
	memset(big + k, 'a', CTRSTATE_NAME_MAX + 1);
	k += CTRSTATE_NAME_MAX + 1;
	memcpy(big + k, "\"}}", 4);
	cr_assert_eq(oci(big), -ENOENT);
	cr_assert_eq(oci("{\"annotations\":[1,2]}"), -ENOENT);
}

/* Nesting past the bound is refused, not recursed into. */
Test(ctrstate, deep_nesting)
{
	char doc[4096];
	size_t i, k = 0;
	doc[k++] = '{';
	memcpy(doc + k, "\"a\":", 4);
	k += 4;
	for (i = 0; i < 1000; i++)
		doc[k++] = '[';
	for (i = 0; i < 1000; i++)
		doc[k++] = ']';
	doc[k++] = '}';
	cr_assert_eq(ctrstate_parse_oci(doc, k, &n), -EINVAL);
}
