/* crypto-miner: a cryptocurrency miner: a stratum pool URL
 * (stratum+tcp://, stratum+ssl://, stratum2+tcp://...) or a known pool's
 * host in its command line or environment, xmrig's own option, or a
 * known miner's name as exe or comm (kinsing's kdevtmpfsi among them).
 * At most one finding a process and rule. */
#include "scan/judge.h"

#include <stdio.h>
#include <string.h>

#include "scan/forensic.h"

#define JUDGE "crypto-miner"
#define POOL_TEXT_MAX 4096

static const char *const miners[] = {
	"xmrig",	  "xmrig-notls",    "xmrig-cuda",    "xmr-stak",
	"xmr-stak-cpu",	  "xmr-stak-rx",    "minerd",	     "cpuminer",
	"cpuminer-multi", "cpuminer-opt",   "cgminer",	     "bfgminer",
	"sgminer",	  "ccminer",	    "ethminer",	     "t-rex",
	"nbminer",	  "lolminer",	    "phoenixminer",  "nanominer",
	"teamredminer",	  "srbminer-multi", "wildrig-multi", "nheqminer",
	"kdevtmpfsi",	  "kinsing",	    "kthreaddi",     NULL,
};

/* Hosts of public mining pools, as they appear in pool URLs. */
static const char *const pools[] = {
	"minexmr.com",	 "supportxmr.com", "nanopool.org",
	"2miners.com",	 "hashvault.pro",  "moneroocean.stream",
	"c3pool.com",	 "f2pool.com",	   "herominers.com",
	"xmrpool.eu",	 "unmineable.com", "minergate.com",
	"ethermine.org", "nicehash.com",   NULL,
};

enum miner_rule { R_URL, R_POOL, R_OPTION, R_NAME, R__COUNT };

static const char *const rule_id[R__COUNT] = {
	[R_URL] = "mining-url",
	[R_POOL] = "mining-pool-host",
	[R_OPTION] = "miner-option",
	[R_NAME] = "miner-name",
};

struct hits {
	struct finding *f[R__COUNT];
	size_t n[R__COUNT];
};

static bool alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A stratum URL in the len bytes at s: "stratum" [digits] "+" letters
 * "://". *url and *ulen get where it starts and its scheme's length. */
static bool stratum_url(const char *s, size_t len, const char **url,
			size_t *slen)
{
	const char *p = s, *end = s + len;
	while ((p = forensic_find_nocase(p, (size_t)(end - p), "stratum"))) {
		const char *q = p + 7;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if (q < end && *q == '+') {
			const char *r = ++q;
			while (q < end && alpha(*q))
				q++;
			if (q > r && end - q >= 3 && !memcmp(q, "://", 3)) {
				*url = p;
				*slen = (size_t)(q - p);
				return true;
			}
		}
		p += 7;
	}
	return false;
}

/* The pool of a URL starting at url: host[:port] after "://" and any
 * user@, up to '/', a blank or the end. */
static const char *url_pool(const char *url, size_t len, size_t *plen)
{
	const char *p = memmem(url, len, "://", 3), *end = url + len, *q, *at;
	if (!p)
		return NULL;
	p += 3;
	for (q = p; q < end && *q != '/' && *q != ' ' && *q != '"' &&
		    *q != '\'' && *q != ',';
	     q++)
		;
	at = memrchr(p, '@', (size_t)(q - p));
	if (at)
		p = at + 1; /* a wallet and worker, or a password: left out */
	*plen = (size_t)(q - p);
	return p;
}

static struct finding *hit(struct hits *h, enum miner_rule r,
			   const struct psnap *s, const char *where,
			   enum confidence conf, struct findings *out)
{
	if (h->n[r]++)
		return NULL;
	h->f[r] = forensic_finding(out, s, JUDGE, rule_id[r], SEV_HIGH, conf,
				   where);
	finding_tag(h->f[r], "T1496");
	return h->f[r];
}

