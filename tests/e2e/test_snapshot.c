/* procsift snapshot and --input: offline equals live on test children
 * with secrets, fds and namespaces; damaged snapshots are refused with
 * one line and exit 3. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <grp.h>
#include <json-c/json.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"

#define KEY "0f1e2d3c4b5a69780f1e"
#define GH     \
	"ghp_" \
	"R8mVq2LxT5nKw9ZcYb3HdJ6pFs1GtU4oEiA7"
#define AWS_ID \
	"AKIA" \
	"QW7RT2YU4IO6PA8S"

#define NKIDS 4
static pid_t kids[NKIDS];
static char dir[] = "/tmp/procsift-snap-XXXXXX";

/* In a child before exec: nothing of the test runner's (its pipes are
 * shared with processes that come and go between two reads). */
static void quiet_child(void)
{
	int null = open("/dev/null", O_RDWR);
	if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 ||
	    dup2(null, 2) < 0)
		_exit(1);
	close(null);
	e2e_no_inherit();
}

/* A sleeper with a secret in its environment, a pipe, a socketpair, a
 * TCP listener and a file held open; with ns, in its own network and
 * mount namespaces (root only). */
static pid_t start_kid(int ns, const char *name)
{
	int ready[2];
	char c;
	pid_t pid;
	cr_assert(!pipe2(ready, O_CLOEXEC));
	pid = fork();
	cr_assert(pid >= 0);
	if (!pid) {
		static char e0[] = "PATH=/usr/bin:/bin",
			    e1[] = "HOME=/nonexistent", e2[] = "APP_CONFIG=" GH,
			    e3[] = "AWS_ACCESS_KEY_ID=" AWS_ID,
			    e4[] = "DB_PASSWORD=Vx7!kQ2#rT9mLp", a1[] = "300";
		char *envp[] = {e0, e1, e2, e3, e4, NULL};
		char *argv[] = {(char *)name, a1, NULL};
		struct sockaddr_in a = {.sin_family = AF_INET,
					.sin_addr.s_addr =
						htonl(INADDR_LOOPBACK)};
		int p[2], sp[2], s;
		quiet_child();
		if (ns && unshare(CLONE_NEWNET | CLONE_NEWNS))
			_exit(1);
		if (ns) {
			/* lo up, so that 127.0.0.1 can be bound in the new
			 * network namespace (no ip(8) needed). */
			struct ifreq ifr = {0};
			int sk = socket(AF_INET, SOCK_DGRAM, 0);
			strcpy(ifr.ifr_name, "lo");
			if (sk < 0 || ioctl(sk, SIOCGIFFLAGS, &ifr) < 0)
				_exit(1);
			ifr.ifr_flags |= IFF_UP;
			if (ioctl(sk, SIOCSIFFLAGS, &ifr) < 0)
				_exit(1);
			close(sk);
		}
		if (pipe(p) || socketpair(AF_UNIX, SOCK_STREAM, 0, sp))
			_exit(1);
		s = socket(AF_INET, SOCK_STREAM, 0);
		if (s < 0 || bind(s, (void *)&a, sizeof(a)) || listen(s, 1))
			_exit(1);
		if (open("/etc/hostname", O_RDONLY) < 0)
			_exit(1);
		close(ready[0]);
		/* ready closes at exec (O_CLOEXEC): the parent's read ends. */
		execve("/bin/sleep", argv, envp);
		_exit(127);
	}
	close(ready[1]);
	cr_assert_eq(read(ready[0], &c, 1), 0);
	close(ready[0]);
	e2e_sleep_ms(50); /* the exec's new maps */
	cr_assert_eq(waitpid(pid, NULL, WNOHANG), 0,
		     "%s did not start (setting up its fds or namespaces)",
		     name);
	return pid;
}

/* A copy of argsleep named kube-apiserver whose flags name an
 * EncryptionConfiguration with identity first and a missing audit
 * policy: what the posture judges read through its root. */
