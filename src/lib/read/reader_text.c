/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Labelled text (DESIGN.md, "Input formats" 1), as in the reference
 * transcript extracted from a PDF:
 *
 *     ＣＬＢ：您好，我姓韩，我这是从中国劳工通讯打来电话啊。有个事儿想请教
 *     <blank line>
 *     一下，就是咱们这儿凯信达公司火灾，38 人遇难，...
 *
 * A turn starts at a line whose start is a speaker label; every other line
 * continues it, blank lines included, until the next label, call header,
 * or a stage direction that ends the turn ("——电话被挂断——"). */
#include "config.h"

#include <string.h>

#include "base/diag.h"
#include "base/text.h"
#include "model/call.h"
#include "read/input.h"
#include "read/labels.h"
#include "read/lineclass.h"
#include "read/reader.h"
#include "read/stagedir.h"
#include "read/textscan.h"

typedef struct text_reader {
	const ts_resources *res;
	const ts_options *opt;
	ts_input *in;
	ts_labels *labels;
	int own_labels;
	ts_callbuf cb;
	int call_open;
	size_t ncalls;
	int pending;            /* a header line was read for the next call */
	int pending_rc;         /* ... and it was not valid: pending_err */
	ts_error pending_err;
	ts_buf pending_title;
	long pending_line;
	ts_buf file_meta;       /* "key\0value\0" pairs before the first call */
	ts_frontmatter fm;
	int done;
	uint16_t *notes;        /* the first pass's notes of the lines (labels.h) */
	size_t nnotes;
	ts_label_entry *ents;   /* ... and the entries they name */
	size_t nents;
} text_reader;

/* ---- first pass: speaker labels ---- */

/* The first invalid byte, if any: reported before "no labels", so that a
 * binary file is called what it is. */
static int validate_all(ts_input *in, ts_error *err)
{
	int rc = ts_input_rewind(in, err);
	const char *s;
	size_t n;
	long lineno;
	while (!rc && (rc = ts_input_line(in, &s, &n, &lineno, err)) == 1)
		rc = ts_input_check_line(ts_input_name(in), s, n, lineno, err);
	return rc;
}

/* Where the input's first line that is not blank starts with '{' or '[':
 * 1 and its position, as JSON (a talkstat summary, a call record) starts;
 * else 0, or an error. */
static int starts_as_json(ts_input *in, long *line, long *col, ts_error *err)
{
	int rc = ts_input_rewind(in, err);
	const char *s;
	size_t n;
	while (!rc && (rc = ts_input_line(in, &s, &n, line, err)) == 1) {
		rc = 0;
		size_t i = ts_skip_blanks(s, n);
		if (i == n)
			continue;
		*col = (long)ts_utf8_len(s, i) + 1;
		return s[i] == '{' || s[i] == '[';
	}
	return rc;
}

/* After counting the labels of the whole input: decide the speakers; when
 * there are none, the error (an invalid byte first, else "empty input",
 * else "no speaker labels", said of JSON as the likelier mistake: a
 * summary given to a program that reads transcripts).  Rewinds in. */
static int decide(ts_labels *labels, ts_input *in, int content, ts_error *err)
{
	if (!ts_labels_decide(labels)) {
		int rc = validate_all(in, err);
		if (rc)
			return rc;
		const char *name = ts_input_name(in);
		if (!content)
			return ts_fail(err, TS_EINPUT, name, 0, 0, "empty input");
		if (ts_labels_any_declared(labels))
			return ts_fail(err, TS_EINPUT, name, 0, 0, "none of the declared speakers occurs");
		long line = 0, col = 0;
		if ((rc = starts_as_json(in, &line, &col, err)) < 0)
			return rc;
		if (rc)
			return ts_fail(err, TS_EINPUT, name, line, col,
			               "JSON, not a transcript: summaries are read by talkstat "
			               "aggregate and talkstat report; give the transcripts they were "
			               "made from (a ConvoKit corpus: --from convokit)");
		return ts_fail(err, TS_EINPUT, name, 0, 0,
		               "no speaker labels found (a label starts at least two lines, "
		               "like 'NAME:'; or declare them with --speakers)");
	}
	return ts_input_rewind(in, err);
}

