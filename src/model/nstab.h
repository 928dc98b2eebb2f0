/* Tables read once per namespace and shared by every process in it: the
 * mounts of a mount namespace (mountinfo) and the sockets of a network
 * namespace (net/tcp, net/unix, ...). Plain data with lookups; filled by
 * src/proc/mounts.c and src/proc/sockets.c. */
#ifndef MODEL_NSTAB_H
#define MODEL_NSTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/mount.h"
#include "model/net.h"

struct netns {
	uint64_t ns;		/* namespace inode; 0: not known */
	struct net_sock *socks; /* sorted by inode, one per inode */
	size_t n;
	int err;       /* errno of the first table that could not be read (a
			* protocol the kernel lacks, ENOENT, is not one), or 0 */
	unsigned diag; /* 1 << enum net_proto: tables read from netlink
			* sock_diag (the rest from /proc/net text) */
};

struct mountns {
	uint64_t ns;	       /* namespace inode; 0: not known */
	struct mount_entry *m; /* in mountinfo order (mount order) */
	size_t n;
	size_t *by_id;	  /* indexes into m, sorted by mount id */
	size_t *by_point; /* indexes into m, sorted by mount point, then
			   * mount order */
	int err;	  /* errno reading mountinfo, or 0 */
};

/* The socket with inode ino in ns, or NULL (borrowed). ns may be NULL. */
const struct net_sock *netns_lookup(const struct netns *ns, uint64_t ino);
void netns_free(struct netns *ns);
/* qsort comparator of struct net_sock by inode. */
int net_sock_cmp_inode(const void *a, const void *b);
/* qsort comparator for uint64_t. */
int net_u64_cmp(const void *a, const void *b);

/* Build the indexes of m after its entries are in place. */
void mountns_index(struct mountns *m);
/* The mount with this mount id (fdinfo's mnt_id), or NULL. */
const struct mount_entry *mountns_by_id(const struct mountns *m, int id);
/* The mount that holds path (as the process sees it: link texts and
 * mount points share its root): the longest mount point that is path or
 * a parent directory of it, the last mounted where several are stacked.
 * NULL when nothing matches (m NULL or empty, or a path not absolute). */
const struct mount_entry *mountns_by_path(const struct mountns *m,
					  const char *path, size_t len);
/* The first mount (in mount order) a lookup of path would walk through
 * that may hang (fstype_may_hang): one whose mount point is path or a
 * parent directory of it, by components ("//" and "." skipped, ".."
 * taken lexically: a symlink on the way is not followed, so it can still
 * lead elsewhere). Over-mounted mounts count too (it errs on refusing).
 * NULL when none, or path is not absolute. Pure; borrowed. */
const struct mount_entry *mountns_hang_on_path(const struct mountns *m,
					       const char *path);
void mountns_free(struct mountns *m);

/* Whether a stat of a file on this file system type can hang on a
 * server or a userspace daemon: network file systems (nfs, cifs, smb3,
 * ceph, 9p, afs, lustre, glusterfs, ...) and FUSE (fuse, fuse.*,
 * fuseblk, virtiofs). NULL (unknown) counts as may hang. */
bool fstype_may_hang(const char *fstype);

#endif
