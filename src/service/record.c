/* Importing the ERP's records, all or nothing; see service.h. */
#include <stdio.h>
#include <string.h>

#include "service.h"
#include "../base/clock.h"
#include "../base/timefmt.h"
#include "../base/banned.h"

static bool blank(const char *s)
{
	return !s || !*s;
}

/* Names the failing row in the error: field "[i].name", message "row i+1: ...". */
static enum err_code row_error(struct ctx *c, int i)
{
	const char *field = c->e->field ? c->e->field : "";

	c->e->field = arena_printf(c->a, "[%d]%s%s", i, *field ? "." : "", field);
	const char *msg = arena_printf(c->a, "row %d: %s", i + 1, c->e->message);
	size_t n = strlen(msg) < sizeof(c->e->message) ? strlen(msg) : sizeof(c->e->message) - 1;

	memcpy(c->e->message, msg, n);
	c->e->message[n] = '\0';
	if (c->e->code == ERR_INTERNAL)
		return c->e->code;
	c->e->code = ERR_INVALID;
	return ERR_INVALID;
}

static bool admin_or_system(struct ctx *c)
{
	return !c->who || c->who->role == ROLE_ADMIN;
}

static enum err_code check_customer(struct ctx *c, const struct customer *r)
{
	if (blank(r->customer_id))
		return err_set(c->e, ERR_INVALID, "customer_id", "customer_id is required");
	if (blank(r->name))
		return err_set(c->e, ERR_INVALID, "name", "name is required");
	if (!r->type ||
	    (strcmp(r->type, "hotel") && strcmp(r->type, "restaurant") && strcmp(r->type, "home")))
		return err_set(c->e, ERR_INVALID, "type", "type must be hotel, restaurant or home");
	return ERR_OK;
}

static enum err_code check_date(struct ctx *c, const char *field, const char *v, bool required)
{
	int y, m, d;

	if (blank(v))
		return required ? err_set(c->e, ERR_INVALID, field, "%s is required", field)
				: ERR_OK;
	if (!date_parse(v, &y, &m, &d))
		return err_set(c->e, ERR_INVALID, field, "%s must be a date YYYY-MM-DD", field);
	return ERR_OK;
}

static enum err_code check_order(struct ctx *c, const struct order *r)
{
	if (blank(r->so_id))
		return err_set(c->e, ERR_INVALID, "so_id", "so_id is required");
	if (blank(r->customer_id))
		return err_set(c->e, ERR_INVALID, "customer_id", "customer_id is required");
	if (check_date(c, "order_date", r->order_date, true) ||
	    check_date(c, "delivery_date", r->delivery_date, false))
		return c->e->code;
	for (int i = 0; i < r->nlines; i++) {
		const struct order_line *l = &r->lines[i];
		const char *f = NULL;

		if (blank(l->item))
			f = "item";
		else if (blank(l->unit))
			f = "unit";
		else if (l->ordered_qty < 0)
			f = "ordered_qty";
		else if (l->has_delivered && l->delivered_qty < 0)
			f = "delivered_qty";
		else if (l->price_paise < 0)
			f = "price";
		if (f)
			return err_set(c->e, ERR_INVALID, arena_printf(c->a, "lines[%d].%s", i, f),
				       "line %d: %s is missing or negative", i + 1, f);
	}
	return ERR_OK;
}

static enum err_code check_invoice(struct ctx *c, const struct invoice *r)
{
	if (blank(r->invoice_id))
		return err_set(c->e, ERR_INVALID, "invoice_id", "invoice_id is required");
	if (blank(r->number))
		return err_set(c->e, ERR_INVALID, "number", "number is required");
	if (r->total_paise < 0)
		return err_set(c->e, ERR_INVALID, "total", "total cannot be negative");
	return check_date(c, "date", r->date, true);
}

struct import {
	int kind; /* 0 customers, 1 orders, 2 invoices */
	void *rows;
	int n;
};

static enum err_code import_tx(struct ctx *c, void *arg)
{
	struct import *im = arg;
	struct db *db = svc_db(c);
	int64_t now = clock_now();

	for (int i = 0; i < im->n; i++) {
		enum err_code rc;

		switch (im->kind) {
		case 0: {
			const struct customer *r = (struct customer *)im->rows + i;

			rc = check_customer(c, r);
			if (!rc)
				rc = store_customer_upsert(db, r, now, c->e);
			break;
		}
		case 1: {
			const struct order *r = (struct order *)im->rows + i;

			rc = check_order(c, r);
			if (!rc)
				rc = store_order_upsert(db, r, now, c->e);
			break;
		}
		default: {
			const struct invoice *r = (struct invoice *)im->rows + i;

			rc = check_invoice(c, r);
			if (!rc)
				rc = store_invoice_upsert(db, r, now, c->e);
			break;
		}
		}
		if (rc)
			return row_error(c, i);
	}
	return ERR_OK;
}

static enum err_code import(struct ctx *c, int kind, void *rows, int n)
{
	struct import im = {kind, rows, n};

	if (!admin_or_system(c))
		return err_set(c->e, ERR_FORBIDDEN, NULL, "only admins import records");
	return svc_tx(c, import_tx, &im);
}

enum err_code svc_import_customers(struct ctx *c, struct customer *rows, int n)
{
	return import(c, 0, rows, n);
}

enum err_code svc_import_orders(struct ctx *c, struct order *rows, int n)
{
	return import(c, 1, rows, n);
}

enum err_code svc_import_invoices(struct ctx *c, struct invoice *rows, int n)
{
	return import(c, 2, rows, n);
}
