/* SQL for tickets, their comments and their audit events.  The ticket's SELECTs, row
 * reader, INSERT and UPDATE are built from its column table (ticket_cols, domain/ticket.h),
 * so adding a column is a row there and a migration.  Tickets read here live in the
 * caller's arena. */
#ifndef TICKETD_STORE_TICKET_H
#define TICKETD_STORE_TICKET_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "../domain/sla.h"
#include "../domain/ticket.h"
#include "batch.h"
#include "db.h"

/* Takes the next number of kind k (inside the caller's transaction). */
enum err_code store_ticket_next_number(struct db *db, enum kind k, int64_t *n, struct error *e);
/* Inserts t's COL_INSERT columns (updated_at is created_at); sets *id.  SQLite only (its
 * store_ticket_create and the dataset generator): on PostgreSQL a new ticket's text index
 * row is written by store_ticket_create's statement (migrations/postgresql/0018). */
enum err_code store_ticket_insert(struct db *db, const struct ticket *t, int64_t *id,
				  struct error *e);
/* Writes every column where after differs from before (ticket_diff), and updated_at.
 * Returns in *changed how many columns differed. */
enum err_code store_ticket_update(struct db *db, const struct ticket *before,
				  const struct ticket *after, int64_t now, int *changed,
				  struct error *e);
/* Sets updated_at only (activity such as a comment). */
enum err_code store_ticket_touch(struct db *db, int64_t id, int64_t now, struct error *e);
/* By id; ERR_NOT_FOUND when none.  Inside a write transaction on PostgreSQL (db_lock_rows)
 * this and store_ticket_by_number lock the ticket's row until the transaction ends, so a
 * change read-modify-writes it as on SQLite, where the writer is alone. */
enum err_code store_ticket_get(struct db *db, struct arena *a, int64_t id, struct ticket *out,
			       struct error *e);
/* By number ("B2B-000123"); ERR_NOT_FOUND when none. */
enum err_code store_ticket_by_number(struct db *db, struct arena *a, const char *number,
				     struct ticket *out, struct error *e);

/* This file's static SQL (struct db_sql_table): built from the column table. */
extern const struct db_sql_table store_ticket_sql;

/* What a ticket's page shows beside its columns, read in the same statement. */
struct ticket_extras {
	const char *root_cause, *root_cause_note; /* NULL: none */
	int64_t photo_count;
	int64_t pending_approval; /* the newest pending approval's id; 0: none */
	bool has_batch;		  /* the ticket's batch is in the records (with its farm) */
	struct batch batch;	  /* with its grades */
};
/* Ticket id (or, when number is not NULL, the ticket of that number) and its extras, in one
 * statement and without locking; ERR_NOT_FOUND when none. */
enum err_code store_ticket_page(struct db *db, struct arena *a, int64_t id, const char *number,
				struct ticket *out, struct ticket_extras *x, struct error *e);
/* The extras alone of ticket id (just written, say). */
enum err_code store_ticket_extras(struct db *db, struct arena *a, int64_t id,
				  struct ticket_extras *x, struct error *e);

struct ticket_query {
	enum kind kind;
	/* A list across kinds (issue 17): non-zero is a set of KB() bits that replaces kind; of
	 * those, the own_kinds are listed only as far as own_user created them (a read scope of
	 * "own").  Search, counts and sorting work as for one kind. */
	unsigned kinds, own_kinds;
	int64_t own_user;
	bool open;	   /* only tickets not yet resolved or closed */
	int status;	   /* -1: any */
	int priority_rank; /* -1: any */
	const char *category;
	const char *customer_id;
	int64_t assigned_to;		  /* 0: any; -1: unassigned */
	int64_t team_id;		  /* 0: any */
	int64_t team_member;		  /* non-zero: only tickets of the teams this user is in */
	int64_t release_id;		  /* 0: any */
	int on_roadmap;			  /* 0: any; 1: only on the roadmap */
	int64_t created_by;		  /* 0: any */
	int64_t created_from, created_to; /* UTC seconds, [from, to); 0: open */
	const char *search;	  /* what the user typed in the search box, or NULL (search.h) */
	int within_policy_window; /* -1: any */
	int overdue;		  /* 0: any; 1: only overdue at now; 2: only not overdue */
	int64_t now;		  /* the instant "overdue" is judged at */
	int64_t count_cap;	  /* non-zero: count matches only up to this many */
	enum sort_key sort;
	bool ascending;
	bool has_cursor;
	int64_t cursor_key, cursor_id;
	int limit;
	bool full;     /* whole tickets; otherwise list rows (the columns flagged COL_LIST) */
	bool no_total; /* skip counting the total (*total is 0): an export's later pages */
};

