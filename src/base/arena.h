/* A per-request arena: many small allocations, freed together in arena_free().
 * Cleanup hooks registered with arena_defer() run (newest first) when the arena is freed,
 * for things the arena does not own directly: JSON values, statements, files. */
#ifndef TICKETD_ARENA_H
#define TICKETD_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_block;
struct arena_hook;

struct arena {
	struct arena_block *head;
	struct arena_hook *hooks;
	size_t total; /* bytes handed out, for diagnostics */
};

void arena_init(struct arena *a);
/* Frees every allocation and runs every hook; the arena may be reused after arena_init(). */
void arena_free(struct arena *a);

/* Never returns NULL: an allocation failure aborts the process (as git's xmalloc does). */
void *arena_alloc(struct arena *a, size_t n);
void *arena_zalloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);

/* Registers fn(arg) to run when the arena is freed. */
void arena_defer(struct arena *a, void (*fn)(void *), void *arg);

#endif
