/* The fuzz target for dates and instants: whatever instant_parse or date_start_parse
 * accepts is inside INSTANT_MIN..INSTANT_MAX, and its text (instant_format) parses back to
 * the same instant; a date that parses formats back to the same text. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "base/timefmt.h"
#include "fuzz.h"

static void check_instant(int64_t t)
{
	char iso[TIME_ISO_LEN];
	int64_t back;

	if (t < INSTANT_MIN || t > INSTANT_MAX)
		__builtin_trap();
	instant_format(t, iso);
	if (!instant_parse(iso, &back) || back != t)
		__builtin_trap();
}

int fuzz_time_one(const uint8_t *data, size_t size)
{
	struct arena a;
	int64_t t;
	int y, m, d;
	char out[DATE_ISO_LEN];

	arena_init(&a);
	char *s = arena_strndup(&a, (const char *)data, size);

	if (instant_parse(s, &t))
		check_instant(t);
	if (date_start_parse(s, &t))
		check_instant(t);
	if (date_parse(s, &y, &m, &d)) {
		date_format(y, m, d, out);
		if (strcmp(out, s) != 0)
			__builtin_trap();
	}
	arena_free(&a);
	return 0;
}

#ifdef FUZZ_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_time_one(data, size);
}
#endif
