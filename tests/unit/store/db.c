/* Unit tests for src/store/db.c's statement tables: every statement of a table is prepared
 * at start-up, and one that does not compile is named with its resource; SQLite's
 * connections then compile each as they use it.  And the writers' commits, whose disk
 * syncs db_sync makes after the turn to write. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cmocka.h>

#include "store/db.h"

static struct db *open_memory(void)
{
	struct db *db = NULL;
	char err[256];

	assert_int_equal(db_sqlite_ops.open(":memory:", &db, err, sizeof(err)), DB_OK);
	assert_int_equal(db_sqlite_ops.exec(db, "CREATE TABLE farms (farm_id TEXT PRIMARY KEY, "
						"name TEXT NOT NULL)"),
			 DB_OK);
	return db;
}

static const char *const good_sql[] = {
    "SELECT name FROM farms WHERE farm_id = $1",
    "INSERT INTO farms (farm_id, name) VALUES ($1, $2)",
};
static const struct db_sql_table good = {"farm", good_sql, 2, NULL};

static const char *const bad_sql[] = {
    "SELECT name FROM farms WHERE farm_id = $1",
    "SELECT nickname FROM farms WHERE farm_id = $1", /* no such column */
};
static const struct db_sql_table bad = {"farm", bad_sql, 2, NULL};

/* Inserts a farm with the table's statement and reads its name back with the other, each
 * found by its text (db_x, db_q). */
static void add_and_read_back(struct db *db, const char *id, const char *name)
{
	assert_int_equal(db_x(db, good_sql[1], "tt", id, name), DB_DONE);
	struct db_stmt *st = db_q(db, good_sql[0], "t", id);

	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_text(st, 0), name);
	db_done(st);
}

static void test_tables_prepared_and_used(void **state)
{
	const struct db_sql_table *tables[] = {&good};
	struct db *db = open_memory();
	char err[256] = "";

	(void)state;
	assert_int_equal(db_prepare_tables(db, tables, 1, err, sizeof(err)), DB_OK);
	/* The prepared statements are the ones db_q finds by their text. */
	add_and_read_back(db, "F-1", "Ooty Farms");
	db_sqlite_ops.close(db);
}

static void test_broken_statement_named(void **state)
{
	const struct db_sql_table *tables[] = {&good, &bad};
	struct db *db = open_memory();
	char err[256] = "";

	(void)state;
	assert_int_equal(db_prepare_tables(db, tables, 2, err, sizeof(err)), DB_ERROR);
	assert_non_null(strstr(err, "statement 1 of farm"));
	assert_non_null(strstr(err, "nickname"));
	db_sqlite_ops.close(db);
}

static void build_missing(void)
{
}

static const char *missing_sql[2] = {"SELECT 1", NULL};
static const struct db_sql_table missing = {"gap", missing_sql, 2, build_missing};

static void test_statement_without_text(void **state)
{
	const struct db_sql_table *tables[] = {&missing};
	struct db *db = open_memory();
	char err[256] = "";

	(void)state;
	assert_int_equal(db_prepare_tables(db, tables, 1, err, sizeof(err)), DB_ERROR);
	assert_non_null(strstr(err, "statement 1 of gap: no SQL"));
	db_sqlite_ops.close(db);
}

static const char *const records_sql[] = {
    "SELECT name FROM farms WHERE farm_id = $1",
    "INSERT INTO farms (farm_id, nickname) VALUES ($1, $2)", /* as on an ERP's view */
};
static const struct db_sql_table records = {"farm", records_sql, 2, NULL, true};
static const char *const records_bad_read[] = {"SELECT nickname FROM farms"};
static const struct db_sql_table records_read = {"farm", records_bad_read, 1, NULL, true};

/* The records may be views over the ERP's tables: a write of theirs that does not compile is
 * only a warning, a read still stops the start. */
static void test_records_writes_may_fail(void **state)
{
	const struct db_sql_table *ok[] = {&records}, *read[] = {&records_read};
	struct db *db = open_memory();
	char err[256] = "";

	(void)state;
	assert_int_equal(db_prepare_tables(db, ok, 1, err, sizeof(err)), DB_OK);
	assert_int_equal(db_prepare_tables(db, read, 1, err, sizeof(err)), DB_ERROR);
	assert_non_null(strstr(err, "statement 0 of farm"));
	db_sqlite_ops.close(db);
}

