/* The snapshot archive: a round trip through the writer and the loader,
 * and damaged archives written by hand with libarchive, each refused with
 * one line naming the problem. */
#include <archive.h>
#include <archive_entry.h>
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <json-c/json.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc/snapfile.h"

static char dir[] = "/tmp/procsift-snapfile-XXXXXX";
static char path[sizeof(dir) + 32];

static void setup(void)
{
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/snap.tar.zst", dir);
}

static void teardown(void)
{
	char cmd[sizeof(dir) + 16];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(snapfile, .init = setup, .fini = teardown);

static const unsigned char environ_bytes[] =
	"A=1\0GITHUB_TOKEN=x\0\xff\xfe\x01";
static const char exe_text[] = "/usr/bin/we\xff\xfeird (deleted)";

/* A snapshot with one of everything the writer takes. */
static void write_good(const char *p)
{
	struct snapfile_writer *w;
	char big[sizeof(dir) + 16];
	unsigned char *buf = malloc(200000);
	json_object *meta = json_object_new_object();
	int fd;

	for (size_t i = 0; i < 200000; i++)
		buf[i] = (unsigned char)(i * 7 + i / 251);
	snprintf(big, sizeof(big), "%s/db", dir);
	fd = open(big, O_RDWR | O_CREAT | O_TRUNC, 0600);
	cr_assert_eq(write(fd, buf, 200000), 200000);

	cr_assert_eq(snapfile_create(p, &w), 0);
	cr_assert_eq(snapfile_add_file(w, "proc/1/status", "Name:\tinit\n", 11),
		     0);
	cr_assert_eq(snapfile_add_file(w, "proc/1/environ", environ_bytes,
				       sizeof(environ_bytes)),
		     0);
	cr_assert_eq(snapfile_add_file(w, "proc/1/cmdline", "", 0), 0);
	cr_assert_eq(snapfile_add_link(w, "proc/1/fd/0", "socket:[123]"), 0);
	cr_assert_eq(snapfile_add_link(w, "proc/1/fd/1", "../../etc/passwd"),
		     0);
	cr_assert_eq(snapfile_add_link(w, "proc/1/cwd", "/tmp/a\nb"), 0);
	cr_assert_eq(snapfile_add_link(w, "proc/1/exe", exe_text), 0);
	cr_assert_eq(snapfile_add_link(w, "proc/1/ns/net", "net:[4026531840]"),
		     0);
	cr_assert_eq(snapfile_add_link(w, "proc/1/task/1/root", "/"), 0);
	cr_assert_eq(snapfile_add_link(w, "proc/self", "1"), 0);
	cr_assert_eq(snapfile_add_dir(w, "proc/2/fd"), 0);
	cr_assert_eq(snapfile_add_fd(w, "etcd/member/snap/db", fd, 200000), 0);
	snapfile_note_unreadable(w, "proc/1/mem", EACCES);
	json_object_object_add(meta, "hostname", json_object_new_string("h1"));
	cr_assert_eq(snapfile_finish(w, meta), 0);
	snapfile_writer_free(w);
	close(fd);
	free(buf);
}

static void read_at(int dfd, const char *name, struct strbuf *sb)
{
	char buf[65536];
	ssize_t n;
	int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW);

	cr_assert_geq(fd, 0, "open %s: %s", name, strerror(errno));
	strbuf_reset(sb);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		strbuf_add(sb, buf, (size_t)n);
	close(fd);
}

static void link_is(int dfd, const char *name, const char *want)
{
	char buf[4096];
	ssize_t n = readlinkat(dfd, name, buf, sizeof(buf));
	cr_assert_eq(n, (ssize_t)strlen(want), "%s", name);
	cr_assert_eq(memcmp(buf, want, (size_t)n), 0, "%s", name);
}

static int load(const char *p, struct snapfile **s, struct strbuf *why)
{
	int r = snapfile_load(p, s, why);
	if (r == 0)
		cr_assert_not_null(*s);
	else
		cr_assert_null(*s);
	return r;
}

