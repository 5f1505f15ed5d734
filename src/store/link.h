/* SQL for links between tickets (related, parent/child, duplicate) and for what a merge and
 * a split move from one ticket to another: comments, communications, attachments. */
#ifndef TICKETD_STORE_LINK_H
#define TICKETD_STORE_LINK_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

/* One link as one of its tickets sees it: the other ticket, and which end this one is. */
struct ticket_link {
	int64_t id;
	const char *type; /* related, parent, duplicate */
	bool outgoing;	  /* this ticket is from_ticket (the parent; the duplicate) */
	int64_t other_id;
	const char *other_number, *other_kind, *other_title, *other_status;
	int64_t created_by, created_at;
};

/* *added false when the same link exists already. */
enum err_code store_link_add(struct db *db, int64_t from, int64_t to, const char *type, int64_t by,
			     int64_t at, bool *added, struct error *e);
/* Whether from and to are linked in either direction, with any type. */
bool store_link_exists(struct db *db, int64_t a, int64_t b);
/* The ticket's links, oldest first (an arena array). */
enum err_code store_links_of(struct db *db, struct arena *a, int64_t ticket,
			     struct ticket_link **out, int *n, struct error *e);
/* The ticket's comment ids, oldest first (at most max). */
enum err_code store_link_comments(struct db *db, int64_t ticket, int64_t *ids, int max, int *n,
				  struct error *e);
/* Moves every comment, communication and attachment of ticket from to ticket to, counting
 * each. */
enum err_code store_link_move_all(struct db *db, int64_t from, int64_t to, int *comments,
				  int *communications, int *attachments, struct error *e);
/* Moves one attachment of ticket from to ticket to; ERR_INVALID (field attachment_ids) when
 * it is not one of from's. */
enum err_code store_link_move_attachment(struct db *db, int64_t attachment, int64_t from,
					 int64_t to, struct error *e);

extern const struct db_sql_table store_link_sql;

#endif
