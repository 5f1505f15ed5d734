/* SQL for settings; see setting.h. */
#include "setting.h"

#include "../base/banned.h"

/* This file's static SQL, prepared when a connection opens (db.h, struct db_sql_table). */
enum { SETTING_GET, SETTING_PUT, SETTING__MAX };
static const char *const setting_sql[SETTING__MAX] = {
    [SETTING_GET] = "SELECT value FROM settings WHERE key = $1",
    [SETTING_PUT] = "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT "
		    "(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
};
const struct db_sql_table store_setting_sql = {"setting", setting_sql, SETTING__MAX, NULL};

enum err_code store_setting_get(struct db *db, struct arena *a, const char *key, const char **value,
				struct error *e)
{
	struct db_stmt *st = db_q(db, setting_sql[SETTING_GET], "t", key);
	int rc;

	*value = NULL;
	if (!st)
		return err_set(e, ERR_INTERNAL, NULL, "the database failed");
	rc = db_step(st);
	if (rc == DB_ROW)
		*value = arena_strdup(a, db_text(st, 0));
	db_done(st);
	return rc == DB_ROW || rc == DB_DONE
		   ? ERR_OK
		   : err_set(e, ERR_INTERNAL, NULL, "the database failed");
}

enum err_code store_setting_put(struct db *db, const char *key, const char *value, int64_t now,
				struct error *e)
{
	if (db_x(db, setting_sql[SETTING_PUT], "tti", key, value, now) != DB_DONE)
		return err_set(e, ERR_INTERNAL, NULL, "the database failed; nothing was changed");
	return ERR_OK;
}
