/* Who may do what to which kind of ticket: one table of role x kind x action.
 * SCOPE_OWN means only tickets the user created (reporters, and staff on internal tickets). */
#ifndef TICKETD_POLICY_H
#define TICKETD_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog.h"

enum action {
	ACT_CREATE,
	ACT_READ,   /* get, list, timeline, comments */
	ACT_UPDATE, /* fields and status */
	ACT_ASSIGN, /* assign to anyone */
	ACT_RESOLVE,
	ACT_CLOSE,
	ACT_COMMENT,
	ACT__MAX
};

enum scope { SCOPE_NONE, SCOPE_OWN, SCOPE_ALL };

enum scope policy_scope(enum role r, enum kind k, enum action a);
/* Whether role r may act on a ticket of kind k created by `creator`, as user `user`. */
bool policy_allows(enum role r, enum kind k, enum action a, int64_t user, int64_t creator);
/* Whether a user of role r may be the assignee of a kind k ticket. */
bool policy_can_work(enum role r, enum kind k);

/* What a user may do to one ticket, as the service enforces it: what a ticket's reply
 * offers (allowed_actions), so that a client shows only what will be accepted. */
struct policy_allowed {
	bool edit;	   /* its fields (not once closed) */
	bool move;	   /* its status, other than resolving and closing */
	bool resolve;	   /* not once closed */
	bool close;	   /* not once closed; the status rule (resolved first) still applies */
	bool comment;	   /* also once closed */
	enum scope assign; /* SCOPE_ALL: to anyone; SCOPE_OWN: themself, if nobody has it */
	unsigned assignee_roles; /* bit 1u << role: the roles that may be assigned */
};

/* What user `user` of role r may do to a kind k ticket created by `creator`. */
void policy_allowed(enum role r, int64_t user, enum kind k, int64_t creator, bool closed,
		    struct policy_allowed *out);

#endif
