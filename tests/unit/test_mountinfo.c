/* Tests for proc/mountinfo. Real lines come from this project's test host
 * (escapes from tmpfs mounts at "mnt dir" and "b<TAB>tab\back"); container
 * lines are written from proc(5) and the shapes Docker and kubelet produce. */
#include <criterion/criterion.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc/mountinfo.h"
#include "proc/mounts.h"
#include "util/xalloc.h"

static struct mount_entry me;

static int parse_n(const char *s, size_t n)
{
	memset(&me, 0xa5, sizeof(me)); /* prove every field is written */
	return proc_mountinfo_parse_line(s, n, &me);
}

static int parse(const char *s)
{
	return parse_n(s, strlen(s));
}

static void expect_empty(void)
{
	struct mount_entry zero;

	memset(&zero, 0, sizeof(zero));
	cr_assert(memcmp(&me, &zero, sizeof(me)) == 0, "out not left empty");
}

static void fails(const char *s)
{
	cr_assert_eq(parse(s), -EINVAL, "parsed: %s", s);
	expect_empty();
}

Test(mountinfo, proc5_example)
{
	cr_assert_eq(parse("36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 "
			   "/dev/root rw,errors=continue"),
		     0);
	cr_assert_eq(me.id, 36);
	cr_assert_eq(me.parent_id, 35);
	cr_assert_eq(me.major, 98);
	cr_assert_eq(me.minor, 0);
	cr_assert_str_eq(me.root, "/mnt1");
	cr_assert_str_eq(me.mount_point, "/mnt2");
	cr_assert_str_eq(me.options, "rw,noatime");
	cr_assert_str_eq(me.optional, "master:1");
	cr_assert_str_eq(me.fstype, "ext3");
	cr_assert_str_eq(me.source, "/dev/root");
	cr_assert_str_eq(me.super_options, "rw,errors=continue");
	mount_entry_release(&me);
	expect_empty();
	mount_entry_release(&me); /* twice is harmless */
}

Test(mountinfo, real_root_no_optional)
{
	cr_assert_eq(
		parse("27 1 254:0 / / rw,relatime - ext4 /dev/vda "
		      "rw,discard,resv_strict,resuid=65534,resgid=65534\n"),
		0);
	cr_assert_eq(me.major, 254);
	cr_assert_str_eq(me.mount_point, "/");
	cr_assert_str_eq(me.optional, "");
	cr_assert_str_eq(me.super_options,
			 "rw,discard,resv_strict,resuid=65534,resgid=65534");
	mount_entry_release(&me);
}

Test(mountinfo, real_space_escape)
{
	cr_assert_eq(parse("42 27 0:39 / /tmp/netcap/mnt\\040dir rw,relatime - "
			   "tmpfs my\\040src rw,size=1024k"),
		     0);
	cr_assert_str_eq(me.mount_point, "/tmp/netcap/mnt dir");
	cr_assert_str_eq(me.source, "my src");
	mount_entry_release(&me);
}

Test(mountinfo, real_tab_backslash_shared_master)
{
	cr_assert_eq(parse("44 27 0:40 / /tmp/netcap/b\\011tab\\134back "
			   "rw,relatime shared:2 master:1 - tmpfs t rw"),
		     0);
	cr_assert_str_eq(me.mount_point, "/tmp/netcap/b\ttab\\back");
	cr_assert_str_eq(me.optional, "shared:2 master:1");
	mount_entry_release(&me);
}

Test(mountinfo, real_bind_subdir_root)
{
	cr_assert_eq(
		parse("45 27 0:40 /sub /tmp/netcap/c rw,relatime shared:1 - "
		      "tmpfs t rw"),
		0);
	cr_assert_str_eq(me.root, "/sub");
	cr_assert_str_eq(me.optional, "shared:1");
	mount_entry_release(&me);
}

/* Docker overlay2 root filesystem, as a container sees /proc/self/mountinfo. */
Test(mountinfo, docker_overlay_root)
{
	const char *l =
		"1183 1090 0:52 / / rw,relatime master:310 - overlay overlay "
		"rw,lowerdir=/var/lib/docker/overlay2/l/K3QZ7CVGRU4MEP3LXX:"
		"/var/lib/docker/overlay2/l/2TNEVJ6R4CYW7EMTS3,"
		"upperdir=/var/lib/docker/overlay2/9f3c1a/diff,"
		"workdir=/var/lib/docker/overlay2/9f3c1a/work,nouserxattr";

	cr_assert_eq(parse(l), 0);
	cr_assert_str_eq(me.fstype, "overlay");
	cr_assert_str_eq(me.source, "overlay");
	cr_assert_str_eq(me.optional, "master:310");
	cr_assert(strstr(me.super_options, "upperdir=/var/lib/docker/") != 0);
	mount_entry_release(&me);
}

