/* Unit tests for src/store/db.c's statement tables: every statement of a table is prepared
 * at start-up, and one that does not compile is named with its resource; SQLite's
 * connections then compile each as they use it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tables_prepared_and_used),
	    cmocka_unit_test(test_broken_statement_named),
	    cmocka_unit_test(test_statement_without_text),
	    cmocka_unit_test(test_records_writes_may_fail),
	    cmocka_unit_test(test_forget_then_prepare_on_use),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
