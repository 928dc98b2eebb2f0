/* Loading a snapshot archive into a private in-memory tree: every member is
 * read once, checked (name, type, place, size, SHA-256 against the
 * manifest) and created below a detached tmpfs, never followed. */
#include "proc/snapfile.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc/snapfile_impl.h"
#include "util/xalloc.h"

enum {
	README_MAX = 1 << 20,
};

struct snapfile {
	int root_fd; /* the tmpfs's root directory */
	int proc_fd; /* its "proc" */
	json_object *manifest;
};

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
int snapfile_member_fail(struct snapfile_loader *L, int err, const char *name,
			 const char *fmt, ...)
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

/* libarchive's messages may quote an archive's names: keep why one line
 * whatever they hold. */
static void one_line(struct strbuf *why)
{
	for (size_t i = 0; i < why->len; i++)
		if ((unsigned char)why->buf[i] < 0x20 || why->buf[i] == 0x7f)
			why->buf[i] = '?';
}

int snapfile_fail(struct strbuf *why, int err, const char *fmt, ...)
{
	va_list ap;

	strbuf_reset(why);
	va_start(ap, fmt);
	strbuf_vaddf(why, fmt, ap);
	va_end(ap);
	return err;
}

/* "10.0 GB" of a size as a header claims it. */
void snapfile_add_size(struct strbuf *sb, uint64_t n)
{
	if (n >= 1000000000ULL)
		strbuf_addf(sb, "%.1f GB", n / 1e9);
	else if (n >= 1000000ULL)
		strbuf_addf(sb, "%.1f MB", n / 1e6);
	else
		strbuf_addf(sb, "%llu bytes", (unsigned long long)n);
}

/* "256 MiB" of a cap. */
void snapfile_add_cap(struct strbuf *sb, uint64_t n)
{
	if (n >= SNAPFILE_GiB && n % SNAPFILE_GiB == 0)
		strbuf_addf(sb, "%llu GiB",
			    (unsigned long long)(n / SNAPFILE_GiB));
	else if (n >= SNAPFILE_MiB && n % SNAPFILE_MiB == 0)
		strbuf_addf(sb, "%llu MiB",
			    (unsigned long long)(n / SNAPFILE_MiB));
	else
		strbuf_addf(sb, "%llu bytes", (unsigned long long)n);
}

int snapfile_too_large(struct snapfile_loader *L)
{
	strbuf_reset(L->why);
	strbuf_addstr(L->why, "snapshot too large for memory: over ");
	snapfile_add_cap(L->why, L->lim->total_max);
	strbuf_addstr(L->why, " (the least of 256 times the archive, half of "
			      "MemAvailable and 16 GiB, and at least 256 MiB)");
	return -ENOSPC;
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

/* Read a small regular member (README, the manifest) into sb, capped. */
static int read_small(struct snapfile_loader *L, const char *name,
		      uint64_t size, uint64_t cap, struct strbuf *sb)
{
	if (size > cap) {
		strbuf_reset(L->why);
		strbuf_addf(L->why, "member %s is ", name);
		snapfile_add_size(L->why, size);
		strbuf_addstr(L->why, ", over the ");
		snapfile_add_cap(L->why, cap);
		strbuf_addstr(L->why, " cap");
		return -EFBIG;
	}
	for (;;) {
		la_ssize_t n = archive_read_data(L->a, L->buf, SNAPFILE_CHUNK);
		if (n == 0)
			break;
		if (n < 0)
			return snapfile_member_fail(L, -EIO, name,
						    "is truncated: %s",
						    archive_error_string(L->a));
		if ((uint64_t)n > size - sb->len)
			return snapfile_member_fail(
				L, -EBADMSG, name,
				"holds more than its header says");
		strbuf_add(sb, L->buf, (size_t)n);
	}
	if (sb->len != size)
		return snapfile_member_fail(L, -EIO, name, "is truncated");
	return 0;
}

static int load_manifest(struct snapfile_loader *L, uint64_t size)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_tokener *tok;
	json_object *m, *v;
	/* json-c takes an int length. */
	uint64_t cap =
		L->lim->manifest_max < INT_MAX ? L->lim->manifest_max : INT_MAX;
	int r = read_small(L, "manifest.json", size, cap, &sb);

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
		r = snapfile_fail(L->why, -EBADMSG,
				  "manifest.json is not a JSON "
				  "object");
		goto out_release;
	}
	L->manifest = m;
	if (!json_object_object_get_ex(m, "format", &v) ||
	    strcmp(json_object_get_string(v) ? json_object_get_string(v) : "",
		   "procsift-snapshot") ||
	    !json_object_is_type(v, json_type_string)) {
		r = snapfile_fail(
			L->why, -EBADMSG,
			"not a procsift snapshot: manifest.json has no "
			"\"format\": \"procsift-snapshot\"");
		goto out_release;
	}
	if (!json_object_object_get_ex(m, "format_version", &v) ||
	    !json_object_is_type(v, json_type_int) ||
	    json_object_get_int64(v) != 1) {
		r = snapfile_fail(L->why, -EBADMSG,
				  "snapshot format_version is not 1: made by "
				  "another procsift version");
		goto out_release;
	}
	if (!json_object_object_get_ex(m, "members", &v) ||
	    !json_object_is_type(v, json_type_object))
		r = snapfile_fail(L->why, -EBADMSG,
				  "manifest.json has no \"members\" object");
