/* The catalog's tables; see catalog.h.  Categories follow the module specification's lists
 * (7.1 §1, 7.2 §1, 7.3 §1) word for word in their labels. */
#include "catalog.h"

#include <stddef.h>
#include <string.h>

#include "../base/banned.h"

static const char *const kind_names[KIND__MAX] = {"b2b", "b2c", "internal"};
static const char *const kind_prefixes[KIND__MAX] = {"B2B", "B2C", "INT"};
static const char *const kind_labels[KIND__MAX] = {"B2B (hotels, restaurants)",
						   "B2C (direct to home)", "Internal (ERP)"};

static const char *const status_names[STATUS__MAX] = {
    "new", "assigned", "triaged", "in_progress", "awaiting_customer", "resolved", "closed"};
static const char *const status_labels[STATUS__MAX] = {
    "New", "Assigned", "Triaged", "In progress", "Awaiting customer", "Resolved", "Closed"};

static const char *const role_names[ROLE__MAX] = {"agent", "manager", "admin", "developer",
						  "reporter"};

static const char *const priority_names[KIND__MAX][PRIORITY__MAX] = {
    {"low", "medium", "high", "urgent"},
    {"low", "medium", "high", "urgent"},
    {"low", "medium", "high", "critical"},
};
static const char *const priority_labels[KIND__MAX][PRIORITY__MAX] = {
    {"Low", "Medium", "High", "Urgent"},
    {"Low", "Medium", "High", "Urgent"},
    {"Low", "Medium", "High", "Critical"},
};

const struct category_group catalog_groups[] = {
    {KIND_B2B, "order", "Order issues"},
    {KIND_B2B, "quality", "Quality issues"},
    {KIND_B2B, "returns", "Returns / refunds"},
    {KIND_B2B, "general", "General inquiries"},
    {KIND_B2C, "order", "Order issues"},
    {KIND_B2C, "quality", "Quality issues"},
    {KIND_B2C, "returns", "Returns / refunds"},
    {KIND_B2C, "general", "General inquiries"},
    {KIND_INTERNAL, "bug", "Bug reports"},
    {KIND_INTERNAL, "feature", "Feature requests"},
    {KIND_INTERNAL, "enhancement", "Enhancements"},
    {KIND_INTERNAL, "access", "User access"},
    {KIND_INTERNAL, "data", "Data issues"},
    {KIND_INTERNAL, "performance", "Performance"},
    {KIND_INTERNAL, "training", "Training"},
};
const int catalog_groups_len = (int)(sizeof(catalog_groups) / sizeof(catalog_groups[0]));

const struct category catalog_categories[] = {
    {KIND_B2B, "wrong_items", "Wrong items delivered", "order", false, false},
    {KIND_B2B, "wrong_quantities", "Wrong quantities", "order", false, false},
    {KIND_B2B, "missing_items", "Missing items", "order", false, false},
    {KIND_B2B, "late_delivery", "Late delivery", "order", false, false},
    {KIND_B2B, "early_delivery", "Early delivery", "order", false, false},
    {KIND_B2B, "quality_below_standard", "Produce quality not up to standard", "quality", true,
     false},
    {KIND_B2B, "damaged_items", "Damaged items", "quality", true, false},
    {KIND_B2B, "over_under_ripe", "Over-ripe / under-ripe", "quality", true, false},
    {KIND_B2B, "foreign_objects", "Foreign objects", "quality", true, false},
    {KIND_B2B, "full_return", "Full return request", "returns", false, false},
    {KIND_B2B, "partial_return", "Partial return", "returns", false, false},
    {KIND_B2B, "credit_request", "Credit request", "returns", false, false},
    {KIND_B2B, "refund_request", "Refund request", "returns", false, false},
    {KIND_B2B, "product_availability", "Product availability question", "general", false, false},
    {KIND_B2B, "pricing_query", "Pricing query", "general", false, false},
    {KIND_B2B, "delivery_schedule", "Delivery schedule question", "general", false, false},
    {KIND_B2B, "account_issue", "Account issue", "general", false, false},

    {KIND_B2C, "wrong_items", "Wrong items delivered", "order", false, false},
    {KIND_B2C, "wrong_quantities", "Wrong quantities", "order", false, false},
    {KIND_B2C, "missing_items", "Missing items", "order", false, false},
    {KIND_B2C, "late_delivery", "Late delivery", "order", false, false},
    {KIND_B2C, "delivery_not_received", "Delivery not received", "order", false, false},
    {KIND_B2C, "quality_not_acceptable", "Produce quality not acceptable", "quality", true, false},
    {KIND_B2C, "damaged_items", "Damaged items", "quality", true, false},
    {KIND_B2C, "spoiled_items", "Spoiled / rotten items", "quality", true, false},
    {KIND_B2C, "full_return", "Full return request", "returns", false, false},
    {KIND_B2C, "partial_return", "Partial return", "returns", false, false},
    {KIND_B2C, "refund_request", "Refund request", "returns", false, false},
    {KIND_B2C, "track_order", "Track my order", "general", false, false},
    {KIND_B2C, "product_question", "Product question", "general", false, false},
    {KIND_B2C, "account_subscription", "Account / subscription issue", "general", false, false},

    {KIND_INTERNAL, "bug", "Bug report (system error, crash)", "bug", false, true},
    {KIND_INTERNAL, "feature_request", "Feature request", "feature", false, false},
    {KIND_INTERNAL, "enhancement", "Enhancement", "enhancement", false, false},
    {KIND_INTERNAL, "user_access", "User access (login, permissions)", "access", false, false},
    {KIND_INTERNAL, "data_issue", "Data issue (sync, data errors)", "data", false, false},
    {KIND_INTERNAL, "performance", "Performance (slow loading, timeouts)", "performance", false,
     false},
    {KIND_INTERNAL, "training", "Training request (how-to)", "training", false, false},
};
const int catalog_categories_len =
    (int)(sizeof(catalog_categories) / sizeof(catalog_categories[0]));

