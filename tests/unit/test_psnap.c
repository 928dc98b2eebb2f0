/* The snapshot reader on directories made here in the shape of
 * /proc/PID (the readers take any directory fd): facets read once, each
 * with its own errno, the caps (an environ and a cmdline of 20 MiB are cut
 * at 16 MiB and flagged, in bounded memory), a process that vanishes
 * between facets, and the judges on what was read. */
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/psnap.h"
#include "proc/snapread.h"
#include "scan/judge.h"
#include "scan/rules.h"
#include "util/strbuf.h"
#include "unit/builtin_rules.h"

#define STAT_LINE                                                             \
	"4242 (app) S 1 4242 4242 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 777 " \
	"0 100\n"

static char dir[64];

static void put(const char *name, const void *data, size_t len)
{
	char path[128];
	int fd;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	cr_assert(fd >= 0, "%s: %s", path, strerror(errno));
	cr_assert(write(fd, data, len) == (ssize_t)len);
	close(fd);
}

static void drop(const char *name)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/procsift-psnap-XXXXXX");
	cr_assert(mkdtemp(dir));
	put("stat", STAT_LINE, strlen(STAT_LINE));
}

static void teardown(void)
{
	static const char *const names[] = {"stat", "environ", "cmdline",
					    "status", NULL};
	const char *const *n;
	for (n = names; *n; n++)
		drop(*n);
	rmdir(dir);
}

TestSuite(psnap, .init = setup, .fini = teardown);

static int open_dir(void)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	cr_assert(fd >= 0);
	return fd;
}

Test(psnap, facets_and_their_errors)
{
	static const char env[] = "A=1\0GITHUB_TOKEN=ghp_38AibNyyurlGFb0EkjKW"
				  "REhbiGjlvhkTp3SK\0";
	struct psnap_shared sh = {0};
	struct strbuf sb = STRBUF_INIT;
	struct psnap s;
	int fd = open_dir();
	put("environ", env, sizeof(env) - 1);
	psnap_init(&s, 4242);
	cr_assert_eq(psnap_read(&s, fd,
				FACET_BIT(FACET_STAT) | FACET_BIT(FACET_ENV) |
					FACET_BIT(FACET_STATUS),
				&sh, &sb),
		     0);
	cr_assert(psnap_has(&s, FACET_STAT));
	cr_assert_str_eq(s.proc.comm, "app");
	cr_assert_eq(s.proc.start_ticks, 777);
	cr_assert_eq(s.proc.ppid, 1);
	cr_assert(psnap_has(&s, FACET_ENV));
	cr_assert_eq(s.nenv, 2);
	/* No status file: its own errno, the rest read. */
	cr_assert(!psnap_has(&s, FACET_STATUS));
	cr_assert_eq(s.err[FACET_STATUS], ENOENT);
	cr_assert_eq(psnap_missing(&s, FACET_BIT(FACET_ENV) |
					       FACET_BIT(FACET_STATUS)),
		     FACET_BIT(FACET_STATUS));
	/* Read once: a second call with the same facets reads nothing. */
	drop("environ");
	cr_assert_eq(psnap_read(&s, fd, FACET_BIT(FACET_ENV), &sh, &sb), 0);
	cr_assert_eq(s.nenv, 2);
	psnap_release(&s);
	strbuf_release(&sb);
	close(fd);
}

/* A file gone with stat gone too: the process vanished (skipped), not
 * an unreadable one. */
Test(psnap, vanished_between_facets)
{
	struct psnap_shared sh = {0};
	struct strbuf sb = STRBUF_INIT;
	struct psnap s;
	int fd = open_dir();
	psnap_init(&s, 4242);
	cr_assert_eq(psnap_read(&s, fd, FACET_BIT(FACET_STAT), &sh, &sb), 0);
	drop("stat");
	cr_assert_eq(psnap_read(&s, fd, FACET_BIT(FACET_ENV), &sh, &sb),
		     -ESRCH);
	psnap_release(&s);
	strbuf_release(&sb);
	close(fd);
}

/* 20 MiB of environ and of cmdline: kept to 16 MiB each, flagged, and
 * the judges run on what was kept. */
Test(psnap, caps, .timeout = 120)
{
	static const char tok[] =
		"GITHUB_TOKEN=ghp_38AibNyyurlGFb0EkjKWREhbiGjlvhkTp3SK";
	size_t len = 20u << 20, i;
	char *big = malloc(len);
	struct psnap_shared sh = {0};
	struct strbuf sb = STRBUF_INIT;
	struct ruleset rs;
	struct redactor red;
	struct judge_ctx jc = {.rules = &rs, .red = &red};
	struct findings l = {0};
	struct psnap s;
	int fd;
	cr_assert(big);
	/* Variables of 4 KiB; the token first, within the cap. */
	memcpy(big, tok, sizeof(tok));
	for (i = sizeof(tok); i + 4096 <= len; i += 4096) {
		memcpy(big + i, "BIG=", 4);
		memset(big + i + 4, 'a', 4091);
		big[i + 4095] = '\0';
	}
	memset(big + i, 'b', len - i);
	put("environ", big, len);
	put("cmdline", big, len);
	free(big);
	fd = open_dir();
	psnap_init(&s, 4242);
	cr_assert_eq(psnap_read(&s, fd,
				FACET_BIT(FACET_STAT) | FACET_BIT(FACET_ENV) |
					FACET_BIT(FACET_ARGV),
				&sh, &sb),
		     0);
	cr_assert(s.truncated & FACET_BIT(FACET_ENV));
	cr_assert(s.truncated & FACET_BIT(FACET_ARGV));
	cr_assert_leq(s.env_raw.len, PSNAP_ENV_CAP);
	cr_assert(s.proc.argv_truncated);
	builtin_ruleset(&rs);
	cr_assert_eq(redactor_init_hex(&red, "0011223344556677", false), 0);
	judge_find("env", 3)->judge(&jc, &s, &l);
	judge_find("argv", 4)->judge(&jc, &s, &l);
	cr_assert_geq(l.n, 2, "the token in environ and in argv");
	findings_release(&l);
	ruleset_release(&rs);
	psnap_release(&s);
	strbuf_release(&sb);
	close(fd);
}
