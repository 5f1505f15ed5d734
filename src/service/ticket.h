/* What the ticket use cases share: ticket.c (creation, reads, lists), change.c (the one path
 * that changes a ticket, and the edits: fields, assignment, plan, claim exception),
 * resolution.c (resolving, approvals, closing) and comment.c (comments, the timeline).
 * Internal to src/service/: the api layer calls what service.h declares. */
#ifndef TICKETD_SERVICE_TICKET_H
#define TICKETD_SERVICE_TICKET_H

#include "service.h"
#include "../domain/policy.h"

/* --- ticket.c ----------------------------------------------------------------------- */

/* Refuses for the actor's role: "an agent may not create internal tickets". */
enum err_code svc_ticket_forbidden(struct ctx *c, const char *what, enum kind k);
/* Whether the actor (any, for the system) may do a to a ticket of kind k by creator. */
bool svc_ticket_may(struct ctx *c, enum kind k, enum action a, int64_t creator);
/* Appends an audit event by the actor, now, inside the caller's transaction. */
enum err_code svc_ticket_event(struct ctx *c, int64_t ticket, const char *type, const char *field,
			       const char *old_value, const char *new_value, const char *note);
/* Finds ticket `id` (id or number, any letter case) of kind k that the actor may read;
 * ERR_NOT_FOUND otherwise.  Inside a write transaction the row is locked (store_ticket_get). */
enum err_code svc_ticket_load(struct ctx *c, enum kind k, const char *id, struct ticket *out);
/* As svc_ticket_get, with what the ticket's page shows beside it (page.c). */
enum err_code svc_ticket_load_page(struct ctx *c, enum kind k, const char *id, struct ticket *out,
				   struct ticket_extras *x);
/* Copies the client fields of in over t (trimmed; blank becomes NULL), with the category's
 * group and the priority's rank. */
void svc_ticket_apply_input(struct ctx *c, struct ticket *t, const struct ticket_input *in);
/* The links of a customer ticket to the ERP's records must be to real records that belong
 * together: the order to the customer, the invoice to the order. */
enum err_code svc_ticket_check_links(struct ctx *c, struct ticket *t);
/* Inside the caller's transaction: numbers, routes, inserts and audits t as a new ticket
 * (its fields set and valid, created_at and the SLA clock as the caller wants them), without
 * the pattern rules (a part split off a complaint that was counted).  *id is the new id. */
enum err_code svc_ticket_insert_tx(struct ctx *c, struct ticket *t, int64_t *id);
/* Sets within_policy_window and days_late from the delivery and creation (B2C). */
void svc_ticket_claim_window(struct ticket *t);

/* --- change.c ----------------------------------------------------------------------- */

/* A change set: the ticket before and after, applied and audited by svc_change_tx. */
struct change {
	enum kind kind;
	const char *id;
	struct ticket before, after;
	const char *note;	 /* for the status event */
	const char *event_type;	 /* overrides "status" for the status event: resolved, closed */
	struct sla_settings sla; /* loaded inside the transaction */
	bool quiet_resolution;	 /* the caller tells the creator itself (a release) */
	/* What the caller checks and sets on after, inside the transaction. */
	enum err_code (*mutate)(struct ctx *c, struct change *ch, void *arg);
	void *arg;
};

/* Runs a change set inside the caller's transaction: re-reads the ticket, lets ch->mutate
 * check and change ch->after, writes what differs with its audit events and notifications. */
enum err_code svc_change_tx(struct ctx *c, void *arg);
/* The same in a transaction of its own; *out is the ticket as committed. */
enum err_code svc_change(struct ctx *c, enum kind k, const char *id,
			 enum err_code (*mutate)(struct ctx *, struct change *, void *), void *arg,
			 struct ticket *out);
/* Moves ch->after to status `to` if the workflow allows it, with the side effects of
 * entering and leaving resolved and closed, and the SLA clock's.  The one function that
 * changes a ticket's status. */
enum err_code svc_change_status(struct ctx *c, struct change *ch, enum status to);

#endif
