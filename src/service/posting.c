/* Postings: what a decided resolution makes in the business's books, delivered through the
 * outbox (issue 15); see integration.h and docs/decisions.md ("Postings to Zoho Books and
 * WooCommerce").
 *
 * Written in the resolving transaction (svc_postings_enqueue), one row per document; the
 * outbox worker claims each due row for a lease, calls the remote, and records the answer
 * in a transaction of its own: posted (with the remote's id, number and a link), pending
 * again with a backoff (no answer, 5xx, 429), or failed with the remote's message (an answer
 * that a retry would not change).  "Never twice": each attempt first looks for the document
 * an earlier attempt may have made (a crash between the remote's success and the local
 * record): the credit note or sales order by its reference number, the refund by its
 * _ticket_id metadata, the replacement order by the same metadata among the customer's
 * orders; a coupon's code is derived from the ticket, so a second create is refused as a
 * duplicate and the existing coupon is looked up. */
#include "integration.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/clock.h"
#include "../base/log.h"
#include "../base/timefmt.h"
#include "../remote/woo.h"
#include "../remote/zoho.h"
#include "../base/banned.h"

#define POSTING_LEASE	     120  /* seconds a claimed posting is another worker's */
#define POSTING_FIRST_RETRY  60	  /* then doubling ... */
#define POSTING_MAX_RETRY    3600 /* ... up to an hour */
#define POSTING_MAX_ATTEMPTS 8

/* --- enqueue ---------------------------------------------------------------------------- */

static enum err_code add(struct ctx *c, const struct ticket *t, const struct resolution *r,
			 const char *system, const char *kind)
{
	struct posting p = {.ticket_id = t->id, .system = system, .kind = kind};
	int64_t id;
	enum err_code rc = store_posting_next_seq(svc_db(c), t->id, kind, &p.seq, c->e);

	if (rc)
		return rc;
	/* The idempotency key: the ticket number (and which of its postings of this kind). */
	const char *ref = p.seq > 1 ? arena_printf(c->a, "%s-%d", t->number, p.seq) : t->number;

	if (!strcmp(kind, "coupon")) {
		char *code = arena_printf(c->a, "tkt-%s-credit", ref);

		for (char *q = code; *q; q++)
			*q = (char)tolower((unsigned char)*q);
		p.reference = code;
	} else {
		p.reference = ref;
	}
	p.has_amount = r->has_amount;
	p.amount = r->has_amount ? r->amount : 0;
	p.currency = r->has_amount ? (r->currency ? r->currency : "INR") : NULL;
	p.created_at = p.next_attempt_at = clock_now();
	return store_posting_insert(svc_db(c), &p, &id, c->e);
}

enum err_code svc_postings_enqueue(struct ctx *c, const struct ticket *t,
				   const struct resolution *r)
{
	struct zoho_settings z;
	struct woo_settings w;
	enum err_code rc;

	if (t->kind != KIND_B2B && t->kind != KIND_B2C)
		return ERR_OK;
	rc = svc_zoho_settings(c, &z);
	if (!rc)
		rc = svc_woo_settings(c, &w);
	if (rc)
		return rc;
	if (t->kind == KIND_B2B && z.enabled) {
		if (!strcmp(r->type, "credit_note"))
			return add(c, t, r, "zoho_books", "credit_note");
		if (!strcmp(r->type, "replacement"))
			return add(c, t, r, "zoho_books", "sales_order");
	}
	if (t->kind == KIND_B2C && w.enabled) {
		if (!strcmp(r->type, "refund"))
			return add(c, t, r, "woocommerce", "refund");
		if (!strcmp(r->type, "store_credit"))
			return add(c, t, r, "woocommerce", "coupon");
		if (!strcmp(r->type, "replacement"))
			return add(c, t, r, "woocommerce", "order");
	}
	return ERR_OK;
}

/* --- one delivery's outcome ---------------------------------------------------------- */

enum outcome { OUT_POSTED, OUT_RETRY, OUT_FAILED };

struct result {
	enum outcome outcome;
	const char *remote_id, *remote_number, *link;
	const char *error;   /* the remote's message (retry, failed) */
	int64_t retry_after; /* seconds the remote asked to wait, or 0 */
};

static void posted(struct ctx *c, struct result *res, const char *id, const char *number,
		   const char *link)
{
	res->outcome = OUT_POSTED;
	res->remote_id = arena_strdup(c->a, id);
	res->remote_number = arena_strdup(c->a, number ? number : id);
	res->link = link;
}

