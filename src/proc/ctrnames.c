/* Container and pod names from the runtimes' state files (ctrnames.h). */
#include "proc/ctrnames.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <search.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/host.h"
#include "proc/cgroup.h"
#include "proc/cmdline.h"
#include "proc/ctrstate.h"
#include "proc/mounts.h"
#include "proc/pidfile.h"
#include "proc/rootfile.h"
#include "proc/stat.h"
#include "proc/status.h"
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

/* What the names are looked up from. */
struct sources {
	struct ctrnames_source *bundles; /* sorted by id */
	size_t nbundles, bundles_alloc;
	struct ctrnames_source *shared; /* in the order met, no duplicate */
	size_t nshared, shared_alloc;
};

/* One container id looked up: its names, or none found. */
struct cached {
	char id[CONTAINER_ID_MAX + 1];
	bool known;
	struct container_names n;
};

struct ctrnames {
	int root_fd;		    /* borrowed */
	const struct proc_table *t; /* borrowed until gathered, or NULL */
	bool gathered;		    /* sources found (once, lazily) */
	struct sources s;
	void *tree;	     /* tsearch(3) of struct cached, by id */
	struct cached **all; /* the same, for release */
	size_t nall, all_alloc;
	struct nscache *mounts; /* the runtimes' mount tables, once each */
	const struct rootfile_rec *rec; /* a snapshot's, or NULL */
	pthread_mutex_t lock;		/* guards everything above */
};

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

/* Read the argv (and a shim's cwd) of the runtime process open at pdir
 * and keep the sources they name. */
static void gather(int pdir, pid_t pid, unsigned long long start_ticks,
		   const char *comm, struct sources *s)
{
	struct ctrnames_source found[CTRNAMES_PER_PROC];
	struct strbuf sb = STRBUF_INIT;
	char **argv = NULL, *cwd = NULL;
	size_t argc = 0, n, i;
	if (proc_read_mem_file(pdir, "cmdline", CTRNAMES_ARGV_CAP, &sb, NULL))
		goto out;
	proc_cmdline_parse(sb.buf, sb.len, &argv, &argc);
	if (runtime_of(comm) == RT_SHIM && proc_readlink(pdir, "cwd", &cwd))
		cwd = NULL;
	n = ctrnames_sources(comm, argv, argc, cwd, found);
	for (i = 0; i < n; i++) {
		found[i].pid = pid;
		found[i].start_ticks = start_ticks;
		keep(s, &found[i]);
	}
	free(cwd);
	proc_argv_free(argv);
out:
	strbuf_release(&sb);
}

/* If pid is a runtime process believed (its comm a runtime's, effective
 * uid 0, no container and no pod in its cgroup: anything in a container
 * can name itself conmon, and a non-root host user could too), keep the
 * sources its argv names. Read here, not taken from a table, so that a
 * table read without cgroups cannot pass a contained process for a host
 * one. */
static void consider(int root_fd, pid_t pid, struct sources *s)
{
	struct strbuf sb = STRBUF_INIT;
	struct proc_stat st;
	struct proc_status ps;
	struct container_info ci;
	unsigned long long start;
	char comm[16];
	int pdir = proc_open_pid(root_fd, pid);
	if (pdir < 0)
		return;
	if (proc_read_file(pdir, "stat", 4096, &sb, NULL) ||
	    proc_stat_parse(sb.buf, sb.len, &st) || st.comm_len >= sizeof(comm))
		goto out;
	memcpy(comm, st.comm, st.comm_len);
	comm[st.comm_len] = '\0';
	start = st.start_ticks;
	if (runtime_of(comm) == RT_NONE)
		goto out;
	memset(&ps, 0, sizeof(ps));
	if (proc_read_file(pdir, "status", 64u << 10, &sb, NULL) ||
	    proc_status_parse(sb.buf, sb.len, &ps) || !ps.has_ids ||
	    ps.uid[1] != 0)
		goto out;
	if (proc_read_file(pdir, "cgroup", 64u << 10, &sb, NULL) ||
	    cgroup_attribute(sb.buf, sb.len, &ci) ||
	    ci.runtime != RUNTIME_NONE || ci.id[0] || ci.pod_uid[0])
		goto out;
	gather(pdir, pid, start, comm, s);
out:
	strbuf_release(&sb);
	close(pdir);
}

/* Whether the comm file of the pid dir entry `name` names a runtime: one
 * short read per process, so that only the few runtimes cost more. */
static bool comm_is_runtime(int root_fd, const char *name)
{
	char path[32], buf[32];
	ssize_t n;
	int fd;
	if (snprintf(path, sizeof(path), "%s/comm", name) >= (int)sizeof(path))
		return false;
	fd = openat(root_fd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return runtime_of(buf) != RT_NONE;
}

/* Every process in /proc, for a caller with no table. */
static void gather_proc(int root_fd, struct sources *s)
{
	struct dirent *de;
	DIR *d;
	int fd = openat(root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d))) {
		char *end;
		long pid;
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		pid = strtol(de->d_name, &end, 10);
		if (*end || pid <= 0 || pid > INT_MAX)
			continue;
		if (comm_is_runtime(root_fd, de->d_name))
			consider(root_fd, (pid_t)pid, s);
	}
	closedir(d);
}

static int source_cmp_id(const void *a, const void *b)
{
	return strcmp(((const struct ctrnames_source *)a)->id,
		      ((const struct ctrnames_source *)b)->id);
}

