/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The languages talkstat reads and their rules, loaded from data files
 * (data/lang, docs/languages.md): word lists, thresholds, and the names of
 * the mechanisms in code that use them.  A language is its index among the
 * loaded ones; which of them a turn is read in follows from its script. */
#ifndef TS_LANG_H
#define TS_LANG_H

#include <stddef.h>
#include <stdint.h>

#include "base/wordhits.h"
#include "base/words.h"
#include "talkstat.h"

/* At most this many languages are loaded (lexicons and the matcher keep
 * their words per language in arrays of this size). */
#define TS_LANG_MAX 8

/* Which turns a language reads: CJK characters, or words of other scripts. */
typedef enum ts_script { TS_SCRIPT_CJK = 0, TS_SCRIPT_ALPHABETIC, TS_SCRIPT_COUNT } ts_script;

/* How a sentence is a question by its form (docs/languages.md): final
 * particles and A-not-A forms (Chinese), or the order of its first words,
 * an auxiliary before its subject (English). */
typedef enum ts_qform { TS_QFORM_NONE = 0, TS_QFORM_PARTICLES, TS_QFORM_INVERSION } ts_qform;

/* What two questions have in common: pairs of adjacent content characters,
 * or content words. */
typedef enum ts_keys_by { TS_KEYS_PAIRS = 0, TS_KEYS_WORDS } ts_keys_by;

/* Kinds of list: words found anywhere in a text; single words of letters,
 * digits and apostrophes (compared with the words of a sentence); the same
 * or several of them; single characters; words compared with case (in
 * NFKC). */
enum { TS_LW_WORDS, TS_LW_TOKENS, TS_LW_PHRASES, TS_LW_CHARS, TS_LW_EXACT };
/* The mechanisms a list belongs to (0: any). */
enum { TS_LM_PARTICLES = 1, TS_LM_INVERSION = 2, TS_LM_PAIRS = 4, TS_LM_WORDS = 8 };

/* Every word list of a language file: X(ID, section, key, kind, mechanisms).
 * The stage-direction kinds follow ts_event_kind (TS_L_S_HANGUP + kind). */
