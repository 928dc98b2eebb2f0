/* Lists of process names shared by the container and lineage judges, and
 * their one matcher. */
#include "scan/commlist.h"

#include <string.h>

const char *const commlist_shells[] = {
	"ash", "bash", "csh", "ksh", "sh", "tcsh", "zsh", "dash", NULL,
};

/* Interpreters that run code given to them: a reverse shell is as often
 * one of these as a shell. */
const char *const commlist_interpreters[] = {
	"python#", "perl#",   "ruby#",	"php#", "node", "nodejs",
	"lua#",	   "luajit*", "tclsh#", "pwsh", "irb#", NULL,
};

/* Falco's container_entrypoint with the newer copies' additions: the
 * processes that start a container's first process or an exec'ed one.
 * runc names itself runc:[0:PARENT], runc:[1:CHILD], runc:[2:INIT];
 * Docker's re-exec'ed helper is "exe". containerd's shims are
 * containerd-shim-runc-v2 and the like, cut to "containerd-shim". */
const char *const commlist_runtimes[] = {
	"runc",	  "runc:[*", "docker-runc*", "containerd-shim*",
	"conmon", "crio",    "crio-conmon",  "crun",
	"youki",  "exe",     NULL,
};

/* Init processes a runtime puts in front of the container's command
 * (docker run --init, tini, dumb-init): their child is the entrypoint. */
const char *const commlist_inits[] = {
	"docker-init", "tini", "tini-static", "dumb-init", "catatonit", NULL,
};

/* Falco's package_mgmt_binaries: deb_binaries, rpm_binaries, the python
 * package managers, gem, npm, apk, snapd, update-alternat(ives). */
const char *const commlist_pkgmgrs[] = {
	"dpkg",
	"dpkg-divert",
	"dpkg-preconfigu",
	"dpkg-reconfigur",
	"dpkg-deb",
	"apt",
	"apt-get",
	"aptitude",
	"apt-key",
	"add-apt-reposit",
	"apt-add-reposit",
	"unattended-upgr",
	"rpm",
	"rpmkeys",
	"rpmq",
	"yum",
	"yum-config-mana",
	"dnf",
	"dnf-automatic",
	"microdnf",
	"zypper",
	"apk",
	"pip#",
	"pipx",
	"conda",
	"npm",
	"yarn",
	"pnpm",
	"gem",
	"snapd",
	"update-alternat",
	"alternatives",
	NULL,
};

const char *const commlist_nettools[] = {
	"nc",	 "ncat", "netcat", "nc.openbsd", "nc.traditional",
	"socat", "curl", "wget",   NULL,
};

/* Servers whose children are few and known: a shell under one of them
 * is how a webshell or an injected command shows. */
const char *const commlist_daemons[] = {
	"nginx",    "httpd*",	    "apache2",	"lighttpd",   "php-fpm*",
	"java",	    "node",	    "nodejs",	"tomcat*",    "catalina*",
	"uwsgi",    "gunicorn",	    "postgres", "postmaster", "mysqld",
	"mariadbd", "redis-server", "mongod",	NULL,
};

static bool version_tail(const char *s)
{
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || *s == '.'))
			return false;
	return true;
}

bool commlist_match(const char *const *list, const char *comm)
{
	if (!comm || !*comm)
		return false;
	for (; *list; list++) {
		size_t n = strlen(*list);
		char last = (*list)[n - 1];
		if (last == '*' || last == '#') {
			if (strncmp(comm, *list, n - 1))
				continue;
			if (last == '*' || version_tail(comm + n - 1))
				return true;
		} else if (!strcmp(comm, *list)) {
			return true;
		}
	}
	return false;
}
