/* Transactions for the use cases; see service.h. */
#include <ctype.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include "service.h"
#include "../base/clock.h"
#include "../domain/policy.h"
#include "../store/idempotency.h"

#include "../base/banned.h"

struct db *svc_db(struct ctx *c)
{
	return store_db(c->store);
}

bool svc_connect(struct store *s)
{
	return store_db(s) != NULL;
}

bool svc_read_begin(struct store *s)
{
	return store_read_begin(s);
}

void svc_read_end(struct store *s)
{
	store_read_end(s);
}

void svc_release(struct store *s)
{
	store_release(s);
}

int64_t svc_actor_id(struct ctx *c)
{
	return c->who ? c->who->id : 0;
}

const char *svc_trimmed(struct arena *a, const char *s)
{
	if (!s)
		return NULL;
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);

	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return arena_strndup(a, s, n);
}

bool svc_staff(struct ctx *c)
{
	return !c->who || policy_can_work(c->who->role, KIND_B2B);
}

enum err_code svc_not_staff(struct ctx *c)
{
	return err_set(c->e, ERR_FORBIDDEN, NULL, "only support staff see this");
}

enum err_code svc_event(struct ctx *c, int64_t ticket, const char *type, const char *field,
			const char *old_value, const char *new_value, const char *note)
{
	struct ticket_event ev = {.at = clock_now(),
				  .actor_id = svc_actor_id(c),
				  .type = type,
				  .field = field,
				  .old_value = old_value,
				  .new_value = new_value,
				  .note = note};

	return store_event_add(svc_db(c), &ev, ticket, c->e);
}

/* Writing transactions are committed in groups (group commit, by flat combining).  The
 * database takes one writer at a time; a thread that wants to write while another one is
 * writing queues its change, and the next thread to take the turn runs every queued change
 * in one transaction, each inside a savepoint of its own, and commits once.  A change that
 * fails is rolled back to its savepoint alone; the others are committed.  Nearly every page
 * a ticket's creation writes (the end of each index in time order, the counters, the text
 * index's new segment, the audit table) is shared by the changes of a group, so the WAL and
 * its checkpoints write each of them once per group instead of once per change.  Every
 * caller still returns only after its change is committed (or refused), exactly as alone.
 *
 * The change runs on the thread that leads the group, on the writers' connection (svc_db()
 * while the turn to write is held: store_db) and with the caller's context, whose thread
 * waits meanwhile.  Should the transaction itself fail (a savepoint that cannot be
 * released, a commit that fails), everything is rolled back and each change of the group
 * runs again alone. */
#define GROUP_MAX 32

struct change {
	struct ctx *c;
	enum err_code (*fn)(struct ctx *c, void *arg);
	void *arg;
	enum err_code rc;
	bool done;
	struct change *next;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t done;
	struct change *head, **tail;
	bool leading; /* a thread is running a group */
} group = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, &group.head, false};

static _Thread_local bool in_group; /* this thread runs a group: nested calls run inline */

static enum err_code unavailable(struct ctx *c)
{
	return err_set(c->e, ERR_UNAVAILABLE, NULL,
		       "the database is busy or unavailable; nothing was changed");
}

/* One change in a transaction of its own, run again (up to RETRIES times in all) when it
 * failed only because of another process's transaction: a deadlock or serialization
 * failure on PostgreSQL (db_retry). */
#define RETRIES 3

static void run_once(struct db *db, struct change *ch);

/* The change, and when it comes from a request with an Idempotency-Key, the key's mark that
 * the request committed a change, in the same transaction: a key is never without the mark
 * once its change is kept, nor marked when the change is rolled back (idempotency.c). */
static enum err_code run_change(struct db *db, struct change *ch)
{
	enum err_code rc = ch->fn(ch->c, ch->arg);

	if (rc == ERR_OK && ch->c->idem)
		rc = store_idempotency_committed(db, ch->c->idem, ch->c->e);
	return rc;
}

static void run_alone(struct db *db, struct change *ch)
{
	for (int i = 0; i < RETRIES; i++) {
		run_once(db, ch);
		if (ch->rc == ERR_OK || !db_retry(db))
			return;
	}
}

static void run_once(struct db *db, struct change *ch)
{
	err_clear(ch->c->e);
	db_revive(db); /* a connection the server dropped is opened again (PostgreSQL) */
	if (db_begin(db) != DB_OK) {
		ch->rc = unavailable(ch->c);
		return;
	}
	ch->rc = run_change(db, ch);
	if (ch->rc != ERR_OK) {
		db_rollback(db);
	} else if (db_commit(db) != DB_OK) {
		db_rollback(db);
		ch->rc = err_set(ch->c->e, ERR_UNAVAILABLE, NULL,
				 "the change could not be saved; nothing was changed");
	}
}