static const char *const resolutions_b2b[] = {"credit_note", "replacement", "refund",
					      "goodwill",    "no_action",   NULL};
static const char *const resolutions_b2c[] = {"refund",	  "replacement", "store_credit",
					      "goodwill", "no_action",	 NULL};
static const char *const resolutions_internal[] = {
    "fixed", "implemented", "answered", "duplicate", "cannot_reproduce", "wont_do", NULL};
static const char *const *const resolutions[KIND__MAX] = {resolutions_b2b, resolutions_b2c,
							  resolutions_internal};

static const struct {
	const char *code, *label;
} resolution_labels[] = {
    {"credit_note", "Credit note"},
    {"replacement", "Replacement"},
    {"refund", "Refund"},
    {"store_credit", "Store credit"},
    {"goodwill", "Goodwill"},
    {"no_action", "No action"},
    {"fixed", "Fixed"},
    {"implemented", "Implemented"},
    {"answered", "Answered"},
    {"duplicate", "Duplicate"},
    {"cannot_reproduce", "Cannot reproduce"},
    {"wont_do", "Won't do"},
};

/* Workflow tables: one row per transition.  b2b and b2c share theirs (DESIGN.md). */
static const struct {
	enum kind kind;
	enum status from, to;
} transitions[] = {
    {KIND_B2B, ST_NEW, ST_ASSIGNED},
    {KIND_B2B, ST_ASSIGNED, ST_IN_PROGRESS},
    {KIND_B2B, ST_IN_PROGRESS, ST_AWAITING_CUSTOMER},
    {KIND_B2B, ST_AWAITING_CUSTOMER, ST_IN_PROGRESS},
    {KIND_B2B, ST_IN_PROGRESS, ST_RESOLVED},
    {KIND_B2B, ST_RESOLVED, ST_CLOSED},
    {KIND_B2B, ST_RESOLVED, ST_IN_PROGRESS},
    {KIND_B2C, ST_NEW, ST_ASSIGNED},
    {KIND_B2C, ST_ASSIGNED, ST_IN_PROGRESS},
    {KIND_B2C, ST_IN_PROGRESS, ST_AWAITING_CUSTOMER},
    {KIND_B2C, ST_AWAITING_CUSTOMER, ST_IN_PROGRESS},
    {KIND_B2C, ST_IN_PROGRESS, ST_RESOLVED},
    {KIND_B2C, ST_RESOLVED, ST_CLOSED},
    {KIND_B2C, ST_RESOLVED, ST_IN_PROGRESS},
    {KIND_INTERNAL, ST_NEW, ST_TRIAGED},
    {KIND_INTERNAL, ST_TRIAGED, ST_IN_PROGRESS},
    {KIND_INTERNAL, ST_IN_PROGRESS, ST_RESOLVED},
    {KIND_INTERNAL, ST_RESOLVED, ST_CLOSED},
    {KIND_INTERNAL, ST_RESOLVED, ST_IN_PROGRESS},
};

