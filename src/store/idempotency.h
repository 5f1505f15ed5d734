/* Idempotency keys (issue 16): the first answer to a request that changes data, kept per
 * (caller, Idempotency-Key) so that a retry is answered with it instead of running again.
 * A row is claimed before its request runs (status 0), marked committed inside the first
 * transaction the request commits, and given its answer when the request is done. */
#ifndef TICKETD_STORE_IDEMPOTENCY_H
#define TICKETD_STORE_IDEMPOTENCY_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

struct idempotency_row {
	int64_t id, user_id;
	const char *key, *method, *path, *body_hash;
	int64_t created_at, claimed_at;
	bool committed;				    /* a change of the request was committed */
	int status;				    /* 0: no answer yet (running, or died) */
	const char *content_type, *location, *body; /* NULL when none */
};

/* Claims (row->user_id, row->key) for a request (method, path, body_hash, created_at and
 * claimed_at of row); *id is the new row's, or 0 when the key was already claimed. */
enum err_code store_idempotency_claim(struct db *db, const struct idempotency_row *row, int64_t *id,
				      struct error *e);
/* The row of (user, key) into arena a; ERR_NOT_FOUND when there is none. */
enum err_code store_idempotency_get(struct db *db, struct arena *a, int64_t user, const char *key,
				    struct idempotency_row *out, struct error *e);
/* Takes over a claim whose request died without committing anything: claimed_at becomes
 * now if it still is was (and nothing was committed nor answered); *taken says whether. */
enum err_code store_idempotency_retake(struct db *db, int64_t id, int64_t was, int64_t now,
				       bool *taken, struct error *e);
/* Marks the row's request as having committed a change (in that change's transaction). */
enum err_code store_idempotency_committed(struct db *db, int64_t id, struct error *e);
/* Keeps the answer (status > 0; the texts may be NULL). */
enum err_code store_idempotency_answer(struct db *db, int64_t id, int status,
				       const char *content_type, const char *location,
				       const char *body, struct error *e);
/* Deletes the claim if its request committed nothing; *released says whether it did. */
enum err_code store_idempotency_release(struct db *db, int64_t id, bool *released, struct error *e);
/* Deletes the row of (user, key) if it was created before `before`. */
enum err_code store_idempotency_expire(struct db *db, int64_t user, const char *key, int64_t before,
				       struct error *e);
/* Deletes the rows created before `before`; *n of them. */
enum err_code store_idempotency_sweep(struct db *db, int64_t before, int *n, struct error *e);

extern const struct db_sql_table store_idempotency_sql;

#endif
