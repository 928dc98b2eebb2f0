/* The snapshot archive of issue 12: every /proc file a view reads, written
 * on the suspect host into one tar (pax restricted) + zstd file with a
 * SHA-256 manifest, and loaded on another machine into a private
 * in-memory tree that the readers read instead of /proc. */
#ifndef PROC_SNAPFILE_H
#define PROC_SNAPFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

struct json_object;

/* Writing. */
struct snapfile_writer;

/* Create `path` for writing: O_WRONLY|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC,
 * mode 0600 (fchmod 0600 too, whatever the umask); refuses to overwrite
 * (-EEXIST). The first member written is "README", a text warning that the
 * archive holds environments, command lines and possibly etcd data with
 * secrets in plaintext, and how to read it. On success *out is the caller's
 * (snapfile_writer_free). Returns 0 or -errno. */
int snapfile_create(const char *path, struct snapfile_writer **out);

/* Add a regular member (name relative, e.g. "proc/123/status": see
 * snapfile_name_valid). A name given twice is -EEXIST, a bad name -EINVAL.
 * Returns 0 or -errno; after a write error (ENOSPC ...) every later call
 * returns that error and finish fails. */
int snapfile_add_file(struct snapfile_writer *w, const char *name,
		      const void *data, size_t len);

/* A regular member streamed from an open fd (an etcd database copy): read
 * with pread from offset 0, exactly `size` bytes, in chunks, hashing as it
 * goes. A short read is -EIO: tar has already recorded `size`, so the member
 * is padded with zeros to it (the manifest hashes what the archive holds)
 * and is also listed in "unreadable" with EIO; the archive stays usable. */
int snapfile_add_fd(struct snapfile_writer *w, const char *name, int fd,
		    uint64_t size);

/* A symlink member: the text of a /proc link as read (exe, cwd, root,
 * ns/net, fd/3 ...), up to PATH_MAX - 1 bytes, never followed. Only at the
 * places where /proc has links (snapfile_link_place): -EINVAL elsewhere. */
int snapfile_add_link(struct snapfile_writer *w, const char *name,
		      const char *target);

/* An explicit, possibly empty directory ("proc/123/fd" of a process with
 * no fds); directories are otherwise implied by member names. */
int snapfile_add_dir(struct snapfile_writer *w, const char *name);

/* Record that `name` could not be read and why (a positive errno): it goes
 * into the manifest's "unreadable" list as {"name", "errno": "EACCES"}. */
void snapfile_note_unreadable(struct snapfile_writer *w, const char *name,
			      int err);

/* Write "manifest.json" as the last member: `meta` (taken over, even on
 * failure; NULL is an empty object) plus "format": "procsift-snapshot",
 * "format_version": 1, "members": {name: {"sha256", "size", "type":
 * "file"|"link"|"dir"}} for every member but README and the manifest, and
 * "unreadable". Then close and fsync the file. Returns 0 or -errno. */
int snapfile_finish(struct snapfile_writer *w, struct json_object *meta);

/* Free the writer. If finish did not succeed, unlink the partial file (by
 * the path given to create) so no half archive is left. Accepts NULL. */
void snapfile_writer_free(struct snapfile_writer *w);

/* Reading. */
struct snapfile;

/* What a load accepts. snapfile_limits_default fills the documented
 * defaults; tests pass small ones. */
struct snapfile_limits {
	uint64_t member_max;	  /* bytes of a regular member: 256 MiB */
	uint64_t etcd_member_max; /* bytes of one under "etcd/": 16 GiB */
	/* Bytes of the tree, each file rounded up to whole pages as tmpfs
	 * charges them: min(16 GiB, MemAvailable / 2); the tmpfs's size=. */
	uint64_t total_max;
	uint64_t members_max;  /* members: 4,000,000 */
	uint64_t manifest_max; /* bytes of manifest.json: 512 MiB */
};

/* The defaults; reads /proc/meminfo of the machine procsift runs on. */
void snapfile_limits_default(struct snapfile_limits *l);

/* Open and load the snapshot at `path` with the default limits: read every
 * member once, check it, and materialise it into a private tmpfs that is
 * attached to no path (fsopen/fsmount, noexec, nosuid, nodev, read-only once
 * loaded), reachable only through the snapshot's fds and freed when they
 * close. Without CAP_SYS_ADMIN (fsopen: EPERM) it calls, once,
 * unshare(CLONE_NEWUSER|CLONE_NEWNS) and maps the caller's uid and gid to
 * themselves: that changes the whole process, and fails in a process with
 * threads, so procsift calls it at startup. No file is written anywhere
 * else. On success *out is the caller's (snapfile_free). On failure returns
 * -errno and `why` (reset first) holds one line naming the problem and the
 * member: -EINVAL (not a regular file, not a tar archive, a bad name or
 * type), -EIO (truncated), -EBADMSG (manifest missing, malformed or not
 * matching a member), -EFBIG (a member over its cap), -ENOSPC (too large
 * for memory), -E2BIG (too many members), -EPERM (no private tree). */
int snapfile_load(const char *path, struct snapfile **out, struct strbuf *why);

/* The loader unpacks at most SNAPFILE_RATIO_MAX times the archive's size
 * (at least SNAPFILE_RATIO_FLOOR), within the limits below. */
#define SNAPFILE_RATIO_MAX 256u
#define SNAPFILE_RATIO_FLOOR (256ull << 20)

/* snapfile_load with limits of the caller's. */
int snapfile_load_limited(const char *path, const struct snapfile_limits *lim,
			  struct snapfile **out, struct strbuf *why);

/* snapfile_load_limited from an open fd (borrowed; read from offset 0 on,
 * its offset moves): for a memfd, as the fuzz target does. */
int snapfile_load_fd(int fd, const struct snapfile_limits *lim,
		     struct snapfile **out, struct strbuf *why);

/* A directory fd (borrowed; valid until snapfile_free) of the tree's
 * "proc" directory: the snapshot's /proc. It exists even when empty. */
int snapfile_proc_fd(const struct snapfile *s);

/* The tree's root directory fd (borrowed): "etcd/" etc. live there. */
int snapfile_root_fd(const struct snapfile *s);

/* The manifest (borrowed, valid until snapfile_free). */
struct json_object *snapfile_manifest(const struct snapfile *s);

/* Close the tree (the kernel frees it with its last fd) and the manifest.
 * Accepts NULL. */
void snapfile_free(struct snapfile *s);

/* Shared by the writer and the reader. */

/* A member name procsift makes: 1-255 bytes of [A-Za-z0-9._:/+-], relative,
 * at most 12 components, none empty, "." or "..". */
bool snapfile_name_valid(const char *name);

/* Whether /proc has a link at `name`: proc/self, proc/thread-self,
 * proc/PID/{exe,cwd,root}, proc/PID/ns/NAME, proc/PID/fd/N and the same
 * below proc/PID/task/TID/. */
bool snapfile_link_place(const char *name);

#endif
