/* The ERP's records that tickets link to: customers (Zoho Books), sales orders with their
 * lines, and invoices, keyed by the ERP's own string ids and kept here as imported copies. */
#ifndef TICKETD_STORE_RECORD_H
#define TICKETD_STORE_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

struct customer {
	const char *customer_id;
	const char *name;
	const char *type; /* hotel, restaurant, home */
	const char *phone;
	const char *email;
};

/* Which batch (and how much of it) filled an order line. */
struct allocation {
	const char *batch_number;
	double qty;
};

struct order_line {
	int line_no;
	const char *item;
	const char *unit;
	double ordered_qty;
	bool has_delivered;
	double delivered_qty;
	int64_t price_paise;
	struct allocation *allocations;
	int nallocations;
};

struct order {
	const char *so_id;
	const char *customer_id;
	const char *order_date;	   /* YYYY-MM-DD */
	const char *delivery_date; /* YYYY-MM-DD or NULL */
	struct order_line *lines;
	int nlines;
};

struct invoice {
	const char *invoice_id;
	const char *so_id;
	const char *number;
	const char *date;
	int64_t total_paise;
};

/* Upserts: insert, or replace every field of the record with the same id.  An order's
 * lines are replaced whole, with their batch allocations.  ERR_INVALID when a record refers
 * to one that does not exist (a customer, or an allocation's batch). */
enum err_code store_customer_upsert(struct db *db, const struct customer *c, int64_t now,
				    struct error *e);
enum err_code store_order_upsert(struct db *db, const struct order *o, int64_t now,
				 struct error *e);
enum err_code store_invoice_upsert(struct db *db, const struct invoice *inv, int64_t now,
				   struct error *e);

/* This file's static SQL (struct db_sql_table). */
extern const struct db_sql_table store_record_sql;

/* Reads; strings live in arena a.  ERR_NOT_FOUND when the id is unknown. */
enum err_code store_customer_get(struct db *db, struct arena *a, const char *id,
				 struct customer *out, struct error *e);
enum err_code store_order_get(struct db *db, struct arena *a, const char *so_id, struct order *out,
			      struct error *e);
enum err_code store_invoice_get(struct db *db, struct arena *a, const char *invoice_id,
				struct invoice *out, struct error *e);
struct batch_allocation;
/* A sales order as a B2B ticket shows it: the order with its lines, the batches each line
 * came from (struct batch_allocation is batch.h's; by line, then batch), its customer
 * (has_customer false when the records do not know it) and its invoices (by date, then id),
 * everything in one arena. */
struct order_context {
	struct order order;
	struct batch_allocation *allocations;
	int nallocations;
	bool has_customer;
	struct customer customer;
	struct invoice *invoices;
	int ninvoices;
};
/* Order so_id with its context, at most max_invoices invoices, in one statement.
 * ERR_NOT_FOUND when the order is unknown. */
enum err_code store_order_context(struct db *db, struct arena *a, const char *so_id,
				  struct order_context *out, int max_invoices, struct error *e);

/* The sales order ids of a customer, newest order first, at most max, into out (strings in
 * arena a); returns how many in *n.  An unknown customer has none. */
enum err_code store_orders_of_customer(struct db *db, struct arena *a, const char *customer_id,
				       const char **out, int max, int *n, struct error *e);

/* Customers whose name, id, phone or email contains q (case-insensitive), name order. */
enum err_code store_customer_search(struct db *db, struct arena *a, const char *q, int limit,
				    struct customer *out, int *n, struct error *e);

#endif