/* Judges an answer that is not a success: retried when it may pass (429, 5xx, 408), failed
 * otherwise; the message is the remote's own. */
static void not_ok(struct ctx *c, struct result *res, const char *system, long status,
		   const char *code, const char *message, const char *retry_after)
{
	bool transient = status == 429 || status == 408 || status >= 500;

	/* WooCommerce's "the gateway cannot refund" comes as a 500 but never passes. */
	if (code && !strcmp(code, "woocommerce_rest_cannot_create_order_refund"))
		transient = false;
	res->outcome = transient ? OUT_RETRY : OUT_FAILED;
	res->error = arena_printf(c->a, "%s answered HTTP %ld%s%s%s: %s", system, status,
				  code && *code ? " (" : "", code && *code ? code : "",
				  code && *code ? ")" : "", message);
	if (retry_after && *retry_after) {
		long s = strtol(retry_after, NULL, 10);

		res->retry_after = s > 0 && s < 86400 ? s : 0;
	}
}

static void unreachable(struct ctx *c, struct result *res, const struct error *e)
{
	res->outcome = OUT_RETRY;
	res->error = arena_strdup(c->a, e->message);
}

static const char *money(struct ctx *c, int64_t paise)
{
	return arena_printf(c->a, "%lld.%02lld", (long long)(paise / 100),
			    (long long)(paise % 100));
}

static const char *today(struct ctx *c)
{
	char d[DATE_ISO_LEN];
	int y, m, dd;

	civil_from_days(local_day(clock_now()), &y, &m, &dd);
	date_format(y, m, dd, d);
	return arena_strdup(c->a, d);
}

static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = needle ? strlen(needle) : 0;

	if (!hay || !n)
		return false;
	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return true;
	return false;
}

/* --- Zoho Books: credit notes and replacement sales orders ---------------------------- */

/* The ticket's sales order lines the ticket names in items_affected (all of them when it
 * names none); n is 0 without a known order. */
static struct order_line *affected_lines(struct ctx *c, const struct ticket *t, int *n)
{
	struct order o;
	struct error ignored;
	struct order_line *out;
	int k = 0;

	*n = 0;
	if (!t->v[TF_SO_ID] || store_order_get(svc_db(c), c->a, t->v[TF_SO_ID], &o, &ignored) ||
	    !o.nlines)
		return NULL;
	out = arena_zalloc(c->a, sizeof(*out) * (size_t)o.nlines);
	for (int i = 0; i < o.nlines; i++)
		if (contains_ci(t->v[TF_ITEMS_AFFECTED], o.lines[i].item))
			out[k++] = o.lines[i];
	if (!k)
		for (int i = 0; i < o.nlines; i++)
			out[k++] = o.lines[i];
	*n = k;
	return out;
}

/* A credit note's lines: one per affected order line, the approved amount split by each
 * line's value (the rounding left on the last line), so they add up to it exactly; one
 * line for the whole amount without an order. */
static json_t *credit_lines(struct ctx *c, const struct ticket *t, const struct posting *p)
{
	int n;
	struct order_line *l = affected_lines(c, t, &n);
	json_t *lines = json_array();
	const char *desc = arena_printf(c->a, "Ticket %s: %s", t->number,
					t->resolution_notes ? t->resolution_notes : "");
	double weight = 0;
	int64_t left = p->amount;

	for (int i = 0; i < n; i++)
		weight += (l[i].has_delivered ? l[i].delivered_qty : l[i].ordered_qty) *
			  (double)l[i].price_paise;
	if (!n) {
		json_array_append_new(lines,
				      json_pack("{s:s, s:s, s:i, s:f}", "name",
						t->v[TF_ITEMS_AFFECTED] ? t->v[TF_ITEMS_AFFECTED]
									: "Credit for a complaint",
						"description", desc, "quantity", 1, "rate",
						(double)p->amount / 100.0));
		return lines;
	}
	for (int i = 0; i < n; i++) {
		double w = (l[i].has_delivered ? l[i].delivered_qty : l[i].ordered_qty) *
			   (double)l[i].price_paise;
		int64_t share = i == n - 1   ? left
				: weight > 0 ? (int64_t)((double)p->amount * w / weight)
					     : p->amount / n;

		left -= share;
		json_array_append_new(lines, json_pack("{s:s, s:s, s:i, s:f}", "name", l[i].item,
						       "description", desc, "quantity", 1, "rate",
						       (double)share / 100.0));
	}
	return lines;
}

