/* Tests for proc/cgroup: container and pod attribution from /proc/PID/cgroup.
 * The ids and UIDs are made up; the line shapes are the ones runtimes write,
 * with the source named above each case. */
#include <criterion/criterion.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc/cgroup.h"

#define ID_A "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"
#define ID_B "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d"
#define ID_C "2e7d2c03a9507ae265ecf5b5356885a53393a2029d241394997265a1a25aefc6"
#define UID "1f3a5c7e-9b2d-4f6a-8c0e-1a3b5c7d9e0f"
#define UID_ "1f3a5c7e_9b2d_4f6a_8c0e_1a3b5c7d9e0f"   /* systemd driver */
#define STATIC_UID "23b5c5a138ffb34cba6fda53690335d5" /* static pod hash */

static struct container_info ci;

static int parse_n(const char *s, size_t n)
{
	memset(&ci, 0xa5, sizeof(ci)); /* prove every field is written */
	return cgroup_attribute(s, n, &ci);
}

static int parse(const char *s)
{
	return parse_n(s, strlen(s));
}

static void expect(enum container_runtime rt, const char *id, enum pod_qos qos,
		   const char *uid)
{
	cr_assert_eq(ci.runtime, rt, "runtime %d, want %d", ci.runtime, rt);
	cr_assert_str_eq(ci.id, id);
	cr_assert_eq(ci.qos, qos, "qos %d, want %d", ci.qos, qos);
	cr_assert_str_eq(ci.pod_uid, uid);
}

static void expect_path(const char *want)
{
	cr_assert_eq(ci.path_len, strlen(want));
	cr_assert(memcmp(ci.path, want, ci.path_len) == 0, "path %.*s",
		  (int)ci.path_len, ci.path);
}

/* Docker, cgroupfs driver, cgroup v1: every hierarchy shows /docker/<id>
 * (Docker docs "Runtime metrics"; falcosecurity-libs docker {"/",""}). */
Test(cgroup, docker_v1_cgroupfs_file)
{
	const char *f = "12:pids:/docker/" ID_A "\n"
			"11:hugetlb:/docker/" ID_A "\n"
			"10:net_cls,net_prio:/docker/" ID_A "\n"
			"9:cpu,cpuacct:/docker/" ID_A "\n"
			"8:memory:/docker/" ID_A "\n"
			"7:devices:/docker/" ID_A "\n"
			"6:freezer:/docker/" ID_A "\n"
			"5:perf_event:/docker/" ID_A "\n"
			"4:blkio:/docker/" ID_A "\n"
			"3:cpuset:/docker/" ID_A "\n"
			"2:rdma:/\n"
			"1:name=systemd:/docker/" ID_A "\n"
			"0::/system.slice/containerd.service\n";

	cr_assert_eq(parse(f), 0);
	expect(RUNTIME_DOCKER, ID_A, QOS_NONE, "");
	expect_path("/docker/" ID_A); /* name=systemd beats line 1 */
	cr_assert_str_eq(container_runtime_name(ci.runtime), "docker");
}

/* Docker, systemd driver, cgroup v2 (Docker docs "native.cgroupdriver";
 * falcosecurity-libs docker {"/docker-",".scope"}). */
Test(cgroup, docker_v2_systemd)
{
	cr_assert_eq(parse("0::/system.slice/docker-" ID_B ".scope\n"), 0);
	expect(RUNTIME_DOCKER, ID_B, QOS_NONE, "");
	expect_path("/system.slice/docker-" ID_B ".scope");
}

/* A container running systemd gets its own init.scope below the scope. */
Test(cgroup, docker_v2_systemd_in_container)
{
	cr_assert_eq(
		parse("0::/system.slice/docker-" ID_B ".scope/init.scope\n"),
		0);
	expect(RUNTIME_DOCKER, ID_B, QOS_NONE, "");
}

/* containerd CRI, kubelet systemd driver, v2 (Kubernetes docs "Configuring
 * a cgroup driver"; falcosecurity-libs {"/cri-containerd-",".scope"}). */