/* Judge one string (an argument or a variable's value). */
static void text(struct hits *h, const struct psnap *s, const char *where,
		 const char *t, size_t len, bool argv, struct findings *out)
{
	const char *url, *pool;
	size_t slen, plen, i;
	struct finding *f;
	if (stratum_url(t, len, &url, &slen)) {
		if ((f = hit(h, R_URL, s, where, CONF_HIGH, out))) {
			size_t rest = len - (size_t)(url - t);
			forensic_message(f,
					 "names a mining pool by a stratum URL "
					 "(%.*s) in %s",
					 (int)slen, url, where);
			forensic_fact(f, "scheme", url, slen);
			if ((pool = url_pool(url, rest, &plen)))
				forensic_fact(f, "pool", pool, plen);
			forensic_fact(f, "place", where, strlen(where));
		}
		return;
	}
	/* A pool's host is in a short argument or value (a URL, an
	 * option), not deep in a long one: each looked for once there. */
	for (i = 0; len <= POOL_TEXT_MAX && pools[i]; i++)
		if (forensic_find_nocase(t, len, pools[i]))
			break;
	if (len <= POOL_TEXT_MAX && pools[i]) {
		if ((f = hit(h, R_POOL, s, where, CONF_MEDIUM, out))) {
			forensic_message(f, "names the mining pool %s in %s",
					 pools[i], where);
			forensic_fact(f, "pool", pools[i], strlen(pools[i]));
			forensic_fact(f, "place", where, strlen(where));
		}
		return;
	}
	/* xmrig's option: kept by renamed copies started from a script. */
	if (argv && (forensic_eq(t, len, "--donate-level") ||
		     forensic_prefix(t, len, "--donate-level="))) {
		if ((f = hit(h, R_OPTION, s, where, CONF_HIGH, out))) {
			forensic_message(f,
					 "has xmrig's --donate-level option in "
					 "%s",
					 where);
			forensic_fact(f, "option", "--donate-level", 14);
			forensic_fact(f, "place", where, strlen(where));
		}
	}
}

/* A miner's name, any case (PhoenixMiner, SRBMiner-MULTI); none is
 * longer than the 15 bytes comm keeps. */
static const char *miner_name(const char *s, size_t len)
{
	size_t i;
	for (i = 0; miners[i]; i++)
		if (len == strlen(miners[i]) &&
		    forensic_find_nocase(s, len, miners[i]) == s)
			return miners[i];
	return NULL;
}

static void names(struct hits *h, const struct psnap *s, struct findings *out)
{
	const char *exe, *b, *m = NULL, *where = "exe";
	size_t elen, blen = 0;
	bool deleted;
	struct finding *f;
	if ((exe = forensic_exe(s, &elen, &deleted))) {
		b = forensic_base(exe, elen, &blen);
		m = miner_name(b, blen);
	}
	if (!m && s->proc.comm) {
		m = miner_name(s->proc.comm, strlen(s->proc.comm));
		where = "comm";
	}
	if (!m || !(f = hit(h, R_NAME, s, where, CONF_MEDIUM, out)))
		return;
	forensic_message(f, "runs as %s, a known cryptocurrency miner's name",
			 m);
	forensic_fact(f, "miner", m, strlen(m));
	if (exe)
		forensic_fact(f, "exe", exe, elen);
	forensic_fact(f, "comm", s->proc.comm, strlen(s->proc.comm));
}

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	struct hits h;
	char where[48 + 256];
	size_t i;
	int k;
	(void)c;
	if (s->proc.kthread)
		return 0;
	memset(&h, 0, sizeof(h));
	if (psnap_has(s, FACET_ARGV) && s->proc.argv)
		for (i = 0; i < s->proc.argc; i++) {
			snprintf(where, sizeof(where), "argv[%zu]", i);
			text(&h, s, where, s->proc.argv[i],
			     strlen(s->proc.argv[i]), true, out);
		}
	if (psnap_has(s, FACET_ENV))
		for (i = 0; i < s->nenv; i++) {
			const struct env_var *v = &s->env[i];
			if (!v->value)
				continue;
			snprintf(where, sizeof(where), "env:%.*s",
				 (int)(v->name_len > 256 ? 256 : v->name_len),
				 v->name);
			text(&h, s, where, v->value, v->value_len, false, out);
		}
	names(&h, s, out);
	for (k = 0; k < R__COUNT; k++)
		if (h.n[k] > 1)
			finding_fact_int(h.f[k], "count", (long long)h.n[k]);
	return 0;
}

/* argv, the environment and the exe of every userland process (judges
 * argv, env and exe read them for all anyway). */
static unsigned more(const struct psnap *s)
{
	if (!forensic_userland(s))
		return 0;
	return FACET_BIT(FACET_ARGV) | FACET_BIT(FACET_ENV) |
	       FACET_BIT(FACET_EXE);
}

const struct judge judge_miner = {
	.id = JUDGE,
	.kind = KIND_INDICATOR,
	.summary = "a stratum mining URL in argv or the environment, or a "
		   "known miner's executable",
	.more = more,
	.judge = judge,
};
