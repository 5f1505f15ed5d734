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
	    /* Whole words (the index stems them); all required. */
	    {"tomato", "\"tomato\"", "'tomato'"},
	    {"Tomatoes", "\"tomatoes\"", "'tomatoes'"},
	    {"  Taj   Palace ", "\"taj\" \"palace\"", "'taj' & 'palace'"},
	    /* A '*' right after a word's last letter or digit asks for a prefix. */
	    {"toma*", "\"toma\"*", "'toma':*"},
	    {"(toma*)", "\"toma\"*", "'toma':*"},
	    {"toma* red", "\"toma\"* \"red\"", "'toma':* & 'red'"},
	    {"to*ma", "\"to ma\"", "'to' <-> 'ma'"},
	    {"toma *", "\"toma\"", "'toma'"},
	    /* Numbers typed whole: their tokens form a phrase; a prefix is its last token. */
	    {"B2B-000123", "\"b2b 000123\"", "'b2b' <-> '000123'"},
	    {"B2C-0001*", "\"b2c 0001\"*", "'b2c' <-> '0001':*"},
	    {"WC-58213", "\"wc 58213\"", "'wc' <-> '58213'"},
	    {"o'brien", "\"o brien\"", "'o' <-> 'brien'"},
	    /* Query syntax typed by the user stays inside the quotes or is dropped. */
	    {"\"unbalanced", "\"unbalanced\"", "'unbalanced'"},
	    {"a OR b", "\"a\" \"or\" \"b\"", "'a' & 'or' & 'b'"},
	    {"x*) NEAR(", "\"x\"* \"near\"", "'x':* & 'near'"},
	    {"kind:b2b -title:x", "\"kind b2b\" \"title x\"", "'kind' <-> 'b2b' & 'title' <-> 'x'"},
	    {"{title}:^x", "\"title x\"", "'title' <-> 'x'"},
	    {"a\" OR \"b", "\"a\" \"or\" \"b\"", "'a' & 'or' & 'b'"},
	    {"* ** -", NULL, NULL},
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
	int quotes = 0;

	for (char *p = f; *p; p++)
		quotes += *p == '"';
	assert_int_equal(quotes, 2 * SEARCH_MAX_TERMS);
	assert_null(search_fts5_query(&a, NULL));
	arena_free(&a);
}

static void test_utf8(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	/* Devanagari is kept whole (bytes >= 0x80 are word characters). */
	assert_string_equal(search_fts5_query(&a, "टमाटर"), "\"टमाटर\"");
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
