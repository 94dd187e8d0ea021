/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "read/cues.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "base/diag.h"
#include "base/text.h"
#include "base/words.h"
#include "base/swar.h"
#include "read/labels.h"
#include "read/stagedir.h"

/* ---- lines and times ---- */

int ts_cues_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

int ts_cues_arrow(const char *s, size_t n)
{
	/* every line is asked: look for the rarer '>' (tags have some) */
	for (const char *p = s + 2, *e = s + n; p < e && (p = memchr(p, '>', (size_t)(e - p))); p++)
		if (p[-1] == '-' && p[-2] == '-')
			return 1;
	return 0;
}

static size_t skip_ws(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* Digits at s[*i..n): how many, their value in *v (which stops growing
 * past any count a timestamp may have). */
static size_t digits(const char *s, size_t n, size_t *i, unsigned long *v)
{
	size_t k = 0;
	*v = 0;
	for (; *i < n && ts_ascii_digit(s[*i]); (*i)++, k++)
		if (k < 10)
			*v = *v * 10 + (unsigned long)(s[*i] - '0');
	return k;
}

/* A timestamp at s[*i..n) in seconds.  WebVTT: "[H:]MM:SS.mmm", minutes
 * and seconds of two digits (up to 59), milliseconds of three, hours of
 * any number of digits: the standard writes two or more, but its parser,
 * and so browsers, read one ("0:00:09.041", as W3C's own caption files
 * have it).  SubRip: "H:MM:SS,mmm" with hours; its writers also put a '.'
 * and fewer digits of the fraction ("00:00:01,5"), read as a fraction.
 * 0, or -1 with *i where it goes wrong. */
static int timestamp(const char *s, size_t n, size_t *i, int srt, double *t)
{
	/* Most timestamps are "HH:MM:SS.mmm", twelve bytes: read at once,
	 * with the sum the general path below makes.  "HH:MM:SS" is one word:
	 * its digits where digits go and its colons tested at once, then each
	 * byte the digit before it times ten plus itself (at most 99: no
	 * carry), and "mmm" the same way. */
	const unsigned char *u = (const unsigned char *)s + *i;
	if (n - *i >= 12 && (n - *i == 12 || !ts_ascii_digit((char)u[12])) &&
	    (u[8] == '.' || (srt && u[8] == ','))) {
		const uint64_t at = 0x8080008080008080ull, colons = 0x00003A00003A0000ull;
		uint64_t w = ts_swar_load(u);
		/* the three digits, and a digit 0 after them for one test */
		uint64_t f = u[9] | (uint64_t)u[10] << 8 | (uint64_t)u[11] << 16 | 0x30ull << 24;
		uint64_t dm = ts_swar_range(w, '0', '9'), fm = ts_swar_range(f, '0', '9');
		if ((dm & at) == at && (w & ~((at >> 7) * 0xFF)) == colons &&
		    (fm & 0x80808080u) == 0x80808080u) {
			uint64_t d = w - TS_ONES8 * '0', p = d * 10 + (d >> 8);
			unsigned hh = (unsigned)(p & 0xFF), mi = (unsigned)(p >> 24 & 0xFF),
			         se = (unsigned)(p >> 48 & 0xFF);
			uint64_t g = f - 0x30303030u;
			unsigned ms = (unsigned)(g & 0xFF) * 100 + (unsigned)(g >> 8 & 0xFF) * 10 +
			              (unsigned)(g >> 16 & 0xFF);
			if (mi <= 59 && se <= 59) {
				*t = (double)hh * 3600 + (double)mi * 60 + (double)se + (double)ms / 1000.0;
				*i += 12;
				return 0;
			}
		}
	}
	unsigned long f[3], ms;
	size_t at[3], len[3], nf = 0;
	for (;;) {
		at[nf] = *i;
		len[nf] = digits(s, n, i, &f[nf]);
		nf++;
		if (nf == 3 || *i >= n || s[*i] != ':')
			break;
		(*i)++;
	}
	if (nf < 2 || (srt && nf != 3) || (nf == 3 && (!len[0] || len[0] > 9))) {
		*i = at[0];
		return -1;
	}
	for (size_t k = nf - 2; k < nf; k++)  /* minutes and seconds */
		if (len[k] != 2 || f[k] > 59) {
			*i = at[k];
			return -1;
		}
	if (*i >= n || !(s[*i] == '.' || (srt && s[*i] == ',')))
		return -1;
	(*i)++;
	size_t m0 = *i, mlen = digits(s, n, i, &ms);
	if (srt ? (!mlen || mlen > 3) : mlen != 3) {
		*i = m0;
		return -1;
	}
	double frac = (double)ms / (mlen == 1 ? 10.0 : mlen == 2 ? 100.0 : 1000.0);
	double hours = nf == 3 ? (double)f[0] : 0;
	*t = hours * 3600 + (double)f[nf - 2] * 60 + (double)f[nf - 1] + frac;
	return 0;
}

int ts_cues_timing(ts_cues *q, const char *s, size_t n, long lineno, double *start,
                   double *end, ts_error *err)
{
	int srt = q->fmt->srt;
	size_t i = skip_ws(s, n, 0), a = i, e0;
	if (timestamp(s, n, &i, srt, start))
		goto bad;
	i = skip_ws(s, n, i);
	if (!ts_starts(s + i, n - i, "-->"))
		goto bad;
	i = e0 = skip_ws(s, n, i + 3);
	if (timestamp(s, n, &i, srt, end) || (i < n && s[i] != ' ' && s[i] != '\t'))
		goto bad;
	if (*end < *start)
		return ts_fail(err, TS_EINPUT, q->name, lineno, (long)ts_utf8_len(s, e0) + 1,
		               "cue ends before it starts: '%.*s'", (int)(i - a), s + a);
	return 0;
bad:
	return ts_fail(err, TS_EINPUT, q->name, lineno, (long)ts_utf8_len(s, i) + 1,
	               "malformed cue timing: expected '%s'",
	               srt ? "HH:MM:SS,mmm --> HH:MM:SS,mmm" : "HH:MM:SS.mmm --> HH:MM:SS.mmm");
}

int ts_cues_timing_shape(const char *s, size_t n, int srt)
{
	size_t i = skip_ws(s, n, 0);
	double a, b;
	if (timestamp(s, n, &i, srt, &a))
		return 0;
	i = skip_ws(s, n, i);
	if (!ts_starts(s + i, n - i, "-->"))
		return 0;
	i = skip_ws(s, n, i + 3);
	return !timestamp(s, n, &i, srt, &b);
}

int ts_cues_start(ts_cues *q, const char *s, size_t n, long lineno, ts_error *err)
{
	double start, end;
	int rc = ts_cues_timing(q, s, n, lineno, &start, &end, err);
	if (rc)
		return rc;
	q->ncues++;
	q->start = start;
	q->end = end;
	q->in_rt = 0;
	q->state = TS_CUE_TEXT;
	return 0;
}

/* ---- speakers ---- */

static uint64_t spk_hash(const void *arg, size_t i)
{
	const ts_cues *q = arg;
	const char *id = q->names.ptr + q->spk[i].id;
	return ts_fnv1a(TS_FNV_INIT, id, strlen(id));
}

static int ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/* Whether id (NFKC) may be a speaker named by a "Name:" prefix: one of
 * the declared speakers when there are any (--speakers), else no word
 * that names metadata ("Note:", "Source:"). */
static int prefix_speaker(const ts_cues *q, const char *id, size_t n)
{
	const ts_options *o = q->opt;
	if (o->nspeakers) {
		for (size_t k = 0; k < o->nspeakers; k++) {
			char *d = ts_nfkc(o->speakers[k], strlen(o->speakers[k]));
			int same = d && strlen(d) == n && !memcmp(d, id, n);
			free(d);
			if (same)
				return 1;
		}
		return 0;
	}
	return ts_words_has(&q->res->langs->not_speakers, id, n) < 0;
}

/* The slot of the speaker written s[0..n) (the first writing is its
 * label); -1 out of memory; -2 when a prefix (check) names no speaker. */
static long speaker(ts_cues *q, const char *s, size_t n, int check)
{
	char *own = NULL;
	const char *id = s;
	size_t idn = n;
	if (!ascii(s, n)) {  /* NFKC leaves ASCII as it is */
		if (!(own = ts_nfkc(s, n)))
			return -1;
		id = own;
		idn = strlen(own);
	}
	long slot = -2;
	if (check && !prefix_speaker(q, id, idn))
		goto done;
	uint64_t h = ts_fnv1a(TS_FNV_INIT, id, idn);
	size_t item;
	for (size_t at = ts_hindex_start(&q->idx, h); ts_hindex_taken(&q->idx, at, &item);
	     at = ts_hindex_next(&q->idx, at)) {
		const char *x = q->names.ptr + q->spk[item].id;
		if (strlen(x) == idn && !memcmp(x, id, idn)) {
			slot = (long)item;
			goto done;
		}
	}
	size_t l = q->names.len;
	slot = -1;
	if (ts_buf_append(&q->names, s, n) || ts_buf_append(&q->names, "", 1) ||
	    ts_buf_append(&q->names, id, idn) || ts_buf_append(&q->names, "", 1) ||
	    TS_GROW(q->spk, q->spk_cap, q->nspk + 1) ||
	    ts_hindex_reserve(&q->idx, q->nspk + 1, spk_hash, q))
		goto done;
	q->spk[q->nspk] = (ts_cuespk){l, l + n + 1};
	ts_hindex_put(&q->idx, h, q->nspk);
	slot = (long)q->nspk++;
done:
	free(own);
	return slot;
}

/* Whether a prefix looks like a name: each word starts with a capital, a
 * digit or a letter without case ("Speaker 2", "MS. SMITH", "主持人"), or
 * it is bracketed ("[SPEAKER_00]"), so that "He said: no" is speech. */
static int name_shaped(const char *s, size_t n)
{
	if (n >= 2 && s[0] == '[' && s[n - 1] == ']')
		return 1;
	int word_start = 1;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = ts_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (!k)
			return 0;
		if (ts_is_blank(cp)) {
			word_start = 1;
		} else if (word_start) {
			utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
			if (c == UTF8PROC_CATEGORY_LL)
				return 0;
			word_start = 0;
		}
		i += k;
	}
	return 1;
}

