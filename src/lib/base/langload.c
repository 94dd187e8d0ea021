/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Loading and validating the language files (docs/languages.md): every
 * key is known, every value of its type, every list without repeats;
 * each error names the file, line and column of the value at fault. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/caseless.h"
#include "base/diag.h"
#include "base/jsondoc.h"
#include "base/lang.h"
#include "base/text.h"

#define LANG_MAX_FILE ((size_t)1 << 20)
/* Bytes of a word of a list; of a word compared with the words of a
 * sentence, which are cut there (questions.c, qkeys.c). */
#define WORD_MAX 256
#define TOKEN_MAX 30

typedef struct listdef {
	const char *section, *key;
	int kind, mech;
} listdef;

#define TS_X_LANG_LIST_DEF(id, section, key, kind, mech) {section, key, kind, mech},
static const listdef lists[TS_L_COUNT] = {TS_LANG_LISTS(TS_X_LANG_LIST_DEF)};

/* The values beside the lists. */
enum { V_TEXT, V_CHOICE, V_INT, V_BOOL };

typedef struct valdef {
	const char *section, *key;
	int type, mech;
	size_t off;                  /* of its int in ts_lang (not V_TEXT) */
	int min, max;                /* V_INT; V_CHOICE: min is the first choice's value */
	const char *const *choices;  /* V_CHOICE */
	int required;                /* when its section is there */
	int init;                    /* the value when it is not given */
} valdef;

static const char *const scripts[] = {"cjk", "alphabetic", NULL};
static const char *const units[] = {"chars", "words", NULL};
static const char *const forms[] = {"particles", "inversion", NULL};
static const char *const keys_by[] = {"character_pairs", "words", NULL};

#define OFF(f) offsetof(ts_lang, f)
static const valdef values[] = {
	{"", "description", V_TEXT, 0, 0, 0, 0, NULL, 0, 0},
	{"", "script", V_CHOICE, 0, OFF(script), TS_SCRIPT_CJK, 0, scripts, 1, 0},
	{"", "unit", V_CHOICE, 0, OFF(unit), TS_UNIT_CHARS, 0, units, 1, 0},
	{"", "full_stop", V_BOOL, 0, OFF(full_stop), 0, 1, NULL, 0, 0},
	/* docs/lexicon.md: enough for 河南省安阳市总工会组织部 */
	{"", "target_window", V_INT, 0, OFF(target_window), 1, 200, NULL, 0, 24},
	{"questions", "description", V_TEXT, 0, 0, 0, 0, NULL, 0, 0},
	{"questions", "form", V_CHOICE, 0, OFF(qform), TS_QFORM_PARTICLES, 0, forms, 1, 0},
	{"replies", "description", V_TEXT, 0, 0, 0, 0, NULL, 0, 0},
	{"replies", "hesitation_max", V_INT, 0, OFF(hesitation_max), 0, 1000, NULL, 0, 0},
	{"replies", "by_part", V_BOOL, 0, OFF(by_part), 0, 1, NULL, 0, 0},
	{"keys", "description", V_TEXT, 0, 0, 0, 0, NULL, 0, 0},
	{"keys", "by", V_CHOICE, 0, OFF(keys_by), TS_KEYS_PAIRS, 0, keys_by, 1, 0},
	{"keys", "min_length", V_INT, TS_LM_WORDS, OFF(min_word_length), 1, TOKEN_MAX, NULL, 0, 1},
	{"stage_directions", "description", V_TEXT, 0, 0, 0, 0, NULL, 0, 0},
	{"labels", "description", V_TEXT, 0, 0, 0, 0, NULL, 0, 0},
};
#define NVALUES (sizeof values / sizeof *values)

/* The sections: objects of lists and values.  A section with a mechanism
 * names it first (questions.form, keys.by): its lists and values belong to
 * one mechanism or to all. */
typedef struct secdef {
	const char *name;
	const char *mech_key;
	int mech_bit;                /* the bit (TS_LM_*) of the first choice */
} secdef;

static const secdef sections[] = {
	{"questions", "form", TS_LM_PARTICLES},
	{"replies", NULL, 0},
	{"keys", "by", TS_LM_PAIRS},
	{"stage_directions", NULL, 0},
	{"labels", NULL, 0},
};
#define NSECTIONS (sizeof sections / sizeof *sections)

