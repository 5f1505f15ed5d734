/* The fuzz target for JSON field intake: a body is loaded as json_body loads it and read
 * through the typed field helpers (json_only, json_str, json_str_req, json_int) that every
 * handler uses; every refusal names a code and a message.  The same bytes go through the
 * output side too: jw_str and json_text must make valid JSON of any text. */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/utf8.h"
#include "fuzz.h"
#include "http/json.h"
#include "http/jw.h"

static void refused_with_reason(struct request *r, enum err_code rc)
{
	if (rc != ERR_OK && (!r->err.code || !r->err.message[0]))
		__builtin_trap();
	err_clear(&r->err);
}

int fuzz_json_one(const uint8_t *data, size_t size)
{
	static const char *const keys[] = {"title", "priority", "assigned_to", "photo_upload_ids",
					   NULL};
	struct request r;
	json_error_t jerr;
	struct strbuf sb;
	struct jw w;

	memset(&r, 0, sizeof(r));
	arena_init(&r.arena);
	err_clear(&r.err);
	json_t *v = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);

	if (v && json_is_object(v)) {
		const char *s;
		int64_t n;
		bool present;

		refused_with_reason(&r, json_only(&r, v, keys));
		refused_with_reason(&r, json_str(&r, v, "title", &s));
		refused_with_reason(&r, json_str_req(&r, v, "priority", &s));
		refused_with_reason(&r, json_int(&r, v, "assigned_to", &n, &present));
	}
	json_decref(v);

	/* Output: any bytes (up to a NUL) written as a JSON string read back as valid JSON. */
	char *text = arena_strndup(&r.arena, (const char *)data, size);

	strbuf_init(&sb, 0);
	jw_init(&w, &sb);
	jw_str(&w, text);
	json_t *back = json_loads(sb.buf, JSON_DECODE_ANY, &jerr);

	if (!back || !json_is_string(back))
		__builtin_trap();
	if (utf8_valid(text, strlen(text)) && strcmp(json_string_value(back), text) != 0)
		__builtin_trap(); /* valid text must come back unchanged */
	json_decref(back);
	strbuf_release(&sb);
	json_t *j = json_text(text);

	if (!j)
		__builtin_trap();
	json_decref(j);
	arena_free(&r.arena);
	return 0;
}

#ifdef FUZZ_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_json_one(data, size);
}
#endif