Test(snapfile, round_trip)
{
	struct strbuf why = STRBUF_INIT, sb = STRBUF_INIT;
	struct snapfile *s;
	json_object *m, *v, *members;
	struct stat st;
	DIR *d;
	int pfd, n = 0;

	write_good(path);
	cr_assert_eq(load(path, &s, &why), 0, "%s", why.buf);
	pfd = snapfile_proc_fd(s);
	read_at(pfd, "1/status", &sb);
	cr_assert_str_eq(sb.buf, "Name:\tinit\n");
	read_at(pfd, "1/environ", &sb);
	cr_assert_eq(sb.len, sizeof(environ_bytes));
	cr_assert_eq(memcmp(sb.buf, environ_bytes, sb.len), 0);
	read_at(pfd, "1/cmdline", &sb);
	cr_assert_eq(sb.len, 0);
	link_is(pfd, "1/fd/0", "socket:[123]");
	link_is(pfd, "1/fd/1", "../../etc/passwd");
	link_is(pfd, "1/cwd", "/tmp/a\nb");
	link_is(pfd, "1/exe", exe_text);
	link_is(pfd, "1/ns/net", "net:[4026531840]");
	link_is(pfd, "1/task/1/root", "/");
	link_is(pfd, "self", "1");
	d = fdopendir(openat(pfd, "2/fd", O_RDONLY | O_DIRECTORY));
	cr_assert_not_null(d);
	while (readdir(d))
		n++;
	closedir(d);
	cr_assert_eq(n, 2); /* . and .. */
	read_at(snapfile_root_fd(s), "etcd/member/snap/db", &sb);
	cr_assert_eq(sb.len, 200000);
	cr_assert_eq((unsigned char)sb.buf[199999],
		     (unsigned char)(199999 * 7 + 199999 / 251));
	/* Modes as documented, and nothing can be written once loaded. */
	cr_assert_eq(fstatat(pfd, "1/status", &st, AT_SYMLINK_NOFOLLOW), 0);
	cr_assert_eq(st.st_mode & 07777, 0600);
	cr_assert_eq(fstatat(pfd, "1", &st, AT_SYMLINK_NOFOLLOW), 0);
	cr_assert_eq(st.st_mode & 07777, 0700);
	cr_assert_lt(openat(pfd, "new", O_WRONLY | O_CREAT, 0600), 0);
	cr_assert_eq(errno, EROFS);

	m = snapfile_manifest(s);
	cr_assert(json_object_object_get_ex(m, "format", &v));
	cr_assert_str_eq(json_object_get_string(v), "procsift-snapshot");
	cr_assert(json_object_object_get_ex(m, "format_version", &v));
	cr_assert_eq(json_object_get_int(v), 1);
	cr_assert(json_object_object_get_ex(m, "hostname", &v));
	cr_assert_str_eq(json_object_get_string(v), "h1");
	cr_assert(json_object_object_get_ex(m, "members", &members));
	cr_assert_eq(json_object_object_length(members), 12);
	/* "SHA256 SIZE TYPE" */
	cr_assert(json_object_object_get_ex(members, "proc/1/fd/0", &v));
	cr_assert(strstr(json_object_get_string(v), " link"));
	cr_assert(json_object_object_get_ex(members, "proc/2/fd", &v));
	cr_assert(strstr(json_object_get_string(v), " dir"));
	cr_assert(!json_object_object_get_ex(members, "README", NULL));
	cr_assert(json_object_object_get_ex(m, "unreadable", &v));
	cr_assert_eq(json_object_array_length(v), 1);
	v = json_object_array_get_idx(v, 0);
	cr_assert(json_object_object_get_ex(v, "errno", &v));
	cr_assert_str_eq(json_object_get_string(v), "EACCES");
	snapfile_free(s);
	strbuf_release(&why);
	strbuf_release(&sb);
}

Test(snapfile, readme_first_manifest_last)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	char last[64] = "";
	int i = 0;

	write_good(path);
	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	cr_assert_eq(archive_read_open_filename(a, path, 10240), ARCHIVE_OK);
	while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
		if (i++ == 0)
			cr_assert_str_eq(archive_entry_pathname(e), "README");
		snprintf(last, sizeof(last), "%s", archive_entry_pathname(e));
	}
	cr_assert_str_eq(last, "manifest.json");
	cr_assert_eq(archive_filter_code(a, 0), ARCHIVE_FILTER_ZSTD);
	archive_read_free(a);
}

