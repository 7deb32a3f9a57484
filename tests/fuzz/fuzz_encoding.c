/*
 * fuzz_encoding.c - libFuzzer target for the encoding layer (--encoding,
 * lib/encoding.c) and the CSV reader on top of it.
 *
 * Each input is decoded from every encoding of a list (UTF-16 and UTF-32
 * with and without an order, single-byte ones, a multibyte and a
 * stateful one) in reads of a size its first byte picks, then read as
 * CSV through one decoder.  Besides the sanitizers, it checks what the
 * layer promises: reading ends, an error stays an error and says why,
 * the output is UTF-8 but for 0xFF stand-ins and at most four bytes a
 * byte of input, and what crm_decode_sniff calls UTF-16 --encoding
 * utf-16 reads.
 */
#include "fuzz.h"

static const char *const encodings[] = {
	"utf-16", "utf-16le", "utf-16be", "utf-32", "utf-32le", "ucs-2",
	"windows-1252", "latin1", "cp1251", "utf-8", "shift_jis",
	"iso-2022-jp",
};
#define NENC (sizeof(encodings) / sizeof(encodings[0]))

/* Why "utf-16" refuses input whose byte order it cannot tell. */
#define NO_ORDER "first characters do not show its byte order"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setenv("TZ", "UTC", 1);
	return 0;
}

/* UTF-8 but for the 0xFF bytes that stand for what was not. */
static void
check_output(const char *out, size_t n)
{
	size_t i, from = 0;

	for (i = 0; i <= n; i++)
		if (i == n || (unsigned char)out[i] == 0xFF) {
			CHECK(crm_utf8_valid(out + from, i - from, NULL));
			from = i + 1;
		}
}

/*
 * Decode data from encoding in reads of chunk bytes.  Returns 1 when the
 * decoder refused the input, and its reason in e.
 */
static int
decode(const uint8_t *data, size_t size, const char *encoding, size_t chunk,
    struct crm_err *e)
{
	struct fuzz_in in;
	FILE *fp;
	char *out;
	size_t n = 0, got, reads = 0;
	int failed = 0;

	if (fuzz_open(&in, data, size) != 0)
		return 0;
	CHECK(crm_decode_open(&fp, in.fp, encoding, e) == CRM_OK);
	CHECK(crm_decode_encoding(fp) != NULL);
	CHECK(crm_decode_source(fp) == in.fp);
	CHECK((out = malloc(4 * size + 64 + chunk)) != NULL);
	for (;;) {
		got = fread(out + n, 1, chunk, fp);
		n += got;
		CHECK(n <= 4 * size + 64);
		/* Every read but the last gives something: no loop. */
		CHECK(++reads <= 4 * size / chunk + 64);
		if (got < chunk)
			break;
	}
	if (ferror(fp)) {
		failed = 1;
		crm_decode_error(fp, e);
		fuzz_check_err(e);
		/* The error stays, and says the same. */
		CHECK(fread(out, 1, 1, fp) == 0 && ferror(fp));
	} else
		check_output(out, n);
	free(out);
	fclose(fp);
	fuzz_close(&in);
	return failed;
}

/* The input as CSV through a decoder, as crm-add --encoding reads it. */
static void
read_csv(const uint8_t *data, size_t size, const char *encoding)
{
	struct fuzz_in in;
	struct crm_reader *r = NULL;
	struct crm_row row;
	struct crm_err e = { 0 };
	FILE *fp;
	size_t i, calls = 0;
	int got;

	if (fuzz_open(&in, data, size) != 0)
		return;
	CHECK(crm_decode_open(&fp, in.fp, encoding, &e) == CRM_OK);
	if (crm_reader_open(&r, fp, 0, &e) != CRM_OK) {
		fuzz_check_err(&e);
		CHECK(r == NULL);
		goto done;
	}
	while ((got = crm_reader_next(r, &row, &e)) != 0) {
		CHECK(++calls <= 2 * size + 2);
		if (got == -2) {
			fuzz_check_err(&e);
			CHECK(crm_reader_next(r, &row, &e) == -2);
			break;
		}
		CHECK(row.nfields == crm_reader_ncols(r));
		if (got == -1) {
			fuzz_check_err(&e);
			CHECK(e.line >= 1);
			continue;
		}
		for (i = 0; i < row.nfields; i++)
			CHECK(crm_utf8_valid(row.fields[i], row.lens[i], NULL));
	}
done:
	crm_reader_close(r);
	fclose(fp);
	fuzz_close(&in);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t chunks[] = { 1, 3, 512, 65536 };
	struct crm_err e = { 0 }, se = { 0 };
	size_t i, chunk = chunks[size > 0 ? data[0] % 4 : 0];
	int failed16 = 0;

	for (i = 0; i < NENC; i++) {
		crm_err_clear(&e);
		if (decode(data, size, encodings[i], chunk, &e) && i == 0)
			failed16 = strstr(e.msg, NO_ORDER) != NULL;
	}
	/* What the readers call UTF-16, --encoding utf-16 can read. */
	if (crm_decode_sniff(data, size, &se) != CRM_OK) {
		fuzz_check_err(&se);
		if (strstr(se.msg, "UTF-16") != NULL)
			CHECK(!failed16);
	}
	if (size > 0)
		read_csv(data, size, encodings[data[size - 1] % NENC]);
	return 0;
}
