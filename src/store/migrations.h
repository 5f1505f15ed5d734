/* The numbered migrations, embedded at build time from migrations/ (scripts/embed_sql.py). */
#ifndef TICKETD_MIGRATIONS_H
#define TICKETD_MIGRATIONS_H

struct migration {
	int version;
	const char *name;
	const char *sql;	/* for every engine; @ID@ is the engine's auto-numbered key */
	const char *sqlite;	/* SQLite only, or NULL */
	const char *postgresql; /* PostgreSQL only, or NULL */
};

extern const struct migration migrations[];
extern const int migrations_len;

#endif
