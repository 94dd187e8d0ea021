/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "analyse/lexicon.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/caseless.h"
#include "base/diag.h"
#include "base/jsondoc.h"
#include "base/text.h"

void ts_lexicon_init(ts_lexicon *lx, const ts_langs *langs)
{
	memset(lx, 0, sizeof *lx);
	lx->langs = langs;
}

static void entry_free(ts_lexentry *e)
{
	free(e->phrase);
	free(e->pieces);
}

void ts_lexicon_free(ts_lexicon *lx)
{
	for (size_t i = 0; i < lx->n; i++)
		entry_free(&lx->entries[i]);
	free(lx->entries);
	for (size_t i = 0; i < lx->nfiles; i++)
		free(lx->files[i]);
	free(lx->files);
	for (int l = 0; l < TS_LANG_MAX; l++) {
		for (size_t i = 0; i < lx->norg[l]; i++)
			free(lx->org[l][i]);
		free(lx->org[l]);
		for (size_t i = 0; i < lx->nlead[l]; i++)
			free(lx->lead[l][i]);
		free(lx->lead[l]);
	}
	ts_lexicon_init(lx, lx->langs);
}

const char *ts_lexentry_piece(const ts_lexentry *e, size_t i)
{
	const char *p = e->pieces;
	while (i--)
		p += strlen(p) + 1;
	return p;
}

/* Where a file stands before it is added, to undo a failed one. */
typedef struct mark {
	size_t n, nfiles, norg[TS_LANG_MAX], nlead[TS_LANG_MAX];
} mark;

static void rollback(ts_lexicon *lx, const mark *m)
{
	while (lx->n > m->n)
		entry_free(&lx->entries[--lx->n]);
	while (lx->nfiles > m->nfiles)
		free(lx->files[--lx->nfiles]);
	for (int l = 0; l < TS_LANG_MAX; l++) {
		while (lx->norg[l] > m->norg[l])
			free(lx->org[l][--lx->norg[l]]);
		while (lx->nlead[l] > m->nlead[l])
			free(lx->lead[l][--lx->nlead[l]]);
	}
}

static const char *unknown_key(const cJSON *obj, const char *const *known)
{
	const cJSON *k = ts_json_unknown_key(obj, known);
	return k ? (k->string ? k->string : "") : NULL;
}

static const char *duplicate_key(const cJSON *obj)
{
	const cJSON *k = ts_json_duplicate_key(obj);
	return k ? k->string : NULL;
}

#define ELLIPSIS "\xE2\x80\xA6"  /* U+2026 */
#define TARGET "{target}"

/* Split a phrase into its pieces; sets e->pieces, e->npieces, e->target.
 * Returns 0, TS_ENOMEM, or 1 with a message in why. */
static int split_phrase(ts_lexentry *e, char *why, size_t whysz)
{
	const char *p = e->phrase;
	size_t len = strlen(p);
	if (len >= strlen(TARGET) && !strcmp(p + len - strlen(TARGET), TARGET)) {
		e->target = 1;
		len -= strlen(TARGET);
	}
	for (size_t i = 0; i < len; i++)
		if (p[i] == '{' || p[i] == '}') {
			snprintf(why, whysz, "'{' or '}' other than a final {target} in phrase '%s'",
			         e->phrase);
			return 1;
		}
	e->pieces = malloc(len + 1);
	if (!e->pieces)
		return TS_ENOMEM;
	size_t o = 0, i = 0;
	e->npieces = 0;
	for (;;) {
		/* A piece runs to the next '…'; "……", the Chinese ellipsis, is one
		 * separator. */
		const char *sep = NULL;
		for (size_t j = i; j + 3 <= len; j++)
			if (!memcmp(p + j, ELLIPSIS, 3)) {
				sep = p + j;
				break;
			}
		size_t end = sep ? (size_t)(sep - p) : len;
		size_t a = i + ts_skip_blanks(p + i, end - i);
		size_t b = i + ts_trim_end(p + i, end - i);
		if (a >= b) {
			if (!sep && !e->npieces && !e->target)
				snprintf(why, whysz, "empty phrase");
			else if (!sep && !e->npieces)
				snprintf(why, whysz, "no text before {target} in phrase '%s'", e->phrase);
			else
				snprintf(why, whysz, "empty piece in phrase '%s'", e->phrase);
			return 1;
		}
		if (++e->npieces > TS_LEX_MAX_PIECES) {
			snprintf(why, whysz, "more than %d pieces in phrase '%s'", TS_LEX_MAX_PIECES,
			         e->phrase);
			return 1;
		}
		memcpy(e->pieces + o, p + a, b - a);
		o += b - a;
		e->pieces[o++] = '\0';
		if (!sep)
			break;
		i = end;
		while (i + 3 <= len && !memcmp(p + i, ELLIPSIS, 3))
			i += 3;
	}
	return 0;
}

