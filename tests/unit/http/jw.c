/* Unit tests for src/http/jw.c: commas at every depth, escaping, numbers, instants and
 * embedded jansson values; every text written is read back by jansson. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http/jw.h"

/* Checks that text is JSON jansson accepts, and returns it parsed (caller decrefs). */
static json_t *parsed(const char *text)
{
	json_error_t err;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &err);

	if (!v)
		fail_msg("not JSON: %s (%s)", text, err.text);
	return v;
}

static void test_nesting_and_commas(void **state)
{
	struct strbuf sb;
	struct jw w;

	(void)state;
	strbuf_init(&sb, 0);
	jw_init(&w, &sb);
	jw_object(&w);
	jw_kint(&w, "a", 1);
	jw_key(&w, "list");
	jw_array(&w);
	jw_int(&w, 1);
	jw_object(&w);
	jw_end_object(&w);
	jw_array(&w);
	jw_end_array(&w);
	jw_object(&w);
	jw_kstr(&w, "x", NULL);
	jw_kbool(&w, "y", false);
	jw_end_object(&w);
	jw_end_array(&w);
	jw_knull(&w, "n");
	jw_kint_or_null(&w, "zero", 0);
	jw_kint_or_null(&w, "seven", 7);
	jw_end_object(&w);
	assert_string_equal(sb.buf,
			    "{\"a\":1,\"list\":[1,{},[],{\"x\":null,\"y\":false}],\"n\":null,"
			    "\"zero\":null,\"seven\":7}");
	json_decref(parsed(sb.buf));
	strbuf_release(&sb);
}

static void test_strings(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"", "\"\""},
	    {"plain", "\"plain\""},
	    {"say \"hi\"", "\"say \\\"hi\\\"\""},
	    {"back\\slash", "\"back\\\\slash\""},
	    {"line\nbreak\ttab\rcr", "\"line\\nbreak\\ttab\\rcr\""},
	    {"\b\f", "\"\\b\\f\""},
	    {"\x01\x1f", "\"\\u0001\\u001f\""},
	    {"a/b", "\"a/b\""},
	    {"टमाटर ₹", "\"टमाटर ₹\""}, /* UTF-8 is written as it is */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb;
		struct jw w;

		strbuf_init(&sb, 0);
		jw_init(&w, &sb);
		jw_str(&w, cases[i].in);
		assert_string_equal(sb.buf, cases[i].out);
		json_t *v = parsed(sb.buf);

		assert_string_equal(json_string_value(v), cases[i].in);
		json_decref(v);
		strbuf_release(&sb);
	}
}

/* Long strings, with a byte that needs escaping at every position around the eight-byte
 * steps of the scan (and UTF-8 around it): each reads back as itself. */
static void test_long_strings(void **state)
{
	static const char specials[] = {'"', '\\', '\n', '\x01', '\x1f', '\t'};

	(void)state;
	for (size_t k = 0; k < sizeof(specials); k++)
		for (int pos = 0; pos < 40; pos++) {
			char in[64];
			struct strbuf sb;
			struct jw w;

			if (pos == 20 || pos == 21)
				continue; /* the é itself */
			memset(in, 'a', 40);
			memcpy(in + 20, "\xc3\xa9", 2); /* é, bytes over 0x7f stay as they are */
			in[pos] = specials[k];
			in[40] = '\0';
			strbuf_init(&sb, 0);
			jw_init(&w, &sb);
			jw_str(&w, in);
			json_t *v = parsed(sb.buf);

			assert_string_equal(json_string_value(v), in);
			json_decref(v);
			strbuf_release(&sb);
		}
}

/* Bytes that are not UTF-8 (a file name stored before names were checked) come out as
 * U+FFFD, one per byte: the text is still JSON and the value is not lost. */
static void test_invalid_utf8(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"photo\xff.jpg", "photo\xef\xbf\xbd.jpg"},
	    {"\xc3", "\xef\xbf\xbd"},				      /* truncated sequence */
	    {"\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd"},		      /* overlong "/" */
	    {"\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"}, /* a surrogate */
	    {"aaaaaaaa\xe0\xa4\x9f\xfe"
	     "aaaaaaaa",
	     "aaaaaaaa\xe0\xa4\x9f\xef\xbf\xbd"
	     "aaaaaaaa"},
	    {"\xf0\x9f\x8d\x85 ok", "\xf0\x9f\x8d\x85 ok"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb;
		struct jw w;

		strbuf_init(&sb, 0);
		jw_init(&w, &sb);
		jw_str(&w, cases[i].in);
		json_t *v = parsed(sb.buf);

		assert_string_equal(json_string_value(v), cases[i].out);
		json_decref(v);
		strbuf_release(&sb);
	}
}

static void test_numbers(void **state)
{
	static const struct {
		double in;
		const char *out;
	} reals[] = {
	    {24.0, "24.0"},
	    {4.5, "4.5"},
	    {0.1, "0.1"},
	    {1500.5, "1500.5"},
	    {12.34, "12.34"},
	    {-0.25, "-0.25"},
	    {1e300, "1e+300"},
	    {123456789.01, "123456789.01"},
	    {0.0, "0.0"},
	    {-3.0, "-3.0"},
	    {-0.0, "-0.0"},
	    {1e15, "1e+15"},
	    {123456789012345.0, "123456789012345.0"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(reals) / sizeof(reals[0]); i++) {
		struct strbuf sb;
		struct jw w;

		strbuf_init(&sb, 0);
		jw_init(&w, &sb);
		jw_real(&w, reals[i].in);
		assert_string_equal(sb.buf, reals[i].out);
		json_t *v = parsed(sb.buf);

		assert_true(json_is_real(v));
		assert_true(json_real_value(v) == reals[i].in);
		json_decref(v);
		strbuf_release(&sb);
	}

	struct strbuf sb;
	struct jw w;

	strbuf_init(&sb, 0);
	jw_init(&w, &sb);
	jw_array(&w);
	jw_int(&w, 0);
	jw_int(&w, -7);
	jw_int(&w, INT64_MAX);
	jw_int(&w, INT64_MIN);
	jw_end_array(&w);
	assert_string_equal(sb.buf, "[0,-7,9223372036854775807,-9223372036854775808]");
	json_decref(parsed(sb.buf));
	strbuf_release(&sb);
}

static void test_instants_and_embedded(void **state)
{
	struct strbuf sb;
	struct jw w;
	json_t *inner = json_pack("{s:[i,s]}", "k", 1, "two");

	(void)state;
	strbuf_init(&sb, 0);
	jw_init(&w, &sb);
	jw_object(&w);
	jw_kinstant(&w, "at", 1795496400);
	jw_kinstant(&w, "never", 0);
	jw_kjson(&w, "inner", inner);
	jw_kjson(&w, "none", NULL);
	jw_end_object(&w);
	assert_string_equal(sb.buf, "{\"at\":\"2026-11-24T05:00:00Z\",\"never\":null,"
				    "\"inner\":{\"k\":[1,\"two\"]},\"none\":null}");
	json_decref(parsed(sb.buf));
	json_decref(inner);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nesting_and_commas),
	    cmocka_unit_test(test_strings),
	    cmocka_unit_test(test_long_strings),
	    cmocka_unit_test(test_invalid_utf8),
	    cmocka_unit_test(test_numbers),
	    cmocka_unit_test(test_instants_and_embedded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