/* Several changes in one transaction; false when the transaction itself failed (then
 * nothing of the group is kept). */
static bool run_group(struct db *db, struct change *first, int n)
{
	const struct db_ops *ops = db_ops_of(db);
	struct change *ch = first;
	/* On PostgreSQL each exec is a round trip on the one writers' connection, which the
	 * whole group waits on: one change's RELEASE and the next one's SAVEPOINT go in one
	 * message, and the last RELEASE is left to the COMMIT, which releases every
	 * savepoint (2n + 2 round trips for n changes' bookkeeping became n + 2). */
	bool joined = ops->dialect == DIALECT_POSTGRES;

	if (db_begin(db) != DB_OK)
		return false;
	if (ops->exec(db, "SAVEPOINT change") != DB_OK)
		goto failed;
	for (int i = 0; i < n; i++, ch = ch->next) {
		bool last = i == n - 1;

		ch->rc = run_change(db, ch);
		/* A deadlock or serialization failure with another process is no refusal of
		 * this change: the group is rolled back and each change runs again alone. */
		if (ch->rc != ERR_OK && db_retry(db))
			goto failed;
		if (ch->rc != ERR_OK && ops->exec(db, "ROLLBACK TO change") != DB_OK)
			goto failed;
		if (ch->rc != ERR_OK)
			db_forget(db); /* what the change wrote and read is gone */
		if (!joined) {
			if (ops->exec(db, "RELEASE change") != DB_OK ||
			    (!last && ops->exec(db, "SAVEPOINT change") != DB_OK))
				goto failed;
		} else if (!last && ops->exec(db, "RELEASE change; SAVEPOINT change") != DB_OK) {
			goto failed;
		}
	}
	if (db_commit(db) == DB_OK)
		return true;
failed:
	db_rollback(db);
	return false;
}

enum err_code svc_tx(struct ctx *c, enum err_code (*fn)(struct ctx *c, void *arg), void *arg)
{
	struct db *db = svc_db(c);
	struct change me = {c, fn, arg, ERR_OK, false, NULL};

	if (!db)
		return err_set(c->e, ERR_UNAVAILABLE, NULL,
			       "the database is unavailable; nothing was changed");
	if (in_group)
		return fn(c, arg);
	pthread_mutex_lock(&group.lock);
	*group.tail = &me;
	group.tail = &me.next;
	for (;;) {
		while (!me.done && group.leading)
			pthread_cond_wait(&group.done, &group.lock);
		if (me.done)
			break;
		/* This thread's turn: it takes the queue as it is (this change included). */
		struct change *first = group.head, *last = first;
		int n = 1;

		while (last->next && n < GROUP_MAX) {
			last = last->next;
			n++;
		}
		group.head = last->next;
		if (!group.head)
			group.tail = &group.head;
		last->next = NULL;
		group.leading = true;
		pthread_mutex_unlock(&group.lock);

		in_group = true;
		store_write_lock(c->store);
		db = svc_db(c); /* the writers' connection (store_db) */
		if (!db)
			for (struct change *p = first; p; p = p->next)
				p->rc = unavailable(p->c);
		else if (n == 1 || !run_group(db, first, n))
			for (struct change *p = first; p; p = p->next)
				run_alone(db, p);
		store_write_unlock(c->store);
		in_group = false;
		store_users_written(); /* after the commit: sign-ins cached meanwhile are stale */

		pthread_mutex_lock(&group.lock);
		for (struct change *p = first; p; p = p->next)
			p->done = true;
		group.leading = false;
		pthread_cond_broadcast(&group.done);
	}
	pthread_mutex_unlock(&group.lock);
	return me.rc;
}

enum err_code svc_tx_alone(struct ctx *c, enum err_code (*fn)(struct ctx *c, void *arg), void *arg)
{
	struct change me = {c, fn, arg, ERR_OK, false, NULL};
	struct db *db;

	if (in_group || store_dialect(c->store) == DIALECT_SQLITE)
		return svc_tx(c, fn, arg);
	if (!(db = svc_db(c))) /* this thread's own connection: no turn to write is held */
		return unavailable(c);
	run_alone(db, &me);
	return me.rc;
}

uint64_t svc_db_time_ns(void)
{
	return db_thread_ns();
}