static const char *const file_keys[] = {"language", "description", "org_words", "lead_words",
                                        "entries", NULL};
static const char *const entry_keys[] = {"phrase", "category", "max_gap", "source", "note",
                                         "declines", NULL};

/* Validate one entry object and append it.  Returns 0, TS_ENOMEM, or 1 with
 * a message in why. */
static int add_entry(ts_lexicon *lx, const cJSON *o, int language, char *why, size_t whysz)
{
	const char *k;
	if (!cJSON_IsObject(o)) {
		snprintf(why, whysz, "not an object");
		return 1;
	}
	if ((k = unknown_key(o, entry_keys))) {
		snprintf(why, whysz, "unknown key '%s'", k);
		return 1;
	}
	if ((k = duplicate_key(o))) {
		snprintf(why, whysz, "duplicate key '%s'", k);
		return 1;
	}
	const cJSON *phrase = cJSON_GetObjectItemCaseSensitive(o, "phrase");
	const cJSON *cat = cJSON_GetObjectItemCaseSensitive(o, "category");
	const cJSON *gap = cJSON_GetObjectItemCaseSensitive(o, "max_gap");
	if (!phrase) {
		snprintf(why, whysz, "missing 'phrase'");
		return 1;
	}
	if (!ts_json_valid_string(phrase)) {
		snprintf(why, whysz, "'phrase' is not a string");
		return 1;
	}
	if (strlen(phrase->valuestring) > TS_LEX_MAX_PHRASE) {
		snprintf(why, whysz, "phrase longer than %d bytes", TS_LEX_MAX_PHRASE);
		return 1;
	}
	if (!cat) {
		snprintf(why, whysz, "missing 'category'");
		return 1;
	}
	if (!ts_json_valid_string(cat)) {
		snprintf(why, whysz, "'category' is not a string");
		return 1;
	}
	int category = -1;
	for (int c = 0; c <= TS_CAT_NONE; c++)
		if (!strcmp(cat->valuestring, ts_category_names[c]))
			category = c;
	if (category < 0) {
		snprintf(why, whysz, "unknown category '%.100s'", cat->valuestring);
		return 1;
	}
	/* "declines" marks the formulas that withhold (请向主管部门询问, 适时发布,
	 * 我已经表明了立场) among referrals and deferrals, which otherwise may
	 * give the caller a channel or a process (你得问一下组织部). */
	const cJSON *declines = cJSON_GetObjectItemCaseSensitive(o, "declines");
	if (declines && !cJSON_IsBool(declines)) {
		snprintf(why, whysz, "'declines' is not true or false");
		return 1;
	}
	if (declines && cJSON_IsTrue(declines) && category != TS_CAT_REFERRAL &&
	    category != TS_CAT_DEFERRAL) {
		snprintf(why, whysz, "'declines' on a %s entry: only referral and deferral entries decline",
		         ts_category_names[category]);
		return 1;
	}
	for (const char *const *key = entry_keys + 3; *key && strcmp(*key, "declines"); key++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, *key);
		if (v && !ts_json_valid_string(v)) {
			snprintf(why, whysz, "'%s' is not a string", *key);
			return 1;
		}
	}
	int max_gap = TS_LEX_DEFAULT_GAP;
	if (gap) {
		double d = cJSON_IsNumber(gap) ? gap->valuedouble : -1;
		if (!(d >= 0 && d <= TS_LEX_MAX_GAP && d == floor(d))) {
			if (cJSON_IsNumber(gap) && isfinite(d))
				snprintf(why, whysz, "'max_gap' must be an integer from 0 to %d: %g",
				         TS_LEX_MAX_GAP, gap->valuedouble);
			else if (cJSON_IsNumber(gap))  /* 1e400: past what a double holds */
				snprintf(why, whysz, "'max_gap' must be an integer from 0 to %d: a number "
				         "too large", TS_LEX_MAX_GAP);
			else
				snprintf(why, whysz, "'max_gap' must be an integer from 0 to %d",
				         TS_LEX_MAX_GAP);
			return 1;
		}
		max_gap = (int)d;
	}
	if (TS_GROW(lx->entries, lx->cap, lx->n + 1))
		return TS_ENOMEM;
	ts_lexentry *e = &lx->entries[lx->n];
	memset(e, 0, sizeof *e);
	e->phrase = strdup(phrase->valuestring);
	if (!e->phrase)
		return TS_ENOMEM;
	int rc = split_phrase(e, why, whysz);
	if (!rc && e->target && e->npieces > 1) {
		snprintf(why, whysz, "{target} and '…' in one phrase '%s'", e->phrase);
		rc = 1;
	}
	if (!rc && gap && e->npieces < 2) {
		/* "得...研究" typed with full stops is a literal phrase that never
		 * occurs: say so instead of ignoring the gap. */
		snprintf(why, whysz, "'max_gap' but no '…' in phrase '%s'", e->phrase);
		rc = 1;
	}
	if (rc) {
		entry_free(e);
		return rc;
	}
	e->category = (ts_category)category;
	e->language = language;
	e->max_gap = max_gap;
	e->declines = declines && cJSON_IsTrue(declines);
	e->file = lx->nfiles - 1;
	lx->n++;
	return 0;
}

