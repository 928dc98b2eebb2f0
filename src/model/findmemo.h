/* What a scheduled scan (scan --interval) has reported, so that each
 * round reports only new findings. A finding is the same as one reported
 * before when it has the same process (pid and start time: a restarted
 * process is another one), judge, rule, where and fingerprint (none for a
 * finding without one). A key is forgotten after a round in which neither
 * its finding was reported nor its process was seen, so memory follows
 * what is on the host now, not everything ever seen. Not thread-safe: the
 * caller locks. */
#ifndef MODEL_FINDMEMO_H
#define MODEL_FINDMEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model/finding.h"

struct findmemo;

struct findmemo *findmemo_new(void);
/* Free m; NULL is fine. */
void findmemo_free(struct findmemo *m);

/* Start a round: the processes seen and findings present are counted
 * afresh. */
void findmemo_round_begin(struct findmemo *m);
/* The walk of this round saw this process. */
void findmemo_saw(struct findmemo *m, pid_t pid,
		  unsigned long long start_ticks);
/* This round reports f: true when its key was not reported in an earlier
 * round (two equal keys of one round are both new). */
bool findmemo_note(struct findmemo *m, const struct finding *f);
/* End the round: forget the keys whose finding was not reported in it
 * and whose process was not seen (a finding without a process: not
 * reported). Returns the number of keys kept. */
size_t findmemo_round_end(struct findmemo *m);

#endif
