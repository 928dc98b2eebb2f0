/* The private in-memory tree a snapshot is loaded into: a tmpfs made with
 * the new mount API and never attached to any path. */
#include "proc/snapfile_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

/* Make this process root of a new user namespace mapping its own uid and
 * gid, with a mount namespace of its own, so fsopen("tmpfs") is allowed. */
static int enter_userns(void)
{
	static const char *const files[] = {"/proc/self/setgroups",
					    "/proc/self/uid_map",
					    "/proc/self/gid_map"};
	unsigned uid = getuid(), gid = getgid();
	char text[3][48];

	snprintf(text[0], sizeof(text[0]), "deny");
	snprintf(text[1], sizeof(text[1]), "%u %u 1\n", uid, uid);
	snprintf(text[2], sizeof(text[2]), "%u %u 1\n", gid, gid);
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0)
		return -errno;
	for (int i = 0; i < 3; i++) {
		int fd = open(files[i], O_WRONLY | O_CLOEXEC);
		ssize_t n = fd < 0 ? -1 : write(fd, text[i], strlen(text[i]));
		int e = errno;

		if (fd >= 0)
			close(fd);
		if (n < 0)
			return -e;
	}
	return 0;
}

/* A detached tmpfs of `size` bytes: its mount fd, or -errno. */
int snapfile_tree_mount(uint64_t size, struct strbuf *why)
{
	char sz[32];
	int fs, mnt, e;

	fs = fsopen("tmpfs", FSOPEN_CLOEXEC);
	if (fs < 0 && errno == EPERM) {
		/* No CAP_SYS_ADMIN: a user namespace of our own has it, and
		 * tmpfs may be mounted there. */
		if (enter_userns() == 0)
			fs = fsopen("tmpfs", FSOPEN_CLOEXEC);
		if (fs < 0)
			return snapfile_fail(
				why, -EPERM,
				"reading a snapshot needs CAP_SYS_ADMIN or "
				"unprivileged user namespaces (a private "
				"in-memory file system)");
	}
	if (fs < 0) {
		e = errno;
		return snapfile_fail(why, -e, "cannot make a private tmpfs: %s",
				     strerror(e));
	}
	snprintf(sz, sizeof(sz), "%llu", (unsigned long long)size);
	if (fsconfig(fs, FSCONFIG_SET_STRING, "size", sz, 0) < 0 ||
	    fsconfig(fs, FSCONFIG_SET_STRING, "mode", "0700", 0) < 0 ||
	    fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		goto out_fail;
	mnt = fsmount(fs, FSMOUNT_CLOEXEC,
		      MOUNT_ATTR_NOEXEC | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
			      /* A link's text is data: no lookup in the
			       * tree ever follows one (readlink still
			       * reads it), so "fd/3 -> /etc/shadow" can
			       * never reach this machine's files. */
			      MOUNT_ATTR_NOSYMFOLLOW);
	if (mnt < 0)
		goto out_fail;
	close(fs);
	return mnt;

out_fail:
	e = errno;
	close(fs);
	return snapfile_fail(why, -e, "cannot make a private tmpfs: %s",
			     strerror(e));
}