Test(snapfile, create_refuses_existing_and_is_0600)
{
	struct snapfile_writer *w, *w2;
	struct stat st;
	mode_t old = umask(0);

	cr_assert_eq(snapfile_create(path, &w), 0);
	umask(old);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0600);
	cr_assert_eq(snapfile_create(path, &w2), -EEXIST);
	cr_assert_null(w2);
	snapfile_writer_free(w);
}

Test(snapfile, free_without_finish_leaves_no_file)
{
	struct snapfile_writer *w;

	cr_assert_eq(snapfile_create(path, &w), 0);
	cr_assert_eq(snapfile_add_file(w, "proc/1/status", "x", 1), 0);
	snapfile_writer_free(w);
	cr_assert_eq(access(path, F_OK), -1);
	snapfile_writer_free(NULL);
}

Test(snapfile, writer_refuses_bad_members)
{
	struct snapfile_writer *w;

	cr_assert_eq(snapfile_create(path, &w), 0);
	cr_assert_eq(snapfile_add_file(w, "/etc/passwd", "x", 1), -EINVAL);
	cr_assert_eq(snapfile_add_file(w, "proc/../x", "x", 1), -EINVAL);
	cr_assert_eq(snapfile_add_file(w, "proc//x", "x", 1), -EINVAL);
	cr_assert_eq(snapfile_add_file(w, "manifest.json", "x", 1), -EINVAL);
	cr_assert_eq(snapfile_add_link(w, "proc/1/status", "/etc/shadow"),
		     -EINVAL);
	cr_assert_eq(snapfile_add_file(w, "proc/1/status", "x", 1), 0);
	cr_assert_eq(snapfile_add_file(w, "proc/1/status", "x", 1), -EEXIST);
	cr_assert_eq(snapfile_finish(w, NULL), 0);
	snapfile_writer_free(w);
}

Test(snapfile, add_fd_short_read_pads_and_notes)
{
	struct strbuf why = STRBUF_INIT, sb = STRBUF_INIT;
	struct snapfile_writer *w;
	struct snapfile *s;
	json_object *u;
	int fd = open(dir, O_TMPFILE | O_RDWR, 0600);

	cr_assert_eq(write(fd, "abc", 3), 3);
	cr_assert_eq(snapfile_create(path, &w), 0);
	cr_assert_eq(snapfile_add_fd(w, "etcd/db", fd, 10), -EIO);
	cr_assert_eq(snapfile_finish(w, NULL), 0);
	snapfile_writer_free(w);
	close(fd);
	cr_assert_eq(load(path, &s, &why), 0, "%s", why.buf);
	read_at(snapfile_root_fd(s), "etcd/db", &sb);
	cr_assert_eq(sb.len, 10);
	cr_assert_eq(memcmp(sb.buf, "abc\0\0\0\0\0\0\0", 10), 0);
	json_object_object_get_ex(snapfile_manifest(s), "unreadable", &u);
	cr_assert_eq(json_object_array_length(u), 1);
	snapfile_free(s);
	strbuf_release(&why);
	strbuf_release(&sb);
}

Test(snapfile, names_and_link_places)
{
	cr_assert(snapfile_name_valid("proc/123/task/123/ns/pid_for_children"));
	cr_assert(snapfile_name_valid("etcd/member/wal/0000-0000.wal"));
	cr_assert(!snapfile_name_valid(""));
	cr_assert(!snapfile_name_valid("proc/"));
	cr_assert(!snapfile_name_valid("./proc"));
	cr_assert(!snapfile_name_valid("proc/a b"));
	cr_assert(!snapfile_name_valid("proc/a\nb"));
	cr_assert(!snapfile_name_valid("a/b/c/d/e/f/g/h/i/j/k/l/m"));
	cr_assert(snapfile_name_valid("a/b/c/d/e/f/g/h/i/j/k/l"));
	cr_assert(snapfile_link_place("proc/self"));
	cr_assert(snapfile_link_place("proc/1/exe"));
	cr_assert(snapfile_link_place("proc/1/fd/10"));
	cr_assert(snapfile_link_place("proc/1/task/2/ns/mnt"));
	cr_assert(snapfile_link_place("proc/1/task/2/fd/0"));
	cr_assert(!snapfile_link_place("proc/1/fd/01"));
	cr_assert(!snapfile_link_place("proc/1/fd/x"));
	cr_assert(!snapfile_link_place("proc/1/fd/3/x"));
	cr_assert(!snapfile_link_place("proc/1/status"));
	cr_assert(!snapfile_link_place("proc/1/ns/a/b"));
	cr_assert(!snapfile_link_place("proc/x/exe"));
	cr_assert(!snapfile_link_place("etcd/exe"));
	cr_assert(!snapfile_link_place("proc/1/task/exe"));
}

