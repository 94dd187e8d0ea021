/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Traditional Chinese characters folded to simplified ones for phrase
 * matching, so that a simplified lexicon finds 正在調查 as 正在调查. */
#ifndef TS_HANT_H
#define TS_HANT_H

#include <stdint.h>

/* The simplified character a traditional one stands for, from a small
 * table of the characters of cue words (hant.c says which); any other code
 * point unchanged. */
uint32_t ts_hant_fold(uint32_t cp);

#endif
