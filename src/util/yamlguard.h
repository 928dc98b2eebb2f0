/* A first pass over YAML an attacker may have written (a rules file),
 * before libyaml's document loader sees it: libyaml's scanner checks
 * every open flow level on every token, so 400 KB of "[[[[" took minutes
 * to load, and the loader builds every node of a file whose shape is
 * wrong long before the caller can say so. The pass reads events only
 * and stops at the first cap, so a file costs time linear in its size
 * up to the first thing a real rules file never has. */
#ifndef UTIL_YAMLGUARD_H
#define UTIL_YAMLGUARD_H

#include <stddef.h>

struct yaml_caps {
	int depth;	  /* open mappings and sequences at once */
	size_t aliases;	  /* "*name" references */
	size_t documents; /* documents in the stream */
	size_t events;	  /* events in all (nodes, ends, documents) */
};

/* Caps for a rules file: the built-in set nests 5 deep, has no alias and
 * is 3 documents of about 60,000 events. */
extern const struct yaml_caps yaml_caps_rules;

/* 0 when len bytes of yaml stay within caps (or are not YAML at all:
 * the loader reports syntax errors with its own words), else -E2BIG with
 * "ORIGIN:LINE: what" in err. */
int yaml_guard(const char *yaml, size_t len, const struct yaml_caps *caps,
	       const char *origin, char *err, size_t errlen);

#endif