typedef struct loader {
	ts_jsondoc d;
	ts_error *err;
	ts_lang *lang;
	ts_buf fold;
} loader;

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static int fail(loader *c, const cJSON *node, int key, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return ts_jsondoc_fail(&c->d, c->err, node, key, "%s", msg);
}

/* "questions.tags", or "script" at the top, in buf; buf.  Made where a
 * message needs it: made for every member of a file, it was a twentieth
 * of reading the language files. */
static const char *dotted(char *buf, size_t size, const char *section, const char *key)
{
	snprintf(buf, size, "%s%s%s", section, *section ? "." : "", key);
	return buf;
}

static const char *mech_name(int bit)
{
	switch (bit) {
	case TS_LM_PARTICLES: return "form 'particles'";
	case TS_LM_INVERSION: return "form 'inversion'";
	case TS_LM_PAIRS: return "keys by 'character_pairs'";
	default: return "keys by 'words'";
	}
}

/* ---- lists ---- */

/* Whether folded s[0..n) is one word of a-z, digits and apostrophes
 * (several, single blanks between, when `phrase`), each at most TOKEN_MAX
 * bytes. */
static int is_token(const char *s, size_t n, int phrase)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == ' ' && phrase && run && i + 1 < n) {
			run = 0;
			continue;
		}
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '\'') ||
		    ++run > TOKEN_MAX)
			return 0;
	}
	return n > 0;
}

/* Check one item of list `id`: the word to add in *word (the string, or a
 * NFKC copy in *own that the caller frees). */
static int check_item(loader *c, int id, const cJSON *w, size_t i, const char **word, char **own)
{
	const char *name = ts_lang_list_names[id];
	int kind = lists[id].kind;
	*own = NULL;
	if (!ts_jsondoc_string(&c->d, w))
		return fail(c, w, 0, "'%s' item %zu is not a string", name, i);
	const char *s = w->valuestring;
	size_t n = strlen(s);
	if (ts_skip_blanks(s, n) >= n)
		return fail(c, w, 0, "'%s' item %zu is empty", name, i);
	if (n > WORD_MAX)
		return fail(c, w, 0, "'%s' item %zu is longer than %d bytes", name, i, WORD_MAX);
	if (kind == TS_LW_CHARS && ts_utf8_len(s, n) != 1)
		return fail(c, w, 0, "'%s' item %zu is not one character: '%s'", name, i, s);
	if (kind == TS_LW_TOKENS || kind == TS_LW_PHRASES) {
		c->fold.len = 0;
		if (ts_ci_fold_text(s, n, &c->fold))
			return ts_nomem(c->err);
		if (!is_token(c->fold.ptr, c->fold.len, kind == TS_LW_PHRASES))
			return fail(c, w, 0,
			            "'%s' item %zu is not %s of letters a to z, digits and apostrophes "
			            "(at most %d each): '%s'",
			            name, i, kind == TS_LW_PHRASES ? "words" : "one word", TOKEN_MAX, s);
	}
	*word = s;
	/* compared with labels in NFKC */
	if (kind == TS_LW_EXACT && !(*word = *own = ts_nfkc(s, n)))
		return ts_nomem(c->err);
	return 0;
}

static int parse_list(loader *c, const cJSON *arr, int id)
{
	const char *name = ts_lang_list_names[id];
	if (!cJSON_IsArray(arr))
		return fail(c, arr, 0, "'%s' is not an array", name);
	ts_words *l = &c->lang->list[id];
	ts_words_free(l);
	size_t i = 0;
	for (const cJSON *w = arr->child; w; w = w->next) {
		char *own;
		const char *word;
		int rc = check_item(c, id, w, ++i, &word, &own);
		if (rc)
			return rc;
		rc = ts_words_add(l, word);
		free(own);
		if (rc)
			return ts_nomem(c->err);
	}
	long dup = ts_words_finish(l);
	if (dup == -2)
		return ts_nomem(c->err);
	if (dup >= 0) {
		const cJSON *w = arr->child;
		for (long k = 0; k < dup; k++)
			w = w->next;
		return fail(c, w, 0, "'%s' has '%s' twice", name, w->valuestring);
	}
	return 0;
}

/* ---- values ---- */

