/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Stage directions: "——电话被挂断——", "(Laughs.)", "[inaudible]". */
#ifndef TS_STAGEDIR_H
#define TS_STAGEDIR_H

#include <stddef.h>

#include "base/lang.h"
#include "base/text.h"
#include "talkstat.h"

/* ts_stage_whole_line of a line that starts with a dash or an opening
 * bracket. */
int ts_stage_whole_line_slow(const char *s, size_t n, size_t *inner, size_t *inner_len);

/* If the (trimmed) line is wholly a stage direction, return 1 and the
 * span of its inner text.  Inline: every line is asked, and nearly all
 * leave at the first test. */
static inline int ts_stage_whole_line(const char *s, size_t n, size_t *inner, size_t *inner_len)
{
	/* a dash or an opening bracket: - ( [ — （ 【 〔 */
	unsigned c0 = n ? (unsigned char)s[0] : 0;
	if (c0 != '-' && c0 != '(' && c0 != '[' && !ts_starts(s, n, "—") && !ts_starts(s, n, "（") &&
	    !ts_starts(s, n, "【") && !ts_starts(s, n, "〔"))
		return 0;
	return ts_stage_whole_line_slow(s, n, inner, inner_len);
}

/* The kind of a direction from keywords in its text, the keywords of
 * every loaded language (a direction is read before the language of its
 * turn is known), inside words and without case; the first kind (in
 * ts_event_kind order) with a match wins; TS_EVENT_NOTE when none
 * matches. */
ts_event_kind ts_stage_kind(const ts_langs *ls, const char *s, size_t n);

/* Whether a whole-line direction of this kind ends the current turn (the
 * lines after it are narration).  Laughter or a pause does not. */
int ts_stage_ends_turn(ts_event_kind kind);

/* Find the next inline direction in s[from..n): a bracketed span whose
 * text names a known kind.  Returns 1 with [*start, *end) the whole span
 * and [*inner, *inner + *inner_len) its text. */
int ts_stage_inline(const ts_langs *ls, const char *s, size_t n, size_t from, size_t *start,
                    size_t *end, size_t *inner, size_t *inner_len, ts_event_kind *kind);

/* Whether a line is a page-break artefact: "- 3 -", "第 3 页", "Page 3 of 9". */
int ts_page_artefact(const char *s, size_t n);

#endif
