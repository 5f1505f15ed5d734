/* A ticket's page: everything the reply for one ticket shows (its order context, the pending
 * approval, the evidence), assembled by the service before the reply is written, so that
 * writing the JSON reads nothing.  A ticket read for its page costs one statement, plus the
 * order context of a B2B ticket and the rare pending approval or batch grades. */
#ifndef TICKETD_SERVICE_PAGE_H
#define TICKETD_SERVICE_PAGE_H

#include <stdbool.h>

#include "evidence.h"
#include "order.h"
#include "service.h"
#include "../domain/policy.h"

struct ticket_page {
	struct ticket t;
	bool has_order; /* a B2B ticket's sales order, when it can be read */
	struct order_context order;
	bool customer_facing; /* B2B and B2C: the approval and evidence below are shown */
	bool has_approval;
	struct approval approval; /* the newest pending one */
	struct ticket_evidence evidence;
	bool has_allowed; /* a person is asking (not the system) */
	struct policy_allowed allowed;
};

/* Ticket id (an id or a number) of kind k, as svc_ticket_get finds it, with its page; the
 * parts of the page that cannot be read are left out. */
enum err_code svc_page_read(struct ctx *c, enum kind k, const char *id, struct ticket_page *out);
/* The page of ticket t, which the caller has already read (so may see) or just wrote, t
 * included; what cannot be read (no database) is left out. */
void svc_page_of(struct ctx *c, const struct ticket *t, struct ticket_page *out);
/* The page of ticket id, the ticket read with it in one statement (the reply to a
 * creation, which svc_page_of would read in two); no check that the actor may see it. */
enum err_code svc_page_by_id(struct ctx *c, int64_t id, struct ticket_page *out);
/* The page of t, a ticket just created as the store returned it, whose extras are none (no
 * root cause, approval, photo or batch): nothing more is read for them. */
void svc_page_of_new(struct ctx *c, const struct ticket *t, struct ticket_page *out);
/* svc_ticket_create_with (evidence.h), answered with the new ticket's page instead of the
 * ticket (POST /api/tickets/KIND/create): on PostgreSQL, with neither photos nor a batch,
 * of the row the insert returned; else read in one statement after the commit. */
enum err_code svc_ticket_create_page(struct ctx *c, enum kind k, const struct ticket_input *in,
				     struct evidence *ev, struct ticket_page *out);

#endif