out_release:
	strbuf_release(&sb);
	return r;
}

static int got_cmp(const void *a, const void *b)
{
	return strcmp(((const struct snapfile_got *)a)->name,
		      ((const struct snapfile_got *)b)->name);
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
static int check_manifest(struct snapfile_loader *L)
{
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	json_object *listed, *l, *size;

	json_object_object_get_ex(L->manifest, "members", &listed);
	if (L->ngot) /* qsort and bsearch take no NULL */
		qsort(L->got, L->ngot, sizeof(*L->got), got_cmp);
	for (size_t i = 0; i < L->ngot; i++) {
		const struct snapfile_got *g = &L->got[i];

		/* Only directories can repeat unnoticed until here. */
		if (i && !strcmp(g->name, L->got[i - 1].name))
			return snapfile_member_fail(L, -EINVAL, g->name,
						    "is in the archive twice");
		if (!json_object_object_get_ex(listed, g->name, &l) ||
		    (!json_object_is_type(l, json_type_object) &&
		     !json_object_is_type(l, json_type_string)))
			return snapfile_member_fail(L, -EBADMSG, g->name,
						    "is not in the manifest");
		sodium_bin2hex(hex, sizeof(hex), g->sum, sizeof(g->sum));
		/* "SHA256 SIZE TYPE" (what procsift writes), or an object
		 * of the three. */
		if (json_object_is_type(l, json_type_string)) {
			char lsum[72], ltype[16];
			unsigned long long lsize;
			if (sscanf(json_object_get_string(l), "%71s %llu %15s",
				   lsum, &lsize, ltype) != 3 ||
			    strcmp(ltype, g->type)) {
				snapfile_member_fail(
					L, -EBADMSG, g->name,
					"is a %s, the manifest says ", g->type);
				add_name(L->why, json_object_get_string(l));
				return -EBADMSG;
			}
			if (strcmp(lsum, hex) || lsize != g->size)
				return snapfile_member_fail(
					L, -EBADMSG, g->name,
					"changed after its SHA-256 was "
					"recorded");
			continue;
		}
		if (strcmp(string_of(l, "type"), g->type)) {
			snapfile_member_fail(L, -EBADMSG, g->name,
					     "is a %s, the manifest says ",
					     g->type);
			add_name(L->why, string_of(l, "type"));
			return -EBADMSG;
		}
		if (strcmp(string_of(l, "sha256"), hex) ||
		    !json_object_object_get_ex(l, "size", &size) ||
		    !json_object_is_type(size, json_type_int) ||
		    json_object_get_uint64(size) != g->size)
			return snapfile_member_fail(
				L, -EBADMSG, g->name,
				"changed after its SHA-256 was "
				"recorded");
	}
	if ((size_t)json_object_object_length(listed) == L->ngot)
		return 0;
	json_object_object_foreach(listed, lname, unused)
	{
		struct snapfile_got key = {.name = lname};

		(void)unused;
		if (!L->ngot ||
		    !bsearch(&key, L->got, L->ngot, sizeof(*L->got), got_cmp))
			return snapfile_member_fail(
				L, -EBADMSG, lname,
				"of the manifest is missing from "
				"the archive");
	}
	return 0;
}

/* Read every header until the end; the manifest must come last. */
static int load_all(struct snapfile_loader *L)
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
				r = snapfile_fail(L->why, -EINVAL,
						  "not a tar archive: %s",
						  archive_error_string(L->a));
			else {
				/* name is still the last good member's. */
				r = snapfile_fail(L->why, -EIO,
						  "truncated or damaged after "
						  "member ");
				add_name(L->why, name);
				strbuf_addf(L->why, ": %s",
					    archive_error_string(L->a));
			}
			break;
		}
		path = archive_entry_pathname(e);
		if (L->manifest) {
			r = snapfile_member_fail(L, -EBADMSG, path,
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
			r = snapfile_load_member(L, e, name);
		}
		if (r)
			break;
	}
	free(name);
	if (r)
		return r;
	if (!L->manifest)
		return snapfile_fail(
			L->why, -EBADMSG,
			index ? "truncated: no manifest.json at the end"
			      : "not a procsift snapshot: an empty "
				"archive");
	return check_manifest(L);
}

