/* Idempotency keys; see idempotency.h. */
#include "idempotency.h"

#include <sodium.h>
#include <string.h>

#include "../base/clock.h"
#include "../base/banned.h"

static enum err_code check_key(struct ctx *c, const char *key)
{
	size_t n = strlen(key);

	if (!n)
		return err_set(c->e, ERR_BAD_REQUEST, "Idempotency-Key",
			       "the Idempotency-Key header is empty");
	if (n > IDEMPOTENCY_KEY_MAX)
		return err_set(c->e, ERR_BAD_REQUEST, "Idempotency-Key",
			       "the Idempotency-Key header is %zu characters long; at most %d", n,
			       IDEMPOTENCY_KEY_MAX);
	for (const char *p = key; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return err_set(c->e, ERR_BAD_REQUEST, "Idempotency-Key",
				       "the Idempotency-Key header may hold printable ASCII "
				       "characters only");
	return ERR_OK;
}

/* SHA-256 of the pieces, each preceded by its length (so that moving bytes from one piece
 * to the next is another request), in hex. */
static const char *pieces_hash(struct arena *a, const struct idempotency_piece *pieces, int n)
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	char *hex = arena_alloc(a, sizeof(h) * 2 + 1);

	crypto_hash_sha256_init(&st);
	for (int i = 0; i < n; i++) {
		unsigned char len[8];
		uint64_t l = pieces[i].len;

		for (int b = 0; b < 8; b++)
			len[b] = (unsigned char)(l >> (8 * b));
		crypto_hash_sha256_update(&st, len, sizeof(len));
		if (pieces[i].len)
			crypto_hash_sha256_update(&st, pieces[i].data, pieces[i].len);
	}
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(hex, sizeof(h) * 2 + 1, h, sizeof(h));
	return hex;
}

struct begin {
	struct idempotency_row want;
	enum idempotency_outcome outcome;
	struct idempotency_row *row;
};

static enum err_code begin_tx(struct ctx *c, void *arg)
{
	struct begin *b = arg;
	struct db *db = svc_db(c);
	int64_t id;
	bool taken;
	/* A key past its day is gone, whether the sweep has come by or not. */
	enum err_code rc = store_idempotency_expire(db, b->want.user_id, b->want.key,
						    b->want.created_at - IDEMPOTENCY_TTL, c->e);

	if (rc || (rc = store_idempotency_claim(db, &b->want, &id, c->e)))
		return rc;
	if (id) {
		*b->row = b->want;
		b->row->id = id;
		b->outcome = IDEMPOTENCY_RUN;
		return ERR_OK;
	}
	if ((rc = store_idempotency_get(db, c->a, b->want.user_id, b->want.key, b->row, c->e))) {
		/* Swept between the two statements: as good as claimed by nobody. */
		return rc == ERR_NOT_FOUND
			   ? err_set(c->e, ERR_UNAVAILABLE, NULL,
				     "the Idempotency-Key was being swept; send the request again")
			   : rc;
	}
	const struct idempotency_row *r = b->row;

	if (strcmp(r->method, b->want.method) || strcmp(r->path, b->want.path) ||
	    strcmp(r->body_hash, b->want.body_hash))
		b->outcome = IDEMPOTENCY_MISMATCH;
	else if (r->status)
		b->outcome = IDEMPOTENCY_REPLAY;
	else if (r->claimed_at + IDEMPOTENCY_LEASE > b->want.claimed_at)
		b->outcome = IDEMPOTENCY_BUSY;
	else if (r->committed)
		b->outcome = IDEMPOTENCY_LOST;
	else {
		/* Its request died before it committed anything: this one takes the claim. */
		if ((rc = store_idempotency_retake(db, r->id, r->claimed_at, b->want.claimed_at,
						   &taken, c->e)))
			return rc;
		b->outcome = taken ? IDEMPOTENCY_RUN : IDEMPOTENCY_BUSY;
	}
	return ERR_OK;
}

enum err_code svc_idempotency_begin(struct ctx *c, const char *scope, const char *key,
				    const char *method, const char *path,
				    const struct idempotency_piece *pieces, int npieces,
				    enum idempotency_outcome *outcome, struct idempotency_row *row)
{
	int64_t now = clock_now();
	struct ctx plain = *c;
	enum err_code rc;

	if ((rc = check_key(c, key)))
		return rc;
	struct begin b = {.want = {.user_id = scope ? 0 : svc_actor_id(c),
				   .key = scope ? arena_printf(c->a, "%s %s", scope, key) : key,
				   .method = method,
				   .path = path,
				   .body_hash = pieces_hash(c->a, pieces, npieces),
				   .created_at = now,
				   .claimed_at = now},
			  .row = row};

	memset(row, 0, sizeof(*row));
	plain.idem = 0; /* the claim is no change of the request's */
	if ((rc = svc_tx(&plain, begin_tx, &b)))
		return rc;
	*outcome = b.outcome;
	return ERR_OK;
}

struct finish {
	int64_t id;
	int status;
	const char *content_type, *location, *body;
};

static enum err_code finish_tx(struct ctx *c, void *arg)
{
	struct finish *f = arg;
	struct db *db = svc_db(c);
	bool released = false;
	enum err_code rc;

	if (f->status >= 500 && (rc = store_idempotency_release(db, f->id, &released, c->e)))
		return rc;
	if (released)
		return ERR_OK;
	return store_idempotency_answer(db, f->id, f->status, f->content_type, f->location, f->body,
					c->e);
}

enum err_code svc_idempotency_finish(struct ctx *c, int64_t id, int status,
				     const char *content_type, const char *location,
				     const char *body)
{
	struct finish f = {id, status, content_type, location, body};
	struct ctx plain = *c;

	plain.idem = 0;
	return svc_tx(&plain, finish_tx, &f);
}

struct sweep {
	int64_t before;
	int n;
};

static enum err_code sweep_tx(struct ctx *c, void *arg)
{
	struct sweep *s = arg;

	return store_idempotency_sweep(svc_db(c), s->before, &s->n, c->e);
}

enum err_code svc_idempotency_sweep(struct ctx *c, int *n)
{
	struct sweep s = {clock_now() - IDEMPOTENCY_TTL, 0};
	struct ctx plain = *c;
	enum err_code rc;

	plain.idem = 0;
	rc = svc_tx(&plain, sweep_tx, &s);
	*n = s.n;
	return rc;
}
