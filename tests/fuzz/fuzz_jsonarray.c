/*
 * libFuzzer harness for the streamed JSON array of objects (jsonarray.h),
 * with small limits so giant and deep objects are reached.  Checks its
 * promises: every object is counted once (passed or rejected), each
 * passed one is an object, lines rise and stay within the input, each
 * reject has a reason; a refused file is CW_INPUT with a located message;
 * the same bytes read from memory and as a head plus a file give the same
 * result; a sink that fails stops the read.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/jsonarray.h"
#include "fuzzcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	unsigned long objects, rejects, last_line, lines;
	int stopped;
};

static int on_object(void *ctx, const struct jnode *obj, unsigned long line, struct diag *err)
{
	struct seen *s = ctx;
	const struct jnode *stop = jnode_get(obj, "stop");

	CHECK(jnode_is_object(obj));
	CHECK(line >= s->last_line && line <= s->lines);
	s->last_line = line;
	s->objects++;
	if (stop && jnode_string(stop)) {
		s->stopped = 1;
		return diag_set(err, CW_INPUT, "stopped by the sink");
	}
	return 0;
}

static void on_reject(void *ctx, unsigned long line, const char *reason)
{
	struct seen *s = ctx;

	CHECK(line >= s->last_line && line <= s->lines);
	CHECK(reason && *reason);
	s->last_line = line;
	s->rejects++;
}

static const struct jarray_limits lim = { 256, 6, 40 };

static int run(const char *p, size_t size, size_t head, struct seen *s,
	       struct jarray_stats *st, struct diag *err)
{
	struct jarray_sink sink = { on_object, on_reject, s };
	FILE *f;
	int rc;

	diag_init(err);
	if (head > size)
		return jarray_read_mem(p, size, "x.json", &lim, &sink, st, err);
	f = tmpfile();
	CHECK(f != NULL);
	CHECK(fwrite(p + head, 1, size - head, f) == size - head);
	CHECK(fflush(f) == 0 && lseek(fileno(f), 0, SEEK_SET) == 0);
	rc = jarray_read_fd(fileno(f), p, head, "x.json", &lim, &sink, st, err);
	fclose(f);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size heap copy, so ASan sees any over-read */
	char *p = malloc(size ? size : 1);
	struct seen s = { 0 }, t = { 0 };
	struct jarray_stats st, st2;
	struct diag err, err2;
	size_t i;
	int rc, rc2;

	memcpy(p, data, size);
	s.lines = 1;
	for (i = 0; i < size; i++)
		s.lines += p[i] == '\n';
	t.lines = s.lines;
	rc = run(p, size, size + 1, &s, &st, &err);
	if (s.stopped) {
		CHECK(rc == -1 && !strcmp(err.msg, "stopped by the sink"));
	} else if (rc < 0) {
		CHECK(err.code == CW_INPUT && err.msg[0]);
	} else {
		CHECK(st.objects == s.objects + s.rejects);
		CHECK(st.rejected == s.rejects);
		CHECK(st.bytes == size);
	}
	/* the same from a head of a third of the bytes and a file */
	rc2 = run(p, size, size / 3, &t, &st2, &err2);
	CHECK(rc2 == rc && t.objects == s.objects && t.rejects == s.rejects);
	CHECK(!strcmp(err.msg, err2.msg));
	free(p);
	return 0;
}
