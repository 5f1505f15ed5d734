/* The demo dataset for `ticketd serve --demo`: staff of every role, hotels, restaurants and
 * homes, a week of orders and invoices, and tickets of all three kinds in every status.
 * Everything goes through the same use cases as the API (import, create, assign, ...). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "evidence.h"
#include "service.h"
#include "../store/template.h"
#include "trace.h"
#include "../base/clock.h"
#include "../base/timefmt.h"
#include "../base/banned.h"

#define DEMO_PASSWORD "demo-password"

static const struct {
	const char *email, *name, *role;
} demo_users[] = {
    {"agent@demo.test", "Priya Nair", "agent"},
    {"agent2@demo.test", "Arjun Desai", "agent"},
    {"manager@demo.test", "Kavita Rao", "manager"},
    {"admin@demo.test", "Sanjay Kulkarni", "admin"},
    {"developer@demo.test", "Meera Joshi", "developer"},
    {"reporter@demo.test", "Imran Qureshi", "reporter"},
};

static struct customer demo_customers[] = {
    {"ZC-1001", "The Grand Maratha Hotel", "hotel", "+91 22 6655 1000",
     "purchase@grandmaratha.example"},
    {"ZC-1002", "Sea Breeze Residency", "hotel", "+91 22 4040 2200", "chef@seabreeze.example"},
    {"ZC-1003", "Spice Route Kitchen", "restaurant", "+91 98200 11223",
     "orders@spiceroute.example"},
    {"ZC-1004", "Trattoria Bandra", "restaurant", "+91 98190 44556", "kitchen@trattoria.example"},
    {"ZC-1005", "Green Leaf Cafe", "restaurant", "+91 99300 77889", "hello@greenleaf.example"},
    {"ZC-2001", "Ananya Iyer", "home", "+91 98765 43210", "ananya.iyer@example.com"},
    {"ZC-2002", "Rohit Mehta", "home", "+91 91234 56780", "rohit.m@example.com"},
};

struct demo_line {
	const char *item, *unit;
	double ordered, delivered;
	double price;
};

static const struct demo_line lines_a[] = {
    {"Tomato (hybrid)", "kg", 40, 40, 32},
    {"Onion (Nashik red)", "kg", 60, 55, 28},
    {"Coriander", "bunch", 30, 30, 12},
    {"Iceberg lettuce", "head", 24, 20, 55},
};
static const struct demo_line lines_b[] = {
    {"Alphonso mango", "dozen", 10, 10, 650},
    {"Strawberry", "punnet", 20, 18, 120},
    {"Baby spinach", "kg", 8, 8, 140},
};
static const struct demo_line lines_c[] = {
    {"Avocado (Hass)", "piece", 50, 50, 85},
    {"Red capsicum", "kg", 12, 12, 160},
    {"Potato (Agra)", "kg", 80, 80, 26},
    {"Banana (Robusta)", "dozen", 25, 22, 48},
};

/* A home's basket, delivered today (within the claim window) and three days ago (past it):
 * the customer portal's deliveries at first sight. */
static const struct demo_line lines_home[] = {
    {"Alphonso mango", "dozen", 1, 1, 900},
    {"Strawberry", "punnet", 2, 2, 180},
    {"Avocado (Hass)", "piece", 4, 4, 95},
};

static const struct {
	const char *so_id, *customer_id;
	int days_ago;
	const struct demo_line *lines;
	int nlines;
} demo_orders[] = {
    {"SO-24-0811", "ZC-1001", 1, lines_a, 4},  {"SO-24-0812", "ZC-1002", 1, lines_b, 3},
    {"SO-24-0813", "ZC-1003", 2, lines_c, 4},  {"SO-24-0814", "ZC-1004", 3, lines_a, 4},
    {"SO-24-0815", "ZC-1005", 4, lines_b, 3},  {"SO-24-0816", "ZC-1001", 5, lines_c, 4},
    {"WC-58213", "ZC-2001", 0, lines_home, 3}, {"WC-58240", "ZC-2002", 3, lines_home, 3},
};

/* A ticket to create and the steps that bring it to its demo status. */
struct demo_ticket {
	enum kind kind;
	const char *fields[TF__MAX];
	int creator;	   /* index into demo_users */
	int assignee;	   /* -1: none */
	const char *steps; /* a: assign, p: in_progress, w: awaiting_customer, t: triaged,
			    * r: resolve, c: close, m: a comment */
	const char *resolution, *notes;
	double amount; /* rupees, for credit notes and refunds */
};

