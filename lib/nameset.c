/*
 * nameset.c - a set of names, ASCII case aside, to find a name given
 * twice in time linear in the names: the columns of a header, the custom
 * fields one record makes.  Comparing each name with every other is
 * quadratic, and a header of 100,000 columns took seconds that way.
 *
 * Open addressing over a table at most half full; the names are copied
 * into one buffer, so the set owns what it compares and a caller's
 * buffer may move.  A cleared set keeps its memory for the next record.
 */
#include <stdlib.h>
#include <string.h>

#include "crm-internal.h"

struct crm_nameset {
	size_t *slot;		/* 1 + index into off, or 0: empty */
	size_t mask;		/* slots - 1, a power of two less one */
	size_t *off;		/* name i at text.p + off[i] */
	size_t n, ncap;
	struct crm_buf text;
};

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* FNV-1a over the bytes, ASCII letters in lower case. */
static size_t
hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)lower((unsigned char)*s)) *
		    1099511628211ULL;
	return (size_t)h;
}

static int
same(const char *a, const char *b)
{
	for (; *a != '\0' && lower((unsigned char)*a) ==
	    lower((unsigned char)*b); a++, b++)
		;
	return *a == '\0' && *b == '\0';
}

/* The slot of name: where it is, or the empty one where it would go. */
static size_t
find(const struct crm_nameset *s, const char *name, size_t h)
{
	size_t i = h & s->mask;

	while (s->slot[i] != 0 &&
	    !same(s->text.p + s->off[s->slot[i] - 1], name))
		i = (i + 1) & s->mask;
	return i;
}

/* Twice the slots, every name placed again. */
static int
grow(struct crm_nameset *s)
{
	size_t n = (s->mask + 1) * 2, i, j, *slot;

	if ((slot = calloc(n, sizeof(*slot))) == NULL)
		return CRM_EDB;
	free(s->slot);
	s->slot = slot;
	s->mask = n - 1;
	for (i = 0; i < s->n; i++) {
		j = find(s, s->text.p + s->off[i], hash(s->text.p + s->off[i]));
		s->slot[j] = i + 1;
	}
	return CRM_OK;
}

int
crm_nameset_new(struct crm_nameset **sp)
{
	struct crm_nameset *s;

	*sp = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->slot = calloc(16, sizeof(*s->slot))) == NULL) {
		free(s);
		return CRM_EDB;
	}
	s->mask = 15;
	*sp = s;
	return CRM_OK;
}

int
crm_nameset_add(struct crm_nameset *s, const char *name, const char **dup)
{
	size_t i, h = hash(name), *off;

	*dup = NULL;
	i = find(s, name, h);
	if (s->slot[i] != 0) {
		*dup = s->text.p + s->off[s->slot[i] - 1];
		return CRM_OK;
	}
	if (s->n == s->ncap) {
		size_t cap = s->ncap ? s->ncap * 2 : 16;

		if ((off = realloc(s->off, cap * sizeof(*off))) == NULL)
			return CRM_EDB;
		s->off = off;
		s->ncap = cap;
	}
	s->off[s->n] = s->text.len;
	if (crm_buf_add(&s->text, name, strlen(name) + 1) != CRM_OK)
		return CRM_EDB;
	s->slot[i] = ++s->n;
	if (2 * s->n > s->mask + 1)
		return grow(s);
	return CRM_OK;
}

void
crm_nameset_clear(struct crm_nameset *s)
{
	size_t i;

	/*
	 * A few names a record: clear their slots, not the whole table, the
	 * last placed first, so that each one's probe still passes the
	 * slots that were taken when it was placed.
	 */
	if (4 * s->n > s->mask + 1)
		memset(s->slot, 0, (s->mask + 1) * sizeof(*s->slot));
	else
		for (i = s->n; i-- > 0;)
			s->slot[find(s, s->text.p + s->off[i],
			    hash(s->text.p + s->off[i]))] = 0;
	s->n = 0;
	s->text.len = 0;
}

void
crm_nameset_free(struct crm_nameset *s)
{
	if (s == NULL)
		return;
	free(s->slot);
	free(s->off);
	crm_buf_free(&s->text);
	free(s);
}
