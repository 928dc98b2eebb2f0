/* The mounts group of judges on snapshots and host views built here:
 * write-below-etc (fds held open for writing), sensitive-host-mount and
 * mutable-container-rootfs (container mount tables against the host's),
 * hidden-pid (a probe's results), the probe's Tgid parser and the rule
 * that decides whether the probe runs by default. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/judgeopts.h"
#include "proc/hostread.h"
#include "proc/pidprobe.h"
#include "unit/snapkit.h"

static struct judge_ctx jc;
static struct findings out;

static void setup(void)
{
	memset(&jc, 0, sizeof(jc));
	memset(&out, 0, sizeof(out));
}

static void teardown(void)
{
	findings_release(&out);
}

TestSuite(judge_mounts, .init = setup, .fini = teardown);

static const struct judge *J(const char *id)
{
	const struct judge *j = judge_find(id, strlen(id));
	cr_assert(j, "no judge %s", id);
	return j;
}

static const char *fact_str(const struct finding *f, const char *key)
{
	const struct finding_fact *x = snapkit_fact(f, key);
	cr_assert(x, "no fact %s", key);
	cr_assert_eq(x->type, FACT_STR, "fact %s is not a string", key);
	return x->str;
}

static long long fact_num(const struct finding *f, const char *key)
{
	const struct finding_fact *x = snapkit_fact(f, key);
	cr_assert(x, "no fact %s", key);
	return x->num;
}

static bool has_tag(const struct finding *f, const char *tag)
{
	size_t i;
	for (i = 0; i < f->ntags; i++)
		if (!strcmp(f->tags[i], tag))
			return true;
	return false;
}

/* A regular file (as a stat through the link types it). */
static struct fd_entry *file_fd(struct psnap *s, int fd, const char *path,
				unsigned flags)
{
	struct fd_entry *e = snapkit_fd(s, fd, path, flags);
	e->has_stat = true;
	e->ftype = S_IFREG;
	e->nlink = 1;
	return e;
}

/* ---- write-below-etc ---- */

Test(judge_mounts, etc_write_only)
{
	struct psnap s;
	const struct finding *f;
	snapkit_init(&s, 4242, "python3");
	file_fd(&s, 3, "/etc/procsift-test", O_WRONLY | O_APPEND);
	snapkit_run(J("write-below-etc"), &jc, &s, &out);
	cr_assert_eq(out.n, 1);
	f = &out.f[0];
	cr_assert_str_eq(f->rule, "write-below-etc");
	cr_assert_str_eq(f->judge, "write-below-etc");
	cr_assert_eq(f->kind, KIND_INDICATOR);
	cr_assert_eq(f->severity, SEV_MEDIUM);
	cr_assert_eq(f->pid, 4242);
	cr_assert_str_eq(f->where, "fd:3");
	cr_assert_null(f->evidence);
	cr_assert_eq(fact_num(f, "fd"), 3);
	cr_assert_str_eq(fact_str(f, "path"), "/etc/procsift-test");
	cr_assert_str_eq(fact_str(f, "flags"), "02001");
	cr_assert_str_eq(fact_str(f, "mode"), "w");
	cr_assert(has_tag(f, "T1546"));
	psnap_release(&s);
}

Test(judge_mounts, etc_read_only_is_not_a_write)
{
	struct psnap s;
	snapkit_init(&s, 4242, "cat");
	file_fd(&s, 3, "/etc/passwd", O_RDONLY);
	file_fd(&s, 4, "/usr/lib/x86_64-linux-gnu/libc.so.6", O_RDONLY);
	snapkit_run(J("write-below-etc"), &jc, &s, &out);
	cr_assert_eq(out.n, 0);
	psnap_release(&s);
}

/* "/etcetera" is not below /etc; a directory, a socket and an O_PATH
 * descriptor are not files written. */
