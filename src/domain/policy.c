/* The permission table; see policy.h.  Decisions recorded in docs/decisions.md. */
#include "policy.h"

#include "../base/banned.h"

#define N SCOPE_NONE
#define O SCOPE_OWN
#define A SCOPE_ALL

/* [role][kind][action]: create, read, update, assign, resolve, close, comment */
static const unsigned char policy_table[ROLE__MAX][KIND__MAX][ACT__MAX] = {
    [ROLE_AGENT] = {{A, A, A, O, A, A, A}, {A, A, A, O, A, A, A}, {A, O, O, N, N, O, O}},
    [ROLE_MANAGER] = {{A, A, A, A, A, A, A}, {A, A, A, A, A, A, A}, {A, O, O, N, N, O, O}},
    [ROLE_ADMIN] = {{A, A, A, A, A, A, A}, {A, A, A, A, A, A, A}, {A, A, A, A, A, A, A}},
    [ROLE_DEVELOPER] = {{N, N, N, N, N, N, N}, {N, N, N, N, N, N, N}, {A, A, A, A, A, A, A}},
    [ROLE_REPORTER] = {{N, N, N, N, N, N, N}, {N, N, N, N, N, N, N}, {A, O, O, N, N, O, O}},
};

#undef N
#undef O
#undef A

enum scope policy_scope(enum role r, enum kind k, enum action a)
{
	if (r >= ROLE__MAX || k >= KIND__MAX || a >= ACT__MAX)
		return SCOPE_NONE;
	return (enum scope)policy_table[r][k][a];
}

bool policy_allows(enum role r, enum kind k, enum action a, int64_t user, int64_t creator)
{
	enum scope s = policy_scope(r, k, a);

	return s == SCOPE_ALL || (s == SCOPE_OWN && user == creator);
}

bool policy_can_work(enum role r, enum kind k)
{
	return policy_scope(r, k, ACT_RESOLVE) == SCOPE_ALL;
}

void policy_allowed(enum role r, int64_t user, enum kind k, int64_t creator, bool closed,
		    struct policy_allowed *out)
{
	*out = (struct policy_allowed){
	    .edit = !closed && policy_allows(r, k, ACT_UPDATE, user, creator),
	    /* Internal tickets are triaged and moved by those who work them (change.c). */
	    .move = !closed && policy_allows(r, k, ACT_UPDATE, user, creator) &&
		    (k != KIND_INTERNAL || policy_scope(r, k, ACT_RESOLVE) == SCOPE_ALL),
	    .resolve = !closed && policy_allows(r, k, ACT_RESOLVE, user, creator),
	    .close = !closed && policy_allows(r, k, ACT_CLOSE, user, creator),
	    .comment = policy_allows(r, k, ACT_COMMENT, user, creator),
	    .assign = closed ? SCOPE_NONE : policy_scope(r, k, ACT_ASSIGN),
	};
	for (int role = 0; role < ROLE__MAX; role++)
		if (policy_can_work((enum role)role, k))
			out->assignee_roles |= 1u << role;
}
