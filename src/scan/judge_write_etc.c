/* write-below-etc: a regular file under /etc, the binary and library
 * directories, /boot or an .ssh directory held open for writing (the
 * point-in-time version of Falco's Write below etc and Write below binary
 * dir); in a container, also any file of its root file system that is not
 * on a volume (drift from its image). */
#include "scan/judge.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "model/nstab.h"
#include "util/strbuf.h"

#define JUDGE_ID "write-below-etc"

/* The places, most specific first: the first prefix that matches names
 * the place. A prefix ending in '/' matches what is below it. */
static const struct place {
	const char *prefix;
	const char *rule;
	enum severity sev;
	const char *tag;
	const char *what;
} places[] = {
	{"/etc/ld.so.preload", "write-ld-so-preload", SEV_HIGH, "T1574.006",
	 "the dynamic linker's preload list"},
	{"/etc/shadow", "write-etc-accounts", SEV_HIGH, "T1098",
	 "the password database"},
	{"/etc/passwd", "write-etc-accounts", SEV_HIGH, "T1098",
	 "the user database"},
	{"/etc/sudoers", "write-etc-accounts", SEV_HIGH, "T1548.003",
	 "sudo's rules"},
	{"/etc/cron", "write-etc-cron", SEV_HIGH, "T1053.003", "cron"},
	{"/etc/systemd/", "write-etc-systemd", SEV_HIGH, "T1543.002",
	 "systemd units"},
	{"/etc/", "write-below-etc", SEV_MEDIUM, "T1546",
	 "the system configuration"},
	{"/root/.ssh/", "write-ssh-dir", SEV_HIGH, "T1098.004",
	 "root's SSH keys"},
	{"/boot/", "write-below-boot", SEV_HIGH, "T1542",
	 "the boot loader and kernels"},
	{"/bin/", "write-below-bin", SEV_HIGH, "T1543", "system binaries"},
	{"/sbin/", "write-below-bin", SEV_HIGH, "T1543", "system binaries"},
	{"/usr/bin/", "write-below-bin", SEV_HIGH, "T1543", "system binaries"},
	{"/usr/sbin/", "write-below-bin", SEV_HIGH, "T1543", "system binaries"},
	{"/usr/local/bin/", "write-below-bin", SEV_HIGH, "T1543",
	 "local binaries"},
	{"/usr/local/sbin/", "write-below-bin", SEV_HIGH, "T1543",
	 "local binaries"},
	{"/lib/", "write-below-lib", SEV_HIGH, "T1574", "system libraries"},
	{"/lib64/", "write-below-lib", SEV_HIGH, "T1574", "system libraries"},
	{"/usr/lib/", "write-below-lib", SEV_HIGH, "T1574", "system libraries"},
	{"/usr/lib64/", "write-below-lib", SEV_HIGH, "T1574",
	 "system libraries"},
};

/* Programs whose job is to write these places (Falco's package
 * management and system-update exception lists, shortened): their
 * findings are kept at info, with the reason, because the name is only a
 * comm, which any process can take. Compared over the 15 bytes of a
 * comm. */
static const char *const updaters[] = {
	"dpkg",
	"dpkg-deb",
	"dpkg-divert",
	"dpkg-trigger",
	"apt",
	"apt-get",
	"aptitude",
	"unattended-upgr",
	"rpm",
	"rpmdb",
	"yum",
	"dnf",
	"microdnf",
	"zypper",
	"apk",
	"pacman",
	"packagekitd",
	"snapd",
	"update-alternat",
	"ldconfig",
	"ldconfig.real",
	"depmod",
	"update-initramf",
	"mkinitramfs",
	"dracut",
	"kernel-install",
	"grub-mkconfig",
	"update-grub",
	"grub-install",
	"update-ca-certi",
	"locale-gen",
	"localedef",
	"systemd-sysuser",
	"systemd-tmpfile",
	"pwck",
	"grpck",
	"chpasswd",
	"passwd",
	"useradd",
	"usermod",
	"userdel",
	"groupadd",
	"groupmod",
	"vipw",
	"chsh",
	"chfn",
	"gpasswd",
	"newusers",
	"visudo",
	"crontab",
	"ssh-keygen",
};

/* Places of a container's root file system that images write by design
 * (scratch, caches, logs): written there, a file is not drift. */
static const char *const scratch[] = {
	"/tmp/",     "/var/tmp/", "/var/log/", "/var/cache/", "/run/",
	"/var/run/", "/var/lib/", "/dev/",     "/proc/",      "/sys/",
};

static bool has_prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

static bool is_updater(const char *comm)
{
	size_t i;
	if (!comm)
		return false;
	for (i = 0; i < sizeof(updaters) / sizeof(updaters[0]); i++)
		if (!strncmp(comm, updaters[i], 15))
			return true;
	return false;
}

/* An .ssh directory of a home directory: /home/USER/.ssh/... */
static bool in_home_ssh(const char *path)
{
	const char *p;
	if (!has_prefix(path, "/home/"))
		return false;
	p = strchr(path + 6, '/');
	return p && p > path + 6 && has_prefix(p, "/.ssh/");
}

static const struct place home_ssh = {"/home/", "write-ssh-dir", SEV_HIGH,
				      "T1098.004", "a user's SSH keys"};

static const struct place *place_of(const char *path)
{
	size_t i;
	for (i = 0; i < sizeof(places) / sizeof(places[0]); i++)
		if (has_prefix(path, places[i].prefix))
			return &places[i];
	return in_home_ssh(path) ? &home_ssh : NULL;
}

/* The mount an fd's file is on: by fdinfo's mount id when read, else
 * the mount above its path in the process's table. */