/* Front matter that never closes: the whole input would be metadata.  An
 * invalid byte is reported first, as "no labels" is. */
static int front_matter_open(ts_input *in, ts_error *err)
{
	int rc = validate_all(in, err);
	return rc ? rc : ts_fail(err, TS_EINPUT, ts_input_name(in), 1, 1,
	                         "front matter: the '---' of line 1 is not closed by '---' or "
	                         "'...'");
}

/* An input this large at most is held whole between the passes (read/
 * input.h ts_input_keep), so that neither pass reads nor splits it again
 * after the first look for its lines: KEEP_BYTES with one thread, which
 * holds one input (peak RSS on zh5 8.5 -> 14.5 MiB), and otherwise no
 * more than the 128 KiB every reading thread's buffer holds anyway
 * (base/linebuf.c), as each of many threads may hold a file read whole:
 * 150 files of 256 KiB at 16 threads, held up to KEEP_BYTES, went over
 * 32 MiB (32.0-33.2 MiB, 27.0-31.2 before).  The lines kept (12 bytes
 * each, the empty ones left out) are at most one for every
 * KEEP_LINE_BYTES bytes held, a few over, and no more than the notes:
 * their record is smaller than the bytes it points into, whatever the
 * input. */
#define KEEP_BYTES ((size_t)8 << 20)
#define KEEP_BYTES_THREADS ((size_t)128 << 10)
#define KEEP_LINE_BYTES 16

static size_t keep_bytes(const ts_options *opt)
{
	return opt->threads == 1 ? KEEP_BYTES : KEEP_BYTES_THREADS;
}

static size_t keep_lines(const ts_input *in)
{
	size_t lines = (size_t)ts_input_size(in) / KEEP_LINE_BYTES + 64;
	return lines < TS_LABEL_MAX_NOTES ? lines : TS_LABEL_MAX_NOTES;
}

static int first_pass(text_reader *r, ts_error *err)
{
	ts_textscan sc;
	int rc = ts_textscan_init(&sc, r->res->langs, r->opt, 0, 0, err);
	/* the second pass reads the same lines: text_next */
	sc.note = r->opt->threads == 1 ? TS_LABEL_MAX_NOTES_ALONE : TS_LABEL_MAX_NOTES;
	if (!rc)
		rc = ts_input_keep(r->in, keep_bytes(r->opt), keep_lines(r->in), 1, err);
	if (!rc)
		rc = ts_textscan_run(&sc, r->res->tc, r->in, err);
	if (!rc && sc.full_line)
		rc = ts_fail(err, TS_ELIMIT, ts_input_name(r->in), sc.full_line, sc.full_col,
		             "more than %d distinct prefixes look like speaker labels ('NAME:'): "
		             "declare the speakers with --speakers",
		             TS_LABEL_MAX_CANDIDATES);
	if (!rc && ts_frontmatter_open(&sc.fm))
		rc = front_matter_open(r->in, err);
	if (!rc)
		rc = decide(sc.labels, r->in, sc.content, err);
	if (!rc) {
		r->labels = sc.labels;
		sc.labels = NULL;
		/* without the entries (out of memory), every line is judged */
		if (ts_labels_notes_hold(r->labels) &&
		    (r->ents = ts_labels_entries(r->labels, &r->nents))) {
			r->notes = sc.notes;
			r->nnotes = sc.nnotes;
			sc.notes = NULL;
		}
	}
	ts_textscan_free(&sc);
	return rc;
}

/* The metadata lines before the first call of in ("key\0value\0" pairs),
 * which apply to every call. */
static int file_meta(ts_input *in, ts_buf *meta, ts_error *err)
{
	const char *s;
	size_t n;
	long lineno;
	int rc;
	ts_frontmatter fm;
	ts_frontmatter_init(&fm, 1);
	while ((rc = ts_input_line(in, &s, &n, &lineno, err)) == 1) {
		ts_line_info li;
		int fk = ts_frontmatter_line(&fm, s, n, &li);
		ts_line_kind k = fk >= 0 ? (ts_line_kind)fk : ts_line_classify(s, n, &li);
		if (k == TS_LINE_HEADER || k == TS_LINE_OTHER)
			break;
		if (k == TS_LINE_META &&
		    (ts_buf_append(meta, s + li.a + li.k, li.kn) || ts_buf_append(meta, "", 1) ||
		     ts_buf_append(meta, s + li.a + li.v, li.e - li.a - li.v) ||
		     ts_buf_append(meta, "", 1)))
			return ts_nomem(err);
	}
	return rc < 0 ? rc : 0;
}

