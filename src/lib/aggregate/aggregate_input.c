/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* What aggregation reads: files, directories and standard input holding
 * talkstat-summary documents, JSON Lines of call records, partial
 * aggregates, or transcripts (summarised here, one call at a time).
 *
 * The kind is decided by content.  After a BOM and blanks, '{' or '['
 * means JSON: JSON Lines when the first line is a whole JSON value, else
 * one document (talkstat-summary's pretty output starts with a line "{").
 * Anything else is a transcript. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aggregate/aggregate.h"
#include "aggregate/json_skim.h"
#include "aggregate/json_where.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/json_tree.h"
#include "base/linebuf.h"
#include "base/linepool.h"
#include "base/spool.h"
#include "base/text.h"
#include "base/jsondoc.h"
#include "run/pipeline.h"

#define CHUNK ((size_t)1 << 20)

/* Lines of the input: the readers' own line splitter. */
typedef ts_linebuf lines;

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The first byte of the content (BOM and blanks skipped) in *c, -1 when
 * there is none.  0 or an error. */
static int first_byte(lines *in, int *c, ts_error *err)
{
	size_t at = 0;
	for (;;) {
		while (in->start + at < in->end) {
			const char *s = in->buf + in->start + at;
			size_t left = in->end - in->start - at;
			if (at == 0 && left >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
				at += 3;
				continue;
			}
			if (!blank(*s)) {
				*c = (unsigned char)*s;
				return 0;
			}
			at++;
		}
		if (in->eof) {
			*c = -1;
			return 0;
		}
		int rc = ts_linebuf_fill(in, err);
		if (rc)
			return rc;
	}
}

/* "file:line:col: invalid JSON" at the byte where cJSON stopped. */
static int json_error(const char *name, const char *text, size_t len, const char *at, long line0,
                      ts_error *err)
{
	long line, col;
	if (!at || at < text || at > text + len)
		at = text;
	ts_text_position(text, (size_t)(at - text), line0, &line, &col);
	char near[40] = "";
	size_t n = 0;
	for (const char *p = at; p < text + len && *p != '\n' && n < 20; p++)
		near[n++] = *p;
	while (n && ((unsigned char)near[n - 1] & 0xC0) == 0x80)
		n--;  /* no half character */
	if (n && ((unsigned char)near[n - 1] & 0xC0) == 0xC0)
		n--;
	near[n] = '\0';
	const char *rest = at;
	while (rest < text + len && blank(*rest))
		rest++;
	if (rest >= text + len)
		return ts_fail(err, TS_EINPUT, name, line, col, "invalid JSON: unexpected end");
	if (!n)
		return ts_fail(err, TS_EINPUT, name, line, col, "invalid JSON");
	return ts_fail(err, TS_EINPUT, name, line, col, "invalid JSON: '%s'", near);
}

/* What becomes of each call record found: added to the aggregate at once,
 * or read and packed in a thread for adding later (add_lines). */
typedef struct emitter {
	int (*call)(void *arg, const cJSON *call, const char *text, size_t len, const char *name,
	            long line, const char *dflt, ts_error *err);
	void *arg;
} emitter;

static int add_now(void *arg, const cJSON *call, const char *text, size_t len, const char *name,
                   long line, const char *dflt, ts_error *err)
{
	return ts_agg_add_call(arg, call, text, len, name, line, dflt, err);
}

/* A parsed top-level value: a document, a call record, or a list of them.
 * text[0..len): a record's own text, for the columns of its errors (NULL
 * inside lists and documents). */
static int add_value(const emitter *em, const cJSON *v, const char *text, size_t len,
                     const char *name, long line, ts_error *err)
{
	if (cJSON_IsArray(v)) {
		for (const cJSON *c = v->child; c; c = c->next) {
			int rc = add_value(em, c, NULL, 0, name, line, err);
			if (rc)
				return rc;
		}
		return 0;
	}
	if (cJSON_IsObject(v) && cJSON_GetObjectItemCaseSensitive(v, "talkstat_partial"))
		return ts_fail(err, TS_EINPUT, name, line, 0,
		               "a partial aggregate: merge partial files with --merge");
	const cJSON *calls = cJSON_GetObjectItemCaseSensitive(v, "calls");
	if (cJSON_IsObject(v) && cJSON_IsArray(calls)) {
		const cJSON *src = cJSON_GetObjectItemCaseSensitive(v, "source");
		const cJSON *ver = cJSON_GetObjectItemCaseSensitive(v, "schema_version");
		if (ver && (!cJSON_IsNumber(ver) || ver->valuedouble != TS_SCHEMA_VERSION))
			return ts_fail(err, TS_EINPUT, name, line, 0, "unsupported schema_version");
		size_t i = 0;
		for (const cJSON *c = calls->child; c; c = c->next, i++) {
			int rc = em->call(em->arg, c, NULL, 0, name, line,
			                  cJSON_IsString(src) ? src->valuestring : NULL, err);
			if (rc) {
				if (!line && err) {
					/* a document has no line per call: say which call */
					char msg[sizeof err->msg + 32];
					snprintf(msg, sizeof msg, "call %zu: %s", i + 1, err->msg);
					snprintf(err->msg, sizeof err->msg, "%.*s", (int)sizeof err->msg - 1, msg);
				}
				return rc;
			}
		}
		return 0;
	}
	if (!cJSON_IsObject(v) || (!cJSON_GetObjectItemCaseSensitive(v, "call") &&
	                           !cJSON_GetObjectItemCaseSensitive(v, "speakers")))
		return ts_fail(err, TS_EINPUT, name, line, 0,
		               "not a talkstat summary or call record");
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(v, "schema_version");
	if (ver && (!cJSON_IsNumber(ver) || ver->valuedouble != TS_SCHEMA_VERSION))
		return ts_fail(err, TS_EINPUT, name, line, 0, "unsupported schema_version");
	return em->call(em->arg, v, text, len, name, line, NULL, err);
}

/* Read the rest of the input into b (which holds what came before). */
static int slurp(lines *in, ts_buf *b, ts_error *err)
{
	if (ts_buf_append(b, in->buf + in->start, in->end - in->start))
		return ts_nomem(err);
	in->start = in->end;
	while (!in->eof) {
		if (ts_buf_reserve(b, CHUNK))
			return ts_nomem(err);
		ssize_t r = read(in->fd, b->ptr + b->len, CHUNK);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return ts_fail(err, TS_EIO, in->name, 0, 0, "cannot read: %s", strerror(errno));
		if (r == 0)
			in->eof = 1;
		b->len += (size_t)r;
		b->ptr[b->len] = '\0';
	}
	return 0;
}

static int is_blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!blank(s[i]))
			return 0;
	return 1;
}