/* kubelet bind-mounts per-pod files and a token tmpfs into each container. */
Test(mountinfo, kubernetes_pod_mounts)
{
	cr_assert_eq(parse("2040 2030 254:1 /var/lib/kubelet/pods/"
			   "1f3a5c7e-9b2d-4f6a-8c0e-1a3b5c7d9e0f/etc-hosts "
			   "/etc/hosts rw,relatime - ext4 /dev/vda1 rw"),
		     0);
	cr_assert_str_eq(me.mount_point, "/etc/hosts");
	mount_entry_release(&me);
	cr_assert_eq(parse("2045 2030 0:140 / "
			   "/var/run/secrets/kubernetes.io/serviceaccount "
			   "ro,relatime - tmpfs tmpfs rw,size=3944k"),
		     0);
	cr_assert_str_eq(me.options, "ro,relatime");
	mount_entry_release(&me);
}

Test(mountinfo, real_file)
{
	const char f[] =
		"22 27 0:21 / /proc rw,relatime - proc proc rw\n"
		"24 27 0:6 / /dev rw,relatime - devtmpfs devtmpfs "
		"rw,size=12334464k,nr_inodes=3083616,mode=755\n"
		"27 1 254:0 / / rw,relatime - ext4 /dev/vda "
		"rw,discard,resv_strict,resuid=65534,resgid=65534\n"
		"41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 "
		"cgroup2 rw\n"
		"43 27 0:40 / /tmp/netcap/a rw,relatime shared:1 - tmpfs t "
		"rw\n";
	struct mount_entry *v;
	size_t n, bad = 99;

	proc_mountinfo_parse(f, sizeof(f) - 1, &v, &n, &bad);
	cr_assert_eq(n, 5);
	cr_assert_eq(bad, 0);
	cr_assert_str_eq(v[4].mount_point, "/tmp/netcap/a");
	cr_assert_str_eq(v[3].super_options, "rw"); /* newline not kept */
	mount_entries_free(v, n);
}

Test(mountinfo, file_hostile_lines_counted)
{
	/* No final newline; a NUL splits a line; padding NULs are ignored. */
	const char f[] = "1 0 0:1 / / rw - rootfs rootfs rw\n"
			 "garbage\n\n"
			 "2 1 0:2 / /a rw - tmpfs t r\0w\n"
			 "3 1 0:3 / /b rw - tmpfs t rw\0\0\0";
	struct mount_entry *v;
	size_t n, bad;

	proc_mountinfo_parse(f, sizeof(f) - 1, &v, &n, &bad);
	cr_assert_eq(n, 3);
	cr_assert_eq(bad, 2);
	cr_assert_str_eq(v[1].super_options, "r");
	cr_assert_str_eq(v[2].mount_point, "/b");
	mount_entries_free(v, n);
	proc_mountinfo_parse(f, 0, &v, &n, NULL);
	cr_assert_eq(n, 0);
	cr_assert_null(v);
	mount_entries_free(v, n);
	mount_entries_free(NULL, 0);
}

Test(mountinfo, empty_and_cut)
{
	fails("");
	fails("36");
	fails("36 35 98:0 /mnt1 /mnt2 rw,noatime");
	fails("36 35 98:0 /mnt1 /mnt2 rw,noatime master:1");
	fails("36 35 98:0 /mnt1 /mnt2 rw,noatime -");
	fails("36 35 98:0 /mnt1 /mnt2 rw,noatime - ext3");
	fails("36 35 98:0 /mnt1 /mnt2 rw,noatime - ext3 /dev/root");
	cr_assert_eq(parse_n("1 2 3:4 / / rw - t s o", 0), -EINVAL);
}

Test(mountinfo, missing_separator)
{
	fails("36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 ext3 /dev/root rw");
	fails("36 35 98:0 /mnt1 /mnt2 rw,noatime -- ext3 /dev/root rw");
}