Test(judge_mounts, etc_prefix_and_types_traps)
{
	struct psnap s;
	struct fd_entry *e;
	snapkit_init(&s, 4242, "app");
	file_fd(&s, 3, "/etcetera/x", O_RDWR);
	e = snapkit_fd(&s, 4, "/etc/ssh", O_RDONLY | O_DIRECTORY);
	e->type = FD_DIR;
	snapkit_fd(&s, 5, "socket:[1234]", O_RDWR);
	file_fd(&s, 6, "/etc/hostname", O_PATH);
	e = snapkit_fd(&s, 7, "/etc/fifo", O_WRONLY);
	e->has_stat = true;
	e->ftype = S_IFIFO;
	snapkit_run(J("write-below-etc"), &jc, &s, &out);
	cr_assert_eq(out.n, 0);
	psnap_release(&s);
}

/* Without fdinfo the access mode comes from the fd link's own mode. */
Test(judge_mounts, mode_without_fdinfo)
{
	struct psnap s;
	struct fd_entry *e;
	snapkit_init(&s, 4242, "sh");
	e = file_fd(&s, 9, "/usr/bin/ls", 0);
	e->has_info = false;
	strcpy(e->mode, "rw");
	s.loaded &= ~FACET_BIT(FACET_FDINFO);
	snapkit_run(J("write-below-etc"), &jc, &s, &out);
	cr_assert_eq(out.n, 1);
	cr_assert_str_eq(out.f[0].rule, "write-below-bin");
	cr_assert_eq(out.f[0].severity, SEV_HIGH);
	cr_assert_null(snapkit_fact(&out.f[0], "flags"));
	cr_assert_str_eq(fact_str(&out.f[0], "mode"), "rw");
	cr_assert(has_tag(&out.f[0], "T1543"));
	psnap_release(&s);
}

Test(judge_mounts, ssh_keys_boot_and_preload_are_high)
{
	struct psnap s;
	snapkit_init(&s, 4242, "bash");
	file_fd(&s, 3, "/root/.ssh/authorized_keys", O_WRONLY | O_APPEND);
	file_fd(&s, 4, "/home/bob/.ssh/authorized_keys", O_WRONLY);
	file_fd(&s, 5, "/boot/vmlinuz", O_RDWR);
	file_fd(&s, 6, "/etc/ld.so.preload", O_WRONLY | O_TRUNC);
	file_fd(&s, 7, "/home/.ssh/x", O_WRONLY); /* no user dir: /home */
	snapkit_run(J("write-below-etc"), &jc, &s, &out);
	cr_assert_eq(out.n, 4);
	cr_assert_str_eq(out.f[0].rule, "write-ssh-dir");
	cr_assert(has_tag(&out.f[0], "T1098.004"));
	cr_assert_str_eq(out.f[1].rule, "write-ssh-dir");
	cr_assert_str_eq(out.f[2].rule, "write-below-boot");
	cr_assert_str_eq(out.f[3].rule, "write-ld-so-preload");
	cr_assert(has_tag(&out.f[3], "T1574.006"));
	cr_assert_eq(out.f[0].severity, SEV_HIGH);
	cr_assert_eq(out.f[3].severity, SEV_HIGH);
	psnap_release(&s);
}

/* False-positive traps: a package manager writing its libraries is info,
 * with the reason; Python's bytecode cache is not reported. */
Test(judge_mounts, package_manager_is_info)
{
	struct psnap s;
	const struct finding *f;
	snapkit_init(&s, 4242, "dpkg");
	file_fd(&s, 3, "/usr/lib/x86_64-linux-gnu/libfoo.so.1.dpkg-new",
		O_WRONLY | O_CREAT);
	snapkit_run(J("write-below-etc"), &jc, &s, &out);
	cr_assert_eq(out.n, 1);
	f = &out.f[0];
	cr_assert_eq(f->severity, SEV_INFO);
	cr_assert_str_eq(fact_str(f, "exception"), "updater");
	psnap_release(&s);
}

