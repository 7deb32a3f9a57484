/* test_money.c - crm_money_parse, crm_money_format and crm_currency_valid. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "crm.h"
#include "tap.h"

/* s parses to want cents and formats back to back. */
static void
good(const char *s, int64_t want, const char *back)
{
	struct crm_err e = { 0 };
	int64_t v = -1;
	char buf[32];

	ok(crm_money_parse(s, &v, &e) == CRM_OK && v == want,
	    "\"%s\" is %lld cents", s, (long long)want);
	is(crm_money_format(v, buf, sizeof(buf)), back, "and prints %s", back);
}

/* s is rejected with message msg. */
static void
bad(const char *s, const char *msg)
{
	struct crm_err e = { 0 };
	int64_t v = 7;

	ok(crm_money_parse(s, &v, &e) == CRM_EUSAGE && v == 7,
	    "\"%s\" is rejected", s);
	is(e.msg, msg, "saying why");
}

int
main(void)
{
	char buf[32];

	good("1234", 123400, "1234.00");
	good("1234.5", 123450, "1234.50");
	good("1234,5", 123450, "1234.50");
	good("0.05", 5, "0.05");
	good("0", 0, "0.00");
	good("1,234.50", 123450, "1234.50");
	good("1.234,50", 123450, "1234.50");
	good("1,234,567", 123456700, "1234567.00");
	good("1.234.567,89", 123456789, "1234567.89");
	good("9999999999.99", CRM_MONEY_MAX, CRM_MONEY_MAX_TEXT);
	good("9,999,999,999.99", CRM_MONEY_MAX, CRM_MONEY_MAX_TEXT);

	bad("12.345", "amount \"12.345\" has more than 2 decimals");
	bad("1,234", "amount \"1,234\" has more than 2 decimals");
	bad("abc", "amount \"abc\" is not a number like 1234.50");
	bad("", "amount \"\" is not a number like 1234.50");
	bad("-5", "amount \"-5\" is negative");
	bad("12.", "amount \"12.\" is not a number like 1234.50");
	bad(".5", "amount \".5\" is not a number like 1234.50");
	bad("1,23,4.00", "amount \"1,23,4.00\" is not a number like 1234.50");
	bad("1.2.3", "amount \"1.2.3\" is not a number like 1234.50");
	bad("1.234.5", "amount \"1.234.5\" is not a number like 1234.50");
	bad("1,2.3,4", "amount \"1,2.3,4\" is not a number like 1234.50");
	bad("12 EUR", "amount \"12 EUR\" is not a number like 1234.50");
	bad("10000000000", "amount \"10000000000\" is too large (at most "
	    "9999999999.99)");
	bad("99999999999999999999", "amount \"99999999999999999999\" is too "
	    "large (at most 9999999999.99)");

	/* Percentages of sums of the largest amounts: no overflow. */
	ok(crm_percent(CRM_MONEY_MAX * 9000000, CRM_MONEY_MAX) == 900000000,
	    "nine million deals of the largest amount are 900000000%%");
	ok(crm_percent(INT64_MAX, 1) == INT64_MAX, "a percent too large is cut");
	ok(crm_percent(1, 3) == 33 && crm_percent(2, 3) == 66,
	    "rounded down");
	ok(crm_percent(5, 0) == 0, "no target: 0");

	is(crm_money_format(-150, buf, sizeof(buf)), "-1.50", "negative prints");
	ok(crm_currency_valid("EUR") && crm_currency_valid("USD"),
	    "EUR and USD are currencies");
	ok(!crm_currency_valid("eur") && !crm_currency_valid("EURO") &&
	    !crm_currency_valid("EU") && !crm_currency_valid(""),
	    "eur, EURO, EU and nothing are not");
	return tap_done();
}
