/* store_backup; see backup.h. */
#include "backup.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/banned.h"

enum { BACKUP_SHAS, BACKUP__MAX };
static const char *const backup_sql[BACKUP__MAX] = {
    [BACKUP_SHAS] = "SELECT DISTINCT sha256 FROM attachments ORDER BY sha256",
};
const struct db_sql_table store_backup_sql = {"backup", backup_sql, BACKUP__MAX};

struct sha_list {
	struct arena *a;
	struct backup_result *out;
	bool failed;
};

static void list_shas(void *arg, struct db *db)
{
	struct sha_list *l = arg;
	struct db_stmt *st = db_q(db, backup_sql[BACKUP_SHAS], "");
	int cap = 0, rc;

	if (!st) {
		l->failed = true;
		return;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		if (l->out->nshas == cap) {
			cap = cap ? cap * 2 : 256;
			const char **v = arena_alloc(l->a, sizeof(*v) * (size_t)cap);

			if (l->out->nshas)
				memcpy(v, l->out->shas, sizeof(*v) * (size_t)l->out->nshas);
			l->out->shas = v;
		}
		l->out->shas[l->out->nshas++] = arena_strdup(l->a, db_text(st, 0));
	}
	db_done(st);
	l->failed = rc != DB_DONE;
}

enum err_code store_backup(struct store *s, struct arena *a, const char *dest,
			   struct backup_result *out, struct error *e)
{
	struct sha_list l = {a, out, false};
	struct stat sb;
	char why[300];
	struct db *db;

	memset(out, 0, sizeof(*out));
	if (store_dialect(s) != DIALECT_SQLITE)
		return err_set(e, ERR_INVALID, NULL,
			       "the database is PostgreSQL: back it up with pg_dump (see "
			       "docs/deploy.md, Backups); `ticketd backup` copies SQLite only");
	if (stat(dest, &sb) == 0 || errno != ENOENT)
		return err_set(e, ERR_CONFLICT, "file", "%s exists already; name a new file", dest);
	db = store_db(s);
	if (!db)
		return err_set(e, ERR_UNAVAILABLE, NULL, "the database cannot be opened");
	if (db_sqlite_backup(db, dest, BACKUP_PAGES_PER_STEP, list_shas, &l, why, sizeof(why)) !=
	    DB_OK) {
		unlink(dest);
		return err_set(e, ERR_INTERNAL, NULL, "backup: %s", why);
	}
	if (l.failed) {
		unlink(dest);
		return err_set(e, ERR_INTERNAL, NULL, "backup: cannot list the attachments");
	}
	return ERR_OK;
}
