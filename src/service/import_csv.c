/* CSV import of the ERP's records (`ticketd import`): a header row names the columns, the
 * rows become the same records the JSON import makes, and the same all-or-nothing import
 * stores them.  Orders come one row per order line, grouped by so_id. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service.h"
#include "trace.h"
#include "../base/csv.h"
#include "../base/banned.h"

#define CSV_MAX_ROWS 1000000

struct columns {
	const char *const *names; /* NULL-terminated */
	int index[16];		  /* column of each name, -1 when absent */
};

static const char *const customer_cols[] = {"customer_id", "name", "type", "phone", "email", NULL};
static const char *const order_cols[] = {
    "so_id", "customer_id", "order_date",    "delivery_date", "line_no",     "item",
    "unit",  "ordered_qty", "delivered_qty", "price",	      "allocations", NULL};
static const char *const invoice_cols[] = {"invoice_id", "so_id", "number", "date", "total", NULL};

static enum err_code header(struct ctx *c, const char **f, int n, struct columns *cols)
{
	for (int i = 0; cols->names[i]; i++)
		cols->index[i] = -1;
	for (int j = 0; j < n; j++) {
		int found = -1;

		for (int i = 0; cols->names[i]; i++)
			if (!strcmp(cols->names[i], f[j]))
				found = i;
		if (found < 0)
			return err_set(c->e, ERR_INVALID, arena_strdup(c->a, f[j]),
				       "unknown column '%s' in the header", f[j]);
		cols->index[found] = j;
	}
	return ERR_OK;
}

/* The value of named column i in this row, NULL when absent or empty. */
static const char *col(const struct columns *cols, const char **f, int n, int i)
{
	int j = cols->index[i];

	return j >= 0 && j < n && *f[j] ? f[j] : NULL;
}

static enum err_code number(struct ctx *c, int line, const char *name, const char *v, double *out,
			    bool *present)
{
	char *end;

	*present = false;
	if (!v)
		return ERR_OK;
	errno = 0;
	*out = strtod(v, &end);
	if (errno || *end || !isfinite(*out))
		return err_set(c->e, ERR_INVALID, name, "line %d: %s '%s' is not a number", line,
			       name, v);
	*present = true;
	return ERR_OK;
}

static int64_t paise(double rupees)
{
	return llround(rupees * 100.0);
}