static void gather_all(struct ctrnames *cn)
{
	size_t i;
	if (cn->t) {
		for (i = 0; i < cn->t->n; i++) {
			const struct proc *p = cn->t->procs[i];
			/* The table's word is enough to pass over the rest. */
			if (p->uid == 0 && runtime_of(p->comm) != RT_NONE)
				consider(cn->root_fd, p->pid, &cn->s);
		}
	} else {
		gather_proc(cn->root_fd, &cn->s);
	}
	if (cn->s.nbundles) /* qsort's base must not be NULL, even for 0 */
		qsort(cn->s.bundles, cn->s.nbundles, sizeof(*cn->s.bundles),
		      source_cmp_id);
	cn->t = NULL;
	cn->gathered = true;
}

/* Read and parse the state file of container id that source c names. */
static int try_source(const struct ctrnames *cn,
		      const struct ctrnames_source *c, const char *id,
		      struct container_names *out)
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
	r = rootfile_read_cached(cn->mounts, cn->root_fd, c->pid,
				 c->start_ticks, "container-state", path.buf,
				 CTRSTATE_FILE_CAP, &f);
	if (cn->rec)
		cn->rec->file(cn->rec->arg, c->pid, &f);
	if (!r)
		r = docker ? ctrstate_parse_docker(f.data, f.len, out)
			   : ctrstate_parse_oci(f.data, f.len, out);
	host_file_release(&f);
	strbuf_release(&path);
	return r;
}

/* Names of container id, from the most direct source first. */
static int lookup(const struct ctrnames *cn, const char *id,
		  struct container_names *out)
{
	const struct sources *s = &cn->s;
	struct ctrnames_source key;
	const struct ctrnames_source *b;
	size_t i;
	snprintf(key.id, sizeof(key.id), "%s", id);
	b = s->nbundles ? bsearch(&key, s->bundles, s->nbundles,
				  sizeof(*s->bundles), source_cmp_id)
			: NULL; /* bsearch's base must not be NULL */
	if (b) {
		/* Back to the first source of that id (several processes
		 * may name one container). */
		while (b > s->bundles && !strcmp(b[-1].id, id))
			b--;
		for (; b < s->bundles + s->nbundles && !strcmp(b->id, id); b++)
			if (!try_source(cn, b, id, out))
				return 0;
	}
	for (i = 0; i < s->nshared; i++)
		if (!try_source(cn, &s->shared[i], id, out))
			return 0;
	return -ENOENT;
}

void ctrnames_record(struct ctrnames *cn, const struct rootfile_rec *rec)
{
	cn->rec = rec;
}

struct ctrnames *ctrnames_new(int root_fd, const struct proc_table *t)
{
	struct ctrnames *cn = xcalloc(1, sizeof(*cn));
	cn->root_fd = root_fd;
	cn->t = t;
	cn->mounts = mount_cache_new();
	pthread_mutex_init(&cn->lock, NULL);
	return cn;
}

static int cached_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cached *)a)->id,
		      ((const struct cached *)b)->id);
}

static void no_free(void *p)
{
	(void)p;
}

const struct container_names *ctrnames_get(struct ctrnames *cn, const char *id)
{
	struct cached key, *c, **found;
	if (!id || !*id || strlen(id) > CONTAINER_ID_MAX)
		return NULL;
	snprintf(key.id, sizeof(key.id), "%s", id);
	pthread_mutex_lock(&cn->lock);
	if (!cn->gathered)
		gather_all(cn);
	found = tfind(&key, &cn->tree, cached_cmp);
	if (found) {
		c = *found;
		goto out;
	}
	/* One lookup per container, however many processes it has. */
	c = xcalloc(1, sizeof(*c));
	memcpy(c->id, key.id, sizeof(c->id));
	if (cn->s.nbundles || cn->s.nshared)
		c->known = !lookup(cn, id, &c->n);
	tsearch(c, &cn->tree, cached_cmp);
	cn->all =
		xgrow(cn->all, &cn->all_alloc, cn->nall + 1, sizeof(*cn->all));
	cn->all[cn->nall++] = c;
out:
	pthread_mutex_unlock(&cn->lock);
	return c->known ? &c->n : NULL;
}

void ctrnames_free(struct ctrnames *cn)
{
	size_t i;
	if (!cn)
		return;
	tdestroy(cn->tree, no_free);
	nscache_free(cn->mounts);
	for (i = 0; i < cn->nall; i++) {
		container_names_release(&cn->all[i]->n);
		free(cn->all[i]);
	}
	free(cn->all);
	for (i = 0; i < cn->s.nbundles; i++)
		ctrnames_source_release(&cn->s.bundles[i]);
	for (i = 0; i < cn->s.nshared; i++)
		ctrnames_source_release(&cn->s.shared[i]);
	free(cn->s.bundles);
	free(cn->s.shared);
	pthread_mutex_destroy(&cn->lock);
	free(cn);
}

void ctrnames_copy(struct container_names *to,
		   const struct container_names *from)
{
	container_names_release(to);
	if (!from)
		return;
	to->name = from->name ? xstrdup(from->name) : NULL;
	to->image = from->image ? xstrdup(from->image) : NULL;
	to->pod_name = from->pod_name ? xstrdup(from->pod_name) : NULL;
	to->pod_namespace =
		from->pod_namespace ? xstrdup(from->pod_namespace) : NULL;
	to->pod_uid = from->pod_uid ? xstrdup(from->pod_uid) : NULL;
	to->source = from->source;
}

size_t ctrnames_fill(int root_fd, struct proc_table *t,
		     const struct rootfile_rec *rec)
{
	struct ctrnames *cn = ctrnames_new(root_fd, t);
	size_t i, named = 0;
	cn->rec = rec;
	for (i = 0; i < t->n; i++) {
		struct proc *p = t->procs[i];
		const struct container_names *n;
		if (!p->container.id[0])
			continue;
		n = ctrnames_get(cn, p->container.id);
		if (n) {
			ctrnames_copy(&p->names, n);
			named++;
		}
	}
	ctrnames_free(cn);
	return named;
}
