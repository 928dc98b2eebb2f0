/* libFuzzer: entropy_bits and the post-filters that follow a regex match
 * (entropy gate, allowlist regexes, stopwords), on fuzzed values. The
 * entropy must be in [0, 8], at most log2 of the distinct bytes, zero
 * only for one distinct byte, and the same for the value reversed. The
 * value then goes through a fixed rule set whose rules match any whole
 * value; each rule must fire exactly when a naive reading of its filters
 * says so. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/entropy.h"
#include "scan/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)              \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

static const char rules_yaml[] = "rules:\n"
				 "  - id: gated\n"
				 "    severity: high\n"
				 "    targets: [env, text]\n"
				 "    regex: '\\A([\\s\\S]+)\\z'\n"
				 "    min_entropy: 2.5\n"
				 "    allowlist:\n"
				 "      regexes: ['^x', 'EXAMPLE$']\n"
				 "      stopwords: [ChangeMe, dummy]\n"
				 "  - id: named\n"
				 "    severity: low\n"
				 "    targets: [env]\n"
				 "    regex: '\\A([\\s\\S]+)\\z'\n"
				 "    env_name: '_SECRET$'\n"
				 "    env_name_exclude: '^OLD_'\n";

static struct ruleset rs;

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static bool has_ci(const uint8_t *s, size_t len, const char *w)
{
	size_t wl = strlen(w), i, j;
	for (i = 0; i + wl <= len; i++) {
		for (j = 0; j < wl && fold(s[i + j]) == fold((uint8_t)w[j]);
		     j++)
			;
		if (j == wl)
			return true;
	}
	return false;
}

/* PCRE2's $ (no multiline): the end, or before a final newline. */
static bool ends_example(const uint8_t *s, size_t len)
{
	if (len && s[len - 1] == '\n')
		len--;
	return len >= 7 && !memcmp(s + len - 7, "EXAMPLE", 7);
}

static bool gated_fires(const uint8_t *s, size_t len)
{
	return len && entropy_bits((const char *)s, len) >= 2.5 &&
	       s[0] != 'x' && !ends_example(s, len) &&
	       !has_ci(s, len, "changeme") && !has_ci(s, len, "dummy");
}

struct seen {
	bool gated, named;
	const uint8_t *s;
	size_t len;
};

static void on_match(const struct rule_match *m, void *arg)
{
	struct seen *v = arg;
	/* Both rules take the whole value. */
	CHECK((const uint8_t *)m->secret == v->s && m->len == v->len);
	if (!strcmp(m->rule->id, "gated")) {
		CHECK(!v->gated);
		v->gated = true;
	} else {
		CHECK(!strcmp(m->rule->id, "named") && !v->named);
		v->named = true;
	}
}

static void check_entropy(const uint8_t *s, size_t len)
{
	size_t count[256] = {0}, distinct = 0, i;
	double h = entropy_bits((const char *)s, len), hr;
	uint8_t *rev;
	for (i = 0; i < len; i++)
		distinct += !count[s[i]]++;
	CHECK(h >= 0 && h <= 8 + 1e-9);
	CHECK(!isnan(h));
	CHECK((h == 0) == (distinct <= 1));
	if (distinct)
		CHECK(h <= log2((double)distinct) + 1e-9);
	rev = malloc(len ? len : 1);
	for (i = 0; i < len; i++)
		rev[i] = s[len - 1 - i];
	hr = entropy_bits((const char *)rev, len);
	free(rev);
	CHECK(fabs(h - hr) < 1e-9);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"DB_SECRET", "OLD_DB_SECRET",
					    "SECRET_X", "X"};
	struct seen v = {false, false, data, size};
	const char *name;
	if (!rs.n) {
		char err[256];
		if (ruleset_load(&rs, rules_yaml, sizeof(rules_yaml) - 1,
				 "fuzz", err, sizeof(err)))
			abort();
		ruleset_finish(&rs);
	}
	check_entropy(data, size);
	ruleset_match_text(&rs, TARGET_TEXT, (const char *)data, size, on_match,
			   &v, NULL);
	CHECK(v.gated == gated_fires(data, size) && !v.named);
	/* The name is picked by the size, so the corpus covers each. */
	name = names[size % 4];
	v.gated = v.named = false;
	ruleset_match_env(&rs, name, strlen(name), (const char *)data, size,
			  on_match, &v, NULL);
	CHECK(v.gated == gated_fires(data, size));
	CHECK(v.named == (size && size % 4 == 0));
	return 0;
}