enum err_code svc_import_csv(struct ctx *c, const char *what, const char *text, size_t len,
			     int *count)
{
	struct csv csv;
	const char *f[CSV_MAX_FIELDS];
	struct columns cols = {0};
	int which, n, cap = 64, rows = 0;
	void *out = NULL;
	size_t size;

	*count = 0;
	if (!strcmp(what, "customers")) {
		which = 0;
		cols.names = customer_cols;
		size = sizeof(struct customer);
	} else if (!strcmp(what, "orders")) {
		which = 1;
		cols.names = order_cols;
		size = sizeof(struct order);
	} else if (!strcmp(what, "invoices")) {
		which = 2;
		cols.names = invoice_cols;
		size = sizeof(struct invoice);
	} else {
		return svc_import_csv_trace(c, what, text, len, count);
	}
	csv_init(&csv, text, len);
	n = csv_next(&csv, c->a, f);
	if (n <= 0)
		return err_set(c->e, ERR_INVALID, NULL, "%s",
			       n < 0 ? csv.error : "the file is empty: a header row is needed");
	if (header(c, f, n, &cols))
		return c->e->code;
	out = arena_zalloc(c->a, size * (size_t)cap);

	while ((n = csv_next(&csv, c->a, f)) > 0) {
		int line = csv.line;
		double x;
		bool has;

		if (rows == CSV_MAX_ROWS)
			return err_set(c->e, ERR_TOO_LARGE, NULL, "more than %d rows",
				       CSV_MAX_ROWS);
		if (which == 0) {
			struct customer *cu;

			if (rows == cap) {
				void *bigger = arena_zalloc(c->a, size * (size_t)cap * 2);

				memcpy(bigger, out, size * (size_t)cap);
				out = bigger;
				cap *= 2;
			}
			cu = (struct customer *)out + rows++;
			cu->customer_id = col(&cols, f, n, 0);
			cu->name = col(&cols, f, n, 1);
			cu->type = col(&cols, f, n, 2);
			cu->phone = col(&cols, f, n, 3);
			cu->email = col(&cols, f, n, 4);
		} else if (which == 2) {
			struct invoice *inv;

			if (rows == cap) {
				void *bigger = arena_zalloc(c->a, size * (size_t)cap * 2);

				memcpy(bigger, out, size * (size_t)cap);
				out = bigger;
				cap *= 2;
			}
			inv = (struct invoice *)out + rows++;
			inv->invoice_id = col(&cols, f, n, 0);
			inv->so_id = col(&cols, f, n, 1);
			inv->number = col(&cols, f, n, 2);
			inv->date = col(&cols, f, n, 3);
			if (number(c, line, "total", col(&cols, f, n, 4), &x, &has))
				return c->e->code;
			if (!has)
				return err_set(c->e, ERR_INVALID, "total",
					       "line %d: total is required", line);
			inv->total_paise = paise(x);
		} else {
			const char *so = col(&cols, f, n, 0);
			struct order *o = NULL;

			if (!so)
				return err_set(c->e, ERR_INVALID, "so_id",
					       "line %d: so_id is required", line);
			/* Lines of one order may come in any order of rows. */
			for (int i = rows - 1; i >= 0 && !o; i--)
				if (!strcmp(((struct order *)out)[i].so_id, so))
					o = (struct order *)out + i;
			if (!o) {
				if (rows == cap) {
					void *bigger = arena_zalloc(c->a, size * (size_t)cap * 2);

					memcpy(bigger, out, size * (size_t)cap);
					out = bigger;
					cap *= 2;
				}
				o = (struct order *)out + rows++;
				o->so_id = so;
				o->customer_id = col(&cols, f, n, 1);
				o->order_date = col(&cols, f, n, 2);
				o->delivery_date = col(&cols, f, n, 3);
			}
			if (!col(&cols, f, n, 5))
				continue; /* an order without lines */
			struct order_line *lines =
			    arena_zalloc(c->a, sizeof(*lines) * (size_t)(o->nlines + 1));

			if (o->nlines)
				memcpy(lines, o->lines, sizeof(*lines) * (size_t)o->nlines);
			o->lines = lines;
			struct order_line *l = &lines[o->nlines++];

			if (number(c, line, "line_no", col(&cols, f, n, 4), &x, &has))
				return c->e->code;
			l->line_no = has ? (int)x : o->nlines;
			l->item = col(&cols, f, n, 5);
			l->unit = col(&cols, f, n, 6);
			if (number(c, line, "ordered_qty", col(&cols, f, n, 7), &l->ordered_qty,
				   &has))
				return c->e->code;
			if (!has)
				return err_set(c->e, ERR_INVALID, "ordered_qty",
					       "line %d: ordered_qty is required", line);
			if (number(c, line, "delivered_qty", col(&cols, f, n, 8), &l->delivered_qty,
				   &l->has_delivered) ||
			    number(c, line, "price", col(&cols, f, n, 9), &x, &has))
				return c->e->code;
			if (!has)
				return err_set(c->e, ERR_INVALID, "price",
					       "line %d: price is required", line);
			l->price_paise = paise(x);
			/* Batches that filled the line: "B-0412:20;B-0413:5". */
			const char *al = col(&cols, f, n, 10);
			const char **names;
			double *q;

			if (al && !trace_parse_pairs(c->a, al, &names, &q, &l->nallocations))
				return err_set(c->e, ERR_INVALID, "allocations",
					       "line %d: allocations are like B-0412:20;B-0413:5",
					       line);
			if (al) {
				l->allocations = arena_zalloc(
				    c->a, sizeof(*l->allocations) * (size_t)(l->nallocations + 1));
				for (int i = 0; i < l->nallocations; i++)
					l->allocations[i] = (struct allocation){names[i], q[i]};
			}
		}
	}
	if (n < 0)
		return err_set(c->e, ERR_INVALID, NULL, "%s", csv.error);
	enum err_code rc = which == 0	? svc_import_customers(c, out, rows)
			   : which == 1 ? svc_import_orders(c, out, rows)
					: svc_import_invoices(c, out, rows);

	if (!rc)
		*count = rows;
	return rc;
}
