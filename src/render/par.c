/* Two-thread rendering: the second thread takes the odd pieces and hands
 * each over through one slot; this thread renders the even ones and
 * writes every piece in order. */
#include "render/par.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

struct par {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct strbuf slot; /* a finished odd piece */
	bool full;
	size_t n, chunk, npieces;
	void (*render)(size_t, size_t, struct strbuf *, void *);
	void *arg;
};

static size_t piece_end(const struct par *p, size_t k)
{
	size_t end = (k + 1) * p->chunk;
	return end < p->n ? end : p->n;
}

static void *worker(void *arg)
{
	struct par *p = arg;
	size_t k;
	for (k = 1; k < p->npieces; k += 2) {
		struct strbuf sb = STRBUF_INIT;
		p->render(k * p->chunk, piece_end(p, k), &sb, p->arg);
		pthread_mutex_lock(&p->mu);
		while (p->full)
			pthread_cond_wait(&p->cv, &p->mu);
		p->slot = sb;
		p->full = true;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
	return NULL;
}

static void put(FILE *fp, struct strbuf *sb)
{
	if (sb->len)
		fwrite(sb->buf, 1, sb->len, fp);
	strbuf_release(sb);
}

void out_pipe_grow(FILE *fp)
{
	struct stat st;
	int fd = fileno(fp);
	if (fd >= 0 && !fstat(fd, &st) && S_ISFIFO(st.st_mode))
		(void)fcntl(fd, F_SETPIPE_SZ, 1 << 20);
}

int out_par_write(FILE *fp, size_t n, size_t chunk,
		  void (*render)(size_t start, size_t end, struct strbuf *sb,
				 void *arg),
		  void *arg)
{
	struct par p;
	pthread_t th;
	bool threaded;
	size_t k;
	memset(&p, 0, sizeof(p));
	p.n = n;
	p.chunk = chunk ? chunk : 1;
	p.npieces = (n + p.chunk - 1) / p.chunk;
	p.render = render;
	p.arg = arg;
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	/* The first piece here, before the second thread starts, so that
	 * any one-time set-up in the libraries the renderer uses happens
	 * on one thread. */
	for (k = 0; k < p.npieces && k < 1; k++) {
		struct strbuf sb = STRBUF_INIT;
		render(0, piece_end(&p, 0), &sb, arg);
		put(fp, &sb);
	}
	threaded = p.npieces > 2 && !pthread_create(&th, NULL, worker, &p);
	for (k = 1; k < p.npieces; k++) {
		struct strbuf sb = STRBUF_INIT;
		/* After a write error (a closed pipe) nothing more is
		 * rendered here; the second thread's pieces are still taken
		 * so that it can finish. */
		if (ferror(fp) && !(threaded && k % 2))
			continue;
		if (threaded && k % 2) {
			pthread_mutex_lock(&p.mu);
			while (!p.full)
				pthread_cond_wait(&p.cv, &p.mu);
			sb = p.slot;
			p.full = false;
			pthread_cond_broadcast(&p.cv);
			pthread_mutex_unlock(&p.mu);
		} else {
			render(k * p.chunk, piece_end(&p, k), &sb, arg);
		}
		put(fp, &sb);
	}
	if (threaded)
		pthread_join(th, NULL);
	pthread_cond_destroy(&p.cv);
	pthread_mutex_destroy(&p.mu);
	return ferror(fp) ? -EIO : 0;
}
