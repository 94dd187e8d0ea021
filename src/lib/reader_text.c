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
#include <strings.h>

#include "call.h"
#include "diag.h"
#include "input.h"
#include "labels.h"
#include "reader.h"
#include "stagedir.h"

#include "text.h"

typedef struct text_reader {
	ts_context *ctx;
	ts_input *in;
	ts_labels *labels;
	ts_callbuf cb;
	int call_open;
	size_t ncalls;
	int pending;            /* a header line was read for the next call */
	ts_buf pending_title;
	long pending_line;
	ts_buf file_meta;       /* "key\0value\0" pairs before the first call */
	int done;
} text_reader;

/* ---- call headers ---- */

/* "第一通电话 河南省安阳市总工会", "第2通电话", "第十二次通话" */
static int header_zh(const char *s, size_t n)
{
	static const char *const numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八",
	                                       "九", "十", "百", "千", "零", "〇", "两"};
	static const char *const nouns[] = {"通电话", "次通话", "次电话", "个电话", "次来电",
	                                    "通来电"};
	if (!ts_starts(s, n, "第"))
		return 0;
	size_t i = strlen("第"), digits = 0;
	for (;;) {
		if (i < n && s[i] >= '0' && s[i] <= '9') {
			i++;
			digits++;
			continue;
		}
		if (i + 3 <= n && !memcmp(s + i, "\xEF\xBC", 2) && (unsigned char)s[i + 2] >= 0x90 &&
		    (unsigned char)s[i + 2] <= 0x99) {  /* ０-９ */
			i += 3;
			digits++;
			continue;
		}
		size_t k = 0;
		for (; k < sizeof numerals / sizeof *numerals; k++)
			if (ts_starts(s + i, n - i, numerals[k]))
				break;
		if (k == sizeof numerals / sizeof *numerals)
			break;
		i += strlen(numerals[k]);
		digits++;
	}
	if (!digits)
		return 0;
	for (size_t k = 0; k < sizeof nouns / sizeof *nouns; k++)
		if (ts_starts(s + i, n - i, nouns[k]))
			return 1;
	return 0;
}

/* "Call 12 - Riverton Labour Bureau", "Call 3:", "Call 7" */
static int header_en(const char *s, size_t n)
{
	if (!ts_starts(s, n, "Call ") && !ts_starts(s, n, "CALL "))
		return 0;
	size_t i = 5;
	while (i < n && s[i] == ' ')
		i++;
	size_t d = i;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == d)
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	return i == n || s[i] == '-' || s[i] == ':' || ts_starts(s + i, n - i, "–") ||
	       ts_starts(s + i, n - i, "—");
}

/* "@Key: value"; returns 1 with the key and value spans. */
static int meta_line(const char *s, size_t n, size_t *kn, size_t *v)
{
	if (n < 2 || s[0] != '@')
		return 0;
	size_t i = 1;
	while (i < n && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
	                 (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
		i++;
	if (i == 1)
		return 0;
	*kn = i - 1;
	if (i < n && s[i] == ':')
		i++;
	else if (ts_starts(s + i, n - i, "："))
		i += strlen("：");
	else if (i != n)
		return 0;  /* "@Begin" has no value; "@foo bar" is not metadata */
	*v = i + ts_skip_blanks(s + i, n - i);
	return 1;
}

/* ---- first pass: speaker labels ---- */

static int declare_list(ts_labels *l, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && s[j] != ',' && !ts_starts(s + j, n - j, "，") && !ts_starts(s + j, n - j, "、"))
			j++;
		size_t a = i + ts_skip_blanks(s + i, j - i);
		size_t e = i + ts_trim_end(s + i, j - i);
		if (a < e && ts_labels_declare(l, s + a, e - a))
			return TS_ENOMEM;
		i = j < n ? j + (s[j] == ',' ? 1 : 3) : n;
	}
	return 0;
}

/* Report the first invalid byte, if any; used before "no labels" errors so
 * that a binary file is called what it is. */
static int validate_all(text_reader *r, ts_error *err);

static int check_line(const char *name, const char *s, size_t n, long lineno, ts_error *err)
{
	size_t bad;
	if (!ts_utf8_check(s, n, &bad))
		return 0;
	long col = (long)ts_utf8_len(s, bad) + 1;
	if (!s[bad])
		return ts_fail(err, TS_EINPUT, name, lineno, col, "NUL byte in text");
	return ts_fail(err, TS_EINPUT, name, lineno, col, "invalid UTF-8 byte 0x%02X",
	               (unsigned char)s[bad]);
}

static int validate_all(text_reader *r, ts_error *err)
{
	int rc = ts_input_rewind(r->in, err);
	const char *s;
	size_t n;
	long lineno;
	while (!rc && (rc = ts_input_line(r->in, &s, &n, &lineno, err)) == 1)
		rc = check_line(ts_input_name(r->in), s, n, lineno, err);
	return rc;
}

