/* Unit tests for src/domain/search.c: what the search box turns into. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "domain/search.h"

static void test_queries(void **state)
{
	static const struct {
		const char *q, *fts5, *tsquery;
	} cases[] = {
	    {"tomato", "\"tomato\"*", "'tomato':*"},
	    {"B2B-000123", "\"b2b 000123\"*", "'b2b' <-> '000123':*"},
	    {"  Taj   Palace ", "\"taj\"* \"palace\"*", "'taj':* & 'palace':*"},
	    {"\"unbalanced", "\"unbalanced\"*", "'unbalanced':*"},
	    {"a OR b", "\"a\"* \"or\"* \"b\"*", "'a':* & 'or':* & 'b':*"},
	    {"x*) NEAR(", "\"x\"* \"near\"*", "'x':* & 'near':*"},
	    {"o'brien", "\"o brien\"*", "'o' <-> 'brien':*"},
	    {"WC-58213", "\"wc 58213\"*", "'wc' <-> '58213':*"},
	    {"--- !!", NULL, NULL},
	    {"", NULL, NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct arena a;

		arena_init(&a);
		char *f = search_fts5_query(&a, cases[i].q);
		char *t = search_tsquery(&a, cases[i].q);

		if (cases[i].fts5) {
			assert_non_null(f);
			assert_string_equal(f, cases[i].fts5);
			assert_string_equal(t, cases[i].tsquery);
		} else {
			assert_null(f);
			assert_null(t);
		}
		arena_free(&a);
	}
}

static void test_term_limit(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	char *f = search_fts5_query(&a, "a b c d e f g h i j k");
	int terms = 0;

	for (char *p = f; *p; p++)
		terms += *p == '*';
	assert_int_equal(terms, SEARCH_MAX_TERMS);
	assert_null(search_fts5_query(&a, NULL));
	arena_free(&a);
}

static void test_utf8(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	/* Devanagari is kept whole (bytes >= 0x80 are word characters). */
	assert_string_equal(search_fts5_query(&a, "टमाटर"), "\"टमाटर\"*");
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_queries),
	    cmocka_unit_test(test_term_limit),
	    cmocka_unit_test(test_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