/* Damaged archives. */

/* One line that contains every one of `words`. */
static void why_says(const struct strbuf *why, const char *word)
{
	cr_assert_gt(why->len, 0);
	cr_assert_null(strchr(why->buf, '\n'), "%s", why->buf);
	cr_assert_not_null(strstr(why->buf, word), "why: %s", why->buf);
}

static void expect_fail(const char *p, int err, const char *word)
{
	struct strbuf why = STRBUF_INIT;
	struct snapfile *s;
	int r = load(p, &s, &why);

	cr_assert_eq(r, err, "got %d (%s), want %d", r, why.buf, err);
	why_says(&why, word);
	strbuf_release(&why);
}

/* A hand-made archive: members and a manifest of the test's choosing. */
struct hand {
	struct archive *a;
	json_object *members;
};

static void hand_open(struct hand *h, const char *p, bool zstd)
{
	h->a = archive_write_new();
	archive_write_set_format_pax_restricted(h->a);
	if (zstd)
		archive_write_add_filter_zstd(h->a);
	archive_write_set_bytes_per_block(h->a, 512);
	cr_assert_eq(archive_write_open_filename(h->a, p), ARCHIVE_OK);
	h->members = json_object_new_object();
}

/* List a member in the manifest. */
static void hand_list(struct hand *h, const char *name, const void *data,
		      size_t len, const char *type)
{
	unsigned char sum[crypto_hash_sha256_BYTES];
	char hex[2 * sizeof(sum) + 1];
	json_object *m = json_object_new_object();

	crypto_hash_sha256(sum, data, len);
	sodium_bin2hex(hex, sizeof(hex), sum, sizeof(sum));
	json_object_object_add(m, "sha256", json_object_new_string(hex));
	json_object_object_add(m, "size", json_object_new_uint64(len));
	json_object_object_add(m, "type", json_object_new_string(type));
	json_object_object_add(h->members, name, m);
}

static void hand_entry(struct hand *h, const char *name, mode_t type,
		       const void *data, size_t len, const char *link)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, type);
	archive_entry_set_perm(e, 0600);
	if (type == AE_IFREG)
		archive_entry_set_size(e, (la_int64_t)len);
	if (type == AE_IFLNK)
		archive_entry_set_symlink(e, link);
	if (type == AE_IFREG && link)
		archive_entry_set_hardlink(e, link);
	cr_assert_geq(archive_write_header(h->a, e), ARCHIVE_WARN);
	if (len && type == AE_IFREG && !link)
		cr_assert_eq(archive_write_data(h->a, data, len),
			     (la_ssize_t)len);
	archive_entry_free(e);
}

/* A regular member, listed as it is. */
static void hand_file(struct hand *h, const char *name, const char *text)
{
	hand_entry(h, name, AE_IFREG, text, strlen(text), NULL);
	hand_list(h, name, text, strlen(text), "file");
}

static void hand_close(struct hand *h)
{
	json_object *m = json_object_new_object();
	const char *text;

	json_object_object_add(m, "format",
			       json_object_new_string("procsift-snapshot"));
	json_object_object_add(m, "format_version", json_object_new_int(1));
	json_object_object_add(m, "members", h->members);
	json_object_object_add(m, "unreadable", json_object_new_array());
	text = json_object_to_json_string(m);
	hand_entry(h, "manifest.json", AE_IFREG, text, strlen(text), NULL);
	cr_assert_eq(archive_write_close(h->a), ARCHIVE_OK);
	archive_write_free(h->a);
	json_object_put(m);
}