#define F(f, v) [TF_##f] = v

static const struct demo_ticket demo_tickets[] = {
    {KIND_B2B,
     {F(CUSTOMER_ID, "ZC-1001"), F(SO_ID, "SO-24-0811"), F(CATEGORY, "damaged_items"),
      F(PRIORITY, "urgent"), F(REQUESTED_RESOLUTION, "credit_note"),
      F(ITEMS_AFFECTED, "Iceberg lettuce, 4 heads"),
      F(DESCRIPTION, "Chef Rao called at 6:40: four heads of iceberg arrived crushed at the "
		     "bottom of the crate. Breakfast service needs replacements today.")},
     0,
     -1,
     "",
     NULL,
     NULL},
    {KIND_B2B,
     {F(CUSTOMER_ID, "ZC-1002"), F(SO_ID, "SO-24-0812"), F(CATEGORY, "missing_items"),
      F(PRIORITY, "high"), F(REQUESTED_RESOLUTION, "replacement"),
      F(ITEMS_AFFECTED, "Strawberry, 2 punnets"),
      F(DESCRIPTION, "Invoice says 20 punnets of strawberries, the kitchen counted 18.")},
     0,
     0,
     "a",
     NULL,
     NULL},
    {KIND_B2B,
     {F(CUSTOMER_ID, "ZC-1003"), F(SO_ID, "SO-24-0813"), F(CATEGORY, "over_under_ripe"),
      F(PRIORITY, "medium"), F(REQUESTED_RESOLUTION, "credit_note"),
      F(BATCH_NUMBER, "BT-2411-AV07"),
      F(DESCRIPTION, "Half the Hass avocados are rock hard; they ordered ready-to-eat.")},
     1,
     1,
     "apm",
     NULL,
     NULL},
    {KIND_B2B,
     {F(CUSTOMER_ID, "ZC-1004"), F(SO_ID, "SO-24-0814"), F(CATEGORY, "late_delivery"),
      F(PRIORITY, "high"), F(REQUESTED_RESOLUTION, "goodwill"),
      F(DESCRIPTION, "Van reached at 9:50 instead of 7:00; lunch prep started late.")},
     0,
     0,
     "apw",
     NULL,
     NULL},
    {KIND_B2B,
     {F(CUSTOMER_ID, "ZC-1005"), F(SO_ID, "SO-24-0815"), F(CATEGORY, "wrong_quantities"),
      F(PRIORITY, "low"), F(REQUESTED_RESOLUTION, "credit_note"),
      F(DESCRIPTION, "Baby spinach invoiced as 8 kg, delivered weight 7.2 kg.")},
     1,
     1,
     "apr",
     "credit_note",
     "Credit note CN-24-0192 for 0.8 kg spinach issued in Zoho.",
     112},
    {KIND_B2B,
     {F(CUSTOMER_ID, "ZC-1001"), F(SO_ID, "SO-24-0816"), F(CATEGORY, "pricing_query"),
      F(PRIORITY, "low"),
      F(DESCRIPTION, "Purchase asked why Robusta bananas went from 44 to 48 a dozen.")},
     0,
     0,
     "aprc",
     "no_action",
     "Explained the seasonal price change; customer satisfied."},

    {KIND_B2C,
     {F(CUSTOMER_NAME, "Ananya Iyer"), F(CUSTOMER_PHONE, "+91 98765 43210"),
      F(CUSTOMER_ID, "ZC-2001"), F(WOO_ORDER_NUMBER, "WC-58213"), F(CATEGORY, "spoiled_items"),
      F(DELIVERY_DATE, "@0"),
      F(DESCRIPTION, "WhatsApp: two mangoes in the box are black inside. Photo sent.")},
     0,
     -1,
     "",
     NULL,
     NULL},
    {KIND_B2C,
     {F(CUSTOMER_NAME, "Rohit Mehta"), F(CUSTOMER_EMAIL, "rohit.m@example.com"),
      F(WOO_ORDER_NUMBER, "WC-58190"), F(CATEGORY, "delivery_not_received"), F(PRIORITY, "high"),
      F(DELIVERY_DATE, "@1"),
      F(DESCRIPTION, "App shows delivered yesterday evening, nothing at the door.")},
     0,
     0,
     "a",
     NULL,
     NULL},
    {KIND_B2C,
     {F(CUSTOMER_NAME, "Neha Kapoor"), F(CUSTOMER_PHONE, "+91 90040 12345"),
      F(WOO_ORDER_NUMBER, "WC-57977"), F(CATEGORY, "damaged_items"), F(DELIVERY_DATE, "@3"),
      F(DESCRIPTION, "Eggs tray cracked and strawberries squashed; reported three days after "
		     "delivery.")},
     1,
     1,
     "ap",
     NULL,
     NULL},
    {KIND_B2C,
     {F(CUSTOMER_NAME, "Farhan Ali"), F(CUSTOMER_PHONE, "+91 98201 99887"),
      F(WOO_ORDER_NUMBER, "WC-58001"), F(CATEGORY, "wrong_items"), F(DELIVERY_DATE, "@0"),
      F(DESCRIPTION, "Got green capsicum instead of red. Asked him for a photo of the bill.")},
     0,
     0,
     "apw",
     NULL,
     NULL},
    {KIND_B2C,
     {F(CUSTOMER_NAME, "Lakshmi Menon"), F(CUSTOMER_PHONE, "+91 94470 22334"),
      F(WOO_ORDER_NUMBER, "WC-57950"), F(CATEGORY, "refund_request"), F(DELIVERY_DATE, "@0"),
      F(DESCRIPTION, "Cancelled subscription box still charged.")},
     1,
     1,
     "apr",
     "refund",
     "Refund of 499 processed through the payment gateway.",
     499},
    {KIND_B2C,
     {F(CUSTOMER_NAME, "Rohit Mehta"), F(CUSTOMER_PHONE, "+91 91234 56780"),
      F(WOO_ORDER_NUMBER, "WC-57801"), F(CATEGORY, "track_order"), F(PRIORITY, "low"),
      F(DELIVERY_DATE, "@0"), F(DESCRIPTION, "Asked when the Sunday box arrives.")},
     0,
     0,
     "aprc",
     "no_action",
     "Shared the delivery slot on WhatsApp."},

    {KIND_INTERNAL,
     {F(TITLE, "Invoice PDF shows wrong GST for fruit"), F(CATEGORY, "bug"), F(PRIORITY, "high"),
      F(AFFECTED_MODULE, "Invoicing"),
      F(DESCRIPTION, "GST 5% printed on exempt fresh fruit lines."),
      F(STEPS_TO_REPRODUCE, "Create an invoice with Alphonso mango; download the PDF."),
      F(EXPECTED_BEHAVIOR, "Fresh fruit lines show GST exempt."),
      F(ACTUAL_BEHAVIOR, "They show GST 5%.")},
     5,
     -1,
     "",
     NULL,
     NULL},
    {KIND_INTERNAL,
     {F(TITLE, "Add batch number to the packing slip"), F(CATEGORY, "feature_request"),
      F(PRIORITY, "medium"), F(AFFECTED_MODULE, "Outward"),
      F(DESCRIPTION, "Packers want the batch printed so complaints can be traced.")},
     0,
     4,
     "t",
     NULL,
     NULL},
    {KIND_INTERNAL,
     {F(TITLE, "Receiving screen slow at 5 am"), F(CATEGORY, "performance"),
      F(PRIORITY, "critical"), F(AFFECTED_MODULE, "Inward"),
      F(DESCRIPTION, "Saving a received batch takes 20 seconds during the morning rush.")},
     2,
     4,
     "tp",
     NULL,
     NULL},
    {KIND_INTERNAL,
     {F(TITLE, "Cannot log in after password reset"), F(CATEGORY, "user_access"),
      F(PRIORITY, "high"), F(DESCRIPTION, "Reset link says expired immediately.")},
     5,
     4,
     "tpr",
     "fixed",
     "Reset tokens now live 24 hours; deployed."},
    {KIND_INTERNAL,
     {F(TITLE, "How do I export the wastage report?"), F(CATEGORY, "training"), F(PRIORITY, "low"),
      F(DESCRIPTION, "Need the monthly wastage for the farm review.")},
     2,
     4,
     "tprc",
     "answered",
     "Shared the export steps and a short screen recording."},
};

