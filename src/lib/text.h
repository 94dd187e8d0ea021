/* Unicode text: UTF-8 decoding and validation, character classes after
 * NFKC, length units (chars, words), normal forms for labels. */
#ifndef TS_TEXT_H
#define TS_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Character kinds, after compatibility decomposition. */
enum {
	TS_CK_OTHER = 0, /* controls, unassigned */
	TS_CK_SPACE,     /* blanks: Zs, tab, U+3000, U+00A0 ... */
	TS_CK_PUNCT,     /* punctuation and symbols */
	TS_CK_ALNUM,     /* letters and digits of scripts written with spaces */
	TS_CK_CJK,       /* Han ideographs, kana, bopomofo */
	TS_CK_MARK       /* combining marks */
};

/* Flags beside the kind. */
enum {
	TS_CF_WIDE = 1,   /* East Asian wide: joining a wrapped line adds no space */
	TS_CF_JOINER = 2  /* ' ’ - . , inside a word keep it one word */
};

typedef struct ts_cclass {
	uint8_t kind;
	uint8_t flags;
	uint8_t count;    /* letters and digits in its NFKC form */
} ts_cclass;

/* A lookup table for the Basic Multilingual Plane; other planes are
 * classified on demand. */
typedef struct ts_textclass ts_textclass;

ts_textclass *ts_textclass_new(void);
void ts_textclass_free(ts_textclass *tc);
ts_cclass ts_classify(const ts_textclass *tc, uint32_t cp);

/* Decode one UTF-8 sequence of s[0..n).  Returns its length (1-4) and sets
 * *cp, or 0 when the bytes are not valid UTF-8 (overlong forms, surrogates
 * and values above U+10FFFF included). */
size_t ts_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* 0 when s[0..n) is valid UTF-8 without NUL bytes, else -1 and *bad is the
 * offset of the first offending byte. */
int ts_utf8_check(const char *s, size_t n, size_t *bad);

/* Number of characters (code points) in valid UTF-8 s[0..n). */
size_t ts_utf8_len(const char *s, size_t n);

/* Counts of a text in the length units. */
typedef struct ts_counts {
	size_t chars;     /* letters, ideographs and digits */
	size_t words;     /* runs of letters/digits outside CJK scripts */
	size_t cjk;       /* CJK characters among chars */
} ts_counts;

void ts_count(const ts_textclass *tc, const char *s, size_t n, ts_counts *c);

/* Blank code points that may precede a label or pad a line. */
int ts_is_blank(uint32_t cp);

/* Length of the blanks at the start of s[0..n) in bytes. */
size_t ts_skip_blanks(const char *s, size_t n);

/* Length of s[0..n) without trailing blanks, in bytes. */
size_t ts_trim_end(const char *s, size_t n);

/* NFKC of s[0..n) as a malloc'd NUL-terminated string, or NULL. */
char *ts_nfkc(const char *s, size_t n);

/* NFKC and case folding, as a malloc'd string, or NULL. */
char *ts_nfkc_casefold(const char *s, size_t n);

#endif