/* text[0..len), from line `line0` of the file, parsed into *v keeping only
 * what reading records looks up (json_skim.h): memory for what is read,
 * not for the whole text.  *v lives in t until t is used again.  0; 1 when
 * it is not one JSON value, *at where it breaks; or an error, reported. */
static int parse_skimmed(ts_jtree *t, const char *text, size_t len, const char *name, long line0,
                         const cJSON **v, size_t *at, ts_error *err)
{
	ts_skim_result r;
	long l, c;
	*v = NULL;
	t->text.len = 0;
	ts_json_skim(text, len, ts_agg_reads_member, &t->text, &r);
	switch (r.status) {
	case TS_SKIM_OK:
		/* the copy is JSON as cJSON takes it: only memory can fail */
		return (*v = ts_jtree_parse(t)) ? 0 : ts_nomem(err);
	case TS_SKIM_SYNTAX:
		/* at the end: on the last byte, as cJSON says it */
		*at = r.at < len || !len ? r.at : len - 1;
		return 1;
	case TS_SKIM_DEEP:
		ts_text_position(text, r.at, line0, &l, &c);
		return ts_fail(err, TS_EINPUT, name, l, c, "JSON nested deeper than %d levels",
		               CJSON_NESTING_LIMIT);
	case TS_SKIM_DUP:
		return ts_json_fault(text, r.at, name, line0, err, text + r.at + 1, r.key_len);
	case TS_SKIM_NUL:
		return ts_json_fault(text, r.at, name, line0, err, NULL, 0);
	default:
		return ts_nomem(err);
	}
}

