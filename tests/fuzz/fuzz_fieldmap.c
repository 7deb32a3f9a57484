/*
 * fuzz_fieldmap.c - libFuzzer target for the field maps: --map, --from
 * google and outlook, --keep-unknown (lib/fieldmap.c), over the CSV
 * reader.
 *
 * The input is a first line of --map values (separated by TAB: each is
 * one --map), then a CSV file.  Its first byte picks --from (none,
 * google, outlook) and --keep-unknown.  Contacts and companies are
 * mapped.  Besides the sanitizers, it checks what the maps promise: a
 * map is accepted or refused with a reason, never a database error; a
 * mapped row has every field, valid UTF-8, and custom fields with valid,
 * distinct names; a row is mapped or refused with a reason; the output
 * is bounded by the row.
 */
#include "fuzz.h"

#define MAX_MAPS 8

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setenv("TZ", "UTC", 1);
	return 0;
}

static void
map_csv(const uint8_t *data, size_t size, const struct crm_entity *ent,
    const struct crm_fieldmap_opts *o)
{
	struct fuzz_in in;
	struct crm_reader *r = NULL;
	struct crm_fieldmap *m = NULL;
	struct crm_row row;
	struct crm_err e = { 0 };
	const struct crm_custom *cf;
	const char *const *vals, *const *fields, **cols = NULL;
	size_t i, n, nf, ncf, bytes, inbytes;
	int got, rc;

	rc = crm_fieldmap_check(ent, o, &e);
	if (rc != CRM_OK) {
		fuzz_check_err(&e);
		CHECK(rc == CRM_EUSAGE || rc == CRM_EINPUT);
		return;
	}
	if (fuzz_open(&in, data, size) != 0)
		return;
	if (crm_reader_open(&r, in.fp, 0, &e) != CRM_OK)
		goto done;
	n = crm_reader_ncols(r);
	CHECK((cols = calloc(n, sizeof(*cols))) != NULL);
	for (i = 0; i < n; i++)
		cols[i] = crm_reader_col(r, i);
	(void)crm_fieldmap_guess(cols, n);
	if ((rc = crm_fieldmap_new(&m, ent, o, cols, n, &e)) != CRM_OK) {
		fuzz_check_err(&e);
		CHECK(rc == CRM_EUSAGE || rc == CRM_EINPUT);
		CHECK(m == NULL);
		goto done;
	}
	nf = crm_fieldmap_nfields(m);
	fields = crm_fieldmap_fields(m);
	for (i = 0; i < nf; i++)
		CHECK(fields[i] != NULL && crm_entity_field(ent, fields[i]) >= 0);
	while ((got = crm_reader_next(r, &row, &e)) != 0) {
		if (got == -2)
			break;
		if (got == -1) {
			crm_err_clear(&e);
			continue;
		}
		rc = crm_fieldmap_row(m, (const char *const *)row.fields, &vals,
		    &cf, &ncf, &e);
		if (rc != CRM_OK) {
			fuzz_check_err(&e);
			CHECK(rc == CRM_EINPUT);
			crm_err_clear(&e);
			continue;
		}
		for (i = 0, inbytes = 0; i < row.nfields; i++)
			inbytes += row.lens[i];
		for (i = 0, bytes = 0; i < nf; i++) {
			CHECK(vals[i] != NULL);
			CHECK(crm_utf8_valid(vals[i], strlen(vals[i]), NULL));
			bytes += strlen(vals[i]);
		}
		bytes += fuzz_check_custom(cf, ncf);
		/* ", " joins and repeated labels, no more. */
		CHECK(bytes <= 4 * inbytes + 64 * (ncf + nf) + 1024);
	}
done:
	crm_fieldmap_free(m);
	free(cols);
	crm_reader_close(r);
	fuzz_close(&in);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const from[] = { NULL, "google", "outlook" };
	struct crm_fieldmap_opts o = { 0 };
	const char *maps[MAX_MAPS];
	const uint8_t *nl;
	char *spec, *p, *tab;
	size_t n = 0;

	if (size == 0)
		return 0;
	o.from = from[data[0] % 3];
	o.keep_unknown = data[0] / 3 % 2;
	if ((nl = memchr(data + 1, '\n', size - 1)) == NULL)
		return 0;
	if ((spec = strndup((const char *)data + 1, (size_t)(nl - data) -
	    1)) == NULL)
		return 0;
	for (p = spec; *p != '\0' && n < MAX_MAPS; p = tab + 1) {
		maps[n++] = p;
		if ((tab = strchr(p, '\t')) == NULL)
			break;
		*tab = '\0';
	}
	o.maps = maps;
	o.nmaps = n;
	size -= (size_t)(nl - data) + 1;
	data = nl + 1;
	map_csv(data, size, crm_entity_lookup("contact"), &o);
	map_csv(data, size, crm_entity_lookup("company"), &o);
	free(spec);
	return 0;
}
