/* Tests for model/proc: proc_in_container, what -c matches in ps and
 * scan: id and pod uid prefixes, container and pod names, the
 * NAMESPACE/POD[/CONTAINER] form text shows, runtime names, any and none,
 * and names as hostile as a state file can make them. */
#include <criterion/criterion.h>

#include <errno.h>
#include <string.h>

#include "model/proc.h"
#include "util/xalloc.h"

#define ID "4f1c9e2ab0d3c8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3"
#define UID "5e1b7a3c-1111-2222-3333-444455556666"

static struct proc p;

static void reset(void)
{
	container_names_release(&p.names);
	memset(&p, 0, sizeof(p));
}

TestSuite(proc_in_container, .fini = reset);

/* A containerd container in a pod, named web in prod/shop-1. */
static void pod_container(void)
{
	memset(&p, 0, sizeof(p));
	p.container.runtime = RUNTIME_CONTAINERD;
	strcpy(p.container.id, ID);
	strcpy(p.container.pod_uid, UID);
	p.names.name = xstrdup("web");
	p.names.image = xstrdup("docker.io/library/nginx");
	p.names.pod_name = xstrdup("shop-1");
	p.names.pod_namespace = xstrdup("prod");
}

Test(proc_in_container, ids_and_uids_by_prefix)
{
	pod_container();
	cr_assert(proc_in_container(&p, "4f1c"));
	cr_assert(proc_in_container(&p, "4F1C9E"), "ids match in any case");
	cr_assert(proc_in_container(&p, ID));
	cr_assert(proc_in_container(&p, "5e1b7a3c"));
	cr_assert(proc_in_container(&p, "5e1b7a3c-1111"));
	cr_assert(!proc_in_container(&p, "4f1d"));
	cr_assert(!proc_in_container(&p, ID "0"), "longer than the id");
	cr_assert(!proc_in_container(&p, "1c9e"), "not a prefix");
}

Test(proc_in_container, names_exactly)
{
	pod_container();
	cr_assert(proc_in_container(&p, "web"));
	cr_assert(proc_in_container(&p, "shop-1"));
	cr_assert(!proc_in_container(&p, "we"), "names are not prefixes");
	cr_assert(!proc_in_container(&p, "WEB"), "names keep their case");
	cr_assert(!proc_in_container(&p, "shop"));
	cr_assert(!proc_in_container(&p, "prod"), "a namespace alone");
	cr_assert(!proc_in_container(&p, "docker.io/library/nginx"),
		  "not the image");
}

Test(proc_in_container, namespace_pod_container)
{
	pod_container();
	cr_assert(proc_in_container(&p, "prod/shop-1"));
	cr_assert(proc_in_container(&p, "prod/shop-1/web"));
	cr_assert(!proc_in_container(&p, "prod/shop-1/"));
	cr_assert(!proc_in_container(&p, "prod/shop-1/we"));
	cr_assert(!proc_in_container(&p, "prod/shop-1/web/"));
	cr_assert(!proc_in_container(&p, "prod/shop"));
	cr_assert(!proc_in_container(&p, "dev/shop-1/web"));
	cr_assert(!proc_in_container(&p, "prod//web"));
	cr_assert(!proc_in_container(&p, "/shop-1/web"));
	cr_assert(!proc_in_container(&p, "shop-1/web"),
		  "POD/CONTAINER is not a form text shows");
}

Test(proc_in_container, sandbox_without_container_name)
{
	pod_container();
	free(p.names.name);
	p.names.name = NULL;
	cr_assert(proc_in_container(&p, "prod/shop-1"));
	cr_assert(!proc_in_container(&p, "prod/shop-1/web"));
	cr_assert(!proc_in_container(&p, "prod/shop-1/"));
}

Test(proc_in_container, docker_name_without_pod)
{
	memset(&p, 0, sizeof(p));
	p.container.runtime = RUNTIME_DOCKER;
	strcpy(p.container.id, ID);
	p.names.name = xstrdup("db");
	cr_assert(proc_in_container(&p, "db"));
	cr_assert(proc_in_container(&p, "docker"));
	cr_assert(!proc_in_container(&p, "containerd"));
	cr_assert(!proc_in_container(&p, "/db"), "Docker's '/' is dropped");
	cr_assert(!proc_in_container(&p, "default/db"));
}

/* Names as a state file can make them: spaces, slashes, control bytes,
 * high bytes. Each matches only itself, never by a prefix or a form. */
Test(proc_in_container, hostile_names)
{
	pod_container();
	free(p.names.name);
	free(p.names.pod_name);
	free(p.names.pod_namespace);
	p.names.name = xstrdup("a b\x1b[2J");
	p.names.pod_name = xstrdup("x/y");
	p.names.pod_namespace = xstrdup("n s");
	cr_assert(proc_in_container(&p, "a b\x1b[2J"));
	cr_assert(!proc_in_container(&p, "a b"));
	cr_assert(!proc_in_container(&p, "a b\\x1b[2J"),
		  "the escaped text is not the name");
	cr_assert(proc_in_container(&p, "x/y"));
	cr_assert(proc_in_container(&p, "n s/x/y"));
	cr_assert(proc_in_container(&p, "n s/x/y/a b\x1b[2J"));
	cr_assert(!proc_in_container(&p, "n s/x"));
	cr_assert(!proc_in_container(&p, "n s/x/y/a b"));
	cr_assert(!proc_in_container(&p, "n s/x/y/"));
	cr_assert(!proc_in_container(&p, "x"));
}

/* A name that looks like something else -c takes is still only a
 * name: it cannot make a host process match. */
Test(proc_in_container, names_that_look_like_keywords)
{
	pod_container();
	free(p.names.name);
	p.names.name = xstrdup("none");
	cr_assert(!proc_in_container(&p, "none"), "none is a keyword");
	cr_assert(proc_in_container(&p, "any"));
	reset();
	p.names.name = xstrdup("web");
	cr_assert(!proc_in_container(&p, "any"), "names without an id");
	cr_assert(proc_in_container(&p, "none"));
}

Test(proc_in_container, host_process)
{
	memset(&p, 0, sizeof(p));
	cr_assert(proc_in_container(&p, "none"));
	cr_assert(!proc_in_container(&p, "any"));
	cr_assert(!proc_in_container(&p, "4f1c"));
	cr_assert(!proc_in_container(&p, ""),
		  "an empty prefix matches nothing");
	p.err[PROC_F_CGROUP] = EACCES;
	cr_assert(!proc_in_container(&p, "none"),
		  "an unreadable cgroup is not a host process");
}
