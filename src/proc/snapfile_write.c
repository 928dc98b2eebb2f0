/* Writing a snapshot archive: tar (pax restricted) through zstd, README
 * first, manifest.json with every member's SHA-256 last. */
#include "proc/snapfile.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/xalloc.h"

struct snapfile_writer {
	struct archive *a;
	char *path;    /* as given to create, for the unlink of a failure */
	int fd;	       /* the archive file; libarchive does not close it */
	int err;       /* first write error (negative errno), sticky */
	bool finished; /* finish succeeded: keep the file */
	time_t mtime;  /* of every member: the snapshot's time */
	json_object *members;	 /* name -> {sha256, size, type} */
	json_object *unreadable; /* [{name, errno}] */
};

static const char readme[] =
	"procsift snapshot\n"
	"=================\n"
	"\n"
	"WARNING: this archive holds process environments, command lines and\n"
	"possibly etcd data, with any secrets in them in PLAINTEXT (API "
	"tokens,\n"
	"passwords, Kubernetes Secrets). Keep it like the secrets themselves:\n"
	"mode 0600, encrypted at rest, deleted when the investigation ends.\n"
	"\n"
	"Read it with procsift on another machine, without unpacking it:\n"
	"\n"
	"    procsift --input FILE tree\n"
	"    procsift --input FILE scan --all\n"
	"\n"
	"manifest.json, the last member, lists every member with its SHA-256\n"
	"and the files that could not be read.\n";

/* The errno of a libarchive failure, negative; EIO when it has none. */
static int archive_err(struct archive *a)
{
	int e = archive_errno(a);
	return e > 0 ? -e : -EIO;
}

static int fail(struct snapfile_writer *w, int err)
{
	if (!w->err)
		w->err = err;
	return err;
}

/* Write the header of a member; tar dirs get their '/' from libarchive. */
static int write_header(struct snapfile_writer *w, const char *name,
			mode_t type, uint64_t size, const char *target)
{
	struct archive_entry *e = archive_entry_new();
	int r;

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, type);
	archive_entry_set_perm(e, type == AE_IFDIR ? 0700 : 0600);
	archive_entry_set_mtime(e, w->mtime, 0);
	if (type == AE_IFREG)
		archive_entry_set_size(e, (la_int64_t)size);
	if (target)
		archive_entry_set_symlink(e, target);
	r = archive_write_header(w->a, e);
	archive_entry_free(e);
	/* ARCHIVE_WARN: a text that is not UTF-8 went out as binary (pax
	 * hdrcharset=BINARY), which is what a /proc link text needs. */
	if (r < ARCHIVE_WARN)
		return fail(w, archive_err(w->a));
	return 0;
}

static int write_data(struct snapfile_writer *w, const void *p, size_t n)
{
	if (n && archive_write_data(w->a, p, n) != (la_ssize_t)n)
		return fail(w, archive_err(w->a));
	return 0;
}

static int finish_entry(struct snapfile_writer *w)
{
	if (archive_write_finish_entry(w->a) < ARCHIVE_WARN)
		return fail(w, archive_err(w->a));
	return 0;
}

/* Check a new member's name; 0 when it can be added. */
static int check_new(struct snapfile_writer *w, const char *name)
{
	if (w->err)
		return w->err;
	if (w->finished)
		return -EINVAL;
	if (!snapfile_name_valid(name) || !strcmp(name, "README") ||
	    !strcmp(name, "manifest.json"))
		return -EINVAL;
	if (json_object_object_get_ex(w->members, name, NULL))
		return -EEXIST;
	return 0;
}

static void record(struct snapfile_writer *w, const char *name,
		   crypto_hash_sha256_state *st, uint64_t size,
		   const char *type)
{
	unsigned char sum[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1], line[128];

	crypto_hash_sha256_final(st, sum);
	sodium_bin2hex(hex, sizeof(hex), sum, sizeof(sum));
	/* One string a member, "SHA256 SIZE TYPE", not an object of three:
	 * a node of thousands of processes has 100,000 members and more,
	 * and json-c spends about a kilobyte on each object. */
	snprintf(line, sizeof(line), "%s %llu %s", hex,
		 (unsigned long long)size, type);
	json_object_object_add(w->members, name, json_object_new_string(line));
}

static int add_readme(struct snapfile_writer *w)
{
	int r = write_header(w, "README", AE_IFREG, sizeof(readme) - 1, NULL);
	if (!r)
		r = write_data(w, readme, sizeof(readme) - 1);
	if (!r)
		r = finish_entry(w);
	return r;
}

int snapfile_create(const char *path, struct snapfile_writer **out)
{
	struct snapfile_writer *w;
	int fd, r;

	*out = NULL;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	if (fd < 0)
		return -errno;
	w = xcalloc(1, sizeof(*w));
	w->fd = fd;
	w->path = xstrdup(path);
	w->mtime = time(NULL);
	w->members = json_object_new_object();
	w->unreadable = json_object_new_array();
	/* The umask may have taken bits away, never added them; fchmod
	 * anyway, so the mode does not depend on it at all. */
	if (fchmod(fd, 0600) < 0) {
		r = -errno;
		goto out_free;
	}
	w->a = archive_write_new();
	if (archive_write_set_format_pax_restricted(w->a) != ARCHIVE_OK ||
	    archive_write_add_filter_zstd(w->a) != ARCHIVE_OK ||
	    archive_write_open_fd(w->a, fd) != ARCHIVE_OK) {
		r = archive_err(w->a);
		goto out_free;
	}
	r = add_readme(w);
	if (r)
		goto out_free;
	*out = w;
	return 0;

out_free:
	snapfile_writer_free(w);
	return r;
}

