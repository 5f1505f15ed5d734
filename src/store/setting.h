/* Business settings: one text value (JSON) per key, edited through the API. */
#ifndef TICKETD_STORE_SETTING_H
#define TICKETD_STORE_SETTING_H

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

/* *value is NULL (and ERR_OK) when the key has never been set. */
enum err_code store_setting_get(struct db *db, struct arena *a, const char *key, const char **value,
				struct error *e);
enum err_code store_setting_put(struct db *db, const char *key, const char *value, int64_t now,
				struct error *e);

/* setting.c's static SQL (db.h, struct db_sql_table). */
extern const struct db_sql_table store_setting_sql;

#endif
