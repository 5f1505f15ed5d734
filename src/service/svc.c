/* Transactions for the use cases; see service.h. */
#include "service.h"

#include "../base/banned.h"

struct db *svc_db(struct ctx *c)
{
	return store_db(c->store);
}

enum err_code svc_tx(struct ctx *c, enum err_code (*fn)(struct ctx *c, void *arg), void *arg)
{
	struct db *db = svc_db(c);
	enum err_code rc;

	if (!db || db_begin(db) != DB_OK)
		return err_set(c->e, ERR_UNAVAILABLE, NULL,
			       "the database is busy or unavailable; nothing was changed");
	rc = fn(c, arg);
	if (rc != ERR_OK) {
		db_rollback(db);
		return rc;
	}
	if (db_commit(db) != DB_OK) {
		db_rollback(db);
		return err_set(c->e, ERR_UNAVAILABLE, NULL,
			       "the change could not be saved; nothing was changed");
	}
	return ERR_OK;
}
