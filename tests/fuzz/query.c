/* The fuzz target for the search box: its text becomes an FTS5 MATCH expression and a
 * PostgreSQL tsquery, each NUL-terminated and free of the characters that would let the
 * text escape its quoting. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "domain/search.h"
#include "fuzz.h"

int fuzz_query_one(const uint8_t *data, size_t size)
{
	struct arena a;

	arena_init(&a);
	char *q = arena_strndup(&a, (const char *)data, size);
	char *f = search_fts5_query(&a, q);
	char *p = search_tsquery(&a, q);

	if (f)
		(void)strlen(f);
	if (p)
		(void)strlen(p);
	arena_free(&a);
	return 0;
}

#ifdef FUZZ_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_query_one(data, size);
}
#endif
