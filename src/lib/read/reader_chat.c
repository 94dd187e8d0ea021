/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* TalkBank CHAT (.cha), the format of CHILDES, AphasiaBank, CABank and
 * the other TalkBank corpora, as the CHAT manual describes it:
 *
 *     @UTF8
 *     @Begin
 *     @Participants:	INV Investigator, PAR Participant
 *     *INV:	so what happened [>] next ? ·1000_2240·
 *     %mor:	adv|so pro:int|what v|happen-PAST adv|next ?
 *     *PAR:	+< well [<] I went home .
 *     @End
 *
 * (the bullets are the byte 0x15 around "start_end" in milliseconds).
 * One file is one call.  Main tiers are utterances; consecutive utterances
 * of one speaker are one turn, as CLAN's MLT counts turns.  Words are the
 * words CLAN's MLU and MLT count: xxx, yyy, www, fillers (&-uh), fragments
 * (&+fr), events (&=laughs), omitted words (0is), pauses, terminators and
 * retraced material ("<I told> [//]") are not words; a replacement
 * ("wan [: want]") counts as its target.  docs/formats.md says what else is
 * read and what is left out. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/swar.h"
#include "base/text.h"
#include "model/call.h"
#include "read/input.h"
#include "read/reader.h"
#include "read/stagedir.h"

/* The media bullet's delimiter, shown as a dot by CLAN. */
#define BULLET '\x15'

/* A bullet's times above this many milliseconds (about 31,700 years) are
 * not a recording's. */
#define MAX_MS 1000000000000000LL

/* Groups nested deeper than this ("<<<a> b> c>") are read as words. */
#define MAX_GROUP_DEPTH 32

typedef enum { TIER_NONE, TIER_HEADER, TIER_MAIN, TIER_DEPENDENT } tier_kind;

typedef enum { TOK_WORD, TOK_PUNCT, TOK_EVENT } tok_kind;

/* A token of an utterance, on its way to the turn's text. */
typedef struct chat_tok {
	tok_kind kind;
	ts_event_kind event;
	size_t off, len;   /* text in clean (a word, a mark), or in ubuf (an event, a verbatim word) */
	size_t at;         /* byte of ubuf where it was written, for its line and column */
	int excluded;      /* retraced or replaced */
	int verbatim;      /* a word as it is written in ubuf (off == at), plain ASCII */
	size_t chars;      /* ... and its letters and digits */
} chat_tok;

/* Where a line of the current tier starts in ubuf. */
typedef struct chat_piece {
	size_t off;
	long line, col;
} chat_piece;

typedef struct chat_reader {
	const ts_resources *res;
	const ts_options *opt;
	ts_input *in;
	ts_callbuf cb;
	int done;
	/* participants: codes NUL-terminated in codes */
	ts_buf codes;
	size_t *code_off;
	size_t ncodes, codes_cap;
	int begun, ended;
	long begin_line, last_line;
	/* the tier being read: a header (key and value) or a main tier */
	tier_kind tier;
	ts_buf key, ubuf;
	long tier_line;
	long spk;          /* participant of the main tier */
	chat_piece *pieces;
	size_t npieces, pieces_cap;
	/* the open turn */
	long turn_spk;
	/* an utterance's tokens and their cleaned text */
	chat_tok *toks;
	size_t ntoks, toks_cap;
	ts_buf clean;
	ts_buf comments;   /* @Comment lines, joined */
	ts_counts marks[3]; /* of ".", "?" and "!", counted once */
} chat_reader;

static const char *name_of(const chat_reader *r)
{
	return ts_input_name(r->in);
}

/* ---- positions and errors ---- */

/* A place in ubuf: the piece it is in and its column, counted on from the
 * last place asked for (the tokens of a tier come in order, and a tier may
 * be one line of a megabyte). */
typedef struct chat_pos {
	size_t piece, off;
	long col;
} chat_pos;

static void pos_start(const chat_reader *r, chat_pos *p, size_t at)
{
	/* the last piece that starts at or before at (a tier may have
	 * thousands of continuation lines) */
	size_t lo = 1, hi = r->npieces;
	while (lo < hi) {
		size_t m = lo + (hi - lo) / 2;
		if (r->pieces[m].off <= at)
			lo = m + 1;
		else
			hi = m;
	}
	*p = (chat_pos){lo - 1, r->pieces[lo - 1].off, r->pieces[lo - 1].col};
}

/* Whether a piece (a line of the tier) after p's starts at byte at. */
static int starts_piece(const chat_reader *r, const chat_pos *p, size_t at)
{
	for (size_t k = p->piece + 1; k < r->npieces && r->pieces[k].off <= at; k++)
		if (r->pieces[k].off == at)
			return 1;
	return 0;
}

/* The line and column of byte `at` of ubuf, from p on. */
static void pos_at(const chat_reader *r, chat_pos *p, size_t at, long *line, long *col)
{
	if (at < p->off)
		pos_start(r, p, at);
	while (p->piece + 1 < r->npieces && r->pieces[p->piece + 1].off <= at) {
		p->piece++;
		p->off = r->pieces[p->piece].off;
		p->col = r->pieces[p->piece].col;
	}
	p->col += (long)ts_utf8_len(r->ubuf.ptr + p->off, at - p->off);
	p->off = at;
	*line = r->pieces[p->piece].line;
	*col = p->col;
}

