/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* A call as a TalkBank CHAT transcript (the CHAT manual), for CLAN:
 *
 *     @UTF8
 *     @Begin
 *     @Languages:	eng
 *     @Participants:	Q Q Interviewer, MRE MR._EARNEST Participant
 *     @ID:	eng|talkstat|Q|||||Interviewer||Q|
 *     @ID:	eng|talkstat|MRE|||||Participant||MR. EARNEST|
 *     *Q:	is it true ?
 *     *MRE:	it is . ·12500_15750·
 *     @End
 *
 * Each turn's text is cut into utterances at . ? ! (and 。？！), as CHAT
 * wants one terminator an utterance; consecutive utterances of one
 * speaker are one turn in CLAN's MLT, and in our CHAT reader.  Only the
 * words are written, one blank apart: punctuation inside a sentence, and
 * the characters CHAT gives a meaning ([ ] < > & + @ # _ ( ) and the bullet
 * byte), would change what CLAN counts, so they are left out; a word keeps
 * ' ’ - inside it and . , between digits ("3.5").  A run of CJK characters
 * is one word (CHAT separates words with blanks; our text has none).
 * A timed turn carries one media bullet, start to end, on its last
 * utterance.  A call without text (RTTM) is "www" (untranscribed) turns. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "base/diag.h"
#include "output/convert.h"

/* Most speakers of a call written as CHAT: SP9999 is the longest code
 * of the SP series that fits seven characters, and a conversation of more
 * speakers is not one CLAN's tools are made for. */
#define CHAT_MAX_SPEAKERS 9999

/* Speaker codes CHAT takes as they are: one to seven ASCII capitals and
 * digits, a capital first ("CLB", "Q", "SPK2"). */
static int valid_code(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > 7 || !ts_ascii_upper((unsigned char)s[0]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!ts_ascii_upper((unsigned char)s[i]) && !ts_ascii_digit((unsigned char)s[i]))
			return 0;
	return 1;
}

typedef struct code { char s[8]; } code;

static int taken(const code *codes, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(codes[i].s, s))
			return 1;
	return 0;
}

/* Codes for the call's speakers (docs/formats.md): a valid code stays; else
 * the first three ASCII letters and digits of the name in capitals
 * ("Mr. Earnest" MRE) when the name has three and no speaker has them;
 * else SP and the speaker's number (SP1, SP2 ...), the next free one. */
static void make_codes(const ts_call *c, code *codes)
{
	for (size_t i = 0; i < c->nspeakers; i++)
		codes[i].s[0] = '\0';
	for (size_t i = 0; i < c->nspeakers; i++)
		if (valid_code(c->speakers[i].id) && !taken(codes, c->nspeakers, c->speakers[i].id))
			strcpy(codes[i].s, c->speakers[i].id);
	for (size_t i = 0; i < c->nspeakers; i++) {
		if (codes[i].s[0])
			continue;
		char s[8];
		size_t k = 0;
		for (const char *p = c->speakers[i].id; *p && k < 3; p++)
			if (ts_ascii_alnum((unsigned char)*p))
				s[k++] = (char)(ts_ascii_letter((unsigned char)*p) ? (*p & ~32) : *p);
		s[k] = '\0';
		if (k == 3 && ts_ascii_upper((unsigned char)s[0]) && !taken(codes, c->nspeakers, s)) {
			strcpy(codes[i].s, s);
			continue;
		}
		for (size_t n = i + 1;; n++) {
			snprintf(s, sizeof s, "SP%zu", n);
			if (!taken(codes, c->nspeakers, s))
				break;
		}
		strcpy(codes[i].s, s);
	}
}

/* A name where CHAT takes no blank, comma or bar: those bytes as '_'. */
static int put_name(ts_buf *out, const char *name, const char *bad)
{
	size_t from = out->len;
	if (ts_buf_append(out, name, strlen(name)))
		return -1;
	for (size_t i = from; i < out->len; i++)
		if (strchr(bad, out->ptr[i]))
			out->ptr[i] = '_';
	return 0;
}

static const char *chat_language(const char *lang)
{
	return !strcmp(lang, "zh") ? "zho" : !strcmp(lang, "en") ? "eng" : "und";
}

static const char *const chat_roles[] = {"Interviewer", "Participant"};

