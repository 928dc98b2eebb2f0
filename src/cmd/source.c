/* --proc-root and --input (see source.h). */
#include "cmd/source.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "cmd/command.h"
#include "proc/snapfile.h"
#include "util/strbuf.h"
#include "util/msg.h"

static int open_proc_root(const char *dir, struct cmd_source *s)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		msg_error("--proc-root %s: %s", dir, strerror(errno));
		return EXIT_RUNTIME;
	}
	/* Its fd/N and root links are followed (for a file's type, and a
	 * posture judge's files): only the kernel's magic links may be. A
	 * copy of /proc in a plain directory would have links to anywhere
	 * on this machine. */
	/* The root of a proc mount: /proc/1 is procfs and has a stat too. */
	if (!proc_is_procfs(fd) || faccessat(fd, "stat", F_OK, 0) ||
	    faccessat(fd, "uptime", F_OK, 0) ||
	    faccessat(fd, "self", F_OK, AT_SYMLINK_NOFOLLOW)) {
		msg_error("--proc-root %s: not the root of a proc file system "
			  "(a snapshot is read with --input)",
			  dir);
		close(fd);
		return EXIT_RUNTIME;
	}
	s->src.fd = fd;
	return 0;
}

static int open_input(const char *file, struct cmd_source *s)
{
	struct strbuf why = STRBUF_INIT;
	int r = snapfile_load(file, &s->snap, &why);
	if (r) {
		msg_error("--input %s: %s", file,
			  why.len ? why.buf : strerror(-r));
		strbuf_release(&why);
		return EXIT_RUNTIME;
	}
	strbuf_release(&why);
	s->src.fd = snapfile_proc_fd(s->snap);
	s->src.snapshot = true;
	s->src.manifest = snapfile_manifest(s->snap);
	return 0;
}

int cmd_source_parse(int argc, char **argv, struct cmd_source *s, int *used)
{
	int i = 1, r = 0;
	memset(s, 0, sizeof(*s));
	s->src.fd = -1;
	while (!r && i < argc) {
		const char *o = argv[i], *arg;
		if (strcmp(o, "--proc-root") && strcmp(o, "--input"))
			break;
		if (s->set) {
			msg_error("%s: only one of --proc-root and --input, "
				  "once",
				  o);
			return EXIT_USAGE;
		}
		if (i + 1 >= argc || !*(arg = argv[i + 1])) {
			msg_error("%s needs an argument", o);
			return EXIT_USAGE;
		}
		s->set = true;
		if (!strcmp(o, "--proc-root")) {
			r = open_proc_root(arg, s);
		} else {
			r = open_input(arg, s);
		}
		i += 2;
	}
	*used = i - 1;
	return r;
}

const struct proc_source *cmd_source_get(const struct cmd_source *s)
{
	return s->set ? &s->src : NULL;
}

void cmd_source_release(struct cmd_source *s)
{
	if (s->src.fd >= 0 && !s->snap)
		close(s->src.fd);
	snapfile_free(s->snap);
	s->snap = NULL;
	s->src.fd = -1;
}
