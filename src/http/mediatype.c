/* Media type comparison; see mediatype.h. */
#include "mediatype.h"

#include <string.h>
#include <strings.h>

#include "../base/banned.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

bool mediatype_is(const char *value, const char *type)
{
	size_t n = strlen(type);

	if (!value)
		return false;
	while (blank(*value))
		value++;
	if (strncasecmp(value, type, n) != 0)
		return false;
	value += n;
	while (blank(*value))
		value++;
	return *value == '\0' || *value == ';';
}