/* ---- cue text: tags and character references ---- */

static const struct {
	const char *name, *text;
} named_refs[] = {
	{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"},
	{"nbsp", "\xC2\xA0"}, {"lrm", "\xE2\x80\x8E"}, {"rlm", "\xE2\x80\x8F"},
};

/* A character reference at s[i] ('&'): its length in s, its character in
 * out[0..*len); 0 for none known (an unknown name, "&#0;", a surrogate, or
 * no ';'), which stays text as written. */
static size_t charref(const char *s, size_t n, size_t i, char out[8], size_t *len)
{
	size_t j = i + 1;
	if (j < n && s[j] == '#') {
		int hex = ++j < n && (s[j] == 'x' || s[j] == 'X');
		j += (size_t)hex;
		uint32_t cp = 0;
		size_t k = 0;
		for (; j < n && k < 7; j++, k++) {
			int c = ts_ascii_lower(s[j]), d;
			if (ts_ascii_digit(c))
				d = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				d = c - 'a' + 10;
			else
				break;
			cp = cp * (hex ? 16u : 10u) + (uint32_t)d;
		}
		if (!k || j >= n || s[j] != ';' || !cp || !utf8proc_codepoint_valid((utf8proc_int32_t)cp))
			return 0;
		*len = (size_t)utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)out);
		return j + 1 - i;
	}
	for (size_t r = 0; r < sizeof named_refs / sizeof *named_refs; r++) {
		size_t m = strlen(named_refs[r].name);
		if (n - j > m && !memcmp(s + j, named_refs[r].name, m) && s[j + m] == ';') {
			*len = strlen(named_refs[r].text);
			memcpy(out, named_refs[r].text, *len);
			return m + 2;
		}
	}
	return 0;
}