/* How many hours ago each demo ticket was raised, in the order of demo_tickets. */
static const int demo_hours_ago[] = {1,	 3,  20,  30, 52, 100, 2,   5,	50,
				     26, 80, 120, 30, 75, 8,   140, 160};

static const char *date_days_ago(struct arena *a, int days)
{
	int y, m, d;
	char *out = arena_alloc(a, DATE_ISO_LEN);

	civil_from_days(local_day(clock_now()) - days, &y, &m, &d);
	date_format(y, m, d, out);
	return out;
}

/* "@N": 07:30 local time N days ago, as an ISO instant. */
static const char *delivery_instant(struct arena *a, const char *spec)
{
	int days = spec[1] - '0';
	int64_t t = local_day_start(local_day(clock_now()) - days) + 7 * 3600 + 30 * 60;
	char *iso = arena_alloc(a, TIME_ISO_LEN);

	if (t > clock_now())
		t = clock_now() - 60;
	instant_format(t, iso);
	return iso;
}

static enum err_code demo_batches(struct ctx *c, struct order *orders, int no);

static enum err_code load_records(struct ctx *c)
{
	int no = (int)(sizeof(demo_orders) / sizeof(demo_orders[0]));
	struct order *orders = arena_zalloc(c->a, sizeof(*orders) * (size_t)no);
	struct invoice *inv = arena_zalloc(c->a, sizeof(*inv) * (size_t)no);
	enum err_code rc;