/* ---- second pass: calls ---- */

static int open_call(text_reader *r, long line)
{
	ts_callbuf_reset(&r->cb, ++r->ncalls, line);
	r->call_open = 1;
	/* File-level metadata (before the first call) applies to every call.
	 * Walked by offset: a file without it has a NULL buffer, and NULL + 0
	 * is undefined. */
	for (size_t at = 0; at < r->file_meta.len;) {
		const char *k = r->file_meta.ptr + at, *v = k + strlen(k) + 1;
		if (ts_callbuf_meta(&r->cb, k, strlen(k), v, strlen(v)))
			return TS_ENOMEM;
		at = (size_t)(v + strlen(v) + 1 - r->file_meta.ptr);
	}
	return 0;
}

static int ensure_call(text_reader *r, long line)
{
	return r->call_open ? 0 : open_call(r, line);
}

/* The column of byte `at` of a line: most labels and lines of text start
 * it, column 1 without a call. */
static long line_col(const char *line, size_t at)
{
	return at ? (long)ts_utf8_len(line, at) + 1 : 1;
}

_Static_assert(TS_LINEBUF_PAD >= 16, "a line can be read sixteen bytes past its end");

/* add_text's rest, for a line of a turn with an opening bracket: its
 * inline directions. */
static int add_pieces(text_reader *r, const char *s, size_t len, long lineno, long col0,
                      ts_error *err);

/* Append a line's text s[start..n) to the open turn or narration,
 * validating it on the way; inline stage directions become events: "we know
 * (laughs) that" keeps "we know that".  Inline in text_next: a call for
 * every line of text, and the registers it saved, cost more than most
 * lines' appending; a line with a bracket goes on out of line. */
static inline __attribute__((always_inline)) int add_text(text_reader *r, const char *line,
                                                          size_t start, size_t n, long lineno,
                                                          long col0, ts_error *err)
{
	const char *s = line + start;
	size_t len = n - start, bad;
	ts_counts c;
	int space;
	/* copied to where the turn's text goes as it is counted, when there
	 * is room: ts_scan_copy reads past the line, into the input's
	 * buffer, which has TS_LINEBUF_PAD bytes past the bytes read */
	char *to = ts_callbuf_line_at(&r->cb, s, len, &space);
	if (to ? ts_scan_copy(r->res->tc, s, len, to, &c, &bad) : ts_scan(r->res->tc, s, len, &c, &bad))
		return ts_input_check_line(ts_input_name(r->in), line, n, lineno, err);
	int in_turn = r->cb.turn_open;
	if (!in_turn || !c.brackets) {  /* the common case: one piece, counted */
		if (to) {
			ts_callbuf_line_put(&r->cb, len, space, lineno, col0, &c);
			return 0;
		}
		/* (no room, another join, narration: as the call appends) */
		return ts_callbuf_append(&r->cb, s, len, lineno, col0, 1, &c) ? ts_nomem(err) : 0;
	}
	return add_pieces(r, s, len, lineno, col0, err);
}

__attribute__((noinline)) static int add_pieces(text_reader *r, const char *s, size_t len,
                                                long lineno, long col0, ts_error *err)
{
	size_t pos = 0, a, b, in, inlen;
	ts_event_kind kind;
	int first = 1;  /* nothing of this line appended yet: join as a new line */
	/* the offsets below only grow, and a line may hold thousands of
	 * directions */
	ts_colcursor cur = {0, col0};
	while (ts_stage_inline(r->res->langs, s, len, pos, &a, &b, &in, &inlen, &kind)) {
		size_t from = first ? pos + ts_skip_blanks(s + pos, a - pos) : pos;
		size_t to = pos + ts_trim_end(s + pos, a - pos);
		if (to > from) {
			if (ts_callbuf_append(&r->cb, s + from, to - from, lineno,
			                      ts_colcursor_at(&cur, s, from), first, NULL))
				return ts_nomem(err);
			first = 0;
		}
		if (ts_callbuf_event(&r->cb, kind, s + in, inlen, lineno, ts_colcursor_at(&cur, s, a), 1))
			return ts_nomem(err);
		pos = b;
	}
	size_t from = first ? pos + ts_skip_blanks(s + pos, len - pos) : pos;
	if (ts_callbuf_append(&r->cb, s + from, len - from, lineno, ts_colcursor_at(&cur, s, from),
	                      first, NULL))
		return ts_nomem(err);
	return 0;
}

