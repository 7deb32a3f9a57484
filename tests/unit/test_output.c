/* test_output.c - the table, CSV, TSV and JSON writers. */
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "tap.h"

static const struct crm_col cols[] = {
	{ "id", 1 },
	{ "name", 0 },
	{ "note", 0 },
};

/* Rows that exercise quoting and escapes; each three wide. */
static const char *const rows[][3] = {
	{ "1", "Ann", "plain" },
	{ "2", "O\"Brien", "a,b" },
	{ "3", " lead", "trail " },
	{ "4", "two\nlines", "cr\rx" },
	{ NULL, "", "mid space" },
	{ "5", "Jos\xc3\xa9", "semi;colon\ttab" },
	{ "6", "back\\slash", "" },
};

/*
 * Write the rows in format f through a writer on a memory stream and
 * return the text (valid until the next call).
 */
static const char *
render(enum crm_format f, const struct crm_col *c, size_t ncols,
    const char *const (*r)[3], size_t nrows, int *rc)
{
	static char *text;
	struct crm_writer *w;
	size_t len, i;
	FILE *out;

	free(text);
	text = NULL;
	if ((out = open_memstream(&text, &len)) == NULL)
		abort();
	if ((w = crm_writer_new(out, f, c, ncols)) == NULL)
		abort();
	*rc = crm_writer_header(w);
	for (i = 0; i < nrows; i++)
		*rc |= crm_writer_row(w, r[i]);
	*rc |= crm_writer_end(w);
	fclose(out);
	return text;
}

static const char *
render_rows(enum crm_format f, int *rc)
{
	return render(f, cols, 3, rows, sizeof(rows) / sizeof(rows[0]), rc);
}

static void
test_formats(void)
{
	enum crm_format f = CRM_FMT_TABLE;
	int rc;

	ok(crm_format_parse("csv", &f) == CRM_OK && f == CRM_FMT_CSV, "csv");
	ok(crm_format_parse("tsv", &f) == CRM_OK && f == CRM_FMT_TSV, "tsv");
	ok(crm_format_parse("json", &f) == CRM_OK && f == CRM_FMT_JSON,
	    "json");
	ok(crm_format_parse("table", &f) == CRM_OK && f == CRM_FMT_TABLE,
	    "table");
	ok(crm_format_parse("xml", &f) == CRM_EUSAGE, "xml is a usage error");
	ok(crm_format_parse("", &f) == CRM_EUSAGE, "empty is a usage error");

	is(render_rows(CRM_FMT_CSV, &rc),
	    "id,name,note\n"
	    "1,Ann,plain\n"
	    "2,\"O\"\"Brien\",\"a,b\"\n"
	    "3,\" lead\",\"trail \"\n"
	    "4,\"two\nlines\",\"cr\rx\"\n"
	    ",,mid space\n"
	    "5,Jos\xc3\xa9,semi;colon\ttab\n"
	    "6,back\\slash,\n", "CSV quoting");
	ok(rc == CRM_OK, "CSV writes succeed");

	is(render_rows(CRM_FMT_TSV, &rc),
	    "id\tname\tnote\n"
	    "1\tAnn\tplain\n"
	    "2\tO\"Brien\ta,b\n"
	    "3\t lead\ttrail \n"
	    "4\ttwo\\nlines\tcr\\rx\n"
	    "\t\tmid space\n"
	    "5\tJos\xc3\xa9\tsemi;colon\\ttab\n"
	    "6\tback\\\\slash\t\n", "TSV escapes");
	ok(rc == CRM_OK, "TSV writes succeed");

	is(render_rows(CRM_FMT_JSON, &rc),
	    "{\"id\":1,\"name\":\"Ann\",\"note\":\"plain\"}\n"
	    "{\"id\":2,\"name\":\"O\\\"Brien\",\"note\":\"a,b\"}\n"
	    "{\"id\":3,\"name\":\" lead\",\"note\":\"trail \"}\n"
	    "{\"id\":4,\"name\":\"two\\nlines\",\"note\":\"cr\\rx\"}\n"
	    "{\"id\":null,\"name\":\"\",\"note\":\"mid space\"}\n"
	    "{\"id\":5,\"name\":\"Jos\xc3\xa9\","
	    "\"note\":\"semi;colon\\ttab\"}\n"
	    "{\"id\":6,\"name\":\"back\\\\slash\",\"note\":\"\"}\n",
	    "JSON lines");
	ok(rc == CRM_OK, "JSON writes succeed");
}