static void position(const chat_reader *r, size_t at, long *line, long *col)
{
	chat_pos p;
	pos_start(r, &p, at);
	pos_at(r, &p, at, line, col);
}

static int fail_at(chat_reader *r, size_t at, ts_error *err, const char *what, const char *s,
                   size_t n)
{
	long line, col;
	position(r, at, &line, &col);
	return ts_fail(err, TS_EINPUT, name_of(r), line, col, "%s: '%.*s'", what,
	               (int)(n > 60 ? 60 : n), s);
}

/* ---- participants ---- */

static long find_code(const chat_reader *r, const char *s, size_t n)
{
	for (size_t i = 0; i < r->ncodes; i++) {
		const char *c = r->codes.ptr + r->code_off[i];
		if (strlen(c) == n && !memcmp(c, s, n))
			return (long)i;
	}
	return -1;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* "@Participants:	CHI Eve Target_Child, MOT Mother": the first word of
 * each entry is the speaker's code. */
static int participants(chat_reader *r, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		while (i < n && (is_space(s[i]) || s[i] == ','))
			i++;
		size_t a = i;
		while (i < n && !is_space(s[i]) && s[i] != ',')
			i++;
		if (i > a && find_code(r, s + a, i - a) < 0) {
			if (TS_GROW(r->code_off, r->codes_cap, r->ncodes + 1))
				return TS_ENOMEM;
			r->code_off[r->ncodes++] = r->codes.len;
			if (ts_buf_append(&r->codes, s + a, i - a) || ts_buf_append(&r->codes, "", 1))
				return TS_ENOMEM;
		}
		while (i < n && s[i] != ',')
			i++;
	}
	return 0;
}

/* ---- headers ---- */

static int same(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && !memcmp(s, lit, n);
}

/* A header read whole (its continuation lines joined): the speakers, the
 * start and end of the transcript, or metadata. */
static int flush_header(chat_reader *r, ts_error *err)
{
	const char *k = r->key.ptr, *v = r->ubuf.ptr;
	size_t kn = r->key.len, vn = ts_trim_end(v, r->ubuf.len);
	if (same(k, kn, "Begin")) {
		if (!r->begun) {
			r->begun = 1;
			r->begin_line = r->tier_line;
			r->cb.call.line = r->tier_line;
		}
		return 0;
	}
	if (same(k, kn, "End")) {
		r->ended = 1;
		return 0;
	}
	/* layout of CLAN's editor, and gems (@G, @Bg, @Eg: named stretches
	 * of the transcript, which one call does not split) */
	if (same(k, kn, "UTF8") || same(k, kn, "Font") || same(k, kn, "Window") ||
	    same(k, kn, "ColorWords") || same(k, kn, "G") || same(k, kn, "Bg") || same(k, kn, "Eg") ||
	    same(k, kn, "ID") || !kn || !vn)
		return 0;
	if (same(k, kn, "Participants") && participants(r, v, vn))
		return ts_nomem(err);
	if (same(k, kn, "Comment")) {
		if ((r->comments.len && ts_buf_append(&r->comments, " | ", 3)) ||
		    ts_buf_append(&r->comments, v, vn))
			return ts_nomem(err);
		return 0;
	}
	return ts_callbuf_meta(&r->cb, k, kn, v, vn) ? ts_nomem(err) : 0;
}

/* ---- main tiers: tokens ---- */

static int add_tok(chat_reader *r, tok_kind kind, size_t off, size_t len, size_t at)
{
	if (TS_GROW(r->toks, r->toks_cap, r->ntoks + 1))
		return TS_ENOMEM;
	r->toks[r->ntoks++] = (chat_tok){kind, TS_EVENT_NOTE, off, len, at, 0, 0, 0};
	return 0;
}

static int add_mark(chat_reader *r, const char *mark, size_t at)
{
	size_t off = r->clean.len;
	if (ts_buf_append(&r->clean, mark, strlen(mark)))
		return TS_ENOMEM;
	return add_tok(r, TOK_PUNCT, off, strlen(mark), at);
}

/* CA's overlap brackets, which may carry an index: "⌈2". */
static int overlap_bracket(uint32_t cp)
{
	return cp >= 0x2308 && cp <= 0x230B;
}

/* What a byte is to a word of a main tier: 1 an ASCII letter or digit,
 * 2 an apostrophe or a hyphen (in a word as written), 4 the end of a word
 * (a blank, a media bullet, '['), 0 anything else. */