/* The end (after '>') of a tag at s[i] ('<'), or 0: a tag starts with a
 * letter, '/' or a digit (a timestamp) and ends on its line; any other
 * '<' is text ("a < b"). */
static size_t tag_end(const char *s, size_t n, size_t i)
{
	if (i + 1 >= n || !(ts_ascii_letter(s[i + 1]) || s[i + 1] == '/' || ts_ascii_digit(s[i + 1])))
		return 0;
	const char *gt = memchr(s + i + 1, '>', n - i - 1);
	return gt ? (size_t)(gt - s) + 1 : 0;
}

/* Whether tag text t[0..n) (between '<' and '>') is the tag `name`,
 * classes or an annotation after it. */
static int is_tag(const char *t, size_t n, const char *name)
{
	size_t m = strlen(name);
	return n >= m && !memcmp(t, name, m) &&
	       (n == m || t[m] == '.' || t[m] == ' ' || t[m] == '\t');
}

static int add_seg(ts_cues *q, ts_colcursor *cur, const char *s, size_t at)
{
	if (TS_GROW(q->segs, q->segs_cap, q->nsegs + 1))
		return -1;
	q->segs[q->nsegs++] = (ts_cueseg){q->clean.len, ts_colcursor_at(cur, s, at)};
	return 0;
}

