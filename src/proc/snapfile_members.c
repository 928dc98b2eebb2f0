/* Materialising one member of a snapshot below the private tree: its
 * header checked, each directory made with mkdirat and opened without
 * following links, its data copied within the caps and hashed. */
#include "proc/snapfile_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

/* The fd of the directory holding member `name` (borrowed from L), making
 * each component with mkdirat and opening it without following links. */
static int open_parent(struct snapfile_loader *L, const char *name,
		       const char **base)
{
	const char *slash = strrchr(name, '/');
	size_t plen = slash ? (size_t)(slash - name) : 0;
	char *path, *comp, *save = NULL;
	int cur;

	*base = slash ? slash + 1 : name;
	if (!slash)
		return L->root;
	if (L->parent && strlen(L->parent) == plen &&
	    !memcmp(L->parent, name, plen))
		return L->parent_fd;
	free(L->parent);
	L->parent = NULL;
	if (L->parent_fd >= 0)
		close(L->parent_fd);
	L->parent_fd = -1;

	path = xstrndup(name, plen);
	cur = L->root;
	for (comp = strtok_r(path, "/", &save); comp;
	     comp = strtok_r(NULL, "/", &save)) {
		int next;

		if (mkdirat(cur, comp, 0700) < 0 && errno != EEXIST) {
			int e = errno;
			if (cur != L->root)
				close(cur);
			free(path);
			if (e == ENOSPC)
				return snapfile_too_large(L);
			return snapfile_member_fail(L, -e, name,
						    "cannot be created: %s",
						    strerror(e));
		}
		next = openat(cur, comp,
			      O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (cur != L->root)
			close(cur);
		if (next < 0) {
			free(path);
			return snapfile_member_fail(
				L, -EINVAL, name,
				"is below a member that is not a "
				"directory");
		}
		cur = next;
	}
	free(path);
	L->parent = xstrndup(name, plen);
	L->parent_fd = cur;
	return cur;
}

static void record(struct snapfile_loader *L, const char *name,
		   crypto_hash_sha256_state *st, uint64_t size,
		   const char *type)
{
	struct snapfile_got *g;

	L->got = xgrow(L->got, &L->got_alloc, L->ngot + 1, sizeof(*L->got));
	g = &L->got[L->ngot++];
	g->name = xstrdup(name);
	crypto_hash_sha256_final(st, g->sum);
	g->size = size;
	g->type = type;
}

/* A file or link that exists already at a member's place: a directory
 * implied by other members' names, or a member of the same name (nothing
 * else makes files or links). */
static int clash(struct snapfile_loader *L, int dir, const char *base,
		 const char *name)
{
	struct stat st;

	if (fstatat(dir, base, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    !S_ISDIR(st.st_mode))
		return snapfile_member_fail(L, -EINVAL, name,
					    "is in the archive twice");
	return snapfile_member_fail(
		L, -EINVAL, name, "clashes with a directory of other members");
}

/* Copy the data of a regular member into a new file, never more than the
 * header said (it may lie: libarchive hands what the archive holds). */
static int load_file(struct snapfile_loader *L, const char *name, uint64_t size)
{
	crypto_hash_sha256_state st;
	const char *base;
	uint64_t done = 0;
	int dir, fd, r = 0;

	dir = open_parent(L, name, &base);
	if (dir < 0)
		return dir;
	fd = openat(dir, base,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EEXIST
			       ? clash(L, dir, base, name)
			       : snapfile_member_fail(L, -errno, name,
						      "cannot be created");
	crypto_hash_sha256_init(&st);
	for (;;) {
		la_ssize_t n = archive_read_data(L->a, L->buf, SNAPFILE_CHUNK);

		if (n == 0)
			break;
		if (n < 0) {
			r = snapfile_member_fail(L, -EIO, name,
						 "is truncated: %s",
						 archive_error_string(L->a));
			goto out_close;
		}
		if ((uint64_t)n > size - done) {
			r = snapfile_member_fail(
				L, -EBADMSG, name,
				"holds more than its header says");
			goto out_close;
		}
		done += (uint64_t)n;
		crypto_hash_sha256_update(&st, L->buf, (size_t)n);
		for (la_ssize_t off = 0; off < n;) {
			ssize_t w = write(fd, L->buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				r = errno == ENOSPC
					    ? snapfile_too_large(L)
					    : snapfile_member_fail(L, -errno,
								   name,
								   "cannot be "
								   "written");
				goto out_close;
			}
			off += w;
		}
	}
	if (done != size)
		r = snapfile_member_fail(L, -EIO, name, "is truncated");
	else
		record(L, name, &st, size, "file");
out_close:
	close(fd);
	return r;
}

static int load_link(struct snapfile_loader *L, const char *name,
		     const char *target)
{
	crypto_hash_sha256_state st;
	const char *base;
	size_t len = target ? strlen(target) : 0;
	int dir;

	if (!snapfile_link_place(name))
		return snapfile_member_fail(
			L, -EINVAL, name, "is a symlink where /proc has none");
	if (len == 0 || len >= PATH_MAX)
		return snapfile_member_fail(
			L, -EINVAL, name,
			"is a symlink with no text or one over "
			"PATH_MAX");
	dir = open_parent(L, name, &base);
	if (dir < 0)
		return dir;
	if (symlinkat(target, dir, base) < 0) {
		if (errno == ENOSPC)
			return snapfile_too_large(L);
		return errno == EEXIST
			       ? clash(L, dir, base, name)
			       : snapfile_member_fail(L, -errno, name,
						      "cannot be created");
	}
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)target, len);
	record(L, name, &st, len, "link");
	return 0;
}

static int load_dir(struct snapfile_loader *L, const char *name)
{
	crypto_hash_sha256_state st;
	const char *base;
	int dir, fd;

	dir = open_parent(L, name, &base);
	if (dir < 0)
		return dir;
	/* It may exist already, implied by an earlier member's name. */
	if (mkdirat(dir, base, 0700) < 0 && errno != EEXIST)
		return errno == ENOSPC
			       ? snapfile_too_large(L)
			       : snapfile_member_fail(L, -errno, name,
						      "cannot be created");
	fd = openat(dir, base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return snapfile_member_fail(
			L, -EINVAL, name,
			"is in the archive twice, once not as a "
			"directory");
	close(fd);
	crypto_hash_sha256_init(&st);
	record(L, name, &st, 0, "dir");
	return 0;
}

static const char *type_word(mode_t type)
{
	switch (type) {
	case AE_IFIFO:
		return "a FIFO";
	case AE_IFCHR:
		return "a character device";
	case AE_IFBLK:
		return "a block device";
	case AE_IFSOCK:
		return "a socket";
	default:
		return "of an unknown type";
	}
}

/* Check the header of a member and materialise it. */
int snapfile_load_member(struct snapfile_loader *L, struct archive_entry *e,
			 const char *name)
{
	mode_t type = archive_entry_filetype(e);
	uint64_t size, cap, charge;

	if (!snapfile_name_valid(name))
		return snapfile_member_fail(L, -EINVAL, name,
					    "has a name procsift never writes");
	if (archive_entry_hardlink(e))
		return snapfile_member_fail(L, -EINVAL, name, "is a hard link");
	if (++L->members > L->lim->members_max)
		return snapfile_fail(L->why, -E2BIG,
				     "snapshot has over %llu members",
				     (unsigned long long)L->lim->members_max);
	switch (type) {
	case AE_IFREG:
		size = archive_entry_size_is_set(e) && archive_entry_size(e) > 0
			       ? (uint64_t)archive_entry_size(e)
			       : 0;
		cap = strncmp(name, "etcd/", 5) ? L->lim->member_max
						: L->lim->etcd_member_max;
		if (size > cap) {
			snapfile_member_fail(L, -EFBIG, name, "is ");
			snapfile_add_size(L->why, size);
			strbuf_addstr(L->why, ", over the ");
			snapfile_add_cap(L->why, cap);
			strbuf_addstr(L->why, " cap");
			return -EFBIG;
		}
		charge = (size + L->page - 1) / L->page * L->page;
		if (charge > L->lim->total_max - L->total)
			return snapfile_too_large(L);
		L->total += charge;
		return load_file(L, name, size);
	case AE_IFLNK:
		return load_link(L, name, archive_entry_symlink(e));
	case AE_IFDIR:
		return load_dir(L, name);
	default:
		return snapfile_member_fail(L, -EINVAL, name, "is %s",
					    type_word(type));
	}
}
