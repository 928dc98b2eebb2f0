/* The event pass of yamlguard.h. */
#include "util/yamlguard.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <yaml.h>

const struct yaml_caps yaml_caps_rules = {
	.depth = 32,
	.aliases = 1024,
	.documents = 1024,
	.events = 4u << 20,
};

static int over(char *err, size_t errlen, const char *origin,
		const yaml_event_t *ev, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int over(char *err, size_t errlen, const char *origin,
		const yaml_event_t *ev, const char *fmt, ...)
{
	char words[80];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(words, sizeof(words), fmt, ap);
	va_end(ap);
	snprintf(err, errlen, "%s:%lu: %s", origin,
		 (unsigned long)ev->start_mark.line + 1, words);
	return -E2BIG;
}

int yaml_guard(const char *yaml, size_t len, const struct yaml_caps *caps,
	       const char *origin, char *err, size_t errlen)
{
	yaml_parser_t p;
	yaml_event_t ev;
	size_t aliases = 0, docs = 0, events = 0;
	int depth = 0, r = 0;
	if (!yaml_parser_initialize(&p))
		abort();
	yaml_parser_set_input_string(&p, (const unsigned char *)yaml, len);
	while (!r && yaml_parser_parse(&p, &ev)) {
		/* A syntax error ends the loop: the loader words it. */
		yaml_event_type_t t = ev.type;
		if ((t == YAML_SEQUENCE_START_EVENT ||
		     t == YAML_MAPPING_START_EVENT) &&
		    ++depth > caps->depth)
			r = over(err, errlen, origin, &ev,
				 "nested deeper than %d levels", caps->depth);
		else if (t == YAML_SEQUENCE_END_EVENT ||
			 t == YAML_MAPPING_END_EVENT)
			depth--;
		else if (t == YAML_ALIAS_EVENT && ++aliases > caps->aliases)
			r = over(err, errlen, origin, &ev,
				 "more than %zu aliases", caps->aliases);
		else if (t == YAML_DOCUMENT_START_EVENT &&
			 ++docs > caps->documents)
			r = over(err, errlen, origin, &ev,
				 "more than %zu documents", caps->documents);
		if (!r && ++events > caps->events)
			r = over(err, errlen, origin, &ev,
				 "more than %zu YAML events", caps->events);
		yaml_event_delete(&ev);
		if (t == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&p);
	return r;
}
