/* Sleeping between the rounds of a scheduled scan. The signals are
 * blocked and waited for with sigtimedwait, not caught by a handler: no
 * flag to share with a handler (no mutable global), no judging or writing
 * cut short by EINTR, and a signal that comes during a round is still
 * pending when the round is done. */
#include "cmd/interval.h"

#include <stddef.h>

#define NSEC 1000000000LL

static void add_unless_ignored(sigset_t *set, int sig)
{
	struct sigaction sa;
	if (!sigaction(sig, NULL, &sa) && sa.sa_handler == SIG_IGN)
		return;
	sigaddset(set, sig);
}

void interval_begin(struct interval *iv, uint64_t secs)
{
	iv->secs = secs ? secs : 1;
	iv->k = 0;
	sigemptyset(&iv->wait);
	add_unless_ignored(&iv->wait, SIGINT);
	add_unless_ignored(&iv->wait, SIGTERM);
	/* pthread_sigmask: the judging threads are started later and
	 * inherit it, so no thread takes these signals. */
	pthread_sigmask(SIG_BLOCK, &iv->wait, &iv->old);
	clock_gettime(CLOCK_MONOTONIC, &iv->t0);
}

/* Nanoseconds since the first round started (292 years fit). */
static long long elapsed(const struct interval *iv)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)(now.tv_sec - iv->t0.tv_sec) * NSEC +
	       (now.tv_nsec - iv->t0.tv_nsec);
}

/* A signal of the set, waiting at most ns (0: only one already pending):
 * its number, or 0. */
static int signalled(const struct interval *iv, long long ns)
{
	struct timespec rel = {ns / NSEC, ns % NSEC};
	int sig = sigtimedwait(&iv->wait, NULL, &rel);
	return sig > 0 ? sig : 0;
}

int interval_wait(struct interval *iv)
{
	/* In seconds since the first start: (k + 1) * secs in nanoseconds
	 * could overflow for an interval of years. */
	uint64_t next = (iv->k + 1) * iv->secs, secs;
	long long t = elapsed(iv);
	int sig;
	if ((uint64_t)(t / NSEC) >= next) {
		/* Late: start now, as the round of the last start passed. */
		iv->k = (uint64_t)(t / NSEC) / iv->secs;
		return signalled(iv, 0);
	}
	iv->k++;
	while ((secs = (uint64_t)(t / NSEC)) < next) {
		/* EAGAIN at the timeout, EINTR on another signal (SIGCONT
		 * after a stop): look at the clock again either way. */
		sig = signalled(iv, (long long)(next - secs) * NSEC - t % NSEC);
		if (sig)
			return sig;
		t = elapsed(iv);
	}
	return 0;
}

void interval_end(struct interval *iv)
{
	pthread_sigmask(SIG_SETMASK, &iv->old, NULL);
}