Test(judge_mounts, python_bytecode_trap)
{
	struct psnap s;
	snapkit_init(&s, 4242, "python3");
	file_fd(&s, 3,
		"/usr/lib/python3/dist-packages/__pycache__/x.cpython-311.pyc",
		O_WRONLY | O_CREAT);
	snapkit_run(J("write-below-etc"), &jc, &s, &out);
	cr_assert_eq(out.n, 0);
	psnap_release(&s);
}

#define CTR_MOUNTS                                                        \
	"500 400 0:40 / / rw,relatime - overlay overlay rw,lowerdir=/l\n" \
	"501 500 0:60 / /proc rw - proc proc rw\n"                        \
	"502 500 0:61 / /tmp rw - tmpfs tmpfs rw\n"                       \
	"503 500 8:1 /var/lib/kubelet/pods/u/volumes/d /data rw - ext4 "  \
	"/dev/sda1 rw\n"

/* In a container, a file of its image written: drift, low; on a volume,
 * or in scratch places, not. */
Test(judge_mounts, container_rootfs_not_volume)
{
	struct psnap s;
	struct fd_entry *e;
	const struct finding *f;
	snapkit_init(&s, 4242, "app");
	snapkit_container(&s, NULL);
	snapkit_mounts(&s, CTR_MOUNTS);
	e = file_fd(&s, 3, "/app/state.db", O_RDWR);
	e->mnt_id = 500;
	file_fd(&s, 4, "/data/db", O_RDWR); /* by path: the volume */
	e = file_fd(&s, 5, "/var/log/app.log", O_WRONLY); /* scratch */
	e->mnt_id = 500;
	e = file_fd(&s, 6, "/data/other", O_WRONLY);
	e->mnt_id = 503;
	snapkit_run(J("write-below-etc"), &jc, &s, &out);
	cr_assert_eq(out.n, 1);
	f = &out.f[0];
	cr_assert_str_eq(f->rule, "write-container-rootfs");
	cr_assert_eq(f->severity, SEV_LOW);
	cr_assert_str_eq(fact_str(f, "mount"), "/");
	cr_assert_str_eq(fact_str(f, "fstype"), "overlay");
	cr_assert_str_eq(f->container, SNAPKIT_CID);
	psnap_release(&s);
}

/* /dev/, /proc/ and /sys/ are no image's places, even when a file there
 * is on the container's root mount (as docs/judges.md lists them). */
Test(judge_mounts, container_rootfs_kernel_places_trap)
{
	static const char *const paths[] = {"/dev/termination-log", "/proc/x",
					    "/sys/fs/cgroup/x"};
	struct psnap s;
	struct fd_entry *e;
	size_t i;
	snapkit_init(&s, 4242, "app");
	snapkit_container(&s, NULL);
	snapkit_mounts(&s, CTR_MOUNTS);
	for (i = 0; i < 3; i++) {
		e = file_fd(&s, (int)(3 + i), paths[i], O_WRONLY);
		e->mnt_id = 500;
	}
	snapkit_run(J("write-below-etc"), &jc, &s, &out);
	cr_assert_eq(out.n, 0, "%s", out.n ? out.f[0].message : "");
	psnap_release(&s);
}

/* The same write by a host process is no drift. */
Test(judge_mounts, host_process_root_write_trap)
{
	struct psnap s;
	snapkit_init(&s, 4242, "app");
	snapkit_mounts(&s, CTR_MOUNTS);
	file_fd(&s, 3, "/app/state.db", O_RDWR);
	snapkit_run(J("write-below-etc"), &jc, &s, &out);
	cr_assert_eq(out.n, 0);
	psnap_release(&s);
}

