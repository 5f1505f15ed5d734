/* Unit tests for src/base/csv.c: quoting, line endings, and malformed input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/csv.h"
#include "base/strbuf.h"

struct csv_case {
	const char *text;
	int records;		 /* records read before the end or the error */
	int error;		 /* whether it ends in an error */
	const char *last_field0; /* first field of the last record read */
	int last_nfields;
};

static void test_cases(void **state)
{
	static const struct csv_case cases[] = {
	    {"a,b,c\n1,2,3\n", 2, 0, "1", 3},
	    {"a,b\r\n1,2\r\n", 2, 0, "1", 2},
	    {"a,b\n1,2", 2, 0, "1", 2},
	    {"\xEF\xBB\xBFid,name\nZC-1,Taj\n", 2, 0, "ZC-1", 2},
	    {"x\n\n\ny\n", 2, 0, "y", 1},
	    {"\"a,b\",c\n", 1, 0, "a,b", 2},
	    {"\"say \"\"hi\"\"\",2\n", 1, 0, "say \"hi\"", 2},
	    {"\"multi\nline\",2\n", 1, 0, "multi\nline", 2},
	    {"a,,c\n", 1, 0, "a", 3},
	    {",\n", 1, 0, "", 2},
	    {"\"open,1\n", 0, 1, NULL, 0},
	    {"\"closed\"junk,1\n", 0, 1, NULL, 0},
	    {"", 0, 0, NULL, 0},
	};
	const char *f[CSV_MAX_FIELDS];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct csv_case *c = &cases[i];
		struct arena a;
		struct csv csv;
		int n, records = 0, last_n = 0;
		const char *last0 = NULL;

		arena_init(&a);
		csv_init(&csv, c->text, strlen(c->text));
		while ((n = csv_next(&csv, &a, f)) > 0) {
			records++;
			last_n = n;
			last0 = f[0];
		}
		assert_int_equal(records, c->records);
		assert_int_equal(n < 0, c->error);
		if (c->error)
			assert_true(strlen(csv.error) > 0);
		if (c->last_field0) {
			assert_string_equal(last0, c->last_field0);
			assert_int_equal(last_n, c->last_nfields);
		}
		arena_free(&a);
	}
}

static void test_too_many_fields(void **state)
{
	char line[CSV_MAX_FIELDS * 2 + 8];
	const char *f[CSV_MAX_FIELDS];
	struct arena a;
	struct csv csv;
	size_t n = 0;

	(void)state;
	for (int i = 0; i <= CSV_MAX_FIELDS; i++) {
		line[n++] = 'x';
		line[n++] = ',';
	}
	line[n - 1] = '\n';
	arena_init(&a);
	csv_init(&csv, line, n);
	assert_int_equal(csv_next(&csv, &a, f), -1);
	assert_non_null(strstr(csv.error, "more than"));
	arena_free(&a);
}

/* Writing: RFC 4180 quoting and the formula guard, read back by the reader. */
static void test_write(void **state)
{
	static const struct {
		const char *in;
		bool guard;
		const char *field; /* as written */
		const char *back;  /* as read back */
	} cases[] = {
	    {"plain", true, "plain", "plain"},
	    {"a,b", true, "\"a,b\"", "a,b"},
	    {"say \"hi\"", true, "\"say \"\"hi\"\"\"", "say \"hi\""},
	    {"two\nlines", true, "\"two\nlines\"", "two\nlines"},
	    {"=SUM(A1)", true, "'=SUM(A1)", "'=SUM(A1)"},
	    {"+91 98", true, "'+91 98", "'+91 98"},
	    {"-5 kg", true, "'-5 kg", "'-5 kg"},
	    {"@chef", true, "'@chef", "'@chef"},
	    {"=1,2", true, "\"'=1,2\"", "'=1,2"},
	    {"-5", false, "-5", "-5"},
	    {"", true, "", ""},
	};
	struct arena a;

	(void)state;
	arena_init(&a);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb;
		struct csv c;
		const char *fields[CSV_MAX_FIELDS];

		strbuf_init(&sb, 0);
		csv_put(&sb, cases[i].in, true, cases[i].guard);
		assert_string_equal(sb.buf, cases[i].field);
		csv_put(&sb, NULL, false, true);
		csv_end(&sb);
		csv_init(&c, sb.buf, sb.len);
		assert_int_equal(csv_next(&c, &a, fields), 2);
		assert_string_equal(fields[0], cases[i].back);
		assert_string_equal(fields[1], "");
		strbuf_release(&sb);
	}
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cases),
	    cmocka_unit_test(test_too_many_fields),
	    cmocka_unit_test(test_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