/* The input after its first line, which is not JSON alone: one document
 * over many lines (talkstat-summary's pretty output starts with a line
 * "{").  line[0..len) is that first line, `bad` where it breaks. */
static int add_document(ts_agg *agg, lines *in, const char *line, size_t len, size_t bad,
                        ts_error *err)
{
	ts_buf doc = {0};
	long line0 = in->lineno;
	/* a copy of the line: the buffer it is in is refilled */
	char *first = malloc(len + 1);
	int rc = 0;
	if (!first || ts_buf_append(&doc, line, len) || ts_buf_append(&doc, "\n", 1))
		rc = ts_nomem(err);
	if (!rc) {
		memcpy(first, line, len);
		first[len] = '\0';
		rc = slurp(in, &doc, err);
	}
	ts_jtree tree = {0};
	const cJSON *v = NULL;
	size_t at = 0;
	if (!rc && (rc = parse_skimmed(&tree, doc.ptr, doc.len, in->name, line0, &v, &at, err)) == 1) {
		/* a lone "{" starts a document: report where the document
		 * breaks; else the first line was meant as a record */
		const char *t = first;
		while (t < first + len && blank(*t))
			t++;
		int lone = t < first + len && (t[0] == '{' || t[0] == '[') &&
		           is_blank_line(t + 1, len - (size_t)(t + 1 - first));
		rc = lone ? json_error(in->name, doc.ptr, doc.len, doc.ptr + at, line0, err)
		          : json_error(in->name, first, len, first + bad, line0, err);
	}
	emitter now = {add_now, agg};
	if (!rc)
		rc = add_value(&now, v, NULL, 0, in->name, 0, err);
	ts_jtree_free(&tree);
	free(first);
	ts_buf_free(&doc);
	return rc;
}

/* Partial aggregates, a line at a time (aggregate_partial.c checks them). */
static int add_partial(ts_agg *agg, lines *in, ts_error *err)
{
	agg_partial_state st = {0};
	char *line = NULL;
	size_t len = 0;
	int rc;
	while ((rc = ts_linebuf_line(in, &line, &len, err)) == 1) {
		if (is_blank_line(line, len))
			continue;
		const char *end = NULL;
		cJSON *v = ts_json_parse(line, len, &end);
		if (v && !is_blank_line(end, len - (size_t)(end - line))) {
			cJSON_Delete(v);
			v = NULL;
		}
		if (!v)
			return json_error(in->name, line, len, end, in->lineno, err);
		rc = ts_json_check(line, len, in->name, in->lineno, err);
		if (!rc)
			rc = ts_agg_partial_line(agg, &st, v, line, len, in->name, in->lineno, err);
		cJSON_Delete(v);
		if (rc)
			return rc;
	}
	if (rc < 0)
		return rc;
	return ts_agg_partial_end(agg, &st, in->name, err);
}

/* ---- JSON Lines on threads ---- */

/* A thread's own: the tree of its line and the record read from it. */
typedef struct line_state {
	ts_jtree tree;
	agg_rec rec;
	const char *name;
	ts_buf *out;         /* the line's packed records */
} line_state;

/* Packed: the record's bytes (ts_agg_rec_pack), their length before them,
 * and its source after them, NUL-ended. */