#define TS_LANG_LISTS(X) \
	X(TITLES, "", "titles", TS_LW_WORDS, 0) \
	X(ABBREVIATIONS, "", "abbreviations", TS_LW_WORDS, 0) \
	X(P_SOFT_PARTICLES, "questions", "soft_particles", TS_LW_WORDS, TS_LM_PARTICLES) \
	X(P_YES_NO_PARTICLES, "questions", "yes_no_particles", TS_LW_WORDS, TS_LM_PARTICLES) \
	X(P_WH_PARTICLES, "questions", "wh_particles", TS_LW_WORDS, TS_LM_PARTICLES) \
	X(P_CONFIRM_PARTICLES, "questions", "confirm_particles", TS_LW_WORDS, TS_LM_PARTICLES) \
	X(P_NOT_WH_PARTICLES, "questions", "not_wh_particles", TS_LW_WORDS, TS_LM_PARTICLES) \
	X(Q_TAGS, "questions", "tags", TS_LW_WORDS, TS_LM_PARTICLES | TS_LM_INVERSION) \
	X(P_MARKED_TAGS, "questions", "marked_tags", TS_LW_WORDS, TS_LM_PARTICLES) \
	X(P_OPINION_TAGS, "questions", "opinion_tags", TS_LW_WORDS, TS_LM_PARTICLES) \
	X(P_OPINION, "questions", "opinion", TS_LW_WORDS, TS_LM_PARTICLES) \
	X(P_REQUESTS, "questions", "requests", TS_LW_WORDS, TS_LM_PARTICLES) \
	X(P_NOT_REQUESTS, "questions", "not_requests", TS_LW_WORDS, TS_LM_PARTICLES) \
	X(P_WH, "questions", "wh", TS_LW_WORDS, TS_LM_PARTICLES) \
	X(P_WH_EXCUSED, "questions", "wh_excused", TS_LW_WORDS, TS_LM_PARTICLES) \
	X(P_HEDGES, "questions", "hedges", TS_LW_WORDS, TS_LM_PARTICLES) \
	X(P_WH_FINALS, "questions", "wh_finals", TS_LW_WORDS, TS_LM_PARTICLES) \
	X(Q_RHETORICAL, "questions", "rhetorical", TS_LW_WORDS, TS_LM_PARTICLES | TS_LM_INVERSION) \
	X(P_CONDITIONAL, "questions", "conditional", TS_LW_WORDS, TS_LM_PARTICLES) \
	X(P_OR_WORDS, "questions", "or_words", TS_LW_WORDS, TS_LM_PARTICLES) \
	X(P_OR_PREFIXES, "questions", "or_prefixes", TS_LW_WORDS, TS_LM_PARTICLES) \
	X(P_OR_ADVERBS, "questions", "or_adverbs", TS_LW_WORDS, TS_LM_PARTICLES) \
	X(P_CLAUSE_MARKS, "questions", "clause_marks", TS_LW_WORDS, TS_LM_PARTICLES) \
	X(P_NEGATORS, "questions", "negators", TS_LW_CHARS, TS_LM_PARTICLES) \
	X(P_NEGATORS_TWO, "questions", "negators_two", TS_LW_CHARS, TS_LM_PARTICLES) \
	X(P_NOT_DOUBLED, "questions", "not_doubled", TS_LW_CHARS, TS_LM_PARTICLES) \
	X(P_EMBEDDING, "questions", "embedding", TS_LW_WORDS, TS_LM_PARTICLES) \
	X(P_RESUMPTIVE, "questions", "resumptive", TS_LW_WORDS, TS_LM_PARTICLES) \
	X(P_EMBEDDING_OPENERS, "questions", "embedding_openers", TS_LW_WORDS, TS_LM_PARTICLES) \
	X(I_OPENERS, "questions", "openers", TS_LW_PHRASES, TS_LM_INVERSION) \
	X(I_AUXILIARIES, "questions", "auxiliaries", TS_LW_TOKENS, TS_LM_INVERSION) \
	X(I_SUBJECTS, "questions", "subjects", TS_LW_TOKENS, TS_LM_INVERSION) \
	X(I_WH, "questions", "wh", TS_LW_TOKENS, TS_LM_INVERSION) \
	X(I_INDIRECT, "questions", "indirect", TS_LW_WORDS, TS_LM_INVERSION) \
	X(I_MODALS, "questions", "modals", TS_LW_TOKENS, TS_LM_INVERSION) \
	X(I_ADDRESSEES, "questions", "addressees", TS_LW_TOKENS, TS_LM_INVERSION) \
	X(I_EMBED_VERBS, "questions", "embed_verbs", TS_LW_TOKENS, TS_LM_INVERSION) \
	X(I_EMBED_OBJECTS, "questions", "embed_objects", TS_LW_TOKENS, TS_LM_INVERSION) \
	X(I_COMPLEMENTIZERS, "questions", "complementizers", TS_LW_TOKENS, TS_LM_INVERSION) \
	X(I_REQUEST_VERBS, "questions", "request_verbs", TS_LW_TOKENS, TS_LM_INVERSION) \
	X(I_FIRST_PERSON, "questions", "first_person", TS_LW_TOKENS, TS_LM_INVERSION) \
	X(I_PERMISSION_VERBS, "questions", "permission_verbs", TS_LW_TOKENS, TS_LM_INVERSION) \
	X(I_REQUEST_OPENERS, "questions", "request_openers", TS_LW_TOKENS, TS_LM_INVERSION) \
	X(I_OR_OPENERS, "questions", "or_openers", TS_LW_TOKENS, TS_LM_INVERSION) \
	X(I_OR_MARKS, "questions", "or_marks", TS_LW_WORDS, TS_LM_INVERSION) \
	X(I_OR_NOT, "questions", "or_not", TS_LW_WORDS, TS_LM_INVERSION) \
	X(I_LEAD_INS, "questions", "lead_ins", TS_LW_TOKENS, TS_LM_INVERSION) \
	X(R_FILLERS, "replies", "fillers", TS_LW_WORDS, 0) \
	X(R_YES_NO, "replies", "yes_no", TS_LW_WORDS, 0) \
	X(R_AGREE, "replies", "agree", TS_LW_WORDS, 0) \
	X(R_AGREE_IN, "replies", "agree_in", TS_LW_WORDS, 0) \
	X(R_GRANT, "replies", "grant", TS_LW_WORDS, 0) \
	X(R_GRANT_IN, "replies", "grant_in", TS_LW_WORDS, 0) \
	X(R_NOTE, "replies", "note", TS_LW_WORDS, 0) \
	X(R_STALL, "replies", "stall", TS_LW_WORDS, 0) \
	X(R_REFORMULATE, "replies", "reformulate", TS_LW_WORDS, 0) \
	X(R_HESITATION, "replies", "hesitation", TS_LW_WORDS, 0) \
	X(K_STOP_WORDS, "keys", "stop_words", TS_LW_TOKENS, TS_LM_WORDS) \
	X(K_FUNCTION_CHARACTERS, "keys", "function_characters", TS_LW_CHARS, TS_LM_PAIRS) \
	X(S_HANGUP, "stage_directions", "hangup", TS_LW_WORDS, 0) \
	X(S_INAUDIBLE, "stage_directions", "inaudible", TS_LW_WORDS, 0) \
	X(S_LAUGHTER, "stage_directions", "laughter", TS_LW_WORDS, 0) \
	X(S_CROSSTALK, "stage_directions", "crosstalk", TS_LW_WORDS, 0) \
	X(S_PAUSE, "stage_directions", "pause", TS_LW_WORDS, 0) \
	X(S_NOISE, "stage_directions", "noise", TS_LW_WORDS, 0) \
	X(L_NOT_SPEAKERS, "labels", "not_speakers", TS_LW_EXACT, 0)

