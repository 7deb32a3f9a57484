/*
 * money.c - exact amounts: decimals typed by people to integer minor
 * units (cents) and back.  No floating point anywhere.
 *
 * The rule for the marks: when both '.' and ',' occur, the last one is
 * the decimal mark and the other groups thousands ("1,234.50",
 * "1.234,50"); a mark that occurs once alone is the decimal mark
 * ("1234,5"); one that occurs several times groups thousands
 * ("1,234,567").  Thousands groups are 3 digits, the first 1 to 3.
 */
#include <stdio.h>
#include <string.h>

#include "crm-internal.h"

/*
 * Integer digits of an amount: at most 9,999,999,999.99, so that sums
 * cannot overflow int64 cents however many deals a base holds in
 * practice: nine million deals of the largest amount still add up.
 */
#define MAX_DIGITS 10

static int
bad(const char *s, struct crm_err *e)
{
	return crm_err_set(e, CRM_EUSAGE, "amount \"%s\" is not a number like "
	    "1234.50", s);
}

int
crm_money_parse(const char *s, int64_t *minor, struct crm_err *e)
{
	const char *p, *dec = NULL, *end;
	char group = 0;
	int ndot = 0, ncomma = 0, digits = 0, run = 0, first = 1, nfrac = 0;
	int64_t v = 0;

	if (s[0] == '-' && s[1] >= '0' && s[1] <= '9')
		return crm_err_set(e, CRM_EUSAGE, "amount \"%s\" is negative",
		    s);
	for (p = s; *p != '\0'; p++) {
		if (*p == '.')
			ndot++;
		else if (*p == ',')
			ncomma++;
		else if (*p < '0' || *p > '9')
			return bad(s, e);
	}
	if (ndot > 0 && ncomma > 0) {
		const char *d = strrchr(s, '.'), *c = strrchr(s, ',');

		dec = d > c ? d : c;
		group = d > c ? ',' : '.';
		if ((*dec == '.' ? ndot : ncomma) != 1)
			return bad(s, e);
	} else if (ndot + ncomma == 1)
		dec = strpbrk(s, ".,");
	else if (ndot + ncomma > 1)
		group = ndot ? '.' : ',';
	end = dec != NULL ? dec : s + strlen(s);
	for (p = s; p < end; p++) {
		if (*p == group) {
			if (run == 0 || run > 3 || (!first && run != 3))
				return bad(s, e);
			first = 0;
			run = 0;
			continue;
		}
		if (++digits > MAX_DIGITS)
			return crm_err_set(e, CRM_EUSAGE, "amount \"%s\" is too "
			    "large (at most %s)", s, CRM_MONEY_MAX_TEXT);
		v = v * 10 + (*p - '0');
		run++;
	}
	if (run == 0 || (!first && run != 3))
		return bad(s, e);
	v *= 100;
	if (dec != NULL) {
		for (p = dec + 1; *p != '\0'; p++, nfrac++)
			if (nfrac < 2)
				v += (*p - '0') * (nfrac == 0 ? 10 : 1);
		if (nfrac == 0)
			return bad(s, e);
		if (nfrac > 2)
			return crm_err_set(e, CRM_EUSAGE, "amount \"%s\" has more "
			    "than 2 decimals", s);
	}
	*minor = v;
	return CRM_OK;
}

char *
crm_money_format(int64_t minor, char *buf, size_t bufsz)
{
	unsigned long long u = minor < 0 ? 0 - (unsigned long long)minor :
	    (unsigned long long)minor;

	snprintf(buf, bufsz, "%s%llu.%02llu", minor < 0 ? "-" : "", u / 100,
	    u % 100);
	return buf;
}

int64_t
crm_percent(int64_t done, int64_t target)
{
	__int128 p;

	if (target <= 0)
		return 0;
	/* A sum of amounts times 100 may pass int64: widen. */
	p = (__int128)done * 100 / target;
	return p > INT64_MAX ? INT64_MAX : p < INT64_MIN ? INT64_MIN :
	    (int64_t)p;
}

int
crm_currency_valid(const char *s)
{
	int i;

	for (i = 0; i < 3; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	return s[3] == '\0';
}