Test(snapfile, hand_made_good_archive_loads)
{
	struct strbuf why = STRBUF_INIT;
	struct snapfile *s;
	struct hand h;

	hand_open(&h, path, false);
	hand_file(&h, "proc/1/status", "Name:\tx\n");
	hand_close(&h);
	cr_assert_eq(load(path, &s, &why), 0, "%s", why.buf);
	snapfile_free(s);
	strbuf_release(&why);
}

static void cut(const char *from, const char *to, off_t len)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "head -c %lld %s > %s", (long long)len, from,
		 to);
	cr_assert_eq(system(cmd), 0);
}

Test(snapfile, truncated)
{
	char part[sizeof(path) + 8];
	struct stat st;
	off_t at[5];

	write_good(path);
	cr_assert_eq(stat(path, &st), 0);
	at[0] = st.st_size / 2;
	at[1] = st.st_size - 100;
	at[2] = st.st_size - 1;
	at[3] = 100;
	at[4] = 10;
	for (int i = 0; i < 5; i++) {
		struct strbuf why = STRBUF_INIT;
		struct snapfile *s;
		int r;

		snprintf(part, sizeof(part), "%s.%d", path, i);
		cut(path, part, at[i]);
		r = load(part, &s, &why);
		cr_assert_lt(r, 0, "cut at %lld loaded", (long long)at[i]);
		cr_assert_gt(why.len, 0);
		cr_assert_null(strchr(why.buf, '\n'));
		strbuf_release(&why);
	}
	/* And the plain tar variant, cut after the last data member. */
	{
		struct hand h;
		hand_open(&h, part, false);
		hand_file(&h, "proc/1/status", "x");
		cr_assert_eq(archive_write_close(h.a), ARCHIVE_OK);
		archive_write_free(h.a);
		json_object_put(h.members);
		expect_fail(part, -EBADMSG, "truncated: no manifest.json");
	}
}

Test(snapfile, member_changed_after_hash)
{
	struct hand h;

	hand_open(&h, path, true);
	hand_file(&h, "proc/1/status", "Name:\tx\n");
	hand_entry(&h, "proc/12/environ", AE_IFREG, "A=evil", 6, NULL);
	hand_list(&h, "proc/12/environ", "A=good", 6, "file");
	hand_close(&h);
	expect_fail(path, -EBADMSG,
		    "member proc/12/environ changed after its SHA-256 was "
		    "recorded");
}

Test(snapfile, member_not_in_manifest)
{
	struct hand h;

	hand_open(&h, path, true);
	hand_file(&h, "proc/1/status", "x");
	hand_entry(&h, "proc/1/environ", AE_IFREG, "A=1", 3, NULL);
	hand_close(&h);
	expect_fail(path, -EBADMSG, "member proc/1/environ is not in the");
}

Test(snapfile, manifest_member_missing)
{
	struct hand h;

	hand_open(&h, path, true);
	hand_file(&h, "proc/1/status", "x");
	hand_list(&h, "proc/1/environ", "A=1", 3, "file");
	hand_close(&h);
	expect_fail(path, -EBADMSG,
		    "proc/1/environ of the manifest is missing");
}

Test(snapfile, dotdot_and_absolute_names)
{
	struct hand h;

	hand_open(&h, path, true);
	hand_file(&h, "proc/../../etc/cron.d/x", "x");
	hand_close(&h);
	expect_fail(path, -EINVAL, "proc/../../etc/cron.d/x has a name");

	unlink(path);
	hand_open(&h, path, true);
	hand_file(&h, "/etc/cron.d/x", "x");
	hand_close(&h);
	expect_fail(path, -EINVAL, "/etc/cron.d/x has a name");

	unlink(path);
	hand_open(&h, path, true);
	hand_file(&h, "proc/1/a\x1b[2Jb", "x");
	hand_close(&h);
	expect_fail(path, -EINVAL, "a\\x1b[2Jb has a name");
}