/* Source text s[a..b) into the cleaned line (unless it is a ruby
 * reading). */
static int keep(ts_cues *q, ts_colcursor *cur, const char *s, size_t a, size_t b)
{
	if (b <= a || q->in_rt)
		return 0;
	return add_seg(q, cur, s, a) || ts_buf_append(&q->clean, s + a, b - a);
}

/* A tag s[i..e): a voice starts, a ruby reading starts or ends; the rest
 * only style the text. */
static int tag(ts_cues *q, ts_colcursor *cur, const char *s, size_t i, size_t e)
{
	const char *t = s + i + 1;
	size_t n = e - i - 2;
	if (is_tag(t, n, "rt"))
		q->in_rt = 1;
	else if (is_tag(t, n, "/rt") || is_tag(t, n, "/ruby"))
		q->in_rt = 0;
	if (!is_tag(t, n, "v"))
		return 0;
	size_t a = 1;
	while (a < n && t[a] != ' ' && t[a] != '\t')
		a++;  /* the classes */
	a += ts_skip_blanks(t + a, n - a);
	size_t len = ts_trim_end(t + a, n - a);
	if (!len)
		return 0;  /* "<v>": nobody named, the speaker goes on */
	if (TS_GROW(q->voices, q->voices_cap, q->nvoices + 1))
		return -1;
	size_t name = (size_t)(t + a - s);
	q->voices[q->nvoices++] = (ts_cuevoice){q->clean.len, name, len, ts_colcursor_at(cur, s, name)};
	return 0;
}

/* The first of '<', '&' and '{' in s[i..n), or n: eight bytes at a time,
 * since most cue text has none. */
static size_t special(const char *s, size_t n, size_t i)
{
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if (ts_swar_eq(w, '<') | ts_swar_eq(w, '&') | ts_swar_eq(w, '{'))
			break;
	}
	for (; i < n; i++)
		if (s[i] == '<' || s[i] == '&' || s[i] == '{')
			break;
	return i;
}

/* Clean a line of cue text s[0..n) (valid UTF-8) into q->clean. */
static int clean_line(ts_cues *q, const char *s, size_t n)
{
	q->clean.len = 0;
	q->nsegs = q->nvoices = 0;
	if (ts_buf_reserve(&q->clean, n))
		return -1;
	ts_colcursor cur = {0, 1};
	size_t run = 0, i = 0, e, k;
	char out[8];
	while ((i = special(s, n, i)) < n) {
		char c = s[i];
		const char *p;
		if (c == '<' && (e = tag_end(s, n, i))) {
			if (keep(q, &cur, s, run, i) || tag(q, &cur, s, i, e))
				return -1;
			i = run = e;
		} else if (c == '&' && (e = charref(s, n, i, out, &k))) {
			if (keep(q, &cur, s, run, i))
				return -1;
			if (!q->in_rt && (add_seg(q, &cur, s, i) || ts_buf_append(&q->clean, out, k)))
				return -1;
			i = run = i + e;
		} else if (c == '{' && q->fmt->srt && i + 1 < n && s[i + 1] == '\\' &&
		           (p = memchr(s + i, '}', n - i))) {
			/* "{\an8}": an override of ASS, which SubRip writers copy */
			if (keep(q, &cur, s, run, i))
				return -1;
			i = run = (size_t)(p - s) + 1;
		} else {
			i++;
		}
	}
	return keep(q, &cur, s, run, n);
}

/* ---- turns ---- */

/* Append cleaned text [a, b) (trimmed) of line lineno as speech of slot;
 * label_col, when not 0, is where the speaker was named on this line. */