Test(judge_mounts, no_fds_no_crash)
{
	struct psnap s;
	snapkit_init(&s, 4242, "app");
	cr_assert_eq(snapkit_run(J("write-below-etc"), &jc, &s, &out), 0);
	cr_assert_eq(out.n, 0);
	s.loaded |= FACET_BIT(FACET_FDS);
	s.err[FACET_FDS] = EACCES;
	cr_assert_eq(snapkit_run(J("write-below-etc"), &jc, &s, &out), 0);
	cr_assert_eq(out.n, 0);
	psnap_release(&s);
}

/* ---- host views ---- */

static void mounts_of(const char *text, struct host_mount **m, size_t *n)
{
	struct mountns ns = {0};
	proc_mountinfo_parse(text, strlen(text), &ns.m, &ns.n, NULL);
	host_mounts_from(&ns, m, n);
	mount_entries_free(ns.m, ns.n);
}

#define HOST_MOUNTS                                                          \
	"22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"            \
	"25 22 0:25 / /run rw,nosuid shared:5 - tmpfs tmpfs rw\n"            \
	"26 22 0:5 / /proc rw shared:12 - proc proc rw\n"                    \
	"27 25 0:25 /user /srv/userbind rw - tmpfs tmpfs rw\n"               \
	"30 25 0:40 / /run/containerd/io.containerd.runtime.v2.task/k8s.io/" \
	"c1/rootfs rw - overlay overlay rw\n"

static void host_init(struct host_view *h, const char *host)
{
	host_view_init(h);
	mounts_of(host, &h->host_mounts, &h->nhost_mounts);
}

static struct host_container *add_ctr(struct host_view *h, const char *id,
				      pid_t pid, uint64_t mntns,
				      const char *mounts)
{
	struct host_container *c = host_view_add_container(h, id, mntns);
	c->pid = pid;
	c->start_ticks = 7000;
	c->comm = xstrdup("app");
	mounts_of(mounts, &c->mounts, &c->nmounts);
	return c;
}

static int run_host(const char *id, const struct host_view *h, char *err,
		    size_t errlen)
{
	const struct judge *j = J(id);
	cr_assert(j->judge_host, "%s is not a host judge", id);
	return j->judge_host(&jc, h, &out, err, errlen);
}

static const struct finding *by_host_path(const char *hp)
{
	size_t i;
	for (i = 0; i < out.n; i++) {
		const struct finding_fact *x =
			snapkit_fact(&out.f[i], "host_path");
		if (x && !strcmp(x->str, hp))
			return &out.f[i];
	}
	return NULL;
}

#define CID_A "aaaa0000aaaa0000aaaa0000aaaa0000aaaa0000aaaa0000aaaa0000aaaa0000"
#define CID_B "bbbb0000bbbb0000bbbb0000bbbb0000bbbb0000bbbb0000bbbb0000bbbb0000"

/* /var/run in the container is the host's /run: docker.sock's parent. */
Test(judge_mounts, var_run_parent_of_docker_sock)
{
	struct host_view h;
	const struct finding *f;
	char err[128] = "";
	host_init(&h, HOST_MOUNTS);
	add_ctr(&h, CID_A, 300, 1,
		"500 400 0:40 / / rw - overlay overlay rw\n"
		"501 500 0:60 / /proc rw - proc proc rw\n"
		"502 500 0:25 / /var/run rw - tmpfs tmpfs rw\n"
		"503 500 0:25 / /run2 ro - tmpfs tmpfs rw\n");
	cr_assert_eq(run_host("sensitive-host-mount", &h, err, sizeof(err)), 0);
	cr_assert_eq(out.n, 1, "one finding per container and host path");
	f = by_host_path("/run");
	cr_assert(f);
	cr_assert_eq(f->severity, SEV_CRITICAL);
	cr_assert_eq(f->pid, 300);
	cr_assert_str_eq(f->container, CID_A);
	cr_assert_str_eq(f->where, "mount:/var/run");
	cr_assert_str_eq(fact_str(f, "mount_point"), "/var/run");
	cr_assert_str_eq(fact_str(f, "exposes"), "/run/docker.sock");
	cr_assert_eq(fact_num(f, "exposes_count"), 3);
	cr_assert_eq(fact_num(f, "parent_dir"), 1);
	cr_assert_eq(fact_num(f, "rw"), 1);
	cr_assert(has_tag(f, "T1611"));
	host_view_release(&h);
}