	rc = svc_import_customers(c, demo_customers,
				  (int)(sizeof(demo_customers) / sizeof(demo_customers[0])));
	if (rc)
		return rc;
	for (int i = 0; i < no; i++) {
		struct order *o = &orders[i];
		int64_t total = 0;

		o->so_id = demo_orders[i].so_id;
		o->customer_id = demo_orders[i].customer_id;
		o->order_date = date_days_ago(c->a, demo_orders[i].days_ago + 1);
		o->delivery_date = date_days_ago(c->a, demo_orders[i].days_ago);
		o->nlines = demo_orders[i].nlines;
		o->lines = arena_zalloc(c->a, sizeof(*o->lines) * (size_t)o->nlines);
		for (int j = 0; j < o->nlines; j++) {
			const struct demo_line *dl = &demo_orders[i].lines[j];

			o->lines[j] = (struct order_line){j + 1,
							  dl->item,
							  dl->unit,
							  dl->ordered,
							  true,
							  dl->delivered,
							  (int64_t)(dl->price * 100)};
			total += (int64_t)(dl->delivered * dl->price * 100);
		}
		inv[i] = (struct invoice){arena_printf(c->a, "ZI-%d", 5001 + i), o->so_id,
					  arena_printf(c->a, "INV/24-25/%04d", 811 + i),
					  o->delivery_date, total};
	}
	rc = demo_batches(c, orders, no);
	if (!rc)
		rc = svc_import_orders(c, orders, no);
	return rc ? rc : svc_import_invoices(c, inv, no);
}

/* A quantity as the business counts it: punnets, pieces, dozens and heads are whole (at
 * least one), kilograms keep a tenth. */
static double counted(const char *unit, double x)
{
	if (!strcmp(unit, "kg"))
		return (double)(long long)(x * 10 + 0.5) / 10;
	return x < 1 ? 1 : (double)(long long)(x + 0.5);
}

/* Farms, and one batch per product of each order's line set, received at dawn six days ago
 * and allocated to every order with that set: so each batch reaches several customers. */
static struct farm demo_farms[] = {
    {"V-301", "Shinde Farms", "Junnar, Pune", "Ganesh Shinde, +91 94220 31012"},
    {"V-302", "Patil Orchards", "Nashik", "Sunita Patil, +91 98600 11220"},
    {"V-303", "Green Valley FPO", "Ooty, Nilgiris", "R. Kumar, +91 94433 55102"},
};

static enum err_code demo_batches(struct ctx *c, struct order *orders, int no)
{
	struct batch *b = arena_zalloc(c->a, sizeof(*b) * 16);
	int nb = 0;
	enum err_code rc = svc_import_farms(c, demo_farms, 3);

