/* Replays the corpus of every fuzz target (tests/fuzz/corpus/<target>/) through its entry
 * point, so the normal test run and its sanitizer build catch a regression on any input a
 * fuzzer ever kept (SQLite's fuzzcheck). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../fuzz/fuzz.h"

static const struct target {
	const char *name;
	int (*one)(const uint8_t *data, size_t size);
} targets[] = {
    {"multipart", fuzz_multipart_one}, {"router", fuzz_router_one}, {"query", fuzz_query_one},
    {"json", fuzz_json_one},	       {"csv", fuzz_csv_one},	    {"template", fuzz_template_one},
    {"time", fuzz_time_one},	       {"media", fuzz_media_one},   {"phone", fuzz_phone_one},
};

static void replay(void **state)
{
	const struct target *t = *state;
	char dir[4096];
	DIR *d;
	struct dirent *de;
	int files = 0;

	snprintf(dir, sizeof(dir), "%s/%s", CORPUS_ROOT, t->name);
	d = opendir(dir);
	if (!d)
		fail_msg("no corpus at %s", dir);
	while ((de = readdir(d))) {
		char path[8192];
		FILE *f;
		long len;
		uint8_t *buf;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		f = fopen(path, "rb");
		assert_non_null(f);
		fseek(f, 0, SEEK_END);
		len = ftell(f);
		fseek(f, 0, SEEK_SET);
		buf = malloc((size_t)len + 1);
		assert_non_null(buf);
		assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
		fclose(f);
		assert_int_equal(t->one(buf, (size_t)len), 0);
		free(buf);
		files++;
	}
	closedir(d);
	assert_true(files >= 3);
}

int main(void)
{
	struct CMUnitTest tests[sizeof(targets) / sizeof(targets[0])];

	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
		tests[i] =
		    (struct CMUnitTest){targets[i].name, replay, NULL, NULL, (void *)&targets[i]};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
