/* Idempotency-Key (issue 16): a request that may change data, sent with the header, is
 * carried out once per (caller, key); a retry is answered with the first answer.
 *
 * The key is claimed (a unique row) before the handler runs, in a transaction of its own, so
 * a second request with the key, in this process or another on the same database, finds
 * it: answered (replayed), running (409, try again), or made for another request (422).
 * Every change the request commits marks the key in the change's own transaction (svc_tx,
 * through ctx.idem), so a claim whose process died is known to have changed something or
 * not: after IDEMPOTENCY_LEASE seconds one that changed nothing is taken over and run
 * again, one that did is answered 409 ("done, answer lost") and never run twice.  The
 * answer is written when the handler is done; an answer of the server's failure (5xx) of a
 * request that committed nothing is not kept, the claim is deleted, so a retry runs. */
#ifndef TICKETD_SERVICE_IDEMPOTENCY_H
#define TICKETD_SERVICE_IDEMPOTENCY_H

#include <stddef.h>

#include "service.h"
#include "../store/idempotency.h"

#define IDEMPOTENCY_KEY_MAX	255	    /* characters of a key */
#define IDEMPOTENCY_LEASE	120	    /* seconds a claim holds without an answer */
#define IDEMPOTENCY_TTL		(24 * 3600) /* seconds a key is kept */
#define IDEMPOTENCY_RETRY_AFTER 1	    /* seconds, for a retry while the first runs */

/* A piece of what identifies the request's body (the whole body, or each part of a
 * multipart form: its name, file name, type and bytes, so that a form sent again with a
 * new boundary is the same request). */
struct idempotency_piece {
	const void *data;
	size_t len;
};

enum idempotency_outcome {
	IDEMPOTENCY_RUN,      /* claimed: run the request, then svc_idempotency_finish */
	IDEMPOTENCY_REPLAY,   /* answered before: row holds the answer */
	IDEMPOTENCY_BUSY,     /* the first request with the key is still running */
	IDEMPOTENCY_MISMATCH, /* the key was used for another request (method, path or body) */
	IDEMPOTENCY_LOST,     /* done, but its process died before the answer was kept */
	IDEMPOTENCY__MAX
};

/* Checks the key (1 to IDEMPOTENCY_KEY_MAX printable ASCII characters, else 400 naming the
 * Idempotency-Key header) and claims it for the caller's request; *outcome says what to do,
 * with the key's row in *row (row->id is the claim's for IDEMPOTENCY_RUN).  The caller is
 * the actor (a staff user), or, with scope, whoever scope names (a portal customer or
 * contact, who is no user: their keys are kept under user 0, prefixed by the scope). */
enum err_code svc_idempotency_begin(struct ctx *c, const char *scope, const char *key,
				    const char *method, const char *path,
				    const struct idempotency_piece *pieces, int npieces,
				    enum idempotency_outcome *outcome, struct idempotency_row *row);
/* Keeps the answer of the claimed request id, or, for a failure of the server (status >= 500)
 * of a request that committed nothing, deletes the claim so that a retry runs it.  The
 * texts may be NULL (an answer not to keep, such as a secret shown once). */
enum err_code svc_idempotency_finish(struct ctx *c, int64_t id, int status,
				     const char *content_type, const char *location,
				     const char *body);
/* Deletes the keys older than IDEMPOTENCY_TTL; *n of them. */
enum err_code svc_idempotency_sweep(struct ctx *c, int *n);

#endif
