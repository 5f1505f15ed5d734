/* The catalog: ticket kinds, statuses, priorities, categories (grouped as the module
 * specification groups them), resolution types, roles and the workflow transition tables.
 * One table in code, used by the server's rules and served as-is at GET /api/catalog. */
#ifndef TICKETD_CATALOG_H
#define TICKETD_CATALOG_H

#include <stdbool.h>

enum kind { KIND_B2B, KIND_B2C, KIND_INTERNAL, KIND__MAX };

enum status {
	ST_NEW,
	ST_ASSIGNED,
	ST_TRIAGED,
	ST_IN_PROGRESS,
	ST_AWAITING_CUSTOMER,
	ST_RESOLVED,
	ST_CLOSED,
	STATUS__MAX
};

enum role { ROLE_AGENT, ROLE_MANAGER, ROLE_ADMIN, ROLE_DEVELOPER, ROLE_REPORTER, ROLE__MAX };

#define ROLE_BIT(r) (1u << (r))
#define ROLES_ALL   ((1u << ROLE__MAX) - 1)
#define ROLES_STAFF (ROLE_BIT(ROLE_AGENT) | ROLE_BIT(ROLE_MANAGER) | ROLE_BIT(ROLE_ADMIN))

#define PRIORITY__MAX 4 /* ranks 0..3: low, medium, high, top (urgent or critical) */

struct category {
	enum kind kind;
	const char *code;  /* unique within a kind, e.g. "damaged_items" */
	const char *label; /* "Damaged items" */
	const char *group; /* "quality" */
	bool photo_required;
	bool steps_required; /* bugs: steps to reproduce, expected and actual behaviour */
};

struct category_group {
	enum kind kind;
	const char *code;
	const char *label;
};

extern const struct category catalog_categories[];
extern const int catalog_categories_len;
extern const struct category_group catalog_groups[];
extern const int catalog_groups_len;

const char *kind_name(enum kind k);
const char *kind_prefix(enum kind k); /* "B2B" */
const char *kind_label(enum kind k);
/* Each returns -1 (or NULL) when the name is unknown. */
int kind_from_name(const char *s);
const char *status_name(enum status s);
const char *status_label(enum status s);
int status_from_name(const char *s);
bool status_in_kind(enum kind k, enum status s);
const char *role_name(enum role r);
int role_from_name(const char *s);

const char *priority_name(enum kind k, int rank);
const char *priority_label(enum kind k, int rank);
int priority_from_name(enum kind k, const char *s);

const struct category *category_find(enum kind k, const char *code);
const char *group_label(enum kind k, const char *group);

/* Resolution types allowed for a kind, NULL-terminated. */
const char *const *resolution_types(enum kind k);
bool resolution_type_valid(enum kind k, const char *s);
const char *resolution_label(const char *code);

/* Channels and ways, NULL-terminated: of a logged communication, of a reply sent from a
 * template, and of a customer's confirmation at closing ("auto" is the system's own and is
 * not among them). */
extern const char *const catalog_comm_channels[];
extern const char *const catalog_reply_channels[];
extern const char *const catalog_close_confirmations[];
/* The findings of a quality investigation, with labels, ending with a NULL code. */
extern const struct catalog_label {
	const char *code, *label;
} catalog_root_causes[];
bool catalog_in(const char *const *list, const char *v);

/* Workflow: whether from -> to is a transition of kind k's table. */
bool transition_allowed(enum kind k, enum status from, enum status to);
/* Writes the allowed targets from `from` into out (at most STATUS__MAX); returns the count. */
int transitions_from(enum kind k, enum status from, enum status out[STATUS__MAX]);

#endif
