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
#include "base/text.h"

void ts_lexicon_init(ts_lexicon *lx, const ts_langs *langs)
{
	memset(lx, 0, sizeof *lx);
	lx->langs = langs;
}

/* The texts of the entries and the words, in blocks: a malloc and a free
 * for each of their 4,000 strings were 6% of a start. */
struct ts_lexblock {
	ts_lexblock *prev;
	size_t used, size;
	char text[];
};

enum { TEXT_BLOCK = 64 * 1024 };

/* Room for n bytes that stays where it is until the lexicon is freed. */
static char *text_room(ts_lexicon *lx, size_t n)
{
	ts_lexblock *b = lx->texts;
	if (!b || b->size - b->used < n) {
		size_t size = n > TEXT_BLOCK ? n : TEXT_BLOCK;
		ts_lexblock *nb = malloc(sizeof *nb + size);
		if (!nb)
			return NULL;
		*nb = (ts_lexblock){b, 0, size};
		lx->texts = b = nb;
	}
	b->used += n;
	return b->text + b->used - n;
}

/* Take the texts back to the block `to` holding `used` bytes. */
static void texts_back(ts_lexicon *lx, const ts_lexblock *to, size_t used)
{
	while (lx->texts != to) {
		ts_lexblock *b = lx->texts;
		lx->texts = b->prev;
		free(b);
	}
	if (lx->texts)
		lx->texts->used = used;
}