/* A list of words (org_words, lead_words) into list[0..*n). */
static int add_words(char ***list, size_t *n, size_t *cap, const cJSON *words, const char *key,
                     char *why, size_t whysz)
{
	if (!cJSON_IsArray(words)) {
		snprintf(why, whysz, "'%s' is not an array", key);
		return 1;
	}
	size_t i = 0;
	for (const cJSON *w = words->child; w; w = w->next) {
		i++;
		if (!ts_json_valid_string(w)) {
			snprintf(why, whysz, "%s: word %zu is not a string", key, i);
			return 1;
		}
		const char *s = w->valuestring;
		size_t len = strlen(s);
		if (ts_skip_blanks(s, len) >= len) {
			snprintf(why, whysz, "%s: word %zu is empty", key, i);
			return 1;
		}
		if (len > TS_LEX_MAX_PHRASE) {
			snprintf(why, whysz, "%s: word %zu is longer than %d bytes", key, i,
			         TS_LEX_MAX_PHRASE);
			return 1;
		}
		if (TS_GROW(*list, *cap, *n + 1))
			return TS_ENOMEM;
		char *copy = strdup(s);
		if (!copy)
			return TS_ENOMEM;
		(*list)[(*n)++] = copy;
	}
	return 0;
}

/* Validate the parsed document and add it.  Returns 0, TS_ENOMEM or
 * TS_EDATA (err set). */