static int parse_value(loader *c, const cJSON *v, const valdef *d)
{
	char buf[64];
	int *out = d->type == V_TEXT ? NULL : (int *)((char *)c->lang + d->off);
	switch (d->type) {
	case V_TEXT:
		if (!ts_jsondoc_string(&c->d, v))
			return fail(c, v, 0, "'%s' is not a string",
			            dotted(buf, sizeof buf, d->section, d->key));
		return 0;
	case V_BOOL:
		if (!cJSON_IsBool(v))
			return fail(c, v, 0, "'%s' must be true or false",
			            dotted(buf, sizeof buf, d->section, d->key));
		*out = cJSON_IsTrue(v);
		return 0;
	case V_INT: {
		double x = cJSON_IsNumber(v) ? v->valuedouble : d->min - 1.0;
		if (!(x >= d->min && x <= d->max && x == (double)(int)x))
			return fail(c, v, 0, "'%s' must be a whole number from %d to %d",
			            dotted(buf, sizeof buf, d->section, d->key), d->min, d->max);
		*out = (int)x;
		return 0;
	}
	default:
		for (int k = 0; d->choices[k]; k++)
			if (cJSON_IsString(v) && v->valuestring && !strcmp(v->valuestring, d->choices[k])) {
				*out = d->min + k;
				return 0;
			}
		char options[160] = "";
		for (int k = 0; d->choices[k]; k++)
			snprintf(options + strlen(options), sizeof options - strlen(options), "%s'%s'",
			         !k ? "" : d->choices[k + 1] ? ", " : " or ", d->choices[k]);
		return fail(c, v, 0, "'%s' must be %s", dotted(buf, sizeof buf, d->section, d->key),
		            options);
	}
}

/* ---- objects ---- */

static int parse_object(loader *c, const cJSON *obj, const char *section, int mech);

static int parse_section(loader *c, const cJSON *obj, const secdef *sd)
{
	if (!cJSON_IsObject(obj))
		return fail(c, obj, 0, "'%s' is not an object", sd->name);
	int mech = 0;
	if (sd->mech_key) {
		const valdef *d = NULL;
		for (size_t k = 0; k < NVALUES; k++)
			if (!strcmp(values[k].section, sd->name) && !strcmp(values[k].key, sd->mech_key))
				d = &values[k];
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, sd->mech_key);
		if (!v)
			return fail(c, obj, 0, "missing '%s.%s'", sd->name, sd->mech_key);
		int rc = parse_value(c, v, d);
		if (rc)
			return rc;
		mech = sd->mech_bit << (*(int *)((char *)c->lang + d->off) - d->min);
	}
	return parse_object(c, obj, sd->name, mech);
}

static int parse_object(loader *c, const cJSON *obj, const char *section, int mech)
{
	const cJSON *dup = ts_json_duplicate_key(obj);
	if (dup) {
		char name[64];
		dotted(name, sizeof name, section, dup->string);
		return fail(c, dup, 1, "duplicate key '%s'", name);
	}
	for (const cJSON *m = obj->child; m; m = m->next) {
		const char *key = m->string ? m->string : "";
		char buf[160];
		int handled = 0, rc = 0;
		/* the keys' first bytes first: 66 lists for each member */
		for (int id = 0; id < TS_L_COUNT && !handled; id++)
			if (lists[id].key[0] == key[0] && !strcmp(lists[id].key, key) &&
			    !strcmp(lists[id].section, section) &&
			    (!lists[id].mech || (lists[id].mech & mech))) {
				handled = 1;
				rc = parse_list(c, m, id);
			}
		for (size_t k = 0; k < NVALUES && !handled; k++)
			if (!strcmp(values[k].section, section) && !strcmp(values[k].key, key) &&
			    (!values[k].mech || (values[k].mech & mech))) {
				handled = 1;
				rc = parse_value(c, m, &values[k]);
			}
		for (size_t s = 0; s < NSECTIONS && !handled && !*section; s++)
			if (!strcmp(key, sections[s].name)) {
				handled = 1;
				rc = parse_section(c, m, &sections[s]);
			}
		if (!*section && !strcmp(key, "language"))
			handled = 1;  /* read first, by parse_language */
		if (rc)
			return rc;
		if (handled)
			continue;
		/* a key of another mechanism of the section */
		for (int id = 0; id < TS_L_COUNT; id++)
			if (!strcmp(lists[id].section, section) && !strcmp(lists[id].key, key))
				return fail(c, m, 1, "'%s' is not a rule of %s",
				            dotted(buf, sizeof buf, section, key), mech_name(mech));
		for (size_t k = 0; k < NVALUES; k++)
			if (!strcmp(values[k].section, section) && !strcmp(values[k].key, key))
				return fail(c, m, 1, "'%s' is not a rule of %s",
				            dotted(buf, sizeof buf, section, key), mech_name(mech));
		return fail(c, m, 1, "unknown key '%s'", dotted(buf, sizeof buf, section, key));
	}
	/* required values of this object */
	for (size_t k = 0; k < NVALUES; k++) {
		const valdef *d = &values[k];
		if (d->required && !strcmp(d->section, section) &&
		    !cJSON_GetObjectItemCaseSensitive(obj, d->key)) {
			char name[64];
			dotted(name, sizeof name, section, d->key);
			return fail(c, obj, 0, "missing '%s'", name);
		}
	}
	return 0;
}

