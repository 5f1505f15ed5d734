/* Unit tests for src/base/arena.c: alignment, large blocks, hooks run once in order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/arena.h"

static void test_alignment_and_sizes(void **state)
{
	static const size_t sizes[] = {1, 3, 16, 17, 100, 4000, 5000, 9000, 100000, 7};
	struct arena a;

	(void)state;
	arena_init(&a);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *p = arena_alloc(&a, sizes[i]);

		assert_int_equal((uintptr_t)p % 16, 0);
		memset(p, 0xab, sizes[i]); /* the sanitizer build checks the bounds */
	}
	char *z = arena_zalloc(&a, 64);

	for (int i = 0; i < 64; i++)
		assert_int_equal(z[i], 0);
	arena_free(&a);
	assert_null(a.head);
}

static void test_strings(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(arena_strdup(&a, "tomato"), "tomato");
	assert_null(arena_strdup(&a, NULL));
	assert_string_equal(arena_strndup(&a, "onion rings", 5), "onion");
	assert_string_equal(arena_printf(&a, "%s-%06d", "B2B", 42), "B2B-000042");
	char big[3000];

	memset(big, 'k', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(strlen(arena_printf(&a, "%s%s%s", big, big, big)), 3 * 2999);
	arena_free(&a);
}

static int order[4];
static int calls;

static void hook(void *arg)
{
	order[calls++] = (int)(intptr_t)arg;
}

static void test_hooks(void **state)
{
	struct arena a;

	(void)state;
	calls = 0;
	arena_init(&a);
	arena_defer(&a, hook, (void *)1);
	arena_alloc(&a, 50000);
	arena_defer(&a, hook, (void *)2);
	arena_defer(&a, hook, (void *)3);
	arena_free(&a);
	assert_int_equal(calls, 3);
	/* Newest first, like unwinding. */
	assert_int_equal(order[0], 3);
	assert_int_equal(order[1], 2);
	assert_int_equal(order[2], 1);
	arena_free(&a);
	assert_int_equal(calls, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_alignment_and_sizes),
	    cmocka_unit_test(test_strings),
	    cmocka_unit_test(test_hooks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
