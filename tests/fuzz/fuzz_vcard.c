/*
 * fuzz_vcard.c - libFuzzer target for the vCard reader (crm-add -f
 * vcard), as bytes and through --encoding.
 *
 * Each input is read three times: as it is, as it is with
 * --keep-unknown, and through a decoder of an encoding its first byte
 * picks (utf-16 with and without an order, utf-32, windows-1252,
 * utf-8).  Besides the sanitizers, it checks what the reader promises:
 * it ends (each call moves on: no more results than lines, and a
 * failure stays a failure), every refusal has a reason and a line, a
 * good card's fields and custom fields are valid UTF-8 under valid,
 * distinct names, the output is bounded by the input, and what
 * --rejects writes reads back.
 */
#include "fuzz.h"

static const char *const encodings[] = {
	"utf-16", "utf-16le", "utf-16be", "utf-32", "windows-1252", "utf-8",
};
#define NENC (sizeof(encodings) / sizeof(encodings[0]))

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setenv("TZ", "UTC", 1);
	return 0;
}

/*
 * Read every card of fp; the cards refused go to rejects when not NULL.
 * Returns how many were refused.
 */
static long
read_cards(FILE *fp, size_t size, int keep, FILE *rejects)
{
	const struct crm_entity *ent = crm_entity_lookup("contact");
	struct crm_vcard_reader *r = NULL;
	struct crm_vcard card;
	struct crm_err e = { 0 };
	const char *const *fields;
	char msg[1200];
	size_t i, nf, calls = 0, bytes = 0;
	long last = 0, refused = 0;
	int got;

	CHECK(ent != NULL);
	CHECK(crm_vcard_open(&r, fp, ent, keep, &e) == CRM_OK);
	nf = crm_vcard_nfields(r);
	fields = crm_vcard_fields(r);
	CHECK(nf > 0 && fields != NULL);
	while ((got = crm_vcard_next(r, &card, &e)) != 0) {
		/* Each result reads a line at least: no loop. */
		CHECK(++calls <= size + 2);
		if (got == -2) {
			fuzz_check_err(&e);
			CHECK(e.code == CRM_EINPUT || e.code == CRM_EDB);
			/* The failure stays: a caller that asks again stops. */
			CHECK(crm_vcard_next(r, &card, &e) == -2);
			break;
		}
		CHECK(got == 1 || got == -1);
		/* Where: a good card's BEGIN, a bad one's first problem. */
		CHECK((got == 1 ? card.line : e.line) >= 1);
		CHECK((got == 1 ? card.line : e.line) >= last);
		last = got == 1 ? card.line : e.line;
		if (got == -1) {
			fuzz_check_err(&e);
			CHECK(e.code == CRM_EINPUT);
			refused++;
			if (rejects != NULL) {
				crm_err_text(&e, msg, sizeof(msg));
				CHECK(crm_vcard_reject(r, rejects, msg) ==
				    CRM_OK);
			}
			crm_err_clear(&e);
			continue;
		}
		for (i = 0; i < nf; i++) {
			CHECK(fields[i] != NULL && card.vals[i] != NULL);
			CHECK(crm_utf8_valid(card.vals[i], strlen(card.vals[i]),
			    NULL));
			bytes += strlen(card.vals[i]);
		}
		CHECK(card.ncustom <= 2 * CRM_FIELDSET_MAX_VALUES);
		bytes += fuzz_check_custom(card.custom, card.ncustom);
		/*
		 * Bounded by the input: a byte becomes at most four of UTF-8
		 * (a CHARSET), a label is repeated for each value it labels.
		 */
		CHECK(bytes <= 8 * size + 4096);
	}
	crm_vcard_close(r);
	return refused;
}

/* Read data as it is, or through a decoder of encoding. */
static void
read_input(const uint8_t *data, size_t size, const char *encoding, int keep)
{
	struct fuzz_in in;
	struct crm_err e = { 0 };
	FILE *fp, *rejects;
	char *rbuf = NULL;
	size_t rlen = 0;
	long refused;

	if (fuzz_open(&in, data, size) != 0)
		return;
	fp = in.fp;
	if (encoding != NULL)
		CHECK(crm_decode_open(&fp, in.fp, encoding, &e) == CRM_OK);
	CHECK((rejects = open_memstream(&rbuf, &rlen)) != NULL);
	refused = read_cards(fp, size, keep, rejects);
	CHECK(fclose(rejects) == 0);
	if (fp != in.fp)
		fclose(fp);
	fuzz_close(&in);
	/*
	 * The rejects file reads back: as many cards or fewer (a card that
	 * was only junk before the first BEGIN has nothing to write back).
	 */
	if (rlen > 0 && fuzz_open(&in, (const uint8_t *)rbuf, rlen) == 0) {
		long again = read_cards(in.fp, rlen, keep, NULL);

		CHECK(again <= refused);
		fuzz_close(&in);
	}
	free(rbuf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	read_input(data, size, NULL, 0);
	read_input(data, size, NULL, 1);
	if (size > 0)
		read_input(data, size, encodings[data[0] % NENC], 0);
	return 0;
}