static int name_index(const char *const *names, int n, const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

const char *kind_name(enum kind k)
{
	return k < KIND__MAX ? kind_names[k] : "?";
}

const char *kind_prefix(enum kind k)
{
	return k < KIND__MAX ? kind_prefixes[k] : "?";
}

const char *kind_label(enum kind k)
{
	return k < KIND__MAX ? kind_labels[k] : "?";
}

int kind_from_name(const char *s)
{
	return name_index(kind_names, KIND__MAX, s);
}

const char *status_name(enum status s)
{
	return s < STATUS__MAX ? status_names[s] : "?";
}

const char *status_label(enum status s)
{
	return s < STATUS__MAX ? status_labels[s] : "?";
}

int status_from_name(const char *s)
{
	return name_index(status_names, STATUS__MAX, s);
}

bool status_in_kind(enum kind k, enum status s)
{
	if (k == KIND_INTERNAL)
		return s != ST_ASSIGNED && s != ST_AWAITING_CUSTOMER;
	return s != ST_TRIAGED;
}

const char *role_name(enum role r)
{
	return r < ROLE__MAX ? role_names[r] : "?";
}

int role_from_name(const char *s)
{
	return name_index(role_names, ROLE__MAX, s);
}

const char *priority_name(enum kind k, int rank)
{
	return k < KIND__MAX && rank >= 0 && rank < PRIORITY__MAX ? priority_names[k][rank] : "?";
}

const char *priority_label(enum kind k, int rank)
{
	return k < KIND__MAX && rank >= 0 && rank < PRIORITY__MAX ? priority_labels[k][rank] : "?";
}

int priority_from_name(enum kind k, const char *s)
{
	return k < KIND__MAX ? name_index(priority_names[k], PRIORITY__MAX, s) : -1;
}

const struct category *category_find(enum kind k, const char *code)
{
	if (!code)
		return NULL;
	for (int i = 0; i < catalog_categories_len; i++)
		if (catalog_categories[i].kind == k &&
		    strcmp(catalog_categories[i].code, code) == 0)
			return &catalog_categories[i];
	return NULL;
}

const char *group_label(enum kind k, const char *group)
{
	for (int i = 0; i < catalog_groups_len; i++)
		if (catalog_groups[i].kind == k && strcmp(catalog_groups[i].code, group) == 0)
			return catalog_groups[i].label;
	return group;
}

const char *const *resolution_types(enum kind k)
{
	return k < KIND__MAX ? resolutions[k] : resolutions_b2b + 5;
}

bool resolution_type_valid(enum kind k, const char *s)
{
	if (!s || k >= KIND__MAX)
		return false;
	for (const char *const *r = resolutions[k]; *r; r++)
		if (strcmp(*r, s) == 0)
			return true;
	return false;
}

const char *resolution_label(const char *code)
{
	for (size_t i = 0; i < sizeof(resolution_labels) / sizeof(resolution_labels[0]); i++)
		if (strcmp(resolution_labels[i].code, code) == 0)
			return resolution_labels[i].label;
	return code;
}

const char *const catalog_comm_channels[] = {"phone", "whatsapp",  "email",
					     "sms",   "in_person", NULL};
const char *const catalog_reply_channels[] = {"email", "whatsapp", "sms", "phone", NULL};
const char *const catalog_close_confirmations[] = {"phone",	"whatsapp", "email", "sms",
						   "in_person", "portal",   "none",  NULL};

const struct catalog_label catalog_root_causes[] = {
    {"farm", "Farm (grown or harvested badly)"},
    {"packing", "Packing"},
    {"delivery", "Delivery (transport, handling in transit)"},
    {"customer_handling", "Customer handling"},
    {"not_valid", "Not a valid complaint"},
    {NULL, NULL},
};

bool catalog_in(const char *const *list, const char *v)
{
	for (int i = 0; v && list[i]; i++)
		if (!strcmp(list[i], v))
			return true;
	return false;
}

bool transition_allowed(enum kind k, enum status from, enum status to)
{
	for (size_t i = 0; i < sizeof(transitions) / sizeof(transitions[0]); i++)
		if (transitions[i].kind == k && transitions[i].from == from &&
		    transitions[i].to == to)
			return true;
	return false;
}

int transitions_from(enum kind k, enum status from, enum status out[STATUS__MAX])
{
	int n = 0;

	for (size_t i = 0; i < sizeof(transitions) / sizeof(transitions[0]); i++)
		if (transitions[i].kind == k && transitions[i].from == from && n < STATUS__MAX)
			out[n++] = transitions[i].to;
	return n;
}