	if (rc)
		return rc;
	for (int i = 0; i < no; i++)
		for (int j = 0; j < orders[i].nlines; j++) {
			const struct demo_line *dl = &demo_orders[i].lines[j];
			int k = 0;

			while (k < nb && strcmp(b[k].product, dl->item))
				k++;
			if (k == nb && nb < 16) {
				double qty = dl->ordered * 3;
				struct grade *g = arena_zalloc(c->a, sizeof(*g) * 2);

				g[0] = (struct grade){"A", counted(dl->unit, qty * 0.8)};
				g[1] = (struct grade){"B", counted(dl->unit, qty * 0.15)};
				b[nb] =
				    (struct batch){.batch_number = arena_printf(
						       c->a, "BT-2411-%c%c%02d",
						       toupper((unsigned char)dl->item[0]),
						       toupper((unsigned char)dl->item[1]), nb),
						   .product = dl->item,
						   .farm_id = demo_farms[nb % 3].farm_id,
						   .unit = dl->unit,
						   .received_at = clock_now() - 6 * 86400,
						   .received_qty = qty,
						   .damaged_qty = counted(dl->unit, qty * 0.02),
						   .rejected_qty = counted(dl->unit, qty * 0.03),
						   .grades = g,
						   .ngrades = 2};
				nb++;
			}
			orders[i].lines[j].allocations =
			    arena_zalloc(c->a, sizeof(struct allocation));
			orders[i].lines[j].allocations[0] =
			    (struct allocation){b[k].batch_number, dl->delivered};
			orders[i].lines[j].nallocations = 1;
		}
	return svc_import_batches(c, b, nb);
}