static int pack_call(void *arg, const cJSON *call, const char *text, size_t len, const char *name,
                     long line, const char *dflt, ts_error *err)
{
	line_state *st = arg;
	int rc = ts_agg_rec_read(&st->rec, call, text, len, name, line, dflt, err);
	if (rc)
		return rc;
	size_t at = st->out->len, n;
	if (ts_buf_append(st->out, &at, sizeof at) || ts_agg_rec_pack(&st->rec, st->out)) {
		st->out->len = at;  /* the records before it stay whole for apply */
		return ts_nomem(err);
	}
	n = st->out->len - at - sizeof n;
	memcpy(st->out->ptr + at, &n, sizeof n);
	if (ts_buf_append(st->out, st->rec.source, strlen(st->rec.source) + 1)) {
		st->out->len = at;
		return ts_nomem(err);
	}
	return 0;
}

/* A line after the first of JSON Lines: its records to em. */
static int line_value(ts_jtree *t, const emitter *em, const char *name, const char *line,
                      size_t len, long lineno, ts_error *err)
{
	if (is_blank_line(line, len))
		return 0;
	const cJSON *v;
	size_t at = 0;
	int rc = parse_skimmed(t, line, len, name, lineno, &v, &at, err);
	if (rc == 1)
		return json_error(name, line, len, line + at, lineno, err);
	return rc ? rc : add_value(em, v, line, len, name, lineno, err);
}

static int read_line(void *state, const char *line, size_t len, long lineno, ts_buf *out,
                     ts_error *err)
{
	line_state *st = state;
	st->out = out;
	emitter em = {pack_call, st};
	return line_value(&st->tree, &em, st->name, line, len, lineno, err);
}

typedef struct line_sink {
	ts_agg *agg;
	const char *name;
} line_sink;

static int add_packed(void *arg, const char *p, size_t n, long lineno, ts_error *err)
{
	line_sink *sk = arg;
	for (size_t i = 0; i < n;) {
		size_t len;
		memcpy(&len, p + i, sizeof len);
		const char *rec = p + i + sizeof len, *source = rec + len;
		if (ts_agg_rec_unpack(&sk->agg->rec, rec, len, source))
			return ts_nomem(err);
		int rc = ts_agg_add_rec(sk->agg, &sk->agg->rec, sk->name, lineno, err);
		if (rc)
			return rc;
		i += sizeof len + len + strlen(source) + 1;
	}
	return 0;
}

/* The lines after the first record line: read on the aggregate's threads,
 * added in file order (base/linepool.h), so that the result and the first
 * error are those of reading them one by one. */
static int add_lines(ts_agg *agg, lines *in, ts_error *err)
{
	size_t nt = ts_agg_threads(agg);
	line_state *st = calloc(nt, sizeof *st);
	void **states = calloc(nt, sizeof *states);
	int rc = st && states ? 0 : ts_nomem(err);
	for (size_t t = 0; t < nt && !rc; t++) {
		st[t].name = in->name;
		states[t] = &st[t];
	}
	line_sink sk = {agg, in->name};
	if (!rc)
		rc = ts_linepool_run(in, nt, states, read_line, add_packed, &sk, err);
	for (size_t t = 0; st && t < nt; t++) {
		ts_jtree_free(&st[t].tree);
		ts_agg_rec_free(&st[t].rec);
	}
	free(st);
	free(states);
	return rc;
}

/* The same on one thread: each line's records added as it is read. */
static int add_serial(ts_agg *agg, lines *in, ts_jtree *t, ts_error *err)
{
	char *line;
	size_t len;
	int rc;
	emitter now = {add_now, agg};
	while ((rc = ts_linebuf_line(in, &line, &len, err)) == 1)
		if ((rc = line_value(t, &now, in->name, line, len, in->lineno, err)))
			break;
	return rc;
}

