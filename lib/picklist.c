/*
 * picklist.c - the lists of words a setting holds (call statuses, deal
 * stages): checking a new value, and finding the word a person typed.
 *
 * A list is comma separated; each item is a name of [a-z_], optionally
 * followed by "=" and aliases separated by "|":
 * "new,in_progress=taken,completed=done".  A typed word selects an item
 * by its name or an alias, else by a prefix of exactly one item's name
 * or aliases.
 */
#include <stdlib.h>
#include <string.h>

#include "crm-internal.h"

#define MAX_WORD 32

/* Length of the word of [a-z_] at p. */
static size_t
word_len(const char *p)
{
	size_t n = 0;

	while ((p[n] >= 'a' && p[n] <= 'z') || p[n] == '_')
		n++;
	return n;
}

/* Whether the word p (n bytes) appears as a name or alias in v before end. */
static int
seen_before(const char *v, const char *end, const char *p, size_t n)
{
	const char *q = v;

	while (q < end) {
		size_t m = word_len(q);

		if (m == n && strncmp(q, p, n) == 0)
			return 1;
		q += m;
		if (q < end)
			q++;	/* the separator */
	}
	return 0;
}

int
crm_picklist_check(const char *key, const char *v, int aliases,
    const char *const *required, struct crm_err *e)
{
	const char *p = v;
	int items = 0;
	size_t i;

	for (;;) {
		size_t n = word_len(p);
		int name = p == v || p[-1] == ',';

		if (n == 0 || n > MAX_WORD || (p[n] != ',' && p[n] != '\0' &&
		    !(aliases && p[n] == (name ? '=' : '|'))))
			return crm_err_set(e, CRM_EINPUT, "%s \"%s\" is not a "
			    "comma list of lowercase words (a-z, _)%s", key, v,
			    aliases ? ", each with optional =alias|alias" : "");
		if (seen_before(v, p, p, n))
			return crm_err_set(e, CRM_EINPUT, "%s: \"%.*s\" is there "
			    "twice", key, (int)n, p);
		items += name;
		if (p[n] == '\0')
			break;
		p += n + 1;
	}
	if (items < 2 || items > 20)
		return crm_err_set(e, CRM_EINPUT, "%s has %d items; give 2 to "
		    "20", key, items);
	for (i = 0; required != NULL && required[i] != NULL; i++) {
		char *names = crm_picklist_names(v);
		int found = 0;
		char *tok, *save = NULL, *s;

		if (names == NULL)
			return crm_err_set(e, CRM_EDB, "out of memory");
		for (s = names; (tok = strtok_r(s, ",", &save)) != NULL;
		    s = NULL)
			found |= strcmp(tok, required[i]) == 0;
		free(names);
		if (!found)
			return crm_err_set(e, CRM_EINPUT, "%s must include %s",
			    key, required[i]);
	}
	return CRM_OK;
}

char *
crm_picklist_names(const char *v)
{
	char *out, *o;
	const char *p = v;

	if ((out = o = malloc(strlen(v) + 1)) == NULL)
		return NULL;
	while (*p != '\0') {
		size_t n = strcspn(p, "=,");

		if (o > out)
			*o++ = ',';
		memcpy(o, p, n);
		o += n;
		p += n;
		p += strcspn(p, ",");
		if (*p == ',')
			p++;
	}
	*o = '\0';
	return out;
}

int
crm_pick(struct crm_db *db, const char *key, const char *what,
    const char *word, char *out, size_t bufsz, struct crm_err *e)
{
	char *list, *item, *save = NULL, *s;
	char cand[256];
	size_t n = strlen(word), clen = 0;
	int rc, exact = 0, matches = 0;

	if ((rc = crm_setting_get(db, key, &list, e)) != CRM_OK)
		return rc;
	cand[0] = '\0';
	for (s = list; !exact && (item = strtok_r(s, ",", &save)) != NULL;
	    s = NULL) {
		size_t nlen = strcspn(item, "=");
		const char *a = item;
		int hit = 0;

		/* The name, then each alias. */
		for (;;) {
			size_t alen = strcspn(a, "=|");

			if (alen == n && strncmp(a, word, n) == 0) {
				exact = 1;
				hit = 1;
				break;
			}
			if (n > 0 && alen > n && strncmp(a, word, n) == 0)
				hit = 1;
			a += alen;
			if (*a == '\0')
				break;
			a++;
		}
		if (!hit)
			continue;
		if (exact) {
			snprintf(out, bufsz, "%.*s", (int)nlen, item);
			matches = 1;
			break;
		}
		if (matches++ == 0)
			snprintf(out, bufsz, "%.*s", (int)nlen, item);
		if (clen + nlen + 3 < sizeof(cand))
			clen += (size_t)snprintf(cand + clen, sizeof(cand) -
			    clen, "%s%.*s", clen ? ", " : "", (int)nlen, item);
	}
	free(list);
	if (matches == 0)
		return crm_err_set(e, CRM_EUSAGE, "no %s \"%s\" (crm-config get "
		    "%s)", what, word, key);
	if (matches > 1)
		return crm_err_set(e, CRM_EUSAGE, "%s \"%s\" is ambiguous (%s); "
		    "give more letters", what, word, cand);
	return CRM_OK;
}
