/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "base/text.h"
#include "base/tables.h"
#include "base/swar.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>


/* Scripts whose length unit is the character: ideographs, kana, bopomofo.
 * Hangul is written with spaces, so it counts in words. */
static int is_cjk_script(uint32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x2FDF) ||   /* radicals */
	       (cp >= 0x3005 && cp <= 0x3007) ||   /* 々 〆 〇 */
	       (cp >= 0x3021 && cp <= 0x3029) ||   /* Hangzhou numerals */
	       (cp >= 0x3038 && cp <= 0x303B) ||
	       (cp >= 0x3040 && cp <= 0x30FF) ||   /* kana */
	       (cp >= 0x3100 && cp <= 0x312F) ||   /* bopomofo */
	       (cp >= 0x31A0 && cp <= 0x31FF) ||
	       (cp >= 0x3400 && cp <= 0x4DBF) ||   /* extension A */
	       (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* unified ideographs */
	       (cp >= 0xF900 && cp <= 0xFAFF) ||   /* compatibility ideographs */
	       (cp >= 0x20000 && cp <= 0x3FFFF);   /* extensions B and later */
}

/* East Asian wide and fullwidth ranges (UAX #11, coarsely): a line wrap
 * next to one of these joins without a space. */
static int is_wide(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
	       (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
	       (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	       (cp >= 0xFFE0 && cp <= 0xFFE6) ||
	       (cp >= 0x20000 && cp <= 0x3FFFD);
}


/* Letters and numbers.  Not a switch: -Wswitch-enum would want every
 * other category of utf8proc listed. */
static int is_counted_category(utf8proc_category_t c)
{
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LT ||
	       c == UTF8PROC_CATEGORY_LM || c == UTF8PROC_CATEGORY_LO || c == UTF8PROC_CATEGORY_ND ||
	       c == UTF8PROC_CATEGORY_NL || c == UTF8PROC_CATEGORY_NO;
}

static ts_cclass classify_slow(uint32_t cp)
{
	/* The unified ideographs, a third of the BMP: wide letters of their
	 * own (the table is built at every start) */
	if (cp >= 0x4E00 && cp <= 0x9FFF) {
		const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
		if (p->category == UTF8PROC_CATEGORY_LO && p->decomp_seqindex == UINT16_MAX)
			return (ts_cclass){TS_CK_CJK, TS_CF_WIDE | TS_CF_SELF, 1};
	}
	ts_cclass c = {TS_CK_OTHER, 0, 0};
	if (is_wide(cp))
		c.flags |= TS_CF_WIDE;
	if (cp == '\'' || cp == 0x2019 || cp == '-' || cp == '.' || cp == ',' || cp == 0x2010)
		c.flags |= TS_CF_JOINER;
	if (cp == '(' || cp == '[' || cp == 0xFF08 || cp == 0x3010 || cp == 0x3014)
		c.flags |= TS_CF_OPEN;
	if (ts_is_blank(cp)) {
		c.kind = TS_CK_SPACE;
		return c;
	}
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return c;
	if (cp >= 0xAC00 && cp <= 0xD7A3) {
		/* A Hangul syllable is one letter after NFKC, though it decomposes
		 * into two or three jamo. */
		c.kind = TS_CK_ALNUM;
		c.count = 1;
		return c;
	}
	/* The compatibility decomposition decides what the character counts as
	 * after NFKC: "ＣＬＢ" is three letters, "㍿" four ideographs. */
	utf8proc_int32_t dec[32];
	int last = 0;
	/* Without a decomposition (most code points) the character is itself:
	 * the full call is spared for 65,536 code points per process. */
	utf8proc_ssize_t n = 1;
	dec[0] = (utf8proc_int32_t)cp;
	const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
	if (p->decomp_seqindex != UINT16_MAX)
		n = utf8proc_decompose_char((utf8proc_int32_t)cp, dec, 32,
		                            UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &last);
	if (n <= 0 || n > 32) {
		dec[0] = (utf8proc_int32_t)cp;
		n = 1;
	}
	if (n == 1 && (uint32_t)dec[0] == cp)
		c.flags |= TS_CF_SELF;
	unsigned count = 0;
	int cjk = 0, first_kind = -1;
	for (utf8proc_ssize_t i = 0; i < n; i++) {
		utf8proc_category_t cat = (uint32_t)dec[i] == cp ? (utf8proc_category_t)p->category
		                                                 : utf8proc_category(dec[i]);
		if (is_counted_category(cat)) {
			count++;
			if (is_cjk_script((uint32_t)dec[i]))
				cjk = 1;
			if (first_kind < 0)
				first_kind = TS_CK_ALNUM;
		} else if (first_kind < 0) {
			if (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
			    cat == UTF8PROC_CATEGORY_ME)
				first_kind = TS_CK_MARK;
			else if (cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_SO)
				first_kind = TS_CK_PUNCT;
			else if (cat == UTF8PROC_CATEGORY_ZS)
				first_kind = TS_CK_SPACE;
		}
	}
	if (count > 255)
		count = 255;
	c.count = (uint8_t)count;
	if (count)
		c.kind = cjk ? TS_CK_CJK : TS_CK_ALNUM;
	else if (first_kind >= 0)
		c.kind = (uint8_t)first_kind;
	return c;
}

/* The table is computed once, when talkstat is built (gen_tables.c): at
 * every start it cost some 10 million instructions, a fifth of the time
 * a one-call file took. */
ts_textclass *ts_textclass_new(void)
{
	ts_textclass *tc = malloc(sizeof *tc);
	if (!tc)
		return NULL;
#ifdef TS_GEN_TABLES
	/* flat: block b is entry b (gen_tables.c shares equal blocks) */
	uint16_t *block = malloc((0x10000 >> TS_CC_SHIFT) * sizeof *block);
	ts_cclass (*entry)[TS_CC_MASK + 1] = malloc(0x10000 * sizeof(ts_cclass));
	if (!block || !entry) {
		free(block);
		free(entry);
		free(tc);
		return NULL;
	}
	for (uint32_t cp = 0; cp < 0x10000; cp++)
		entry[cp >> TS_CC_SHIFT][cp & TS_CC_MASK] = classify_slow(cp);
	for (uint32_t b = 0; b < 0x10000 >> TS_CC_SHIFT; b++)
		block[b] = (uint16_t)b;
	tc->block = block;
	tc->entry = (const ts_cclass(*)[TS_CC_MASK + 1])entry;
#else
	tc->block = ts_textclass_block;
	tc->entry = ts_textclass_entry;
#endif
	return tc;
}

void ts_textclass_free(ts_textclass *tc)
{
#ifdef TS_GEN_TABLES
	if (tc) {
		free((void *)tc->block);
		free((void *)tc->entry);
	}
#endif
	free(tc);
}

ts_cclass ts_classify_astral(uint32_t cp)
{
	return classify_slow(cp);
}

int ts_utf8_check(const char *str, size_t n, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		/* ASCII runs are the common case in both scripts' markup. */
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			/* no high bit and no zero byte */
			if ((w & TS_HIGHS8) || ts_swar_zero(w))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		if (i + 8 > n && n >= 8) {
			/* the last bytes, as the word that ends the string: most
			 * lines end in plain ASCII */
			uint64_t w;
			memcpy(&w, s + n - 8, 8);
			if (!(w & TS_HIGHS8) && !ts_swar_zero(w))
				break;
		}
		if (s[i] && s[i] < 0x80) {
			i++;
			continue;
		}
		/* runs of three-byte characters (nearly all of CJK), each in one
		 * test: the Chinese lexicon's phrases, a twentieth of a start */
		if (i + 3 <= n && ts_utf8_three(s + i)) {
			do
				i += 3;
			while (i + 3 <= n && ts_utf8_three(s + i));
			continue;
		}
		uint32_t cp;
		size_t k = s[i] ? ts_utf8_decode(s + i, n - i, &cp) : 0;
		if (!k) {
			*bad = i;
			return -1;
		}
		i += k;
	}
	return 0;
}

void ts_text_advance(const char *text, size_t n, long *line, long *col)
{
	size_t bol = 0;
	for (const char *p = text; (p = memchr(p, '\n', n - (size_t)(p - text))); p++) {
		(*line)++;
		*col = 1;
		bol = (size_t)(p - text) + 1;
	}
	*col += (long)ts_utf8_len(text + bol, n - bol);
}

void ts_text_position(const char *text, size_t at, long first_line, long *line, long *col)
{
	*line = first_line;
	*col = 1;
	ts_text_advance(text, at, line, col);
}

size_t ts_utf8_len(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t cont = 0, i = 0;
	/* eight bytes at a time: the continuation bytes (10xxxxxx) are those
	 * with bit 7 set and bit 6 clear, bit 6 shifted onto bit 7 */
	for (; i + 8 <= n; i += 8) {
		uint64_t w = ts_swar_load(s + i);
		cont += ts_swar_count(w & ~(w << 1) & TS_HIGHS8);
	}
	if (i < n && n >= 8) {
		/* the rest as the word that ends at n, less its lowest bytes,
		 * counted already */
		uint64_t w = ts_swar_load(s + n - 8);
		cont += ts_swar_count((w & ~(w << 1) & TS_HIGHS8) >> (8 * (i + 8 - n)));
		return n - cont;
	}
	for (; i < n; i++)
		cont += (s[i] & 0xC0) == 0x80;
	return n - cont;
}

#define ONES TS_ONES8
#define HIGHS TS_HIGHS8

/* What the counting loop keeps as it goes; state: 0 outside a word, 1 in
 * a word, 2 after a joiner inside a word. */
typedef struct tally {
	size_t chars, words, cjk, questions;
	int state, in_q, brackets;
	size_t unmarked;  /* see ts_counts: only from the text's first run of Chinese */
} tally;

/* Count one character cp of class cc. */
static inline void tally_char(tally *t, uint32_t cp, ts_cclass cc)
{
	int q = cp == '?' || cp == 0xFF1F;
	t->questions += q && !t->in_q;
	t->in_q = q;
	t->brackets |= cc.flags & TS_CF_OPEN;
	switch (cc.kind) {
	case TS_CK_ALNUM:
		t->chars += cc.count;
		t->words += t->state == 0;
		t->state = 1;
		break;
	case TS_CK_CJK:
		t->chars += cc.count;
		t->cjk += cc.count;
		t->state = 0;
		break;
	case TS_CK_MARK:
		break;
	default:
		t->state = (t->state == 1 && (cc.flags & TS_CF_JOINER)) ? 2 : 0;
		break;
	}
}

/* The bits of c - 0x80 for the continuation bytes c of a set, as a word. */
#define CONT_BIT(c) ((uint64_t)1 << ((c) - 0x80))

/* Whether u[0..3) is punctuation of Chinese text that the class table
 * makes punctuation opening nothing and joining nothing, with no letter
 * after NFKC (test_text.c, plain_punct_classes): '，' '！' '：' '；' '？'
 * (EF BC 8C, 81, 9A, 9B, 9F), '、' '。' '《' '》' (E3 80 81, 82, 8A, 8B)
 * and '—' '“' '”' '…' (E2 80 94, 9C, 9D, A6), nearly all that is not an
 * ideograph in Chinese transcripts.  Each ends a word as a space does;
 * '？' alone is a question mark. */
static inline int plain_punct(const unsigned char *u)
{
	uint64_t set;
	if (u[0] == 0xEF && u[1] == 0xBC)
		set = CONT_BIT(0x81) | CONT_BIT(0x8C) | CONT_BIT(0x9A) | CONT_BIT(0x9B) | CONT_BIT(0x9F);
	else if (u[0] == 0xE3 && u[1] == 0x80)
		set = CONT_BIT(0x81) | CONT_BIT(0x82) | CONT_BIT(0x8A) | CONT_BIT(0x8B);
	else if (u[0] == 0xE2 && u[1] == 0x80)
		set = CONT_BIT(0x94) | CONT_BIT(0x9C) | CONT_BIT(0x9D) | CONT_BIT(0xA6);
	else
		return 0;
	return (u[2] & 0xC0) == 0x80 && (set >> (u[2] & 0x3F) & 1);
}

static inline int question_mark(const unsigned char *u)
{
	return u[0] == 0xEF && u[2] == 0x9F;  /* of plain_punct's, '？' */
}

#if defined(__SSE2__)
/* Sixteen bytes at a time, where every x86-64 can (SSE2 is part of its
 * baseline): each test below is a byte-wise comparison of a window of the
 * text whose results are gathered as a 16-bit mask, bit k for byte k. */

/* The m bytes of s (0 < m < 16) in a vector, the bytes past them 0,
 * without reading past them or a call to copy them: a short text, as
 * many lines of speech are. */
static inline __m128i load_short(const unsigned char *s, size_t m)
{
	uint64_t lo, hi = 0;
	if (m >= 8) {
		lo = ts_swar_load(s);
		if (m > 8)  /* the last eight bytes, less those lo holds */
			hi = ts_swar_load(s + m - 8) >> (8 * (16 - m));
	} else if (m >= 4) {
		/* the first four and the last four, the same bytes where they meet */
		uint32_t a, b;
		memcpy(&a, s, 4);
		memcpy(&b, s + m - 4, 4);
		lo = a | (uint64_t)b << (8 * (m - 4));
	} else {
		lo = s[0] | (uint64_t)s[m / 2] << (8 * (m / 2)) | (uint64_t)s[m - 1] << (8 * (m - 1));
	}
	return _mm_set_epi64x((long long)hi, (long long)lo);
}

/* The window of s[i..n) (i < n): *v holds s[i..i+16), or when fewer bytes
 * are left, they are its bytes from the returned shift on (the window
 * that ends at n), a mask to be shifted right by it; a text shorter than
 * sixteen bytes is copied and padded with NUL bytes.  Either way a mask
 * has no bit set past n - i but for a NUL byte. */
static inline unsigned window16(const unsigned char *s, size_t i, size_t n, __m128i *v)
{
	if (n - i >= 16) {
		*v = _mm_loadu_si128((const void *)(s + i));
		return 0;
	}
	if (n >= 16) {
		*v = _mm_loadu_si128((const void *)(s + n - 16));
		return (unsigned)(16 - (n - i));
	}
	*v = load_short(s + i, n - i);
	return 0;
}

/* The bits set in each byte value: x86-64's baseline has no popcount
 * instruction (the builtin calls a library function), and two lookups
 * cost less than counting with shifts and masks. */
#define POP2(k) k, k + 1, k + 1, k + 2
#define POP4(k) POP2(k), POP2(k + 1), POP2(k + 1), POP2(k + 2)
#define POP6(k) POP4(k), POP4(k + 1), POP4(k + 1), POP4(k + 2)
static const unsigned char pop8[256] = {POP6(0), POP6(1), POP6(1), POP6(2)};

/* The bits set in a 16-bit mask. */
static inline unsigned count16(unsigned m)
{
	return (unsigned)pop8[m & 0xFF] + pop8[m >> 8];
}

/* A window of five characters of three bytes (and one byte more): what
 * its bytes are tested against by their place in a character (SLOT 0 its
 * lead byte, 1 and 2 the next).  An ideograph of U+4000..U+9FFF has a
 * lead byte E4..E9 (low, low + span) and two continuation bytes 80..BF,
 * and is a hexagram (U+4DC0..U+4DFF) when it starts E4 B7; the commonest
 * punctuation of Chinese is '，' (EF BC 8C), '。' (E3 80 82) and '？'
 * (EF BC 9F, the third byte apart).  Each pattern in three phases: the
 * window of the last bytes, which ends at the text's end, has its first
 * character at byte 16 - (bytes left), whose place in a character is its
 * phase (phase 0 starts characters at bytes 0, 3, ..., 15). */
#define SLOT(p, a, b, c) ((p) % 3 == 0 ? (a) : (p) % 3 == 1 ? (b) : (c))
#define ROW16(h, a, b, c)                                                                        \
	{SLOT(3 - (h), a, b, c),  SLOT(4 - (h), a, b, c),  SLOT(5 - (h), a, b, c),                   \
	 SLOT(6 - (h), a, b, c),  SLOT(7 - (h), a, b, c),  SLOT(8 - (h), a, b, c),                   \
	 SLOT(9 - (h), a, b, c),  SLOT(10 - (h), a, b, c), SLOT(11 - (h), a, b, c),                  \
	 SLOT(12 - (h), a, b, c), SLOT(13 - (h), a, b, c), SLOT(14 - (h), a, b, c),                  \
	 SLOT(15 - (h), a, b, c), SLOT(16 - (h), a, b, c), SLOT(17 - (h), a, b, c),                  \
	 SLOT(18 - (h), a, b, c)}
#define PATTERN_ROWS(h)                                                                          \
	{ROW16(h, 0xE4, 0x80, 0x80), ROW16(h, 0x05, 0x3F, 0x3F), ROW16(h, 0xE4, 0xB7, 0x00),        \
	 ROW16(h, 0xEF, 0xBC, 0x8C), ROW16(h, 0xE3, 0x80, 0x82), ROW16(h, 0x00, 0x00, 0x9F)}
enum { PAT_LOW, PAT_SPAN, PAT_HEXAGRAM, PAT_COMMA, PAT_PERIOD, PAT_QUESTION, PATTERNS };
_Alignas(16) static const unsigned char slot_pattern[3][PATTERNS][16] = {
        PATTERN_ROWS(0), PATTERN_ROWS(1), PATTERN_ROWS(2)};

static inline __m128i pattern_at(int which, unsigned phase)
{
	return _mm_load_si128((const void *)slot_pattern[phase][which]);
}

/* The bytes of window v (bit k for byte k) that are in place in an
 * ideograph that is not a hexagram, its characters at phase: 0x7FFF for
 * five of them at phase 0. */
static inline unsigned ideo_bytes_at(__m128i v, unsigned phase)
{
	__m128i x = _mm_sub_epi8(v, pattern_at(PAT_LOW, phase));
	__m128i ok = _mm_cmpeq_epi8(_mm_min_epu8(x, pattern_at(PAT_SPAN, phase)), x);
	__m128i hex = _mm_cmpeq_epi8(v, pattern_at(PAT_HEXAGRAM, phase));
	/* a lead byte and the next that match: a hexagram's lead */
	ok = _mm_andnot_si128(_mm_and_si128(hex, _mm_srli_si128(hex, 1)), ok);
	return (unsigned)_mm_movemask_epi8(ok);
}

static inline unsigned ideo_bytes(__m128i v)
{
	return ideo_bytes_at(v, 0);
}

/* The bytes of window v that match pattern `which` at phase. */
static inline unsigned match_bytes_at(__m128i v, int which, unsigned phase)
{
	return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, pattern_at(which, phase)));
}