int ts_lang_name_ok(const char *s, size_t n)
{
	if (!n || n >= sizeof ((ts_lang *)0)->name)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(ts_ascii_alnum(s[i]) || s[i] == '-' || s[i] == '_'))
			return 0;
	return 1;
}

/* ts_lang.neg_heads from the negator lists of lang. */
static void negator_heads(ts_lang *lang)
{
	const ts_words *neg[2] = {&lang->list[TS_L_P_NEGATORS], &lang->list[TS_L_P_NEGATORS_TWO]};
	int nh = 0;
	for (int l = 0; l < 2; l++)
		for (size_t k = 0; k < neg[l]->n; k++) {
			uint32_t cp = neg[l]->v[k].cp;
			if (cp < 0x800 || cp > 0xFFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
				lang->nneg_heads = -1;
				return;
			}
			unsigned char b[3] = {(unsigned char)(0xE0 | cp >> 12),
			                      (unsigned char)(0x80 | (cp >> 6 & 0x3F)),
			                      (unsigned char)(0x80 | (cp & 0x3F))};
			int seen = 0;
			for (int i = 0; i < nh && !seen; i++)
				seen = !memcmp(lang->neg_heads[i], b, 3);
			if (seen)
				continue;
			if (nh == TS_NEG_HEADS) {
				lang->nneg_heads = -1;
				return;
			}
			memcpy(lang->neg_heads[nh++], b, 3);
		}
	lang->nneg_heads = nh;
	for (int k = 0; k < nh + nh % 2; k++)
		for (int b = 0; b < 3; b++)
			memset(lang->neg_lanes[k / 2][k % 2 * 3 + b], lang->neg_heads[k < nh ? k : nh - 1][b], 16);
}

/* ts_lang.key_function from the function characters of lang, and the
 * unified ideographs that are not CJK by the class table (none in this
 * utf8proc; another might class some so): a bit each for every character
 * there that is no content character, so that the keys test one bit, not
 * the bit and the table.  The table's blocks of sixteen are shared when
 * equal (text.h): one of them that is CJK throughout stands for the
 * rest, which are not read.  0, or -1 when out of memory. */
static int key_functions(ts_lang *lang)
{
	const ts_words *fc = &lang->list[TS_L_K_FUNCTION_CHARACTERS];
	memset(lang->key_function, 0, sizeof lang->key_function);
	/* a word of one character, as ts_words_is_char takes them */
	for (size_t k = 0; k < fc->n; k++) {
		uint32_t cp = 0;
		if (ts_utf8_decode((const unsigned char *)fc->v[k].w, fc->v[k].len, &cp) != fc->v[k].len)
			continue;
		uint32_t o = cp - TS_KEY_FUNCTION_FROM;
		if (o < TS_KEY_FUNCTION_SPAN)
			lang->key_function[o / 64] |= (uint64_t)1 << (o % 64);
	}
	if (lang->keys_by != TS_KEYS_PAIRS)
		return 0;  /* only the pairs read the bits */
	ts_textclass *tc = ts_textclass_new();
	if (!tc)
		return -1;
	long all_cjk = -1;  /* a block CJK throughout */
	for (uint32_t b = TS_KEY_FUNCTION_FROM >> TS_CC_SHIFT;
	     b < (TS_KEY_FUNCTION_FROM + TS_KEY_FUNCTION_SPAN) >> TS_CC_SHIFT; b++) {
		if (tc->block[b] == all_cjk)
			continue;
		int other = 0;
		for (uint32_t k = 0; k <= TS_CC_MASK; k++) {
			uint32_t cp = b << TS_CC_SHIFT | k, o = cp - TS_KEY_FUNCTION_FROM;
			if (ts_classify_bmp(tc, cp).kind != TS_CK_CJK) {
				lang->key_function[o / 64] |= (uint64_t)1 << (o % 64);
				other = 1;
			}
		}
		if (!other)
			all_cjk = tc->block[b];
	}
	ts_textclass_free(tc);
	return 0;
}