static int finish(text_reader *r, ts_callbuf **call, ts_error *err)
{
	int rc = ts_callbuf_finish(&r->cb, err);
	if (rc)
		return rc;
	r->call_open = 0;
	*call = &r->cb;
	return 1;
}

static int text_next(void *state, ts_callbuf **call, ts_error *err)
{
	text_reader *r = state;
	const char *name = ts_input_name(r->in);
	*call = NULL;
	if (r->done)
		return 0;
	if (r->pending) {
		r->pending = 0;
		if (r->pending_rc) {
			r->done = 1;
			*err = r->pending_err;
			return r->pending_rc;
		}
		if (open_call(r, r->pending_line) ||
		    ts_callbuf_title(&r->cb, r->pending_title.ptr, r->pending_title.len))
			return ts_nomem(err);
	}
	const char *line;
	size_t n;
	long lineno;
	int rc;
	while ((rc = ts_input_line(r->in, &line, &n, &lineno, err)) == 1) {
		/* Lines are classified on raw bytes (every test below stops at a
		 * byte that is not UTF-8), then validated: text while it is
		 * counted, anything else whole. */
		ts_line_info li;
		int fk = ts_frontmatter_line(&r->fm, line, n, &li);
		ts_line_kind kind = fk >= 0 ? (ts_line_kind)fk : ts_line_classify(line, n, &li);
		if (kind == TS_LINE_BLANK)
			continue;
		size_t a = li.a, e = li.e;
		const char *s = line + a;
		size_t len = e - a, kn = li.kn, v = li.v, in, inlen;
		int header = kind == TS_LINE_HEADER, meta = kind == TS_LINE_META;
		const char *title = s + li.title;
		size_t tlen = li.tlen;
		int stage = kind == TS_LINE_OTHER && ts_stage_whole_line(s, len, &in, &inlen);
		if (header && r->call_open && ts_callbuf_has_content(&r->cb)) {
			/* The call before ends at this line, whatever the line holds:
			 * an invalid header is the next call's error.  (A run cut into
			 * parts at headers must see the same.) */
			r->pending = 1;
			r->pending_rc = ts_input_check_line(name, line, n, lineno, &r->pending_err);
			r->pending_line = lineno;
			r->pending_title.len = 0;
			if (ts_buf_append(&r->pending_title, title, tlen))
				return ts_nomem(err);
			return finish(r, call, err);
		}
		if ((kind != TS_LINE_OTHER || stage) && (rc = ts_input_check_line(name, line, n, lineno, err)))
			return rc;
		if (kind == TS_LINE_ARTEFACT)
			continue;
		if (header) {
			if (ensure_call(r, lineno) || ts_callbuf_title(&r->cb, title, tlen))
				return ts_nomem(err);
			r->cb.call.line = lineno;
			continue;
		}
		if (meta) {
			if (r->call_open) {
				rc = ts_callbuf_meta(&r->cb, s + li.k, kn, s + v, len - v);
			} else {
				rc = ts_buf_append(&r->file_meta, s + li.k, kn) ||
				     ts_buf_append(&r->file_meta, "", 1) ||
				     ts_buf_append(&r->file_meta, s + v, len - v) ||
				     ts_buf_append(&r->file_meta, "", 1);
			}
			if (rc)
				return ts_nomem(err);
			continue;
		}
		if (stage) {
			ts_event_kind ev = ts_stage_kind(r->res->langs, s + in, inlen);
			if (ensure_call(r, lineno) ||
			    ts_callbuf_event(&r->cb, ev, s + in, inlen, lineno,
			                     line_col(line, a), 0))
				return ts_nomem(err);
			if (ts_stage_ends_turn(ev))
				r->cb.turn_open = r->cb.narr_open = 0;
			continue;
		}
		ts_label_cand c;
		long slot = -1;
		size_t at = (size_t)ts_input_line_index(r->in) - 1;
		int32_t note = at < r->nnotes ? ts_labels_note_of16(r->notes[at]) : TS_LABEL_UNNOTED;
		if (note != TS_LABEL_NOTED_NONE &&
		    ts_labels_noted(r->ents, r->nents, note, line, a, e, &c, &slot) < 0 &&
		    ts_labels_line(r->labels, r->res->tc, line, e, 0, &c, &slot) < 0)
			return ts_nomem(err);
		if (ensure_call(r, lineno))
			return ts_nomem(err);
		if (slot >= 0) {
			long col = line_col(line, c.start);
			if (!ts_callbuf_turn_heard(&r->cb, slot, lineno, col) &&
			    ts_callbuf_turn(&r->cb, slot, line + c.start, c.len, ts_labels_id(r->labels, slot),
			                    lineno, col))
				return ts_nomem(err);
			if (c.text < e) {
				col += (long)(c.text_chars ? c.text_chars :
				                             ts_utf8_len(line + c.start, c.text - c.start));
				if ((rc = add_text(r, line, c.text, e, lineno, col, err)))
					return rc;
			}
			continue;
		}
		if (!r->cb.turn_open && !r->cb.narr_open && ts_callbuf_narration(&r->cb, lineno))
			return ts_nomem(err);
		if ((rc = add_text(r, line, a, e, lineno, line_col(line, a), err)))
			return rc;
	}
	if (rc < 0)
		return rc;
	if (ts_frontmatter_open(&r->fm))
		return front_matter_open(r->in, err);
	r->done = 1;
	if (r->call_open)
		return finish(r, call, err);
	return 0;
}

