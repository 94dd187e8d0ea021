/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* What a piece of text looks like, whatever its place: mojibake and
 * timecodes. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "base/text.h"
#include "check/check.h"

/* The byte that windows-1252 decodes to cp, or -1: UTF-8 read as Latin-1
 * (or 1252) turns each byte into one character, "é" (C3 A9) into "Ã©". */
static int cp1252_byte(uint32_t cp)
{
	static const uint16_t high[32] = {
		0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
		0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
		0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
		0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};
	if (cp >= 0x80 && cp < 0x100)
		return (int)cp;
	for (int i = 0; i < 32; i++)
		if (high[i] && high[i] == cp)
			return 0x80 + i;
	return -1;
}

/* Characters whose bytes, read back as Latin-1, make a whole multi-byte
 * UTF-8 sequence, starting at s[i]. */
static int latin1_mojibake(const char *s, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;
	size_t k = ts_utf8_decode(u + i, n - i, &cp);
	if (!k || cp < 0xC2 || cp > 0xF4)
		return 0;
	size_t need = cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4;
	char bytes[4] = {(char)cp};
	size_t j = i + k;
	for (size_t b = 1; b < need; b++) {
		size_t m = j < n ? ts_utf8_decode(u + j, n - j, &cp) : 0;
		int byte = m ? cp1252_byte(cp) : -1;
		if (byte < 0x80 || byte > 0xBF)
			return 0;
		bytes[b] = (char)byte;
		j += m;
	}
	size_t bad;
	return !ts_utf8_check(bytes, need, &bad);
}

/* Characters that UTF-8 Chinese read as GBK is made of: "，" (EF BC 8C)
 * becomes "锛", "。" (E3 80 82) "銆", "的" "鐨", "是" "鏄"; rare in
 * Chinese as written.  "锟斤拷" is U+FFFD's bytes in GBK. */
static const char *const gbk_tells[] = {"锛", "銆", "鈥", "鐨", "鏄", "涓", "浠", "鍦",
                                        "鎴", "璇", "锟斤拷"};

/* Two tell-tales in a line: one may be a rare character used rightly. */
static int gbk_mojibake(const char *s, size_t n, size_t *at)
{
	size_t hits = 0, first = n;
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)s[i] < 0xE0)
			continue;
		for (size_t t = 0; t < sizeof gbk_tells / sizeof *gbk_tells; t++)
			if (ts_starts(s + i, n - i, gbk_tells[t])) {
				if (!hits++)
					first = i;
				break;
			}
	}
	*at = first;
	return hits >= 2;
}

int ts_mojibake_find(const char *s, size_t n, size_t *at)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] == 0xC3 && latin1_mojibake(s, n, i)) {
			*at = i;
			return 1;
		}
	return gbk_mojibake(s, n, at);
}

static size_t digits_at(const char *s, size_t n, size_t i)
{
	size_t j = i;
	while (j < n && ts_ascii_digit(s[j]))
		j++;
	return j - i;
}

/* "H:MM:SS" or "HH:MM:SS", with ".mmm" or ",mmm" after it: [a, *end). */
static int hms_at(const char *s, size_t n, size_t a, size_t *end)
{
	size_t d = digits_at(s, n, a), i = a + d;
	if (d < 1 || d > 2)
		return 0;
	for (int k = 0; k < 2; k++) {
		if (i >= n || s[i] != ':' || digits_at(s, n, i + 1) != 2)
			return 0;
		i += 3;
	}
	if (i + 1 < n && (s[i] == '.' || s[i] == ',') && digits_at(s, n, i + 1) >= 1)
		i += 1 + digits_at(s, n, i + 1);
	if (i < n && (ts_ascii_digit(s[i]) || s[i] == ':'))
		return 0;
	*end = i;
	return 1;
}

/* "[12:03]" or "(12:03)": minutes and seconds in brackets ("10:30" alone
 * is a time of day in speech). */
static int bracketed_ms_at(const char *s, size_t n, size_t a, size_t *end)
{
	char close = s[a] == '[' ? ']' : ')';
	size_t d = digits_at(s, n, a + 1), i = a + 1 + d;
	if (d < 1 || d > 2 || i >= n || s[i] != ':' || digits_at(s, n, i + 1) != 2)
		return 0;
	i += 3;
	if (i >= n || s[i] != close)
		return 0;
	*end = i + 1;
	return 1;
}

int ts_timecode_find(const char *s, size_t n, size_t from, size_t *start, size_t *end)
{
	for (size_t i = from; i < n; i++) {
		if ((s[i] == '[' || s[i] == '(') && bracketed_ms_at(s, n, i, end)) {
			*start = i;
			return 1;
		}
		if (!ts_ascii_digit(s[i]) || (i > 0 && (ts_ascii_digit(s[i - 1]) || s[i - 1] == ':')))
			continue;
		if (hms_at(s, n, i, end)) {
			*start = i;
			/* the brackets around it are part of it: "[00:12:03]" */
			if (i > from && (s[i - 1] == '[' || s[i - 1] == '(') && *end < n &&
			    s[*end] == (s[i - 1] == '[' ? ']' : ')')) {
				(*start)--;
				(*end)++;
			}
			return 1;
		}
	}
	return 0;
}
