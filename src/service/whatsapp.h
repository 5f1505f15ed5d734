/* WhatsApp Cloud API (issue 15): the settings, the webhook (verification and signed
 * events, stored as received and processed by the jobs), the conversation inbox with its
 * photos, tickets made from or added to from a conversation, and messages sent for real
 * through an outbox: replies, the acknowledgement of a customer's message, and customer
 * notifications (claim received, resolved).  See docs/decisions.md "WhatsApp". */
#ifndef TICKETD_SERVICE_WHATSAPP_H
#define TICKETD_SERVICE_WHATSAPP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "service.h"
#include "../store/files/files.h"
#include "../store/whatsapp.h"

/* The 24-hour customer-service window: free text may be sent for this long after the
 * customer's last message; outside it only an approved template. */
#define WHATSAPP_WINDOW (24 * 3600)

struct whatsapp_settings {
	bool enabled;
	const char *api_base_url; /* e.g. https://graph.facebook.com/v21.0 */
	const char *phone_number_id;
	const char *access_token, *verify_token, *app_secret; /* never served back */
	const char *template_language;			      /* e.g. en */
	const char *ack_template;	   /* outside the window: "we got your message" */
	const char *notification_template; /* outside the window: {{1}} ticket, {{2}} text */
	const char *ack_text;		   /* the acknowledgement inside the window */
	/* Tell customers of their claims (received, resolved): by WhatsApp where they have a
	 * number, else by email.  Only while WhatsApp is on; default true. */
	bool notify_customers;
	bool configured; /* enabled, with what sending needs */
};

enum err_code svc_whatsapp_settings(struct ctx *c, struct whatsapp_settings *out);
/* Validates and stores (admins only); a secret left out keeps the one stored. */
enum err_code svc_whatsapp_settings_put(struct ctx *c, json_t *body, struct whatsapp_settings *out);
/* Without the secrets: access_token_set, verify_token_set, app_secret_set say whether
 * each is set. */
json_t *svc_whatsapp_settings_json(const struct whatsapp_settings *s);
/* Asks the Graph API for the phone number's details with the stored settings (admins):
 * *out says what the remote said, {ok, http_status, message, display_phone_number,
 * verified_name}. */
enum err_code svc_whatsapp_test(struct ctx *c, json_t **out);

/* --- the webhook ------------------------------------------------------------------------ */

/* GET verification: the challenge to answer when mode is "subscribe" and token is the
 * verify token; ERR_FORBIDDEN otherwise. */
enum err_code svc_whatsapp_verify(struct ctx *c, const char *mode, const char *token,
				  const char *challenge);
/* POST: checks signature ("sha256=<hex>", X-Hub-Signature-256) over the raw body with the
 * app secret in constant time before anything else looks at the body (ERR_UNAUTHORIZED, and
 * nothing is changed); then stores the body for the jobs (a repeated delivery once).
 * *stored says whether it was new. */
enum err_code svc_whatsapp_accept(struct ctx *c, const char *signature, const char *body,
				  size_t len, bool *stored);

/* The jobs' part: processes stored events, fetches pending photos, sends what is due.
 * Each counts what it did. */
struct whatsapp_work {
	int events, messages, statuses, media, sent, retried, failed;
};
enum err_code svc_whatsapp_work(struct ctx *c, struct whatsapp_work *out);

/* --- the inbox ---------------------------------------------------------------------------- */

/* What a conversation or ticket says about sending: whether WhatsApp is on, to which
 * number, until when free text may be sent (0: the window is closed), and so which
 * (text or template). */
struct whatsapp_plan {
	bool on;
	const char *phone; /* E.164 digits; NULL: no number */
	int64_t conversation_id;
	int64_t window_open_until;
	const char *mode; /* "text" or "template" */
};

enum err_code svc_whatsapp_conversations(struct ctx *c, struct wa_conversation **out, int *n);
/* One conversation with its messages, the customer's latest delivery and the open ticket
 * it could be added to. */
struct whatsapp_thread {
	struct wa_conversation conv;
	struct wa_message *messages;
	int nmessages;
	const char *latest_so_id, *latest_delivery_date; /* NULL: none known */
	const char *open_ticket;			 /* number, NULL: none */
	struct whatsapp_plan plan;
};
enum err_code svc_whatsapp_conversation(struct ctx *c, int64_t id, struct whatsapp_thread *out);
/* A photo of a message, to send: the caller owns *body. */
enum err_code svc_whatsapp_media(struct ctx *c, int64_t message_id, struct files_body *body,
				 const char **mime);
/* Makes a B2C ticket of the conversation's messages not yet in a ticket: in (the form's
 * fields) over what the conversation gives (name, phone, customer, latest delivery, the
 * texts), the photos attached, and the claim window counted from the first of them. */
enum err_code svc_whatsapp_ticket(struct ctx *c, int64_t id, const struct ticket_input *in,
				  struct ticket *out);
/* Adds the conversation's messages not yet in a ticket to a B2C ticket (number, or NULL:
 * the customer's open one) as an inbound communication with the photos. */
enum err_code svc_whatsapp_append(struct ctx *c, int64_t id, const char *number, struct ticket *out,
				  int64_t *communication_id);

/* --- sending, inside the caller's transaction -------------------------------------------- */

/* How a message to this ticket's customer would go. */
enum err_code svc_whatsapp_plan_ticket(struct ctx *c, const struct ticket *t,
				       struct whatsapp_plan *out);
/* Queues a reply already logged as communication_id: free text inside the window, the
 * notification template outside it, per plan. */
enum err_code svc_whatsapp_queue_reply_tx(struct ctx *c, const struct ticket *t,
					  const struct whatsapp_plan *plan, const char *text,
					  int64_t communication_id);
/* Inside a transaction: queues text to phone (as typed) by WhatsApp when WhatsApp is on, as
 * free text inside the 24-hour window or else the notification template with ref and the
 * text (the portal's codes, links and surveys).  *queued false when WhatsApp is off or the
 * number is not one; dedupe names the message (sent once). */
enum err_code svc_whatsapp_notice_tx(struct ctx *c, const char *phone, const char *ref,
				     const char *text, int64_t ticket, const char *dedupe,
				     bool *queued);
/* Tells a B2C ticket's customer something (what: claim_received, resolved) when WhatsApp is
 * on and notify_customers is set: by WhatsApp when the ticket has a phone, else by email when
 * there is an address and a mail server; logged on the ticket's communications.  A claim is
 * acknowledged once per ticket. */
enum err_code svc_customer_notify_tx(struct ctx *c, const struct ticket *t, const char *what,
				     const char *text);

#endif