static void text_close(void *state)
{
	text_reader *r = state;
	if (!r)
		return;
	ts_input_close(r->in);
	if (r->own_labels)
		ts_labels_free(r->labels);
	ts_callbuf_free(&r->cb);
	ts_buf_free(&r->pending_title);
	ts_buf_free(&r->file_meta);
	free(r->notes);
	free(r->ents);
	free(r);
}

static text_reader *reader_new(const ts_resources *res, const ts_options *opt)
{
	text_reader *r = calloc(1, sizeof *r);
	if (r) {
		r->res = res;
		r->opt = opt;
		ts_callbuf_init(&r->cb, res);
		ts_frontmatter_init(&r->fm, 1);
	}
	return r;
}

/* The whole of in, first pass included. */
static int text_open(void **state, const ts_resources *res, const ts_options *opt, ts_input *in,
                     ts_error *err)
{
	*state = NULL;
	text_reader *r = reader_new(res, opt);
	if (!r) {
		ts_input_close(in);
		return ts_nomem(err);
	}
	r->in = in;
	r->own_labels = 1;
	int rc = first_pass(r, err);
	if (rc) {
		text_close(r);
		return rc;
	}
	*state = r;
	return 0;
}

/* Any text may be labelled text; NUL bytes make it something else. */
static int text_sniff(const char *head, size_t n)
{
	return memchr(head, '\0', n) ? TS_SNIFF_NO : TS_SNIFF_WEAK;
}

/* ---- parts for threads (read/reader.h) ---- */

/* The first pass over a range: labels counted, headers marked. */
static int text_scan(void **scan, const ts_resources *res, const ts_options *opt, ts_input *range,
                     long long start, long long part_bytes, ts_error *err)
{
	*scan = NULL;
	ts_textscan *sc = malloc(sizeof *sc);
	if (!sc)
		return ts_nomem(err);
	int rc = ts_textscan_init(sc, res->langs, opt, part_bytes, start, err);
	if (!rc)
		rc = ts_textscan_run(sc, res->tc, range, err);
	if (rc) {
		ts_textscan_free(sc);
		free(sc);
		return rc;
	}
	*scan = sc;
	return 0;
}

