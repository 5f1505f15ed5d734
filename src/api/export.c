/* CSV exports (issue 18).  A ticket list exports with the list's own filters and order
 * (GET /api/tickets/export.csv, /api/tickets/{kind}/export.csv, or a list requested with
 * Accept: text/csv), streamed: the reply is written as it is read, a page of 500 rows at a
 * time by keyset (the list's cursor), each page in an arena freed before the next, so an
 * export of a million tickets takes the memory of one page.  The reports (dashboard,
 * wastage, a farm's figures) are small and written whole. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../base/clock.h"
#include "../base/csv.h"
#include "../base/log.h"
#include "../base/timefmt.h"
#include "../base/banned.h"

#define EXPORT_PAGE 500

bool api_wants_csv(struct request *r)
{
	const char *accept = req_header(r, "Accept");

	return accept && strstr(accept, "text/csv") != NULL;
}

/* --- the ticket list ------------------------------------------------------------------- */

static const char *const ticket_header[] = {"number",
					    "kind",
					    "status",
					    "priority",
					    "category",
					    "title",
					    "customer_id",
					    "customer_name",
					    "so_id",
					    "woo_order_number",
					    "batch_number",
					    "assigned_to",
					    "team",
					    "created_at",
					    "updated_at",
					    "sla_due_at",
					    "resolved_at",
					    "closed_at",
					    "within_policy_window",
					    NULL};

static void put_instant(struct strbuf *sb, int64_t t)
{
	char iso[TIME_ISO_LEN];

	if (t)
		instant_format(t, iso);
	csv_put(sb, t ? iso : NULL, false, false);
}

static void ticket_csv(struct strbuf *sb, const struct ticket *t)
{
	csv_put(sb, t->number, true, false);
	csv_put(sb, kind_name(t->kind), false, false);
	csv_put(sb, status_name(t->status), false, false);
	csv_put(sb, t->v[TF_PRIORITY], false, false);
	csv_put(sb, t->v[TF_CATEGORY], false, false);
	csv_put(sb, t->v[TF_TITLE], false, true);
	csv_put(sb, t->v[TF_CUSTOMER_ID], false, true);
	csv_put(sb, t->v[TF_CUSTOMER_NAME], false, true);
	csv_put(sb, t->v[TF_SO_ID], false, true);
	csv_put(sb, t->v[TF_WOO_ORDER_NUMBER], false, true);
	csv_put(sb, t->v[TF_BATCH_NUMBER], false, true);
	csv_put(sb, t->assigned_to_name, false, true);
	csv_put(sb, t->team_name, false, true);
	put_instant(sb, t->created_at);
	put_instant(sb, t->updated_at);
	put_instant(sb, t->sla.running_since ? t->sla.due_at : 0);
	put_instant(sb, t->resolved_at);
	put_instant(sb, t->closed_at);
	csv_put(sb,
		t->within_policy_window < 0 ? NULL
		: t->within_policy_window   ? "true"
					    : "false",
		false, false);
	csv_end(sb);
}

/* What the stream keeps from the request, which is gone by the time the reply is read. */
struct ticket_export {
	struct store *store;
	struct arena keep; /* the copies below */
	struct user who;
	struct ticket_query q;
	bool named, across;
	struct strbuf out; /* the page being sent; reused */
	size_t sent;	   /* bytes of out already sent */
	bool started, done;
};

static const char *keep(struct ticket_export *x, const char *s)
{
	return s ? arena_strdup(&x->keep, s) : NULL;
}

/* Reads the next page into x->out: the header first, then up to EXPORT_PAGE rows.  false
 * when the list cannot be read (the reply then ends short, which a client sees). */
static bool next_page(struct ticket_export *x)
{
	struct arena page;
	struct error e = {0};
	struct ctx c = {x->store, &page, &x->who, &e};
	struct ticket *rows = NULL;
	int n = 0;
	int64_t total;
	bool more = false, ok;

	strbuf_reset(&x->out);
	x->sent = 0;
	if (!x->started) {
		for (int i = 0; ticket_header[i]; i++)
			csv_put(&x->out, ticket_header[i], i == 0, false);
		csv_end(&x->out);
		x->started = true;
		return true;
	}
	if (!svc_connect(x->store)) {
		log_error("export: the database is unavailable");
		return false;
	}
	arena_init(&page);
	x->q.limit = EXPORT_PAGE;
	x->q.no_total = true;
	ok = !(x->across ? svc_ticket_list_kinds(&c, &x->q, x->named, &rows, &n, &total, &more)
			 : svc_ticket_list(&c, &x->q, &rows, &n, &total, &more));
	if (ok) {
		for (int i = 0; i < n; i++)
			ticket_csv(&x->out, &rows[i]);
		if (more && n) {
			x->q.has_cursor = true;
			x->q.cursor_key = ticket_sort_value(&rows[n - 1], x->q.sort);
			x->q.cursor_id = rows[n - 1].id;
		} else {
			x->done = true;
		}
	} else {
		log_error("export: %s", e.message);
	}
	arena_free(&page);
	svc_release(x->store);
	return ok;
}