Test(judge_mounts, falco_list_and_below)
{
	struct host_view h;
	const struct finding *f;
	char err[128] = "";
	host_init(&h, HOST_MOUNTS);
	add_ctr(&h, CID_A, 300, 1,
		"500 400 0:40 / / rw - overlay overlay rw\n"
		"503 500 8:1 /etc /host/etc ro - ext4 /dev/sda1 rw\n"
		"504 500 0:25 /containerd/containerd.sock "
		"/run/containerd/containerd.sock rw - tmpfs tmpfs rw\n"
		"505 500 8:1 /root/.kube /k rw - ext4 /dev/sda1 rw\n"
		"506 500 8:1 /var /hostvar rw - ext4 /dev/sda1 rw\n"
		"507 500 0:5 / /host/proc rw - proc proc rw\n"
		"508 500 8:1 / /host rw - ext4 /dev/sda1 rw\n");
	cr_assert_eq(run_host("sensitive-host-mount", &h, err, sizeof(err)), 0);
	cr_assert_eq(out.n, 6);
	f = by_host_path("/etc");
	cr_assert(f);
	cr_assert_eq(f->severity, SEV_HIGH);
	cr_assert_eq(fact_num(f, "rw"), 0);
	cr_assert_eq(fact_num(f, "parent_dir"), 0);
	f = by_host_path("/run/containerd/containerd.sock");
	cr_assert(f);
	cr_assert_eq(f->severity, SEV_CRITICAL);
	f = by_host_path("/root/.kube");
	cr_assert(f);
	cr_assert_str_eq(fact_str(f, "exposes"), "/root");
	f = by_host_path("/var");
	cr_assert(f);
	cr_assert_str_eq(fact_str(f, "exposes"), "/var/lib/kubelet");
	cr_assert(by_host_path("/proc"));
	f = by_host_path("/");
	cr_assert(f);
	cr_assert_eq(f->severity, SEV_CRITICAL);
	host_view_release(&h);
}

/* False-positive traps: kubelet's volumes, /etc/hosts from the pod
 * directory, the container's own /proc sharing the host's procfs (hostPID
 * before Linux 5.8), its overlay root and tmpfs: nothing. */
Test(judge_mounts, ordinary_pod_mounts_trap)
{
	struct host_view h;
	char err[128] = "";
	host_init(&h, HOST_MOUNTS);
	add_ctr(&h, CID_A, 300, 1,
		"500 400 0:40 / / rw - overlay overlay rw\n"
		"501 500 0:5 / /proc rw - proc proc rw\n"
		"502 500 0:61 / /dev rw - tmpfs tmpfs rw\n"
		"503 500 8:1 /var/lib/kubelet/pods/u/volumes/d /data rw - ext4 "
		"/dev/sda1 rw\n"
		"504 500 8:1 /var/lib/kubelet/pods/u/etc-hosts /etc/hosts rw - "
		"ext4 /dev/sda1 rw\n"
		"505 500 0:25 /user/x /cache rw - tmpfs tmpfs rw\n");
	cr_assert_eq(run_host("sensitive-host-mount", &h, err, sizeof(err)), 0);
	cr_assert_eq(out.n, 0, "%zu findings, first %s", out.n,
		     out.n ? out.f[0].message : "");
	host_view_release(&h);
}