static int first_pass(text_reader *r, ts_error *err)
{
	const char *s;
	size_t n;
	long lineno;
	int rc, content = 0;
	for (size_t i = 0; i < r->ctx->nspeakers; i++)
		if (ts_labels_declare(r->labels, r->ctx->speakers[i], strlen(r->ctx->speakers[i])))
			return ts_nomem(err);
	while ((rc = ts_input_line(r->in, &s, &n, &lineno, err)) == 1) {
		size_t a = ts_skip_blanks(s, n);
		if (a == n)
			continue;
		content = 1;
		size_t kn, v;
		if (s[a] == '@') {
			if (meta_line(s + a, n - a, &kn, &v) && kn == strlen("Participants") &&
			    !strncasecmp(s + a + 1, "Participants", kn) &&
			    declare_list(r->labels, s + a + v, ts_trim_end(s + a + v, n - a - v)))
				return ts_nomem(err);
			continue;
		}
		ts_label_cand c;
		long slot;
		if (ts_labels_line(r->labels, r->ctx->tc, s, n, 1, &c, &slot) < 0)
			return ts_nomem(err);
	}
	if (rc < 0)
		return rc;
	if (!ts_labels_decide(r->labels)) {
		if ((rc = validate_all(r, err)))
			return rc;
		const char *name = ts_input_name(r->in);
		if (!content)
			return ts_fail(err, TS_EINPUT, name, 0, 0, "empty input");
		if (ts_labels_any_declared(r->labels))
			return ts_fail(err, TS_EINPUT, name, 0, 0, "none of the declared speakers occurs");
		return ts_fail(err, TS_EINPUT, name, 0, 0,
		               "no speaker labels found (a label starts at least two lines, "
		               "like 'NAME:'; or declare them with --speakers)");
	}
	return ts_input_rewind(r->in, err);
}

/* ---- second pass: calls ---- */

static int open_call(text_reader *r, long line)
{
	ts_callbuf_reset(&r->cb, ++r->ncalls, line);
	r->call_open = 1;
	/* File-level metadata (before the first call) applies to every call. */
	const char *p = r->file_meta.ptr, *end = p + r->file_meta.len;
	while (p && p < end) {
		const char *k = p, *v = k + strlen(k) + 1;
		if (ts_callbuf_meta(&r->cb, k, strlen(k), v, strlen(v)))
			return TS_ENOMEM;
		p = v + strlen(v) + 1;
	}
	return 0;
}

static int ensure_call(text_reader *r, long line)
{
	return r->call_open ? 0 : open_call(r, line);
}

/* Append a line's text s[start..n) to the open turn or narration,
 * validating it on the way; inline stage directions become events: "we know
 * (laughs) that" keeps "we know that". */
static int add_text(text_reader *r, const char *line, size_t start, size_t n, long lineno,
                    ts_error *err)
{
	const char *s = line + start;
	size_t len = n - start, bad;
	long col0 = (long)ts_utf8_len(line, start) + 1;
	ts_counts c;
	if (ts_scan(r->ctx->tc, s, len, &c, &bad))
		return check_line(ts_input_name(r->in), line, n, lineno, err);
	int in_turn = r->cb.turn_open;
	if (!in_turn || !c.brackets)  /* the common case: one piece, counted */
		return ts_callbuf_append(&r->cb, s, len, lineno, col0, 1, &c) ? ts_nomem(err) : 0;
	size_t pos = 0, a, b, in, inlen;
	ts_event_kind kind;
	int first = 1;  /* nothing of this line appended yet: join as a new line */
	while (ts_stage_inline(s, len, pos, &a, &b, &in, &inlen, &kind)) {
		size_t from = first ? pos + ts_skip_blanks(s + pos, a - pos) : pos;
		size_t to = pos + ts_trim_end(s + pos, a - pos);
		if (to > from) {
			if (ts_callbuf_append(&r->cb, s + from, to - from, lineno,
			                      col0 + (long)ts_utf8_len(s, from), first, NULL))
				return ts_nomem(err);
			first = 0;
		}
		if (ts_callbuf_event(&r->cb, kind, s + in, inlen, lineno,
		                     col0 + (long)ts_utf8_len(s, a), 1))
			return ts_nomem(err);
		pos = b;
	}
	size_t from = first ? pos + ts_skip_blanks(s + pos, len - pos) : pos;
	if (ts_callbuf_append(&r->cb, s + from, len - from, lineno,
	                      col0 + (long)ts_utf8_len(s, from), first, NULL))
		return ts_nomem(err);
	return 0;
}

