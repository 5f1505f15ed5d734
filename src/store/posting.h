/* SQL for postings: the documents a decided resolution makes in Zoho Books or WooCommerce,
 * and their delivery state (migrations/0009_books.sql). */
#ifndef TICKETD_STORE_POSTING_H
#define TICKETD_STORE_POSTING_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

struct posting {
	int64_t id;
	int64_t ticket_id;
	const char *ticket_number, *ticket_kind; /* joined */
	const char *system;			 /* zoho_books, woocommerce */
	const char *kind; /* credit_note, refund, coupon, sales_order, order */
	int seq;	  /* 1 for the ticket's first posting of this kind */
	const char *reference;
	bool has_amount;
	int64_t amount; /* paise */
	const char *currency;
	const char *state; /* pending, sending, posted, failed */
	const char *remote_id, *remote_number, *link, *last_error;
	int attempts;
	int64_t next_attempt_at, created_at, updated_at, posted_at; /* 0: none */
};

extern const struct db_sql_table store_posting_sql;

/* The next seq of this ticket's postings of kind (1 for the first). */
enum err_code store_posting_next_seq(struct db *db, int64_t ticket_id, const char *kind, int *seq,
				     struct error *e);
/* Adds a pending posting due at p->next_attempt_at; *id its id. */
enum err_code store_posting_insert(struct db *db, const struct posting *p, int64_t *id,
				   struct error *e);
enum err_code store_posting_get(struct db *db, struct arena *a, int64_t id, struct posting *out,
				struct error *e);
/* A ticket's postings, oldest first. */
enum err_code store_postings_of(struct db *db, struct arena *a, int64_t ticket_id,
				struct posting **out, int *n, struct error *e);
/* Postings due for delivery (pending, or a sending one whose lease ran out), oldest first. */
enum err_code store_postings_due(struct db *db, int64_t now, int max, int64_t *ids, int *n,
				 struct error *e);
/* Takes a due posting until now + lease, counting an attempt; false if another has it. */
bool store_posting_claim(struct db *db, int64_t id, int64_t now, int64_t lease);
/* Inside a transaction: records the remote document. */
enum err_code store_posting_posted(struct db *db, int64_t id, const char *remote_id,
				   const char *remote_number, const char *link, int64_t now,
				   struct error *e);
/* Back to pending until next_at with the error, or (give_up) failed with it. */
enum err_code store_posting_retry(struct db *db, int64_t id, int64_t next_at, const char *error,
				  bool give_up, int64_t now, struct error *e);
/* A failed posting to pending again, due now, its attempts counted afresh; false (no error)
 * when it is not failed. */
enum err_code store_posting_requeue(struct db *db, int64_t id, int64_t now, bool *done,
				    struct error *e);

#endif
