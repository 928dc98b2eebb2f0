/* PCRE2 wrapper: compile once with JIT, bounded matching. */
#include "util/regex.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "util/xalloc.h"

/* Enough for any sane pattern on a command line; a pathological one
 * gives PCRE2_ERROR_MATCHLIMIT instead of minutes of backtracking. */
#define MATCH_LIMIT 1000000u
#define DEPTH_LIMIT 10000u

struct regex {
	pcre2_code *code;
	pcre2_match_context *mctx;
	bool jit;	 /* JIT-compiled: pcre2_jit_match, PCRE2's fast path */
	size_t min_len;	 /* PCRE2_INFO_MINLENGTH */
	int first, last; /* PCRE2's first and last code units, or -1 */
	/* Lazy handles: the pattern until compiled, and whether it is
	 * (read with acquire, written with release under lock). */
	char *pattern;
	uint32_t opts;
	int ready; /* 0 not yet, 1 compiled, -1 failed */
	pthread_mutex_t lock;
	bool lazy;
};

static void finish(struct regex *re, pcre2_code *code)
{
	uint32_t n = 0;
	/* JIT is an optimisation: without it the interpreter still works. */
	re->jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
	re->code = code;
	re->mctx = pcre2_match_context_create(NULL);
	if (!re->mctx)
		abort();
	pcre2_set_match_limit(re->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(re->mctx, DEPTH_LIMIT);
	if (!pcre2_pattern_info(code, PCRE2_INFO_MINLENGTH, &n))
		re->min_len = n;
	re->first = re->last = -1;
	/* Type 1: a fixed first code unit (2 is "start of a line"). */
	if (!pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODETYPE, &n) && n == 1 &&
	    !pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODEUNIT, &n))
		re->first = (int)n;
	if (!pcre2_pattern_info(code, PCRE2_INFO_LASTCODETYPE, &n) && n == 1 &&
	    !pcre2_pattern_info(code, PCRE2_INFO_LASTCODEUNIT, &n))
		re->last = (int)n;
}

/* Compile a lazy handle on first use; true when it can match. */
static bool ready(const struct regex *cre)
{
	struct regex *re = (struct regex *)cre;
	int st;
	if (!re->lazy)
		return true;
	st = __atomic_load_n(&re->ready, __ATOMIC_ACQUIRE);
	if (st)
		return st > 0;
	pthread_mutex_lock(&re->lock);
	if (!re->ready) {
		int ec;
		PCRE2_SIZE off;
		pcre2_code *code = pcre2_compile((PCRE2_SPTR)re->pattern,
						 PCRE2_ZERO_TERMINATED,
						 re->opts, &ec, &off, NULL);
		if (code)
			finish(re, code);
		__atomic_store_n(&re->ready, code ? 1 : -1, __ATOMIC_RELEASE);
	}
	st = re->ready;
	pthread_mutex_unlock(&re->lock);
	return st > 0;
}

static int run(const struct regex *re, const char *subject, size_t len,
	       size_t start, pcre2_match_data *md)
{
	return re->jit ? pcre2_jit_match(re->code, (PCRE2_SPTR)subject, len,
					 start, 0, md, re->mctx)
		       : pcre2_match(re->code, (PCRE2_SPTR)subject, len, start,
				     0, md, re->mctx);
}

/* One match block per thread, kept for the thread's life: a scan matches
 * millions of times, and a malloc, or even an atomic exchange, per match
 * costs a noticeable share of a JIT-compiled match. Sized for the most
 * groups a caller reads (regex_search's nov is at most 10). */
static __thread pcre2_match_data *thread_md;
static pthread_key_t md_key;
static pthread_once_t md_once = PTHREAD_ONCE_INIT;

static void md_free(void *md)
{
	pcre2_match_data_free(md);
}

static void md_key_init(void)
{
	if (pthread_key_create(&md_key, md_free))
		abort();
}

static pcre2_match_data *md_take(const struct regex *re)
{
	(void)re;
	if (!thread_md) {
		pthread_once(&md_once, md_key_init);
		thread_md = pcre2_match_data_create(16, NULL);
		if (!thread_md)
			abort();
		/* Freed when the thread ends (the main thread's at exit
		 * is left to the OS). */
		pthread_setspecific(md_key, thread_md);
	}
	return thread_md;
}

static void md_give(const struct regex *re, pcre2_match_data *md)
{
	(void)re, (void)md;
}

struct regex *regex_new(const char *pattern, unsigned flags, char *err,
			size_t errlen)
{
	struct regex *re;
	int ec;
	PCRE2_SIZE off;
	uint32_t opts = (flags & REGEX_CASELESS) ? PCRE2_CASELESS : 0;
	pcre2_code *code =
		pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts,
			      &ec, &off, NULL);
	if (!code) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(ec, msg, sizeof(msg));
		snprintf(err, errlen, "%s at offset %zu", (char *)msg,
			 (size_t)off);
		return NULL;
	}
	re = xcalloc(1, sizeof(*re));
	finish(re, code);
	return re;
}

struct regex *regex_new_lazy(const char *pattern, unsigned flags)
{
	struct regex *re = xcalloc(1, sizeof(*re));
	re->lazy = true;
	re->pattern = xstrdup(pattern);
	re->opts = (flags & REGEX_CASELESS) ? PCRE2_CASELESS : 0;
	pthread_mutex_init(&re->lock, NULL);
	return re;
}

int regex_match(const struct regex *re, const char *subject, size_t len)
{
	pcre2_match_data *md;
	int r;
	if (!ready(re))
		return PCRE2_ERROR_INTERNAL;
	md = md_take(re);
	r = run(re, subject, len, 0, md);
	md_give(re, md);
	if (r >= 0)
		return 1;
	return r == PCRE2_ERROR_NOMATCH ? 0 : r;
}

int regex_search(const struct regex *re, const char *subject, size_t len,
		 size_t start, long *ov, int nov)
{
	pcre2_match_data *md;
	PCRE2_SIZE *o;
	uint32_t pairs;
	int r, i;
	if (!ready(re))
		return PCRE2_ERROR_INTERNAL;
	md = md_take(re);
	r = run(re, subject, len, start, md);
	if (r < 0) {
		md_give(re, md);
		return r == PCRE2_ERROR_NOMATCH ? 0 : r;
	}
	o = pcre2_get_ovector_pointer(md);
	pairs = pcre2_get_ovector_count(md);
	for (i = 0; i < nov; i++) {
		bool set = (uint32_t)i < pairs && (i < r || r == 0) &&
			   o[2 * i] != PCRE2_UNSET;
		ov[2 * i] = set ? (long)o[2 * i] : -1;
		ov[2 * i + 1] = set ? (long)o[2 * i + 1] : -1;
	}
	md_give(re, md);
	return 1;
}

size_t regex_min_length(const struct regex *re)
{
	return ready(re) ? re->min_len : 0;
}

void regex_required(const struct regex *re, int *first, int *last)
{
	bool ok = ready(re);
	*first = ok ? re->first : -1;
	*last = ok ? re->last : -1;
}

bool regex_compiles(const struct regex *re)
{
	return ready(re);
}

void regex_free(struct regex *re)
{
	if (!re)
		return;
	pcre2_match_context_free(re->mctx);
	pcre2_code_free(re->code);
	if (re->lazy)
		pthread_mutex_destroy(&re->lock);
	free(re->pattern);
	free(re);
}