/* The characters (bits 0, 3, ..., 12) all of whose bytes are set in m. */
static inline unsigned whole_slots(unsigned m)
{
	return m & m >> 1 & m >> 2 & 0x1249u;
}

/* The bits set at 0, 3, ..., 12: summed at bit 12 (no sum carries into
 * the next three bits). */
static inline unsigned count5(unsigned m)
{
	return (m * 0x1249u) >> 12 & 7;
}

/* What cjk_run counts as it goes: the ideographs, the runs of '？' and
 * whether the last character was one. */
typedef struct cjk_carry {
	size_t chars, questions;
	unsigned in_q;
	unsigned stops;  /* the last window's '。' '？' and other characters */
} cjk_carry;

/* Count the characters of window v of text u (m its ideo_bytes_at; the
 * masks of v's bytes shifted right by shift, so that bit k is u[k]): its
 * ideographs and the punctuation plain_punct takes, up to the first other
 * character, among the characters that `slots` says the text holds whole
 * (bits 0, 3, ..., 12).  Returns how many bytes it
 * counted: 15 for a whole window of them.  Inline with constants for a
 * whole window, as most are. */
static inline __attribute__((always_inline)) unsigned
cjk_window_at(__m128i v, unsigned m, const unsigned char *u, cjk_carry *k, unsigned phase,
              unsigned shift, unsigned slots)
{
	unsigned ideos = whole_slots(m);
	/* '，' and '？' have their first two bytes in common */
	unsigned c = match_bytes_at(v, PAT_COMMA, phase) >> shift, efbc = c & c >> 1 & 0x1249u;
	unsigned q = efbc & match_bytes_at(v, PAT_QUESTION, phase) >> shift >> 2;
	unsigned period = whole_slots(match_bytes_at(v, PAT_PERIOD, phase) >> shift);
	unsigned other = (~(ideos | (efbc & c >> 2) | q | period) & slots) | (0x1249u & ~slots);
	/* where a terminal mark may start: '。' '？', and any character but
	 * an ideograph and '，' ('！' and '…' among them) */
	k->stops = q | period;
	if (!other) {  /* ideographs and the commonest marks, as most windows */
		k->chars += count5(ideos);
		k->questions += count5(q & ~(q << 3 | k->in_q));
		k->in_q = q >> 12;
		return 15;
	}
	k->stops |= other;
	for (; other; other &= other - 1) {
		unsigned b = (unsigned)__builtin_ctz(other);
		if (!(slots >> b & 1) || !plain_punct(u + b))
			break;
		q |= (unsigned)question_mark(u + b) << b;
	}
	unsigned len = (unsigned)__builtin_ctz(other | 1u << 15), in = (1u << len) - 1;
	k->chars += count5(ideos & in);
	/* a '？' after one is the same question */
	q &= in;
	k->questions += count5(q & ~(q << 3 | k->in_q));
	if (len)
		k->in_q = q >> (len - 3) & 1;
	return len;
}

