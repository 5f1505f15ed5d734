/* The fuzz target for the CSV reader: every record is bounded (at most CSV_MAX_FIELDS
 * fields, each a NUL-terminated string), and the reader ends: a record consumes input, or
 * the text ends, or it fails with a message. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/csv.h"
#include "fuzz.h"

int fuzz_csv_one(const uint8_t *data, size_t size)
{
	struct arena a;
	struct csv c;
	const char *fields[CSV_MAX_FIELDS];
	char *text;
	int n;

	arena_init(&a);
	text = arena_alloc(&a, size + 1); /* its own allocation: ASan sees a read past it */
	memcpy(text, data, size);
	csv_init(&c, text, size);
	for (size_t records = 0;; records++) {
		const char *before = c.p;

		n = csv_next(&c, &a, fields);
		if (n <= 0)
			break;
		if (n > CSV_MAX_FIELDS || c.p == before || records > size)
			__builtin_trap();
		for (int i = 0; i < n; i++)
			(void)strlen(fields[i]);
	}
	if (n < 0 && !c.error[0])
		__builtin_trap();
	arena_free(&a);
	return 0;
}

#ifdef FUZZ_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_csv_one(data, size);
}
#endif
