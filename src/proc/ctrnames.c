/* Container and pod names from the runtimes' state files (ctrnames.h). */
#include "proc/ctrnames.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/host.h"
#include "proc/cmdline.h"
#include "proc/ctrstate.h"
#include "proc/pidfile.h"
#include "proc/rootfile.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* A runtime's argv is a few hundred bytes; a longer one is not read
 * whole (the flags looked for come first in every real one). */
#define CTRNAMES_ARGV_CAP (64u << 10)
/* Directories other than bundles are shared by many containers (one
 * task dir per containerd namespace): a few are real, more are noise
 * that would cost a file lookup per container each. */
#define CTRNAMES_SHARED_MAX 32

enum runtime_kind {
	RT_CONTAINERD,
	RT_SHIM,
	RT_CONMON,
	RT_CRIO,
	RT_DOCKERD,
	RT_NONE,
};

/* comm is at most 15 bytes: containerd-shim-runc-v2 shows as
 * "containerd-shim". */
static enum runtime_kind runtime_of(const char *comm)
{
	if (!comm)
		return RT_NONE;
	if (!strcmp(comm, "containerd"))
		return RT_CONTAINERD;
	if (!strncmp(comm, "containerd-shim", 15))
		return RT_SHIM;
	if (!strcmp(comm, "conmon"))
		return RT_CONMON;
	if (!strcmp(comm, "crio"))
		return RT_CRIO;
	if (!strcmp(comm, "dockerd"))
		return RT_DOCKERD;
	return RT_NONE;
}

/* The value of the last of flags (names without dashes) in argv, in any
 * of the forms Go's flag package and getopt take: -f V, --f V, -f=V,
 * --f=V. Borrowed; NULL when not given. */
static const char *flag(char *const *argv, size_t argc,
			const char *const *flags)
{
	const char *v = NULL;
	size_t i, k, n;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-')
			continue;
		a += a[1] == '-' ? 2 : 1;
		for (k = 0; flags[k]; k++) {
			n = strlen(flags[k]);
			if (strncmp(a, flags[k], n))
				continue;
			if (a[n] == '=')
				v = a + n + 1;
			else if (!a[n] && i + 1 < argc)
				v = argv[i + 1];
			else
				continue;
			break;
		}
	}
	return v && *v ? v : NULL;
}

/* Container ids as cgroup attribution gives them: lowercase hex. */
static bool id_ok(const char *id)
{
	size_t n = strspn(id, "0123456789abcdef");
	return n && n <= 64 && !id[n];
}

static size_t add(struct ctrnames_source *out, size_t n,
		  enum ctrnames_kind kind, const char *dir, const char *id)
{
	if (n == CTRNAMES_PER_PROC || !dir)
		return n;
	memset(&out[n], 0, sizeof(out[n]));
	out[n].kind = kind;
	out[n].dir = xstrdup(dir);
	if (id)
		snprintf(out[n].id, sizeof(out[n].id), "%s", id);
	return n + 1;
}

static size_t add_taskdir(struct ctrnames_source *out, size_t n,
			  const char *state, const char *ns)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s/io.containerd.runtime.v2.task/%s", state, ns);
	n = add(out, n, CTRNAMES_TASKDIR, sb.buf, NULL);
	strbuf_release(&sb);
	return n;
}