static const struct mount_entry *mount_of(const struct psnap *s,
					  const struct fd_entry *e)
{
	if (!s->mounts)
		return NULL;
	if (e->has_info && e->mnt_id >= 0)
		return mountns_by_id(s->mounts, e->mnt_id);
	return mountns_by_path(s->mounts, e->target, strlen(e->target));
}

static bool in_scratch(const char *path)
{
	size_t i;
	for (i = 0; i < sizeof(scratch) / sizeof(scratch[0]); i++)
		if (has_prefix(path, scratch[i]))
			return true;
	return false;
}

/* A container's own root file system (its image's writable layer): the
 * fd's mount is mounted at "/". */
static bool on_container_root(const struct psnap *s, const struct fd_entry *e,
			      const struct mount_entry **m)
{
	if (!s->proc.container.id[0])
		return false;
	*m = mount_of(s, e);
	if (!*m || !(*m)->mount_point || strcmp((*m)->mount_point, "/"))
		return false;
	return !in_scratch(e->target);
}

static const struct place container_root = {
	"/", "write-container-rootfs", SEV_LOW, "T1525",
	"the container's image (its root file system, not a volume)"};

static void emit(const struct psnap *s, const struct fd_entry *e,
		 const struct place *pl, const struct mount_entry *m,
		 struct findings *out)
{
	struct finding *f = findings_add(out);
	struct strbuf sb = STRBUF_INIT;
	bool updater = is_updater(s->proc.comm);
	f->kind = KIND_INDICATOR;
	f->judge = JUDGE_ID;
	f->rule = pl->rule;
	f->severity = updater ? SEV_INFO : pl->sev;
	f->confidence = updater ? CONF_LOW : CONF_HIGH;
	judge_fill_proc(f, s);
	strbuf_addf(&sb, "fd:%d", e->fd);
	f->where = strbuf_detach(&sb, NULL);
	strbuf_addf(&sb, "a file of %s is held open for writing%s%s", pl->what,
		    e->deleted ? " (deleted)" : "",
		    updater ? "; by a package manager or account tool, "
			      "by its name"
			    : "");
	f->message = strbuf_detach(&sb, NULL);
	finding_fact_int(f, "fd", e->fd);
	finding_fact_str(f, "path", e->target, strlen(e->target));
	if (e->has_info) {
		strbuf_addf(&sb, "0%o", e->flags);
		finding_fact_str(f, "flags", sb.buf, sb.len);
		strbuf_reset(&sb);
	}
	finding_fact_str(f, "mode", e->mode, strlen(e->mode));
	if (!m)
		m = mount_of(s, e);
	if (m && m->mount_point)
		finding_fact_str(f, "mount", m->mount_point,
				 strlen(m->mount_point));
	if (m && m->fstype)
		finding_fact_str(f, "fstype", m->fstype, strlen(m->fstype));
	if (e->deleted)
		finding_fact_bool(f, "deleted", true);
	if (updater)
		finding_fact_str(f, "exception", "updater", 7);
	finding_tag(f, pl->tag);
	strbuf_release(&sb);
}

/* A regular file (or one a stat could not type: on a network or FUSE
 * file system) held open for writing. */
static bool written_file(const struct fd_entry *e)
{
	if (e->type != FD_FILE || !e->target || e->target[0] != '/')
		return false;
	if (e->has_stat && e->ftype != S_IFREG)
		return false;
	if (e->has_info && (e->flags & O_PATH))
		return false;
	return strchr(e->mode, 'w') != NULL;
}

/* Python run as root compiles what it imports next to it. */
static bool is_bytecode(const char *path)
{
	size_t n = strlen(path);
	return strstr(path, "/__pycache__/") && n > 4 &&
	       !strcmp(path + n - 4, ".pyc");
}

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	size_t i;
	(void)c;
	if (!(s->loaded & FACET_BIT(FACET_FDS)))
		return 0;
	for (i = 0; i < s->fds.n; i++) {
		const struct fd_entry *e = &s->fds.e[i];
		const struct mount_entry *m = NULL;
		const struct place *pl;
		if (!written_file(e) || is_bytecode(e->target))
			continue;
		pl = place_of(e->target);
		if (pl)
			emit(s, e, pl, NULL, out);
		else if (on_container_root(s, e, &m))
			emit(s, e, &container_root, m, out);
	}
	return 0;
}

/* The links alone (a readlink per fd) for every process; the fds again
 * with their modes (and the mount table, in a container) only for a
 * process holding a file where a write would count: most hold none. */
static unsigned more(const struct psnap *s)
{
	size_t i;
	for (i = 0; i < s->fds.n; i++) {
		const struct fd_entry *e = &s->fds.e[i];
		if (e->type != FD_FILE || !e->target || e->target[0] != '/')
			continue;
		if (place_of(e->target))
			return FACET_BIT(FACET_FDS);
		if (s->proc.container.id[0] && !in_scratch(e->target))
			return FACET_BIT(FACET_FDS) | FACET_BIT(FACET_MOUNTS);
	}
	return 0;
}

const struct judge judge_write_etc = {
	.id = JUDGE_ID,
	.kind = KIND_INDICATOR,
	.summary =
		"a file under /etc, the binary and library directories, /boot "
		"or /root/.ssh held open for writing (Falco: Write below etc)",
	/* The fd links with their own modes (-wx for O_WRONLY, rwx for
	 * O_RDWR) tell the access mode without fdinfo, which would triple
	 * the cost of every process's fds; fdinfo's flags and mount id are
	 * used when another judge had them read. */
	.facets = FACET_BIT(FACET_FDLINKS),
	.more = more,
	.judge = judge,
};