static pid_t start_apiserver(void)
{
	char bin[96], enc[96], flag[128], cmd[256];
	FILE *fp;
	pid_t pid;
	snprintf(bin, sizeof(bin), "%s/kube-apiserver", dir);
	snprintf(enc, sizeof(enc), "%s/enc.yaml", dir);
	snprintf(cmd, sizeof(cmd), "cp %s %s", e2e_argsleep_bin(), bin);
	cr_assert(!system(cmd));
	fp = fopen(enc, "w");
	cr_assert(fp);
	fputs("apiVersion: apiserver.config.k8s.io/v1\n"
	      "kind: EncryptionConfiguration\n"
	      "resources:\n"
	      "  - resources: [secrets]\n"
	      "    providers:\n"
	      "      - identity: {}\n",
	      fp);
	fclose(fp);
	snprintf(flag, sizeof(flag), "--encryption-provider-config=%s", enc);
	pid = fork();
	cr_assert(pid >= 0);
	if (!pid) {
		quiet_child();
		execl(bin, bin, flag, "--audit-policy-file=/nonexistent/a.yaml",
		      "--etcd-servers=http://127.0.0.1:2379", (char *)NULL);
		_exit(127);
	}
	e2e_sleep_ms(200);
	return pid;
}

static void stop_kids(void)
{
	for (int i = 0; i < NKIDS; i++)
		if (kids[i] > 0) {
			kill(kids[i], SIGKILL);
			waitpid(kids[i], NULL, 0);
			kids[i] = 0;
		}
	if (dir[sizeof(dir) - 7] != 'X') {
		char cmd[128];
		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		(void)system(cmd);
	}
}

static bool is_kid(int pid)
{
	for (int i = 0; i < NKIDS; i++)
		if (kids[i] == pid)
			return true;
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The rows (or findings) of the children in doc, sorted, as JSON text,
 * without what moves between two runs a moment apart (age). */
static void kid_rows(struct json_object *doc, const char *key,
		     struct strbuf *out)
{
	struct json_object *a = e2e_json_get(doc, key);
	char **rows = NULL;
	size_t n = 0, i;
	cr_assert(a && json_object_is_type(a, json_type_array), "no %s", key);
	for (i = 0; i < json_object_array_length(a); i++) {
		struct json_object *r = json_object_array_get_idx(a, i), *c;
		if (json_object_object_get_ex(r, "children", &c)) {
			/* tree: flatten, children compared by their own rows */
			kid_rows(r, "children", out);
			r = json_object_get(r);
			json_object_object_del(r, "children");
		} else {
			r = json_object_get(r);
		}
		if (is_kid(e2e_json_pid(r))) {
			json_object_object_del(r, "age_seconds");
			rows = realloc(rows, (n + 1) * sizeof(*rows));
			rows[n++] = strdup(json_object_to_json_string_ext(
				r, JSON_C_TO_STRING_PLAIN |
					   JSON_C_TO_STRING_NOSLASHESCAPE));
		}
		json_object_put(r);
	}
	if (n) /* qsort's base must not be NULL, even for 0 */
		qsort(rows, n, sizeof(*rows), cmp_str);
	for (i = 0; i < n; i++) {
		strbuf_addf(out, "%s\n", rows[i]);
		free(rows[i]);
	}
	free(rows);
}

/* The children's part of `procsift [--input SNAP] ARGS --json`. */
static void kids_of(const char *snap, const char *const *args, const char *key,
		    struct strbuf *out)
{
	const char *argv[16];
	struct e2e_result r;
	struct json_object *doc;
	size_t n = 0;
	if (snap) {
		argv[n++] = "--input";
		argv[n++] = snap;
	}
	for (; *args; args++)
		argv[n++] = *args;
	argv[n++] = "--json";
	argv[n] = NULL;
	e2e_procsift(&r, NULL, argv);
	cr_assert(r.status == 0 || r.status == 1, "%s: exit %d: %s", argv[0],
		  r.status, r.err.buf);
	doc = e2e_json_parse(&r.out);
	kid_rows(doc, key, out);
	json_object_put(doc);
	e2e_result_release(&r);
}

TestSuite(snapshot, .fini = stop_kids, .timeout = 120);

Test(snapshot, offline_equals_live)
{
	static const struct {
		const char *args[6];
		const char *key;
	} views[] = {
		{{"tree"}, "processes"},
		{{"ps"}, "processes"},
		{{"fds", "--all"}, "processes"},
		{{"maps", "--all"}, "processes"},
		{{"env", "--all"}, "processes"},
		{{"scan", "--fingerprint-key", KEY}, "findings"},
	};
	char snap[64];
	struct e2e_result r;
	bool root = geteuid() == 0;
	size_t i;

	cr_assert(mkdtemp(dir));
	snprintf(snap, sizeof(snap), "%s/host.psnap", dir);
	kids[0] = start_kid(0, "snapkid-a");
	kids[1] = start_kid(0, "snapkid-b");
	if (root)
		kids[2] = start_kid(1, "snapkid-ns");
	else
		cr_log_warn("not root: the namespaced child is skipped");
	kids[3] = start_apiserver();
	PROCSIFT(&r, "snapshot", "-o", snap);
	E2E_EXPECT_STATUS(&r, 0, "snapshot");
	e2e_result_release(&r);
	for (i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
		struct strbuf live = STRBUF_INIT, off = STRBUF_INIT;
		kids_of(NULL, views[i].args, views[i].key, &live);
		kids_of(snap, views[i].args, views[i].key, &off);
		cr_assert(live.len > 0, "%s: no rows of the children",
			  views[i].args[0]);
		cr_expect_str_eq(
			off.buf, live.buf,
			"%s %s: offline differs from live:\n%s\nlive:\n%s",
			views[i].args[0],
			views[i].args[1] ? views[i].args[1] : "", off.buf,
			live.buf);
		/* The secrets are there, and redacted offline too. */
		if (!strcmp(views[i].args[0], "scan")) {
			cr_expect(strstr(off.buf, "github"), "%s", off.buf);
			cr_expect(strstr(off.buf,
					 "apiserver-encryption-identity"),
				  "%s", off.buf);
			cr_expect(!strstr(off.buf, GH + 8), "secret printed");
		}
		strbuf_release(&live);
		strbuf_release(&off);
	}
}

/* One line on stderr and exit 3 for a snapshot that cannot be trusted. */
static void refused(const char *snap, const char *what, const char *why)
{
	struct e2e_result r;
	const char *nl;
	PROCSIFT(&r, "--input", snap, "scan");
	E2E_EXPECT_STATUS(&r, 3, what);
	nl = strchr(r.err.buf, '\n');
	cr_expect(nl && !nl[1], "%s: not one line: %s", what, r.err.buf);
	cr_expect(strstr(r.err.buf, why), "%s: says '%s', want '%s'", what,
		  r.err.buf, why);
	cr_expect_eq(r.out.len, 0, "%s: output", what);
	e2e_result_release(&r);
}

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int st;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	cr_assert(WIFEXITED(st) && !WEXITSTATUS(st), "failed: %s", cmd);
}