Test(snapfile, symlink_where_proc_has_none)
{
	struct hand h;

	hand_open(&h, path, true);
	hand_entry(&h, "proc/1/status", AE_IFLNK, NULL, 0, "/etc/shadow");
	hand_list(&h, "proc/1/status", "/etc/shadow", 11, "link");
	hand_close(&h);
	expect_fail(path, -EINVAL,
		    "member proc/1/status is a symlink where /proc has none");
}

Test(snapfile, member_below_symlink)
{
	struct hand h;

	hand_open(&h, path, true);
	hand_entry(&h, "proc/1/fd/3", AE_IFLNK, NULL, 0, "/etc");
	hand_list(&h, "proc/1/fd/3", "/etc", 4, "link");
	hand_file(&h, "proc/1/fd/3/x", "x");
	hand_close(&h);
	expect_fail(path, -EINVAL, "proc/1/fd/3/x is below a member");
	cr_assert_eq(access("/etc/x", F_OK), -1);
}

Test(snapfile, duplicate_member)
{
	struct hand h;

	hand_open(&h, path, true);
	hand_file(&h, "proc/1/status", "x");
	hand_file(&h, "proc/1/status", "x");
	hand_close(&h);
	expect_fail(path, -EINVAL, "proc/1/status is in the archive twice");
}

Test(snapfile, hard_link_member)
{
	struct hand h;

	hand_open(&h, path, true);
	hand_file(&h, "proc/1/status", "x");
	hand_entry(&h, "proc/1/environ", AE_IFREG, NULL, 0, "proc/1/status");
	hand_close(&h);
	expect_fail(path, -EINVAL, "proc/1/environ is a hard link");
}

Test(snapfile, fifo_member)
{
	struct hand h;

	hand_open(&h, path, true);
	hand_entry(&h, "proc/1/status", AE_IFIFO, NULL, 0, NULL);
	hand_close(&h);
	expect_fail(path, -EINVAL, "proc/1/status is a FIFO");
}

Test(snapfile, header_claims_10gb, .timeout = 30)
{
	static char out[1 << 16];
	char data[4096] = {0};
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	size_t used = 0;
	int fd;

	/* The header and a little data, then stop: the loader must refuse
	 * the header without waiting for 10 GB. Into memory, plain tar in
	 * 512-byte blocks, so the close that would pad 10 GB fails when the
	 * buffer is full. */
	archive_write_set_format_pax_restricted(a);
	archive_write_set_bytes_per_block(a, 512);
	cr_assert_eq(archive_write_open_memory(a, out, sizeof(out), &used),
		     ARCHIVE_OK);
	archive_entry_set_pathname(e, "proc/1/environ");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0600);
	archive_entry_set_size(e, 10000000000LL);
	cr_assert_eq(archive_write_header(a, e), ARCHIVE_OK);
	archive_entry_free(e);
	for (int i = 0; i < 4; i++)
		archive_write_data(a, data, sizeof(data));
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	cr_assert_gt(used, 0);
	cr_assert_eq(write(fd, out, used), (ssize_t)used);
	close(fd);
	archive_write_free(a);
	expect_fail(path, -EFBIG,
		    "member proc/1/environ is 10.0 GB, over the 256 MiB cap");
}

Test(snapfile, tar_bomb_stops_at_cap, .timeout = 60)
{
	struct hand h;
	size_t n = 300u << 20;
	char *zeros = calloc(1, n);
	struct stat st;

	hand_open(&h, path, true);
	hand_entry(&h, "proc/1/environ", AE_IFREG, zeros, n, NULL);
	hand_list(&h, "proc/1/environ", zeros, n, "file");
	hand_close(&h);
	free(zeros);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_lt(st.st_size, 1 << 20); /* a bomb indeed */
	expect_fail(path, -EFBIG,
		    "member proc/1/environ is 314.6 MB, over "
		    "the 256 MiB cap");
}

static int load_limited(const struct snapfile_limits *lim, struct strbuf *why)
{
	struct snapfile *s;
	int r = snapfile_load_limited(path, lim, &s, why);
	snapfile_free(s);
	return r;
}

