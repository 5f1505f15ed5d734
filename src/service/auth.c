/* Accounts, sign-in, sessions and API tokens; see service.h.  Passwords are hashed with
 * argon2id; session and API tokens are 32 random bytes shown once and stored as SHA-256. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "service.h"
#include "../base/clock.h"
#include "../base/cores.h"
#include "../base/log.h"
#include "../base/banned.h"

#define TOKEN_BYTES 32

/* Hex SHA-256 of a token, the form in which tokens are stored. */
static const char *token_hash(struct arena *a, const char *token)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char *hex = arena_alloc(a, sizeof(h) * 2 + 1);

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(hex, sizeof(h) * 2 + 1, h, sizeof(h));
	return hex;
}

static const char *token_new(struct arena *a, const char *prefix)
{
	unsigned char raw[TOKEN_BYTES];
	size_t len =
	    sodium_base64_ENCODED_LEN(TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *b64 = arena_alloc(a, len);

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(b64, len, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return arena_printf(a, "%s%s", prefix, b64);
}

/* Password hashing is slow and takes 64 MiB on purpose (argon2id, interactive limits).
 * Sign-ins run on the write threads, four per core, so at most one hash per core runs at a
 * time: the others wait their turn instead of taking the memory of four. */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	int running, max;
} hashing = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};

static void hash_turn_take(void)
{
	pthread_mutex_lock(&hashing.lock);
	if (!hashing.max)
		hashing.max = cores_online();
	while (hashing.running >= hashing.max)
		pthread_cond_wait(&hashing.freed, &hashing.lock);
	hashing.running++;
	pthread_mutex_unlock(&hashing.lock);
}

static void hash_turn_give(void)
{
	pthread_mutex_lock(&hashing.lock);
	hashing.running--;
	pthread_cond_signal(&hashing.freed);
	pthread_mutex_unlock(&hashing.lock);
}

/* Hashes password into out (crypto_pwhash_STRBYTES); false when out of memory. */
static bool password_hash(char *out, const char *password)
{
	hash_turn_take();
	bool ok =
	    crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
	hash_turn_give();
	return ok;
}

static bool password_matches(const char *hash, const char *password)
{
	hash_turn_take();
	bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	hash_turn_give();
	return ok;
}

/* A hash to verify against when the account does not exist, so that a wrong email costs
 * the same time as a wrong password. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_init(void)
{
	if (!password_hash(dummy_hash, "not a password"))
		dummy_hash[0] = '\0';
}

static const char *lower(struct arena *a, const char *s)
{
	char *p = arena_strdup(a, s);

	for (char *q = p; *q; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q - 'A' + 'a');
	return p;
}

/* Seconds until the oldest failure in the window expires, roughly: the window itself. */
static enum err_code limited(struct ctx *c, const char *what)
{
	err_set(c->e, ERR_RATE_LIMITED, NULL,
		"too many failed sign-ins for this %s; try again in %d minutes", what,
		LOGIN_WINDOW / 60);
	c->e->retry_after = LOGIN_WINDOW;
	return ERR_RATE_LIMITED;
}

struct attempt {
	const char *acct_key, *addr_key;
	int64_t now;
	int acct_tries, addr_tries;
};

/* Both counts in one change: counted apart, two guesses sent at once could each come
 * first on one count and later on the other, and the limit would then let fewer through
 * than it says (4 of 40 instead of 5). */
static enum err_code count_attempt_tx(struct ctx *c, void *arg)
{
	struct attempt *at = arg;
	struct db *db = svc_db(c);

	at->acct_tries = store_login_attempt(db, at->acct_key, at->now, LOGIN_WINDOW);
	at->addr_tries = store_login_attempt(db, at->addr_key, at->now, LOGIN_WINDOW);
	return ERR_OK;
}

