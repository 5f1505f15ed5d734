/* SQL for outgoing webhooks (issue 18): the endpoints admins configure, and their deliveries,
 * which are the webhooks' outbox: written in the transaction of the event, claimed with a
 * lease by whichever worker sends them (so each is sent by one), retried with backoff, and
 * kept as the delivery log. */
#ifndef TICKETD_STORE_WEBHOOK_H
#define TICKETD_STORE_WEBHOOK_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

struct webhook {
	int64_t id;
	const char *url;
	const char *secret; /* never served */
	const char *events; /* comma-separated: ticket.created,ticket.status_changed,... */
	bool active;
	int64_t created_by, created_at, updated_at;
};

struct webhook_delivery {
	int64_t id, webhook_id;
	const char *event;
	int64_t ticket_id; /* 0: none */
	const char *body;
	const char *state; /* pending, sending, delivered, retry_wait, failed */
	int attempts;
	int64_t next_attempt_at; /* 0: none */
	int last_status;	 /* 0: no answer */
	const char *last_error;	 /* NULL: none */
	int64_t created_at, delivered_at;
};

enum err_code store_webhook_insert(struct db *db, const struct webhook *w, int64_t *id,
				   struct error *e);
enum err_code store_webhook_update(struct db *db, const struct webhook *w, struct error *e);
/* ERR_NOT_FOUND (field id) when none. */
enum err_code store_webhook_get(struct db *db, struct arena *a, int64_t id, struct webhook *out,
				struct error *e);
enum err_code store_webhooks(struct db *db, struct arena *a, bool active_only, struct webhook **out,
			     int *n, struct error *e);

enum err_code store_delivery_insert(struct db *db, const struct webhook_delivery *d,
				    struct error *e);
/* Deliveries due at now (pending, retry_wait, or sending past their lease), at most max. */
enum err_code store_delivery_due(struct db *db, int64_t now, int max, int64_t *ids, int *n,
				 struct error *e);
/* Takes delivery id for one attempt (sending, attempts + 1, leased until now + lease);
 * false when another worker has it or it is not due. */
bool store_delivery_claim(struct db *db, int64_t id, int64_t now, int64_t lease);
enum err_code store_delivery_get(struct db *db, struct arena *a, int64_t id,
				 struct webhook_delivery *out, struct error *e);
void store_delivery_done(struct db *db, int64_t id, int status, int64_t now);
/* give_up: failed for good; else retry_wait until next_at. */
void store_delivery_retry(struct db *db, int64_t id, int status, const char *error, int64_t next_at,
			  bool give_up);
/* The webhook's deliveries, newest first, at most max. */
enum err_code store_deliveries_of(struct db *db, struct arena *a, int64_t webhook, int max,
				  struct webhook_delivery **out, int *n, struct error *e);

extern const struct db_sql_table store_webhook_sql;

#endif