static int headers(const ts_call *c, const code *codes, const char *stem, ts_buf *out)
{
	const char *lang = chat_language(c->language);
	if (ts_buf_printf(out, "@UTF8\n@Begin\n@Languages:\t%s\n@Participants:\t", lang))
		return -1;
	for (size_t i = 0; i < c->nspeakers; i++)
		if (ts_buf_printf(out, "%s%s ", i ? ", " : "", codes[i].s) ||
		    put_name(out, c->speakers[i].id, " \t,|") ||
		    ts_buf_printf(out, " %s", chat_roles[c->speakers[i].role == TS_ROLE_CALLER ? 0 : 1]))
			return -1;
	if (ts_buf_append(out, "\n", 1))
		return -1;
	for (size_t i = 0; i < c->nspeakers; i++)
		if (ts_buf_printf(out, "@ID:\t%s|talkstat|%s|||||%s||", lang, codes[i].s,
		                  chat_roles[c->speakers[i].role == TS_ROLE_CALLER ? 0 : 1]) ||
		    put_name(out, c->speakers[i].id, "|\t") || ts_buf_append(out, "|\n", 2))
			return -1;
	if (c->timed && (ts_buf_append(out, "@Media:\t", 8) || put_name(out, stem, " \t,") ||
	                 ts_buf_append(out, ", audio\n", 8)))
		return -1;
	return 0;
}

/* The utterances being written for one turn. */
typedef struct utt {
	ts_buf *out;
	const char *code;
	int open;      /* a main tier is started */
	int words;     /* ... and has words */
	int in_word;   /* 1: ASCII/Latin word, 2: CJK run, 0: between words */
	size_t count;  /* main tiers started */
	int any;       /* the turn has words */
} utt;

static int utt_start(utt *u)
{
	if (u->open)
		return 0;
	u->open = 1;
	return ts_buf_printf(u->out, "%s*%s:\t", u->count++ ? "\n" : "", u->code);
}

static int utt_end(utt *u, const char *term)
{
	if (!u->open)
		return 0;
	u->open = u->words = u->in_word = 0;
	return ts_buf_printf(u->out, " %s", term);
}

static int is_terminator(uint32_t cp, const char **term)
{
	switch (cp) {
	case '.': case 0x3002: case 0xFF0E: case 0x2026: *term = "."; return 1;
	case '?': case 0xFF1F: *term = "?"; return 1;
	case '!': case 0xFF01: *term = "!"; return 1;
	default: return 0;
	}
}

static int turn_text(const ts_textclass *tc, utt *u, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = ts_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (!k) {
			i++;
			continue;
		}
		ts_cclass cc = ts_classify(tc, cp);
		int kind = cc.kind == TS_CK_ALNUM ? 1 : cc.kind == TS_CK_CJK ? 2 :
		           cc.kind == TS_CK_MARK && u->in_word ? u->in_word : 0;
		/* a joiner between two letters or digits stays in the word */
		if (!kind && u->in_word == 1 && (cc.flags & TS_CF_JOINER) && i + k < n) {
			uint32_t next;
			size_t k2 = ts_utf8_decode((const unsigned char *)s + i + k, n - i - k, &next);
			if (k2 && ts_classify(tc, next).kind == TS_CK_ALNUM)
				kind = 1;
		}
		const char *term;
		if (kind) {
			if ((!u->open && utt_start(u)) ||
			    (u->in_word != kind && u->words && ts_buf_append(u->out, " ", 1)) ||
			    ts_buf_append(u->out, s + i, k))
				return -1;
			u->in_word = kind;
			u->words = u->any = 1;
		} else {
			u->in_word = 0;
			if (is_terminator(cp, &term) && u->words && utt_end(u, term))
				return -1;
		}
		i += k;
	}
	return 0;
}

int ts_write_chat(const ts_textclass *tc, const ts_conv_call *cc, ts_buf *out, ts_error *err)
{
	const ts_call *c = cc->call;
	if (c->nspeakers > CHAT_MAX_SPEAKERS)
		return ts_fail(err, TS_ELIMIT, cc->source, c->line, 1,
		               "%zu speakers, more than the %d a CHAT file is written with", c->nspeakers,
		               CHAT_MAX_SPEAKERS);
	code *codes = calloc(c->nspeakers ? c->nspeakers : 1, sizeof *codes);
	if (!codes)
		return ts_nomem(err);
	make_codes(c, codes);
	int rc = headers(c, codes, cc->stem, out);
	for (size_t t = 0; !rc && t < c->nturns; t++) {
		const ts_turn *turn = &c->turns[t];
		utt u = {out, codes[turn->speaker].s, 0, 0, 0, 0, 0};
		if (!c->no_text)
			rc = turn_text(tc, &u, turn->text, turn->len);
		/* a turn without words is still a turn: "0" is CHAT's word not
		 * said, "www" its untranscribed speech */
		if (!rc && !u.any)
			rc = utt_start(&u) || ts_buf_append(out, c->no_text ? "www" : "0", c->no_text ? 3 : 1) ||
			     (u.words = 1, 0);
		if (!rc && u.open)
			rc = utt_end(&u, ".");
		/* the bullet after the last utterance's terminator */
		if (!rc && turn->nspans) {
			long long a = ts_conv_millis(turn->start), b = ts_conv_millis(turn->end);
			rc = ts_buf_printf(out, " \x15%lld_%lld\x15", a, b);
		}
		rc = rc || ts_buf_append(out, "\n", 1);
	}
	free(codes);
	if (rc || ts_buf_append(out, "@End\n", 5))
		return ts_nomem(err);
	return 0;
}