Test(cgroup, containerd_k8s_systemd_v2_burstable)
{
	cr_assert_eq(parse("0::/kubepods.slice/kubepods-burstable.slice/"
			   "kubepods-burstable-pod" UID_
			   ".slice/cri-containerd-" ID_A ".scope\n"),
		     0);
	expect(RUNTIME_CONTAINERD, ID_A, QOS_BURSTABLE, UID);
	cr_assert_str_eq(pod_qos_name(ci.qos), "burstable");
	cr_assert_str_eq(container_runtime_name(ci.runtime), "containerd");
}

/* Guaranteed pods sit directly under kubepods.slice (Kubernetes docs "Pod
 * Quality of Service Classes"; kubelet cgroup naming). */
Test(cgroup, containerd_k8s_systemd_guaranteed)
{
	cr_assert_eq(parse("0::/kubepods.slice/kubepods-pod" UID_
			   ".slice/cri-containerd-" ID_A ".scope"),
		     0);
	expect(RUNTIME_CONTAINERD, ID_A, QOS_GUARANTEED, UID);
	cr_assert_str_eq(pod_qos_name(ci.qos), "guaranteed");
}

/* containerd CRI, cgroupfs driver, v1: no runtime marker in the path
 * (falcosecurity-libs CRI layout {"/",""}). */
Test(cgroup, containerd_k8s_cgroupfs_v1_besteffort)
{
	const char *f =
		"11:memory:/kubepods/besteffort/pod" UID "/" ID_C "\n"
		"10:cpu,cpuacct:/kubepods/besteffort/pod" UID "/" ID_C "\n"
		"1:name=systemd:/kubepods/besteffort/pod" UID "/" ID_C "\n";

	cr_assert_eq(parse(f), 0);
	expect(RUNTIME_UNKNOWN, ID_C, QOS_BESTEFFORT, UID);
	cr_assert_str_eq(container_runtime_name(ci.runtime), "unknown");
	cr_assert_str_eq(pod_qos_name(ci.qos), "besteffort");
}

Test(cgroup, cgroupfs_guaranteed)
{
	cr_assert_eq(parse("4:memory:/kubepods/pod" UID "/" ID_C), 0);
	expect(RUNTIME_UNKNOWN, ID_C, QOS_GUARANTEED, UID);
}

/* containerd given a systemd cgroupsPath but running runc with cgroupfs
 * (SystemdCgroup = false): the "slice:prefix:name" string becomes a literal
 * path (falcosecurity-libs {":cri-containerd:",""}; seen in APM agents'
 * issue trackers). */
Test(cgroup, containerd_colon_form_v1)
{
	const char *f =
		"11:perf_event:/kubepods-besteffort-pod" UID_
		".slice:cri-containerd:" ID_B "\n"
		"10:blkio:/system.slice/containerd.service/kubepods-besteffort-"
		"pod" UID_ ".slice:cri-containerd:" ID_B "\n"
		"1:name=systemd:/system.slice/containerd.service/"
		"kubepods-besteffort-pod" UID_ ".slice:cri-containerd:" ID_B
		"\n";

	cr_assert_eq(parse(f), 0);
	expect(RUNTIME_CONTAINERD, ID_B, QOS_BESTEFFORT, UID);
}

/* CRI-O, systemd driver, v1, with an odd "files" hierarchy (CRI-O
 * crio.conf(5) cgroup_manager; falcosecurity-libs {"/crio-",".scope"}). */
Test(cgroup, crio_k8s_systemd_v1)
{
	const char *f =
		"13:freezer:/kubepods.slice/kubepods-burstable.slice/"
		"kubepods-burstable-pod" UID_ ".slice/crio-" ID_A ".scope\n"
		"11:files:/\n"
		"1:name=systemd:/kubepods.slice/kubepods-burstable.slice/"
		"kubepods-burstable-pod" UID_ ".slice/crio-" ID_A ".scope\n";

	cr_assert_eq(parse(f), 0);
	expect(RUNTIME_CRIO, ID_A, QOS_BURSTABLE, UID);
	cr_assert_str_eq(container_runtime_name(ci.runtime), "cri-o");
}

/* CRI-O, cgroupfs driver (falcosecurity-libs {"/crio-",""}). */
Test(cgroup, crio_k8s_cgroupfs)
{
	cr_assert_eq(parse("0::/kubepods/burstable/pod" UID "/crio-" ID_A), 0);
	expect(RUNTIME_CRIO, ID_A, QOS_BURSTABLE, UID);
}

