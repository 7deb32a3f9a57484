/* test_utf8.c - UTF-8 validation and display width. */
#include <string.h>

#include "crm.h"
#include "tap.h"

static int
valid(const char *s)
{
	return crm_utf8_valid(s, strlen(s), NULL);
}

static size_t
bad_at(const char *s, size_t n)
{
	size_t off = (size_t)-1;

	if (crm_utf8_valid(s, n, &off))
		return (size_t)-1;
	return off;
}

/* The widths of a few strings, as one line, to compare at once. */
static const char *
widths(void)
{
	static const char *const s[] = {
		"ab", "\xc3\xa9t\xc3\xa9", "\xe4\xb8\xad\xe6\x96\x87",
		"e\xcc\x81",
		"\xf0\x9f\x8d\x95!",
	};
	static char buf[64];
	size_t i, len = 0;

	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		len += snprintf(buf + len, sizeof(buf) - len, "%s%zu",
		    i ? " " : "", crm_utf8_width(s[i]));
	return buf;
}

int
main(void)
{
	ok(valid(""), "empty string is valid");
	ok(valid("plain ascii, long enough for the word loop"), "ASCII");
	ok(valid("Jos\xc3\xa9 M\xc3\xbcller"), "2-byte sequences");
	ok(valid("\xe6\x9d\xb1\xe4\xba\xac"), "3-byte sequences");
	ok(valid("\xf0\x9f\x98\x80"), "4-byte sequence (emoji)");
	ok(valid("\xf4\x8f\xbf\xbf"), "U+10FFFF is valid");
	ok(crm_utf8_valid("a\0b", 3, NULL), "NUL byte counts as ASCII");
	ok(!valid("\xc0\xaf"), "overlong 2-byte rejected");
	ok(!valid("\xe0\x80\xaf"), "overlong 3-byte rejected");
	ok(!valid("\xf0\x80\x80\xaf"), "overlong 4-byte rejected");
	ok(!valid("\xed\xa0\x80"), "surrogate U+D800 rejected");
	ok(!valid("\xf4\x90\x80\x80"), "above U+10FFFF rejected");
	ok(!valid("\xf5\x80\x80\x80"), "F5 lead byte rejected");
	ok(!valid("\x80"), "lone continuation byte rejected");
	ok(!valid("\xc3"), "truncated sequence rejected");
	ok(!valid("\xe6\x9d"), "truncated 3-byte sequence rejected");
	ok(!valid("\xc3\x28"), "bad continuation rejected");
	ok(!valid("abcdefghijklmnop\xff"), "bad byte after word-sized ASCII");
	ok(bad_at("abc\xffxyz", 7) == 3, "bad offset of lone FF");
	ok(bad_at("0123456789\xc3\xa9\xe6\x9d", 14) == 12,
	    "bad offset of truncated tail after ASCII and valid text");
	ok(bad_at("ok", 2) == (size_t)-1, "no bad offset when valid");

	ok(crm_utf8_width("") == 0, "width of empty");
	ok(crm_utf8_width("hello") == 5, "width of ASCII");
	ok(crm_utf8_width("Jos\xc3\xa9") == 4, "precomposed accent is 1");
	ok(crm_utf8_width("Jose\xcc\x81") == 4, "combining acute is 0");
	ok(crm_utf8_width("\xe6\x9d\xb1\xe4\xba\xac") == 4,
	    "CJK counts 2 each");
	ok(crm_utf8_width("\xea\xb0\x80") == 2, "Hangul syllable is 2");
	ok(crm_utf8_width("\xef\xbc\xa1") == 2, "fullwidth A is 2");
	ok(crm_utf8_width("\xef\xbd\xa1") == 1, "halfwidth katakana stop is 1");
	ok(crm_utf8_width("\xf0\x9f\x98\x80") == 2, "emoji U+1F600 is 2");
	ok(crm_utf8_width("\xf0\x9f\xa4\x94") == 2, "emoji U+1F914 is 2");
	ok(crm_utf8_width("\xf0\xa0\x80\x80") == 2, "U+20000 is 2");
	ok(crm_utf8_width("a\xe2\x80\x8d" "b") == 2, "ZWJ is 0");
	ok(crm_utf8_width("\xe2\x9d\xa4\xef\xb8\x8f") == 1,
	    "variation selector is 0");
	ok(crm_utf8_width("x\xe2\x83\x97") == 1,
	    "combining mark for symbols is 0");
	ok(crm_utf8_width("a\xff" "b") == 3, "invalid byte counts 1");
	ok(crm_utf8_width("\xe6\x9d") == 2,
	    "truncated sequence counts 1 a byte");
	is(widths(), "2 3 4 1 3",
	    "widths of ASCII, accents, CJK, combining, emoji");
	return tap_done();
}
