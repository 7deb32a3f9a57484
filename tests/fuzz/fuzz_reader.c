/*
 * fuzz_reader.c - libFuzzer target for the input side of libcrm.
 *
 * The input bytes are read as a CSV/TSV file with each delimiter mode
 * (detected, ',', ';', tab) through crm_reader_open/crm_reader_next, and
 * every field of every row, good or bad, goes through the phone, e-mail
 * and date parsers.  Besides the sanitizers, it checks what the reader
 * promises: a row is always as wide as the header, lens[] agree with the
 * NUL-terminated fields of a good row, a good row is valid UTF-8, line
 * numbers never go backwards, a reader that stopped stays stopped, and a
 * date the date layer accepts (in New York) has a stored form.
 */
#include "fuzz.h"

/* West of UTC: late on 9999-12-31 is the year 10000 in UTC. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setenv("TZ", "America/New_York", 1);
	return 0;
}

static void
validate_field(const char *s)
{
	struct crm_err e = { 0 };
	char out[512];
	time_t t;
	size_t len = strlen(s);

	if (crm_phone_normalize(s, "34", out, sizeof(out), &e) == CRM_OK) {
		CHECK(out[0] == '+');
		CHECK(strlen(out) <= 16);
	}
	crm_err_clear(&e);
	(void)crm_phone_normalize(s, NULL, out, 17, &e);
	crm_err_clear(&e);
	if (crm_email_normalize(s, out, sizeof(out), &e) == CRM_OK)
		CHECK(strchr(out, '@') != NULL && strlen(out) < sizeof(out));
	crm_err_clear(&e);
	(void)crm_email_normalize(s, out, 8, &e);
	crm_err_clear(&e);
	if (crm_date_parse(s, FUZZ_NOW, &t, &e) == CRM_OK) {
		/* What the date layer accepts, the stored form holds. */
		CHECK(crm_time_iso(t, out, sizeof(out)) == CRM_OK);
		CHECK(crm_time_iso_valid(out));
	}
	(void)crm_utf8_width(s);
	(void)crm_utf8_valid(s, len, NULL);
}

static void
read_all(const uint8_t *data, size_t size, int delim)
{
	struct crm_reader *r = NULL;
	struct crm_row row;
	struct crm_err e = { 0 };
	struct fuzz_in in;
	char msg[1200];
	size_t i, ncols;
	long last = 0;
	int got, rows = 0;

	if (fuzz_open(&in, data, size) != 0)
		return;
	if (crm_reader_open(&r, in.fp, delim, &e) != CRM_OK) {
		CHECK(r == NULL);
		CHECK(e.code != CRM_OK);
		crm_err_text(&e, msg, sizeof(msg));
		goto done;
	}
	ncols = crm_reader_ncols(r);
	CHECK(ncols > 0);
	CHECK(delim == 0 || crm_reader_delim(r) == delim);
	for (i = 0; i < ncols; i++) {
		const char *c = crm_reader_col(r, i);

		CHECK(c != NULL && c[0] != '\0');
		validate_field(c);
	}
	CHECK(crm_reader_col(r, ncols) == NULL);
	while ((got = crm_reader_next(r, &row, &e)) != 0) {
		if (got == -2) {
			fuzz_check_err(&e);
			/* A reader that stopped stays stopped. */
			CHECK(crm_reader_next(r, &row, &e) == -2);
			break;
		}
		CHECK(got == 1 || got == -1);
		CHECK(row.nfields == ncols);
		CHECK(row.line >= 1 && row.line >= last);
		last = row.line;
		if (got == -1) {
			CHECK(e.code == CRM_EINPUT);
			CHECK(e.line == row.line);
			crm_err_text(&e, msg, sizeof(msg));
		}
		for (i = 0; i < row.nfields; i++) {
			CHECK(row.fields[i] != NULL);
			if (got == 1) {
#ifndef FUZZ_NO_LENS_CHECK	/* to look past a known bug for others */
				CHECK(row.lens[i] == strlen(row.fields[i]));
#endif
				CHECK(crm_utf8_valid(row.fields[i],
				    row.lens[i], NULL));
			}
			validate_field(row.fields[i]);
		}
		crm_err_clear(&e);
		if (++rows > 100000)
			break;
	}
done:
	crm_reader_close(r);
	fuzz_close(&in);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int delims[] = { 0, ',', ';', '\t' };
	size_t i;

	for (i = 0; i < sizeof(delims) / sizeof(delims[0]); i++)
		read_all(data, size, delims[i]);
	return 0;
}