/* The last characters of a run, s[i..n) (3 <= n - i < 16): the window
 * that ends at n, its bytes before i shifted out of the masks (the text
 * copied when it is shorter than sixteen bytes), not read one at a time,
 * which cost a mispredicted branch at nearly every line's end (an
 * ideograph, then '。' or '？').  Returns how many bytes it counted. */
static inline unsigned cjk_last(const unsigned char *s, size_t i, size_t n, cjk_carry *k)
{
	static const unsigned char phase_of[16] = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0};
	__m128i v;
	unsigned shift = window16(s, i, n, &v), phase = phase_of[shift];
	/* the characters whole in the text: those that start 3 bytes or more
	 * before its end */
	unsigned slots = 0x1249u & ((1u << (n - i - 2)) - 1);
	return cjk_window_at(v, ideo_bytes_at(v, phase) >> shift, s + i, k, phase, shift, slots);
}

/* Chinese text from s[i], five three-byte characters to a window: the
 * ideographs U+4000..U+9FFF but the hexagrams, one letter each, and the
 * punctuation between them (plain_punct), which ends a word as they do:
 * most of a Chinese transcript, counted without a lookup.  Returns how
 * many bytes it counted, up to the first other character (the caller's). */
static inline __attribute__((always_inline)) size_t cjk_run(const unsigned char *s, size_t i,
                                                            size_t n, tally *t, int marks,
                                                            int padded, unsigned char *dst)
{
	size_t from = i;
	/* with marks, the first window where a terminal mark may start, at
	 * `seen` (its stops, 0 till then), by conditional moves: a branch on
	 * it went wrong about once a line */
	size_t seen_at = i;
	unsigned seen = 0;
	cjk_carry k = {0, 0, (unsigned)t->in_q, 0};
	for (; n - i >= (padded ? 3 : 16); i += 15) {
		/* five ideographs are not told apart first: in text with a comma
		 * every few characters that branch went wrong about every other
		 * window, where nearly every one is ideographs and the commonest
		 * marks (cjk_window_at's first test) */
		__m128i v = _mm_loadu_si128((const void *)(s + i));
		if (dst)  /* (padded) its windows cover it, the bytes past it too */
			_mm_storeu_si128((void *)(dst + i), v);
		/* padded, the last window too, of the characters whole in the text:
		 * those that start 3 bytes or more before its end */
		unsigned slots = !padded || n - i >= 15 ? 0x1249u : 0x1249u & ((1u << (n - i - 2)) - 1);
		unsigned len = cjk_window_at(v, ideo_bytes(v), s + i, &k, 0, 0, slots);
		if (marks) {
			seen_at = seen ? seen_at : i;
			seen = seen ? seen : k.stops;
		}
		if (len < 15) {
			i += len;
			goto counted;
		}
	}
	if (!padded && n - i >= 3) {
		size_t at = i;
		i += cjk_last(s, i, n, &k);
		if (marks) {
			seen_at = seen ? seen_at : at;
			seen = seen ? seen : k.stops;
		}
	}
counted:
	if (marks) {
		size_t first = seen ? seen_at + (unsigned)__builtin_ctz(seen) : i;
		t->unmarked = first < i ? first : i;
	}
	if (i > from) {
		t->chars += k.chars;
		t->cjk += k.chars;
		t->questions += k.questions;
		t->in_q = (int)k.in_q;
		t->state = 0;
	}
	return i - from;
}

