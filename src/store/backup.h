/* `ticketd backup FILE`: a consistent copy of the SQLite database while ticketd serves it
 * (SQLite's online backup, a step at a time), with the names of the files its rows refer
 * to, read from the same snapshot.  PostgreSQL has its own tools (pg_dump): store_backup
 * refuses it and says so. */
#ifndef TICKETD_STORE_BACKUP_H
#define TICKETD_STORE_BACKUP_H

#include <stddef.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"
#include "store.h"

/* Pages copied per backup step (4 KiB each): between steps nothing of the source is held
 * but the read snapshot, which in WAL mode blocks no writer. */
#define BACKUP_PAGES_PER_STEP 256

struct backup_result {
	const char **shas; /* the SHA-256 names of every attachment in the copy, in arena a */
	int nshas;
};

/* Copies s's database into the new file dest (which must not exist).  ERR_INVALID on
 * PostgreSQL (use pg_dump), ERR_CONFLICT when dest exists, ERR_INTERNAL when the copy
 * failed (dest is then removed). */
enum err_code store_backup(struct store *s, struct arena *a, const char *dest,
			   struct backup_result *out, struct error *e);

/* The SQLite backend's part, in sqlite.c. */
int db_sqlite_backup(struct db *db, const char *dest, int pages_per_step,
		     void (*in_snapshot)(void *arg, struct db *db), void *arg, char *err,
		     size_t errlen);

/* backup.c's static SQL (db.h, struct db_sql_table). */
extern const struct db_sql_table store_backup_sql;

#endif
