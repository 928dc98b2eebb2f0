/* The clock of a scheduled scan (scan --interval): rounds start at
 * multiples of the interval from the first, and SIGINT or SIGTERM ends the
 * loop between two rounds instead of killing the process mid-record. */
#ifndef CMD_INTERVAL_H
#define CMD_INTERVAL_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct interval {
	uint64_t secs;	    /* the interval, seconds (at least 1) */
	struct timespec t0; /* CLOCK_MONOTONIC at the first round */
	uint64_t k;    /* the round that runs now started at t0 + k * secs */
	sigset_t wait; /* the signals that end the loop */
	sigset_t old;  /* the mask to restore */
};

/* Before the first round (and before any thread starts, so that every
 * thread inherits the mask): block SIGINT and SIGTERM, each unless it is
 * ignored (a command started with & by a shell script ignores SIGINT),
 * and start the clock. */
void interval_begin(struct interval *iv, uint64_t secs);
/* After a round: wait for the start of the next one. Returns 0, or the
 * number of the signal of the set that came instead (now, or during the
 * round): the loop ends. A round that ran past the next start is followed
 * at once, and the starts it ran past are skipped, not made up for. */
int interval_wait(struct interval *iv);
/* Restore the signal mask of before interval_begin. */
void interval_end(struct interval *iv);

#endif