/* What ascii_run keeps between windows: whether the byte before is a
 * letter or digit (a), and whether a word goes on after it (w: that, or
 * a joiner after one), with the counts so far. */
typedef struct ascii_carry {
	unsigned a, w;
	size_t chars, words;
} ascii_carry;

/* Count the first len bytes of window v (its bits from shift on), all
 * ASCII and none NUL, in = (1 << len) - 1.  Inline with constants for a
 * whole window, most of English text. */
static inline void ascii_window(__m128i v, unsigned shift, unsigned len, unsigned in,
                                ascii_carry *k, tally *t)
{
	__m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
	unsigned alnum = (unsigned)_mm_movemask_epi8(_mm_or_si128(ts_sse_in(v, '0', '9'),
	                                                          ts_sse_in(lower, 'a', 'z'))) >>
	                 shift & in;
	unsigned joiner = (unsigned)_mm_movemask_epi8(_mm_or_si128(
	                      ts_sse_in(v, ',', '.'), _mm_cmpeq_epi8(v, _mm_set1_epi8('\'')))) >>
	                  shift & in;
	/* the previous byte of each: bit 0 from the window before */
	unsigned joined = joiner & (alnum << 1 | k->a);
	unsigned word = alnum | joined;
	unsigned starts = alnum & ~(word << 1 | k->w);
	k->chars += count16(alnum);
	k->words += count16(starts);
	k->a = alnum >> (len - 1) & 1;
	k->w = word >> (len - 1) & 1;
	/* question marks and opening brackets, a few a line */
	unsigned rare = (unsigned)_mm_movemask_epi8(_mm_or_si128(
	                    _mm_cmpeq_epi8(v, _mm_set1_epi8('?')),
	                    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('(')),
	                                 _mm_cmpeq_epi8(v, _mm_set1_epi8('['))))) >>
	                shift & in;
	if (rare) {
		unsigned q = (unsigned)_mm_movemask_epi8(ts_sse_eq(v, '?')) >> shift & in;
		t->questions += count16(q & ~(q << 1 | (unsigned)t->in_q));
		t->in_q = (q >> (len - 1)) & 1;
		t->brackets |= (rare & ~q) != 0;
	} else {
		t->in_q = 0;
	}
}