#define TS_X_LANG_LIST_ENUM(id, section, key, kind, mech) TS_L_##id,
enum { TS_LANG_LISTS(TS_X_LANG_LIST_ENUM) TS_L_COUNT };

/* The lists that the particle rules (analyse/qform_particles.c) look for
 * anywhere in a sentence, found together in one pass over it
 * (ts_lang.qhits): their numbers there, TS_QH_<list>. */
#define TS_QHIT_LISTS(X) \
	X(P_OPINION) X(P_REQUESTS) X(P_WH) X(P_WH_EXCUSED) X(P_HEDGES) X(Q_RHETORICAL) \
	X(P_CONDITIONAL) X(P_OR_WORDS) X(P_YES_NO_PARTICLES) X(P_NOT_WH_PARTICLES) X(P_EMBEDDING) \
	X(P_OR_ADVERBS)
#define TS_X_QHIT_ENUM(id) TS_QH_##id,
enum { TS_QHIT_LISTS(TS_X_QHIT_ENUM) TS_QH_COUNT };

/* The lists that the particle rules ask only at a sentence's end, one
 * after another (ts_lang.qend): their bits there, TS_QE_<list>. */
#define TS_QEND_LISTS(X) \
	X(P_SOFT_PARTICLES) X(P_YES_NO_PARTICLES) X(Q_TAGS) X(P_OPINION_TAGS) X(P_WH_PARTICLES) \
	X(P_MARKED_TAGS) X(P_CONFIRM_PARTICLES) X(P_WH_FINALS)
#define TS_X_QEND_ENUM(id) TS_QEN_##id,
enum { TS_QEND_LISTS(TS_X_QEND_ENUM) TS_QE_COUNT };
#define TS_QE(id) (1u << TS_QEN_##id)

/* The most characters a language's negators may start with for the
 * look for their bytes (ts_lang.neg_heads); zh has two, 不 and 没. */
#define TS_NEG_HEADS 4

/* The unified ideographs U+4E00..U+9FFF, where nearly every character of
 * a Chinese question is: ts_lang.key_function has a bit for each. */
#define TS_KEY_FUNCTION_FROM 0x4E00u
#define TS_KEY_FUNCTION_SPAN 0x5200u

typedef struct ts_lang {
	char name[16];          /* "zh", "en" */
	/* the choices are ints for the loader, which sets every value
	 * through one table: */
	int script;             /* ts_script */
	int unit;               /* ts_unit: what it counts, characters or words */
	int full_stop;          /* '.' before a blank ends a sentence (not after
	                         * an abbreviation or an initial) */
	int target_window;      /* characters a deflection's target may span */
	int qform;              /* ts_qform */
	int qplain;             /* no question list has a letter with case: the
	                         * question rules need no folded copy of a text */
	int hesitation_max;     /* content units below which a reply that breaks
	                         * off hesitates */
	int by_part;            /* several questions of a turn classed by their
	                         * parts of the reply */
	int keys_by;            /* ts_keys_by */
	int min_word_length;    /* of a content word (keys by words) */
	ts_words list[TS_L_COUNT];
	/* The lists of TS_QHIT_LISTS by first character, when qform is
	 * particles (else not built: every read goes list by list). */
	ts_hitindex qhits;
	/* The UTF-8 of the first characters of the words of negators and
	 * negators_two, each once: a sentence without their bytes has no
	 * A-not-A form (analyse/qform_particles.c).  nneg_heads is -1 when
	 * one is not of three bytes or there are more than TS_NEG_HEADS. */
	unsigned char neg_heads[TS_NEG_HEADS][3];
	int nneg_heads;
	/* The bytes of neg_heads each in sixteen lanes, two characters a row
	 * (the last twice when they are odd): neg_lanes[k][3 j + b] byte b of
	 * the j-th of row k, for the look at sixteen places at a time, made
	 * here once where each sentence made them again. */
	_Alignas(16) unsigned char neg_lanes[(TS_NEG_HEADS + 1) / 2][6][16];
	/* The function characters (keys.function_characters) among the
	 * unified ideographs, a bit each from TS_KEY_FUNCTION_FROM, and in a
	 * language keyed by pairs of characters those the class table does
	 * not class CJK: the content keys of a question (analyse/qkeys.c)
	 * test each of its characters, one load here where the list's table
	 * took a hashed probe and the class table a lookup.  The list's
	 * other characters are looked up there. */
	uint64_t key_function[TS_KEY_FUNCTION_SPAN / 64];
	/* For each slot of a pair of last bytes (ts_words_end_pair), the
	 * lists of TS_QEND_LISTS that a text ending with such a pair may end
	 * (ts_words_may_end2 of each): one load tells a sentence's end lists
	 * that may hold, where each list's own test was a line of cache of
	 * its own, and for the nine Chinese sentences in ten that end with
	 * no particle or tag none is left to test. */
	uint8_t qend[512];
} ts_lang;