Test(snapfile, total_over_memory_cap)
{
	struct strbuf why = STRBUF_INIT;
	struct snapfile_limits lim;
	char name[32], *data = calloc(1, 100000);
	struct hand h;

	hand_open(&h, path, true);
	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "proc/%d/environ", i + 1);
		hand_entry(&h, name, AE_IFREG, data, 100000, NULL);
		hand_list(&h, name, data, 100000, "file");
	}
	hand_close(&h);
	free(data);
	snapfile_limits_default(&lim);
	lim.total_max = 512 << 10;
	cr_assert_eq(load_limited(&lim, &why), -ENOSPC);
	why_says(&why, "snapshot too large for memory");
	lim.total_max = 2 << 20;
	cr_assert_eq(load_limited(&lim, &why), 0, "%s", why.buf);
	strbuf_release(&why);
}

Test(snapfile, too_many_members)
{
	struct strbuf why = STRBUF_INIT;
	struct snapfile_limits lim;
	char name[32];
	struct hand h;

	hand_open(&h, path, true);
	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "proc/%d/status", i + 1);
		hand_file(&h, name, "x");
	}
	hand_close(&h);
	snapfile_limits_default(&lim);
	lim.members_max = 5;
	cr_assert_eq(load_limited(&lim, &why), -E2BIG);
	why_says(&why, "over 5 members");
	lim.members_max = 10;
	cr_assert_eq(load_limited(&lim, &why), 0, "%s", why.buf);
	strbuf_release(&why);
}

Test(snapfile, bad_manifest)
{
	struct hand h;
	const char *text = "{\"format\":\"procsift-snapshot\","
			   "\"format_version\":2,\"members\":{}}";

	hand_open(&h, path, true);
	hand_entry(&h, "manifest.json", AE_IFREG, text, strlen(text), NULL);
	cr_assert_eq(archive_write_close(h.a), ARCHIVE_OK);
	archive_write_free(h.a);
	json_object_put(h.members);
	expect_fail(path, -EBADMSG, "format_version");

	unlink(path);
	hand_open(&h, path, true);
	hand_entry(&h, "manifest.json", AE_IFREG, "{\"a\":", 5, NULL);
	cr_assert_eq(archive_write_close(h.a), ARCHIVE_OK);
	archive_write_free(h.a);
	json_object_put(h.members);
	expect_fail(path, -EBADMSG, "manifest.json is not a JSON object");
}

Test(snapfile, member_after_manifest)
{
	struct hand h;

	hand_open(&h, path, true);
	hand_file(&h, "proc/1/status", "x");
	{
		json_object *m = json_object_new_object();
		const char *text;
		json_object_object_add(
			m, "format",
			json_object_new_string("procsift-snapshot"));
		json_object_object_add(m, "format_version",
				       json_object_new_int(1));
		json_object_object_add(m, "members", h.members);
		text = json_object_to_json_string(m);
		hand_entry(&h, "manifest.json", AE_IFREG, text, strlen(text),
			   NULL);
		hand_entry(&h, "proc/2/status", AE_IFREG, "y", 1, NULL);
		cr_assert_eq(archive_write_close(h.a), ARCHIVE_OK);
		archive_write_free(h.a);
		json_object_put(m);
	}
	expect_fail(path, -EBADMSG, "proc/2/status follows manifest.json");
}

Test(snapfile, not_an_archive)
{
	unsigned char junk[4096];
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);

	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)(i * 131 + 17);
	cr_assert_eq(write(fd, junk, sizeof(junk)), (ssize_t)sizeof(junk));
	close(fd);
	expect_fail(path, -EINVAL, "not a tar archive");

	fd = open(path, O_WRONLY | O_TRUNC);
	close(fd);
	expect_fail(path, -EINVAL, "not a tar archive");
}

Test(snapfile, fifo_path_does_not_block, .timeout = 10)
{
	cr_assert_eq(mkfifo(path, 0600), 0);
	expect_fail(path, -EINVAL, "not a regular file");
}

Test(snapfile, directory_path)
{
	expect_fail(dir, -EINVAL, "not a regular file");
}