static int speech(ts_cues *q, long slot, size_t a, size_t b, long lineno, long label_col)
{
	const char *t = q->clean.ptr;
	a += ts_skip_blanks(t + a, b - a);
	b = a + ts_trim_end(t + a, b - a);
	if (a >= b)
		return 0;
	size_t g = 0;
	while (g + 1 < q->nsegs && q->segs[g + 1].off <= a)
		g++;
	if (!q->cb.turn_open || slot != q->cur) {
		const char *names = q->names.ptr;
		long col = label_col ? label_col
		                     : q->segs[g].col + (long)ts_utf8_len(t + q->segs[g].off, a - q->segs[g].off);
		if (ts_callbuf_turn(&q->cb, slot, names + q->spk[slot].label,
		                    strlen(names + q->spk[slot].label), names + q->spk[slot].id, lineno,
		                    col))
			return -1;
		q->cur = slot;
		q->turn_cue = 0;
	}
	if (q->turn_cue != q->ncues) {
		/* each cue is a span of its own: the turn runs from the earliest
		 * to the latest (cues may overlap or come out of order), but a
		 * pause between two cues of the turn is no talk */
		q->turn_cue = q->ncues;
		if (ts_callbuf_times(&q->cb, q->start, q->end))
			return -1;
	}
	/* Counted whole, not piece by piece: "caf&#233;" and "wo<b>rd</b>" are
	 * one word each in two pieces.  The first piece carries the counts. */
	ts_counts c, none = {0, 0, 0, 0, 0, 0};
	ts_count(q->res->tc, t + a, b - a, &c);
	for (int first = 1; g < q->nsegs && q->segs[g].off < b; g++, first = 0) {
		size_t from = a > q->segs[g].off ? a : q->segs[g].off;
		size_t to = g + 1 < q->nsegs && q->segs[g + 1].off < b ? q->segs[g + 1].off : b;
		long col = q->segs[g].col + (long)ts_utf8_len(t + q->segs[g].off, from - q->segs[g].off);
		if (ts_callbuf_append(&q->cb, t + from, to - from, lineno, col, first, first ? &c : &none))
			return -1;
	}
	return 0;
}

/* The column in the source line of cleaned offset off. */
static long clean_col(const ts_cues *q, size_t off)
{
	size_t g = 0;
	while (g + 1 < q->nsegs && q->segs[g + 1].off <= off)
		g++;
	return q->segs[g].col + (long)ts_utf8_len(q->clean.ptr + q->segs[g].off, off - q->segs[g].off);
}

/* A "Name:" or "[SPEAKER_00]:" prefix of cleaned text [0, n): 1 with the
 * speaker's slot and where speech starts; 0 for none; -1 out of memory. */
static int prefix(ts_cues *q, size_t n, long *slot, size_t *text, long *col)
{
	const char *t = q->clean.ptr;
	ts_label_cand c;
	if (!ts_label_recent_find(&q->recent, t, n, &c)) {
		if (!ts_label_candidate(q->res->tc, q->res->langs, t, n, &c) ||
		    !name_shaped(t + c.start, c.len))
			return 0;
		ts_label_recent_keep(&q->recent, t, n, &c);
	}
	size_t a = c.start, len = c.len;
	if (t[a] == '[') {  /* WhisperX: "[SPEAKER_00]: text" */
		a++;
		len -= 2;
		a += ts_skip_blanks(t + a, len);
		len = ts_trim_end(t + a, c.start + c.len - 1 - a);
		if (!len)
			return 0;
	}
	long s = speaker(q, t + a, len, 1);
	if (s == -2)
		return 0;
	if (s < 0)
		return -1;
	*slot = s;
	*text = c.text;
	*col = clean_col(q, a);
	return 1;
}