static int add_document(ts_lexicon *lx, const char *name, const cJSON *doc, ts_error *err)
{
	char why[400];
	const char *k;
	if (!cJSON_IsObject(doc))
		return ts_fail(err, TS_EDATA, name, 0, 0, "not a JSON object");
	if ((k = unknown_key(doc, file_keys)))
		return ts_fail(err, TS_EDATA, name, 0, 0, "unknown key '%.100s'", k);
	if ((k = duplicate_key(doc)))
		return ts_fail(err, TS_EDATA, name, 0, 0, "duplicate key '%.100s'", k);
	const cJSON *lang = cJSON_GetObjectItemCaseSensitive(doc, "language");
	const cJSON *desc = cJSON_GetObjectItemCaseSensitive(doc, "description");
	const cJSON *org = cJSON_GetObjectItemCaseSensitive(doc, "org_words");
	const cJSON *lead = cJSON_GetObjectItemCaseSensitive(doc, "lead_words");
	const cJSON *entries = cJSON_GetObjectItemCaseSensitive(doc, "entries");
	if (!lang)
		return ts_fail(err, TS_EDATA, name, 0, 0, "missing 'language'");
	if (!ts_json_valid_string(lang))
		return ts_fail(err, TS_EDATA, name, 0, 0, "'language' is not a string");
	int language = ts_langs_find(lx->langs, lang->valuestring);
	if (language < 0) {
		char names[200];
		ts_langs_names(lx->langs, names, sizeof names);
		return ts_fail(err, TS_EDATA, name, 0, 0, "unknown language '%.100s' (%s)",
		               lang->valuestring, names);
	}
	if (desc && !ts_json_valid_string(desc))
		return ts_fail(err, TS_EDATA, name, 0, 0, "'description' is not a string");
	if (!entries)
		return ts_fail(err, TS_EDATA, name, 0, 0, "missing 'entries'");
	if (!cJSON_IsArray(entries))
		return ts_fail(err, TS_EDATA, name, 0, 0, "'entries' is not an array");
	if (!entries->child)
		return ts_fail(err, TS_EDATA, name, 0, 0, "'entries' is empty");
	char *fname = strdup(name);
	if (!fname || TS_GROW(lx->files, lx->files_cap, lx->nfiles + 1)) {
		free(fname);
		return ts_nomem(err);
	}
	lx->files[lx->nfiles++] = fname;
	int rc;
	if (org && (rc = add_words(&lx->org[language], &lx->norg[language], &lx->org_cap[language],
	                           org, "org_words", why, sizeof why)))
		return rc == 1 ? ts_fail(err, TS_EDATA, name, 0, 0, "%s", why) : ts_nomem(err);
	if (lead && (rc = add_words(&lx->lead[language], &lx->nlead[language],
	                            &lx->lead_cap[language], lead, "lead_words", why, sizeof why)))
		return rc == 1 ? ts_fail(err, TS_EDATA, name, 0, 0, "%s", why) : ts_nomem(err);
	size_t i = 0;
	for (const cJSON *e = entries->child; e; e = e->next) {
		i++;
		if ((rc = add_entry(lx, e, language, why, sizeof why)))
			return rc == 1 ? ts_fail(err, TS_EDATA, name, 0, 0, "entry %zu: %s", i, why) :
			                 ts_nomem(err);
		lx->entries[lx->n - 1].number = i;
	}
	return 0;
}

int ts_lexicon_parse(ts_lexicon *lx, const char *name, const char *data, size_t len,
                     ts_error *err)
{
	mark m = {lx->n, lx->nfiles, {0}, {0}};
	for (int l = 0; l < TS_LANG_MAX; l++) {
		m.norg[l] = lx->norg[l];
		m.nlead[l] = lx->nlead[l];
	}
	ts_jsondoc d;
	int rc = ts_jsondoc_parse(&d, name, data, len, TS_LEX_MAX_FILE, "lexicon", err);
	if (!rc)
		rc = add_document(lx, name, d.root, err);
	ts_jsondoc_free(&d);
	if (rc)
		rollback(lx, &m);
	return rc;
}

int ts_lexicon_load(ts_lexicon *lx, const char *path, ts_error *err)
{
	ts_buf b = {0};
	int rc = ts_jsondoc_read(path, TS_LEX_MAX_FILE, "lexicon", &b, err);
	if (!rc)
		rc = ts_lexicon_parse(lx, path, b.ptr ? b.ptr : "", b.len, err);
	ts_buf_free(&b);
	/* A lexicon is part of the setup, not the input: a file too large is
	 * the same kind of fault as a malformed one (the programs' exit 2). */
	if (rc == TS_ELIMIT)
		rc = err->code = TS_EDATA;
	return rc;
}

/* Whether text[i..end) starts with word w, without case, followed by a
 * blank (words) or not (characters); its length then. */
static size_t lead_at(const char *text, size_t i, size_t end, const char *w, int words)
{
	size_t m = ts_ci_prefix(text + i, end - i, w);
	if (!m || m >= end - i)
		return 0;
	if (words) {
		size_t sp = ts_skip_blanks(text + i + m, end - i - m);
		return sp ? m + sp : 0;
	}
	return m;
}

size_t ts_lexicon_trim_target(const ts_lexicon *lx, int language, const char *text,
                              size_t start, size_t end)
{
	int words = lx->langs->lang[language]->unit == TS_UNIT_WORDS;
	for (int again = 1; again;) {
		again = 0;
		for (size_t k = 0; k < lx->nlead[language] && !again; k++) {
			size_t m = lead_at(text, start, end, lx->lead[language][k], words);
			if (m && start + m < end) {
				start += m;
				again = 1;
			}
		}
	}
	return start;
}