/* JSON Lines of records, or one document. */
static int add_json(ts_agg *agg, lines *in, ts_error *err)
{
	char *line = NULL;
	size_t len = 0;
	int rc;
	ts_jtree t = {0};
	while ((rc = ts_linebuf_line(in, &line, &len, err)) == 1) {
		if (is_blank_line(line, len))
			continue;
		const cJSON *v;
		size_t at = 0;
		rc = parse_skimmed(&t, line, len, in->name, in->lineno, &v, &at, err);
		if (rc == 1) {
			ts_jtree_free(&t);
			return add_document(agg, in, line, len, at, err);
		}
		emitter now = {add_now, agg};
		if (!rc)
			rc = add_value(&now, v, line, len, in->name, in->lineno, err);
		/* the first line is a record: the rest are lines of records */
		if (!rc)
			rc = ts_agg_threads(agg) > 1 ? add_lines(agg, in, err) : add_serial(agg, in, &t, err);
		break;
	}
	ts_jtree_free(&t);
	return rc;
}

typedef struct transcript_sink {
	ts_agg *agg;
	const char *name;
	ts_error *err;
} transcript_sink;

/* In the thread that analysed a call: its record, packed. */
static int make_record(void *arg, const ts_result *r, ts_buf *out)
{
	const transcript_sink *t = arg;
	agg_rec rec = {0};
	int rc = ts_agg_rec_result(&rec, r, t->name) || ts_agg_rec_pack(&rec, out) ? TS_ENOMEM : 0;
	ts_agg_rec_free(&rec);
	return rc;
}

/* In file order, in the calling thread: the record added. */
static int add_record(void *arg, const char *rec, size_t len)
{
	transcript_sink *t = arg;
	if (ts_agg_rec_unpack(&t->agg->rec, rec, len, t->name))
		return ts_nomem(t->err);
	return ts_agg_add_rec(t->agg, &t->agg->rec, t->name, 0, t->err);
}

/* A transcript: read and analyse it (with the context's threads), add each
 * call's result as it comes, in file order; no summary is written or read
 * between. */
static int add_transcript(ts_agg *agg, ts_context *ctx, const char *path, const char *name,
                          ts_error *err)
{
	if (!ctx)
		return ts_fail(err, TS_EINPUT, name, 0, 0, "not JSON, and no transcript options given");
	transcript_sink t = {agg, name, err};
	ts_sink sink = {make_record, &t, add_record, &t, NULL};
	return ts_pipeline_file(ctx, path, TS_SECTION_ALL, &sink, err);
}

/* Standard input that turned out to be a transcript: the reader takes a
 * path and may read twice, so what was read and the rest are spooled to a
 * temporary file that then stands in for standard input. */
static int spool_stdin(const lines *in, ts_error *err)
{
	int fd = -1;
	int rc = ts_spool(0, in->buf + in->start, in->end - in->start, NULL, "<stdin>", &fd, err);
	if (rc)
		return rc;
	if (dup2(fd, 0) < 0)
		rc = ts_fail(err, TS_EIO, "<stdin>", 0, 0, "cannot reread standard input: %s",
		             strerror(errno));
	close(fd);
	return rc;
}

