/* SQL for settings; see setting.h. */
#include "setting.h"

#include <string.h>

#include "../base/banned.h"

/* This file's static SQL, prepared when a connection opens (db.h, struct db_sql_table). */
enum { SETTING_GET, SETTING_PUT, SETTING__MAX };
static const char *const setting_sql[SETTING__MAX] = {
    [SETTING_GET] = "SELECT value FROM settings WHERE key = $1",
    [SETTING_PUT] = "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT "
		    "(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
};
const struct db_sql_table store_setting_sql = {"setting", setting_sql, SETTING__MAX, NULL};

/* The settings a write transaction read (db_tx_epoch): a ticket's creation reads two
 * (workflow, whatsapp), each a round trip on the writers' connection, which the rest of its
 * group then need not make.  Kept by the thread that leads the group, which alone uses the
 * connection meanwhile, in a buffer of its own (nothing to free when the thread ends); a
 * setting too long for what is left of it is read each time. */
#define MEMO_MAX   8
#define MEMO_BYTES 4096

static _Thread_local struct {
	struct db *db;
	uint64_t epoch;
	int n;
	size_t used;
	struct {
		const char *key, *value; /* in buf; value NULL: no such setting */
	} e[MEMO_MAX];
	char buf[MEMO_BYTES];
} memo;

static const char *memo_find(struct db *db, uint64_t epoch, const char *key, bool *found)
{
	*found = false;
	if (memo.db != db || memo.epoch != epoch) {
		memo.n = 0;
		memo.used = 0;
		memo.db = db;
		memo.epoch = epoch;
		return NULL;
	}
	for (int i = 0; i < memo.n; i++)
		if (!strcmp(memo.e[i].key, key)) {
			*found = true;
			return memo.e[i].value;
		}
	return NULL;
}

static const char *memo_copy(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = memo.buf + memo.used;

	if (n > MEMO_BYTES - memo.used)
		return NULL;
	memcpy(p, s, n);
	memo.used += n;
	return p;
}

static void memo_keep(const char *key, const char *value)
{
	size_t used = memo.used;
	const char *k, *v = NULL;

	if (memo.n == MEMO_MAX || !(k = memo_copy(key)) || (value && !(v = memo_copy(value)))) {
		memo.used = used;
		return;
	}
	memo.e[memo.n].key = k;
	memo.e[memo.n++].value = v;
}

enum err_code store_setting_get(struct db *db, struct arena *a, const char *key, const char **value,
				struct error *e)
{
	uint64_t epoch = db_tx_epoch(db);
	bool found = false;
	const char *kept = epoch ? memo_find(db, epoch, key, &found) : NULL;
	struct db_stmt *st;
	int rc;

	*value = NULL;
	if (found) {
		*value = kept ? arena_strdup(a, kept) : NULL;
		return ERR_OK;
	}
	st = db_q(db, setting_sql[SETTING_GET], "t", key);
	if (!st)
		return err_set(e, ERR_INTERNAL, NULL, "the database failed");
	rc = db_step(st);
	if (rc == DB_ROW)
		*value = arena_strdup(a, db_text(st, 0));
	db_done(st);
	if (epoch && (rc == DB_ROW || rc == DB_DONE))
		memo_keep(key, *value);
	return rc == DB_ROW || rc == DB_DONE
		   ? ERR_OK
		   : err_set(e, ERR_INTERNAL, NULL, "the database failed");
}

enum err_code store_setting_put(struct db *db, const char *key, const char *value, int64_t now,
				struct error *e)
{
	db_forget(db); /* the memo of settings read in this transaction (db_tx_epoch) */
	if (db_x(db, setting_sql[SETTING_PUT], "tti", key, value, now) != DB_DONE)
		return err_set(e, ERR_INTERNAL, NULL, "the database failed; nothing was changed");
	return ERR_OK;
}
