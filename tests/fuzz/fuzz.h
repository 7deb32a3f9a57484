/*
 * fuzz.h - what the libFuzzer targets of tests/fuzz share: the check
 * that aborts with its place (libFuzzer keeps the input), input bytes as
 * a stdio stream, and the checks every reader's output must pass.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

/* A fixed "now" (2026-11-27 10:00 UTC), so runs are reproducible. */
#define FUZZ_NOW ((time_t)1795773600)

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
		    __LINE__, #cond); \
		abort(); \
	} \
} while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An input as a stream; fuzz_close frees both. */
struct fuzz_in {
	FILE *fp;
	char *copy;
};

/*
 * The size bytes at data as a read-only stream at its start (fmemopen
 * wants a writable buffer, and refuses a size of 0: an empty input is a
 * one-byte buffer already read).  0, or -1 when out of memory.
 */
static inline int
fuzz_open(struct fuzz_in *in, const uint8_t *data, size_t size)
{
	in->fp = NULL;
	if ((in->copy = malloc(size + 1)) == NULL)
		return -1;
	memcpy(in->copy, data, size);
	if ((in->fp = fmemopen(in->copy, size > 0 ? size : 1, "r")) == NULL) {
		free(in->copy);
		return -1;
	}
	if (size == 0)
		(void)fgetc(in->fp);
	return 0;
}

static inline void
fuzz_close(struct fuzz_in *in)
{
	if (in->fp != NULL)
		fclose(in->fp);
	free(in->copy);
}

/* A failure as a reader reports it: a code, a message, one line. */
static inline void
fuzz_check_err(const struct crm_err *e)
{
	char text[1200];

	CHECK(e->code != CRM_OK);
	CHECK(e->msg[0] != '\0');
	CHECK(strchr(e->msg, '\n') == NULL);
	crm_err_text(e, text, sizeof(text));
}

static inline int
fuzz_strcmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The custom fields a reader hands out: each a valid name, given once,
 * with a value of valid UTF-8.  Returns the bytes of the values.
 */
static inline size_t
fuzz_check_custom(const struct crm_custom *cf, size_t n)
{
	const char **names;
	size_t i, bytes = 0;

	if (n == 0)
		return 0;
	CHECK((names = malloc(n * sizeof(*names))) != NULL);
	for (i = 0; i < n; i++) {
		CHECK(cf[i].name != NULL && cf[i].value != NULL);
		CHECK(crm_custom_name_valid(cf[i].name));
		CHECK(crm_utf8_valid(cf[i].value, strlen(cf[i].value), NULL));
		bytes += strlen(cf[i].value);
		names[i] = cf[i].name;
	}
	qsort(names, n, sizeof(*names), fuzz_strcmp);
	for (i = 1; i < n; i++)
		CHECK(strcmp(names[i - 1], names[i]) != 0);
	free(names);
	return bytes;
}

#endif
