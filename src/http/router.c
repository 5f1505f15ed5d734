/* Route matching by path segments; see router.h. */
#include "router.h"

#include <string.h>

#include "../base/banned.h"

/* Matches one pattern against path, capturing {name} segments into r->params. */
static bool match(const char *pattern, const char *path, struct request *r)
{
	const char *p = pattern, *u = path;
	int np = 0;

	while (*p && *u) {
		if (*p != '/' || *u != '/')
			return false;
		p++;
		u++;
		const char *pe = strchr(p, '/'), *ue = strchr(u, '/');
		size_t pl = pe ? (size_t)(pe - p) : strlen(p);
		size_t ul = ue ? (size_t)(ue - u) : strlen(u);

		if (pl >= 2 && p[0] == '{' && p[pl - 1] == '}') {
			if (ul == 0 || np >= REQ_MAX_PARAMS)
				return false;
			r->params[np++] = arena_strndup(&r->arena, u, ul);
		} else if (pl != ul || memcmp(p, u, pl) != 0) {
			return false;
		}
		p += pl;
		u += ul;
	}
	if (*p || *u)
		return false;
	r->nparams = np;
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool router_target_ok(const char *target)
{
	bool in_query = false;

	for (const char *p = target; *p; p++) {
		int c = (unsigned char)*p;

		if (*p == '?')
			in_query = true;
		if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0)
			c = hexval(p[1]) * 16 + hexval(p[2]);
		else if (*p == '%' || (c >= 0x20 && c != 0x7f))
			continue;
		/* In a query only the NUL: it would cut a value short without a word. */
		if (c == 0 || (!in_query && (c < 0x20 || c == 0x7f)))
			return false;
	}
	return true;
}

enum err_code router_match(const struct route *routes, int n, struct request *r)
{
	bool path_matched = false;

	for (int i = 0; i < n; i++) {
		if (!match(routes[i].pattern, r->path, r))
			continue;
		if (strcmp(routes[i].method, r->method) == 0) {
			r->route = &routes[i];
			return ERR_OK;
		}
		path_matched = true;
	}
	r->nparams = 0;
	if (path_matched)
		return err_set(&r->err, ERR_METHOD, NULL, "%s is not allowed on %s", r->method,
			       r->path);
	return err_set(&r->err, ERR_NOT_FOUND, NULL, "no such endpoint: %s %s", r->method, r->path);
}