int snapfile_add_file(struct snapfile_writer *w, const char *name,
		      const void *data, size_t len)
{
	crypto_hash_sha256_state st;
	int r = check_new(w, name);

	if (r)
		return r;
	r = write_header(w, name, AE_IFREG, len, NULL);
	if (!r)
		r = write_data(w, data, len);
	if (!r)
		r = finish_entry(w);
	if (r)
		return r;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, data, len);
	record(w, name, &st, len, "file");
	return 0;
}

int snapfile_add_fd(struct snapfile_writer *w, const char *name, int fd,
		    uint64_t size)
{
	enum { CHUNK = 1 << 16 };
	crypto_hash_sha256_state st;
	unsigned char *buf;
	uint64_t off = 0;
	int r = check_new(w, name), short_read = 0;

	if (r)
		return r;
	r = write_header(w, name, AE_IFREG, size, NULL);
	if (r)
		return r;
	buf = xmalloc(CHUNK);
	crypto_hash_sha256_init(&st);
	while (off < size) {
		size_t want = size - off < CHUNK ? (size_t)(size - off) : CHUNK;
		ssize_t n = short_read ? 0 : pread(fd, buf, want, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* The file shrank or failed: the header holds `size`,
			 * so zeros make up the rest (and are hashed). */
			short_read = n < 0 ? errno : EIO;
			memset(buf, 0, want);
			n = (ssize_t)want;
		}
		crypto_hash_sha256_update(&st, buf, (size_t)n);
		r = write_data(w, buf, (size_t)n);
		if (r)
			goto out_free;
		off += (uint64_t)n;
	}
	r = finish_entry(w);
	if (r)
		goto out_free;
	record(w, name, &st, size, "file");
	if (short_read) {
		snapfile_note_unreadable(w, name, short_read);
		r = -EIO;
	}
out_free:
	free(buf);
	return r;
}

int snapfile_add_link(struct snapfile_writer *w, const char *name,
		      const char *target)
{
	crypto_hash_sha256_state st;
	size_t len = strlen(target);
	int r = check_new(w, name);

	if (r)
		return r;
	if (!snapfile_link_place(name) || len == 0 || len >= PATH_MAX)
		return -EINVAL;
	r = write_header(w, name, AE_IFLNK, 0, target);
	if (!r)
		r = finish_entry(w);
	if (r)
		return r;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)target, len);
	record(w, name, &st, len, "link");
	return 0;
}

int snapfile_add_dir(struct snapfile_writer *w, const char *name)
{
	crypto_hash_sha256_state st;
	int r = check_new(w, name);

	if (r)
		return r;
	r = write_header(w, name, AE_IFDIR, 0, NULL);
	if (!r)
		r = finish_entry(w);
	if (r)
		return r;
	crypto_hash_sha256_init(&st);
	record(w, name, &st, 0, "dir");
	return 0;
}

void snapfile_note_unreadable(struct snapfile_writer *w, const char *name,
			      int err)
{
	json_object *u = json_object_new_object();
	const char *en = strerrorname_np(err);
	char num[24];

	if (!en) {
		snprintf(num, sizeof(num), "%d", err);
		en = num;
	}
	json_object_object_add(u, "name", json_object_new_string(name));
	json_object_object_add(u, "errno", json_object_new_string(en));
	json_object_array_add(w->unreadable, u);
}

int snapfile_finish(struct snapfile_writer *w, json_object *meta)
{
	const char *text;
	size_t len;
	int r;

	if (!meta)
		meta = json_object_new_object();
	if (w->err || w->finished) {
		r = w->err ? w->err : -EINVAL;
		goto out_put;
	}
	json_object_object_add(meta, "format",
			       json_object_new_string("procsift-snapshot"));
	json_object_object_add(meta, "format_version", json_object_new_int(1));
	json_object_object_add(meta, "members", json_object_get(w->members));
	json_object_object_add(meta, "unreadable",
			       json_object_get(w->unreadable));
	text = json_object_to_json_string_length(
		meta, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE,
		&len);
	r = write_header(w, "manifest.json", AE_IFREG, len, NULL);
	if (!r)
		r = write_data(w, text, len);
	if (!r)
		r = finish_entry(w);
	if (r)
		goto out_put;
	/* close writes the tar trailer and ends the zstd frame: its errors
	 * (ENOSPC) are the archive's. */
	if (archive_write_close(w->a) != ARCHIVE_OK) {
		r = fail(w, archive_err(w->a));
		goto out_put;
	}
	r = fsync(w->fd) < 0 ? -errno : 0;
	if (close(w->fd) < 0 && !r)
		r = -errno;
	w->fd = -1;
	if (r) {
		fail(w, r);
		goto out_put;
	}
	w->finished = true;
out_put:
	json_object_put(meta);
	return r;
}

void snapfile_writer_free(struct snapfile_writer *w)
{
	if (!w)
		return;
	if (w->a)
		archive_write_free(w->a);
	if (w->fd >= 0)
		close(w->fd);
	if (!w->finished)
		unlink(w->path);
	json_object_put(w->members);
	json_object_put(w->unreadable);
	free(w->path);
	free(w);
}