static void text_scan_free(void *scan)
{
	if (scan)
		ts_textscan_free(scan);
	free(scan);
}

/* What every part shares: the speakers decided over the whole input, and
 * the metadata before its first call, which parts after the first do not
 * see. */
typedef struct text_shared {
	ts_labels *labels;
	ts_buf meta;
} text_shared;

static void text_shared_free(void *shared)
{
	text_shared *sh = shared;
	if (!sh)
		return;
	ts_labels_free(sh->labels);
	ts_buf_free(&sh->meta);
	free(sh);
}

/* The ranges' label counts merged as one pass would have counted them
 * (where that cannot be known, textscan.h, one pass it is), the speakers
 * decided, and the parts cut at the marked headers. */
static int text_plan(void *const *scans, size_t nscans, ts_input *in, ts_part **parts,
                     size_t *nparts, void **shared, ts_error *err)
{
	ts_textscan *first = scans[0];
	int content = first->content;
	*parts = NULL;
	*shared = NULL;
	for (size_t k = 0; k < nscans; k++)
		if (((const ts_textscan *)scans[k])->full_line)
			return 1;  /* one pass says where the table filled up */
	if (ts_frontmatter_open(&first->fm))
		return 1;  /* front matter past the first range: the ranges after it
		            * did not know their lines were in it */
	for (size_t k = 1; k < nscans; k++) {
		const ts_textscan *sc = scans[k];
		int m = ts_labels_merge(first->labels, sc->labels);
		if (m)
			return m < 0 ? ts_nomem(err) : 1;
		content |= sc->content;
	}
	int rc = decide(first->labels, in, content, err);
	if (rc)
		return rc;
	text_shared *sh = calloc(1, sizeof *sh);
	if (!sh || ts_textscan_plan(scans, nscans, parts, nparts)) {
		free(sh);
		return ts_nomem(err);
	}
	sh->labels = first->labels;
	first->labels = NULL;
	if (*nparts > 1) {
		ts_input *prefix = NULL;
		rc = ts_input_open_range(&prefix, in, 0, (*parts)[1].start, 0, err);
		if (!rc)
			rc = file_meta(prefix, &sh->meta, err);
		ts_input_close(prefix);
	}
	if (rc) {
		text_shared_free(sh);
		free(*parts);
		*parts = NULL;
		return rc;
	}
	*shared = sh;
	return 0;
}

/* A worker's copy: looking a label up moves the table's cache. */
typedef struct text_local {
	ts_labels *labels;
	const text_shared *sh;
} text_local;

static int text_thread_new(void **local, const void *shared)
{
	const text_shared *sh = shared;
	text_local *l = malloc(sizeof *l);
	if (!l || !(l->labels = ts_labels_clone(sh->labels))) {
		free(l);
		return TS_ENOMEM;
	}
	l->sh = sh;
	*local = l;
	return 0;
}

static void text_thread_free(void *local)
{
	text_local *l = local;
	if (l)
		ts_labels_free(l->labels);
	free(l);
}

/* A part: its calls numbered after the calls before it, each with the
 * input's metadata (the first part reads that itself). */
static int text_open_part(void **state, const ts_resources *res, const ts_options *opt,
                          void *local, const ts_part *part, ts_input *range, ts_error *err)
{
	const text_local *l = local;
	*state = NULL;
	text_reader *r = reader_new(res, opt);
	if (!r) {
		ts_input_close(range);
		return ts_nomem(err);
	}
	r->in = range;
	r->labels = l->labels;
	r->ncalls = part->calls;
	ts_frontmatter_init(&r->fm, part->start == 0);
	if (part->start && l->sh->meta.len &&
	    ts_buf_append(&r->file_meta, l->sh->meta.ptr, l->sh->meta.len)) {
		text_close(r);
		return ts_nomem(err);
	}
	*state = r;
	return 0;
}

static const ts_parts_reader text_parts = {
	text_scan, text_scan_free, text_plan, text_shared_free, text_thread_new, text_thread_free,
	text_open_part,
};

static const char *const text_extensions[] = {"txt", NULL};

const ts_format_reader ts_reader_text = {
	"text", text_extensions, text_sniff, text_open, text_next, text_close, &text_parts,
};
