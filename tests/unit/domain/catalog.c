/* Unit tests for src/domain/catalog.c: the catalog is consistent and the workflows are the
 * ones DESIGN.md draws. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "domain/catalog.h"

static void test_every_category_has_a_group(void **state)
{
	(void)state;
	for (int i = 0; i < catalog_categories_len; i++) {
		const struct category *c = &catalog_categories[i];
		int found = 0;

		for (int g = 0; g < catalog_groups_len; g++)
			found += catalog_groups[g].kind == c->kind &&
				 !strcmp(catalog_groups[g].code, c->group);
		assert_int_equal(found, 1);
		assert_ptr_equal(category_find(c->kind, c->code), c);
	}
	/* Quality complaints need photos; general inquiries do not. */
	assert_true(category_find(KIND_B2B, "damaged_items")->photo_required);
	assert_true(category_find(KIND_B2C, "spoiled_items")->photo_required);
	assert_false(category_find(KIND_B2B, "pricing_query")->photo_required);
	assert_true(category_find(KIND_INTERNAL, "bug")->steps_required);
	assert_null(category_find(KIND_B2C, "early_delivery")); /* B2B only */
	assert_null(category_find(KIND_B2B, "nonsense"));
}

static void test_names_round_trip(void **state)
{
	(void)state;
	for (int k = 0; k < KIND__MAX; k++) {
		assert_int_equal(kind_from_name(kind_name((enum kind)k)), k);
		for (int p = 0; p < PRIORITY__MAX; p++)
			assert_int_equal(
			    priority_from_name((enum kind)k, priority_name((enum kind)k, p)), p);
	}
	for (int s = 0; s < STATUS__MAX; s++)
		assert_int_equal(status_from_name(status_name((enum status)s)), s);
	for (int r = 0; r < ROLE__MAX; r++)
		assert_int_equal(role_from_name(role_name((enum role)r)), r);
	assert_string_equal(priority_name(KIND_B2B, 3), "urgent");
	assert_string_equal(priority_name(KIND_INTERNAL, 3), "critical");
	assert_int_equal(priority_from_name(KIND_B2B, "critical"), -1);
	assert_int_equal(kind_from_name("B2B"), -1);
	assert_int_equal(status_from_name(NULL), -1);
}

static void test_transitions(void **state)
{
	static const struct {
		enum kind k;
		enum status from, to;
		int allowed;
	} cases[] = {
	    {KIND_B2B, ST_NEW, ST_ASSIGNED, 1},
	    {KIND_B2B, ST_ASSIGNED, ST_IN_PROGRESS, 1},
	    {KIND_B2B, ST_IN_PROGRESS, ST_AWAITING_CUSTOMER, 1},
	    {KIND_B2B, ST_AWAITING_CUSTOMER, ST_IN_PROGRESS, 1},
	    {KIND_B2B, ST_IN_PROGRESS, ST_RESOLVED, 1},
	    {KIND_B2B, ST_RESOLVED, ST_CLOSED, 1},
	    {KIND_B2B, ST_RESOLVED, ST_IN_PROGRESS, 1},
	    {KIND_B2B, ST_NEW, ST_RESOLVED, 0},
	    {KIND_B2B, ST_NEW, ST_IN_PROGRESS, 0},
	    {KIND_B2B, ST_CLOSED, ST_IN_PROGRESS, 0},
	    {KIND_B2B, ST_AWAITING_CUSTOMER, ST_RESOLVED, 0},
	    {KIND_B2B, ST_NEW, ST_TRIAGED, 0},
	    {KIND_B2C, ST_IN_PROGRESS, ST_RESOLVED, 1},
	    {KIND_B2C, ST_RESOLVED, ST_IN_PROGRESS, 1},
	    {KIND_INTERNAL, ST_NEW, ST_TRIAGED, 1},
	    {KIND_INTERNAL, ST_TRIAGED, ST_IN_PROGRESS, 1},
	    {KIND_INTERNAL, ST_IN_PROGRESS, ST_RESOLVED, 1},
	    {KIND_INTERNAL, ST_RESOLVED, ST_CLOSED, 1},
	    {KIND_INTERNAL, ST_NEW, ST_ASSIGNED, 0},
	    {KIND_INTERNAL, ST_IN_PROGRESS, ST_AWAITING_CUSTOMER, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(transition_allowed(cases[i].k, cases[i].from, cases[i].to),
				 cases[i].allowed);

	enum status out[STATUS__MAX];

	assert_int_equal(transitions_from(KIND_B2B, ST_IN_PROGRESS, out), 2);
	assert_int_equal(transitions_from(KIND_B2C, ST_CLOSED, out), 0);
	assert_int_equal(transitions_from(KIND_INTERNAL, ST_RESOLVED, out), 2);
}

static void test_resolutions(void **state)
{
	(void)state;
	assert_true(resolution_type_valid(KIND_B2B, "credit_note"));
	assert_false(resolution_type_valid(KIND_B2B, "store_credit"));
	assert_true(resolution_type_valid(KIND_B2C, "store_credit"));
	assert_false(resolution_type_valid(KIND_B2C, "credit_note"));
	assert_true(resolution_type_valid(KIND_INTERNAL, "fixed"));
	assert_false(resolution_type_valid(KIND_INTERNAL, "refund"));
	assert_false(resolution_type_valid(KIND_B2B, NULL));
	int n = 0;

	for (const char *const *r = resolution_types(KIND_B2B); *r; r++)
		n++;
	assert_int_equal(n, 5);
	assert_string_equal(resolution_label("no_action"), "No action");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_category_has_a_group),
	    cmocka_unit_test(test_names_round_trip),
	    cmocka_unit_test(test_transitions),
	    cmocka_unit_test(test_resolutions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