static void
test_json(void)
{
	static const struct crm_col jc[] = {
		{ "n", 1 }, { "s", 0 }, { "k\"ey", 0 },
	};
	static const char *const jr[][3] = {
		{ "", "\b\f\x01\x1f\x7f", NULL },
		{ "-1.5e3", "bad\xff" "byte", "\xe6\x9d\xb1\xf0\x9f\x98\x80" },
		{ "007", "\xc3", "x" },
		{ "12abc", "/", "0.25" },
		{ "0", "\xed\xa0\x80", "" },
	};
	int rc;

	is(render(CRM_FMT_JSON, jc, 3, jr, 5, &rc),
	    "{\"n\":null,\"s\":\"\\b\\f\\u0001\\u001f\x7f\",\"k\\\"ey\":null}\n"
	    "{\"n\":-1.5e3,\"s\":\"bad\\ufffdbyte\","
	    "\"k\\\"ey\":\"\xe6\x9d\xb1\xf0\x9f\x98\x80\"}\n"
	    "{\"n\":\"007\",\"s\":\"\\ufffd\",\"k\\\"ey\":\"x\"}\n"
	    "{\"n\":\"12abc\",\"s\":\"/\",\"k\\\"ey\":\"0.25\"}\n"
	    "{\"n\":0,\"s\":\"\\ufffd\\ufffd\\ufffd\",\"k\\\"ey\":\"\"}\n",
	    "JSON control chars, null, numbers, invalid UTF-8, escaped key");
	ok(rc == CRM_OK, "JSON edge writes succeed");
}

static void
test_table(void)
{
	static const struct crm_col tc[] = {
		{ "id", 1 }, { "name", 0 }, { "city", 0 },
	};
	static const char *const tr[][3] = {
		{ "1", "Jos\xc3\xa9", "Madrid" },
		{ "22", "\xe6\x9d\xb1\xe4\xba\xac\xe5\xa4\xaa\xe9\x83\x8e",
		    "T\xc5\x8dky\xc5\x8d" },
		{ "3", NULL, "x\ty\nz" },
		{ "4", "Ann", "" },
		{ "5", "Zoe\xcc\x88", "Z" },
	};
	int rc;

	is(render(CRM_FMT_TABLE, tc, 3, tr, 5, &rc),
	    "id  name      city\n"
	    "1   Jos\xc3\xa9      Madrid\n"
	    "22  \xe6\x9d\xb1\xe4\xba\xac\xe5\xa4\xaa\xe9\x83\x8e  "
	    "T\xc5\x8dky\xc5\x8d\n"
	    "3             x y z\n"
	    "4   Ann\n"
	    "5   Zoe\xcc\x88       Z\n",
	    "table aligned by display width, no trailing spaces");
	ok(rc == CRM_OK, "table writes succeed");

	is(render(CRM_FMT_TABLE, tc, 3, tr, 0, &rc), "id  name  city\n",
	    "empty table is its header");
	is(render(CRM_FMT_TABLE, tc, 2, tr + 3, 1, &rc), "id  name\n4   Ann\n",
	    "last column never padded");
}

static void
test_big(void)
{
	static const struct crm_col one[] = { { "v", 0 } };
	const char *r[1][3];
	size_t n = 200 * 1024;
	char *big = malloc(n + 1), *want = malloc(n + 32);
	int rc;

	memset(big, 'a', n);
	big[n] = '\0';
	big[n / 2] = ',';
	r[0][0] = big;
	r[0][1] = r[0][2] = NULL;
	sprintf(want, "v\n\"%s\"\n", big);
	is(render(CRM_FMT_CSV, one, 1, r, 1, &rc), want,
	    "CSV: a quoted field larger than the output buffer");
	big[n / 2] = 'a';
	sprintf(want, "v\n%s\n", big);
	is(render(CRM_FMT_CSV, one, 1, r, 1, &rc), want,
	    "CSV: a plain field larger than the output buffer");
	big[n - 1] = '\t';
	sprintf(want, "v\n%.*s\\t\n", (int)n - 1, big);
	is(render(CRM_FMT_TSV, one, 1, r, 1, &rc), want,
	    "TSV: a field larger than the output buffer");
	big[n - 1] = '"';
	sprintf(want, "{\"v\":\"%.*s\\\"\"}\n", (int)n - 1, big);
	is(render(CRM_FMT_JSON, one, 1, r, 1, &rc), want,
	    "JSON: a field larger than the output buffer");
	free(big);
	free(want);
}

static void
test_write_error(void)
{
	static const struct crm_col one[] = { { "v", 0 } };
	const char *const r[] = { "x" };
	struct crm_writer *w;
	FILE *fp;

	if ((fp = fopen("/dev/full", "w")) == NULL) {
		ok(1, "# skip no /dev/full");
		return;
	}
	w = crm_writer_new(fp, CRM_FMT_CSV, one, 1);
	crm_writer_header(w);
	crm_writer_row(w, r);
	ok(crm_writer_end(w) == CRM_EDB, "write error reported at the end");
	fclose(fp);
}

int
main(void)
{
	test_formats();
	test_json();
	test_table();
	test_big();
	test_write_error();
	return tap_done();
}