static int add_file(ts_agg *agg, ts_context *ctx, const char *path, int partial, ts_error *err)
{
	int is_stdin = !strcmp(path, "-");
	const char *name = is_stdin ? "<stdin>" : path;
	int fd = 0;
	if (!is_stdin && (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return ts_fail(err, TS_EIO, name, 0, 0, "cannot open: %s", strerror(errno));
	lines in;
	int c = -1;
	int rc = ts_linebuf_init(&in, fd, name, err);
	if (!partial)
		in.max = TS_MAX_RECORD_BYTES;  /* a transcript is read again by its reader */
	if (!rc)
		rc = first_byte(&in, &c, err);
	if (rc) {
		/* reported */
	} else if (c == -1) {
		/* empty: no calls (ts_agg_add_path says so) */
		if (partial)
			rc = ts_fail(err, TS_EINPUT, name, 0, 0, "empty file, not a partial aggregate");
	} else if (partial) {
		rc = c == '{' || c == '[' ? add_partial(agg, &in, err)
		                          : ts_fail(err, TS_EINPUT, name, 1, 0,
		                                    "not a partial aggregate (write one with --partial)");
	} else if (!ts_pipeline_is_transcript(ctx, in.buf + in.start, in.end - in.start)) {
		rc = add_json(agg, &in, err);
	} else if (is_stdin) {
		rc = spool_stdin(&in, err);
		if (!rc)
			rc = add_transcript(agg, ctx, "-", name, err);
	} else {
		rc = add_transcript(agg, ctx, path, name, err);
	}
	if (!is_stdin)
		close(fd);
	ts_linebuf_free(&in);
	return rc;
}

/* ---- many transcripts ---- */

/* Whether path is a file holding a transcript that add_file would read
 * with the pipeline; 0 for anything else or any trouble, which add_file
 * then meets again and reports. */
static int is_transcript(const ts_context *ctx, const char *path)
{
	struct stat st;
	if (!strcmp(path, "-") || stat(path, &st) || !S_ISREG(st.st_mode))
		return 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	lines in;
	int c = -1;
	int rc = ts_linebuf_init(&in, fd, path, &(ts_error){0});
	in.max = TS_MAX_RECORD_BYTES;
	if (!rc)
		rc = first_byte(&in, &c, &(ts_error){0});
	int yes = !rc && c != -1 && ts_pipeline_is_transcript(ctx, in.buf + in.start, in.end - in.start);
	ts_linebuf_free(&in);
	close(fd);
	return yes;
}

typedef struct batch {
	ts_agg *agg;
	const char *const *paths;
	uint64_t before;  /* calls before the file being handed on */
	size_t cur;       /* that file, n: none yet */
	ts_error *err;
} batch;

/* The file handed on last must have given calls (ts_agg_add_path). */
static int batch_file_done(batch *b)
{
	if (b->cur != (size_t)-1 && b->agg->calls == b->before)
		return ts_fail(b->err, TS_EINPUT, b->paths[b->cur], 0, 0, "no calls");
	return 0;
}

static int batch_begin(void *arg, size_t i)
{
	batch *b = arg;
	int rc = batch_file_done(b);
	b->cur = i;
	b->before = b->agg->calls;
	return rc;
}

/* Transcripts paths[0..n), read by the context's threads across files,
 * added in order as ts_agg_add_path adds each. */
static int add_transcripts(ts_agg *agg, ts_context *ctx, size_t n, const char *const *paths,
                           ts_error *err)
{
	transcript_sink *t = calloc(n, sizeof *t);
	ts_sink *sinks = calloc(n, sizeof *sinks);
	int rc = t && sinks ? 0 : ts_nomem(err);
	for (size_t i = 0; !rc && i < n; i++) {
		t[i] = (transcript_sink){agg, paths[i], err};
		sinks[i] = (ts_sink){make_record, &t[i], add_record, &t[i], NULL};
	}
	batch b = {agg, paths, 0, (size_t)-1, err};
	if (!rc)
		rc = ts_pipeline_files(ctx, n, paths, sinks, TS_SECTION_ALL, batch_begin, &b, err);
	if (!rc)
		rc = batch_file_done(&b);
	free(sinks);
	free(t);
	return rc;
}

int ts_agg_add_paths(ts_agg *agg, ts_context *ctx, size_t n, const char *const *paths,
                     int partial, ts_error *err)
{
	int rc = 0;
	for (size_t i = 0; i < n && !rc;) {
		size_t k = i;
		while (!partial && ctx && k < n && is_transcript(ctx, paths[k]))
			k++;
		if (k - i >= 2) {
			rc = add_transcripts(agg, ctx, k - i, paths + i, err);
			i = k;
		} else {
			rc = ts_agg_add_path(agg, ctx, paths[i++], partial, err);
		}
	}
	return rc;
}

/* ---- directories ---- */

typedef struct found {
	char *path;
	dev_t dev;
	ino_t ino;
	int twice;                /* another path names the same file */
} found;

typedef struct paths {
	found *v;
	size_t n, cap;
} paths;

static int wanted(const char *name)
{
	size_t n = strlen(name);
	return (n > 5 && !strcmp(name + n - 5, ".json")) || (n > 6 && !strcmp(name + n - 6, ".jsonl"));
}

static int walk(const char *dir, paths *out, int depth, ts_error *err)
{
	if (depth > 64)
		return ts_fail(err, TS_ELIMIT, dir, 0, 0, "directories nested more than 64 deep");
	DIR *d = opendir(dir);
	if (!d)
		return ts_fail(err, TS_EIO, dir, 0, 0, "cannot open: %s", strerror(errno));
	int rc = 0;
	struct dirent *e;
	while (!rc && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;  /* ".", "..", hidden files */
		size_t n = strlen(dir) + strlen(e->d_name) + 2;
		char *p = malloc(n);
		if (!p) {
			rc = ts_nomem(err);
			break;
		}
		snprintf(p, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
		struct stat st, lst;
		if (lstat(p, &lst) || stat(p, &st)) {
			rc = ts_fail(err, TS_EIO, p, 0, 0, "cannot stat: %s", strerror(errno));
			free(p);
		} else if (S_ISDIR(st.st_mode) && S_ISLNK(lst.st_mode)) {
			/* a link to a directory is not followed: it would count the
			 * files of a directory twice, or loop ("loop -> .") */
			free(p);
		} else if (S_ISDIR(st.st_mode)) {
			rc = walk(p, out, depth + 1, err);
			free(p);
		} else if (S_ISREG(st.st_mode) && wanted(e->d_name)) {
			if (TS_GROW(out->v, out->cap, out->n + 1)) {
				free(p);
				rc = ts_nomem(err);
			} else {
				out->v[out->n++] = (found){p, st.st_dev, st.st_ino, 0};
			}
		} else {
			free(p);
		}
	}
	closedir(d);
	return rc;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(((const found *)a)->path, ((const found *)b)->path);
}

static int cmp_file(const void *a, const void *b)
{
	const found *x = a, *y = b;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return strcmp(x->path, y->path);
}

/* A file the walk meets twice (a hard link, a link to a file) is read
 * once, under the first of its paths: its records would count twice. */
static void mark_twice(paths *ps)
{
	qsort(ps->v, ps->n, sizeof *ps->v, cmp_file);
	for (size_t i = 1; i < ps->n; i++)
		ps->v[i].twice = ps->v[i].dev == ps->v[i - 1].dev && ps->v[i].ino == ps->v[i - 1].ino;
}

int ts_agg_add_path(ts_agg *agg, ts_context *ctx, const char *path, int partial, ts_error *err)
{
	struct stat st;
	uint64_t before = agg->calls;
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	if (strcmp(path, "-") && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		paths ps = {0};
		int rc = walk(path, &ps, 0, err);
		if (!rc && ps.n > 1) {
			mark_twice(&ps);
			qsort(ps.v, ps.n, sizeof *ps.v, cmp_path);
		}
		for (size_t i = 0; i < ps.n && !rc; i++)
			if (!ps.v[i].twice)
				rc = add_file(agg, ctx, ps.v[i].path, partial, err);
		for (size_t i = 0; i < ps.n; i++)
			free(ps.v[i].path);
		free(ps.v);
		if (!rc && agg->calls == before)
			rc = ts_fail(err, TS_EINPUT, name, 0, 0, ps.n ? "no calls" :
			             "no calls (no *.json or *.jsonl file in it)");
		return rc;
	}
	int rc = add_file(agg, ctx, path, partial, err);
	/* an input without calls is a mistake (a wrong path, a failed step
	 * before), not a result of zero calls */
	if (!rc && agg->calls == before)
		rc = ts_fail(err, TS_EINPUT, name, 0, 0, "no calls");
	return rc;
}
