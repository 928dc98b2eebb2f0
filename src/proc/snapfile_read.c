/* Loading a snapshot archive into a private in-memory tree: every member is
 * read once, checked (name, type, place, size, SHA-256 against the
 * manifest) and created below a detached tmpfs, never followed. */
#include "proc/snapfile.h"

#include <archive.h>
#include <archive_entry.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

#define KiB (1024ULL)
#define MiB (1024ULL * KiB)
#define GiB (1024ULL * MiB)

enum {
	NAME_MAX_LEN = 255,
	NAME_MAX_DEPTH = 12,
	README_MAX = 1 << 20,
	CHUNK = 1 << 16,
};

struct snapfile {
	int root_fd; /* the tmpfs's root directory */
	int proc_fd; /* its "proc" */
	json_object *manifest;
};

/* A member as read, to check against the manifest at the end: compact,
 * since there may be millions. */
struct got {
	char *name;
	unsigned char sum[crypto_hash_sha256_BYTES];
	uint64_t size;	  /* bytes of data, or of a link's text */
	const char *type; /* "file", "link" or "dir" */
};

struct loader {
	const struct snapfile_limits *lim;
	struct archive *a;
	int root;	 /* tree root */
	struct got *got; /* the members read, in archive order */
	size_t ngot, got_alloc;
	json_object *manifest; /* once read: the last member */
	uint64_t members;      /* counted against members_max */
	uint64_t total;	       /* file bytes rounded to pages */
	uint64_t page;	       /* the tmpfs's unit of charge */
	char *parent;	       /* the directory of the last member ... */
	int parent_fd;	       /* ... and its fd, reused while it repeats */
	unsigned char *buf;    /* CHUNK bytes */
	struct strbuf *why;
};

bool snapfile_name_valid(const char *name)
{
	size_t len = 0, comp = 0, depth = 0;
	const char *start = name;

	for (const char *p = name;; p++, len++) {
		unsigned char c = (unsigned char)*p;
		if (c == '/' || c == '\0') {
			if (comp == 0 || (comp == 1 && start[0] == '.') ||
			    (comp == 2 && start[0] == '.' && start[1] == '.'))
				return false;
			if (++depth > NAME_MAX_DEPTH)
				return false;
			if (c == '\0')
				break;
			comp = 0;
			start = p + 1;
			continue;
		}
		if (!isascii(c) || !(isalnum(c) || strchr("._:+-", c)))
			return false;
		comp++;
	}
	return len <= NAME_MAX_LEN;
}

/* Whether `s`, up to its end or a '/', is a decimal number without a
 * leading zero; *end is set past it. */
static bool number(const char *s, const char **end)
{
	const char *p = s;
	while (*p >= '0' && *p <= '9')
		p++;
	*end = p;
	return p > s && (s[0] != '0' || p - s == 1) &&
	       (*p == '\0' || *p == '/');
}

/* The links of one pid or task directory, `rest` following "PID/". */
static bool pid_link_place(const char *rest)
{
	const char *end;

	if (!strcmp(rest, "exe") || !strcmp(rest, "cwd") ||
	    !strcmp(rest, "root"))
		return true;
	if (!strncmp(rest, "ns/", 3))
		return rest[3] && !strchr(rest + 3, '/');
	if (!strncmp(rest, "fd/", 3))
		return number(rest + 3, &end) && !*end;
	return false;
}

bool snapfile_link_place(const char *name)
{
	const char *p, *end;

	if (!strcmp(name, "proc/self") || !strcmp(name, "proc/thread-self"))
		return true;
	if (strncmp(name, "proc/", 5) || !number(name + 5, &end) || !*end)
		return false;
	p = end + 1;
	if (!strncmp(p, "task/", 5)) {
		if (!number(p + 5, &end) || !*end)
			return false;
		p = end + 1;
	}
	return pid_link_place(p);
}