Test(mountinfo, bad_numbers)
{
	fails("-1 35 98:0 / / rw - t s rw");
	fails("36 2147483648 98:0 / / rw - t s rw");
	fails("36 35 4294967296:0 / / rw - t s rw");
	fails("36 35 98 / / rw - t s rw");
	fails("36 35 98:0:1 / / rw - t s rw");
	fails("36 35 :0 / / rw - t s rw");
	fails("36 35 0x1:0 / / rw - t s rw");
	fails("36  35 98:0 / / rw - t s rw"); /* empty field */
	cr_assert_eq(
		parse("2147483647 0 4294967295:4294967295 / / rw - t s rw"), 0);
	cr_assert_eq(me.major, 4294967295u);
	mount_entry_release(&me);
}

Test(mountinfo, nul_or_newline_in_line)
{
	const char l[] = "36 35 98:0 /a\0b /m rw - ext3 /dev/root rw";

	cr_assert_eq(parse_n(l, sizeof(l) - 1), -EINVAL);
	expect_empty();
	fails("36 35 98:0 /a\nb /m rw - ext3 /dev/root rw");
}

Test(mountinfo, many_optional_fields)
{
	char line[4096] = "5 1 0:9 / /x rw,relatime";
	char want[4096] = "";

	for (int i = 0; i < 200; i++) {
		char tag[32];

		snprintf(tag, sizeof(tag), "%sshared:%d", i ? " " : "", i);
		strcat(want, tag);
	}
	strcat(line, " ");
	strcat(line, want);
	strcat(line, " - tmpfs none rw");
	cr_assert_eq(parse(line), 0);
	cr_assert_str_eq(me.optional, want);
	cr_assert_str_eq(me.fstype, "tmpfs");
	mount_entry_release(&me);
}

Test(mountinfo, escape_edge_cases)
{
	cr_assert_eq(
		parse("1 0 0:1 /a\\04 /b\\ rw - t \\101\\777\\400\\000\\1x "
		      "rw"),
		0);
	cr_assert_str_eq(me.root, "/a\\04"); /* cut escape kept */
	cr_assert_str_eq(me.mount_point, "/b\\");
	/* \101 is 'A'; > 0377, NUL and short escapes stay as written */
	cr_assert_str_eq(me.source, "A\\777\\400\\000\\1x");
	mount_entry_release(&me);
	cr_assert_eq(parse("1 0 0:1 /\\134040 /m rw - fuse.a\\040b s a\\054b"),
		     0);
	cr_assert_str_eq(me.root, "/\\040"); /* decoded once, not twice */
	cr_assert_str_eq(me.fstype, "fuse.a b");
	cr_assert_str_eq(me.super_options, "a\\054b"); /* left raw */
	mount_entry_release(&me);
}

Test(mountinfo, odd_but_valid)
{
	/* A mount point named "-" is field 5, not the separator. */
	cr_assert_eq(parse("1 0 0:1 / - rw - tmpfs x rw"), 0);
	cr_assert_str_eq(me.mount_point, "-");
	mount_entry_release(&me);
	/* Empty source; super options with a raw space are kept whole. */
	cr_assert_eq(parse("1 0 0:1 / /m rw - tmpfs  rw,a=b c"), 0);
	cr_assert_str_eq(me.source, "");
	cr_assert_str_eq(me.super_options, "rw,a=b c");
	mount_entry_release(&me);
}

Test(mountinfo, long_lines)
{
	size_t big = 100 * 1024;
	const char *head = "7 1 0:9 / /big rw - overlay overlay ";
	size_t hl = strlen(head);
	char *l = malloc(hl + big + 1);

	memcpy(l, head, hl);
	memset(l + hl, 'o', big);
	l[hl + big] = '\0';
	cr_assert_eq(parse(l), 0);
	cr_assert_eq(strlen(me.super_options), big);
	mount_entry_release(&me);

	/* 100 KB of optional-looking fields and no separator */
	for (size_t i = 0; i < big; i += 2)
		memcpy(l + hl + i, "x ", 2);
	memcpy(l, "7 1 0:9 / /big rw x ", 20);
	cr_assert_eq(parse_n(l, hl + big), -EINVAL);
	memset(l, ' ', hl + big);
	cr_assert_eq(parse_n(l, hl + big), -EINVAL);
	free(l);
}