/* A small photo for the demo's quality complaints (an 8x8 PNG), which need one. */
static const unsigned char demo_photo[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
    0x52, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x08, 0x02, 0x00, 0x00, 0x00, 0x4b,
    0x6d, 0x29, 0xdc, 0x00, 0x00, 0x00, 0x11, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x38,
    0xa1, 0x21, 0x87, 0x15, 0x31, 0x0c, 0x2d, 0x09, 0x00, 0x8a, 0xce, 0x43, 0x81, 0x48, 0xd1,
    0xea, 0xeb, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

static enum err_code play(struct ctx *c, const struct user *users, const struct demo_ticket *d,
			  int64_t created)
{
	struct ticket_input in = {0};
	struct ticket t;
	struct ticket_event ev;
	const char *id;
	enum err_code rc;

	clock_override(created);
	for (int f = 0; f < TF__MAX; f++) {
		if (!d->fields[f])
			continue;
		in.set[f] = true;
		in.v[f] =
		    d->fields[f][0] == '@' ? delivery_instant(c->a, d->fields[f]) : d->fields[f];
	}
	c->who = &users[d->creator];
	struct upload_file photo = {"crate.png", demo_photo, sizeof(demo_photo)};
	struct evidence photos = {
	    .files = &photo, .nfiles = 1, .photos_only = true, .field = "photos"};
	const struct category *cat = category_find(d->kind, d->fields[TF_CATEGORY]);

	rc = svc_ticket_create_with(c, d->kind, &in, cat && cat->photo_required ? &photos : NULL,
				    &t);
	if (rc)
		return rc;
	id = arena_printf(c->a, "%lld", (long long)t.id);
	/* Staff steps are taken by the manager (b2b, b2c) or the developer (internal). */
	c->who = &users[d->kind == KIND_INTERNAL ? 4 : 2];
	for (const char *s = d->steps; *s && !rc; s++) {
		struct ticket_input none = {0};

		/* Each step a little later, as a person would work. */
		created += 25 * 60;
		clock_override(created);
		switch (*s) {
		case 'a':
		case 't':
			if (*s == 't')
				rc = svc_ticket_update(c, d->kind, id, &none, "triaged", &t);
			if (!rc && d->assignee >= 0) {
				struct assignment as = {true, users[d->assignee].id, false, 0};

				rc = svc_ticket_assign(c, d->kind, id, &as, &t);
			}
			break;
		case 'p':
			rc = svc_ticket_update(c, d->kind, id, &none, "in_progress", &t);
			break;
		case 'w':
			rc = svc_ticket_update(c, d->kind, id, &none, "awaiting_customer", &t);
			break;
		case 'r': {
			struct resolution res = {.type = d->resolution,
						 .notes = d->notes,
						 .has_amount = d->amount > 0,
						 .amount = (int64_t)(d->amount * 100)};

			rc = svc_ticket_resolve(c, d->kind, id, &res, NULL, &t, NULL);
			break;
		}
		case 'c':
			rc = svc_ticket_close(c, d->kind, id, "Customer confirmed by phone.",
					      "phone", &t);
			break;
		case 'm':
			rc = svc_ticket_comment(
			    c, d->kind, id, "Checked the batch with receiving: 30% were graded B.",
			    "internal", &ev);
			break;
		default:
			break;
		}
	}
	return rc;
}

/* Teams, templates and a planned release, so every screen has something to show. */
static enum err_code load_work(struct ctx *c, const struct user *users)
{
	int64_t desk[] = {users[0].id, users[1].id, users[2].id};
	struct team team;
	struct template_row t1 = {
	    .name = "Quality apology",
	    .kind = "b2c",
	    .categories = "quality_not_acceptable,damaged_items,spoiled_items",
	    .channel = "whatsapp",
	    .body = "Hi {{customer.name}}, sorry about the produce in order {{order.number}}. "
		    "We have noted it as {{ticket.number}} and will make it right today. "
		    "- {{agent.name}}, Customer care"};
	struct template_row t2 = {
	    .name = "Late delivery",
	    .kind = "b2b",
	    .categories = "late_delivery",
	    .channel = "email",
	    .subject = "Your delivery of {{delivery_date}} ({{ticket.number}})",
	    .body = "Dear {{customer.name}},\n\nWe are sorry that order {{order.number}} "
		    "reached you late on {{delivery_date}}. {{resolution}}\n\nRegards,\n"
		    "{{agent.name}}"};
	struct release rel;
	struct ticket t;
	enum err_code rc;

	c->who = &users[2]; /* the manager keeps teams and templates */
	rc = svc_team_save(c, 0, "Mumbai desk", desk, 3, true, &team);
	if (!rc)
		rc = svc_template_save(c, &t1);
	if (!rc)
		rc = svc_template_save(c, &t2);
	c->who = &users[4]; /* the developer plans the release */
	if (!rc)
		rc = svc_release_save(c, 0, "2.4.0", date_days_ago(c->a, -7),
				      "Faster receiving screen; batch numbers on packing slips.",
				      &rel);
	if (!rc)
		rc = svc_ticket_plan(c, "INT-000002", true, rel.id, true, true, &t);
	if (!rc)
		rc = svc_ticket_plan(c, "INT-000003", true, rel.id, false, false, &t);
	c->who = NULL;
	return rc;
}

enum err_code svc_demo_load(struct ctx *c, bool *loaded)
{
	int nu = (int)(sizeof(demo_users) / sizeof(demo_users[0]));
	struct user *users = arena_zalloc(c->a, sizeof(*users) * (size_t)nu);
	struct db *db = svc_db(c);
	struct db_stmt *st;
	bool empty;
	enum err_code rc;

	*loaded = false;
	if (!db)
		return err_set(c->e, ERR_UNAVAILABLE, NULL, "the database is unavailable");
	st = db_q(db, "SELECT count(*) FROM users", "");
	empty = st && db_step(st) == DB_ROW && db_int(st, 0) == 0;
	db_done(st);
	if (!empty)
		return ERR_OK;
	for (int i = 0; i < nu; i++) {
		int64_t id;

		rc = svc_user_add(c, demo_users[i].email, demo_users[i].name, demo_users[i].role,
				  DEMO_PASSWORD, &id);
		if (!rc)
			rc = store_user_get(db, c->a, id, &users[i], c->e);
		if (rc)
			return rc;
	}
	rc = load_records(c);
	int64_t now = clock_now();

	_Static_assert(sizeof(demo_hours_ago) / sizeof(demo_hours_ago[0]) ==
			   sizeof(demo_tickets) / sizeof(demo_tickets[0]),
		       "one age per demo ticket");
	for (size_t i = 0; !rc && i < sizeof(demo_tickets) / sizeof(demo_tickets[0]); i++)
		rc = play(c, users, &demo_tickets[i], now - demo_hours_ago[i] * 3600);
	clock_override(0);
	c->who = NULL;
	if (!rc)
		rc = load_work(c, users);
	if (!rc)
		*loaded = true;
	return rc;
}
