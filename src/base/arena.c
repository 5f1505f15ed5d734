/* Bump allocator in chained blocks; see arena.h. */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

#define ARENA_BLOCK 8192
#define ARENA_ALIGN 16

struct arena_block {
	struct arena_block *next;
	size_t size, used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena_hook {
	struct arena_hook *next;
	void (*fn)(void *);
	void *arg;
};

static void *xmalloc(size_t n)
{
	void *p = malloc(n);

	if (!p) {
		fputs("ticketd: out of memory\n", stderr);
		abort();
	}
	return p;
}

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->hooks = NULL;
	a->total = 0;
}

void arena_free(struct arena *a)
{
	struct arena_hook *h = a->hooks;

	/* Hooks live inside blocks, so run them all before freeing any block. */
	while (h) {
		h->fn(h->arg);
		h = h->next;
	}
	a->hooks = NULL;

	struct arena_block *b = a->head;

	while (b) {
		struct arena_block *next = b->next;

		free(b);
		b = next;
	}
	a->head = NULL;
	a->total = 0;
}

void *arena_alloc(struct arena *a, size_t n)
{
	size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	struct arena_block *b = a->head;

	if (need < n) {
		fputs("ticketd: arena request too large\n", stderr);
		abort();
	}
	if (!b || b->size - b->used < need) {
		size_t size = need > ARENA_BLOCK / 2 ? need : ARENA_BLOCK;

		b = xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		if (a->head && size != ARENA_BLOCK) {
			/* A large one-off block goes behind the current one, which keeps its space.
			 */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = b->data + b->used;

	b->used += need;
	a->total += need;
	return p;
}

void *arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);

	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list cp;

	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);

	va_end(cp);
	if (n < 0)
		n = 0;
	char *p = arena_alloc(a, (size_t)n + 1);

	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);

	va_end(ap);
	return p;
}

void arena_defer(struct arena *a, void (*fn)(void *), void *arg)
{
	struct arena_hook *h = arena_alloc(a, sizeof(*h));

	h->fn = fn;
	h->arg = arg;
	h->next = a->hooks;
	a->hooks = h;
}