/* procfs options: names (newer kernels) and numbers (older), gid=,
 * subset=pid; an unknown hidepid value is taken to hide. */
Test(mountinfo, procfs_opts)
{
	struct procfs_opts o;
	procfs_opts_parse("rw,hidepid=invisible,gid=27", &o);
	cr_assert_eq(o.hidepid, 2);
	cr_assert_eq(o.gid, 27);
	cr_assert_not(o.subset_pid);
	procfs_opts_parse("rw,hidepid=2", &o);
	cr_assert_eq(o.hidepid, 2);
	cr_assert_eq(o.gid, -1);
	procfs_opts_parse("rw,hidepid=ptraceable,subset=pid", &o);
	cr_assert_eq(o.hidepid, 4);
	cr_assert(o.subset_pid);
	procfs_opts_parse("rw,hidepid=noaccess", &o);
	cr_assert_eq(o.hidepid, 1);
	procfs_opts_parse("rw,hidepid=off", &o);
	cr_assert_eq(o.hidepid, 0);
	procfs_opts_parse("rw,hidepid=someday,gid=99999999999", &o);
	cr_assert_eq(o.hidepid, 2);
	cr_assert_eq(o.gid, -1);
	procfs_opts_parse("rw", &o);
	cr_assert_eq(o.hidepid, 0);
	procfs_opts_parse(NULL, &o);
	cr_assert_eq(o.hidepid, 0);
}

/* Which mounts a lookup of a path walks through, by its text: a path on
 * or below an NFS or FUSE mount point is refused before any lookup. */
Test(mountinfo, hang_on_path)
{
	static const char table[] =
		"1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
		"2 1 0:40 / /mnt/nfs rw - nfs4 srv:/x rw\n"
		"3 1 0:41 / /home/u/fuse rw - fuse.sshfs u@h: rw\n"
		"4 1 0:42 / /mnt/nfsx rw - ext4 /dev/sdb1 rw\n"
		"5 1 0:43 / /run rw - tmpfs tmpfs rw\n";
	struct mountns *m = xcalloc(1, sizeof(*m));
	const struct mount_entry *e;
	proc_mountinfo_parse(table, strlen(table), &m->m, &m->n, NULL);
	mountns_index(m);
	e = mountns_hang_on_path(m, "/mnt/nfs/etc/policy.yaml");
	cr_assert(e && !strcmp(e->fstype, "nfs4"));
	cr_assert(mountns_hang_on_path(m, "/mnt/nfs"));
	cr_assert(mountns_hang_on_path(m, "//mnt///nfs/"));
	cr_assert(mountns_hang_on_path(m, "/mnt/./nfs/a"));
	cr_assert(mountns_hang_on_path(m, "/etc/../mnt/nfs/a"));
	cr_assert(mountns_hang_on_path(m, "/../../mnt/nfs"));
	cr_assert(mountns_hang_on_path(m, "/home/u/fuse/k"));
	/* A component prefix, not a string prefix. */
	cr_assert_null(mountns_hang_on_path(m, "/mnt/nfsx/a"));
	cr_assert_null(mountns_hang_on_path(m, "/mnt/nf"));
	cr_assert_null(mountns_hang_on_path(m, "/mnt"));
	cr_assert_null(mountns_hang_on_path(m, "/mnt/nfs/../nfsx/a"));
	cr_assert_null(mountns_hang_on_path(m, "/etc/kubernetes/a.yaml"));
	cr_assert_null(mountns_hang_on_path(m, "/run/x"));
	cr_assert_null(mountns_hang_on_path(m, "relative/mnt/nfs"));
	cr_assert_null(mountns_hang_on_path(NULL, "/mnt/nfs"));
	mountns_free(m);
}

/* A root on a network file system (a diskless host): every path. */
Test(mountinfo, hang_on_path_nfs_root)
{
	static const char table[] = "1 0 0:40 / / rw - nfs srv:/r rw\n";
	struct mountns *m = xcalloc(1, sizeof(*m));
	proc_mountinfo_parse(table, strlen(table), &m->m, &m->n, NULL);
	mountns_index(m);
	cr_assert(mountns_hang_on_path(m, "/etc/x"));
	cr_assert(mountns_hang_on_path(m, "/"));
	mountns_free(m);
}