/* Counts the ASCII bytes from s[i] (not NUL) up to the first NUL or byte
 * above 0x7F, as the table classes them: a letter or digit is a char and
 * starts a word after anything but a letter or a digit, or a joiner (' , -
 * .) that follows one; '?' runs are questions; '(' and '[' open; every
 * other byte ends a word.  Returns how many. */
static inline size_t ascii_run(const unsigned char *s, size_t i, size_t n, tally *t)
{
	size_t from = i;
	ascii_carry k = {t->state == 1, t->state != 0, 0, 0};
	/* whole windows of ASCII without a NUL, which bytes below 1 as
	 * signed bytes are (and those above 0x7F) */
	for (; n - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const void *)(s + i));
		if (_mm_movemask_epi8(_mm_cmpgt_epi8(_mm_set1_epi8(1), v)))
			break;
		ascii_window(v, 0, 16, 0xFFFF, &k, t);
	}
	/* then the bytes up to the first other one, or the last bytes */
	if (i < n) {
		__m128i v;
		unsigned shift = window16(s, i, n, &v);
		size_t left = n - i;
		unsigned stop = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(_mm_set1_epi8(1), v)) >> shift;
		unsigned len = (unsigned)__builtin_ctz(stop | 1u << (left < 16 ? left : 16));
		if (len) {
			ascii_window(v, shift, len, (1u << len) - 1, &k, t);
			i += len;
		}
	}
	t->chars += k.chars;
	t->words += k.words;
	t->state = k.a ? 1 : k.w ? 2 : 0;
	return i - from;
}