Test(snapshot, damaged_is_refused)
{
	char snap[64];
	struct e2e_result r;
	struct stat st;

	cr_assert(mkdtemp(dir));
	snprintf(snap, sizeof(snap), "%s/good.psnap", dir);
	kids[0] = start_kid(0, "snapkid-a");
	{
		char pid[16];
		snprintf(pid, sizeof(pid), "%d", (int)kids[0]);
		PROCSIFT(&r, "snapshot", "-o", snap, "-p", pid);
	}
	E2E_EXPECT_STATUS(&r, 0, "snapshot");
	e2e_result_release(&r);
	cr_assert(!stat(snap, &st));
	cr_expect_eq(st.st_mode & 07777, 0600);

	/* Never overwritten. */
	PROCSIFT(&r, "snapshot", "-o", snap);
	E2E_EXPECT_STATUS(&r, 3, "snapshot over a file");
	e2e_result_release(&r);

	sh("head -c %lld %s > %s/cut.psnap", (long long)st.st_size / 2, snap,
	   dir);
	refused(strcat(strcpy((char[96]){0}, dir), "/cut.psnap"), "truncated",
		"");
	/* A member changed after its SHA-256 was recorded. */
	sh("cd %s && mkdir x && tar --zstd -xf good.psnap -C x && "
	   "printf 'EVIL=1\\0' >> x/proc/%d/environ && "
	   "tar --zstd -tf good.psnap > list && "
	   "tar --zstd --format=pax --no-recursion -cf changed.psnap -C x "
	   "-T list",
	   dir, (int)kids[0]);
	refused(strcat(strcpy((char[96]){0}, dir), "/changed.psnap"),
		"changed member", "SHA-256");
	/* A symlink where /proc has a file. */
	sh("cd %s && rm x/proc/%d/status && ln -s /etc/shadow "
	   "x/proc/%d/status && "
	   "tar --zstd --format=pax --no-recursion -cf link.psnap -C x "
	   "-T list",
	   dir, (int)kids[0], (int)kids[0]);
	refused(strcat(strcpy((char[96]){0}, dir), "/link.psnap"),
		"symlink member", "symlink");
	/* A name with "..". */
	sh("cd %s && mkdir -p y/a && echo x > y/evil && "
	   "tar --zstd --format=pax -cf dotdot.psnap -P -C y/a ../evil",
	   dir);
	refused(strcat(strcpy((char[96]){0}, dir), "/dotdot.psnap"), "..", "");
	/* A member of 10 GB (sparse: the archive is a few bytes). */
	sh("cd %s && mkdir -p z/proc && truncate -s 10G z/proc/stat && "
	   "tar --zstd --sparse --format=pax -cf big.psnap -C z proc && "
	   "rm -f z/proc/stat",
	   dir);
	refused(strcat(strcpy((char[96]){0}, dir), "/big.psnap"),
		"10 GB member", "");
	/* A bomb: 300 MiB of zeros in a few hundred KB. */
	sh("cd %s && mkdir -p b/proc && head -c 300M /dev/zero > b/proc/stat "
	   "&& tar --zstd --format=pax -cf bomb.psnap -C b proc && "
	   "rm -f b/proc/stat",
	   dir);
	refused(strcat(strcpy((char[96]){0}, dir), "/bomb.psnap"), "tar bomb",
		"");
	/* Not an archive at all. */
	sh("head -c 4096 /dev/urandom > %s/random.psnap", dir);
	refused(strcat(strcpy((char[96]){0}, dir), "/random.psnap"),
		"random bytes", "");
}