/* ts_lang.qend from the end lists of lang: a list with a word of fewer
 * than two bytes may end any pair. */
static void end_lists(ts_lang *lang)
{
#define TS_X_QEND_LIST(id) &lang->list[TS_L_##id],
	const ts_words *const qe[] = {TS_QEND_LISTS(TS_X_QEND_LIST)};
#undef TS_X_QEND_LIST
	_Static_assert(TS_QE_COUNT <= 8, "a bit of qend's bytes for each end list");
	memset(lang->qend, 0, sizeof lang->qend);
	for (int j = 0; j < TS_QE_COUNT; j++) {
		int any = qe[j]->end_short;
		for (size_t k = 0; k < qe[j]->n; k++)
			any |= qe[j]->v[k].len < 2;
		for (unsigned k = 0; k < sizeof lang->qend; k++)
			if (any || (qe[j]->last2[k >> 6] >> (k & 63) & 1))
				lang->qend[k] |= (uint8_t)(1u << j);
	}
}

static int parse_language(loader *c, const ts_langs *ls, const char *expect)
{
	const cJSON *root = c->d.root;
	if (!cJSON_IsObject(root))
		return fail(c, NULL, 0, "not a JSON object");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "language");
	if (!v)
		return fail(c, root, 0, "missing 'language'");
	if (!ts_jsondoc_string(&c->d, v))
		return fail(c, v, 0, "'language' is not a string");
	if (!ts_lang_name_ok(v->valuestring, strlen(v->valuestring)))
		return fail(c, v, 0, "'language' is not a name of letters, digits, '-' and '_' "
		                     "(at most 15): '%.100s'", v->valuestring);
	if (expect && strcmp(v->valuestring, expect))
		return fail(c, v, 0, "'language' is '%s', but the file is listed as '%s'",
		            v->valuestring, expect);
	if (ts_langs_find(ls, v->valuestring) >= 0)
		return fail(c, v, 0, "language '%s' is loaded twice", v->valuestring);
	snprintf(c->lang->name, sizeof c->lang->name, "%s", v->valuestring);
	int rc = parse_object(c, root, "", 0);
	if (rc)
		return rc;
	int plain = 1;
	for (int id = 0; id < TS_L_COUNT; id++)
		if (!strcmp(lists[id].section, "questions"))
			plain &= c->lang->list[id].plain;
	c->lang->qplain = plain;
	negator_heads(c->lang);
	end_lists(c->lang);
	if (key_functions(c->lang))
		return ts_nomem(c->err);
	if (c->lang->qform == TS_QFORM_PARTICLES) {
#define TS_X_QHIT_LIST(id) &c->lang->list[TS_L_##id],
		const ts_words *const qh[] = {TS_QHIT_LISTS(TS_X_QHIT_LIST)};
#undef TS_X_QHIT_LIST
		if (ts_hitindex_build(&c->lang->qhits, qh, TS_QH_COUNT))
			return ts_nomem(c->err);
	}
	return 0;
}

/* The language of c->d (rc: how its parse went) checked and added to ls,
 * not yet merged; c freed. */
static int add_language(ts_langs *ls, loader *c, const char *expect, int rc)
{
	if (!rc && !(c->lang = calloc(1, sizeof *c->lang)))
		rc = ts_nomem(c->err);
	if (!rc) {
		for (int id = 0; id < TS_L_COUNT; id++)
			ts_words_init(&c->lang->list[id], lists[id].kind != TS_LW_EXACT);
		for (size_t k = 0; k < NVALUES; k++)
			if (values[k].type != V_TEXT)
				*(int *)((char *)c->lang + values[k].off) = values[k].init;
		rc = parse_language(c, ls, expect);
	}
	if (!rc) {
		ls->lang[ls->n++] = c->lang;
		c->lang = NULL;
	}
	ts_lang_free(c->lang);
	ts_buf_free(&c->fold);
	ts_jsondoc_free(&c->d);
	return rc;
}

