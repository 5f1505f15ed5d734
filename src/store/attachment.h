/* SQL for the files on tickets: one row per attached file (or per upload not attached yet),
 * naming the stored bytes by their SHA-256.  The bytes themselves live in the file store
 * (files/files.h). */
#ifndef TICKETD_STORE_ATTACHMENT_H
#define TICKETD_STORE_ATTACHMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

struct attachment {
	int64_t id;
	int64_t ticket_id;	  /* 0: an upload not attached yet */
	int64_t communication_id; /* 0: none */
	const char *sha256;
	const char *filename; /* the client's name, for display only */
	const char *content_type;
	int64_t size;
	const char *kind; /* photo, document */
	int64_t uploaded_by;
	const char *uploaded_by_name;
	int64_t uploaded_at;
	int64_t taken_at; /* 0: unknown */
};

enum err_code store_attachment_insert(struct db *db, const struct attachment *at, int64_t *id,
				      struct error *e);
/* Strings in arena a.  ERR_NOT_FOUND when there is no attachment id. */
enum err_code store_attachment_get(struct db *db, struct arena *a, int64_t id,
				   struct attachment *out, struct error *e);
/* Attaches upload `id` of user `by` to a ticket (and a communication, or 0).  ERR_INVALID,
 * naming field, when it is not an unattached upload of that user (or, when photo, not an
 * image). */
enum err_code store_attachment_claim(struct db *db, int64_t id, int64_t by, int64_t ticket,
				     int64_t communication, bool photo, const char *field,
				     struct error *e);
/* The ticket's attachments, oldest first (an arena array, *n of them). */
enum err_code store_attachments_of(struct db *db, struct arena *a, int64_t ticket,
				   struct attachment **out, int *n, struct error *e);
/* How many photos the ticket has (0 also when the query fails). */
int64_t store_attachment_photo_count(struct db *db, int64_t ticket);
/* Whether an attachment row may use these bytes, asked before deleting them: a query that
 * fails counts as used (keep them). */
bool store_attachment_sha_maybe_used(struct db *db, const char *sha);

/* attachment.c's static SQL (db.h, struct db_sql_table). */
extern const struct db_sql_table store_attachment_sql;

#endif
