/* SQL for the communication log: what was said to or heard from a customer about a ticket,
 * on which channel and when, as staff logged it. */
#ifndef TICKETD_STORE_COMMUNICATION_H
#define TICKETD_STORE_COMMUNICATION_H

#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

struct communication {
	int64_t id, ticket_id;
	const char *channel, *direction, *summary;
	int64_t occurred_at, logged_by, logged_at;
	const char *logged_by_name;
	/* A message sent for real (WhatsApp): queued, sent, delivered, read or failed, and
	 * why it failed; NULL for what staff logged by hand. */
	const char *delivery_status, *delivery_error;
};

enum err_code store_communication_add(struct db *db, const struct communication *cm, int64_t *id,
				      struct error *e);
/* Records what became of a message sent for real (error may be NULL). */
enum err_code store_communication_delivery(struct db *db, int64_t id, const char *status,
					   const char *error, struct error *e);
/* The ticket's communications in the order they happened (an arena array, *n of them). */
enum err_code store_communications_of(struct db *db, struct arena *a, int64_t ticket,
				      struct communication **out, int *n, struct error *e);

/* communication.c's static SQL (db.h, struct db_sql_table). */
extern const struct db_sql_table store_communication_sql;

#endif
