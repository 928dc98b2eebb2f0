/* Names of the kinds of mapping. */
#include "model/maps.h"

const char *map_kind_name(enum map_kind k)
{
	switch (k) {
	case MAP_KIND_FILE:
		return "file";
	case MAP_KIND_ANON:
		return "anon";
	case MAP_KIND_HEAP:
		return "heap";
	case MAP_KIND_STACK:
		return "stack";
	case MAP_KIND_VDSO:
		return "vdso";
	case MAP_KIND_MEMFD:
		return "memfd";
	case MAP_KIND_DELETED:
		return "deleted";
	case MAP_KIND_OTHER:
	case MAP_KIND__COUNT:
		break;
	}
	return "other";
}