size_t ctrnames_sources(const char *comm, char *const *argv, size_t argc,
			const char *cwd, struct ctrnames_source *out)
{
	static const char *const f_state[] = {"state", NULL};
	static const char *const f_id[] = {"id", NULL};
	static const char *const f_bundle[] = {"b", "bundle", NULL};
	static const char *const f_cid[] = {"c", "cid", NULL};
	static const char *const f_runroot[] = {"runroot", NULL};
	static const char *const f_root[] = {"root", NULL};
	static const char *const f_data[] = {"data-root", "g", "graph", NULL};
	const char *v, *id;
	size_t n = 0;
	char *dir;
	switch (runtime_of(comm)) {
	case RT_CONTAINERD:
		v = flag(argv, argc, f_state);
		v = v ? v : "/run/containerd";
		/* Kubernetes' namespace, Docker's, and ctr's default. */
		n = add_taskdir(out, n, v, "k8s.io");
		n = add_taskdir(out, n, v, "moby");
		n = add_taskdir(out, n, v, "default");
		break;
	case RT_SHIM:
		/* containerd starts a shim in its bundle directory; one shim
		 * serves a whole pod, whose other bundles are siblings. */
		id = flag(argv, argc, f_id);
		if (id && id_ok(id))
			n = add(out, n, CTRNAMES_BUNDLE, "", id);
		if (cwd && cwd[0] == '/' && strrchr(cwd, '/') != cwd) {
			dir = xstrndup(cwd, (size_t)(strrchr(cwd, '/') - cwd));
			n = add(out, n, CTRNAMES_TASKDIR, dir, NULL);
			free(dir);
		}
		break;
	case RT_CONMON:
		id = flag(argv, argc, f_cid);
		v = flag(argv, argc, f_bundle);
		if (id && id_ok(id) && v)
			n = add(out, n, CTRNAMES_BUNDLE, v, id);
		break;
	case RT_CRIO:
		v = flag(argv, argc, f_runroot);
		n = add(out, n, CTRNAMES_CRIO,
			v ? v : "/run/containers/storage", NULL);
		v = flag(argv, argc, f_root);
		n = add(out, n, CTRNAMES_CRIO,
			v ? v : "/var/lib/containers/storage", NULL);
		break;
	case RT_DOCKERD:
		v = flag(argv, argc, f_data);
		n = add(out, n, CTRNAMES_DOCKER, v ? v : "/var/lib/docker",
			NULL);
		break;
	case RT_NONE:
		break;
	}
	return n;
}

void ctrnames_source_release(struct ctrnames_source *s)
{
	free(s->dir);
	memset(s, 0, sizeof(*s));
}

/* What ctrnames_fill works from. */
struct sources {
	struct ctrnames_source *bundles; /* sorted by id */
	size_t nbundles, bundles_alloc;
	struct ctrnames_source *shared; /* in the order met, no duplicate */
	size_t nshared, shared_alloc;
};

static bool is_runtime_host_proc(const struct proc *p)
{
	return p->uid == 0 && !p->err[PROC_F_CGROUP] &&
	       p->container.runtime == RUNTIME_NONE && !p->container.id[0] &&
	       !p->container.pod_uid[0] && runtime_of(p->comm) != RT_NONE;
}

static bool have_shared(const struct sources *s,
			const struct ctrnames_source *c)
{
	size_t i;
	for (i = 0; i < s->nshared; i++)
		if (s->shared[i].kind == c->kind &&
		    !strcmp(s->shared[i].dir, c->dir))
			return true;
	return false;
}

static void keep(struct sources *s, struct ctrnames_source *c)
{
	if (c->kind == CTRNAMES_BUNDLE) {
		s->bundles = xgrow(s->bundles, &s->bundles_alloc,
				   s->nbundles + 1, sizeof(*s->bundles));
		s->bundles[s->nbundles++] = *c;
		return;
	}
	if (s->nshared == CTRNAMES_SHARED_MAX || have_shared(s, c)) {
		ctrnames_source_release(c);
		return;
	}
	s->shared = xgrow(s->shared, &s->shared_alloc, s->nshared + 1,
			  sizeof(*s->shared));
	s->shared[s->nshared++] = *c;
}

/* Read p's argv (and a shim's cwd) and keep the sources they name. */
static void gather(int root_fd, const struct proc *p, struct sources *s)
{
	struct ctrnames_source found[CTRNAMES_PER_PROC];
	struct strbuf sb = STRBUF_INIT;
	char **argv = NULL, *cwd = NULL;
	size_t argc = 0, n, i;
	int pdir = proc_open_pid(root_fd, p->pid);
	if (pdir < 0)
		return;
	if (proc_read_mem_file(pdir, "cmdline", CTRNAMES_ARGV_CAP, &sb, NULL))
		goto out_close;
	proc_cmdline_parse(sb.buf, sb.len, &argv, &argc);
	if (runtime_of(p->comm) == RT_SHIM && proc_readlink(pdir, "cwd", &cwd))
		cwd = NULL;
	n = ctrnames_sources(p->comm, argv, argc, cwd, found);
	for (i = 0; i < n; i++) {
		found[i].pid = p->pid;
		found[i].start_ticks = p->start_ticks;
		keep(s, &found[i]);
	}
	free(cwd);
	proc_argv_free(argv);
out_close:
	strbuf_release(&sb);
	close(pdir);
}

static int source_cmp_id(const void *a, const void *b)
{
	return strcmp(((const struct ctrnames_source *)a)->id,
		      ((const struct ctrnames_source *)b)->id);
}