/* A process of nobody called kube-apiserver names a file only root may
 * read: neither scan nor a snapshot reads it for it (the snapshot leaves
 * the host). */
Test(snapshot, no_file_the_process_could_not_read)
{
	char bin[96], secret[96], flag[160], snap[96], cmd[256];
	struct e2e_result r;
	FILE *fp;
	pid_t pid;
	if (geteuid())
		cr_skip_test("needs root: a root-only file and a process of "
			     "nobody");
	cr_assert(mkdtemp(dir));
	cr_assert(!chmod(dir, 0755));
	snprintf(bin, sizeof(bin), "%s/kube-apiserver", dir);
	snprintf(secret, sizeof(secret), "%s/root-only.yaml", dir);
	snprintf(snap, sizeof(snap), "%s/s.psnap", dir);
	snprintf(cmd, sizeof(cmd), "cp %s %s && chmod 755 %s",
		 e2e_argsleep_bin(), bin, bin);
	cr_assert(!system(cmd));
	fp = fopen(secret, "w");
	cr_assert(fp);
	fputs("ROOTONLY-7f3a9c\n", fp);
	fclose(fp);
	cr_assert(!chmod(secret, 0600));
	snprintf(flag, sizeof(flag), "--encryption-provider-config=%s", secret);
	pid = fork();
	cr_assert(pid >= 0);
	if (!pid) {
		quiet_child();
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(1);
		execl(bin, bin, flag, (char *)NULL);
		_exit(127);
	}
	kids[0] = pid;
	e2e_sleep_ms(200);
	cr_assert_eq(waitpid(pid, NULL, WNOHANG), 0);
	{
		char p[16];
		snprintf(p, sizeof(p), "%d", (int)pid);
		PROCSIFT(&r, "scan", "-p", p, "--only", "posture");
		cr_expect(strstr(r.out.buf, "apiserver-file-unusable") &&
				  strstr(r.out.buf, "could not read it itself"),
			  "%s", r.out.buf);
		e2e_result_release(&r);
		PROCSIFT(&r, "snapshot", "-o", snap, "-p", p);
		E2E_EXPECT_STATUS(&r, 0, "snapshot");
		e2e_result_release(&r);
	}
	snprintf(cmd, sizeof(cmd), "zstd -dc %s | grep -c ROOTONLY-7f3a9c",
		 snap);
	fp = popen(cmd, "r");
	cr_assert(fp);
	cr_expect_eq(fgetc(fp), '0', "the snapshot holds the root-only file");
	pclose(fp);
}
