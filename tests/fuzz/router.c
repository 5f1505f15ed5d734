/* The fuzz target for routing: the target check (router_target_ok) and route matching
 * (router_match) on a table shaped like the real one.  Captures must be non-empty slices of
 * the path, and a path with a control byte must never be routable. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "http/router.h"

static void handler(struct request *r)
{
	(void)r;
}

static const struct route table[] = {
    {"GET", "/healthz", handler, 0, 0},
    {"POST", "/api/auth/login", handler, 0, 0},
    {"GET", "/api/tickets/b2b/{id}", handler, 1, 0},
    {"POST", "/api/tickets/b2b/{id}/update", handler, 1, 0},
    {"GET", "/api/tickets/b2b/{id}/comments", handler, 1, 0},
    {"POST", "/api/tickets/b2b/{id}/comments", handler, 1, 0},
    {"GET", "/api/orders/{so_id}", handler, 1, 0},
    {"GET", "/api/batches/{batch_number}/investigation", handler, 1, 0},
    {"PUT", "/api/settings/{a}/{b}/{c}/{d}/{e}", handler, 1, 0},
    {"DELETE", "/api/templates/{id}", handler, 1, 0},
};

int fuzz_router_one(const uint8_t *data, size_t size)
{
	static const char *const methods[] = {"GET", "POST", "PUT", "DELETE", "HEAD", "X"};
	struct request r;
	char *target, *q;

	if (size < 1)
		return 0;
	memset(&r, 0, sizeof(r));
	arena_init(&r.arena);
	err_clear(&r.err);
	target = arena_strndup(&r.arena, (const char *)data + 1, size - 1);
	bool ok = router_target_ok(target);

	q = strchr(target, '?');
	if (q)
		*q = '\0';
	for (const char *p = target; ok && *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			__builtin_trap(); /* a raw control byte in the path passed the check */
	r.method = methods[data[0] % 6];
	r.path = target;
	if (router_match(table, (int)(sizeof(table) / sizeof(table[0])), &r) == ERR_OK) {
		if (!r.route)
			__builtin_trap();
		for (int i = 0; i < r.nparams; i++)
			if (!r.params[i][0] || strchr(r.params[i], '/'))
				__builtin_trap();
	} else if (!r.err.code || !r.err.message[0]) {
		__builtin_trap(); /* a refusal without its error */
	}
	arena_free(&r.arena);
	return 0;
}

#ifdef FUZZ_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_router_one(data, size);
}
#endif
