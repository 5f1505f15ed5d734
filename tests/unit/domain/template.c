/* Unit tests for src/domain/template.c: checking and filling placeholders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/template.h"

static void test_check(void **state)
{
	static const struct {
		const char *text;
		int ok;
		const char *bad;
	} cases[] = {
	    {"Dear {{customer.name}}, about {{ticket.number}}", 1, NULL},
	    {"{{ order.number }} on {{delivery_date}} by {{agent.name}}: {{resolution}}", 1, NULL},
	    {"no placeholders at all", 1, NULL},
	    {"Dear {{customer.nmae}}", 0, "{{customer.nmae}}"},
	    {"Dear {{customer.name}", 0, "{{ without }}"},
	    {"{{}}", 0, "{{}}"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct arena a;
		const char *bad;

		arena_init(&a);
		assert_int_equal(template_check(&a, cases[i].text, &bad), cases[i].ok);
		if (cases[i].bad)
			assert_string_equal(bad, cases[i].bad);
		else
			assert_null(bad);
		arena_free(&a);
	}
}

static void test_render(void **state)
{
	const char *values[PH__MAX] = {"Chef Rao",   "B2B-000042", "SO-24-0811",
				       "2026-11-24", "Priya Nair", NULL};
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(template_render(&a,
					    "Dear {{customer.name}}, re {{ ticket.number }} "
					    "({{order.number}}, {{delivery_date}}). "
					    "{{resolution}}— {{agent.name}}",
					    values),
			    "Dear Chef Rao, re B2B-000042 (SO-24-0811, 2026-11-24). — Priya Nair");
	/* An edit that is not a placeholder stands. */
	assert_string_equal(template_render(&a, "Use {{braces}} and {{customer.name", values),
			    "Use {{braces}} and {{customer.name");
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_check),
	    cmocka_unit_test(test_render),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