/* One page of tickets in *out (arena-allocated), the total matching (without the cursor),
 * and whether there is a next page (its cursor is the last row's key and id). */
enum err_code store_ticket_list(struct db *db, struct arena *a, const struct ticket_query *q,
				struct ticket **out, int *n, int64_t *total, bool *more,
				struct error *e);
/* Where a sweep has got to: the (next_check_at, ticket_id) of the last ticket it claimed.
 * DUE_KEY_START is before every ticket. */
struct due_key {
	int64_t at, id;
};
#define DUE_KEY_START ((struct due_key){INT64_MIN, 0})

/* Claims up to max tickets whose SLA check is due at now for the sweep, inside the
 * caller's write transaction, in (next_check_at, ticket_id) order after the key `after`,
 * read into *out (arena a) with the columns of a list row and the sweep's own (COL_SWEEP:
 * the others are left empty, so a change of them would be no change): rows another transaction
 * holds are passed over (PostgreSQL: FOR UPDATE SKIP LOCKED; on SQLite the write transaction
 * excludes every other writer), and a ticket whose check another sweep has moved on is no longer
 * due.  A sweep passes the last claimed ticket's key as `after` for its next batch, so that each
 * batch is read straight off the index (tickets_next_check_order) from there. */
enum err_code store_ticket_claim_due(struct db *db, struct arena *a, int64_t now,
				     const struct due_key *after, int max, struct ticket **out,
				     int *n, struct error *e);
/* store_ticket_update for n tickets (before[i] to after[i]), with the counts by status,
 * priority and assignee moved once per distinct key instead of once per ticket. */
enum err_code store_ticket_update_many(struct db *db, const struct ticket *before,
				       const struct ticket *after, int n, int64_t now,
				       struct error *e);
struct ticket_event;
/* store_event_add for n events, event i on ticket_ids[i], in a few multi-row INSERTs. */
enum err_code store_events_add_many(struct db *db, const struct ticket_event *ev,
				    const int64_t *ticket_ids, int n, struct error *e);
/* Resolved tickets with no activity (updated_at) since `before`, oldest first, at most
 * max. */
enum err_code store_ticket_resolved_before(struct db *db, int64_t before, int max, int64_t *out,
					   int *n, struct error *e);

struct ticket_event {
	int64_t id;
	int64_t at;
	int64_t actor_id; /* 0: the system */
	const char *actor_name;
	const char *type; /* created, changed, status, assigned, resolved, closed, comment */
	const char *field;
	const char *old_value;
	const char *new_value;
	const char *note;
	int64_t comment_id;
	const char *comment_text;
	const char *visibility;
	int64_t author_contact_id; /* a comment's portal contact who wrote it; 0: none */
};

/* Who wrote a comment when it is not a staff user: a portal customer or contact, writing as
 * the portal's reserved user.  name is shown instead of the user's ("Rahul Sharma (The
 * Grand Maratha Hotel)"); contact_id is the contact's, 0 for a home customer. */
struct comment_author {
	const char *name;
	int64_t contact_id;
};

/* A new ticket in one go, inside the caller's transaction: takes the next number of its
 * kind into t->number (allocated in a), inserts t (store_ticket_insert) and writes the
 * audit event created (its type, time and actor; its new value is the number); on
 * PostgreSQL in one statement.  When row is not NULL, *row is the row as inserted, as
 * store_ticket_get reads it (the insert returns it). */
enum err_code store_ticket_create(struct db *db, struct arena *a, struct ticket *t,
				  const struct ticket_event *created, int64_t *id,
				  struct ticket *row, struct error *e);
/* Appends an audit event.  Audit events are never updated or deleted. */
enum err_code store_event_add(struct db *db, const struct ticket_event *ev, int64_t ticket_id,
			      struct error *e);
/* author: who wrote the comment when it is not the staff user `user` (NULL for staff). */
enum err_code store_comment_add(struct db *db, int64_t ticket_id, int64_t user,
				const struct comment_author *author, const char *text,
				const char *visibility, int64_t at, int64_t *comment_id,
				struct error *e);
/* The timeline, oldest first: events joined with their comments.  Internal comments are
 * left out unless include_internal.  comments_only keeps only comment events.  A comment
 * event's actor is the comment's writer (its user, under its author's name when it has
 * one), also where someone else's merge moved it onto this ticket. */
enum err_code store_timeline(struct db *db, struct arena *a, int64_t ticket_id,
			     bool include_internal, bool comments_only, struct ticket_event **out,
			     int *n, struct error *e);

#endif