/* Read and parse the state file of container id that source c names. */
static int try_source(int root_fd, const struct ctrnames_source *c,
		      const char *id, struct container_names *out)
{
	struct strbuf path = STRBUF_INIT;
	struct host_file f;
	bool docker = c->kind == CTRNAMES_DOCKER;
	int r;
	switch (c->kind) {
	case CTRNAMES_BUNDLE:
		/* "": the shim's cwd, read beneath it. */
		strbuf_addf(&path, "%s%sconfig.json", c->dir,
			    *c->dir ? "/" : "");
		break;
	case CTRNAMES_TASKDIR:
		strbuf_addf(&path, "%s/%s/config.json", c->dir, id);
		break;
	case CTRNAMES_CRIO:
		strbuf_addf(&path,
			    "%s/overlay-containers/%s/userdata/"
			    "config.json",
			    c->dir, id);
		break;
	case CTRNAMES_DOCKER:
		strbuf_addf(&path, "%s/containers/%s/config.v2.json", c->dir,
			    id);
		break;
	}
	memset(&f, 0, sizeof(f));
	r = rootfile_read(root_fd, c->pid, c->start_ticks, "container-state",
			  path.buf, CTRSTATE_FILE_CAP, &f);
	if (!r)
		r = docker ? ctrstate_parse_docker(f.data, f.len, out)
			   : ctrstate_parse_oci(f.data, f.len, out);
	host_file_release(&f);
	strbuf_release(&path);
	return r;
}

/* Names of container id, from the most direct source first. */
static int lookup(int root_fd, const struct sources *s, const char *id,
		  struct container_names *out)
{
	struct ctrnames_source key;
	const struct ctrnames_source *b;
	size_t i;
	snprintf(key.id, sizeof(key.id), "%s", id);
	b = bsearch(&key, s->bundles, s->nbundles, sizeof(*s->bundles),
		    source_cmp_id);
	if (b) {
		/* Back to the first source of that id (several processes
		 * may name one container). */
		while (b > s->bundles && !strcmp(b[-1].id, id))
			b--;
		for (; b < s->bundles + s->nbundles && !strcmp(b->id, id); b++)
			if (!try_source(root_fd, b, id, out))
				return 0;
	}
	for (i = 0; i < s->nshared; i++)
		if (!try_source(root_fd, &s->shared[i], id, out))
			return 0;
	return -ENOENT;
}

static int proc_cmp_id(const void *a, const void *b)
{
	return strcmp((*(struct proc *const *)a)->container.id,
		      (*(struct proc *const *)b)->container.id);
}

static void names_copy(struct container_names *to,
		       const struct container_names *from)
{
	to->name = from->name ? xstrdup(from->name) : NULL;
	to->image = from->image ? xstrdup(from->image) : NULL;
	to->pod_name = from->pod_name ? xstrdup(from->pod_name) : NULL;
	to->pod_namespace =
		from->pod_namespace ? xstrdup(from->pod_namespace) : NULL;
	to->pod_uid = from->pod_uid ? xstrdup(from->pod_uid) : NULL;
	to->source = from->source;
}

size_t ctrnames_fill(int root_fd, struct proc_table *t)
{
	struct sources s;
	struct proc **in = NULL;
	size_t i, j, nin = 0, named = 0;
	memset(&s, 0, sizeof(s));
	for (i = 0; i < t->n; i++)
		if (is_runtime_host_proc(t->procs[i]))
			gather(root_fd, t->procs[i], &s);
	if (!s.nbundles && !s.nshared)
		goto out;
	qsort(s.bundles, s.nbundles, sizeof(*s.bundles), source_cmp_id);
	in = xcalloc(t->n ? t->n : 1, sizeof(*in));
	for (i = 0; i < t->n; i++)
		if (t->procs[i]->container.id[0])
			in[nin++] = t->procs[i];
	qsort(in, nin, sizeof(*in), proc_cmp_id);
	/* One lookup per container, not per process. */
	for (i = 0; i < nin; i = j) {
		struct container_names n;
		const char *id = in[i]->container.id;
		for (j = i + 1; j < nin && !strcmp(in[j]->container.id, id);
		     j++)
			;
		if (lookup(root_fd, &s, id, &n))
			continue;
		named++;
		for (; i < j; i++) {
			container_names_release(&in[i]->names);
			names_copy(&in[i]->names, &n);
		}
		container_names_release(&n);
	}
	free(in);
out:
	for (i = 0; i < s.nbundles; i++)
		ctrnames_source_release(&s.bundles[i]);
	for (i = 0; i < s.nshared; i++)
		ctrnames_source_release(&s.shared[i]);
	free(s.bundles);
	free(s.shared);
	return named;
}