enum err_code svc_auth_login(struct ctx *c, const char *email, const char *password,
			     const char *client, const char **token, struct user *out)
{
	struct db *db = svc_db(c);
	int64_t now = clock_now();
	const char *acct_key = arena_printf(c->a, "account:%s", lower(c->a, email));
	const char *addr_key = arena_printf(c->a, "address:%s", client ? client : "?");
	const char *hash = NULL;
	enum err_code rc;

	if (!db)
		return err_set(c->e, ERR_UNAVAILABLE, NULL, "the database is unavailable");
	/* Each attempt is counted before its password is checked: checking first and counting
	 * after let guesses sent at once all pass the check of a count that none had raised
	 * yet (40 parallel guesses, 12 checked against a limit of 5). */
	struct attempt at = {acct_key, addr_key, now, 0, 0};

	rc = svc_tx(c, count_attempt_tx, &at);
	if (rc)
		return rc;
	if (at.acct_tries > LOGIN_MAX_PER_ACCOUNT)
		return limited(c, "account");
	if (at.addr_tries > LOGIN_MAX_PER_ADDRESS)
		return limited(c, "address");

	rc = store_user_by_email(db, c->a, email, out, &hash, c->e);
	if (rc && rc != ERR_NOT_FOUND)
		return rc;
	bool ok;

	if (rc == ERR_NOT_FOUND || !hash || !out->active) {
		pthread_once(&dummy_once, dummy_init);
		/* The result is thrown away: this only spends the time a real check takes. */
		if (dummy_hash[0] && password_matches(dummy_hash, password))
			log_debug("auth: the dummy hash matched");
		ok = false;
	} else {
		ok = password_matches(hash, password);
	}
	if (!ok)
		return err_set(c->e, ERR_UNAUTHORIZED, NULL, "wrong email or password");
	/* A sign-in that works wipes its account's count and gives its address's attempt
	 * back: only failures lock an address out. */
	store_login_failures_clear(db, acct_key);
	store_login_attempt_undo(db, addr_key);
	int64_t idle, absolute;

	rc = svc_session_limits(c, &idle, &absolute);
	if (rc)
		return rc;
	*token = token_new(c->a, "");
	return store_session_insert(db, token_hash(c->a, *token), out->id, now,
				    now + (idle < absolute ? idle : absolute), now + absolute,
				    c->e);
}

bool svc_password_hash(char *out, const char *password)
{
	return password_hash(out, password);
}

bool svc_password_check(const char *hash, const char *password)
{
	if (!hash) {
		pthread_once(&dummy_once, dummy_init);
		if (dummy_hash[0] && password_matches(dummy_hash, password))
			log_debug("auth: the dummy hash matched");
		return false;
	}
	return password_matches(hash, password);
}

enum err_code svc_session_limits(struct ctx *c, int64_t *idle, int64_t *absolute)
{
	struct workflow_settings w;
	enum err_code rc = svc_workflow_settings(c, &w);

	*idle = rc ? SESSION_IDLE_DEFAULT : (int64_t)w.session_idle_hours * 3600;
	*absolute = rc ? SESSION_MAX_DEFAULT : (int64_t)w.session_max_days * 86400;
	return rc;
}

/* The session this thread signed in with that is due to slide (svc_auth_session). */
static _Thread_local char touch_due[crypto_hash_sha256_BYTES * 2 + 1];

static enum err_code touch_tx(struct ctx *c, void *arg)
{
	int64_t *idle = arg;

	return store_session_touch(svc_db(c), touch_due, clock_now(), *idle, c->e);
}

void svc_session_touch_pending(struct ctx *c)
{
	int64_t idle, absolute;

	if (!touch_due[0])
		return;
	if (svc_session_limits(c, &idle, &absolute) || svc_tx(c, touch_tx, &idle))
		log_warn("auth: a session could not be extended: %s", c->e->message);
	touch_due[0] = '\0';
}

enum err_code svc_auth_logout(struct ctx *c, const char *token)
{
	struct db *db = svc_db(c);

	if (!db)
		return err_set(c->e, ERR_UNAVAILABLE, NULL, "the database is unavailable");
	return store_session_delete(db, token_hash(c->a, token), c->e);
}

static enum err_code unauthorized(struct ctx *c, enum err_code rc, const char *what)
{
	if (rc == ERR_NOT_FOUND)
		return err_set(c->e, ERR_UNAUTHORIZED, NULL, "%s is not valid; sign in again",
			       what);
	return rc;
}

/* Sign-ins remembered for a few seconds, per thread (no lock): every request but the
 * sign-in itself looks its session or token up, and that query was a tenth of reading a
 * ticket (bench/run.sh, perf).  An entry is good while nothing was written to users,
 * sessions or tokens in this process since (store_users_generation(): a sign-out, a new
 * password or a user's change is seen at once), for AUTH_CACHE_TTL seconds at most (what
 * another process sharing the database may change is seen that late: real seconds, on the
 * monotonic clock, whatever the test clock says), and never past the session's end (the
 * business clock, clock_now()). */
#define AUTH_CACHE     16
#define AUTH_CACHE_TTL 5

struct auth_entry {
	char hash[crypto_hash_sha256_BYTES * 2 + 1]; /* "" when free */
	bool session;
	uint64_t generation;
	int64_t until;	     /* the session's end (clock_now), or INT64_MAX for a token */
	int64_t seen;	     /* a session's last extension: read again once it is due */
	int64_t fresh_until; /* monotonic seconds */
	struct user u;
	char email[256], name[256];
};