/* A replacement's lines at rate 0: the affected order lines with their quantities, or one
 * line naming the replacement's items. */
static json_t *replacement_lines(struct ctx *c, const struct ticket *t)
{
	int n;
	struct order_line *l = affected_lines(c, t, &n);
	json_t *lines = json_array();
	const char *desc = arena_printf(c->a, "Replacement for ticket %s%s%s", t->number,
					t->replacement_items ? ": " : "",
					t->replacement_items ? t->replacement_items : "");

	for (int i = 0; i < n; i++)
		json_array_append_new(lines, json_pack("{s:s, s:s, s:f, s:f}", "name", l[i].item,
						       "description", desc, "quantity",
						       l[i].ordered_qty, "rate", 0.0));
	if (!n)
		json_array_append_new(
		    lines, json_pack("{s:s, s:s, s:i, s:f}", "name",
				     t->replacement_items ? t->replacement_items : "Replacement",
				     "description", desc, "quantity", 1, "rate", 0.0));
	return lines;
}

/* The document of `list` (e.g. "creditnotes") in a Zoho list answer whose reference_number
 * is ref, or NULL. */
static json_t *zoho_find(json_t *body, const char *list, const char *ref)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(body, list), i, v)
	{
		const char *r = json_string_value(json_object_get(v, "reference_number"));

		if (r && !strcmp(r, ref))
			return v;
	}
	return NULL;
}

static void zoho_deliver(struct ctx *c, const struct zoho_settings *z, const struct ticket *t,
			 const struct posting *p, struct result *res)
{
	bool credit = !strcmp(p->kind, "credit_note");
	const char *path = credit ? "/creditnotes" : "/salesorders";
	const char *list = credit ? "creditnotes" : "salesorders";
	const char *one = credit ? "creditnote" : "salesorder";
	const char *id_key = credit ? "creditnote_id" : "salesorder_id";
	const char *num_key = credit ? "creditnote_number" : "salesorder_number";
	struct zoho_config cfg;
	struct zoho_answer an;
	struct error e;
	char *ref = remote_escape(p->reference);
	const char *query = arena_printf(c->a, "reference_number=%s", ref);
	json_t *doc, *body;
	const char *id;

	free(ref);
	svc_zoho_config(z, &cfg);
	err_clear(&e);
	if (!t->v[TF_CUSTOMER_ID]) {
		res->outcome = OUT_FAILED;
		res->error = "the ticket has no customer_id (the Zoho Books contact)";
		return;
	}
	/* Made by an earlier attempt? */
	if (zoho_call(&cfg, clock_now(), "GET", path, query, NULL, &an, &e))
		return unreachable(c, res, &e);
	if (an.status != 200 || an.code) {
		not_ok(c, res, "Zoho Books", an.status,
		       an.code ? arena_printf(c->a, "%d", an.code) : "", an.message,
		       an.retry_after);
		zoho_answer_release(&an);
		return;
	}
	doc = zoho_find(an.body, list, p->reference);
	if (doc) {
		id = json_string_value(json_object_get(doc, id_key));
		if (id) {
			log_info("postings: %s %s already in Zoho Books as %s", p->kind,
				 p->reference, id);
			posted(c, res, id, json_string_value(json_object_get(doc, num_key)),
			       arena_printf(c->a, "%s/app/%s#/%s/%s", z->web_url,
					    z->organization_id, list, id));
			if (credit &&
			    !strcmp(json_string_value(json_object_get(doc, "status"))
					? json_string_value(json_object_get(doc, "status"))
					: "",
				    "draft"))
				goto open;
			zoho_answer_release(&an);
			return;
		}
	}
	zoho_answer_release(&an);

	body = json_pack(
	    "{s:s, s:s, s:s, s:o, s:s}", "customer_id", t->v[TF_CUSTOMER_ID], "date", today(c),
	    "reference_number", p->reference, "line_items",
	    credit ? credit_lines(c, t, p) : replacement_lines(c, t), "notes",
	    arena_printf(c->a, "%s for ticket %s", credit ? "Credit" : "Replacement", t->number));
	if (!credit && t->replacement_date)
		json_object_set_new(body, "shipment_date", json_string(t->replacement_date));
	query = credit && t->v[TF_INVOICE_ID]
		    ? arena_printf(c->a, "invoice_id=%s", t->v[TF_INVOICE_ID])
		    : NULL;
	if (zoho_call(&cfg, clock_now(), "POST", path, query, body, &an, &e)) {
		json_decref(body);
		return unreachable(c, res, &e);
	}
	json_decref(body);
	if ((an.status != 200 && an.status != 201) || an.code) {
		not_ok(c, res, "Zoho Books", an.status,
		       an.code ? arena_printf(c->a, "%d", an.code) : "", an.message,
		       an.retry_after);
		zoho_answer_release(&an);
		return;
	}
	doc = json_object_get(an.body, one);
	id = json_string_value(json_object_get(doc, id_key));
	if (!id) {
		res->outcome = OUT_RETRY;
		res->error = arena_printf(c->a, "Zoho Books answered without a %s", id_key);
		zoho_answer_release(&an);
		return;
	}
	posted(c, res, id, json_string_value(json_object_get(doc, num_key)),
	       arena_printf(c->a, "%s/app/%s#/%s/%s", z->web_url, z->organization_id, list, id));
	if (!credit || strcmp(json_string_value(json_object_get(doc, "status"))
				  ? json_string_value(json_object_get(doc, "status"))
				  : "",
			      "draft")) {
		zoho_answer_release(&an);
		return;
	}
open:
	/* A draft credit note is opened, as the decision is made. */
	zoho_answer_release(&an);
	if (zoho_call(&cfg, clock_now(), "POST",
		      arena_printf(c->a, "/creditnotes/%s/status/open", res->remote_id), NULL, NULL,
		      &an, &e))
		return unreachable(c, res, &e);
	if ((an.status != 200 && an.status != 201) || an.code)
		not_ok(c, res, "Zoho Books", an.status, arena_printf(c->a, "%d", an.code),
		       an.message, an.retry_after);
	zoho_answer_release(&an);
}