typedef struct ts_langs {
	ts_lang *lang[TS_LANG_MAX];
	size_t n;
	int by_script[TS_SCRIPT_COUNT];  /* the first language of each, or -1 */
	int by_unit[2];                  /* ... of each unit (ts_unit) */
	/* What is read before a turn's language is known uses every
	 * language's words: stage-direction keywords by kind (none for
	 * TS_EVENT_NOTE), titles that may stand in a label, and
	 * prefixes that name metadata, not speakers. */
	ts_words stage[TS_EVENT_KIND_COUNT];
	ts_words titles;
	ts_words not_speakers;
} ts_langs;

/* The name of every list, by its id ("questions.tags"). */
extern const char *const ts_lang_list_names[TS_L_COUNT];

void ts_langs_init(ts_langs *ls);
void ts_langs_free(ts_langs *ls);

/* Load the languages DIR/languages.txt lists, in its order, each from
 * DIR/NAME.json.  Errors are located: "DIR/zh.json:12:5: unknown key
 * 'questons'". */
int ts_langs_load(ts_langs *ls, const char *dir, ts_error *err);

/* languages.txt: at most this many bytes; one name a line, blank lines
 * and lines starting with '#' say nothing. */
#define TS_LANG_LIST_MAX ((size_t)1 << 16)

/* The next line of list[*at..len) that names a language (not checked):
 * its bytes list[*a..*b), where its line starts in *line, its number in
 * *lineno (counted on from the caller's value); *at moves past it.  0 at
 * the end of the list. */
int ts_langs_list_next(const char *list, size_t len, size_t *at, size_t *lineno, size_t *line,
                       size_t *a, size_t *b);

/* Whether s[0..n) can name a language: letters, digits, '-' and '_', at
 * most 15 bytes ("zh", "en", "zh-Hant"). */
int ts_lang_name_ok(const char *s, size_t n);

/* Add one language file's bytes (name for messages); `expect` is the name
 * the file must give its language, or NULL.  A file that fails adds
 * nothing. */
int ts_langs_parse(ts_langs *ls, const char *name, const char *expect, const char *data,
                   size_t len, ts_error *err);

/* For the loader: free one language; rebuild what every language
 * contributes (by_script, by_unit, stage, titles, not_speakers)
 * after one is added (0, or -1 when out of memory). */
void ts_lang_free(ts_lang *l);
int ts_langs_merge(ts_langs *ls);

/* The index of a language by name, or -1. */
int ts_langs_find(const ts_langs *ls, const char *name);

/* "zh or en", "zh, en or ja": the loaded languages, for messages. */
void ts_langs_names(const ts_langs *ls, char *buf, size_t size);

/* The script of a text with cjk CJK characters and words words of other
 * scripts: CJK when it has CJK characters, at least as many as words,
 * alphabetic when it has words, -1 when it has neither.  One rule for a
 * turn and for a whole call. */
static inline int ts_script_of(size_t cjk, size_t words)
{
	if (cjk && cjk >= words)
		return TS_SCRIPT_CJK;
	return words ? TS_SCRIPT_ALPHABETIC : -1;
}

/* The language a turn is read in: the first language of its script
 * (ts_script_of), so CJK when the turn has CJK characters, at least as
 * many as words of other scripts (a Chinese turn with a Latin name in it, "ＣＬＢ的人", is Chinese; an
 * English one quoting 工会 once is English); the first alphabetic language
 * when it has words; a turn of neither takes the first language whose
 * unit is its call's.  0 when there is no such language. */
/* (Inline: asked for each turn by each analysis, some ten times a turn.) */
static inline int ts_turn_language(const ts_langs *ls, const ts_call *call, const ts_turn *t)
{
	int l = -1, script = ts_script_of(t->cjk, t->words);
	if (script >= 0)
		l = ls->by_script[script];
	/* a CJK turn with words too falls back on the alphabetic language */
	if (l < 0 && script == TS_SCRIPT_CJK && t->words)
		l = ls->by_script[TS_SCRIPT_ALPHABETIC];
	if (l < 0)
		l = ls->by_unit[call->unit == TS_UNIT_CHARS ? TS_UNIT_CHARS : TS_UNIT_WORDS];
	return l < 0 ? 0 : l;
}

#endif
