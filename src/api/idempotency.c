/* The Idempotency-Key header on every request that may change data (issue 16; the rules are
 * in service/idempotency.h): claimed before the route's handler runs, its answer kept when
 * the handler is done, and replayed to a retry with Idempotent-Replayed: true. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../base/log.h"
#include "../http/mediatype.h"
#include "../http/multipart.h"
#include "../service/idempotency.h"
#include "../base/banned.h"

/* Routes whose answer holds a secret shown once (a new API token): the key still makes the
 * request run once, but the answer is not kept; a retry is told what was done instead. */
static const char *const secret_routes[] = {"/api/tokens", NULL};

static bool secret_route(const struct route *rt)
{
	for (int i = 0; secret_routes[i]; i++)
		if (!strcmp(rt->pattern, secret_routes[i]))
			return true;
	return false;
}

/* What identifies the body: a multipart form part by part (a browser sends the same form
 * again with a new boundary), anything else byte for byte. */
static int body_pieces(struct request *r, struct idempotency_piece **out)
{
	const char *ct = req_header(r, "Content-Type");
	const char *boundary = ct ? multipart_boundary(&r->arena, ct) : NULL;
	struct multipart_part *parts;
	struct error e;
	int n;

	if (boundary && multipart_parse(&r->arena, boundary, r->body_data, r->body_len, &parts, &n,
					&e) == ERR_OK) {
		struct idempotency_piece *p =
		    arena_alloc(&r->arena, sizeof(*p) * 4 * (size_t)n + 1);

		for (int i = 0; i < n; i++) {
			const char *name = parts[i].name ? parts[i].name : "";
			const char *file = parts[i].filename ? parts[i].filename : "";
			const char *type = parts[i].content_type ? parts[i].content_type : "";

			p[4 * i] = (struct idempotency_piece){name, strlen(name)};
			p[4 * i + 1] = (struct idempotency_piece){file, strlen(file)};
			p[4 * i + 2] = (struct idempotency_piece){type, strlen(type)};
			p[4 * i + 3] = (struct idempotency_piece){parts[i].data, parts[i].len};
		}
		*out = p;
		return 4 * n;
	}
	*out = arena_alloc(&r->arena, sizeof(**out));
	(*out)[0] = (struct idempotency_piece){r->body_data ? r->body_data : "", r->body_len};
	return 1;
}

static void replay(struct request *r, const struct idempotency_row *row)
{
	if (!row->body) { /* an answer not kept (a secret): say what was done */
		err_set(&r->err, ERR_CONFLICT, "Idempotency-Key",
			"a request with this Idempotency-Key was done (HTTP %d%s%s); its answer "
			"held a secret shown once and is not kept",
			row->status, row->location ? ", " : "", row->location ? row->location : "");
		reply_error(r);
	} else {
		free(r->resp_body);
		r->resp_body = strdup(row->body);
		if (!r->resp_body)
			abort();
		r->resp_len = strlen(r->resp_body);
		r->status = row->status;
		r->content_type = row->content_type ? row->content_type : "application/json";
		req_add_header(r, "Cache-Control", "no-store");
		if (row->location)
			req_add_header(r, "Location", row->location);
	}
	req_add_header(r, "Idempotent-Replayed", "true");
}

bool api_idempotency_begin(struct request *r)
{
	const char *key = req_header(r, "Idempotency-Key");
	struct ctx c = api_ctx(r);
	struct idempotency_piece *pieces;
	enum idempotency_outcome outcome;
	struct idempotency_row row;

	r->idem = 0;
	/* Reads need no key; public routes (sign-in and out, signed webhooks, the portal's
	 * sign-ins and survey links) have no caller to keep a key for, and ignore it
	 * (docs/decisions.md).  A portal customer's keys are their own (api_portal_scope). */
	if (!key || !strcmp(r->method, "GET") || !strcmp(r->method, "HEAD") ||
	    (!r->user && !r->portal))
		return true;
	int n = body_pieces(r, &pieces);
	const char *scope = r->user ? NULL : api_portal_scope(r);

	if (api_failed(r, svc_idempotency_begin(&c, scope, key, r->method, r->path, pieces, n,
						&outcome, &row)))
		return false;
	switch (outcome) {
	case IDEMPOTENCY_RUN:
		r->idem = row.id;
		return true;
	case IDEMPOTENCY_REPLAY:
		replay(r, &row);
		return false;
	case IDEMPOTENCY_MISMATCH:
		err_set(&r->err, ERR_INVALID, "Idempotency-Key",
			"this Idempotency-Key was used for another request (%s %s%s); send this "
			"one with a new key",
			row.method, row.path,
			strcmp(row.method, r->method) || strcmp(row.path, r->path)
			    ? ""
			    : " with another body");
		reply_error(r);
		return false;
	case IDEMPOTENCY_BUSY:
		err_set(&r->err, ERR_CONFLICT, "Idempotency-Key",
			"the first request with this Idempotency-Key is still running; try again "
			"shortly");
		req_add_header(r, "Retry-After",
			       arena_printf(&r->arena, "%d", IDEMPOTENCY_RETRY_AFTER));
		reply_error(r);
		return false;
	default:
		err_set(&r->err, ERR_CONFLICT, "Idempotency-Key",
			"the request with this Idempotency-Key was carried out, but its answer was "
			"lost (the server stopped before keeping it); it is not run again");
		reply_error(r);
		return false;
	}
}

/* The value of the reply's header `name`, or NULL. */
static const char *reply_header(struct request *r, const char *name)
{
	for (const struct resp_header *h = r->headers; h; h = h->next)
		if (!strcasecmp(h->name, name))
			return h->value;
	return NULL;
}

void api_idempotency_end(struct request *r)
{
	struct ctx c = api_ctx(r);
	int64_t id = r->idem;
	bool keep = !secret_route(r->route) && !r->has_stream && !r->file_path;

	if (!id)
		return;
	c.idem = 0;
	r->idem = 0;
	if (svc_idempotency_finish(&c, id, r->status, keep ? r->content_type : NULL,
				   reply_header(r, "Location"), keep ? r->resp_body : NULL))
		log_error("api: %s %s: the answer to Idempotency-Key %lld was not kept: %s",
			  r->method, r->path, (long long)id, c.e->message);
}
