/* strutil.c - small string helpers shared by the library. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

char *
crm_trim(char *s)
{
	size_t n;
	char *p = s;

	while (is_space((unsigned char)*p))
		p++;
	n = strlen(p);
	while (n > 0 && is_space((unsigned char)p[n - 1]))
		n--;
	if (p != s)
		memmove(s, p, n);
	s[n] = '\0';
	return s;
}

int64_t
crm_positive(const char *s)
{
	char *end;
	long long v;

	/* Digits only: no sign, no space, nothing after. */
	if (*s < '0' || *s > '9')
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	return *end != '\0' || errno != 0 || v <= 0 ? 0 : v;
}

int
crm_buf_add(struct crm_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		if ((p = realloc(b->p, cap)) == NULL)
			return CRM_EDB;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return CRM_OK;
}

int
crm_buf_adds(struct crm_buf *b, const char *s)
{
	return crm_buf_add(b, s, strlen(s));
}

void
crm_buf_free(struct crm_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