int snapfile_load_fd(int fd, const struct snapfile_limits *lim,
		     struct snapfile **out, struct strbuf *why)
{
	struct snapfile_loader L = {
		.lim = lim, .root = -1, .parent_fd = -1, .why = why};
	struct mount_attr ro = {.attr_set = MOUNT_ATTR_RDONLY};
	struct snapfile_limits eff;
	struct snapfile *s;
	struct stat st;
	uint64_t by_ratio;
	int mnt, r;

	*out = NULL;
	strbuf_reset(why);
	if (fstat(fd, &st) < 0)
		return snapfile_fail(why, -errno,
				     "cannot stat the snapshot: %s",
				     strerror(errno));
	if (!S_ISREG(st.st_mode))
		return snapfile_fail(why, -EINVAL,
				     "the snapshot is not a regular file");
	/* A bomb: what procsift writes unpacks to a few hundred times its
	 * size at most (the tmpfs charges a page a member, and a node's
	 * members are small), so more than that is not a snapshot of it. */
	eff = *lim;
	by_ratio = (uint64_t)st.st_size * SNAPFILE_RATIO_MAX;
	if (by_ratio < SNAPFILE_RATIO_FLOOR)
		by_ratio = SNAPFILE_RATIO_FLOOR;
	if (eff.total_max > by_ratio)
		eff.total_max = by_ratio;
	L.lim = lim = &eff;
	if (lseek(fd, 0, SEEK_SET) < 0)
		return snapfile_fail(why, -errno,
				     "cannot seek the snapshot: %s",
				     strerror(errno));
	mnt = snapfile_tree_mount(lim->total_max, why);
	if (mnt < 0)
		return mnt;
	L.root = openat(mnt, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (L.root < 0) {
		r = snapfile_fail(why, -errno,
				  "cannot open the private tmpfs: %s",
				  strerror(errno));
		goto out_close_mnt;
	}
	if (mkdirat(L.root, "proc", 0700) < 0) {
		r = snapfile_fail(why, -errno,
				  "cannot make proc in the private "
				  "tmpfs: %s",
				  strerror(errno));
		goto out_close_mnt;
	}
	L.page = (uint64_t)sysconf(_SC_PAGESIZE);
	L.buf = xmalloc(SNAPFILE_CHUNK);
	L.a = archive_read_new();
	support_filters(L.a);
	archive_read_support_format_tar(L.a);
	if (archive_read_open_fd(L.a, fd, SNAPFILE_CHUNK) != ARCHIVE_OK) {
		r = snapfile_fail(why, -EINVAL, "not a tar archive: %s",
				  archive_error_string(L.a));
		goto out_free;
	}
	r = load_all(&L);
	if (r) {
		one_line(why);
		goto out_free;
	}
	/* Nothing may change the tree once it matches the manifest. */
	if (mount_setattr(mnt, "", AT_EMPTY_PATH, &ro, sizeof(ro)) < 0) {
		r = snapfile_fail(why, -errno,
				  "cannot make the tree read-only: %s",
				  strerror(errno));
		goto out_free;
	}
	s = xcalloc(1, sizeof(*s));
	s->proc_fd = openat(L.root, "proc",
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (s->proc_fd < 0) {
		r = snapfile_fail(why, -errno,
				  "cannot open proc in the tree: %s",
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
		return snapfile_fail(why, -errno,
				     "cannot open the snapshot: %s",
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