/* conmon, CRI-O's monitor, lives in the pod slice but is not a container
 * (CRI-O conmon_cgroup = "pod"). */
Test(cgroup, crio_conmon_is_not_a_container)
{
	cr_assert_eq(parse("0::/kubepods.slice/kubepods-burstable.slice/"
			   "kubepods-burstable-pod" UID_
			   ".slice/crio-conmon-" ID_A ".scope\n"),
		     0);
	expect(RUNTIME_NONE, "", QOS_BURSTABLE, UID);
	cr_assert_null(container_runtime_name(ci.runtime));
}

/* cri-dockerd: Docker containers in kubepods, systemd driver
 * (falcosecurity-libs {"/docker-",".scope"} "cri-dockerd scenario"). */
Test(cgroup, cri_dockerd_k8s)
{
	cr_assert_eq(
		parse("1:name=systemd:/kubepods.slice/"
		      "kubepods-besteffort.slice/kubepods-besteffort-pod" UID_
		      ".slice/docker-" ID_C ".scope"),
		0);
	expect(RUNTIME_DOCKER, ID_C, QOS_BESTEFFORT, UID);
}

/* Podman rootful, systemd manager (podman(1) --cgroup-manager; the
 * "libpod-" layout in downstream copies of falcosecurity-libs). */
Test(cgroup, podman_rootful)
{
	cr_assert_eq(parse("0::/machine.slice/libpod-" ID_A ".scope\n"), 0);
	expect(RUNTIME_PODMAN, ID_A, QOS_NONE, "");
	cr_assert_str_eq(container_runtime_name(ci.runtime), "podman");
}

/* Podman rootless, v2: the payload runs in a "container" child so the
 * scope can hold crun's cgroup (podman rootless docs). */
Test(cgroup, podman_rootless)
{
	cr_assert_eq(parse("0::/user.slice/user-1000.slice/user@1000.service/"
			   "user.slice/libpod-" ID_B ".scope/container\n"),
		     0);
	expect(RUNTIME_PODMAN, ID_B, QOS_NONE, "");
}

/* Podman cgroupfs manager: /libpod_parent/libpod-<id>. */
Test(cgroup, podman_cgroupfs)
{
	cr_assert_eq(parse("0::/libpod_parent/libpod-" ID_B), 0);
	expect(RUNTIME_PODMAN, ID_B, QOS_NONE, "");
}