/* Without CAP_SYS_ADMIN the loader makes a user namespace of its own. In a
 * child: unshare(CLONE_NEWUSER) needs a process with one thread. */
Test(snapfile, unprivileged_user_namespace)
{
	pid_t pid;
	int status;

	write_good(path);
	cr_assert_eq(chown(dir, 65534, 65534), 0);
	cr_assert_eq(chown(path, 65534, 65534), 0);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		struct strbuf why = STRBUF_INIT;
		struct snapfile *s;
		char buf[64];
		int r;

		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(10);
		/* Changing credentials made this process undumpable, so its
		 * /proc/self files (uid_map) are root's; procsift started by
		 * a user has no such trouble. */
		prctl(PR_SET_DUMPABLE, 1);
		r = snapfile_load(path, &s, &why);
		if (r == -EPERM && strstr(why.buf, "user namespaces"))
			_exit(20); /* refused cleanly: userns disabled */
		if (r) {
			fprintf(stderr, "load: %s\n", why.buf);
			_exit(11);
		}
		if (readlinkat(snapfile_proc_fd(s), "self", buf, sizeof(buf)) !=
		    1)
			_exit(12);
		snapfile_free(s);
		_exit(0);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status));
	cr_assert(WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 20,
		  "child exit %d", WEXITSTATUS(status));
	if (WEXITSTATUS(status) == 20)
		cr_log_warn("unprivileged user namespaces are disabled here");
}

Test(snapfile, duplicate_directory)
{
	struct hand h;

	hand_open(&h, path, true);
	hand_entry(&h, "proc/1/fd", AE_IFDIR, NULL, 0, NULL);
	hand_list(&h, "proc/1/fd", "", 0, "dir");
	hand_entry(&h, "proc/1/fd", AE_IFDIR, NULL, 0, NULL);
	hand_close(&h);
	expect_fail(path, -EINVAL, "member proc/1/fd is in the archive twice");
}

Test(snapfile, type_differs_from_manifest)
{
	struct hand h;

	hand_open(&h, path, true);
	hand_entry(&h, "proc/1/exe", AE_IFLNK, NULL, 0, "/bin/sh");
	hand_list(&h, "proc/1/exe", "/bin/sh", 7, "file");
	hand_close(&h);
	expect_fail(path, -EBADMSG,
		    "member proc/1/exe is a link, the manifest says file");
}

Test(snapfile, empty_snapshot_loads)
{
	struct strbuf why = STRBUF_INIT;
	struct snapfile_writer *w;
	struct snapfile *s;
	json_object *members;

	cr_assert_eq(snapfile_create(path, &w), 0);
	cr_assert_eq(snapfile_finish(w, NULL), 0);
	snapfile_writer_free(w);
	cr_assert_eq(load(path, &s, &why), 0, "%s", why.buf);
	cr_assert(json_object_object_get_ex(snapfile_manifest(s), "members",
					    &members));
	cr_assert_eq(json_object_object_length(members), 0);
	cr_assert_geq(snapfile_proc_fd(s), 0);
	snapfile_free(s);
	strbuf_release(&why);
}

/* A write error (here EFBIG from RLIMIT_FSIZE, as ENOSPC would be) fails
 * finish, and free leaves no half archive. In a child: the limit is the
 * process's. */
Test(snapfile, write_error_fails_finish)
{
	pid_t pid = fork();
	int status;

	cr_assert_geq(pid, 0);
	if (pid == 0) {
		struct rlimit rl = {8192, 8192};
		struct snapfile_writer *w;
		unsigned char *buf = malloc(1 << 20);
		int r;

		for (size_t i = 0; i < (1 << 20); i++)
			buf[i] = (unsigned char)((i * 2654435761u) >> 13);
		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) || snapfile_create(path, &w))
			_exit(10);
		r = snapfile_add_file(w, "etcd/db", buf, 1 << 20);
		if (r == 0)
			r = snapfile_finish(w, NULL);
		snapfile_writer_free(w);
		free(buf);
		if (r != -EFBIG)
			_exit(11);
		_exit(access(path, F_OK) == -1 ? 0 : 12);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status));
	cr_assert_eq(WEXITSTATUS(status), 0);
}