/* An old host where /var/run is a mount point of its own. */
Test(judge_mounts, var_run_mounted_on_old_host)
{
	struct host_view h;
	const struct finding *f;
	char err[128] = "";
	host_init(&h, "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
		      "25 22 0:25 / /var/run rw - tmpfs tmpfs rw\n");
	add_ctr(&h, CID_A, 300, 1,
		"500 400 0:40 / / rw - overlay overlay rw\n"
		"501 500 0:25 /crio /crio ro - tmpfs tmpfs rw\n");
	cr_assert_eq(run_host("sensitive-host-mount", &h, err, sizeof(err)), 0);
	f = by_host_path("/run/crio");
	cr_assert(f);
	cr_assert_str_eq(fact_str(f, "exposes"), "/run/crio/crio.sock");
	host_view_release(&h);
}

Test(judge_mounts, host_mounts_unreadable_fails)
{
	struct host_view h;
	char err[128] = "";
	host_view_init(&h);
	h.host_mounts_err = EACCES;
	cr_assert_eq(run_host("sensitive-host-mount", &h, err, sizeof(err)), 0,
		     "no container: nothing to judge");
	add_ctr(&h, CID_A, 300, 1,
		"500 400 0:40 / / rw - overlay overlay rw\n");
	cr_assert_eq(run_host("sensitive-host-mount", &h, err, sizeof(err)),
		     -EACCES);
	cr_assert(strstr(err, "mount table"));
	host_view_release(&h);
}

Test(judge_mounts, mutable_rootfs_once_per_container)
{
	struct host_view h;
	const struct finding *f;
	char err[128] = "";
	host_init(&h, HOST_MOUNTS);
	/* Two mount namespaces of container A; the lower pid speaks. */
	add_ctr(&h, CID_A, 320, 2,
		"600 400 0:41 / / rw - overlay overlay rw\n");
	add_ctr(&h, CID_A, 310, 1,
		"500 400 0:40 / / rw,relatime - overlay overlay rw\n");
	/* B: read-only root (readOnlyRootFilesystem). */
	add_ctr(&h, CID_B, 400, 3,
		"700 400 0:42 / / ro,relatime - overlay overlay rw\n");
	cr_assert_eq(run_host("mutable-container-rootfs", &h, err, sizeof(err)),
		     0);
	cr_assert_eq(out.n, 1);
	f = &out.f[0];
	cr_assert_eq(f->kind, KIND_POSTURE);
	cr_assert_eq(f->severity, SEV_INFO);
	cr_assert_eq(f->pid, 310);
	cr_assert_str_eq(f->container, CID_A);
	cr_assert_str_eq(fact_str(f, "fstype"), "overlay");
	cr_assert_str_eq(fact_str(f, "source"), "overlay");
	cr_assert_eq(fact_num(f, "pid"), 310);
	host_view_release(&h);
}

/* The mount last stacked on "/" is the one the container sees. */
Test(judge_mounts, mutable_rootfs_stacked_root)
{
	struct host_view h;
	char err[128] = "";
	host_init(&h, HOST_MOUNTS);
	add_ctr(&h, CID_B, 400, 3,
		"700 400 0:42 / / rw - overlay overlay rw\n"
		"701 700 0:42 / / ro - overlay overlay rw\n");
	cr_assert_eq(run_host("mutable-container-rootfs", &h, err, sizeof(err)),
		     0);
	cr_assert_eq(out.n, 0);
	host_view_release(&h);
}

/* ---- hidden-pid ---- */

Test(judge_mounts, hidden_pid_confirmed)
{
	struct host_view h;
	const struct finding *f;
	char err[128] = "";
	host_view_init(&h);
	h.probe.ran = true;
	h.probe.pid_max = 32768;
	h.probe.hidden = xcalloc(1, sizeof(*h.probe.hidden));
	h.probe.nhidden = h.probe.hidden_alloc = 1;
	h.probe.hidden[0] = (struct hidden_pid){.pid = 4321,
						.ppid = 1,
						.start_ticks = 99,
						.comm = "evil",
						.stat_read = true};
	cr_assert_eq(run_host("hidden-pid", &h, err, sizeof(err)), 0);
	cr_assert_eq(out.n, 1);
	f = &out.f[0];
	cr_assert_eq(f->severity, SEV_CRITICAL);
	cr_assert_eq(f->pid, 4321);
	cr_assert_eq(f->start_ticks, 99);
	cr_assert_str_eq(f->comm, "evil");
	cr_assert_eq(fact_num(f, "pid"), 4321);
	cr_assert_str_eq(fact_str(f, "comm"), "evil");
	cr_assert_eq(fact_num(f, "ppid"), 1);
	cr_assert(has_tag(f, "T1014"));
	host_view_release(&h);
}