#else

/* Elsewhere, a byte or eight at a time.  Runs of U+4000..U+9FFF (lead
 * bytes E4..E9) but the hexagrams U+4DC0..U+4DFF (E4 B7 xx): all CJK
 * ideographs, one letter each, and most of a Chinese transcript, so no
 * table lookup. */
static inline size_t cjk_run(const unsigned char *s, size_t i, size_t n, tally *t, int marks,
                             int padded, unsigned char *dst)
{
	(void)padded;
	size_t from = i;
	while (i + 2 < n) {
		unsigned a = s[i], b = s[i + 1], d = s[i + 2];
		/* both b and d 10xxxxxx: bit 7 set in both, bit 6 in neither */
		if (a - 0xE4u > 5u || (((b & d) & 0x80) | ((b | d) & 0x40)) != 0x80 ||
		    (a == 0xE4 && b == 0xB7))
			break;
		i += 3;
	}
	if (i > from) {
		t->chars += (i - from) / 3;
		t->cjk += (i - from) / 3;
		t->state = t->in_q = 0;
	}
	if (marks)  /* ideographs alone: no mark among them */
		t->unmarked = i;
	if (dst)
		memcpy(dst + from, s + from, i - from);
	return i - from;
}

/* Counts a run of ASCII letters, digits and spaces eight bytes at a time
 * from *i, as count_loop() would one by one (a letter or digit is a char
 * and starts a word when state is 0; a space ends one); stops at a word
 * of other bytes.  Returns where the bytes are to be looked at one by one
 * up to: the end of that word, or n.  Little-endian only (the previous
 * byte is the lower one); elsewhere everything is one by one. */
