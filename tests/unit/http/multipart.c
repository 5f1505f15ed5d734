/* Unit tests for src/http/multipart.c: boundaries from the Content-Type, well-formed bodies
 * and the malformed ones an attacker would send, table-driven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "http/multipart.h"

struct boundary_case {
	const char *content_type;
	const char *boundary; /* NULL: refused */
};

static void test_boundary(void **state)
{
	static const struct boundary_case cases[] = {
	    {"multipart/form-data; boundary=abc", "abc"},
	    {"Multipart/Form-Data;boundary=\"a b:c\"", "a b:c"},
	    {"multipart/form-data; charset=utf-8; boundary=XyZ", "XyZ"},
	    {"multipart/form-data; name=\"x;boundary=no\"; boundary=yes", "yes"},
	    {"multipart/form-data", NULL},
	    {"multipart/form-data; boundary=", NULL},
	    {"multipart/form-data; boundary=\"unterminated", NULL},
	    {"multipart/mixed; boundary=abc", NULL},
	    {"application/json", NULL},
	    {"multipart/form-data; boundary=a{b", NULL},
	    {"multipart/form-data; boundary="
	     "01234567890123456789012345678901234567890123456789012345678901234567890",
	     NULL},
	    {NULL, NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct arena a;
		const char *b;

		arena_init(&a);
		b = multipart_boundary(&a, cases[i].content_type);
		if (cases[i].boundary)
			assert_non_null(b), assert_string_equal(b, cases[i].boundary);
		else
			assert_null(b);
		arena_free(&a);
	}
}

struct parse_case {
	const char *body;
	int code;	       /* expected err_code */
	int parts;	       /* on success */
	const char *name0;     /* first part's name */
	const char *file0;     /* first part's file name, or NULL */
	const char *data0;     /* first part's data */
	const char *type_last; /* last part's content type, or NULL */
};

#define CRLF "\r\n"

static void test_parse(void **state)
{
	static const struct parse_case cases[] = {
	    {"--b" CRLF "Content-Disposition: form-data; name=\"ticket\"" CRLF CRLF "{}" CRLF
	     "--b--" CRLF,
	     ERR_OK, 1, "ticket", NULL, "{}", NULL},
	    {"preamble" CRLF "--b" CRLF
	     "Content-Disposition: form-data; name=\"photos\"; filename=\"../../etc/passwd\"" CRLF
	     "Content-Type: image/jpeg" CRLF CRLF "\xFF\xD8\xFF" CRLF "--b" CRLF
	     "content-disposition: form-data; name=photos; filename=\"a\\\"b.png\"" CRLF
	     "content-type:  image/png  " CRLF CRLF "PNG" CRLF "--b--",
	     ERR_OK, 2, "photos", "../../etc/passwd", "\xFF\xD8\xFF", "image/png"},
	    {"--b" CRLF "Content-Disposition: form-data; name=\"e\"" CRLF CRLF CRLF "--b--", ERR_OK,
	     1, "e", NULL, "", NULL},
	    {"--b" CRLF "Content-Disposition: form-data; name=\"x\"" CRLF CRLF "a\r\n--bb" CRLF
	     "--b--",
	     ERR_OK, 1, "x", NULL, "a\r\n--bb", NULL},
	    {"--b--" CRLF, ERR_OK, 0, NULL, NULL, NULL, NULL},
	    {"", ERR_BAD_REQUEST, 0, NULL, NULL, NULL, NULL},
	    {"no boundary here", ERR_BAD_REQUEST, 0, NULL, NULL, NULL, NULL},
	    {"--b" CRLF "Content-Disposition: form-data; name=\"x\"" CRLF CRLF "open",
	     ERR_BAD_REQUEST, 0, NULL, NULL, NULL, NULL},
	    {"--b" CRLF "Content-Disposition: form-data; name=\"x\"", ERR_BAD_REQUEST, 0, NULL,
	     NULL, NULL, NULL},
	    {"--b" CRLF "Content-Disposition: attachment; name=\"x\"" CRLF CRLF "v" CRLF "--b--",
	     ERR_BAD_REQUEST, 0, NULL, NULL, NULL, NULL},
	    {"--b" CRLF "Content-Type: text/plain" CRLF CRLF "v" CRLF "--b--", ERR_BAD_REQUEST, 0,
	     NULL, NULL, NULL, NULL},
	    {"--b" CRLF "No colon" CRLF CRLF "v" CRLF "--b--", ERR_BAD_REQUEST, 0, NULL, NULL, NULL,
	     NULL},
	    {"--bjunk" CRLF, ERR_BAD_REQUEST, 0, NULL, NULL, NULL, NULL},
	    {"--b" CRLF "Content-Disposition: form-data; name=\"x" CRLF CRLF "v" CRLF "--b--",
	     ERR_BAD_REQUEST, 0, NULL, NULL, NULL, NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct parse_case *c = &cases[i];
		struct arena a;
		struct error e;
		struct multipart_part *parts;
		int n;
		enum err_code rc;

		arena_init(&a);
		err_clear(&e);
		rc = multipart_parse(&a, "b", c->body, strlen(c->body), &parts, &n, &e);
		assert_int_equal(rc, c->code);
		if (rc) {
			assert_true(strlen(e.message) > 0);
		} else {
			assert_int_equal(n, c->parts);
			if (c->name0) {
				assert_string_equal(parts[0].name, c->name0);
				if (c->file0)
					assert_string_equal(parts[0].filename, c->file0);
				else
					assert_null(parts[0].filename);
				assert_int_equal(parts[0].len, strlen(c->data0));
				assert_memory_equal(parts[0].data, c->data0, parts[0].len);
			}
			if (c->type_last)
				assert_string_equal(parts[n - 1].content_type, c->type_last);
		}
		arena_free(&a);
	}
}

static void test_too_many_parts(void **state)
{
	static const char one[] = "--b\r\nContent-Disposition: form-data; name=\"p\"\r\n\r\nx\r\n";
	char body[sizeof(one) * (MULTIPART_MAX_PARTS + 2) + 8];
	size_t len = 0;
	struct arena a;
	struct error e;
	struct multipart_part *parts;
	int n;

	(void)state;
	for (int i = 0; i <= MULTIPART_MAX_PARTS; i++) {
		memcpy(body + len, one, sizeof(one) - 1);
		len += sizeof(one) - 1;
	}
	memcpy(body + len, "--b--", 5);
	len += 5;
	arena_init(&a);
	err_clear(&e);
	assert_int_equal(multipart_parse(&a, "b", body, len, &parts, &n, &e), ERR_TOO_LARGE);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_boundary),
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_too_many_parts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