Test(cgroup, podman_conmon_is_not_a_container)
{
	cr_assert_eq(parse("0::/machine.slice/libpod-conmon-" ID_A ".scope\n"),
		     0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
}

/* kind: the node container's kubelet uses cgroup root /kubelet, so slices
 * are prefixed "kubelet-" (kind source, kubeadm config). */
Test(cgroup, kind_nested_kubelet_slice)
{
	cr_assert_eq(parse("0::/kubelet.slice/kubelet-kubepods.slice/"
			   "kubelet-kubepods-besteffort.slice/"
			   "kubelet-kubepods-besteffort-pod" UID_
			   ".slice/cri-containerd-" ID_A ".scope\n"),
		     0);
	expect(RUNTIME_CONTAINERD, ID_A, QOS_BESTEFFORT, UID);
}

/* The same process seen from the host: the innermost container wins. */
Test(cgroup, kind_from_host_innermost_wins)
{
	cr_assert_eq(parse("0::/system.slice/docker-" ID_C
			   ".scope/kubelet.slice/kubelet-kubepods.slice/"
			   "kubelet-kubepods-pod" UID_
			   ".slice/cri-containerd-" ID_A ".scope\n"),
		     0);
	expect(RUNTIME_CONTAINERD, ID_A, QOS_GUARANTEED, UID);
}

/* A pod cgroup nested in a node container: the outer container is not the
 * pod's, so only the pod is reported. */
Test(cgroup, kind_pod_level_from_host)
{
	cr_assert_eq(parse("0::/docker/" ID_C "/kubepods/burstable/pod" UID),
		     0);
	expect(RUNTIME_NONE, "", QOS_BURSTABLE, UID);
}

/* A process in the pod cgroup itself (no container below it). */
Test(cgroup, pod_level_process)
{
	cr_assert_eq(parse("0::/kubepods.slice/kubepods-burstable.slice/"
			   "kubepods-burstable-pod" UID_ ".slice\n"),
		     0);
	expect(RUNTIME_NONE, "", QOS_BURSTABLE, UID);
}

/* Static pods (kube-apiserver, etcd) use the manifest's 32-hex hash as UID:
 * the pod is recognised (qos) but no UUID can be reported. */
Test(cgroup, static_pod_hash_uid)
{
	cr_assert_eq(parse("0::/kubepods.slice/kubepods-burstable.slice/"
			   "kubepods-burstable-pod" STATIC_UID
			   ".slice/cri-containerd-" ID_A ".scope\n"),
		     0);
	expect(RUNTIME_CONTAINERD, ID_A, QOS_BURSTABLE, "");
	cr_assert_eq(parse("0::/kubepods/burstable/pod" STATIC_UID "/" ID_A),
		     0);
	expect(RUNTIME_UNKNOWN, ID_A, QOS_BURSTABLE, "");
}

/* nerdctl with systemd: "nerdctl-<id>.scope" (nerdctl docs, cgroup
 * manager); with cgroupfs: "/<namespace>/<id>", no marker. */
Test(cgroup, nerdctl_and_plain_containerd)
{
	cr_assert_eq(parse("0::/system.slice/nerdctl-" ID_B ".scope\n"), 0);
	expect(RUNTIME_CONTAINERD, ID_B, QOS_NONE, "");
	cr_assert_eq(parse("0::/default/" ID_B "\n"), 0);
	expect(RUNTIME_UNKNOWN, ID_B, QOS_NONE, "");
}

/* Host processes under systemd (systemd.special(7), systemd-logind). */
Test(cgroup, host_processes)
{
	cr_assert_eq(parse("0::/init.scope\n"), 0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
	expect_path("/init.scope");
	cr_assert_eq(parse("0::/user.slice/user-1000.slice/session-1.scope\n"),
		     0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
	cr_assert_eq(parse("0::/system.slice/sshd.service\n"), 0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
	cr_assert_eq(parse("0::/system.slice/docker.service\n"), 0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
	cr_assert_null(pod_qos_name(ci.qos));
}

/* Inside a private cgroup namespace (Docker's default on v2) a container
 * sees its own cgroup as the root: nothing to attribute. */
Test(cgroup, v2_root_in_cgroup_namespace)
{
	cr_assert_eq(parse("0::/\n"), 0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
	expect_path("/");
}

/* A v1 host file without attribution: the v2 line's path, else line 1's. */
Test(cgroup, host_v1_path_choice)
{
	cr_assert_eq(parse("12:pids:/user.slice/user-1000.slice/session-2."
			   "scope\n"
			   "1:name=systemd:/user.slice/user-1000.slice/"
			   "session-2.scope\n"),
		     0);
	expect_path("/user.slice/user-1000.slice/session-2.scope");
	cr_assert_eq(parse("2:cpu:/\n0::/init.scope\n"), 0);
	expect_path("/init.scope");
}

/* WSL2-like hybrid file: mostly empty paths and a misc controller. */
Test(cgroup, wsl_like_hybrid)
{
	cr_assert_eq(parse("14:misc:/\n13:rdma:/\n2:cpu:/\n1:name=systemd:/\n"
			   "0::/\n"),
		     0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
	expect_path("/");
}

/* Desktop and VM scopes that look busy but are host processes: a snap app
 * scope carries a UUID, a libvirt scope has escaped dashes. */
Test(cgroup, odd_systemd_lines)
{
	cr_assert_eq(parse("0::/user.slice/user-1000.slice/user@1000.service/"
			   "app.slice/snap.firefox.firefox-" UID ".scope\n"),
		     0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
	cr_assert_eq(
		parse("0::/machine.slice/"
		      "machine-qemu\\x2d1\\x2dvm.scope/libvirt/emulator\n"),
		0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
}

/* cgroup v2 appends " (deleted)" when the cgroup was removed. */
Test(cgroup, deleted_suffix)
{
	cr_assert_eq(
		parse("0::/system.slice/docker-" ID_A ".scope (deleted)\n"), 0);
	expect(RUNTIME_DOCKER, ID_A, QOS_NONE, "");
	expect_path("/system.slice/docker-" ID_A ".scope");
}

/* An informative v1 line beats an uninformative v2 line. */
Test(cgroup, informative_line_wins)
{
	cr_assert_eq(parse("0::/\n3:memory:/docker/" ID_A "\n"), 0);
	expect(RUNTIME_DOCKER, ID_A, QOS_NONE, "");
	expect_path("/docker/" ID_A);
}

/* Hostile and malformed input. */

Test(cgroup, empty_input)
{
	cr_assert_eq(parse_n("", 0), -EINVAL);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
	cr_assert_null(ci.path);
	cr_assert_eq(ci.path_len, 0);
	cr_assert_eq(cgroup_attribute(NULL, 0, &ci), -EINVAL);
}

Test(cgroup, lines_without_colons)
{
	cr_assert_eq(parse("hello\nworld\n/docker/" ID_A "\n"), -EINVAL);
	cr_assert_eq(parse("0:/docker/" ID_A), -EINVAL);
	cr_assert_eq(parse("x::/docker/" ID_A), -EINVAL);
	cr_assert_eq(parse("0::docker/" ID_A), -EINVAL); /* not absolute */
	cr_assert_eq(parse("\n\n\n"), -EINVAL);
	/* garbage around one good line */
	cr_assert_eq(parse("junk\n::\n7:memory:/docker/" ID_A "\nmore"), 0);
	expect(RUNTIME_DOCKER, ID_A, QOS_NONE, "");
}

/* The buffer is not NUL-terminated: reading one byte past would be caught
 * by ASan, since the copy is exactly len bytes. */
Test(cgroup, no_trailing_newline_or_nul)
{
	const char src[] = "0::/system.slice/docker-" ID_A ".scope";
	char *buf = malloc(sizeof(src) - 1);

	memcpy(buf, src, sizeof(src) - 1);
	cr_assert_eq(parse_n(buf, sizeof(src) - 1), 0);
	expect(RUNTIME_DOCKER, ID_A, QOS_NONE, "");
	cr_assert(ci.path >= buf &&
		  ci.path + ci.path_len <= buf + sizeof(src) - 1);
	free(buf);
}

/* NUL ends a line: text after it is another (here invalid) line, and an id
 * split by a NUL is no id. */
Test(cgroup, embedded_nul)
{
	const char a[] = "0::/docker/" ID_A "\0garbage";
	const char b[] = "0::/docker/ca978112ca1bbdcafac2\0"
			 "31b39a23dc4da786eff8147c4e72b9807785afee48bb";
	const char c[] = "\0\0\0000::/system.slice/docker-" ID_B ".scope\0\0";

	cr_assert_eq(parse_n(a, sizeof(a) - 1), 0);
	expect(RUNTIME_DOCKER, ID_A, QOS_NONE, "");
	cr_assert_eq(parse_n(b, sizeof(b) - 1), 0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
	cr_assert_eq(parse_n(c, sizeof(c) - 1), 0);
	expect(RUNTIME_DOCKER, ID_B, QOS_NONE, "");
}

/* Decision: a hex run longer than 64 is not an id, with or without a
 * marker; it is never truncated to 64 (that would forge a real id). */
Test(cgroup, overlong_id_rejected)
{
	cr_assert_eq(parse("0::/docker/" ID_A "abcdef\n"), 0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
	cr_assert_eq(parse("0::/system.slice/docker-" ID_A "abcdef.scope\n"),
		     0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
	cr_assert_eq(parse("0::/kubepods/pod" UID "/" ID_A "abcdef\n"), 0);
	expect(RUNTIME_NONE, "", QOS_GUARANTEED, UID);
}

/* Decision: ids of 12..63 hex only between a runtime prefix and ".scope";
 * anything else must be exactly 64 hex. */
Test(cgroup, short_ids)
{
	cr_assert_eq(parse("0::/system.slice/docker-abcdef012345.scope"), 0);
	expect(RUNTIME_DOCKER, "abcdef012345", QOS_NONE, "");
	cr_assert_eq(parse("0::/crio-abcdef0123456.scope"), 0);
	expect(RUNTIME_CRIO, "abcdef0123456", QOS_NONE, "");
	/* no ".scope" to close it: maybe a cut read */
	cr_assert_eq(parse("0::/crio-abcdef0123456"), 0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
	cr_assert_eq(parse("0::/docker/abcdef0123456"), 0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
	cr_assert_eq(parse("0::/system.slice/docker-cafe.scope"), 0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
	cr_assert_eq(parse("0::/default/abcdef0123456789"), 0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
	/* 63 hex, no marker */
	cr_assert_eq(
		parse("0::/x/"
		      "a978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b98077"
		      "85afee48bb"),
		0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
}

Test(cgroup, uppercase_hex_is_lowercased)
{
	cr_assert_eq(
		parse("0::/kubepods/burstable/"
		      "pod1F3A5C7E-9B2D-4F6A-8C0E-1A3B5C7D9E0F/"
		      "CA978112CA1BBDCAFAC231B39A23DC4DA786EFF8147C4E72B98077"
		      "85AFEE48BB"),
		0);
	expect(RUNTIME_UNKNOWN, ID_A, QOS_BURSTABLE, UID);
}

Test(cgroup, bad_pod_uids)
{
	/* dash misplaced, non-hex, too short, no kubepods parent */
	cr_assert_eq(parse("0::/kubepods/pod1f3a5c7e9-b2d-4f6a-8c0e-"
			   "1a3b5c7d9e0f"),
		     0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
	cr_assert_eq(parse("0::/kubepods/podzf3a5c7e-9b2d-4f6a-8c0e-"
			   "1a3b5c7d9e0f"),
		     0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
	cr_assert_eq(parse("0::/kubepods.slice/kubepods-pod1234.slice"), 0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
	cr_assert_eq(parse("0::/somewhere/pod" UID), 0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
	cr_assert_eq(parse("0::/notkubepods-pod" UID_ ".slice"), 0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
}

/* A read cut short mid-line: the cut line loses its id, others still count. */
Test(cgroup, truncated_file)
{
	const char *f = "3:memory:/docker/" ID_A "\n2:cpu:/docker/" ID_A;

	cr_assert_eq(parse_n(f, strlen(f) - 10), 0);
	expect(RUNTIME_DOCKER, ID_A, QOS_NONE, "");
	expect_path("/docker/" ID_A);
	cr_assert_eq(parse_n(f, 40), 0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
}

Test(cgroup, invalid_utf8)
{
	const char *f = "0::/system.slice/\xff\xfe\xc3(.scope/docker-\xe2\x82"
			"\n";

	cr_assert_eq(parse(f), 0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
	cr_assert_eq(ci.path_len, strlen(f) - 4);
}

/* 100 KB paths: linear work, the id at the end still found; a 100 KB hex
 * run is not an id. */
Test(cgroup, huge_path)
{
	size_t n = 100 * 1024;
	const char *tail = "/docker-" ID_B ".scope\n";
	char *buf = malloc(n + 64 + strlen(tail));
	size_t len;

	memcpy(buf, "0::/", 4);
	memset(buf + 4, 'a', n);
	len = 4 + n;
	memcpy(buf + len, tail, strlen(tail));
	len += strlen(tail);
	cr_assert_eq(parse_n(buf, len), 0);
	expect(RUNTIME_DOCKER, ID_B, QOS_NONE, "");
	cr_assert_eq(ci.path, buf + 3);
	cr_assert_eq(ci.path_len, len - 4);

	memcpy(buf, "0::/docker/", 11);
	cr_assert_eq(parse_n(buf, n), 0);
	expect(RUNTIME_NONE, "", QOS_NONE, "");
	free(buf);
}

Test(cgroup, many_lines_pick_first_best)
{
	size_t n = 20000, len = 0;
	char *buf = malloc(n * 5 + 200);

	for (size_t i = 0; i < n; i++) {
		memcpy(buf + len, "0::/\n", 5);
		len += 5;
	}
	len += (size_t)sprintf(buf + len, "5:pids:/docker/%s\n", ID_C);
	cr_assert_eq(parse_n(buf, len), 0);
	expect(RUNTIME_DOCKER, ID_C, QOS_NONE, "");
	free(buf);
}

Test(cgroup, names)
{
	cr_assert_str_eq(container_runtime_name(RUNTIME_DOCKER), "docker");
	cr_assert_str_eq(container_runtime_name(RUNTIME_CRIO), "cri-o");
	cr_assert_null(container_runtime_name(RUNTIME_NONE));
	cr_assert_null(container_runtime_name((enum container_runtime)99));
	cr_assert_null(pod_qos_name(QOS_NONE));
	cr_assert_null(pod_qos_name((enum pod_qos)99));
}
