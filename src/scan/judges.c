/* The one list of judges: add a judge with one line here. */
#include "scan/judge.h"

#include <string.h>

#include "util/xalloc.h"

extern const struct judge judge_env;
extern const struct judge judge_argv;
extern const struct judge judge_etcd;
extern const struct judge judge_shell_container;
extern const struct judge judge_pkgmgr;
extern const struct judge judge_write_etc;
extern const struct judge judge_host_mount;
extern const struct judge judge_mutable_root;
extern const struct judge judge_privileged;
extern const struct judge judge_stdio_socket;
extern const struct judge judge_exe;
extern const struct judge judge_anon_exec;
extern const struct judge judge_deleted_lib;
extern const struct judge judge_loader;
extern const struct judge judge_antiforensics;
extern const struct judge judge_name_spoof;
extern const struct judge judge_traced;
extern const struct judge judge_deleted_file;
extern const struct judge judge_hidden_pid;
extern const struct judge judge_unexpected_child;
extern const struct judge judge_miner;
extern const struct judge judge_apiserver;
extern const struct judge judge_etcd_posture;
extern const struct judge judge_kubelet;
extern const struct judge judge_zombie_leader;

/* One judge a line. */
/* clang-format off */
const struct judge *const judge_list[] = {
	&judge_env,
	&judge_argv,
	&judge_etcd,
	&judge_shell_container,
	&judge_pkgmgr,
	&judge_write_etc,
	&judge_host_mount,
	&judge_mutable_root,
	&judge_privileged,
	&judge_stdio_socket,
	&judge_exe,
	&judge_anon_exec,
	&judge_deleted_lib,
	&judge_loader,
	&judge_antiforensics,
	&judge_name_spoof,
	&judge_traced,
	&judge_deleted_file,
	&judge_hidden_pid,
	&judge_unexpected_child,
	&judge_miner,
	&judge_apiserver,
	&judge_etcd_posture,
	&judge_kubelet,
	&judge_zombie_leader,
	NULL,
};
/* clang-format on */

const struct judge *judge_find(const char *id, size_t len)
{
	const struct judge *const *j;
	for (j = judge_list; *j; j++)
		if (strlen((*j)->id) == len && !strncmp((*j)->id, id, len))
			return *j;
	return NULL;
}

void judge_fill_proc(struct finding *f, const struct psnap *s)
{
	const struct proc *p = &s->proc;
	f->pid = p->pid;
	f->start_ticks = p->start_ticks;
	f->comm = p->comm ? xstrdup(p->comm) : NULL;
	f->container = p->container.id[0] ? xstrdup(p->container.id) : NULL;
	f->pod_uid =
		p->container.pod_uid[0] ? xstrdup(p->container.pod_uid) : NULL;
}

void judge_fill_host_proc(struct finding *f, pid_t pid,
			  unsigned long long start_ticks, const char *comm,
			  const char *container, const char *pod_uid)
{
	f->pid = pid;
	f->start_ticks = start_ticks;
	f->comm = xstrdup(comm ? comm : "");
	f->container = container ? xstrdup(container) : NULL;
	f->pod_uid = pod_uid ? xstrdup(pod_uid) : NULL;
}

void judge_fact_parent(struct finding *f, const struct psnap_kin *p)
{
	finding_fact_int(f, "parent_pid", p->pid);
	finding_fact_str(f, "parent_comm", p->comm, strlen(p->comm));
}
