/* test_terminal.c - text for a terminal: what it would obey is escaped. */
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "tap.h"

/* s as crm_term_escape writes it, in a static buffer. */
static const char *
escaped(const char *s, enum crm_term_how how)
{
	static char out[256];
	struct crm_buf b = { 0 };

	if (crm_term_escape(&b, s, strlen(s), how) != CRM_OK)
		return "(no memory)";
	snprintf(out, sizeof(out), "%s", b.p ? b.p : "");
	crm_buf_free(&b);
	return out;
}

int
main(void)
{
	char buf[16];

	is(escaped("Ana Garc\xc3\xad" "a", CRM_TERM_CELL), "Ana Garc\xc3\xad" "a",
	    "text passes as it is");
	ok(crm_term_safe("Ana Garc\xc3\xad" "a \xe4\xb8\xad"),
	    "accents and wide characters are safe");
	is(escaped("Evil\x1b]0;PWNED\x07", CRM_TERM_CELL),
	    "Evil\\x1b]0;PWNED\\x07", "ESC and BEL are \\x1b and \\x07");
	is(escaped("X\x1b[2J", CRM_TERM_CELL), "X\\x1b[2J", "a clear screen");
	is(escaped("a\x7f" "b\x01", CRM_TERM_CELL), "a\\x7fb\\x01",
	    "DEL and other C0 controls");
	is(escaped("a\xc2\x9b" "31m", CRM_TERM_CELL), "a\\u009b31m",
	    "C1 CSI (U+009B) is \\u009b");
	is(escaped("\xe2\x80\xae" "cba", CRM_TERM_CELL), "\\u202ecba",
	    "RIGHT-TO-LEFT OVERRIDE is \\u202e");
	is(escaped("\xe2\x80\xaa\xe2\x80\xac\xe2\x81\xa6\xe2\x81\xa9",
	    CRM_TERM_CELL), "\\u202a\\u202c\\u2066\\u2069",
	    "embeddings and isolates");
	is(escaped("\xe2\x80\x8f" "x", CRM_TERM_CELL), "\xe2\x80\x8f" "x",
	    "a right-to-left mark stays (text needs it)");
	is(escaped("jos\xc3@x \xff", CRM_TERM_CELL), "jos\\xc3@x \\xff",
	    "bytes that are not UTF-8 show their value");
	is(escaped("a\tb\nc\r\nd", CRM_TERM_CELL), "a b c  d",
	    "a cell: tab and line breaks are spaces");
	is(escaped("a\tb\nc\rd", CRM_TERM_QUOTE), "a\\tb\\nc\\rd",
	    "a quoted value: \\t \\n \\r");
	ok(!crm_term_safe("a\x1b"), "ESC is not safe");
	ok(!crm_term_safe("a\n"), "a line break is not safe");
	ok(crm_utf8_width(escaped("\xe2\x80\xae" "ab\x1b", CRM_TERM_CELL)) ==
	    strlen("\\u202eab\\x1b"), "the width of an escape is its length");

	is(crm_term_quote("abc", buf, sizeof(buf)), "abc", "quote: short");
	is(crm_term_quote("abcdefghijklmnopqrstu", buf, sizeof(buf)),
	    "abcdefghijkl...", "quote: cut with ...");
	is(crm_term_quote("abcdefghijk\x1b" "xyz", buf, sizeof(buf)),
	    "abcdefghijk...", "quote: an escape is never halved");
	is(crm_term_quote("abcdefghij\xc3\xa9\xc3\xa9\xc3\xa9", buf,
	    sizeof(buf)), "abcdefghij\xc3\xa9...",
	    "quote: a character is never halved");
	is(crm_term_quote("abcdefghijklm\x07", buf, sizeof(buf)),
	    "abcdefghijkl...", "quote: no room for the last escape");
	is(crm_term_quote("abcdefghijk\x07", buf, sizeof(buf)),
	    "abcdefghijk\\x07", "quote: the last escape fits exactly");
	return tap_done();
}