static inline size_t ascii_words8(const unsigned char *s, size_t *i, size_t n, tally *t)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (; *i + 8 <= n; *i += 8) {
		uint64_t w;
		memcpy(&w, s + *i, 8);
		if (w & HIGHS)
			return *i + 8;
		/* bit 7 of each byte: whether it is a digit, a letter, a
		 * space; the bytes are below 0x80, so no subtraction borrows
		 * from the next byte */
		uint64_t hw = w | HIGHS, lw = hw | ONES * 0x20, v = w ^ ONES * ' ';
		uint64_t alnum = (((hw - ONES * '0') & ~(hw - ONES * ('9' + 1))) |
		                  ((lw - ONES * 'a') & ~(lw - ONES * ('z' + 1)))) & HIGHS;
		uint64_t space = ~(((v & ~HIGHS) + ~HIGHS) | v) & HIGHS;
		if ((alnum | space) != HIGHS)
			return *i + 8;
		uint64_t starts = alnum & ~(alnum << 8 | (t->state ? 0x80u : 0));
		t->chars += ts_swar_count(alnum);
		t->words += ts_swar_count(starts);
		t->state = (int)(alnum >> 63);
	}
#else
	(void)s, (void)i, (void)t;
#endif
	return n;
}

/* Runs of ASCII letters, digits and spaces, most of a transcript written
 * with spaces: the table classes each letter and digit a letter of a word
 * (one, opening nothing) and a space a blank, which ends a word; none is
 * a question mark.  Returns how many bytes from s[i] it counted (the other
 * bytes are the caller's). */
static inline size_t ascii_run(const unsigned char *s, size_t i, size_t n, tally *t)
{
	size_t from = i;
	for (;;) {
		size_t stop = ascii_words8(s, &i, n, t);
		for (; i < stop; i++) {
			unsigned a = s[i];
			if (ts_ascii_alnum((int)a)) {
				t->chars++;
				t->words += t->state == 0;
				t->state = 1;
			} else if (a == ' ')
				t->state = 0;
			else
				break;
		}
		if (i >= n || i < stop)
			break;
	}
	if (i > from)
		t->in_q = 0;
	return i - from;
}
#endif

/* The counting loop, shared by ts_count and ts_scan: runs of CJK text and
 * of ASCII, most of a transcript, many bytes at a time; any other
 * character by its class. */
