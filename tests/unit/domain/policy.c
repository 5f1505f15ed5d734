/* Unit tests for src/domain/policy.c: who may do what, row by row. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/policy.h"

static void test_table(void **state)
{
	static const struct {
		enum role r;
		enum kind k;
		enum action a;
		enum scope want;
	} cases[] = {
	    {ROLE_AGENT, KIND_B2B, ACT_CREATE, SCOPE_ALL},
	    {ROLE_AGENT, KIND_B2C, ACT_RESOLVE, SCOPE_ALL},
	    {ROLE_AGENT, KIND_B2B, ACT_ASSIGN, SCOPE_OWN}, /* self-assignment */
	    {ROLE_AGENT, KIND_INTERNAL, ACT_READ, SCOPE_OWN},
	    {ROLE_AGENT, KIND_INTERNAL, ACT_RESOLVE, SCOPE_NONE},
	    {ROLE_MANAGER, KIND_B2B, ACT_ASSIGN, SCOPE_ALL},
	    {ROLE_MANAGER, KIND_INTERNAL, ACT_ASSIGN, SCOPE_NONE},
	    {ROLE_ADMIN, KIND_INTERNAL, ACT_RESOLVE, SCOPE_ALL},
	    {ROLE_DEVELOPER, KIND_B2B, ACT_READ, SCOPE_NONE},
	    {ROLE_DEVELOPER, KIND_INTERNAL, ACT_ASSIGN, SCOPE_ALL},
	    {ROLE_REPORTER, KIND_B2C, ACT_CREATE, SCOPE_NONE},
	    {ROLE_REPORTER, KIND_INTERNAL, ACT_CREATE, SCOPE_ALL},
	    {ROLE_REPORTER, KIND_INTERNAL, ACT_READ, SCOPE_OWN},
	    {ROLE_REPORTER, KIND_INTERNAL, ACT_CLOSE, SCOPE_OWN},
	    {ROLE_REPORTER, KIND_INTERNAL, ACT_RESOLVE, SCOPE_NONE},
	    {ROLE__MAX, KIND_B2B, ACT_READ, SCOPE_NONE},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(policy_scope(cases[i].r, cases[i].k, cases[i].a), cases[i].want);
}

static void test_allows_own(void **state)
{
	(void)state;
	assert_true(policy_allows(ROLE_REPORTER, KIND_INTERNAL, ACT_READ, 7, 7));
	assert_false(policy_allows(ROLE_REPORTER, KIND_INTERNAL, ACT_READ, 7, 8));
	assert_true(policy_allows(ROLE_DEVELOPER, KIND_INTERNAL, ACT_READ, 7, 8));
	assert_false(policy_allows(ROLE_DEVELOPER, KIND_B2B, ACT_READ, 7, 7));
}

static void test_can_work(void **state)
{
	(void)state;
	assert_true(policy_can_work(ROLE_AGENT, KIND_B2B));
	assert_true(policy_can_work(ROLE_MANAGER, KIND_B2C));
	assert_false(policy_can_work(ROLE_DEVELOPER, KIND_B2B));
	assert_true(policy_can_work(ROLE_DEVELOPER, KIND_INTERNAL));
	assert_false(policy_can_work(ROLE_AGENT, KIND_INTERNAL));
	assert_false(policy_can_work(ROLE_REPORTER, KIND_INTERNAL));
}

static void test_allowed(void **state)
{
	struct policy_allowed al;

	(void)state;
	policy_allowed(ROLE_AGENT, 7, KIND_B2C, 8, false, &al);
	assert_true(al.edit && al.move && al.resolve && al.close && al.comment);
	assert_int_equal(al.assign, SCOPE_OWN);
	assert_int_equal(al.assignee_roles,
			 (1u << ROLE_AGENT) | (1u << ROLE_MANAGER) | (1u << ROLE_ADMIN));
	/* a reporter edits and closes their own internal ticket, never moves or resolves it */
	policy_allowed(ROLE_REPORTER, 7, KIND_INTERNAL, 7, false, &al);
	assert_true(al.edit && al.close && al.comment);
	assert_false(al.move || al.resolve);
	assert_int_equal(al.assign, SCOPE_NONE);
	/* ... and nothing of someone else's */
	policy_allowed(ROLE_REPORTER, 7, KIND_INTERNAL, 8, false, &al);
	assert_false(al.edit || al.close || al.comment);
	/* closed: comments only */
	policy_allowed(ROLE_ADMIN, 1, KIND_B2B, 2, true, &al);
	assert_false(al.edit || al.move || al.resolve || al.close);
	assert_true(al.comment);
	assert_int_equal(al.assign, SCOPE_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_allows_own),
	    cmocka_unit_test(test_can_work),
	    cmocka_unit_test(test_allowed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
