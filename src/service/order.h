/* A sales order as a B2B ticket shows it: the order with its lines and the batches each
 * line came from, its customer and its invoices, read at once into one view. */
#ifndef TICKETD_SERVICE_ORDER_H
#define TICKETD_SERVICE_ORDER_H

#include "service.h"
#include "../store/batch.h"

#define ORDER_INVOICES_MAX 20 /* struct order_context (record.h) holds at most these */

/* The order so_id with its context; ERR_NOT_FOUND (or the store's error) when the order
 * cannot be read.  Allocations, customer and invoices that cannot be read are left out. */
enum err_code svc_order_context(struct ctx *c, const char *so_id, struct order_context *out);
/* Customer id's newest orders, at most max, each with its context (those that cannot be read
 * are left out); ERR_NOT_FOUND when the customer is unknown. */
enum err_code svc_orders_of_customer(struct ctx *c, const char *customer_id, int max,
				     struct order_context **out, int *n);

#endif
