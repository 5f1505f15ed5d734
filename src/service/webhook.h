/* Outgoing webhooks (issue 18): admins configure endpoints (URL, secret, event types); ticket
 * events are written to the webhooks' outbox (store/webhook.h) in the transaction that
 * causes them, and a job posts each, signed, until the receiver answers 2xx: retried with
 * backoff (30 s doubling to an hour, ten attempts), logged per delivery.
 *
 * Signing: header X-Ticketd-Signature: t=<unix seconds>,sha256=<hex HMAC-SHA256 with the
 * secret over "<t>.<body>">.  A receiver recomputes it, compares in constant time and refuses
 * a t more than five minutes from its clock (a replay).  X-Ticketd-Delivery names the
 * delivery (the same on every attempt: a receiver that saw it answers 2xx and drops it) and
 * X-Ticketd-Event the event. */
#ifndef TICKETD_SERVICE_WEBHOOK_H
#define TICKETD_SERVICE_WEBHOOK_H

#include <jansson.h>

#include "service.h"
#include "../store/webhook.h"

enum webhook_event {
	WE_TICKET_CREATED,
	WE_TICKET_STATUS_CHANGED,
	WE_TICKET_ASSIGNED,
	WE_INCIDENT_OPENED,
	WE__MAX
};

const char *webhook_event_name(enum webhook_event e);

struct webhook_input {
	const char *url, *secret;  /* NULL: unchanged (both needed to create) */
	const char *const *events; /* NULL-terminated, or NULL: unchanged */
	bool set_active, active;
};

/* Admins. */
enum err_code svc_webhooks(struct ctx *c, struct webhook **out, int *n);
enum err_code svc_webhook_save(struct ctx *c, int64_t id, const struct webhook_input *in,
			       struct webhook *out);
enum err_code svc_webhook_deliveries(struct ctx *c, int64_t id, struct webhook_delivery **out,
				     int *n);

/* Inside the caller's transaction: a delivery of event, with data (taken) as its "data",
 * for every active webhook subscribed to it. */
enum err_code svc_webhook_emit(struct ctx *c, enum webhook_event ev, int64_t ticket, json_t *data);
/* The ticket as a webhook's data (from, to: the statuses of a change, or NULL). */
json_t *svc_webhook_ticket(const struct ticket *t, const char *from, const char *to);
/* Sends the deliveries that are due (a timed job). */
enum err_code svc_webhooks_deliver(struct ctx *c, int *sent, int *failed);

#endif
