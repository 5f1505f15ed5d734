/* ticketd-bench-gen: fills a fresh data directory with a realistic ticket history for
 * `make bench` (issue 2): staff of every role, a few hundred hotels, restaurants and homes
 * with two years of sales orders and invoices, and N tickets (default 1,000,000; about 35%
 * b2b, 45% b2c, 20% internal) spread over two years with a growing business, in plausible
 * statuses and priorities, each with its audit trail (at least the `created` event).
 *
 * Rows go in through the store layer (store_ticket_insert, store_event_add, ...) in large
 * transactions, so the FTS triggers, the indexes and the schema are the server's own.
 * Everything is deterministic for a given --seed, except that "now" is the real time.
 *
 *   ticketd-bench-gen --data DIR [--tickets N] [--seed S] [--ids FILE]
 *
 * --ids writes a uniform sample of customer tickets as "kind id" lines, the ids the
 * get-by-id benchmark asks for. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/arena.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/timefmt.h"
#include "domain/ticket.h"
#include "service/service.h"
#include "base/banned.h"

#define BATCH		    10000 /* tickets per transaction */
#define DAYS		    730	  /* two years of history */
#define ORDERS_PER_CUSTOMER 24
#define N_HOTELS	    110
#define N_RESTAURANTS	    190
#define N_HOMES		    200

/* --- a small deterministic generator (splitmix64) --------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* 0 <= r < n */
static int rn(int n)
{
	return (int)(rnd() % (uint64_t)n);
}