/* --- WooCommerce: refunds, coupons, replacement orders ---------------------------------- */

/* Whether a WooCommerce object's meta_data has _ticket_id = ref. */
static bool has_ticket_meta(json_t *o, const char *ref)
{
	json_t *m;
	size_t i;

	json_array_foreach(json_object_get(o, "meta_data"), i, m)
	{
		const char *k = json_string_value(json_object_get(m, "key"));
		const char *v = json_string_value(json_object_get(m, "value"));

		if (k && v && !strcmp(k, "_ticket_id") && !strcmp(v, ref))
			return true;
	}
	return false;
}

static const char *int_text(struct ctx *c, json_t *v)
{
	return json_is_integer(v) ? arena_printf(c->a, "%lld", (long long)json_integer_value(v))
				  : json_string_value(v);
}

static const char *admin_link(struct ctx *c, const struct woo_settings *w, const char *post)
{
	size_t n = strlen(w->store_url);

	while (n && w->store_url[n - 1] == '/')
		n--;
	return arena_printf(c->a, "%.*s/wp-admin/post.php?post=%s&action=edit", (int)n,
			    w->store_url, post);
}

static bool order_number_ok(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static void woo_refund(struct ctx *c, const struct woo_settings *w, const struct ticket *t,
		       const struct posting *p, struct result *res)
{
	const char *order = t->v[TF_WOO_ORDER_NUMBER];
	const char *path = arena_printf(c->a, "/orders/%s/refunds", order);
	struct woo_config cfg;
	struct woo_answer an;
	struct error e;
	json_t *v, *body;
	size_t i;

	svc_woo_config(w, &cfg);
	err_clear(&e);
	if (!order_number_ok(order)) {
		res->outcome = OUT_FAILED;
		res->error =
		    "the ticket has no WooCommerce order number (the order id, digits) to refund";
		return;
	}
	if (woo_call(&cfg, "GET", path, NULL, NULL, &an, &e))
		return unreachable(c, res, &e);
	if (an.status != 200) {
		not_ok(c, res, "WooCommerce", an.status, an.code, an.message, an.retry_after);
		woo_answer_release(&an);
		return;
	}
	json_array_foreach(an.body, i, v)
	{
		if (has_ticket_meta(v, p->reference)) {
			const char *id = int_text(c, json_object_get(v, "id"));

			log_info("postings: refund %s already in WooCommerce as %s", p->reference,
				 id ? id : "?");
			posted(c, res, id, id, admin_link(c, w, order));
			woo_answer_release(&an);
			return;
		}
	}
	woo_answer_release(&an);
	body = json_pack("{s:s, s:s, s:b, s:[{s:s, s:s}]}", "amount", money(c, p->amount), "reason",
			 arena_printf(c->a, "Ticket %s: %s", t->number,
				      t->resolution_notes ? t->resolution_notes : "refund"),
			 "api_refund", w->api_refund, "meta_data", "key", "_ticket_id", "value",
			 p->reference);
	if (woo_call(&cfg, "POST", path, NULL, body, &an, &e)) {
		json_decref(body);
		return unreachable(c, res, &e);
	}
	json_decref(body);
	if (an.status == 200 || an.status == 201) {
		const char *id = int_text(c, json_object_get(an.body, "id"));

		if (id)
			posted(c, res, id, id, admin_link(c, w, order));
		else {
			res->outcome = OUT_RETRY;
			res->error = "WooCommerce answered without the refund's id";
		}
	} else {
		not_ok(c, res, "WooCommerce", an.status, an.code, an.message, an.retry_after);
		if (!strcmp(an.code, "woocommerce_rest_cannot_create_order_refund"))
			res->error = arena_printf(c->a,
						  "%s (turn off \"refund through the payment "
						  "gateway\" to record a manual refund)",
						  res->error);
	}
	woo_answer_release(&an);
}

static void woo_coupon(struct ctx *c, const struct woo_settings *w, const struct ticket *t,
		       const struct posting *p, struct result *res)
{
	const char *email = t->v[TF_CUSTOMER_EMAIL];
	struct woo_config cfg;
	struct woo_answer an;
	struct error e;
	json_t *body;

	svc_woo_config(w, &cfg);
	err_clear(&e);
	if (!email || !*email) {
		res->outcome = OUT_FAILED;
		res->error = "the ticket has no customer email to restrict the coupon to";
		return;
	}
	body = json_pack("{s:s, s:s, s:s, s:[s], s:i, s:i, s:s, s:[{s:s, s:s}]}", "code",
			 p->reference, "discount_type", "fixed_cart", "amount", money(c, p->amount),
			 "email_restrictions", email, "usage_limit", 1, "usage_limit_per_user", 1,
			 "description", arena_printf(c->a, "Store credit for ticket %s", t->number),
			 "meta_data", "key", "_ticket_id", "value", t->number);
	if (woo_call(&cfg, "POST", "/coupons", NULL, body, &an, &e)) {
		json_decref(body);
		return unreachable(c, res, &e);
	}
	json_decref(body);
	if (an.status == 200 || an.status == 201) {
		const char *id = int_text(c, json_object_get(an.body, "id"));

		posted(c, res, id ? id : p->reference, p->reference,
		       id ? admin_link(c, w, id) : NULL);
		woo_answer_release(&an);
		return;
	}
	if (strcmp(an.code, "woocommerce_rest_coupon_code_already_exists")) {
		not_ok(c, res, "WooCommerce", an.status, an.code, an.message, an.retry_after);
		woo_answer_release(&an);
		return;
	}
	/* Made by an earlier attempt: the code is this ticket's own. */
	woo_answer_release(&an);
	char *code = remote_escape(p->reference);
	const char *query = arena_printf(c->a, "code=%s", code);

	free(code);
	if (woo_call(&cfg, "GET", "/coupons", query, NULL, &an, &e))
		return unreachable(c, res, &e);
	json_t *found = json_array_get(an.body, 0);
	const char *id = an.status == 200 ? int_text(c, json_object_get(found, "id")) : NULL;

	if (id) {
		log_info("postings: coupon %s already in WooCommerce as %s", p->reference, id);
		posted(c, res, id, p->reference, admin_link(c, w, id));
	} else if (an.status != 200) {
		not_ok(c, res, "WooCommerce", an.status, an.code, an.message, an.retry_after);
	} else {
		res->outcome = OUT_FAILED;
		res->error = arena_printf(
		    c->a, "WooCommerce says coupon %s exists but does not list it", p->reference);
	}
	woo_answer_release(&an);
}

static void woo_order(struct ctx *c, const struct woo_settings *w, const struct ticket *t,
		      const struct posting *p, struct result *res)
{
	const char *email = t->v[TF_CUSTOMER_EMAIL];
	struct woo_config cfg;
	struct woo_answer an;
	struct error e;
	json_t *v, *lines = json_array(), *body;
	size_t i;

	svc_woo_config(w, &cfg);
	err_clear(&e);
	/* Made by an earlier attempt?  Among the customer's orders, by its metadata. */
	if (email && *email) {
		char *q = remote_escape(email);
		const char *query = arena_printf(c->a, "search=%s&per_page=50", q);

		free(q);
		if (woo_call(&cfg, "GET", "/orders", query, NULL, &an, &e)) {
			json_decref(lines);
			return unreachable(c, res, &e);
		}
		if (an.status != 200) {
			not_ok(c, res, "WooCommerce", an.status, an.code, an.message,
			       an.retry_after);
			woo_answer_release(&an);
			json_decref(lines);
			return;
		}
		json_array_foreach(an.body, i, v)
		{
			if (has_ticket_meta(v, p->reference)) {
				const char *id = int_text(c, json_object_get(v, "id"));

				posted(c, res, id, json_string_value(json_object_get(v, "number")),
				       admin_link(c, w, id));
				woo_answer_release(&an);
				json_decref(lines);
				return;
			}
		}
		woo_answer_release(&an);
	}
	/* The original order's products again, at no charge; else the items as named. */
	if (order_number_ok(t->v[TF_WOO_ORDER_NUMBER])) {
		if (woo_call(&cfg, "GET",
			     arena_printf(c->a, "/orders/%s", t->v[TF_WOO_ORDER_NUMBER]), NULL,
			     NULL, &an, &e)) {
			json_decref(lines);
			return unreachable(c, res, &e);
		}
		json_array_foreach(json_object_get(an.body, "line_items"), i, v)
		{
			json_t *li = json_pack("{s:O, s:O, s:s, s:s}", "product_id",
					       json_object_get(v, "product_id"), "quantity",
					       json_object_get(v, "quantity"), "subtotal", "0.00",
					       "total", "0.00");

			if (!li)
				continue;
			if (json_integer_value(json_object_get(v, "variation_id")))
				json_object_set(li, "variation_id",
						json_object_get(v, "variation_id"));
			if (t->replacement_items &&
			    !contains_ci(t->replacement_items,
					 json_string_value(json_object_get(v, "name"))) &&
			    !contains_ci(t->v[TF_ITEMS_AFFECTED],
					 json_string_value(json_object_get(v, "name")))) {
				json_decref(li);
				continue;
			}
			json_array_append_new(lines, li);
		}
		woo_answer_release(&an);
	}
	if (!json_array_size(lines))
		json_array_append_new(
		    lines, json_pack("{s:s, s:i, s:s, s:s}", "name",
				     t->replacement_items ? t->replacement_items : "Replacement",
				     "quantity", 1, "subtotal", "0.00", "total", "0.00"));
	body = json_pack("{s:s, s:b, s:{s:s, s:s, s:s}, s:o, s:s, s:[{s:s, s:s}]}", "status",
			 "processing", "set_paid", 1, "billing", "first_name",
			 t->v[TF_CUSTOMER_NAME] ? t->v[TF_CUSTOMER_NAME] : "", "email",
			 email ? email : "", "phone",
			 t->v[TF_CUSTOMER_PHONE] ? t->v[TF_CUSTOMER_PHONE] : "", "line_items",
			 lines, "customer_note",
			 arena_printf(c->a, "Replacement for ticket %s%s%s", t->number,
				      t->replacement_date ? ", to deliver on " : "",
				      t->replacement_date ? t->replacement_date : ""),
			 "meta_data", "key", "_ticket_id", "value", p->reference);
	if (woo_call(&cfg, "POST", "/orders", NULL, body, &an, &e)) {
		json_decref(body);
		return unreachable(c, res, &e);
	}
	json_decref(body);
	if (an.status == 200 || an.status == 201) {
		const char *id = int_text(c, json_object_get(an.body, "id"));

		if (id)
			posted(c, res, id, json_string_value(json_object_get(an.body, "number")),
			       admin_link(c, w, id));
		else {
			res->outcome = OUT_RETRY;
			res->error = "WooCommerce answered without the order's id";
		}
	} else {
		not_ok(c, res, "WooCommerce", an.status, an.code, an.message, an.retry_after);
	}
	woo_answer_release(&an);
}

/* --- the worker -------------------------------------------------------------------- */

static int64_t backoff(int attempts)
{
	int64_t s = POSTING_FIRST_RETRY;

	for (int i = 1; i < attempts && s < POSTING_MAX_RETRY; i++)
		s *= 2;
	return s < POSTING_MAX_RETRY ? s : POSTING_MAX_RETRY;
}

struct claim_args {
	int64_t id;
	bool claimed;
};

static enum err_code claim_tx(struct ctx *c, void *arg)
{
	struct claim_args *ca = arg;

	ca->claimed = store_posting_claim(svc_db(c), ca->id, clock_now(), POSTING_LEASE);
	return ERR_OK;
}

struct record_args {
	const struct posting *p;
	const struct result *res;
	bool give_up;
};

static const char *what(const struct posting *p)
{
	static const struct {
		const char *kind, *label;
	} labels[] = {{"credit_note", "Zoho Books credit note"},
		      {"sales_order", "Zoho Books sales order"},
		      {"refund", "WooCommerce refund"},
		      {"coupon", "WooCommerce coupon"},
		      {"order", "WooCommerce replacement order"}};

	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (!strcmp(labels[i].kind, p->kind))
			return labels[i].label;
	return p->kind;
}

static enum err_code record_tx(struct ctx *c, void *arg)
{
	struct record_args *ra = arg;
	const struct posting *p = ra->p;
	const struct result *res = ra->res;
	int64_t now = clock_now();
	enum err_code rc;

	if (res->outcome == OUT_POSTED) {
		rc = store_posting_posted(svc_db(c), p->id, res->remote_id, res->remote_number,
					  res->link, now, c->e);
		if (!rc)
			rc = svc_event(
			    c, p->ticket_id, "posting_posted", p->kind, NULL, res->remote_number,
			    arena_printf(c->a, "%s %s posted%s%s", what(p), res->remote_number,
					 res->link ? ": " : "", res->link ? res->link : ""));
		return rc;
	}
	int64_t wait = res->retry_after > 0 ? res->retry_after : backoff(p->attempts);

	rc = store_posting_retry(svc_db(c), p->id, now + wait, res->error, ra->give_up, now, c->e);
	if (!rc && ra->give_up)
		rc = svc_event(c, p->ticket_id, "posting_failed", p->kind, NULL, NULL,
			       arena_printf(c->a, "%s failed: %s", what(p), res->error));
	return rc;
}

static void deliver_one(struct ctx *c, const struct zoho_settings *z, const struct woo_settings *w,
			int64_t id, int *nposted, int *nfailed)
{
	struct claim_args ca = {id, false};
	struct posting p;
	struct ticket t;
	struct result res = {OUT_RETRY, NULL, NULL, NULL, NULL, 0};

	if (svc_tx(c, claim_tx, &ca) || !ca.claimed)
		return; /* another worker has it */
	if (store_posting_get(svc_db(c), c->a, id, &p, c->e) ||
	    store_ticket_get(svc_db(c), c->a, p.ticket_id, &t, c->e)) {
		log_error("postings: posting %lld: %s", (long long)id, c->e->message);
		err_clear(c->e);
		return; /* the lease runs out and it is tried again */
	}
	bool zoho = !strcmp(p.system, "zoho_books");

	if (zoho && !z->enabled) {
		res.outcome = OUT_RETRY;
		res.error = "Zoho Books is switched off in the settings; waiting";
	} else if (!zoho && !w->enabled) {
		res.outcome = OUT_RETRY;
		res.error = "WooCommerce is switched off in the settings; waiting";
	} else if (zoho) {
		zoho_deliver(c, z, &t, &p, &res);
	} else if (!strcmp(p.kind, "refund")) {
		woo_refund(c, w, &t, &p, &res);
	} else if (!strcmp(p.kind, "coupon")) {
		woo_coupon(c, w, &t, &p, &res);
	} else {
		woo_order(c, w, &t, &p, &res);
	}
	bool off = res.outcome == OUT_RETRY && ((zoho && !z->enabled) || (!zoho && !w->enabled));
	struct record_args ra = {&p, &res,
				 res.outcome == OUT_FAILED || (res.outcome == OUT_RETRY && !off &&
							       p.attempts >= POSTING_MAX_ATTEMPTS)};

	if (res.outcome != OUT_POSTED)
		log_warn("postings: %s %s (attempt %d): %s", p.kind, p.reference, p.attempts,
			 res.error);
	if (svc_tx(c, record_tx, &ra)) {
		log_error("postings: could not record posting %lld: %s", (long long)id,
			  c->e->message);
		err_clear(c->e);
		return;
	}
	if (res.outcome == OUT_POSTED)
		(*nposted)++;
	else if (ra.give_up)
		(*nfailed)++;
}

enum err_code svc_postings_deliver(struct ctx *c, int *posted_n, int *failed_n)
{
	struct zoho_settings z;
	struct woo_settings w;
	int64_t ids[50];
	int n = 0;
	enum err_code rc;

	*posted_n = 0;
	*failed_n = 0;
	rc = svc_zoho_settings(c, &z);
	if (!rc)
		rc = svc_woo_settings(c, &w);
	if (!rc)
		rc = store_postings_due(svc_db(c), clock_now(), 50, ids, &n, c->e);
	for (int i = 0; !rc && i < n; i++)
		deliver_one(c, &z, &w, ids[i], posted_n, failed_n);
	return rc;
}

/* --- reads and the manager's retry ------------------------------------------------------ */

enum err_code svc_ticket_postings(struct ctx *c, enum kind k, const char *id, struct posting **out,
				  int *n)
{
	struct ticket t;
	enum err_code rc;

	*n = 0;
	if (!svc_staff(c))
		return svc_not_staff(c);
	rc = svc_ticket_get(c, k, id, &t);
	if (rc)
		return rc;
	return store_postings_of(svc_db(c), c->a, t.id, out, n, c->e);
}

struct retry_args {
	int64_t id;
	struct posting p;
};

static enum err_code retry_tx(struct ctx *c, void *arg)
{
	struct retry_args *ra = arg;
	bool done;
	enum err_code rc = store_posting_get(svc_db(c), c->a, ra->id, &ra->p, c->e);

	if (!rc && strcmp(ra->p.state, "failed"))
		return err_set(c->e, ERR_CONFLICT, NULL,
			       "posting %lld is %s: only a failed posting is retried",
			       (long long)ra->id, ra->p.state);
	if (!rc)
		rc = store_posting_requeue(svc_db(c), ra->id, clock_now(), &done, c->e);
	if (!rc)
		rc = svc_event(c, ra->p.ticket_id, "posting_retried", ra->p.kind, NULL, NULL,
			       arena_printf(c->a, "%s to be tried again", what(&ra->p)));
	if (!rc)
		rc = store_posting_get(svc_db(c), c->a, ra->id, &ra->p, c->e);
	return rc;
}

enum err_code svc_posting_retry(struct ctx *c, int64_t id, struct posting *out)
{
	struct retry_args ra = {.id = id};
	enum err_code rc;

	if (c->who && c->who->role != ROLE_MANAGER && c->who->role != ROLE_ADMIN)
		return err_set(c->e, ERR_FORBIDDEN, NULL, "only managers retry a posting");
	rc = svc_tx(c, retry_tx, &ra);
	if (!rc)
		*out = ra.p;
	return rc;
}

json_t *posting_json(const struct posting *p)
{
	char created[TIME_ISO_LEN], updated[TIME_ISO_LEN], when[TIME_ISO_LEN], next[TIME_ISO_LEN];

	instant_format(p->created_at, created);
	instant_format(p->updated_at, updated);
	if (p->posted_at)
		instant_format(p->posted_at, when);
	if (p->next_attempt_at)
		instant_format(p->next_attempt_at, next);
	/* "sending" is a claim of the worker's: still pending to those who read it. */
	return json_pack(
	    "{s:I, s:I, s:s?, s:s, s:s, s:s, s:o, s:s?, s:s, s:s?, s:s?, s:s?, s:s?, s:i, s:s?, "
	    "s:s, s:s, s:s?}",
	    "id", (json_int_t)p->id, "ticket_id", (json_int_t)p->ticket_id, "ticket_number",
	    p->ticket_number, "system", p->system, "kind", p->kind, "reference", p->reference,
	    "amount_paise", p->has_amount ? json_integer(p->amount) : json_null(), "currency",
	    p->currency, "state", strcmp(p->state, "sending") ? p->state : "pending", "remote_id",
	    p->remote_id, "remote_number", p->remote_number, "link", p->link, "last_error",
	    p->last_error, "attempts", p->attempts, "next_attempt_at",
	    p->next_attempt_at ? next : NULL, "created_at", created, "updated_at", updated,
	    "posted_at", p->posted_at ? when : NULL);
}