void snapfile_limits_default(struct snapfile_limits *l)
{
	uint64_t avail = 0;
	char buf[4096], *p;
	ssize_t n = -1;
	int fd = open("/proc/meminfo", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	if (n > 0) {
		buf[n] = '\0';
		p = strstr(buf, "\nMemAvailable:");
		if (p)
			avail = strtoull(p + 14, NULL, 10) * KiB;
	}
	l->member_max = 256 * MiB;
	l->etcd_member_max = 16 * GiB;
	/* Without MemAvailable (an old kernel) assume 2 GiB free. */
	l->total_max = avail ? avail / 2 : 1 * GiB;
	if (l->total_max > 16 * GiB)
		l->total_max = 16 * GiB;
	l->members_max = 4000000;
	l->manifest_max = 512 * MiB;
}

/* A name for a one-line message: bytes outside printable ASCII as \xNN,
 * cut at 120 bytes. */
static void add_name(struct strbuf *sb, const char *name)
{
	size_t i;

	if (!name) {
		strbuf_addstr(sb, "(no name)");
		return;
	}
	for (i = 0; name[i] && i < 120; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c < 0x20 || c >= 0x7f || c == '\\')
			strbuf_addf(sb, "\\x%02x", c);
		else
			strbuf_addch(sb, c);
	}
	if (name[i])
		strbuf_addstr(sb, "...");
}

/* Fill why with "member NAME" + the rest; returns err. */
__attribute__((format(printf, 4, 5))) static int
member_fail(struct loader *L, int err, const char *name, const char *fmt, ...)
{
	va_list ap;

	strbuf_reset(L->why);
	strbuf_addstr(L->why, "member ");
	add_name(L->why, name);
	strbuf_addch(L->why, ' ');
	va_start(ap, fmt);
	strbuf_vaddf(L->why, fmt, ap);
	va_end(ap);
	return err;
}

__attribute__((format(printf, 3, 4))) static int
load_fail(struct strbuf *why, int err, const char *fmt, ...)
{
	va_list ap;

	strbuf_reset(why);
	va_start(ap, fmt);
	strbuf_vaddf(why, fmt, ap);
	va_end(ap);
	return err;
}

/* "10.0 GB" of a size as a header claims it. */
static void add_size(struct strbuf *sb, uint64_t n)
{
	if (n >= 1000000000ULL)
		strbuf_addf(sb, "%.1f GB", n / 1e9);
	else if (n >= 1000000ULL)
		strbuf_addf(sb, "%.1f MB", n / 1e6);
	else
		strbuf_addf(sb, "%llu bytes", (unsigned long long)n);
}

/* "256 MiB" of a cap. */
static void add_cap(struct strbuf *sb, uint64_t n)
{
	if (n >= GiB && n % GiB == 0)
		strbuf_addf(sb, "%llu GiB", (unsigned long long)(n / GiB));
	else if (n >= MiB && n % MiB == 0)
		strbuf_addf(sb, "%llu MiB", (unsigned long long)(n / MiB));
	else
		strbuf_addf(sb, "%llu bytes", (unsigned long long)n);
}