int ts_cues_text(ts_cues *q, const char *s, size_t n, long lineno, ts_error *err)
{
	if (clean_line(q, s, n))
		return ts_nomem(err);
	size_t m = q->clean.len, a = 0;
	if (!m)
		return 0;  /* only tags */
	long col = 0, slot = q->carry;
	int p = q->nvoices && !q->voices[0].off ? 0 : prefix(q, q->nvoices ? q->voices[0].off : m,
	                                                     &slot, &a, &col);
	if (p < 0)
		return ts_nomem(err);
	q->carry = slot;
	size_t in, inlen, a2 = a + ts_skip_blanks(q->clean.ptr + a, m - a);
	if (!q->nvoices && ts_stage_whole_line(q->clean.ptr + a2, ts_trim_end(q->clean.ptr + a2, m - a2),
	                                       &in, &inlen)) {
		/* "[MUSIC]", "(laughs)": an event, not speech */
		const char *d = q->clean.ptr + a2 + in;
		if (ts_callbuf_event(&q->cb, ts_stage_kind(q->res->langs, d, inlen), d, inlen, lineno,
		                     clean_col(q, a2), 0))
			return ts_nomem(err);
		return 0;
	}
	for (size_t v = 0; v <= q->nvoices; v++) {
		size_t b = v < q->nvoices ? q->voices[v].off : m;
		if (q->carry < 0 && !ts_cues_blank(q->clean.ptr + a, b - a)) {
			/* text before anyone is named: a speaker of its own */
			if ((q->carry = speaker(q, TS_CUE_UNNAMED, strlen(TS_CUE_UNNAMED), 0)) < 0)
				return ts_nomem(err);
		}
		if (q->carry >= 0 && speech(q, q->carry, a, b, lineno, col))
			return ts_nomem(err);
		if (v == q->nvoices)
			break;
		const ts_cuevoice *vo = &q->voices[v];
		if ((q->carry = speaker(q, s + vo->name, vo->len, 0)) < 0)
			return ts_nomem(err);
		col = vo->col;
		a = b;
	}
	return 0;
}

int ts_cues_stray(ts_cues *q, const char *s, size_t n, long lineno, ts_error *err)
{
	if (!q->cb.narr_open && ts_callbuf_narration(&q->cb, lineno))
		return ts_nomem(err);
	q->cur = -1;
	size_t a = ts_skip_blanks(s, n);
	if (ts_callbuf_append(&q->cb, s + a, ts_trim_end(s + a, n - a), lineno,
	                      (long)ts_utf8_len(s, a) + 1, 1, NULL))
		return ts_nomem(err);
	return 0;
}

int ts_cues_hold(ts_cues *q, const char *s, size_t n, long lineno, ts_error *err)
{
	q->held.len = 0;
	q->held_line = lineno;
	return ts_buf_append(&q->held, s, n) ? ts_nomem(err) : 0;
}

/* ---- the reader ---- */

int ts_cues_open(void **state, const ts_resources *res, const ts_options *opt, ts_input *in,
                 const ts_cuefmt *fmt, ts_error *err)
{
	*state = NULL;
	ts_cues *q = calloc(1, sizeof *q);
	if (!q) {
		ts_input_close(in);
		return ts_nomem(err);
	}
	q->res = res;
	q->opt = opt;
	q->fmt = fmt;
	q->in = in;
	q->name = ts_input_name(in);
	q->cur = q->carry = -1;
	q->state = fmt->srt ? TS_CUE_BETWEEN : TS_CUE_HEADER;
	ts_callbuf_init(&q->cb, res);
	*state = q;
	return 0;
}

int ts_cues_next(void *state, ts_callbuf **call, ts_error *err)
{
	ts_cues *q = state;
	*call = NULL;
	if (q->done)
		return 0;
	q->done = 1;
	ts_callbuf_reset(&q->cb, 1, 1);
	const char *s;
	size_t n;
	long lineno = 0;
	int rc;
	while ((rc = ts_input_line(q->in, &s, &n, &lineno, err)) == 1)
		if ((rc = ts_input_check_line(q->name, s, n, lineno, err)) ||
		    (rc = q->fmt->line(q, s, n, lineno, err)))
			return rc;
	if (rc < 0 || (rc = q->fmt->end(q, err)))
		return rc;
	if (!lineno)
		return ts_fail(err, TS_EINPUT, q->name, 0, 0, "empty input");
	if (!q->ncues)
		return ts_fail(err, TS_EINPUT, q->name, 0, 0, "no cues (a cue is a timing line "
		               "'%s' and its text)", q->fmt->srt ? "00:00:01,000 --> 00:00:02,000"
		                                                 : "00:00:01.000 --> 00:00:02.000");
	if ((rc = ts_callbuf_finish(&q->cb, err)))
		return rc;
	*call = &q->cb;
	return 1;
}

void ts_cues_close(void *state)
{
	ts_cues *q = state;
	if (!q)
		return;
	ts_input_close(q->in);
	ts_callbuf_free(&q->cb);
	ts_buf_free(&q->held);
	ts_buf_free(&q->clean);
	ts_buf_free(&q->names);
	free(q->segs);
	free(q->voices);
	free(q->spk);
	ts_hindex_free(&q->idx);
	free(q);
}