/* SQLite checks the tables on one connection and then drops them there (db_ops.forget):
 * each is compiled again when used, and one in use meanwhile still runs and is freed at
 * its done. */
static void test_forget_then_prepare_on_use(void **state)
{
	const struct db_sql_table *tables[] = {&good};
	struct db *db = open_memory();
	char err[256] = "";

	(void)state;
	assert_non_null(db_sqlite_ops.forget);
	assert_int_equal(db_prepare_tables(db, tables, 1, err, sizeof(err)), DB_OK);
	assert_int_equal(db_x(db, good_sql[1], "tt", "F-1", "Ooty Farms"), DB_DONE);
	struct db_stmt *held = db_q(db, good_sql[0], "t", "F-1");

	assert_non_null(held);
	db_sqlite_ops.forget(db);
	assert_int_equal(db_step(held), DB_ROW);
	assert_string_equal(db_text(held, 0), "Ooty Farms");
	db_done(held);
	add_and_read_back(db, "F-2", "Nilgiri Greens");
	db_sqlite_ops.close(db);
}

/* Every fdatasync of the process (SQLite's and db_sync's) is counted. */
static int datasyncs;

int fdatasync(int fd)
{
	datasyncs++;
	return (int)syscall(SYS_fdatasync, fd);
}

static int64_t count_farms(struct db *db)
{
	struct db_stmt *st = db_q(db, "SELECT count(*) FROM farms", "");
	int64_t n;

	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	n = db_int(st, 0);
	db_done(st);
	return n;
}

static void add_farm(struct db *db, const char *id)
{
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(db_x(db, good_sql[1], "tt", id, "Farm"), DB_DONE);
	assert_int_equal(db_commit(db), DB_OK);
}

/* A connection set by db_sync_later commits without waiting for the disk and leaves a mark;
 * db_sync makes one disk sync for every commit up to it, and none for a mark already
 * covered.  The commits are seen by another connection from their COMMIT. */
static void test_commits_synced_after_the_turn(void **state)
{
	char dir[] = "/tmp/ticketd-db-XXXXXX", path[64];
	struct db *w = NULL, *r = NULL;
	char err[256];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	assert_int_equal(db_sqlite_ops.open(path, &w, err, sizeof(err)), DB_OK);
	assert_int_equal(db_sqlite_ops.exec(w, "CREATE TABLE farms (farm_id TEXT PRIMARY KEY, "
					       "name TEXT NOT NULL)"),
			 DB_OK);
	assert_int_equal(db_sync_later(w), DB_OK);
	assert_int_equal(db_unsynced(w), 0);
	add_farm(w, "F-1"); /* the WAL's header: synced at the first commit after it is made */

	int before = datasyncs;

	add_farm(w, "F-2");
	add_farm(w, "F-3");
	assert_int_equal(datasyncs, before); /* no sync at the commits */
	assert_int_equal(db_sqlite_ops.open(path, &r, err, sizeof(err)), DB_OK);
	assert_int_equal(count_farms(r), 3);
	uint64_t mark = db_unsynced(w);

	assert_true(mark >= 3);
	assert_int_equal(db_unsynced(w), 0); /* taken */
	db_sync(w, mark);
	assert_int_equal(datasyncs, before + 1);
	db_sync(w, mark - 1); /* covered by that sync */
	db_sync(w, 0);	      /* nothing to wait for */
	assert_int_equal(datasyncs, before + 1);

	/* A connection not so set syncs at each commit. */
	before = datasyncs;
	add_farm(r, "F-4");
	assert_int_equal(db_unsynced(r), 0);
	assert_true(datasyncs > before);
	db_sqlite_ops.close(r);
	db_sqlite_ops.close(w);
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	assert_int_equal(system(path), 0);
}

/* A database without a WAL (in memory) cannot leave its syncs for later. */
static void test_memory_database_syncs_itself(void **state)
{
	struct db *db = open_memory();

	(void)state;
	assert_int_equal(db_sync_later(db), DB_ERROR);
	add_farm(db, "F-1");
	assert_int_equal(db_unsynced(db), 0);
	db_sqlite_ops.close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tables_prepared_and_used),
	    cmocka_unit_test(test_broken_statement_named),
	    cmocka_unit_test(test_statement_without_text),
	    cmocka_unit_test(test_records_writes_may_fail),
	    cmocka_unit_test(test_forget_then_prepare_on_use),
	    cmocka_unit_test(test_commits_synced_after_the_turn),
	    cmocka_unit_test(test_memory_database_syncs_itself),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
