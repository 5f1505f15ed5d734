/* SQL for notifications (the outbox) and each user's channel choices. */
#ifndef TICKETD_STORE_NOTIFY_H
#define TICKETD_STORE_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

struct notification {
	int64_t id;
	int64_t user_id;	/* 0: a customer, written to to_address */
	const char *to_address; /* email to a customer, or NULL */
	int64_t ticket_id;	/* 0: none */
	const char *ticket_number, *ticket_kind;
	const char *type, *channel, *title, *body, *state, *last_error;
	int attempts;
	int64_t created_at, sent_at, read_at, next_attempt_at;
};

/* Adds one notification unless one with the same dedupe_key exists (then *added false). */
enum err_code store_notification_add(struct db *db, const struct notification *n,
				     const char *dedupe_key, bool *added, struct error *e);
/* A user's in-app notifications, newest first, with the unread count. */
enum err_code store_notifications_of(struct db *db, struct arena *a, int64_t user, bool unread_only,
				     int limit, struct notification **out, int *n, int64_t *unread,
				     struct error *e);
/* Marks read; ERR_NOT_FOUND unless it is the user's. */
enum err_code store_notification_read(struct db *db, int64_t user, int64_t id, int64_t now,
				      struct error *e);
/* Marks read every in-app notification whose dedupe key matches the LIKE pattern: a request
 * sent to many that one of them has dealt with. */
enum err_code store_notifications_done(struct db *db, const char *key_pattern, int64_t now,
				       struct error *e);
enum err_code store_notification_get(struct db *db, struct arena *a, int64_t id,
				     struct notification *out, struct error *e);

/* Email notifications whose next attempt is due (pending, retry_wait, or a sending one
 * whose lease ran out after a crash), oldest first. */
enum err_code store_outbox_due(struct db *db, int64_t now, int max, int64_t *ids, int *n,
			       struct error *e);
/* Takes a due notification for sending until now + lease; false if another worker has. */
bool store_outbox_claim(struct db *db, int64_t id, int64_t now, int64_t lease);
void store_outbox_sent(struct db *db, int64_t id, int64_t now);
void store_outbox_retry(struct db *db, int64_t id, int64_t next_at, const char *error,
			bool give_up);

/* The outbox for GET /metrics: emails waiting to be sent (pending, being sent, or waiting
 * to retry) and the earliest next attempt among them (0 when none waits). */
enum err_code store_outbox_stats(struct db *db, int64_t *waiting, int64_t *oldest_due,
				 struct error *e);
extern const struct db_sql_table store_notify_sql;

/* The channels ("in_app,email") the user chose for a type; NULL when not chosen. */
const char *store_prefs_get(struct db *db, struct arena *a, int64_t user, const char *type);
enum err_code store_prefs_put(struct db *db, int64_t user, const char *type, const char *channels,
			      struct error *e);

#endif