static _Thread_local struct auth_entry auth_cache[AUTH_CACHE];
static _Thread_local unsigned auth_next;

static int64_t monotonic_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

static bool cached(struct ctx *c, const char *hash, bool session, struct user *out)
{
	uint64_t gen = store_users_generation();
	int64_t now = clock_now();

	for (int i = 0; i < AUTH_CACHE; i++) {
		struct auth_entry *en = &auth_cache[i];

		if (en->session != session || strcmp(en->hash, hash) != 0)
			continue;
		if (en->generation != gen || now >= en->until || monotonic_s() >= en->fresh_until ||
		    (session && now - en->seen >= SESSION_TOUCH_S)) {
			en->hash[0] = '\0';
			return false;
		}
		*out = en->u;
		out->email = arena_strdup(c->a, en->email);
		out->name = arena_strdup(c->a, en->name);
		return true;
	}
	return false;
}

static void remember(const char *hash, bool session, uint64_t gen, int64_t until, int64_t seen,
		     const struct user *u)
{
	struct auth_entry *en = &auth_cache[auth_next++ % AUTH_CACHE];

	if (strlen(u->email) >= sizeof(en->email) || strlen(u->name) >= sizeof(en->name))
		return;
	snprintf(en->hash, sizeof(en->hash), "%s", hash);
	en->session = session;
	en->generation = gen;
	en->until = until;
	en->seen = seen;
	en->fresh_until = monotonic_s() + AUTH_CACHE_TTL;
	en->u = *u;
	snprintf(en->email, sizeof(en->email), "%s", u->email);
	snprintf(en->name, sizeof(en->name), "%s", u->name);
	en->u.email = en->email;
	en->u.name = en->name;
}

enum err_code svc_auth_session(struct ctx *c, const char *token, struct user *out)
{
	const char *hash = token_hash(c->a, token);
	uint64_t gen = store_users_generation(); /* before the read: a write meanwhile wins */
	int64_t now = clock_now(), expires = 0, last_seen = 0;

	touch_due[0] = '\0';
	/* The cache first: a remembered sign-in borrows no connection (PostgreSQL's pool). */
	if (cached(c, hash, true, out))
		return ERR_OK;
	struct db *db = svc_db(c);

	if (!db)
		return err_set(c->e, ERR_UNAVAILABLE, NULL, "the database is unavailable");
	enum err_code rc = store_session_user(db, c->a, hash, now, out, &expires, &last_seen, c->e);

	if (rc == ERR_OK) {
		remember(hash, true, gen, expires, last_seen, out);
		/* Activity slides the session, written at most once a minute (and never here:
		 * a GET is inside a read transaction; svc_session_touch_pending writes it). */
		if (now - last_seen >= SESSION_TOUCH_S)
			snprintf(touch_due, sizeof(touch_due), "%s", hash);
	}
	return unauthorized(c, rc, "the session");
}

enum err_code svc_auth_bearer(struct ctx *c, const char *token, struct user *out)
{
	const char *hash = token_hash(c->a, token);
	uint64_t gen = store_users_generation();

	if (cached(c, hash, false, out))
		return ERR_OK;
	struct db *db = svc_db(c);

	if (!db)
		return err_set(c->e, ERR_UNAVAILABLE, NULL, "the database is unavailable");
	int64_t expires = INT64_MAX;
	enum err_code rc = store_token_user(db, c->a, hash, clock_now(), out, &expires, c->e);

	if (rc == ERR_OK)
		remember(hash, false, gen, expires, 0, out);
	return unauthorized(c, rc, "the API token");
}

enum err_code svc_user_add(struct ctx *c, const char *email, const char *name, const char *role,
			   const char *password, int64_t *id)
{
	char hash[crypto_pwhash_STRBYTES];
	int r = role_from_name(role);
	struct db *db = svc_db(c);

	if (c->who && c->who->role != ROLE_ADMIN)
		return err_set(c->e, ERR_FORBIDDEN, NULL, "only admins add users");
	if (!email || !strchr(email, '@') || strlen(email) > 254)
		return err_set(c->e, ERR_INVALID, "email", "a valid email address is required");
	if (!name || !*name || strlen(name) > 200)
		return err_set(c->e, ERR_INVALID, "name", "a name (up to 200 bytes) is required");
	if (r < 0)
		return err_set(c->e, ERR_INVALID, "role",
			       "role must be agent, manager, admin, developer or reporter");
	if (password && strlen(password) < 8)
		return err_set(c->e, ERR_INVALID, "password",
			       "the password must have at least 8 characters");
	if (password && !password_hash(hash, password))
		return err_set(c->e, ERR_INTERNAL, NULL,
			       "out of memory while hashing the password");
	if (!db)
		return err_set(c->e, ERR_UNAVAILABLE, NULL, "the database is unavailable");
	return store_user_insert(db, email, name, (enum role)r, password ? hash : NULL, clock_now(),
				 id, c->e);
}