static int too_large(struct loader *L)
{
	strbuf_reset(L->why);
	strbuf_addstr(L->why, "snapshot too large for memory: over ");
	add_cap(L->why, L->lim->total_max);
	strbuf_addstr(L->why, " (at most half of MemAvailable, 16 GiB)");
	return -ENOSPC;
}

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
static int tree_mount(uint64_t size, struct strbuf *why)
{
	char sz[32];
	int fs, mnt, e;

	fs = fsopen("tmpfs", FSOPEN_CLOEXEC);
	if (fs < 0 && errno == EPERM && enter_userns() == 0)
		fs = fsopen("tmpfs", FSOPEN_CLOEXEC);
	if (fs < 0) {
		e = errno;
		if (e == EPERM)
			return load_fail(
				why, -EPERM,
				"reading a snapshot needs CAP_SYS_ADMIN "
				"or unprivileged user namespaces (a "
				"private in-memory file system)");
		return load_fail(why, -e, "cannot make a private tmpfs: %s",
				 strerror(e));
	}
	snprintf(sz, sizeof(sz), "%llu", (unsigned long long)size);
	if (fsconfig(fs, FSCONFIG_SET_STRING, "size", sz, 0) < 0 ||
	    fsconfig(fs, FSCONFIG_SET_STRING, "mode", "0700", 0) < 0 ||
	    fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		goto out_fail;
	mnt = fsmount(fs, FSMOUNT_CLOEXEC,
		      MOUNT_ATTR_NOEXEC | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
	if (mnt < 0)
		goto out_fail;
	close(fs);
	return mnt;

out_fail:
	e = errno;
	close(fs);
	return load_fail(why, -e, "cannot make a private tmpfs: %s",
			 strerror(e));
}

/* The libarchive filters a snapshot may come through: each only when
 * libarchive has it built in (ARCHIVE_OK), never an external program it
 * would run on the file (ARCHIVE_WARN). */
static void support_filters(struct archive *a)
{
	static int (*const filters[])(struct archive *) = {
		archive_read_support_filter_zstd,
		archive_read_support_filter_gzip,
		archive_read_support_filter_xz,
		archive_read_support_filter_bzip2,
		archive_read_support_filter_lz4,
	};

	for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
		struct archive *probe = archive_read_new();
		int r = filters[i](probe);

		archive_read_free(probe);
		if (r == ARCHIVE_OK)
			filters[i](a);
	}
}

/* The fd of the directory holding member `name` (borrowed from L), making
 * each component with mkdirat and opening it without following links. */
static int open_parent(struct loader *L, const char *name, const char **base)
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
				return too_large(L);
			return member_fail(L, -e, name, "cannot be created: %s",
					   strerror(e));
		}
		next = openat(cur, comp,
			      O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (cur != L->root)
			close(cur);
		if (next < 0) {
			free(path);
			return member_fail(L, -EINVAL, name,
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

static void record(struct loader *L, const char *name,
		   crypto_hash_sha256_state *st, uint64_t size,
		   const char *type)
{
	struct got *g;

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
static int clash(struct loader *L, int dir, const char *base, const char *name)
{
	struct stat st;

	if (fstatat(dir, base, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    !S_ISDIR(st.st_mode))
		return member_fail(L, -EINVAL, name, "is in the archive twice");
	return member_fail(L, -EINVAL, name,
			   "clashes with a directory of other members");
}

/* Copy the data of a regular member into a new file, never more than the
 * header said (it may lie: libarchive hands what the archive holds). */
static int load_file(struct loader *L, const char *name, uint64_t size)
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
		return errno == EEXIST ? clash(L, dir, base, name)
				       : member_fail(L, -errno, name,
						     "cannot be created");
	crypto_hash_sha256_init(&st);
	for (;;) {
		la_ssize_t n = archive_read_data(L->a, L->buf, CHUNK);

		if (n == 0)
			break;
		if (n < 0) {
			r = member_fail(L, -EIO, name, "is truncated: %s",
					archive_error_string(L->a));
			goto out_close;
		}
		if ((uint64_t)n > size - done) {
			r = member_fail(L, -EBADMSG, name,
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
					    ? too_large(L)
					    : member_fail(L, -errno, name,
							  "cannot be "
							  "written");
				goto out_close;
			}
			off += w;
		}
	}
	if (done != size)
		r = member_fail(L, -EIO, name, "is truncated");
	else
		record(L, name, &st, size, "file");
out_close:
	close(fd);
	return r;
}

static int load_link(struct loader *L, const char *name, const char *target)
{
	crypto_hash_sha256_state st;
	const char *base;
	size_t len = target ? strlen(target) : 0;
	int dir;

	if (!snapfile_link_place(name))
		return member_fail(L, -EINVAL, name,
				   "is a symlink where /proc has none");
	if (len == 0 || len >= PATH_MAX)
		return member_fail(L, -EINVAL, name,
				   "is a symlink with no text or one over "
				   "PATH_MAX");
	dir = open_parent(L, name, &base);
	if (dir < 0)
		return dir;
	if (symlinkat(target, dir, base) < 0) {
		if (errno == ENOSPC)
			return too_large(L);
		return errno == EEXIST ? clash(L, dir, base, name)
				       : member_fail(L, -errno, name,
						     "cannot be created");
	}
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)target, len);
	record(L, name, &st, len, "link");
	return 0;
}

static int load_dir(struct loader *L, const char *name)
{
	crypto_hash_sha256_state st;
	const char *base;
	int dir, fd;

	dir = open_parent(L, name, &base);
	if (dir < 0)
		return dir;
	/* It may exist already, implied by an earlier member's name. */
	if (mkdirat(dir, base, 0700) < 0 && errno != EEXIST)
		return errno == ENOSPC ? too_large(L)
				       : member_fail(L, -errno, name,
						     "cannot be created");
	fd = openat(dir, base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return member_fail(L, -EINVAL, name,
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

/* Read a small regular member (README, the manifest) into sb, capped. */
static int read_small(struct loader *L, const char *name, uint64_t size,
		      uint64_t cap, struct strbuf *sb)
{
	if (size > cap) {
		strbuf_reset(L->why);
		strbuf_addf(L->why, "member %s is ", name);
		add_size(L->why, size);
		strbuf_addstr(L->why, ", over the ");
		add_cap(L->why, cap);
		strbuf_addstr(L->why, " cap");
		return -EFBIG;
	}
	for (;;) {
		la_ssize_t n = archive_read_data(L->a, L->buf, CHUNK);
		if (n == 0)
			break;
		if (n < 0)
			return member_fail(L, -EIO, name, "is truncated: %s",
					   archive_error_string(L->a));
		if ((uint64_t)n > size - sb->len)
			return member_fail(L, -EBADMSG, name,
					   "holds more than its header says");
		strbuf_add(sb, L->buf, (size_t)n);
	}
	if (sb->len != size)
		return member_fail(L, -EIO, name, "is truncated");
	return 0;
}

static int load_manifest(struct loader *L, uint64_t size)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_tokener *tok;
	json_object *m, *v;
	int r = read_small(L, "manifest.json", size, L->lim->manifest_max, &sb);

	if (r)
		goto out_release;
	tok = json_tokener_new_ex(16);
	m = json_tokener_parse_ex(tok, sb.buf, (int)sb.len);
	if (json_tokener_get_error(tok) != json_tokener_success ||
	    !json_object_is_type(m, json_type_object)) {
		json_object_put(m);
		m = NULL;
	}
	json_tokener_free(tok);
	if (!m) {
		r = load_fail(L->why, -EBADMSG,
			      "manifest.json is not a JSON "
			      "object");
		goto out_release;
	}
	L->manifest = m;
	if (!json_object_object_get_ex(m, "format", &v) ||
	    strcmp(json_object_get_string(v) ? json_object_get_string(v) : "",
		   "procsift-snapshot") ||
	    !json_object_is_type(v, json_type_string)) {
		r = load_fail(L->why, -EBADMSG,
			      "not a procsift snapshot: manifest.json has no "
			      "\"format\": \"procsift-snapshot\"");
		goto out_release;
	}
	if (!json_object_object_get_ex(m, "format_version", &v) ||
	    !json_object_is_type(v, json_type_int) ||
	    json_object_get_int64(v) != 1) {
		r = load_fail(L->why, -EBADMSG,
			      "snapshot format_version is not 1: made by "
			      "another procsift version");
		goto out_release;
	}
	if (!json_object_object_get_ex(m, "members", &v) ||
	    !json_object_is_type(v, json_type_object))
		r = load_fail(L->why, -EBADMSG,
			      "manifest.json has no \"members\" object");
out_release:
	strbuf_release(&sb);
	return r;
}

static int got_cmp(const void *a, const void *b)
{
	return strcmp(((const struct got *)a)->name,
		      ((const struct got *)b)->name);
}

static const char *string_of(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return "";
	return json_object_get_string(v);
}

/* Every member read is listed alike, once, and every listed member was
 * read. */
static int check_manifest(struct loader *L)
{
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	json_object *listed, *l, *size;

	json_object_object_get_ex(L->manifest, "members", &listed);
	qsort(L->got, L->ngot, sizeof(*L->got), got_cmp);
	for (size_t i = 0; i < L->ngot; i++) {
		const struct got *g = &L->got[i];

		/* Only directories can repeat unnoticed until here. */
		if (i && !strcmp(g->name, L->got[i - 1].name))
			return member_fail(L, -EINVAL, g->name,
					   "is in the archive twice");
		if (!json_object_object_get_ex(listed, g->name, &l) ||
		    !json_object_is_type(l, json_type_object))
			return member_fail(L, -EBADMSG, g->name,
					   "is not in the manifest");
		if (strcmp(string_of(l, "type"), g->type))
			return member_fail(L, -EBADMSG, g->name,
					   "is a %s, the manifest says %s",
					   g->type, string_of(l, "type"));
		sodium_bin2hex(hex, sizeof(hex), g->sum, sizeof(g->sum));
		if (strcmp(string_of(l, "sha256"), hex) ||
		    !json_object_object_get_ex(l, "size", &size) ||
		    !json_object_is_type(size, json_type_int) ||
		    json_object_get_uint64(size) != g->size)
			return member_fail(L, -EBADMSG, g->name,
					   "changed after its SHA-256 was "
					   "recorded");
	}
	if ((size_t)json_object_object_length(listed) == L->ngot)
		return 0;
	json_object_object_foreach(listed, lname, unused)
	{
		struct got key = {.name = lname};

		(void)unused;
		if (!bsearch(&key, L->got, L->ngot, sizeof(*L->got), got_cmp))
			return member_fail(L, -EBADMSG, lname,
					   "of the manifest is missing from "
					   "the archive");
	}
	return 0;
}

/* Check the header of a member and materialise it. */
static int load_member(struct loader *L, struct archive_entry *e,
		       const char *name)
{
	mode_t type = archive_entry_filetype(e);
	uint64_t size, cap, charge;

	if (!snapfile_name_valid(name))
		return member_fail(L, -EINVAL, name,
				   "has a name procsift never writes");
	if (archive_entry_hardlink(e))
		return member_fail(L, -EINVAL, name, "is a hard link");
	if (++L->members > L->lim->members_max)
		return load_fail(L->why, -E2BIG,
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
			member_fail(L, -EFBIG, name, "is ");
			add_size(L->why, size);
			strbuf_addstr(L->why, ", over the ");
			add_cap(L->why, cap);
			strbuf_addstr(L->why, " cap");
			return -EFBIG;
		}
		charge = (size + L->page - 1) / L->page * L->page;
		if (charge > L->lim->total_max - L->total)
			return too_large(L);
		L->total += charge;
		return load_file(L, name, size);
	case AE_IFLNK:
		return load_link(L, name, archive_entry_symlink(e));
	case AE_IFDIR:
		return load_dir(L, name);
	default:
		return member_fail(L, -EINVAL, name, "is %s", type_word(type));
	}
}

/* Read every header until the end; the manifest must come last. */
static int load_all(struct loader *L)
{
	struct archive_entry *e;
	uint64_t index = 0;
	char *name = NULL;
	int r = 0;

	for (;; index++) {
		struct strbuf skip = STRBUF_INIT;
		int h = archive_read_next_header(L->a, &e);
		const char *path;
		size_t len;

		if (h == ARCHIVE_EOF)
			break;
		if (h != ARCHIVE_OK && h != ARCHIVE_WARN) {
			if (index == 0)
				r = load_fail(L->why, -EINVAL,
					      "not a tar archive: %s",
					      archive_error_string(L->a));
			else
				r = load_fail(L->why, -EIO,
					      "truncated or damaged after "
					      "member %llu: %s",
					      (unsigned long long)index,
					      archive_error_string(L->a));
			break;
		}
		path = archive_entry_pathname(e);
		if (L->manifest) {
			r = member_fail(L, -EBADMSG, path,
					"follows manifest.json");
			break;
		}
		free(name);
		name = xstrdup(path ? path : "");
		len = strlen(name);
		/* tar marks a directory with a trailing '/'. */
		if (archive_entry_filetype(e) == AE_IFDIR && len > 1 &&
		    name[len - 1] == '/')
			name[len - 1] = '\0';
		if (index == 0 && !strcmp(name, "README") &&
		    archive_entry_filetype(e) == AE_IFREG) {
			r = read_small(L, name,
				       archive_entry_size(e) > 0
					       ? (uint64_t)archive_entry_size(e)
					       : 0,
				       README_MAX, &skip);
			strbuf_release(&skip);
		} else if (!strcmp(name, "manifest.json") &&
			   archive_entry_filetype(e) == AE_IFREG &&
			   !archive_entry_hardlink(e)) {
			r = load_manifest(
				L, archive_entry_size(e) > 0
					   ? (uint64_t)archive_entry_size(e)
					   : 0);
		} else {
			r = load_member(L, e, name);
		}
		if (r)
			break;
	}
	free(name);
	if (r)
		return r;
	if (!L->manifest)
		return load_fail(
			L->why, -EBADMSG,
			index ? "truncated: no manifest.json at the end"
			      : "not a procsift snapshot: an empty "
				"archive");
	return check_manifest(L);
}

int snapfile_load_fd(int fd, const struct snapfile_limits *lim,
		     struct snapfile **out, struct strbuf *why)
{
	struct loader L = {.lim = lim, .root = -1, .parent_fd = -1, .why = why};
	struct mount_attr ro = {.attr_set = MOUNT_ATTR_RDONLY};
	struct snapfile *s;
	struct stat st;
	int mnt, r;

	*out = NULL;
	strbuf_reset(why);
	if (fstat(fd, &st) < 0)
		return load_fail(why, -errno, "cannot stat the snapshot: %s",
				 strerror(errno));
	if (!S_ISREG(st.st_mode))
		return load_fail(why, -EINVAL,
				 "the snapshot is not a regular file");
	if (lseek(fd, 0, SEEK_SET) < 0)
		return load_fail(why, -errno, "cannot seek the snapshot: %s",
				 strerror(errno));
	mnt = tree_mount(lim->total_max, why);
	if (mnt < 0)
		return mnt;
	L.root = openat(mnt, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (L.root < 0) {
		r = load_fail(why, -errno, "cannot open the private tmpfs: %s",
			      strerror(errno));
		goto out_close_mnt;
	}
	if (mkdirat(L.root, "proc", 0700) < 0) {
		r = load_fail(why, -errno,
			      "cannot make proc in the private "
			      "tmpfs: %s",
			      strerror(errno));
		goto out_close_mnt;
	}
	L.page = (uint64_t)sysconf(_SC_PAGESIZE);
	L.buf = xmalloc(CHUNK);
	L.a = archive_read_new();
	support_filters(L.a);
	archive_read_support_format_tar(L.a);
	if (archive_read_open_fd(L.a, fd, CHUNK) != ARCHIVE_OK) {
		r = load_fail(why, -EINVAL, "not a tar archive: %s",
			      archive_error_string(L.a));
		goto out_free;
	}
	r = load_all(&L);
	if (r)
		goto out_free;
	/* Nothing may change the tree once it matches the manifest. */
	if (mount_setattr(mnt, "", AT_EMPTY_PATH, &ro, sizeof(ro)) < 0) {
		r = load_fail(why, -errno, "cannot make the tree read-only: %s",
			      strerror(errno));
		goto out_free;
	}
	s = xcalloc(1, sizeof(*s));
	s->proc_fd = openat(L.root, "proc",
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (s->proc_fd < 0) {
		r = load_fail(why, -errno, "cannot open proc in the tree: %s",
			      strerror(errno));
		free(s);
		goto out_free;
	}
	s->root_fd = L.root;
	s->manifest = L.manifest;
	L.root = -1;
	L.manifest = NULL;
	*out = s;
out_free:
	archive_read_free(L.a);
	free(L.buf);
	free(L.parent);
	if (L.parent_fd >= 0)
		close(L.parent_fd);
	for (size_t i = 0; i < L.ngot; i++)
		free(L.got[i].name);
	free(L.got);
	json_object_put(L.manifest);
out_close_mnt:
	if (L.root >= 0)
		close(L.root);
	close(mnt);
	return r;
}

int snapfile_load_limited(const char *path, const struct snapfile_limits *lim,
			  struct snapfile **out, struct strbuf *why)
{
	int fd, r;

	*out = NULL;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return load_fail(why, -errno, "cannot open the snapshot: %s",
				 strerror(errno));
	r = snapfile_load_fd(fd, lim, out, why);
	close(fd);
	return r;
}

int snapfile_load(const char *path, struct snapfile **out, struct strbuf *why)
{
	struct snapfile_limits lim;

	snapfile_limits_default(&lim);
	return snapfile_load_limited(path, &lim, out, why);
}

int snapfile_proc_fd(const struct snapfile *s)
{
	return s->proc_fd;
}

int snapfile_root_fd(const struct snapfile *s)
{
	return s->root_fd;
}

json_object *snapfile_manifest(const struct snapfile *s)
{
	return s->manifest;
}

void snapfile_free(struct snapfile *s)
{
	if (!s)
		return;
	close(s->proc_fd);
	close(s->root_fd);
	json_object_put(s->manifest);
	free(s);
}