static double rf(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

/* An index drawn from integer weights. */
static int pick_w(const int *w, int n)
{
	int total = 0, r;

	for (int i = 0; i < n; i++)
		total += w[i];
	r = rn(total);
	for (int i = 0; i < n; i++) {
		if (r < w[i])
			return i;
		r -= w[i];
	}
	return n - 1;
}

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define PICK(a)	 ((a)[rn(NELEM(a))])

/* --- the business's words ------------------------------------------------------------ */

static const struct produce {
	const char *name, *unit;
	int price; /* rupees per unit */
} produce[] = {
    {"Tomato (hybrid)", "kg", 32},
    {"Tomato (cherry)", "punnet", 90},
    {"Onion (Nashik red)", "kg", 28},
    {"Potato (Agra)", "kg", 26},
    {"Iceberg lettuce", "head", 55},
    {"Romaine lettuce", "head", 70},
    {"Baby spinach", "kg", 140},
    {"Coriander", "bunch", 12},
    {"Mint", "bunch", 10},
    {"Alphonso mango", "dozen", 650},
    {"Kesar mango", "dozen", 480},
    {"Banana (Robusta)", "dozen", 48},
    {"Avocado (Hass)", "piece", 85},
    {"Red capsicum", "kg", 160},
    {"Green capsicum", "kg", 60},
    {"Cucumber", "kg", 40},
    {"Carrot (Ooty)", "kg", 50},
    {"Cauliflower", "piece", 35},
    {"Broccoli", "kg", 180},
    {"Strawberry (Mahabaleshwar)", "punnet", 120},
    {"Pomegranate", "kg", 160},
    {"Papaya", "kg", 45},
    {"Watermelon", "piece", 60},
    {"Lemon", "dozen", 40},
    {"Ginger", "kg", 120},
    {"Garlic", "kg", 200},
    {"Green chilli", "kg", 80},
    {"Button mushroom", "punnet", 60},
    {"Zucchini", "kg", 120},
    {"Okra (bhindi)", "kg", 60},
    {"Brinjal", "kg", 45},
    {"French beans", "kg", 80},
    {"Sweet corn", "piece", 20},
    {"Grapes (Thompson seedless)", "kg", 110},
    {"Apple (Shimla)", "kg", 180},
    {"Orange (Nagpur)", "kg", 90},
    {"Guava", "kg", 70},
    {"Pineapple", "piece", 70},
    {"Drumstick", "kg", 90},
    {"Curry leaves", "bunch", 8},
};

/* The staples are ordered far more often than the rest. */
static const struct produce *some_produce(void)
{
	static const int staples[] = {0, 0, 0, 2, 2, 3, 4, 6, 7, 9, 11, 13, 15, 16, 0, 2};

	return rn(3) ? &produce[staples[rn(NELEM(staples))]] : &produce[rn(NELEM(produce))];
}

/* "Iceberg lettuce" from "Iceberg lettuce (x)": the word people use in a sentence. */
static const char *plain(struct arena *a, const char *name)
{
	const char *p = strstr(name, " (");

	return p ? arena_strndup(a, name, (size_t)(p - name)) : name;
}

static const char *const first_names[] = {
    "Priya",  "Arjun",	 "Kavita", "Sanjay", "Meera",	 "Imran", "Ananya",  "Rohit", "Neha",
    "Farhan", "Lakshmi", "Vikram", "Sneha",  "Rahul",	 "Pooja", "Aditya",  "Divya", "Karan",
    "Nisha",  "Suresh",	 "Fatima", "Joseph", "Gurpreet", "Asha",  "Manoj",   "Deepa", "Tarun",
    "Swati",  "Harish",	 "Zoya",   "Nikhil", "Rekha",	 "Aman",  "Shalini", "Vivek", "Anjali",
};
static const char *const last_names[] = {
    "Nair",   "Desai", "Rao",	   "Kulkarni",	"Joshi",   "Qureshi", "Iyer",	"Mehta",
    "Kapoor", "Ali",   "Menon",	   "Shetty",	"Patil",   "Sharma",  "Gupta",	"Reddy",
    "Singh",  "Khan",  "D'Souza",  "Fernandes", "Pillai",  "Chopra",  "Bhat",	"Sawant",
    "Naidu",  "Das",   "Banerjee", "Malhotra",	"Gokhale", "Verma",   "Thakur", "Mishra",
};
static const char *const hotel_words[] = {"Grand",     "Sea Breeze", "Royal",	 "Orchid",
					  "Residency", "Palm Grove", "Heritage", "Lakeview",
					  "Taj View",  "Sahyadri",   "Marine",	 "Sunrise"};
static const char *const hotel_kinds[] = {"Hotel", "Residency", "Suites", "Inn", "Resort"};
static const char *const restaurant_words[] = {
    "Spice Route", "Trattoria",	   "Green Leaf", "Coastal",   "Tandoor",       "Saffron",
    "Bombay",	   "Curry Leaf",   "Olive",	 "Bistro 22", "Masala",	       "Konkan",
    "Udupi",	   "Little Italy", "Dragon Wok", "Chaat",     "Filter Coffee", "Biryani"};
static const char *const restaurant_kinds[] = {"Kitchen", "Cafe",   "House",  "Bar & Grill",
					       "Dhaba",	  "Bistro", "Canteen"};
static const char *const areas[] = {"Bandra", "Andheri", "Colaba",	  "Powai", "Juhu",
				    "Worli",  "Thane",	 "Koregaon Park", "Baner", "Vashi"};

static const char *person(struct arena *a)
{
	return arena_printf(a, "%s %s", PICK(first_names), PICK(last_names));
}

static const char *phone(struct arena *a)
{
	return arena_printf(a, "+91 9%04d %05d", rn(10000), rn(100000));
}

/* --- users ---------------------------------------------------------------------------- */

#define N_AGENTS     40
#define N_MANAGERS   6
#define N_ADMINS     3
#define N_DEVELOPERS 12
#define N_REPORTERS  150

struct staff {
	int64_t id;
	const char *name;
};

static struct staff agents[N_AGENTS], managers[N_MANAGERS], admins[N_ADMINS],
    developers[N_DEVELOPERS], reporters[N_REPORTERS];

static int add_users(struct db *db, struct arena *a, const char *prefix, enum role role,
		     struct staff *out, int n, int64_t now)
{
	struct error e;

	for (int i = 0; i < n; i++) {
		const char *email = arena_printf(a, "%s%02d@bench.test", prefix, i + 1);

		out[i].name = person(a);
		if (store_user_insert(db, email, out[i].name, role, NULL, now, &out[i].id, &e)) {
			fprintf(stderr, "ticketd-bench-gen: user %s: %s\n", email, e.message);
			return -1;
		}
	}
	return 0;
}

/* An agent, skewed: a few people carry most of the queue (agent01 is the bench user). */
static const struct staff *some_agent(void)
{
	int i = rn(3) ? rn(N_AGENTS / 4) : rn(N_AGENTS);

	return &agents[i];
}

/* --- customers, orders and invoices ---------------------------------------------------- */

#define N_B2B (N_HOTELS + N_RESTAURANTS)

struct b2b_customer {
	const char *id, *name;
	const char *so[ORDERS_PER_CUSTOMER];
	const char *invoice[ORDERS_PER_CUSTOMER];
	int64_t delivery_day[ORDERS_PER_CUSTOMER];
	const struct produce *lines[ORDERS_PER_CUSTOMER][6];
	int nlines[ORDERS_PER_CUSTOMER];
};

static struct b2b_customer b2b[N_B2B];

struct home {
	const char *id, *name, *phone, *email;
};

static struct home homes[N_HOMES];

static const char *date_of_day(struct arena *a, int64_t day)
{
	int y, m, d;
	char *out = arena_alloc(a, DATE_ISO_LEN);

	civil_from_days(day, &y, &m, &d);
	date_format(y, m, d, out);
	return out;
}

static const char *email_of(struct arena *a, const char *name, const char *domain)
{
	char *s = arena_strdup(a, name);
	size_t j = 0;

	for (size_t i = 0; s[i]; i++) {
		char ch = s[i];

		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
			s[j++] = ch;
		else if (ch == ' ' && j && s[j - 1] != '.')
			s[j++] = '.';
	}
	s[j] = '\0';
	return arena_printf(a, "%s@%s", s, domain);
}

static int load_records(struct store *st, struct arena *a, int64_t first_day)
{
	struct error e;
	struct ctx c = {st, a, NULL, &e};
	int nc = N_B2B + N_HOMES, no = N_B2B * ORDERS_PER_CUSTOMER;
	struct customer *cs = arena_zalloc(a, sizeof(*cs) * (size_t)nc);
	struct order *os = arena_zalloc(a, sizeof(*os) * (size_t)no);
	struct invoice *is = arena_zalloc(a, sizeof(*is) * (size_t)no);
	int so_no = 1, inv_no = 1;

	err_clear(&e);
	for (int i = 0; i < N_B2B; i++) {
		struct b2b_customer *b = &b2b[i];
		bool hotel = i < N_HOTELS;

		b->id = arena_printf(a, "ZC-%d", 10001 + i);
		b->name = hotel ? arena_printf(a, "The %s %s, %s", PICK(hotel_words),
					       PICK(hotel_kinds), PICK(areas))
				: arena_printf(a, "%s %s %s", PICK(restaurant_words),
					       PICK(restaurant_kinds), PICK(areas));
		cs[i] = (struct customer){b->id, b->name, hotel ? "hotel" : "restaurant", phone(a),
					  email_of(a, hotel ? "purchase" : "kitchen",
						   arena_printf(a, "zc%d.example", 10001 + i))};
		for (int k = 0; k < ORDERS_PER_CUSTOMER; k++) {
			struct order *o = &os[i * ORDERS_PER_CUSTOMER + k];
			struct invoice *inv = &is[i * ORDERS_PER_CUSTOMER + k];
			/* Orders spread over the two years, one slot per order. */
			int64_t day = first_day + (int64_t)k * DAYS / ORDERS_PER_CUSTOMER +
				      rn(DAYS / ORDERS_PER_CUSTOMER);
			int64_t total = 0;

			b->so[k] = arena_printf(a, "SO-%06d", so_no++);
			b->invoice[k] = arena_printf(a, "ZI-%06d", inv_no);
			b->delivery_day[k] = day + 1;
			o->so_id = b->so[k];
			o->customer_id = b->id;
			o->order_date = date_of_day(a, day);
			o->delivery_date = date_of_day(a, day + 1);
			o->nlines = 3 + rn(4);
			b->nlines[k] = o->nlines;
			o->lines = arena_zalloc(a, sizeof(*o->lines) * (size_t)o->nlines);
			for (int j = 0; j < o->nlines; j++) {
				const struct produce *p = some_produce();
				double qty = 5 + rn(56);
				double got = rn(5) ? qty : qty - 1 - rn(4);

				b->lines[k][j] = p;
				o->lines[j] = (struct order_line){j + 1,
								  p->name,
								  p->unit,
								  qty,
								  true,
								  got,
								  (int64_t)p->price * 100};
				total += (int64_t)(got * p->price * 100);
			}
			*inv = (struct invoice){b->invoice[k], b->so[k],
						arena_printf(a, "INV/%06d", inv_no),
						o->delivery_date, total};
			inv_no++;
		}
	}
	for (int i = 0; i < N_HOMES; i++) {
		struct home *h = &homes[i];

		h->id = arena_printf(a, "ZC-%d", 20001 + i);
		h->name = person(a);
		h->phone = phone(a);
		h->email = email_of(a, h->name, "example.com");
		cs[N_B2B + i] = (struct customer){h->id, h->name, "home", h->phone, h->email};
	}
	if (svc_import_customers(&c, cs, nc) || svc_import_orders(&c, os, no) ||
	    svc_import_invoices(&c, is, no)) {
		fprintf(stderr, "ticketd-bench-gen: records: %s (%s)\n", e.message,
			e.field ? e.field : "");
		return -1;
	}
	return 0;
}

/* --- ticket text ------------------------------------------------------------------------ */

/* Category codes and weights per kind: order problems and quality dominate. */
struct weighted {
	const char *code;
	int w;
};

static const struct weighted b2b_categories[] = {
    {"wrong_items", 7},	      {"wrong_quantities", 12},	   {"missing_items", 10},
    {"late_delivery", 12},    {"early_delivery", 2},	   {"quality_below_standard", 14},
    {"damaged_items", 12},    {"over_under_ripe", 8},	   {"foreign_objects", 2},
    {"full_return", 1},	      {"partial_return", 4},	   {"credit_request", 5},
    {"refund_request", 1},    {"product_availability", 3}, {"pricing_query", 4},
    {"delivery_schedule", 2}, {"account_issue", 1},
};
static const struct weighted b2c_categories[] = {
    {"wrong_items", 9},	     {"wrong_quantities", 7},	   {"missing_items", 12},
    {"late_delivery", 14},   {"delivery_not_received", 6}, {"quality_not_acceptable", 12},
    {"damaged_items", 10},   {"spoiled_items", 10},	   {"full_return", 1},
    {"partial_return", 3},   {"refund_request", 6},	   {"track_order", 5},
    {"product_question", 2}, {"account_subscription", 3},
};
static const struct weighted internal_categories[] = {
    {"bug", 35},	{"feature_request", 15}, {"enhancement", 12}, {"user_access", 12},
    {"data_issue", 12}, {"performance", 8},	 {"training", 6},
};

static const char *pick_category(const struct weighted *c, int n)
{
	int w[32];

	for (int i = 0; i < n; i++)
		w[i] = c[i].w;
	return c[pick_w(w, n)].code;
}

/* A title for a customer ticket: what someone would type while the chef is on the phone. */
static const char *customer_title(struct arena *a, const char *cat, const char *item, int qty,
				  const char *unit)
{
	const struct produce *other = some_produce();

	if (!strcmp(cat, "wrong_items"))
		return rn(2) ? arena_printf(a, "Got %s instead of %s", plain(a, other->name), item)
			     : arena_printf(a, "Wrong variety of %s delivered", item);
	if (!strcmp(cat, "wrong_quantities"))
		return rn(2) ? arena_printf(a, "Short weight on %s", item)
			     : arena_printf(a, "%s delivered short by %d %s", item, qty, unit);
	if (!strcmp(cat, "missing_items"))
		return rn(2) ? arena_printf(a, "%s missing from delivery", item)
			     : arena_printf(a, "%s not in the crate", item);
	if (!strcmp(cat, "late_delivery"))
		return rn(2) ? "Delivery arrived late"
			     : arena_printf(a, "Van late, %s needed for breakfast service", item);
	if (!strcmp(cat, "early_delivery"))
		return "Delivery came before receiving opened";
	if (!strcmp(cat, "delivery_not_received"))
		return rn(2) ? "Order not received" : "Box marked delivered but not received";
	if (!strcmp(cat, "quality_below_standard") || !strcmp(cat, "quality_not_acceptable")) {
		static const char *const f[] = {"%s not up to standard", "%s soft and watery",
						"%s with black spots", "%s tasteless, looks old",
						"%s graded B sent as A"};
		return arena_printf(a, PICK(f), item);
	}
	if (!strcmp(cat, "damaged_items")) {
		static const char *const f[] = {"%s crushed in crate", "%s bruised on arrival",
						"%s squashed in box", "Crate broken, %s damaged"};
		return arena_printf(a, PICK(f), item);
	}
	if (!strcmp(cat, "over_under_ripe"))
		return rn(2) ? arena_printf(a, "%s over-ripe", item)
			     : arena_printf(a, "%s too raw to use", item);
	if (!strcmp(cat, "foreign_objects"))
		return rn(2) ? arena_printf(a, "Stones found in %s bag", item)
			     : arena_printf(a, "Plastic in %s crate", item);
	if (!strcmp(cat, "spoiled_items"))
		return rn(2) ? arena_printf(a, "%s rotten inside", item)
			     : arena_printf(a, "%s spoiled on arrival", item);
	if (!strcmp(cat, "full_return"))
		return "Return the whole order";
	if (!strcmp(cat, "partial_return"))
		return arena_printf(a, "Return %d %s of %s", qty, unit, item);
	if (!strcmp(cat, "credit_request"))
		return arena_printf(a, "Credit note for %s", item);
	if (!strcmp(cat, "refund_request"))
		return arena_printf(a, "Refund for %s", item);
	if (!strcmp(cat, "product_availability"))
		return arena_printf(a, "Is %s available next week?", item);
	if (!strcmp(cat, "pricing_query"))
		return arena_printf(a, "Why did %s price go up?", item);
	if (!strcmp(cat, "delivery_schedule"))
		return rn(2) ? "Move delivery slot to 6 am" : "No delivery on Sunday please";
	if (!strcmp(cat, "account_issue"))
		return rn(2) ? "Credit limit reached on account"
			     : "Statement does not match invoices";
	if (!strcmp(cat, "track_order"))
		return "Where is my order?";
	if (!strcmp(cat, "product_question"))
		return arena_printf(a, "Is the %s organic?", item);
	return rn(2) ? "Pause weekly subscription box" : "Change delivery address";
}

static const char *customer_description(struct arena *a, bool is_b2b, const char *cat,
					const char *item, int qty, const char *unit)
{
	static const char *const b2b_openers[] = {
	    "Chef %s called at %d:%02d.", "Purchase manager %s emailed at %d:%02d.",
	    "Sous chef %s sent a WhatsApp photo at %d:%02d.",
	    "Receiving (%s) flagged it at the gate at %d:%02d.",
	    "%s from the kitchen rang the helpline at %d:%02d, quite upset."};
	static const char *const b2c_openers[] = {
	    "WhatsApp from %s at %d:%02d.", "%s called the helpline at %d:%02d.",
	    "Email from %s at %d:%02d.", "%s left a review on the app at %d:%02d."};
	static const char *const asks_b2b[] = {"Needs replacement before lunch service.",
					       "Requests a credit note on the invoice.",
					       "Wants it on tomorrow's van.",
					       "Asked for a call back from the account manager.",
					       "Says this is the third time this month.",
					       "Will reject the crate next time."};
	static const char *const asks_b2c[] = {"Wants a refund to the card.",
					       "Happy with a replacement in the next box.",
					       "Asked for store credit.",
					       "Photo attached in the chat.",
					       "Regular customer, please handle quickly.",
					       "Says the delivery boy was polite though."};
	const char *opener = arena_printf(a, is_b2b ? PICK(b2b_openers) : PICK(b2c_openers),
					  person(a), 5 + rn(14), rn(60));
	const char *what;

	if (strstr(cat, "quality") || !strcmp(cat, "over_under_ripe") ||
	    !strcmp(cat, "spoiled_items"))
		what =
		    arena_printf(a, "%d %s of %s were %s; batch graded A at receiving.", qty, unit,
				 item, rn(2) ? "soft and discoloured" : "not usable for service");
	else if (!strcmp(cat, "damaged_items"))
		what = arena_printf(a, "%d %s of %s arrived crushed at the bottom of the crate.",
				    qty, unit, item);
	else if (!strcmp(cat, "missing_items") || !strcmp(cat, "wrong_quantities"))
		what = arena_printf(a, "Invoice shows the %s but %d %s short on delivery.", item,
				    qty, unit);
	else if (!strcmp(cat, "wrong_items"))
		what = arena_printf(a, "Ordered %s, got something else in the same crate.", item);
	else if (!strcmp(cat, "late_delivery") || !strcmp(cat, "delivery_not_received"))
		what = arena_printf(a, "Order with %s expected by 7:00, reached at %d:%02d.", item,
				    8 + rn(4), rn(60));
	else
		what = arena_printf(a, "Question about %s (%d %s on the last order).", item, qty,
				    unit);
	return arena_printf(a, "%s %s %s", opener, what, is_b2b ? PICK(asks_b2b) : PICK(asks_b2c));
}

static const char *const modules[] = {"Inward",		  "Outward",	"Grading",   "Invoicing",
				      "Sales orders",	  "Purchase",	"Inventory", "Routes",
				      "WooCommerce sync", "Zoho sync",	"Reports",   "Wastage",
				      "User management",  "Driver app", "Price list"};

static void internal_text(struct arena *a, struct ticket *t, const char *cat)
{
	const char *m = PICK(modules);
	const char *item = plain(a, some_produce()->name);

	t->v[TF_AFFECTED_MODULE] = m;
	if (!strcmp(cat, "bug")) {
		static const char *const f[] = {
		    "%s: save fails with error 500", "%s screen crashes on an empty batch",
		    "%s shows wrong GST on %s lines", "%s total off by one paisa for %s"};
		const char *fmt = PICK(f);

		t->v[TF_TITLE] = strstr(fmt, "%s lines") || strstr(fmt, "for %s")
				     ? arena_printf(a, fmt, m, item)
				     : arena_printf(a, fmt, m);
		t->v[TF_DESCRIPTION] =
		    arena_printf(a, "Seen by the %s team this morning while entering %s.", m, item);
		t->v[TF_STEPS_TO_REPRODUCE] =
		    arena_printf(a, "Open %s, add a line for %s, press Save.", m, item);
		t->v[TF_EXPECTED_BEHAVIOR] = "The record is saved and the totals are right.";
		t->v[TF_ACTUAL_BEHAVIOR] = rn(2) ? "An error page; nothing is saved."
						 : "It saves, but the totals are wrong.";
	} else if (!strcmp(cat, "feature_request")) {
		t->v[TF_TITLE] = arena_printf(a, "Add batch number to %s printout", m);
		t->v[TF_DESCRIPTION] = "So that complaints can be traced back to the farm.";
	} else if (!strcmp(cat, "enhancement")) {
		t->v[TF_TITLE] = arena_printf(a, "%s: filter by farm and grade", m);
		t->v[TF_DESCRIPTION] = arena_printf(a, "Finding %s batches takes too long.", item);
	} else if (!strcmp(cat, "user_access")) {
		t->v[TF_TITLE] = arena_printf(a, "Cannot log in to %s after password reset", m);
		t->v[TF_DESCRIPTION] = "The reset link says it has expired.";
	} else if (!strcmp(cat, "data_issue")) {
		t->v[TF_TITLE] = arena_printf(a, "%s duplicated %s entries", m, item);
		t->v[TF_DESCRIPTION] = "Yesterday's sync created each line twice.";
	} else if (!strcmp(cat, "performance")) {
		t->v[TF_TITLE] = arena_printf(a, "%s screen slow at 5 am", m);
		t->v[TF_DESCRIPTION] = "Saving takes 20 seconds during the morning rush.";
	} else {
		t->v[TF_TITLE] = arena_printf(a, "How do I export the %s report?", m);
		t->v[TF_DESCRIPTION] = "Needed for the monthly farm review.";
	}
}

/* --- tickets --------------------------------------------------------------------------- */

static const char *const resolutions_customer[] = {"credit_note", "replacement", "refund",
						   "goodwill", "no_action"};
static const char *const resolutions_home[] = {"refund", "replacement", "store_credit", "goodwill",
					       "no_action"};
static const char *const resolutions_internal[] = {"fixed", "implemented", "answered", "duplicate",
						   "cannot_reproduce"};

/* Where a ticket of this age stands: older tickets are almost all closed, the last two
 * weeks are the live queue. */
static enum status pick_status(enum kind k, int64_t age_days)
{
	static const enum status cust[] = {
	    ST_NEW, ST_ASSIGNED, ST_IN_PROGRESS, ST_AWAITING_CUSTOMER, ST_RESOLVED, ST_CLOSED};
	static const enum status intl[] = {ST_NEW, ST_TRIAGED, ST_IN_PROGRESS, ST_RESOLVED,
					   ST_CLOSED};
	static const int cust_old[] = {5, 10, 20, 10, 60, 895};
	static const int cust_new[] = {180, 160, 300, 100, 160, 100};
	static const int intl_old[] = {20, 30, 50, 80, 820};
	static const int intl_new[] = {250, 200, 300, 150, 100};

	if (k == KIND_INTERNAL)
		return intl[pick_w(age_days > 21 ? intl_old : intl_new, NELEM(intl))];
	return cust[pick_w(age_days > 14 ? cust_old : cust_new, NELEM(cust))];
}

#define SAMPLE 20000

struct gen {
	struct db *db;
	struct arena *a;
	int64_t counters[KIND__MAX];
	int64_t events, comments;
	/* A reservoir sample of customer tickets, drawn from its own generator so that the
	 * data does not depend on it. */
	uint64_t sample_rng;
	int64_t seen;
	int64_t sample_id[SAMPLE];
	enum kind sample_kind[SAMPLE];
};

static void sample(struct gen *g, enum kind k, int64_t id)
{
	int64_t slot = g->seen < SAMPLE ? g->seen : -1;

	if (slot < 0) {
		g->sample_rng = g->sample_rng * 6364136223846793005ull + 1442695040888963407ull;
		slot = (int64_t)((g->sample_rng >> 17) % (uint64_t)(g->seen + 1));
	}
	if (slot < SAMPLE) {
		g->sample_id[slot] = id;
		g->sample_kind[slot] = k;
	}
	g->seen++;
}

static int event(struct gen *g, int64_t ticket, int64_t at, int64_t actor, const char *type,
		 const char *field, const char *old_value, const char *new_value, const char *note)
{
	struct ticket_event ev = {.at = at,
				  .actor_id = actor,
				  .type = type,
				  .field = field,
				  .old_value = old_value,
				  .new_value = new_value,
				  .note = note};
	struct error e;

	g->events++;
	if (store_event_add(g->db, &ev, ticket, &e)) {
		fprintf(stderr, "ticketd-bench-gen: event: %s\n", e.message);
		return -1;
	}
	return 0;
}

static int comment(struct gen *g, int64_t ticket, int64_t at, int64_t user, const char *text,
		   bool internal)
{
	struct ticket_event ev = {.at = at, .actor_id = user, .type = "comment"};
	struct error e;

	if (store_comment_add(g->db, ticket, user, NULL, text, internal ? "internal" : "public", at,
			      &ev.comment_id, &e) ||
	    store_event_add(g->db, &ev, ticket, &e)) {
		fprintf(stderr, "ticketd-bench-gen: comment: %s\n", e.message);
		return -1;
	}
	g->comments++;
	g->events++;
	return 0;
}

static const char *id_text(struct arena *a, int64_t id)
{
	return arena_printf(a, "%lld", (long long)id);
}

static int one_ticket(struct gen *g, enum kind k, int64_t created, int64_t now)
{
	struct arena *a = g->a;
	struct ticket t;
	const struct category *cat;
	const struct staff *creator, *worker = NULL;
	int64_t id, at;
	char number[32];
	struct error e;
	static const int prio_b2b[] = {25, 45, 22, 8};
	static const int prio_b2c[] = {10, 72, 13, 5};
	static const int prio_int[] = {30, 40, 22, 8};

	memset(&t, 0, sizeof(t));
	t.kind = k;
	t.created_at = created;
	t.ticket_creation_date = date_of_day(a, local_day(created));
	t.within_policy_window = -1;
	if (k == KIND_INTERNAL) {
		const char *c = pick_category(internal_categories, NELEM(internal_categories));

		t.v[TF_CATEGORY] = c;
		t.priority_rank = pick_w(prio_int, 4);
		internal_text(a, &t, c);
		creator = rn(5) ? &reporters[rn(N_REPORTERS)] : some_agent();
	} else {
		bool is_b2b = k == KIND_B2B;
		const char *c = is_b2b ? pick_category(b2b_categories, NELEM(b2b_categories))
				       : pick_category(b2c_categories, NELEM(b2c_categories));
		const struct produce *p = some_produce();
		const char *item = plain(a, p->name);
		int qty = 1 + rn(8);
		int64_t delivery_day;

		t.v[TF_CATEGORY] = c;
		t.priority_rank = pick_w(is_b2b ? prio_b2b : prio_b2c, 4);
		if (is_b2b) {
			struct b2b_customer *b = &b2b[rn(N_B2B)];
			/* The customer's latest order delivered before the complaint. */
			int o = ORDERS_PER_CUSTOMER - 1;

			while (o > 0 && local_day_start(b->delivery_day[o]) > created)
				o--;
			p = b->lines[o][rn(b->nlines[o])];
			item = plain(a, p->name);
			t.v[TF_CUSTOMER_ID] = b->id;
			t.v[TF_CUSTOMER_NAME] = b->name;
			t.v[TF_SO_ID] = b->so[o];
			if (rn(2))
				t.v[TF_INVOICE_ID] = b->invoice[o];
			delivery_day = b->delivery_day[o];
		} else {
			t.v[TF_WOO_ORDER_NUMBER] = arena_printf(a, "WC-%d", 100000 + rn(900000));
			if (rn(4)) {
				const struct home *h = &homes[rn(N_HOMES)];

				t.v[TF_CUSTOMER_ID] = h->id;
				t.v[TF_CUSTOMER_NAME] = h->name;
				t.v[TF_CUSTOMER_PHONE] = h->phone;
				t.v[TF_CUSTOMER_EMAIL] = rn(2) ? h->email : NULL;
			} else {
				t.v[TF_CUSTOMER_NAME] = person(a);
				t.v[TF_CUSTOMER_PHONE] = phone(a);
			}
			/* Most complaints come the day of delivery; some days later. */
			delivery_day = local_day(created) - (rn(4) ? 0 : 1 + rn(4));
		}
		t.delivery_at = local_day_start(delivery_day) + 6 * 3600 + rn(3 * 3600);
		if (t.delivery_at > created)
			t.delivery_at = created - 1800;
		t.v[TF_DELIVERY_DATE] = "set"; /* stored as delivery_at */
		if (!is_b2b) {
			bool within;
			int late;

			claim_window(local_day(t.delivery_at), local_day(created), &within, &late);
			t.within_policy_window = within;
			t.days_late = late;
		}
		t.v[TF_ITEMS_AFFECTED] = arena_printf(a, "%s, %d %s", p->name, qty, p->unit);
		if (rn(3) == 0)
			t.v[TF_BATCH_NUMBER] =
			    arena_printf(a, "BT-%02d%02d-%c%c%02d", 24 + rn(2), 1 + rn(12),
					 'A' + rn(26), 'A' + rn(26), rn(100));
		cat = category_find(k, c);
		if (cat && strcmp(cat->group, "general"))
			t.v[TF_REQUESTED_RESOLUTION] =
			    is_b2b ? PICK(resolutions_customer) : PICK(resolutions_home);
		t.v[TF_TITLE] = customer_title(a, c, item, qty, p->unit);
		t.v[TF_DESCRIPTION] = customer_description(a, is_b2b, c, item, qty, p->unit);
		creator = rn(6) ? some_agent() : &managers[rn(N_MANAGERS)];
	}
	cat = category_find(k, t.v[TF_CATEGORY]);
	t.category_group = cat ? cat->group : "general";
	t.v[TF_PRIORITY] = priority_name(k, t.priority_rank);
	t.created_by = creator->id;

	enum status st = pick_status(k, (now - created) / 86400);
	/* Each step a few hours after the last: the audit trail in order. */
	int64_t step[6];

	at = created;
	for (int i = 0; i < 6; i++) {
		at += 600 + rn(k == KIND_INTERNAL ? 3 * 86400 : 8 * 3600);
		step[i] = at < now ? at : now;
	}
	/* A resolved ticket nobody answered for a week has been closed by the auto-close sweep
	 * (7 days by default): only the recent ones are still resolved. */
	if (st == ST_RESOLVED && step[3] < now - 7 * 86400)
		st = ST_CLOSED;
	if (st != ST_NEW) {
		worker = k == KIND_INTERNAL ? &developers[rn(N_DEVELOPERS)] : some_agent();
		t.assigned_to = worker->id;
	}
	t.status = st;
	if (st == ST_RESOLVED || st == ST_CLOSED) {
		t.resolved_at = step[3];
		t.resolution_type = k == KIND_INTERNAL ? PICK(resolutions_internal)
				    : k == KIND_B2B    ? PICK(resolutions_customer)
						       : PICK(resolutions_home);
		t.resolution_notes = k == KIND_INTERNAL ? "Deployed in the evening release."
				     : rn(2) ? "Credit issued against the invoice in Zoho."
					     : "Replacement sent on the next van.";
	}
	if (st == ST_CLOSED)
		t.closed_at = step[4];

	ticket_number_format(k, ++g->counters[k], number, sizeof(number));
	t.number = number;
	if (store_ticket_insert(g->db, &t, &id, &e)) {
		fprintf(stderr, "ticketd-bench-gen: ticket %s: %s\n", number, e.message);
		return -1;
	}

	if (k != KIND_INTERNAL)
		sample(g, k, id);

	/* The audit trail as the service writes it. */
	int64_t boss = k == KIND_INTERNAL ? developers[0].id : managers[rn(N_MANAGERS)].id;
	int64_t last = created;
	int rc = event(g, id, created, t.created_by, "created", NULL, NULL, number, NULL);

	if (!rc && st != ST_NEW && k == KIND_INTERNAL)
		rc = event(g, id, last = step[0], boss, "status", "status", "new", "triaged", NULL);
	if (!rc && st != ST_NEW) {
		rc = event(g, id, last = step[0], boss, "assigned", "assigned_to", NULL,
			   id_text(a, worker->id), arena_printf(a, "Assigned to %s", worker->name));
		if (!rc && k != KIND_INTERNAL)
			rc = event(g, id, step[0], boss, "status", "status", "new", "assigned",
				   NULL);
	}
	bool worked = st == ST_IN_PROGRESS || st == ST_AWAITING_CUSTOMER || st == ST_RESOLVED ||
		      st == ST_CLOSED;
	const char *from = k == KIND_INTERNAL ? "triaged" : "assigned";

	if (!rc && worked)
		rc = event(g, id, last = step[1], worker->id, "status", "status", from,
			   "in_progress", NULL);
	if (!rc && worked && rn(4) == 0)
		rc = comment(g, id, last = step[2], worker->id,
			     k == KIND_INTERNAL ? "Reproduced on staging; looking at the logs."
						: "Checked the batch with receiving: part of it "
						  "was graded B.",
			     true);
	if (!rc && st == ST_AWAITING_CUSTOMER)
		rc = event(g, id, last = step[2], worker->id, "status", "status", "in_progress",
			   "awaiting_customer", NULL);
	if (!rc && (st == ST_RESOLVED || st == ST_CLOSED))
		rc = event(g, id, last = step[3], worker->id, "resolved", "status", "in_progress",
			   "resolved",
			   arena_printf(a, "%s: %s", resolution_label(t.resolution_type),
					t.resolution_notes));
	if (!rc && st == ST_CLOSED)
		rc = event(g, id, last = step[4], worker->id, "closed", "status", "resolved",
			   "closed", NULL);
	if (rc)
		return rc;
	/* store_ticket_insert writes a new ticket: the resolution, its times and updated_at (the
	 * last activity) are set here, as the service's later changes would have set them. */
	if (st == ST_CLOSED)
		rc = db_x(g->db,
			  "UPDATE tickets SET updated_at = $1, resolved_at = $2, closed_at = $3, "
			  "resolution_type = $4, resolution_notes = $5 WHERE ticket_id = $6",
			  "iiitti", last, t.resolved_at, t.closed_at, t.resolution_type,
			  t.resolution_notes, id);
	else if (st == ST_RESOLVED)
		rc = db_x(
		    g->db,
		    "UPDATE tickets SET updated_at = $1, resolved_at = $2, resolution_type = $3, "
		    "resolution_notes = $4 WHERE ticket_id = $5",
		    "iitti", last, t.resolved_at, t.resolution_type, t.resolution_notes, id);
	else if (last != created)
		rc = db_x(g->db, "UPDATE tickets SET updated_at = $1 WHERE ticket_id = $2", "ii",
			  last, id);
	else
		rc = DB_DONE;
	if (rc != DB_DONE) {
		fprintf(stderr, "ticketd-bench-gen: %s: %s\n", number,
			db_ops_of(g->db)->errmsg(g->db));
		return -1;
	}
	return 0;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static const char usage[] =
    "usage: ticketd-bench-gen --data DIR [--tickets N] [--seed S]\n"
    "Fills a fresh data directory with a realistic ticketd dataset for `make bench`.\n";

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"data", required_argument, NULL, 'd'}, {"tickets", required_argument, NULL, 'n'},
	    {"seed", required_argument, NULL, 's'}, {"ids", required_argument, NULL, 'i'},
	    {"help", no_argument, NULL, 'h'},	    {NULL, 0, NULL, 0}};
	const char *data = NULL, *ids = NULL;
	long long n = 1000000, seed = 20241124;
	int opt;

	while ((opt = getopt_long(argc, argv, "d:n:s:i:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			data = optarg;
			break;
		case 'n':
			n = strtoll(optarg, NULL, 10);
			break;
		case 's':
			seed = strtoll(optarg, NULL, 10);
			break;
		case 'i':
			ids = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (!data || n < 1 || optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	if (!tz_set("Asia/Kolkata")) {
		fputs("ticketd-bench-gen: time zone Asia/Kolkata is unknown (tzdata?)\n", stderr);
		return 1;
	}
	char path[4096];
	struct stat sb;

	snprintf(path, sizeof(path), "%s/ticketd.db", data);
	if (stat(path, &sb) == 0) {
		fprintf(stderr, "ticketd-bench-gen: %s exists; give a fresh directory\n", path);
		return 1;
	}
	rng_state = (uint64_t)seed;

	struct store *s;
	struct error e;
	struct arena a;
	struct timespec t0;
	int applied;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	err_clear(&e);
	if (store_open(getenv("TICKETD_DATABASE"), data, &s, &e) ||
	    store_migrate(s, &applied, &e)) {
		fprintf(stderr, "ticketd-bench-gen: %s\n", e.message);
		return 1;
	}
	struct db *db = store_db(s);

	/* Loading only: a crash means starting again, so no syncing; on SQLite a big cache for
	 * the index builds.  The server opens the database with its own settings afterwards. */
	bool sqlite = db_ops_of(db)->dialect == DIALECT_SQLITE;

	if (db_ops_of(db)->exec(db, sqlite ? "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;"
					   : "SET synchronous_commit = off") != DB_OK)
		return 1;

	int64_t now = clock_now();
	int64_t first_day = local_day(now) - DAYS;
	int64_t start = local_day_start(first_day), span = now - 3600 - start;
	static struct gen g;

	g.db = db;
	g.a = &a;
	g.sample_rng = (uint64_t)seed;

	arena_init(&a);
	if (db_begin(db) != DB_OK ||
	    add_users(db, &a, "agent", ROLE_AGENT, agents, N_AGENTS, start) ||
	    add_users(db, &a, "manager", ROLE_MANAGER, managers, N_MANAGERS, start) ||
	    add_users(db, &a, "admin", ROLE_ADMIN, admins, N_ADMINS, start) ||
	    add_users(db, &a, "developer", ROLE_DEVELOPER, developers, N_DEVELOPERS, start) ||
	    add_users(db, &a, "reporter", ROLE_REPORTER, reporters, N_REPORTERS, start) ||
	    db_commit(db) != DB_OK)
		return 1;
	/* The records and the users' names live for the whole run in their own arena. */
	if (load_records(s, &a, first_day))
		return 1;

	static const int kind_w[KIND__MAX] = {35, 45, 20};
	struct arena batch;

	for (long long i = 0; i < n; i += BATCH) {
		arena_init(&batch);
		g.a = &batch;
		if (db_begin(db) != DB_OK)
			return 1;
		for (long long j = i; j < n && j < i + BATCH; j++) {
			/* The business grows: ticket density rises linearly over the two years,
			 * so created_at = start + span * sqrt(u) for evenly spread u. */
			double u = ((double)j + rf()) / (double)n;
			int64_t created = start + (int64_t)((double)span * sqrt(u));

			if (one_ticket(&g, (enum kind)pick_w(kind_w, KIND__MAX), created, now)) {
				db_rollback(db);
				return 1;
			}
		}
		if (db_commit(db) != DB_OK)
			return 1;
		arena_free(&batch);
		if ((i / BATCH) % 10 == 9 || i + BATCH >= n)
			fprintf(stderr, "ticketd-bench-gen: %lld tickets, %.0f s\n",
				i + BATCH < n ? i + BATCH : n, seconds_since(&t0));
	}
	for (int k = 0; k < KIND__MAX; k++)
		if (db_x(db, "UPDATE ticket_counters SET last_number = $1 WHERE kind = $2", "it",
			 g.counters[k], kind_name((enum kind)k)) != DB_DONE)
			return 1;
	/* SQLite: the WAL into the file; PostgreSQL: the planner's statistics, which a fresh
	 * million rows would otherwise lack until autovacuum came by. */
	if (db_ops_of(db)->exec(db, sqlite ? "PRAGMA wal_checkpoint(TRUNCATE);" : "ANALYZE") !=
	    DB_OK)
		return 1;
	if (ids) {
		FILE *f = fopen(ids, "w");
		int64_t m = g.seen < SAMPLE ? g.seen : SAMPLE;

		if (!f) {
			fprintf(stderr, "ticketd-bench-gen: cannot write %s\n", ids);
			return 1;
		}
		for (int64_t i = 0; i < m; i++)
			fprintf(f, "%s %lld\n", kind_name(g.sample_kind[i]),
				(long long)g.sample_id[i]);
		if (fclose(f) != 0)
			return 1;
	}
	printf("%lld tickets (b2b %lld, b2c %lld, internal %lld), %lld events, %lld comments, "
	       "%d customers, %d orders in %.1f s\n",
	       n, (long long)g.counters[KIND_B2B], (long long)g.counters[KIND_B2C],
	       (long long)g.counters[KIND_INTERNAL], (long long)g.events, (long long)g.comments,
	       N_B2B + N_HOMES, N_B2B * ORDERS_PER_CUSTOMER, seconds_since(&t0));
	arena_free(&a);
	store_close(s);
	return 0;
}