static inline __attribute__((always_inline)) int count_loop(const ts_textclass *tc,
                                                            const unsigned char *s, size_t i,
                                                            size_t n, tally t, ts_counts *c,
                                                            size_t *bad, int validate)
{
	while (i < n) {
		uint32_t cp;
		size_t k;
		unsigned b0 = s[i];
		if (b0 < 0x80) {
			if (b0 && (k = ascii_run(s, i, n, &t)) > 0) {
				i += k;
				continue;
			}
			if (!b0 && validate) {
				*bad = i;
				return -1;
			}
			cp = b0;
			k = 1;
		} else if ((b0 - 0xE4u <= 5u || (n - i >= 3 && plain_punct(s + i))) &&
		           (k = cjk_run(s, i, n, &t, 0, 0, NULL)) > 0) {
			/* a run of Chinese, but not each kana's window read in vain */
			i += k;
			continue;
		} else if (b0 > 0xE0 && b0 < 0xF0 && b0 != 0xED && i + 2 < n &&
		           (!validate || ((s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80))) {
			/* three-byte sequences whose lead byte has no overlong or
			 * surrogate forms to rule out */
			cp = ((b0 & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
			k = 3;
		} else {
			k = ts_utf8_decode(s + i, n - i, &cp);
			if (!k) {
				if (validate) {
					*bad = i;
					return -1;
				}
				i++;
				t.state = 0;
				continue;
			}
		}
		i += k;
		tally_char(&t, cp, cp < 0x10000 ? ts_classify_bmp(tc, cp) : classify_slow(cp));
	}
	c->chars = t.chars;
	c->words = t.words;
	c->cjk = t.cjk;
	c->questions = t.questions;
	c->brackets = t.brackets != 0;
	c->unmarked = t.unmarked <= UINT32_MAX ? (unsigned)t.unmarked : 0;
	return 0;
}

/* The loop from s[i] on, the counts so far in t, out of line: after a
 * run of Chinese that cjk_run did not take to the end. */
__attribute__((noinline)) static int scan_from(const ts_textclass *tc, const unsigned char *s,
                                               size_t i, size_t n, const tally *t, ts_counts *c,
                                               size_t *bad)
{
	return count_loop(tc, s, i, n, *t, c, bad, 1);
}

__attribute__((noinline)) static void count_from(const ts_textclass *tc, const unsigned char *s,
                                                 size_t i, size_t n, const tally *t, ts_counts *c)
{
	count_loop(tc, s, i, n, *t, c, NULL, 0);
}

/* Most lines of Chinese are ideographs and their punctuation alone, all
 * counted by cjk_run with no more; the loop, whose registers cost their
 * saving at every call, takes the rest from where it stopped.  padded:
 * sixteen bytes past s[n] may be read, and with dst, s is copied to it
 * (ts_scan_copy). */
static inline __attribute__((always_inline)) int count_text(const ts_textclass *tc,
                                                            const unsigned char *s, size_t n,
                                                            ts_counts *c, size_t *bad,
                                                            int validate, int padded,
                                                            unsigned char *dst)
{
	tally t = {0, 0, 0, 0, 0, 0, 0, 0};
	if (n && s[0] - 0xE1u <= 0xEu) {
		size_t i = cjk_run(s, 0, n, &t, 1, padded, dst);
		if (i == n) {
			*c = (ts_counts){t.chars, 0, t.cjk, t.questions, 0,
			                 t.unmarked <= UINT32_MAX ? (unsigned)t.unmarked : 0};
			return 0;
		}
		if (dst)
			memcpy(dst + i, s + i, n - i);
		if (!validate) {
			count_from(tc, s, i, n, &t, c);
			return 0;
		}
		return scan_from(tc, s, i, n, &t, c, bad);
	}
	if (dst)
		memcpy(dst, s, n);
	return count_loop(tc, s, 0, n, t, c, bad, validate);
}

void ts_count(const ts_textclass *tc, const char *s, size_t n, ts_counts *c)
{
	count_text(tc, (const unsigned char *)s, n, c, NULL, 0, 0, NULL);
}

int ts_scan(const ts_textclass *tc, const char *s, size_t n, ts_counts *c, size_t *bad)
{
	return count_text(tc, (const unsigned char *)s, n, c, bad, 1, 0, NULL);
}

/* At the start of a 64-byte block, as the processor fetches code: where
 * its loops (the windows of Chinese, the runs of ASCII, a line of each
 * turn) fell in those blocks moved with every edit of the code before it
 * in the library, and the reading of a transcript with them, by up to 6%
 * either way without the profile (tried in the summary's reading alone). */
__attribute__((aligned(64))) int ts_scan_copy(const ts_textclass *tc, const char *s, size_t n,
                                              char *dst, ts_counts *c, size_t *bad)
{
	/* the windows of s read whole, the last one too, each stored as it
	 * was read: no window16 put together from the bytes of a line's end,
	 * nor a copy read back across the seams of memcpy's stores */
	return count_text(tc, (const unsigned char *)s, n, c, bad, 1, 1, (unsigned char *)dst);
}

size_t ts_skip_blanks_slow(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = ts_utf8_decode(s + i, n - i, &cp);
		if (!k || !ts_is_blank(cp))
			break;
		i += k;
	}
	return i;
}

size_t ts_trim_end_slow(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	/* CJK punctuation, but U+3000 (E3 80 80) */
	if (n >= 3 && s[n - 3] == 0xE3 && !(s[n - 2] == 0x80 && s[n - 1] == 0x80))
		return n;
	/* full-width forms, but U+FEFF (EF BB BF) */
	if (n >= 3 && s[n - 3] == 0xEF && s[n - 2] != 0xBB)
		return n;
	while (n) {
		size_t start = n - 1;
		while (start > 0 && (s[start] & 0xC0) == 0x80 && n - start < 4)
			start--;
		/* set whenever k is the length; 0 only for gcc, which cannot
		 * see that at -O2 with a profile (maybe-uninitialized) */
		uint32_t cp = 0;
		size_t k = ts_utf8_decode(s + start, n - start, &cp);
		if (k != n - start || !ts_is_blank(cp))
			break;
		n = start;
	}
	return n;
}

static char *map(const char *s, size_t n, utf8proc_option_t opts)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out,
	                                  opts);
	if (r < 0)
		return NULL;
	return (char *)out;
}

/* Whether s[0..n) is its own NFKC by its bytes: printable ASCII and the
 * CJK unified ideographs U+4E00..U+9FFF (E4 B8 80 to E9 BF BF), none of
 * which decomposes or composes with a neighbour (test_text.c,
 * nfkc_of_plain_text): most labels ("ＣＬＢ" aside), each new one in a
 * file made an id through utf8proc_map, some 3,500 instructions. */
static int nfkc_self(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		if (c - 0x20u < 0x5Fu) {
			i++;
		} else if (c - 0xE4u <= 5u && n - i >= 3 && (c > 0xE4 || s[i + 1] >= 0xB8) &&
		           (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
			i += 3;
		} else {
			return 0;
		}
	}
	return 1;
}

char *ts_nfkc(const char *s, size_t n)
{
	if (nfkc_self((const unsigned char *)s, n)) {
		char *out = malloc(n + 1);
		if (out) {
			memcpy(out, s, n);
			out[n] = '\0';
		}
		return out;
	}
	return map(s, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
}

char *ts_nfkc_casefold(const char *s, size_t n)
{
	/* ASCII is its own NFKC and folds by case alone (A-Z to a-z, as
	 * utf8proc's table has it): most English text never needs the full
	 * mapping, which cost some 3,000 instructions a turn. */
	size_t i = 0;
	while (i < n && !((unsigned char)s[i] & 0x80))
		i++;
	if (i < n)
		return map(s, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	for (i = 0; i < n; i++)
		out[i] = (char)ts_ascii_lower((unsigned char)s[i]);
	out[n] = '\0';
	return out;
}
