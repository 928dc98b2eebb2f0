/* Tests for proc/ctrnames: where a runtime process's argv says its state
 * files are (ctrnames_sources, pure). The argv are the shapes containerd,
 * its shim, conmon, crio and dockerd are started with. */
#include <criterion/criterion.h>

#include <string.h>

#include "proc/ctrnames.h"

#define ID "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"

static struct ctrnames_source s[CTRNAMES_PER_PROC];
static size_t n;

static void release(void)
{
	size_t i;
	for (i = 0; i < n; i++)
		ctrnames_source_release(&s[i]);
	n = 0;
}

TestSuite(ctrnames, .fini = release);

static size_t run(const char *comm, const char *cwd, const char *const *argv)
{
	size_t argc = 0;
	release();
	while (argv[argc])
		argc++;
	n = ctrnames_sources(comm, (char *const *)argv, argc, cwd, s);
	return n;
}

#define RUN(comm, cwd, ...) \
	run((comm), (cwd), (const char *const[]){__VA_ARGS__, NULL})

Test(ctrnames, containerd)
{
	cr_assert_eq(RUN("containerd", NULL, "/usr/bin/containerd"), 3);
	cr_assert_eq(s[0].kind, CTRNAMES_TASKDIR);
	cr_assert_str_eq(
		s[0].dir,
		"/run/containerd/io.containerd.runtime.v2.task/k8s.io");
	cr_assert_str_eq(s[1].dir,
			 "/run/containerd/io.containerd.runtime.v2.task/moby");
	cr_assert_eq(RUN("containerd", NULL, "containerd", "--config",
			 "/etc/c.toml", "--state=/srv/st"),
		     3);
	cr_assert_str_eq(s[0].dir,
			 "/srv/st/io.containerd.runtime.v2.task/k8s.io");
	/* The last one given wins, as in Go's flag package. */
	cr_assert_eq(RUN("containerd", NULL, "containerd", "-state", "/a",
			 "--state", "/b"),
		     3);
	cr_assert_str_eq(s[2].dir, "/b/io.containerd.runtime.v2.task/default");
}

Test(ctrnames, shim)
{
	cr_assert_eq(RUN("containerd-shim",
			 "/run/containerd/io.containerd."
			 "runtime.v2.task/k8s.io/" ID,
			 "/usr/bin/containerd-shim-runc-v2", "-namespace",
			 "k8s.io", "-id", ID, "-address",
			 "/run/containerd/containerd.sock"),
		     2);
	cr_assert_eq(s[0].kind, CTRNAMES_BUNDLE);
	cr_assert_str_eq(s[0].dir, "");
	cr_assert_str_eq(s[0].id, ID);
	cr_assert_eq(s[1].kind, CTRNAMES_TASKDIR);
	cr_assert_str_eq(
		s[1].dir,
		"/run/containerd/io.containerd.runtime.v2.task/k8s.io");
	/* An id that is not one cgroup attribution could give, a relative
	 * or root cwd: nothing of them. */
	cr_assert_eq(RUN("containerd-shim", "/", "shim", "-id", "../../etc"),
		     0);
	cr_assert_eq(RUN("containerd-shim", "rel/dir", "shim", "-id", "AB"), 0);
}

Test(ctrnames, conmon)
{
	cr_assert_eq(RUN("conmon", NULL, "/usr/bin/conmon", "-b",
			 "/run/containers/storage/overlay-containers/" ID
			 "/userdata",
			 "-c", ID, "--exit-dir", "/var/run/crio/exits"),
		     1);
	cr_assert_eq(s[0].kind, CTRNAMES_BUNDLE);
	cr_assert_str_eq(s[0].id, ID);
	cr_assert(!strncmp(s[0].dir, "/run/containers/", 16));
	cr_assert_eq(RUN("conmon", NULL, "conmon", "--cid=" ID, "--bundle=/b"),
		     1);
	cr_assert_str_eq(s[0].dir, "/b");
	/* No bundle, or a flag without its value at the end. */
	cr_assert_eq(RUN("conmon", NULL, "conmon", "-c", ID), 0);
	cr_assert_eq(RUN("conmon", NULL, "conmon", "-c", ID, "-b"), 0);
	cr_assert_eq(RUN("conmon", NULL, "conmon", "-c", ID, "-b="), 0);
}

Test(ctrnames, crio_dockerd)
{
	cr_assert_eq(RUN("crio", NULL, "/usr/bin/crio"), 2);
	cr_assert_eq(s[0].kind, CTRNAMES_CRIO);
	cr_assert_str_eq(s[0].dir, "/run/containers/storage");
	cr_assert_str_eq(s[1].dir, "/var/lib/containers/storage");
	cr_assert_eq(
		RUN("crio", NULL, "crio", "--runroot", "/r", "--root", "/q"),
		2);
	cr_assert_str_eq(s[0].dir, "/r");
	cr_assert_str_eq(s[1].dir, "/q");
	cr_assert_eq(RUN("dockerd", NULL, "/usr/bin/dockerd", "-H", "fd://"),
		     1);
	cr_assert_eq(s[0].kind, CTRNAMES_DOCKER);
	cr_assert_str_eq(s[0].dir, "/var/lib/docker");
	cr_assert_eq(RUN("dockerd", NULL, "dockerd", "--data-root=/d"), 1);
	cr_assert_str_eq(s[0].dir, "/d");
}

Test(ctrnames, not_a_runtime)
{
	cr_assert_eq(RUN("bash", NULL, "bash", "--state", "/x"), 0);
	cr_assert_eq(RUN("containerd2", NULL, "containerd2"), 0);
	cr_assert_eq(run(NULL, NULL, (const char *const[]){NULL}), 0);
	/* An empty argv: defaults only. */
	cr_assert_eq(run("dockerd", NULL, (const char *const[]){NULL}), 1);
}
