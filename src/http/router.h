/* Route matching: a table of method, path pattern ("/api/tickets/b2b/{id}/update"), handler
 * and the roles allowed (kcgi's disps[]).  Adding an endpoint is a row and a function. */
#ifndef TICKETD_ROUTER_H
#define TICKETD_ROUTER_H

#include "../base/err.h"
#include "server.h"

struct route {
	const char *method;
	const char *pattern; /* literal segments and {name} captures */
	void (*handler)(struct request *r);
	unsigned roles; /* bit per role; 0: no sign-in needed */
	int arg;	/* handler-specific, e.g. the ticket kind */
};

/* Whether a request target, as sent (before any decoding), may be routed: false when its
 * path holds a NUL or control character, raw or percent-encoded (%00-%1F, %7F), or its
 * query an encoded NUL.  Decoded, "/api/settings/smtp%00/x" would be "/api/settings/smtp". */
bool router_target_ok(const char *target);

/* Finds the route for r's method and path and sets r->route and r->params.
 * ERR_NOT_FOUND when no pattern matches the path, ERR_METHOD when one matches but not for
 * this method (r->err filled either way). */
enum err_code router_match(const struct route *routes, int n, struct request *r);

#endif