static ssize_t export_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct ticket_export *x = cls;

	(void)pos;
	while (x->sent == x->out.len) {
		if (x->started && x->done)
			return 0;
		if (!next_page(x))
			return -1;
	}
	size_t n = x->out.len - x->sent;

	if (n > max)
		n = max;
	memcpy(buf, x->out.buf + x->sent, n);
	x->sent += n;
	return (ssize_t)n;
}

static void export_release(void *cls)
{
	struct ticket_export *x = cls;

	strbuf_release(&x->out);
	arena_free(&x->keep);
	free(x);
}

static void reply_csv_headers(struct request *r, const char *name)
{
	r->content_type = "text/csv; charset=utf-8";
	req_add_header(r, "Content-Disposition",
		       arena_printf(&r->arena, "attachment; filename=\"%s\"", name));
	req_add_header(r, "Cache-Control", "no-store");
}

static void ticket_export(struct request *r, bool across)
{
	struct ctx c = api_ctx(r);
	struct ticket_query q;
	bool named;
	struct ticket *rows = NULL;
	int n;
	int64_t total;
	bool more;

	if (api_failed(r, api_ticket_query(r, across, &q, &named)))
		return;
	/* The whole list, from its first row: paging parameters do not apply. */
	q.has_cursor = false;
	q.limit = 1;
	q.full = false;
	/* Refusals (a kind the caller may not list) are answered now, as the list would. */
	if (api_failed(r, across ? svc_ticket_list_kinds(&c, &q, named, &rows, &n, &total, &more)
				 : svc_ticket_list(&c, &q, &rows, &n, &total, &more)))
		return;
	struct ticket_export *x = calloc(1, sizeof(*x));

	if (!x) {
		api_failed(r, err_set(&r->err, ERR_INTERNAL, NULL, "out of memory"));
		return;
	}
	arena_init(&x->keep);
	strbuf_init(&x->out, 0);
	x->store = ((struct app *)r->app)->store;
	x->who = *api_user(r);
	x->who.email = keep(x, x->who.email);
	x->who.name = keep(x, x->who.name);
	x->q = q;
	x->q.category = keep(x, q.category);
	x->q.customer_id = keep(x, q.customer_id);
	x->q.search = keep(x, q.search);
	x->named = named;
	x->across = across;
	r->has_stream = true;
	r->stream = (struct reply_stream){REPLY_SIZE_UNKNOWN, -1, export_read, export_release, x};
	r->status = 200;
	reply_csv_headers(r, "tickets.csv");
}

void api_tickets_export(struct request *r)
{
	ticket_export(r, true);
}

void api_ticket_export(struct request *r)
{
	ticket_export(r, false);
}

/* --- the reports ------------------------------------------------------------------------ */

/* One row per figure: its path in the JSON reply ("open.by_kind.b2b",
 * "volume_per_day[3].created") and its value. */
static void flatten(struct strbuf *sb, struct arena *a, const char *path, json_t *v)
{
	const char *key;
	json_t *x;
	size_t i;
	char num[64];

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		json_object_foreach(v, key, x)
		{
			flatten(sb, a, *path ? arena_printf(a, "%s.%s", path, key) : key, x);
		}
		return;
	case JSON_ARRAY:
		json_array_foreach(v, i, x)
		{
			flatten(sb, a, arena_printf(a, "%s[%zu]", path, i), x);
		}
		return;
	case JSON_STRING:
		csv_put(sb, path, true, true);
		csv_put(sb, json_string_value(v), false, true);
		break;
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
		csv_put(sb, path, true, true);
		csv_put(sb, num, false, false);
		break;
	case JSON_REAL:
		snprintf(num, sizeof(num), "%.17g", json_real_value(v));
		csv_put(sb, path, true, true);
		csv_put(sb, num, false, false);
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		csv_put(sb, path, true, true);
		csv_put(sb, json_is_true(v) ? "true" : "false", false, false);
		break;
	case JSON_NULL:
		csv_put(sb, path, true, true);
		csv_put(sb, NULL, false, false);
		break;
	}
	csv_end(sb);
}

void api_reply_report(struct request *r, json_t *report, const char *name)
{
	struct strbuf sb;

	if (!api_wants_csv(r)) {
		reply_json(r, 200, report);
		return;
	}
	strbuf_init(&sb, 0);
	csv_put(&sb, "figure", true, false);
	csv_put(&sb, "value", false, false);
	csv_end(&sb);
	flatten(&sb, &r->arena, "", report);
	json_decref(report);
	r->status = 200;
	free(r->resp_body);
	r->resp_body = strbuf_detach(&sb, &r->resp_len);
	reply_csv_headers(r, name);
}