static int finish(text_reader *r, const ts_call **call, ts_error *err)
{
	int rc = ts_callbuf_finish(&r->cb, r->ctx, err);
	if (rc)
		return rc;
	r->call_open = 0;
	*call = &r->cb.call;
	return 1;
}

static int text_next(void *state, const ts_call **call, ts_error *err)
{
	text_reader *r = state;
	const char *name = ts_input_name(r->in);
	*call = NULL;
	if (r->done)
		return 0;
	if (r->pending) {
		r->pending = 0;
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
		size_t a = ts_skip_blanks(line, n);
		size_t e = ts_trim_end(line, n);
		if (a >= e)
			continue;
		if (ts_page_artefact(line + a, e - a)) {
			if ((rc = check_line(name, line, n, lineno, err)))
				return rc;
			continue;
		}
		const char *s = line + a;
		size_t len = e - a, kn, v, in, inlen;

		int header = header_zh(s, len) || header_en(s, len);
		int meta = !header && meta_line(s, len, &kn, &v);
		const char *title = s;
		size_t tlen = len;
		if (meta && kn == 4 && !strncasecmp(s + 1, "Call", 4)) {
			header = 1;  /* "@Call: title" */
			meta = 0;
			title = s + v;
			tlen = len - v;
		}
		int stage = !header && !meta && ts_stage_whole_line(s, len, &in, &inlen);
		if ((header || meta || stage) && (rc = check_line(name, line, n, lineno, err)))
			return rc;
		if (header) {
			if (r->call_open && ts_callbuf_has_content(&r->cb)) {
				r->pending = 1;
				r->pending_line = lineno;
				r->pending_title.len = 0;
				if (ts_buf_append(&r->pending_title, title, tlen))
					return ts_nomem(err);
				return finish(r, call, err);
			}
			if (ensure_call(r, lineno) || ts_callbuf_title(&r->cb, title, tlen))
				return ts_nomem(err);
			r->cb.call.line = lineno;
			continue;
		}
		if (meta) {
			if (r->call_open) {
				rc = ts_callbuf_meta(&r->cb, s + 1, kn, s + v, len - v);
			} else {
				rc = ts_buf_append(&r->file_meta, s + 1, kn) ||
				     ts_buf_append(&r->file_meta, "", 1) ||
				     ts_buf_append(&r->file_meta, s + v, len - v) ||
				     ts_buf_append(&r->file_meta, "", 1);
			}
			if (rc)
				return ts_nomem(err);
			continue;
		}
		if (stage) {
			ts_event_kind kind = ts_stage_kind(s + in, inlen);
			if (ensure_call(r, lineno) ||
			    ts_callbuf_event(&r->cb, kind, s + in, inlen, lineno,
			                     (long)ts_utf8_len(line, a) + 1, 0))
				return ts_nomem(err);
			if (ts_stage_ends_turn(kind))
				r->cb.turn_open = r->cb.narr_open = 0;
			continue;
		}
		ts_label_cand c;
		long slot = -1;
		if (ts_labels_line(r->labels, r->ctx->tc, line, e, 0, &c, &slot) < 0)
			return ts_nomem(err);
		if (ensure_call(r, lineno))
			return ts_nomem(err);
		if (slot >= 0) {
			const char *id = ts_labels_id(r->labels, slot);
			if (ts_callbuf_turn(&r->cb, slot, line + c.start, c.len, id, lineno,
			                    (long)ts_utf8_len(line, c.start) + 1))
				return ts_nomem(err);
			if (c.text < e && (rc = add_text(r, line, c.text, e, lineno, err)))
				return rc;
			continue;
		}
		if (!r->cb.turn_open && !r->cb.narr_open && ts_callbuf_narration(&r->cb, lineno))
			return ts_nomem(err);
		if ((rc = add_text(r, line, a, e, lineno, err)))
			return rc;
	}
	if (rc < 0)
		return rc;
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
	ts_labels_free(r->labels);
	ts_callbuf_free(&r->cb);
	ts_buf_free(&r->pending_title);
	ts_buf_free(&r->file_meta);
	free(r);
}

static int text_open(void **state, ts_context *ctx, const char *path, ts_error *err)
{
	*state = NULL;
	text_reader *r = calloc(1, sizeof *r);
	if (!r)
		return ts_nomem(err);
	r->ctx = ctx;
	ts_callbuf_init(&r->cb, ctx->tc);
	int rc = ts_input_open(&r->in, path, ctx->encoding, err);
	if (!rc && !(r->labels = ts_labels_new()))
		rc = ts_nomem(err);
	if (!rc)
		rc = first_pass(r, err);
	if (rc) {
		text_close(r);
		return rc;
	}
	*state = r;
	return 0;
}

const ts_format_reader ts_reader_text = {"text", text_open, text_next, text_close};