/* Not run (the summary says why), or run with nothing hidden: nothing;
 * a probe that failed makes the judge fail. */
Test(judge_mounts, hidden_pid_not_run_or_failed)
{
	struct host_view h;
	char err[128] = "";
	host_view_init(&h);
	cr_assert_eq(run_host("hidden-pid", &h, err, sizeof(err)), 0);
	h.probe.ran = true;
	h.probe.transient = 3; /* busy host: gone at a re-check */
	cr_assert_eq(run_host("hidden-pid", &h, err, sizeof(err)), 0);
	cr_assert_eq(out.n, 0);
	h.probe.err = EACCES;
	cr_assert_eq(run_host("hidden-pid", &h, err, sizeof(err)), -EACCES);
	cr_assert(strstr(err, "probe"));
	host_view_release(&h);
}

Test(judge_mounts, tgid_parser)
{
	static const char st[] = "Name:\tjava\nUmask:\t0022\nState:\tS\n"
				 "Tgid:\t42\nNgid:\t0\nPid:\t43\n";
	cr_assert(pid_probe_is_leader(st, strlen(st), 42));
	cr_assert_not(pid_probe_is_leader(st, strlen(st), 43),
		      "a thread of 42");
	cr_assert_not(pid_probe_is_leader("Name:\tx\n", 8, 1));
	cr_assert_not(pid_probe_is_leader("Tgid:\t4x\n", 9, 4));
	cr_assert_not(pid_probe_is_leader("Tgid:\t\n", 7, 0));
	cr_assert_not(pid_probe_is_leader("Tgid:\t99999999999999999\n", 24, 1));
	/* No trailing newline, cut where the number ends. */
	cr_assert(pid_probe_is_leader("Tgid:\t7", 7, 7));
}

/* ---- whether the probe runs by default ---- */

static size_t gate(const struct judge_opts *o, unsigned pid_max, size_t nprocs,
		   char *why, size_t whylen)
{
	const struct judge *sel[64];
	size_t n = 0, i;
	cr_assert_eq(judge_opts_select(o, "scan", sel, &n), 0);
	judge_opts_probe_gate(o, sel, &n, pid_max, nprocs, why, whylen);
	for (i = 0; i < n; i++)
		if (!strcmp(sel[i]->id, "hidden-pid"))
			return 1;
	return 0;
}

Test(judge_mounts, probe_gate)
{
	struct judge_opts o;
	char why[200];
	judge_opts_init(&o);
	cr_assert_eq(gate(&o, 32768, 100, why, sizeof(why)), 0);
	cr_assert(strstr(why, "32768") && strstr(why, "--judge hidden-pid"));
	cr_assert_eq(gate(&o, 32768, 5000, why, sizeof(why)), 1);
	cr_assert_str_eq(why, "");
	cr_assert_eq(gate(&o, 0, 10, why, sizeof(why)), 1, "unknown: run");
	cr_assert_eq(judge_opts_opt(&o, "scan", JO_PID, "1"), 0);
	cr_assert_eq(gate(&o, 32768, 5000, why, sizeof(why)), 0);
	cr_assert(strstr(why, "--pid"));
	cr_assert_eq(judge_opts_opt(&o, "scan", JO_JUDGE, "hidden-pid"), 0);
	cr_assert_eq(gate(&o, 4194304, 10, why, sizeof(why)), 1);
	cr_assert_str_eq(why, "");
	judge_opts_release(&o);
}
