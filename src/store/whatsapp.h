/* SQL for WhatsApp: webhook events as received, conversations per phone number and their
 * messages, and the outbox of messages to send (migration 0010).  Rows in and out, no JSON. */
#ifndef TICKETD_STORE_WHATSAPP_H
#define TICKETD_STORE_WHATSAPP_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

extern const struct db_sql_table store_whatsapp_sql;

struct wa_conversation {
	int64_t id;
	const char *phone; /* E.164 digits, no '+' */
	const char *profile_name;
	const char *customer_id; /* NULL: no known customer */
	const char *customer_name;
	int64_t first_message_at, last_inbound_at, last_message_at, ack_sent_at;
	int64_t ticket_id; /* the last ticket made from it or added to; 0: none */
	const char *ticket_number;
	/* Lists: the last message's text (or type) and how many inbound messages are in no
	 * ticket yet. */
	const char *last_text;
	int64_t unhandled;
};

struct wa_message {
	int64_t id, conversation_id;
	const char *wamid, *direction, *type, *body;
	int64_t sent_at;
	const char *media_id, *media_state, *media_sha256, *media_mime, *media_error;
	int64_t media_size;
	int media_attempts;
	int64_t ticket_id; /* 0: in no ticket yet */
};

struct wa_send {
	int64_t id;
	const char *purpose, *to_phone, *kind, *body, *template_name, *template_params;
	int64_t ticket_id, communication_id, conversation_id;
	const char *state, *last_error, *wamid, *status;
	int attempts;
	int64_t next_attempt_at, created_at, sent_at;
};

/* --- events ---------------------------------------------------------------------------- */

/* Stores a webhook body unless one with the same hash is stored (*added false). */
enum err_code store_wa_event_add(struct db *db, const char *sha256, const char *body, int64_t now,
				 bool *added, struct error *e);
enum err_code store_wa_events_pending(struct db *db, int max, int64_t *ids, int *n,
				      struct error *e);
/* The body and attempts so far of a pending event; ERR_NOT_FOUND when it is not pending. */
enum err_code store_wa_event_get(struct db *db, struct arena *a, int64_t id, const char **body,
				 int *attempts, struct error *e);
/* Ends (state done or failed) or counts a failed attempt (state pending). */
enum err_code store_wa_event_mark(struct db *db, int64_t id, const char *state, const char *error,
				  int64_t now, struct error *e);

/* --- conversations and messages ---------------------------------------------------------- */

/* Adds the conversation of phone, or records an inbound message at `at` on it; the
 * profile name and customer are set when given. */
enum err_code store_wa_conversation_touch(struct db *db, const char *phone, const char *profile,
					  const char *customer_id, int64_t at, bool inbound,
					  int64_t *id, struct error *e);
enum err_code store_wa_conversation_get(struct db *db, struct arena *a, int64_t id,
					struct wa_conversation *out, struct error *e);
/* The conversation of a phone number; *found false when none. */
enum err_code store_wa_conversation_by_phone(struct db *db, struct arena *a, const char *phone,
					     struct wa_conversation *out, bool *found,
					     struct error *e);
/* Most recent first. */
enum err_code store_wa_conversations(struct db *db, struct arena *a, int limit,
				     struct wa_conversation **out, int *n, struct error *e);
enum err_code store_wa_conversation_acked(struct db *db, int64_t id, int64_t at, struct error *e);
/* Puts every inbound message of the conversation that is in no ticket into ticket_id, and
 * makes it the conversation's ticket. */
enum err_code store_wa_conversation_take(struct db *db, int64_t id, int64_t ticket_id,
					 struct error *e);

/* Adds a message unless its wamid is known (*added false; *id 0). */
enum err_code store_wa_message_add(struct db *db, const struct wa_message *m, bool *added,
				   int64_t *id, struct error *e);
enum err_code store_wa_messages_of(struct db *db, struct arena *a, int64_t conversation,
				   struct wa_message **out, int *n, struct error *e);
enum err_code store_wa_message_get(struct db *db, struct arena *a, int64_t id,
				   struct wa_message *out, struct error *e);
enum err_code store_wa_media_pending(struct db *db, int max, int64_t *ids, int *n, struct error *e);
/* Records the media fetch: state stored (sha, mime, size), failed (error) or, with state
 * pending, one more failed attempt. */
enum err_code store_wa_media_set(struct db *db, int64_t id, const char *state, const char *sha,
				 const char *mime, int64_t size, const char *error,
				 struct error *e);

/* --- the outbox ---------------------------------------------------------------------------- */

/* Adds a message to send unless dedupe_key (may be NULL) is there already. */
enum err_code store_wa_send_add(struct db *db, const struct wa_send *s, const char *dedupe_key,
				bool *added, int64_t *id, struct error *e);
enum err_code store_wa_sends_due(struct db *db, int64_t now, int max, int64_t *ids, int *n,
				 struct error *e);
bool store_wa_send_claim(struct db *db, int64_t id, int64_t now, int64_t lease);
enum err_code store_wa_send_get(struct db *db, struct arena *a, int64_t id, struct wa_send *out,
				struct error *e);
enum err_code store_wa_send_by_wamid(struct db *db, struct arena *a, const char *wamid,
				     struct wa_send *out, bool *found, struct error *e);
void store_wa_send_sent(struct db *db, int64_t id, const char *wamid, int64_t now);
void store_wa_send_retry(struct db *db, int64_t id, int64_t next_at, const char *error,
			 bool give_up);
/* The delivery status the webhook reported for a sent message. */
enum err_code store_wa_send_status(struct db *db, int64_t id, const char *status, const char *error,
				   struct error *e);
/* The last sends to a phone (newest first). */
enum err_code store_wa_sends_to(struct db *db, struct arena *a, const char *phone, int limit,
				struct wa_send **out, int *n, struct error *e);

/* --- matching -------------------------------------------------------------------------------- */

/* Customers whose phone, without spaces, dashes, dots, brackets and '+', ends in the last ten
 * digits given (the caller compares the whole number); at most max. */
enum err_code store_wa_customers_by_phone(struct db *db, struct arena *a, const char *last10,
					  int max, const char **ids, const char **phones, int *n,
					  struct error *e);
/* The customer's latest delivered order: *so_id NULL when none. */
enum err_code store_wa_latest_delivery(struct db *db, struct arena *a, const char *customer_id,
				       const char **so_id, const char **delivery_date,
				       struct error *e);
/* The newest B2C ticket neither resolved nor closed of this customer (customer_id may be
 * NULL) or whose customer_phone ends in last10; *number NULL when none. */
enum err_code store_wa_open_ticket(struct db *db, struct arena *a, const char *customer_id,
				   const char *last10, const char **number, const char **phone,
				   struct error *e);

#endif