void ts_lexicon_free(ts_lexicon *lx)
{
	texts_back(lx, NULL, 0);
	free(lx->entries);
	for (size_t i = 0; i < lx->nfiles; i++)
		free(lx->files[i]);
	free(lx->files);
	for (int l = 0; l < TS_LANG_MAX; l++) {
		free(lx->org[l]);
		free(lx->lead[l]);
		free(lx->lead_first[l]);
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
	const ts_lexblock *texts;
	size_t used;
} mark;

static void rollback(ts_lexicon *lx, const mark *m)
{
	lx->n = m->n;
	while (lx->nfiles > m->nfiles)
		free(lx->files[--lx->nfiles]);
	for (int l = 0; l < TS_LANG_MAX; l++) {
		lx->norg[l] = m->norg[l];
		lx->nlead[l] = m->nlead[l];
	}
	texts_back(lx, m->texts, m->used);
}

#define ELLIPSIS "\xE2\x80\xA6"  /* U+2026 */
#define TARGET "{target}"

/* The first '…' in p[i..len), or NULL: its first byte is rare in both
 * scripts (memmem cost twice as much, setting up for a long needle). */
static const char *ellipsis(const char *p, size_t i, size_t len)
{
	for (const char *q = p + i, *end = p + len; q < end; q++) {
		if (!(q = memchr(q, ELLIPSIS[0], (size_t)(end - q))))
			return NULL;
		if (ts_starts(q, (size_t)(end - q), ELLIPSIS))
			return q;
	}
	return NULL;
}

/* Split e->phrase (len bytes) into its pieces at out (room for len + 1
 * bytes); sets e->pieces, e->npieces, e->target.  Returns 0, or 1 with a
 * message in why. */
static int split_phrase(ts_lexentry *e, size_t len, char *out, char *why, size_t whysz)
{
	const char *p = e->phrase;
	if (ts_ends(p, len, TARGET)) {
		e->target = 1;
		len -= strlen(TARGET);
	}
	if (memchr(p, '{', len) || memchr(p, '}', len)) {
		snprintf(why, whysz, "'{' or '}' other than a final {target} in phrase '%s'", e->phrase);
		return 1;
	}
	e->pieces = out;
	size_t o = 0, i = 0;
	e->npieces = 0;
	for (;;) {
		/* A piece runs to the next '…'; "……", the Chinese ellipsis, is one
		 * separator. */
		const char *sep = ellipsis(p, i, len);
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
		memcpy(out + o, p + a, b - a);
		o += b - a;
		out[o++] = '\0';
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
enum { F_LANGUAGE, F_DESCRIPTION, F_ORG, F_LEAD, F_ENTRIES, F_COUNT };
static const char *const entry_keys[] = {"phrase", "category", "max_gap", "source", "note",
                                         "declines", NULL};
enum { E_PHRASE, E_CATEGORY, E_MAX_GAP, E_SOURCE, E_NOTE, E_DECLINES, E_COUNT };

/* The members of obj by key into v; or the key at fault, *what saying
 * whether it is "unknown" or a "duplicate". */
static const char *bad_key(const cJSON *obj, const char *const *keys, const cJSON **v,
                           const char **what)
{
	const cJSON *bad;
	int rc = ts_json_members(obj, keys, v, &bad);
	*what = rc == 1 ? "unknown" : "duplicate";
	return !rc ? NULL : bad->string ? bad->string : "";
}

static int category_of(const char *name)
{
	for (int c = 0; c <= TS_CAT_NONE; c++)
		if (ts_category_names[c][0] == name[0] && !strcmp(name, ts_category_names[c]))
			return c;
	return -1;
}

/* max_gap's value into *max_gap, or 1 with a message in why. */
static int read_gap(const cJSON *gap, int *max_gap, char *why, size_t whysz)
{
	double d = cJSON_IsNumber(gap) ? gap->valuedouble : -1;
	if (d >= 0 && d <= TS_LEX_MAX_GAP && d == floor(d)) {
		*max_gap = (int)d;
		return 0;
	}
	if (cJSON_IsNumber(gap) && isfinite(d))
		snprintf(why, whysz, "'max_gap' must be an integer from 0 to %d: %g", TS_LEX_MAX_GAP,
		         gap->valuedouble);
	else if (cJSON_IsNumber(gap))  /* 1e400: past what a double holds */
		snprintf(why, whysz, "'max_gap' must be an integer from 0 to %d: a number too large",
		         TS_LEX_MAX_GAP);
	else
		snprintf(why, whysz, "'max_gap' must be an integer from 0 to %d", TS_LEX_MAX_GAP);
	return 1;
}

/* Check an entry's members other than its phrase; its category in *cat.
 * Returns 0, or 1 with a message in why. */
static int check_entry(const ts_jsondoc *d, const cJSON *const *v, int *cat, char *why,
                       size_t whysz)
{
	if (!v[E_CATEGORY]) {
		snprintf(why, whysz, "missing 'category'");
		return 1;
	}
	if (!ts_jsondoc_string(d, v[E_CATEGORY])) {
		snprintf(why, whysz, "'category' is not a string");
		return 1;
	}
	if ((*cat = category_of(v[E_CATEGORY]->valuestring)) < 0) {
		snprintf(why, whysz, "unknown category '%.100s'", v[E_CATEGORY]->valuestring);
		return 1;
	}
	/* "declines" marks the formulas that withhold (请向主管部门询问, 适时发布,
	 * 我已经表明了立场) among referrals and deferrals, which otherwise may
	 * give the caller a channel or a process (你得问一下组织部). */
	const cJSON *declines = v[E_DECLINES];
	if (declines && !cJSON_IsBool(declines)) {
		snprintf(why, whysz, "'declines' is not true or false");
		return 1;
	}
	if (declines && cJSON_IsTrue(declines) && *cat != TS_CAT_REFERRAL &&
	    *cat != TS_CAT_DEFERRAL) {
		snprintf(why, whysz, "'declines' on a %s entry: only referral and deferral entries decline",
		         ts_category_names[*cat]);
		return 1;
	}
	for (int k = E_SOURCE; k <= E_NOTE; k++)
		if (v[k] && !ts_jsondoc_string(d, v[k])) {
			snprintf(why, whysz, "'%s' is not a string", entry_keys[k]);
			return 1;
		}
	return 0;
}

/* Validate one entry object and append it.  Returns 0, TS_ENOMEM, or 1 with
 * a message in why. */
static int add_entry(ts_lexicon *lx, const ts_jsondoc *d, const cJSON *o, int language,
                     char *why, size_t whysz)
{
	const cJSON *v[E_COUNT];
	const char *k, *what;
	if (!cJSON_IsObject(o)) {
		snprintf(why, whysz, "not an object");
		return 1;
	}
	if ((k = bad_key(o, entry_keys, v, &what))) {
		snprintf(why, whysz, "%s key '%s'", what, k);
		return 1;
	}
	const cJSON *phrase = v[E_PHRASE], *gap = v[E_MAX_GAP];
	if (!phrase) {
		snprintf(why, whysz, "missing 'phrase'");
		return 1;
	}
	if (!ts_jsondoc_string(d, phrase)) {
		snprintf(why, whysz, "'phrase' is not a string");
		return 1;
	}
	size_t len = strlen(phrase->valuestring);
	if (len > TS_LEX_MAX_PHRASE) {
		snprintf(why, whysz, "phrase longer than %d bytes", TS_LEX_MAX_PHRASE);
		return 1;
	}
	int category, max_gap = TS_LEX_DEFAULT_GAP;
	if (check_entry(d, v, &category, why, whysz) ||
	    (gap && read_gap(gap, &max_gap, why, whysz)))
		return 1;
	/* the phrase and its pieces, which are no longer */
	char *text = text_room(lx, 2 * (len + 1));
	if (!text || TS_GROW(lx->entries, lx->cap, lx->n + 1))
		return TS_ENOMEM;
	ts_lexentry *e = &lx->entries[lx->n];
	memset(e, 0, sizeof *e);
	e->phrase = memcpy(text, phrase->valuestring, len + 1);
	int rc = split_phrase(e, len, text + len + 1, why, whysz);
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
	if (rc)
		return rc;
	e->category = (ts_category)category;
	e->language = language;
	e->max_gap = max_gap;
	e->declines = v[E_DECLINES] && cJSON_IsTrue(v[E_DECLINES]);
	e->file = lx->nfiles - 1;
	lx->n++;
	return 0;
}

/* A list of words (org_words, lead_words) into list[0..*n). */
static int add_words(ts_lexicon *lx, const ts_jsondoc *d, char ***list, size_t *n, size_t *cap,
                     const cJSON *words, const char *key, char *why, size_t whysz)
{
	if (!cJSON_IsArray(words)) {
		snprintf(why, whysz, "'%s' is not an array", key);
		return 1;
	}
	size_t i = 0;
	for (const cJSON *w = words->child; w; w = w->next) {
		i++;
		if (!ts_jsondoc_string(d, w)) {
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
		char *copy = text_room(lx, len + 1);
		if (!copy || TS_GROW(*list, *cap, *n + 1))
			return TS_ENOMEM;
		(*list)[(*n)++] = memcpy(copy, s, len + 1);
	}
	return 0;
}

/* Validate the parsed document and add it.  Returns 0, TS_ENOMEM or
 * TS_EDATA (err set). */
static int add_document(ts_lexicon *lx, const char *name, const ts_jsondoc *d, ts_error *err)
{
	char why[400];
	const char *k, *what;
	const cJSON *doc = d->root, *v[F_COUNT];
	if (!cJSON_IsObject(doc))
		return ts_fail(err, TS_EDATA, name, 0, 0, "not a JSON object");
	if ((k = bad_key(doc, file_keys, v, &what)))
		return ts_fail(err, TS_EDATA, name, 0, 0, "%s key '%.100s'", what, k);
	const cJSON *lang = v[F_LANGUAGE], *entries = v[F_ENTRIES];
	if (!lang)
		return ts_fail(err, TS_EDATA, name, 0, 0, "missing 'language'");
	if (!ts_jsondoc_string(d, lang))
		return ts_fail(err, TS_EDATA, name, 0, 0, "'language' is not a string");
	int language = ts_langs_find(lx->langs, lang->valuestring);
	if (language < 0) {
		char names[200];
		ts_langs_names(lx->langs, names, sizeof names);
		return ts_fail(err, TS_EDATA, name, 0, 0, "unknown language '%.100s' (%s)",
		               lang->valuestring, names);
	}
	if (v[F_DESCRIPTION] && !ts_jsondoc_string(d, v[F_DESCRIPTION]))
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
	if (v[F_ORG] && (rc = add_words(lx, d, &lx->org[language], &lx->norg[language],
	                                &lx->org_cap[language], v[F_ORG], "org_words", why,
	                                sizeof why)))
		return rc == 1 ? ts_fail(err, TS_EDATA, name, 0, 0, "%s", why) : ts_nomem(err);
	if (v[F_LEAD] && (rc = add_words(lx, d, &lx->lead[language], &lx->nlead[language],
	                                 &lx->lead_cap[language], v[F_LEAD], "lead_words", why,
	                                 sizeof why)))
		return rc == 1 ? ts_fail(err, TS_EDATA, name, 0, 0, "%s", why) : ts_nomem(err);
	if (TS_GROW(lx->lead_first[language], lx->lead_first_cap[language], lx->nlead[language]))
		return ts_nomem(err);
	for (size_t j = 0; j < lx->nlead[language]; j++) {
		const char *w = lx->lead[language][j];
		lx->lead_first[language][j] = ts_ci_first(w, strlen(w));
	}
	size_t i = 0;
	for (const cJSON *e = entries->child; e; e = e->next) {
		i++;
		if ((rc = add_entry(lx, d, e, language, why, sizeof why)))
			return rc == 1 ? ts_fail(err, TS_EDATA, name, 0, 0, "entry %zu: %s", i, why) :
			                 ts_nomem(err);
		lx->entries[lx->n - 1].number = i;
	}
	return 0;
}

/* Add the document d parsed (rc: how its parse went), or nothing. */
static int add_file(ts_lexicon *lx, const char *name, ts_jsondoc *d, int rc, ts_error *err)
{
	mark m = {lx->n, lx->nfiles, {0}, {0}, lx->texts, lx->texts ? lx->texts->used : 0};
	for (int l = 0; l < TS_LANG_MAX; l++) {
		m.norg[l] = lx->norg[l];
		m.nlead[l] = lx->nlead[l];
	}
	if (!rc)
		rc = add_document(lx, name, d, err);
	ts_jsondoc_free(d);
	if (rc)
		rollback(lx, &m);
	return rc;
}

int ts_lexicon_parse(ts_lexicon *lx, const char *name, const char *data, size_t len,
                     ts_error *err)
{
	ts_jsondoc d;
	int rc = ts_jsondoc_parse(&d, name, data, len, TS_LEX_MAX_FILE, "lexicon", err);
	return add_file(lx, name, &d, rc, err);
}

int ts_lexicon_read(const char *path, ts_jsondoc *d, ts_error *err)
{
	ts_buf b = {0};
	*d = (ts_jsondoc){0};
	int rc = ts_jsondoc_read(path, TS_LEX_MAX_FILE, "lexicon", &b, err);
	if (!rc)
		rc = ts_jsondoc_parse_buf(d, path, &b, TS_LEX_MAX_FILE, "lexicon", err);
	ts_buf_free(&b);
	return rc;
}

int ts_lexicon_add(ts_lexicon *lx, const char *path, ts_jsondoc *d, int rc, ts_error *err)
{
	/* parsed, or its parse failed (d->name set): the file's turn, as
	 * ts_lexicon_parse's; not read: nothing to add or undo */
	if (d->name)
		rc = add_file(lx, path, d, rc, err);
	/* A lexicon is part of the setup, not the input: a file too large is
	 * the same kind of fault as a malformed one (the programs' exit 2). */
	if (rc == TS_ELIMIT)
		rc = err->code = TS_EDATA;
	return rc;
}

int ts_lexicon_load(ts_lexicon *lx, const char *path, ts_error *err)
{
	ts_jsondoc d;
	return ts_lexicon_add(lx, path, &d, ts_lexicon_read(path, &d, err), err);
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

/* A word is tried only where the target's first character is the word's:
 * on zh5 none of 17,656 tries went past it, which ts_ci_prefix's calls
 * found at 61 instructions each. */
size_t ts_lexicon_trim_target(const ts_lexicon *lx, int language, const char *text,
                              size_t start, size_t end)
{
	int words = lx->langs->lang[language]->unit == TS_UNIT_WORDS;
	const uint32_t *first = lx->lead_first[language];
	for (int again = 1; again && start < end;) {
		again = 0;
		uint32_t c = ts_ci_first(text + start, end - start);
		for (size_t k = 0; k < lx->nlead[language] && !again; k++) {
			if (first[k] != c)
				continue;
			size_t m = lead_at(text, start, end, lx->lead[language][k], words);
			if (m && start + m < end) {
				start += m;
				again = 1;
			}
		}
	}
	return start;
}
