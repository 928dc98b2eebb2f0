/* Snapshot construction, release and facet names. */
#include "model/psnap.h"

#include <stdlib.h>
#include <string.h>

#include "model/nstab.h"
#include "util/xalloc.h"

void psnap_init(struct psnap *s, pid_t pid)
{
	memset(s, 0, sizeof(*s));
	s->proc.pid = pid;
	strbuf_init(&s->env_raw, 0);
	strbuf_init(&s->maps_raw, 0);
}

void psnap_release(struct psnap *s)
{
	pid_t pid = s->proc.pid;
	free(s->proc.user);
	free(s->proc.ruser);
	free(s->proc.group);
	free(s->proc.rgroup);
	free(s->proc.tty);
	free(s->proc.comm);
	proc_argv_free(s->proc.argv);
	free(s->proc.exe);
	free(s->proc.cgroup);
	container_names_release(&s->proc.names);
	free(s->proc.children);
	free(s->cwd);
	free(s->root);
	strbuf_release(&s->env_raw);
	free(s->env);
	fd_list_release(&s->fds);
	strbuf_release(&s->maps_raw);
	free(s->maps);
	mountns_free(s->own_mounts);
	netns_free(s->own_net);
	free(s->lsm);
	psnap_init(s, pid);
}

bool psnap_has(const struct psnap *s, enum facet f)
{
	return (s->loaded & FACET_BIT(f)) && !s->err[f];
}

unsigned psnap_missing(const struct psnap *s, unsigned wanted)
{
	unsigned m = 0;
	int f;
	for (f = 0; f < FACET__COUNT; f++)
		if ((wanted & FACET_BIT(f)) && !psnap_has(s, f))
			m |= FACET_BIT(f);
	return m;
}

static const char *const names[FACET__COUNT] = {
	[FACET_STAT] = "stat",	      [FACET_STATUS] = "status",
	[FACET_ARGV] = "argv",	      [FACET_EXE] = "exe",
	[FACET_CWD] = "cwd",	      [FACET_ROOT] = "root",
	[FACET_CGROUP] = "cgroup",    [FACET_NS] = "ns",
	[FACET_ENV] = "environ",      [FACET_FDS] = "fds",
	[FACET_FDINFO] = "fdinfo",    [FACET_MAPS] = "maps",
	[FACET_MOUNTS] = "mountinfo", [FACET_SOCKETS] = "sockets",
	[FACET_FDLINKS] = "fdlinks",  [FACET_KIN] = "kin",
	[FACET_LSM] = "lsm",
};

const char *facet_name(enum facet f)
{
	return (unsigned)f < FACET__COUNT ? names[f] : "?";
}

int facet_parse(const char *name, size_t len)
{
	int f;
	for (f = 0; f < FACET__COUNT; f++)
		if (strlen(names[f]) == len && !strncmp(name, names[f], len))
			return f;
	return -1;
}