enum err_code svc_token_create(struct ctx *c, const char *email, const char *name,
			       const char *scope, unsigned kinds, int64_t expires_at,
			       const char **token, struct api_token *out)
{
	static const char *const kind_lists[] = {"b2b", "b2c", "internal"};
	struct db *db = svc_db(c);
	struct user u;
	const char *hash;
	enum err_code rc;
	char list[64] = "";

	if (!db)
		return err_set(c->e, ERR_UNAVAILABLE, NULL, "the database is unavailable");
	if (!scope || (strcmp(scope, "read") && strcmp(scope, "write")))
		return err_set(c->e, ERR_INVALID, "scope", "scope is read or write");
	if (name && (!*name || strlen(name) > 100))
		return err_set(c->e, ERR_INVALID, "name", "a name of 1 to 100 bytes");
	if (expires_at && expires_at <= clock_now())
		return err_set(c->e, ERR_INVALID, "expires_at", "the expiry must be in the future");
	if (kinds & ~((1u << KIND__MAX) - 1))
		return err_set(c->e, ERR_INVALID, "kinds", "kinds are b2b, b2c and internal");
	if (email) {
		rc = store_user_by_email(db, c->a, email, &u, &hash, c->e);
		if (rc == ERR_NOT_FOUND)
			return err_set(c->e, ERR_INVALID, "email", "no user %s", email);
		if (rc)
			return rc;
		if (c->who && c->who->role != ROLE_ADMIN && c->who->id != u.id)
			return err_set(c->e, ERR_FORBIDDEN, NULL,
				       "only admins make tokens for someone else");
	} else if (c->who) {
		u = *c->who;
	} else {
		return err_set(c->e, ERR_INVALID, "email", "whose token: an email is needed");
	}
	for (int k = 0; k < KIND__MAX; k++)
		if (!kinds || (kinds & (1u << k)))
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 list[0] ? "," : "", kind_lists[k]);
	memset(out, 0, sizeof(*out));
	out->user_id = u.id;
	out->user_email = u.email;
	out->name = name ? name : "api";
	out->scope = scope;
	out->kinds = arena_strdup(c->a, list);
	out->created_at = clock_now();
	out->expires_at = expires_at;
	*token = token_new(c->a, "tkd_");
	return store_token_insert(db, token_hash(c->a, *token), out, &out->id, c->e);
}

enum err_code svc_tokens(struct ctx *c, bool all, struct api_token **out, int *n)
{
	if (all && c->who->role != ROLE_ADMIN)
		return err_set(c->e, ERR_FORBIDDEN, "all", "only admins list everyone's tokens");
	return store_tokens_of(svc_db(c), c->a, all ? 0 : c->who->id, 500, out, n, c->e);
}

static enum err_code revoke_tx(struct ctx *c, void *arg)
{
	struct api_token *t = arg;
	enum err_code rc = store_token_get(svc_db(c), c->a, t->id, t, c->e);

	if (rc == ERR_OK && c->who->role != ROLE_ADMIN && t->user_id != c->who->id)
		rc = err_set(c->e, ERR_NOT_FOUND, NULL, "no API token %lld", (long long)t->id);
	if (rc || t->revoked_at)
		return rc;
	rc = store_token_revoke(svc_db(c), t->id, clock_now(), c->e);
	if (!rc)
		t->revoked_at = clock_now();
	return rc;
}

enum err_code svc_token_revoke(struct ctx *c, int64_t id, struct api_token *out)
{
	memset(out, 0, sizeof(*out));
	out->id = id;
	return svc_tx(c, revoke_tx, out);
}

enum err_code svc_user_get(struct ctx *c, int64_t id, struct user *out)
{
	return store_user_get(svc_db(c), c->a, id, out, c->e);
}

enum err_code svc_users(struct ctx *c, int (*fn)(void *arg, const struct user *u), void *arg)
{
	return store_user_each(svc_db(c), c->a, fn, arg, c->e);
}

int svc_schema_version(struct store *s)
{
	return store_schema_version(s);
}