static int too_many(const ts_langs *ls, const char *name, ts_error *err)
{
	if (ls->n >= TS_LANG_MAX)
		return ts_fail(err, TS_ELIMIT, name, 0, 0, "more than %d languages", TS_LANG_MAX);
	return 0;
}

int ts_langs_parse(ts_langs *ls, const char *name, const char *expect, const char *data,
                   size_t len, ts_error *err)
{
	int rc = too_many(ls, name, err);
	if (rc)
		return rc;
	loader c = {.err = err};
	rc = ts_jsondoc_parse(&c.d, name, data, len, LANG_MAX_FILE, "language file", err);
	if ((rc = add_language(ls, &c, expect, rc)))
		return rc;
	if (ts_langs_merge(ls)) {
		ts_lang_free(ls->lang[--ls->n]);
		return ts_nomem(err);
	}
	return 0;
}

/* ---- the list of languages ---- */

/* The language file at path, which the list names `expect`, added to ls
 * unmerged. */
static int load_language(ts_langs *ls, const char *path, const char *expect, ts_error *err)
{
	ts_buf file = {0};
	int rc = ts_jsondoc_read(path, LANG_MAX_FILE, "language file", &file, err);
	if (!rc)
		rc = too_many(ls, path, err);
	if (!rc) {
		loader c = {.err = err};
		rc = ts_jsondoc_parse_buf(&c.d, path, &file, LANG_MAX_FILE, "language file", err);
		rc = add_language(ls, &c, expect, rc);
	}
	ts_buf_free(&file);
	return rc;
}

int ts_langs_list_next(const char *list, size_t len, size_t *at, size_t *lineno, size_t *line,
                       size_t *a, size_t *b)
{
	while (*at < len) {
		size_t i = *at, e = i;
		while (e < len && list[e] != '\n')
			e++;
		++*lineno;
		*at = e + 1;
		*a = i + ts_skip_blanks(list + i, e - i);
		*b = *a + ts_trim_end(list + *a, e - *a);
		if (*b > *a && list[*a] != '#') {
			*line = i;
			return 1;
		}
	}
	return 0;
}

int ts_langs_load(ts_langs *ls, const char *dir, ts_error *err)
{
	size_t dn = strlen(dir);
	char *path = malloc(dn + 32 + sizeof ((ts_lang *)0)->name);
	ts_buf list = {0};
	int rc = 0;
	if (!path)
		return ts_nomem(err);
	snprintf(path, dn + 32, "%s/languages.txt", dir);
	if ((rc = ts_jsondoc_read(path, TS_LANG_LIST_MAX, "language list", &list, err)))
		goto done;
	const char *s = list.ptr ? list.ptr : "";
	size_t bad;
	if (ts_utf8_check(s, list.len, &bad)) {
		long line, col;
		ts_text_position(s, bad, 1, &line, &col);
		rc = ts_fail(err, TS_EDATA, path, line, col, "not valid UTF-8");
		goto done;
	}
	char *names = malloc(list.len + 1);
	if (!names) {
		rc = ts_nomem(err);
		goto done;
	}
	size_t at = 0, lineno = 0, i, a, b;
	while (!rc && ts_langs_list_next(s, list.len, &at, &lineno, &i, &a, &b)) {
		long col = (long)ts_utf8_len(s + i, a - i) + 1;
		memcpy(names, s + a, b - a);
		names[b - a] = '\0';
		if (!ts_lang_name_ok(names, b - a)) {
			rc = ts_fail(err, TS_EDATA, path, (long)lineno, col,
			             "not a language name (letters, digits, '-' and '_', at most 15): "
			             "'%.100s'", names);
		} else if (ts_langs_find(ls, names) >= 0) {
			rc = ts_fail(err, TS_EDATA, path, (long)lineno, col, "'%s' is listed twice",
			             names);
		} else {
			snprintf(path, dn + 32 + sizeof ((ts_lang *)0)->name, "%s/%s.json", dir, names);
			rc = load_language(ls, path, names, err);
			snprintf(path, dn + 32, "%s/languages.txt", dir);
		}
	}
	free(names);
	if (!rc && !ls->n)
		rc = ts_fail(err, TS_EDATA, path, 0, 0, "no language listed");
	/* merged once, where ts_langs_parse merges after each language */
	if (!rc && ts_langs_merge(ls))
		rc = ts_nomem(err);
done:
	ts_buf_free(&list);
	free(path);
	return rc;
}