static const unsigned char word_byte[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	4, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 4, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* Whether a byte may be in a word as it is: an ASCII letter, digit,
 * apostrophe or hyphen. */
static int plain(unsigned char c)
{
	return ts_ascii_alnum(c) || c == '\'' || c == '-';
}

/* A word as CLAN counts it, without CHAT's marks inside it: "(es)cucha" is
 * escucha, "ta:p" tap, "d@u" d, "b⌉" b, "how_about" how about.  *added
 * says whether anything of a word is left (a letter or a digit); the word
 * goes into clean, as a token. */
/* A plain ASCII word as it is written: s[0..n) at byte at of ubuf. */
static int add_verbatim(chat_reader *r, size_t n, size_t at, size_t chars)
{
	if (add_tok(r, TOK_WORD, at, n, at))
		return TS_ENOMEM;
	chat_tok *t = &r->toks[r->ntoks - 1];
	t->verbatim = 1;
	t->chars = chars;  /* its letters and digits */
	return 0;
}

static int add_word(chat_reader *r, const char *s, size_t n, size_t at, int *added)
{
	const ts_textclass *tc = r->res->tc;
	size_t off = r->clean.len, i = 0, keep_from = 0;
	int alnum = 0, after_bracket = 0;
	*added = 0;
	/* most words are plain ASCII, written as they are */
	size_t chars = 0;
	for (; i < n && plain((unsigned char)s[i]); i++)
		chars += ts_ascii_alnum((unsigned char)s[i]) != 0;
	if (i == n) {
		if (!chars)
			return 0;
		*added = 1;
		return add_verbatim(r, n, at, chars);
	}
	alnum = chars != 0;
	/* else code point by code point, kept ones copied a run at a time */
	while (i < n && s[i] != '@') {
		uint32_t cp = 0;
		size_t k = ts_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (!k)
			k = 1;
		ts_cclass cc = ts_classify(tc, cp);
		int digit = cp < 0x80 && ts_ascii_digit((int)cp), keep = 0;
		if (after_bracket && digit)
			keep = 0;  /* the index of "⌈2" */
		else if (cc.kind == TS_CK_ALNUM || cc.kind == TS_CK_CJK || cc.kind == TS_CK_MARK)
			keep = 1, alnum |= cc.kind != TS_CK_MARK;
		else if (cp == '\'' || cp == 0x2019 || cp == '-')
			keep = 1;
		after_bracket = overlap_bracket(cp) || (after_bracket && digit);
		if (!keep) {
			if (ts_buf_append(&r->clean, s + keep_from, i - keep_from) ||
			    ((cp == '_' || cp == '+') && ts_buf_append(&r->clean, " ", 1)))
				return TS_ENOMEM;
			keep_from = i + k;
		}
		i += k;
	}
	if (ts_buf_append(&r->clean, s + keep_from, i - keep_from))
		return TS_ENOMEM;
	if (!alnum) {
		r->clean.len = off;
		return 0;
	}
	*added = 1;
	return add_tok(r, TOK_WORD, off, r->clean.len - off, at);
}

/* "(.)", "(..)", "(0.8)", "(1:05.2)": a pause. */
static int is_pause(const char *s, size_t n)
{
	if (n < 3 || s[0] != '(' || s[n - 1] != ')')
		return 0;
	for (size_t i = 1; i + 1 < n; i++)
		if (s[i] != '.' && s[i] != ':' && !ts_ascii_digit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Milliseconds s[*i..] up to a non-digit; -1 when there are none or too
 * many. */
static long long millis(const char *s, size_t n, size_t *i)
{
	/* the index in a local: through the pointer it was stored at every
	 * digit, as a char may alias it */
	long long v = 0;
	size_t a = *i, j = a;
	unsigned d;
	/* the first eight digits at once (below MAX_MS, as eight digits are):
	 * the loop below reads a ninth and on */
	if (n - j >= 8) {
		uint64_t w = ts_swar_load(s + j);
		uint64_t other = ~ts_swar_range(w, '0', '9') & TS_HIGHS8;
		unsigned k = other ? (unsigned)__builtin_ctzll(other) >> 3 : 8;
		if (k) {
			v = (long long)ts_swar_digits(w, k);
			j += k;
		}
		if (k < 8) {
			*i = j;
			return j > a ? v : -1;
		}
	}
	while (j < n && (d = (unsigned)(unsigned char)s[j] - '0') < 10) {
		v = v * 10 + d;
		if (v > MAX_MS) {
			*i = j;
			return -1;
		}
		j++;
	}
	*i = j;
	return j > a ? v : -1;
}

/* A media bullet's text between the delimiters: "1000_2240", an old
 * "%snd:"file"_1000_2240", with CLAN's "-" (skip when playing) after it. */
static int bullet(const char *s, size_t n, long long *start, long long *end)
{
	size_t i = 0;
	if (n && s[0] == '%') {
		/* %snd:"name"_start_end, %mov:"name"_start_end */
		const char *q = memchr(s, '"', n);
		const char *q2 = q ? memchr(q + 1, '"', n - (size_t)(q + 1 - s)) : NULL;
		if (!q2 || (size_t)(q2 + 1 - s) >= n || q2[1] != '_')
			return -1;
		i = (size_t)(q2 + 2 - s);
	}
	if ((*start = millis(s, n, &i)) < 0 || i >= n || s[i++] != '_' ||
	    (*end = millis(s, n, &i)) < 0)
		return -1;
	if (i < n && s[i] == '-')
		i++;
	return i == n ? 0 : -1;
}

/* The token that a retracing or a replacement applies to: the group that
 * just closed ("<I told> [//]"), else the last word ("man [/] man"). */
typedef struct target {
	size_t from, to;  /* tokens [from, to) */
} target;

static void exclude(chat_reader *r, const target *t)
{
	for (size_t i = t->from; i < t->to && i < r->ntoks; i++)
		if (r->toks[i].kind == TOK_WORD)
			r->toks[i].excluded = 1;
}

/* "[/]", "[//]", "[///]", "[/-]", "[/?]": what came before is retraced
 * (said, then said again or corrected): CLAN's counts leave it out. */
static int is_retrace(const char *s, size_t n)
{
	return same(s, n, "/") || same(s, n, "//") || same(s, n, "///") || same(s, n, "/-") ||
	       same(s, n, "/?");
}

/* "xxx", "yyy", "www": unintelligible, phonetically coded, untranscribed
 * speech, which CLAN does not count as words. */
static int untranscribed(const char *s, size_t n)
{
	return n == 3 && (same(s, n, "xxx") || same(s, n, "yyy") || same(s, n, "www"));
}

/* A media bullet's fault, or BULLET_OK. */
typedef enum { BULLET_OK, BULLET_OPEN, BULLET_MALFORMED, BULLET_BACKWARDS } bullet_fault;

/* The media bullet that starts at s[i] (a BULLET): its times into *b0 and
 * *b1 (milliseconds); the byte after it into *end, when it is closed. */
static bullet_fault read_bullet(const char *s, size_t n, size_t i, long long *b0, long long *b1,
                                size_t *end)
{
	const char *e = memchr(s + i + 1, BULLET, n - i - 1);
	if (!e)
		return BULLET_OPEN;
	*end = (size_t)(e - s) + 1;
	if (bullet(s + i + 1, (size_t)(e - (s + i + 1)), b0, b1))
		return BULLET_MALFORMED;
	return *b1 < *b0 ? BULLET_BACKWARDS : BULLET_OK;
}

/* The words of an utterance (ubuf) into toks, its bullets into *start and
 * *end (milliseconds, -1 for none). */
static int tokens(chat_reader *r, long long *ustart, long long *uend, ts_error *err)
{
	const char *s = r->ubuf.ptr;
	size_t n = r->ubuf.len, i = 0;
	size_t groups[MAX_GROUP_DEPTH];
	size_t depth = 0, overflow = 0;
	target last = {0, 0};
	int rc;
	r->ntoks = 0;
	r->clean.len = 0;
	*ustart = *uend = -1;
	while (i < n) {
		if (is_space(s[i])) {
			i++;
			continue;
		}
		size_t a = i;
		if (s[i] == BULLET) {
			long long b0, b1;
			size_t end;  /* not &i: the loop keeps i in a register */
			bullet_fault f = read_bullet(s, n, i, &b0, &b1, &end);
			if (f == BULLET_OPEN)
				return fail_at(r, a, err, "media bullet not closed", s + a + 1, n - a - 1);
			if (f != BULLET_OK) {
				size_t bn = end - a - 2;  /* between the delimiters */
				return fail_at(r, a, err,
				               f == BULLET_MALFORMED
				               ? "malformed media bullet (start_end in milliseconds)"
				               : "media bullet ends before it starts",
				               s + a + 1, bn);
			}
			if (*ustart < 0 || b0 < *ustart)
				*ustart = b0;
			if (b1 > *uend)
				*uend = b1;
			i = end;
			continue;
		}
		if (s[i] == '[') {
			const char *e = memchr(s + i, ']', n - i);
			if (!e)
				return fail_at(r, a, err, "'[' without ']'", s + a, n - a);
			const char *in = s + i + 1;
			size_t inl = (size_t)(e - in);
			i = (size_t)(e - s) + 1;
			if (is_retrace(in, inl)) {
				exclude(r, &last);
			} else if (inl && in[0] == ':') {
				/* "[: want]", "[:: real word]": the target's words */
				size_t j = in[1] == ':' ? 2 : 1;
				exclude(r, &last);
				size_t from = r->ntoks;
				while (j < inl) {
					while (j < inl && is_space(in[j]))
						j++;
					size_t w = j;
					while (j < inl && !is_space(in[j]))
						j++;
					int added;
					if (j > w && (rc = add_word(r, in + w, j - w, (size_t)(in + w - s), &added)))
						return ts_nomem(err);
				}
				last = (target){from, r->ntoks};
			}
			/* other annotations: explanations [= ...], postcodes
			 * [+ ...], overlap [>] [<], errors [*], stress [!] ... */
			continue;
		}
		/* the common word first: ASCII letters ("went", "don't"), its
		 * letters and digits counted on the way */
		int fast = ts_ascii_letter((unsigned char)s[i]);
		size_t chars = 0;
		for (; i < n; i++) {
			unsigned k = word_byte[(unsigned char)s[i]];
			if (k & 4)
				break;
			fast &= k != 0;
			chars += k & 1;
		}
		const char *t = s + a;
		size_t tn = i - a;
		if (fast && !untranscribed(t, tn)) {
			if (add_verbatim(r, tn, a, chars))
				return ts_nomem(err);
			last = (target){r->ntoks - 1, r->ntoks};
			continue;
		}
		if (t[0] == '+') {
			/* terminators ("+...", "+/.", "+//?") and linkers ("+<", "+,") */
			const char *mark = memchr(t, '?', tn) ? "?" : memchr(t, '!', tn) ? "!" : NULL;
			if (!mark && tn > 1 && t[tn - 1] == '.')
				mark = ".";
			if (mark && (rc = add_mark(r, mark, a)))
				return ts_nomem(err);
			continue;
		}
		/* "<I told>": a group, which a retracing may apply to */
		while (tn && t[0] == '<') {
			if (depth < MAX_GROUP_DEPTH)
				groups[depth++] = r->ntoks;
			else
				overflow++;
			t++, tn--, a++;
		}
		size_t closes = 0;
		while (tn && t[tn - 1] == '>')
			tn--, closes++;
		if (!tn) {
		} else if (same(t, tn, ".") || same(t, tn, "?") || same(t, tn, "!")) {
			if ((rc = add_mark(r, same(t, tn, ".") ? "." : same(t, tn, "?") ? "?" : "!", a)))
				return ts_nomem(err);
		} else if (same(t, tn, ",") || same(t, tn, "\xE2\x80\x9E") || same(t, tn, "\xE2\x80\xA1")) {
			/* "," and CA's tag and vocative markers „ ‡ */
			if ((rc = add_mark(r, ",", a)))
				return ts_nomem(err);
		} else if (tn > 2 && t[0] == '&' && t[1] == '=') {
			/* "&=laughs": something done, not said */
			if ((rc = add_tok(r, TOK_EVENT, (size_t)(t + 2 - s), tn - 2, a)))
				return ts_nomem(err);
			r->toks[r->ntoks - 1].event = ts_stage_kind(r->res->langs, t + 2, tn - 2);
		} else if (untranscribed(t, tn)) {
			/* unintelligible, phonetically coded, untranscribed */
			if ((rc = add_tok(r, TOK_EVENT, (size_t)(t - s), tn, a)))
				return ts_nomem(err);
			r->toks[r->ntoks - 1].event = t[0] == 'w' ? TS_EVENT_NOTE : TS_EVENT_INAUDIBLE;
		} else if (t[0] == '&' || t[0] == '0' || t[0] == '#' || t[0] == '-' || is_pause(t, tn)) {
			/* fillers, fragments, omitted words, pauses */
		} else {
			int added;
			if ((rc = add_word(r, t, tn, a, &added)))
				return ts_nomem(err);
			if (added)
				last = (target){r->ntoks - 1, r->ntoks};
		}
		for (; closes; closes--) {
			if (overflow) {
				overflow--;
			} else if (depth) {
				depth--;
				last = (target){groups[depth], r->ntoks};
			}
		}
	}
	return 0;
}

/* ---- main tiers: turns ---- */

/* Plain words of ubuf one blank apart: [at, at + len). */
typedef struct word_run {
	size_t at, len, words, chars;
	long line, col;
} word_run;

/* Append a run of words (if any) to the turn as one piece, and empty it. */
static int flush_run(chat_reader *r, word_run *u)
{
	size_t n = u->len;
	if (!n)
		return 0;
	u->len = 0;
	/* plain ASCII: its letters and digits are its characters */
	ts_counts c = {u->chars, u->words, 0, 0, 0, 0};
	return ts_callbuf_append(&r->cb, r->ubuf.ptr + u->at, n, u->line, u->col, 1, &c);
}

/* A plain utterance: words of ASCII letters one blank apart, then at most
 * a terminator and a media bullet ("so what happened ? ·1000_2240·"). */
typedef struct plain_utt {
	size_t words_end, words, chars;
	size_t mark;         /* byte of the terminator, or 0 for none */
	long long b0, b1;    /* the bullet's times, -1 for none */
} plain_utt;

/* The first bytes of a plain utterance's words, eight at a time: the
 * blocks in which every byte is a letter, a digit, ' or - or a blank
 * before a letter, and no byte starts three of one byte ("xxx": the one
 * word of three that is not counted is among those, and the loop a byte
 * at a time after this finds it).  Their letters and digits are added to
 * *chars and their blanks (each ends a word) to *words; returns where
 * the blocks end: s[0..n) from there on is for that loop.  s[0] is a
 * letter. */
static size_t plain_words(const char *s, size_t n, size_t *chars, size_t *words)
{
	size_t i = 0, c = 0, b = 0;
	const uint64_t lower = TS_ONES8 * 0x20;  /* a letter or'ed with it is lower case */
	for (; n - i >= 10; i += 8) {
		uint64_t w = ts_swar_load(s + i), w1 = ts_swar_load(s + i + 1),
		         w2 = ts_swar_load(s + i + 2);
		uint64_t an = ts_swar_range(w | lower, 'a', 'z') | ts_swar_range(w, '0', '9');
		uint64_t sp = ts_swar_eq_bytes(w, ' ');
		uint64_t in = an | sp | ts_swar_eq_bytes(w, '\'') | ts_swar_eq_bytes(w, '-');
		/* a blank before other than a letter, or three of a byte */
		uint64_t next_letter = ts_swar_range(w1 | lower, 'a', 'z');
		if (in != TS_HIGHS8 || (sp & ~next_letter) ||
		    (ts_swar_eq_bytes(w ^ w1, 0) & ts_swar_eq_bytes(w1 ^ w2, 0)))
			break;
		c += ts_swar_count(an);
		b += ts_swar_count(sp);
	}
	*chars += c;
	*words += b;
	return i;
}

static size_t skip_spaces(const char *s, size_t i, size_t n)
{
	while (i < n && is_space(s[i]))
		i++;
	return i;
}

/* Whether the tier (one line of ubuf) is a plain utterance, into *u.  Most
 * main tiers are, and they are read without tokens: what tokens() and
 * flush_main() would make of them, the same text and counts, in one pass
 * (reading CHAT took 1.63 times the labelled-text reader's instructions
 * per MB, and takes 1.06: bench/RESULTS-readers-instructions.md).
 * Anything else (an annotation, a group, a code, a second line, a bullet
 * the slow path would report) is not plain. */
static int plain_utterance(const chat_reader *r, plain_utt *u)
{
	const char *s = r->ubuf.ptr;
	size_t n = r->ubuf.len, i = 0;
	if (r->npieces != 1)
		return 0;
	*u = (plain_utt){0, 0, 0, 0, -1, -1};
	/* counted in locals: a store through u might change s, as the
	 * compiler must assume, and would be made at every byte */
	size_t chars = 0, words = 0;
	/* a word: an ASCII letter, then letters, digits, ' and - */
	if (!n || !ts_ascii_letter((unsigned char)s[0]))
		return 0;
	i = plain_words(s, n, &chars, &words);
	size_t a = i;  /* the start of the word that i is in */
	while (a > 0 && s[a - 1] != ' ')
		a--;
	for (;;) {
		unsigned k;
		while (i < n && ((k = word_byte[(unsigned char)s[i]]) & 3))
			chars += k & 1, i++;
		if (untranscribed(s + a, i - a))
			return 0;
		words++;
		if (i + 1 < n && s[i] == ' ' && ts_ascii_letter((unsigned char)s[i + 1]))
			a = ++i;
		else
			break;
	}
	u->chars = chars;
	u->words = words;
	u->words_end = i;
	if (i < n && !is_space(s[i]) && s[i] != BULLET)
		return 0;
	i = skip_spaces(s, i, n);
	if (i < n && (s[i] == '.' || s[i] == '?' || s[i] == '!') &&
	    (i + 1 == n || is_space(s[i + 1]) || s[i + 1] == BULLET)) {
		u->mark = i++;
		i = skip_spaces(s, i, n);
	}
	if (i < n && s[i] == BULLET) {
		/* a faulty one is the tokens' to report */
		size_t end;
		if (read_bullet(s, n, i, &u->b0, &u->b1, &end) != BULLET_OK)
			return 0;
		i = skip_spaces(s, end, n);
	}
	return i == n;
}

/* A plain utterance into the open turn: as flush_main would append its
 * tokens (the bytes before the terminator are ASCII: its column is the
 * first line's plus its byte). */
static int flush_plain(chat_reader *r, const plain_utt *u)
{
	const chat_piece *p = &r->pieces[0];
	word_run run = {0, u->words_end, u->words, u->chars, p->line, p->col};
	if (flush_run(r, &run))
		return TS_ENOMEM;
	if (u->mark) {
		const char *m = r->ubuf.ptr + u->mark;
		ts_counts c = r->marks[*m == '.' ? 0 : *m == '?' ? 1 : 2];
		c.words = 0;
		if (ts_callbuf_append(&r->cb, m, 1, p->line, p->col + (long)u->mark, 0, &c))
			return TS_ENOMEM;
	}
	if (u->b0 >= 0 && ts_callbuf_times(&r->cb, (double)u->b0 / 1000, (double)u->b1 / 1000))
		return TS_ENOMEM;
	return 0;
}

static int open_turn(chat_reader *r)
{
	if (r->turn_spk == r->spk)
		return 0;
	const char *code = r->codes.ptr + r->code_off[r->spk];
	if (ts_callbuf_turn(&r->cb, r->spk, code, strlen(code), code, r->tier_line, 1))
		return TS_ENOMEM;
	r->turn_spk = r->spk;
	return 0;
}

/* The utterance read (ubuf) into the call: a new turn when its speaker is
 * not the open turn's, its words, marks and events, its times. */
static int flush_main(chat_reader *r, ts_error *err)
{
	plain_utt pu;
	if (plain_utterance(r, &pu))
		return open_turn(r) || flush_plain(r, &pu) ? ts_nomem(err) : 0;
	long long b0, b1;
	int rc = tokens(r, &b0, &b1, err);
	if (rc)
		return rc;
	ts_callbuf *cb = &r->cb;
	if (open_turn(r))
		return ts_nomem(err);
	int first = 1;
	chat_pos pos = {0, 0, r->pieces[0].col};
	word_run run = {0, 0, 0, 0, 0, 0};
	for (size_t k = 0; k < r->ntoks; k++) {
		const chat_tok *t = &r->toks[k];
		long line = 0, col = 0;
		if (t->kind == TOK_EVENT) {
			pos_at(r, &pos, t->at, &line, &col);
			if (ts_callbuf_event(cb, t->event, r->ubuf.ptr + t->off, t->len, line, col, 1))
				return ts_nomem(err);
			continue;
		}
		/* a mark with no word before it in the utterance ("xxx .") would
		 * stand alone in the text */
		if (t->excluded || (t->kind == TOK_PUNCT && first))
			continue;
		first = 0;
		/* plain words one blank apart on a line ("so what happened")
		 * are one piece of text, as written (a continuation line
		 * starts after a blank of its own in ubuf: not one apart) */
		if (t->verbatim && run.len && run.at + run.len + 1 == t->at &&
		    r->ubuf.ptr[t->at - 1] == ' ' && !starts_piece(r, &pos, t->at)) {
			run.len = t->at + t->len - run.at;
			run.words++;
			run.chars += t->chars;
			continue;
		}
		if ((rc = flush_run(r, &run)))
			return ts_nomem(err);
		pos_at(r, &pos, t->at, &line, &col);
		if (t->verbatim) {
			run = (word_run){t->at, t->len, 1, t->chars, line, col};
			continue;
		}
		ts_counts c;
		const char *s = r->clean.ptr + t->off;
		ts_count(r->res->tc, s, t->len, &c);
		c.words = t->kind == TOK_WORD;  /* "how about": one word, as CLAN counts how_about */
		/* a word starts a new line of text (a space between Latin
		 * words, none between CJK ones); a mark sticks to the word */
		if (ts_callbuf_append(cb, s, t->len, line, col, t->kind == TOK_WORD, &c))
			return ts_nomem(err);
	}
	if ((rc = flush_run(r, &run)))
		return ts_nomem(err);
	/* the utterance's own bullet is its span: the turn runs from its first
	 * to its last (ts_callbuf_times), but the pauses between its
	 * utterances are no talk */
	if (b0 >= 0 && ts_callbuf_times(cb, (double)b0 / 1000, (double)b1 / 1000))
		return ts_nomem(err);
	return 0;
}

/* ---- lines ---- */

static int flush_tier(chat_reader *r, ts_error *err)
{
	tier_kind k = r->tier;
	r->tier = TIER_NONE;
	if (k == TIER_HEADER)
		return flush_header(r, err);
	if (k == TIER_MAIN)
		return flush_main(r, err);
	return 0;
}

/* Start the text of a tier in ubuf: line[from..n) at its column. */
static int tier_text(chat_reader *r, const char *line, size_t from, size_t n, long lineno,
                     ts_error *err)
{
	r->ubuf.len = 0;
	r->npieces = 0;
	from += ts_skip_blanks(line + from, n - from);
	if (TS_GROW(r->pieces, r->pieces_cap, 1) || ts_buf_append(&r->ubuf, line + from, n - from))
		return ts_nomem(err);
	r->pieces[r->npieces++] = (chat_piece){0, lineno, (long)ts_utf8_len(line, from) + 1};
	return 0;
}

/* A continuation line (it starts with a tab) of the current tier. */
static int continue_tier(chat_reader *r, const char *line, size_t n, long lineno, ts_error *err)
{
	size_t from = ts_skip_blanks(line, n);
	if (r->tier == TIER_DEPENDENT || from == n)
		return 0;
	if (TS_GROW(r->pieces, r->pieces_cap, r->npieces + 1) || ts_buf_append(&r->ubuf, " ", 1))
		return ts_nomem(err);
	r->pieces[r->npieces++] = (chat_piece){r->ubuf.len, lineno, (long)ts_utf8_len(line, from) + 1};
	return ts_buf_append(&r->ubuf, line + from, n - from) ? ts_nomem(err) : 0;
}

static int read_line(chat_reader *r, const char *line, size_t n, long lineno, ts_error *err)
{
	const char *name = name_of(r);
	int rc;
	if (ts_skip_blanks(line, n) == n)
		return 0;  /* CHAT has no blank lines; one is harmless */
	if (line[0] == '\t' || line[0] == ' ') {
		if (r->tier == TIER_NONE)
			return ts_fail(err, TS_EINPUT, name, lineno, 1,
			               "continuation line (it starts with a tab) without a tier before it");
		return continue_tier(r, line, n, lineno, err);
	}
	if ((rc = flush_tier(r, err)))
		return rc;
	if (r->ended)
		return ts_fail(err, TS_EINPUT, name, lineno, 1, "text after @End");
	if (line[0] == '@') {
		size_t k = 1;
		while (k < n && line[k] != ':')
			k++;
		size_t kn = ts_trim_end(line + 1, k - 1);
		r->key.len = 0;
		if (ts_buf_append(&r->key, line + 1, kn) ||
		    (rc = tier_text(r, line, k < n ? k + 1 : n, n, lineno, err)))
			return rc ? rc : ts_nomem(err);
		r->tier = TIER_HEADER;
		r->tier_line = lineno;
		return 0;
	}
	if (line[0] != '*' && line[0] != '%')
		return ts_fail(err, TS_EINPUT, name, lineno, 1,
		               r->begun ? "not a CHAT line (a header '@', a main tier '*SPK:', a "
		                          "dependent tier '%%tier:' or a tab-indented continuation)"
		                        : "no @Begin header before this line");
	if (!r->begun)
		return ts_fail(err, TS_EINPUT, name, lineno, 1, "no @Begin header before this line");
	const char *colon = memchr(line, ':', n);
	if (!colon || colon == line + 1)
		return ts_fail(err, TS_EINPUT, name, lineno, 1, "%s tier without 'NAME:'",
		               line[0] == '*' ? "main" : "dependent");
	if (line[0] == '%') {
		r->tier = TIER_DEPENDENT;  /* %mor, %gra, %com ...: about the speech, not speech */
		return 0;
	}
	size_t cn = (size_t)(colon - line - 1);
	long spk = find_code(r, line + 1, cn);
	if (spk < 0)
		return ts_fail(err, TS_EINPUT, name, lineno, 2,
		               "speaker '%.*s' is not declared in @Participants", (int)(cn > 40 ? 40 : cn),
		               line + 1);
	if ((rc = tier_text(r, line, cn + 2, n, lineno, err)))
		return rc;
	r->tier = TIER_MAIN;
	r->tier_line = lineno;
	r->spk = spk;
	return 0;
}

static int chat_next(void *state, ts_callbuf **call, ts_error *err)
{
	chat_reader *r = state;
	const char *name = name_of(r);
	*call = NULL;
	if (r->done)
		return 0;
	r->done = 1;
	const char *line;
	size_t n;
	long lineno = 0;
	int rc;
	while ((rc = ts_input_line(r->in, &line, &n, &lineno, err)) == 1) {
		r->last_line = lineno;
		if ((rc = ts_input_check_line(name, line, n, lineno, err)) || (rc = read_line(r, line, n, lineno, err)))
			return rc;
	}
	if (rc < 0 || (rc = flush_tier(r, err)))
		return rc;
	if (!r->last_line)
		return ts_fail(err, TS_EINPUT, name, 0, 0, "empty input");
	if (!r->begun)
		return ts_fail(err, TS_EINPUT, name, 1, 1, "no @Begin header");
	if (!r->cb.nturns)
		return ts_fail(err, TS_EINPUT, name, r->begin_line, 1,
		               "no utterances: the transcript has no main tier ('*SPK:')");
	if (r->comments.len &&
	    ts_callbuf_meta(&r->cb, "Comment", 7, r->comments.ptr, r->comments.len))
		return ts_nomem(err);
	if ((rc = ts_callbuf_finish(&r->cb, err)))
		return rc;
	*call = &r->cb;
	return 1;
}

static void chat_close(void *state)
{
	chat_reader *r = state;
	if (!r)
		return;
	ts_input_close(r->in);
	ts_callbuf_free(&r->cb);
	ts_buf_free(&r->codes);
	free(r->code_off);
	ts_buf_free(&r->key);
	ts_buf_free(&r->ubuf);
	free(r->pieces);
	free(r->toks);
	ts_buf_free(&r->clean);
	ts_buf_free(&r->comments);
	free(r);
}

static int chat_open(void **state, const ts_resources *res, const ts_options *opt, ts_input *in,
                     ts_error *err)
{
	*state = NULL;
	chat_reader *r = calloc(1, sizeof *r);
	if (!r) {
		ts_input_close(in);
		return ts_nomem(err);
	}
	r->res = res;
	r->opt = opt;
	r->in = in;
	r->turn_spk = -1;
	for (int i = 0; i < 3; i++)
		ts_count(res->tc, &".?!"[i], 1, &r->marks[i]);
	ts_callbuf_init(&r->cb, res);
	ts_callbuf_reset(&r->cb, 1, 1);
	*state = r;
	return 0;
}

/* Whether head[0..n) has a line that starts with p. */
static int has_line(const char *head, size_t n, const char *p)
{
	size_t pn = strlen(p);
	for (size_t i = 0; i + pn <= n;) {
		if (!memcmp(head + i, p, pn))
			return 1;
		const char *nl = memchr(head + i, '\n', n - i);
		if (!nl)
			break;
		i = (size_t)(nl - head) + 1;
	}
	return 0;
}

/* "@Begin" and "@Participants:" are CHAT's alone; a file that starts
 * "@UTF8" or "@Begin" is likely CHAT (labelled text may have "@Date:"
 * lines, never these). */
static int chat_sniff(const char *head, size_t n)
{
	if (has_line(head, n, "@Begin") && has_line(head, n, "@Participants:"))
		return TS_SNIFF_SURE;
	if ((n >= 5 && !memcmp(head, "@UTF8", 5)) || (n >= 6 && !memcmp(head, "@Begin", 6)))
		return TS_SNIFF_LIKELY;
	return TS_SNIFF_NO;
}

static const char *const chat_extensions[] = {"cha", NULL};

const ts_format_reader ts_reader_chat = {
	"chat", chat_extensions, chat_sniff, chat_open, chat_next, chat_close, NULL,
};
