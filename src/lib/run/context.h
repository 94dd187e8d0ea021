/* The run context: options after parsing, the character table, data files. */
#ifndef TS_CONTEXT_H
#define TS_CONTEXT_H

#include "model/backchannel.h"
#include "base/fold.h"
#include "analyse/lexicon.h"
#include "talkstat.h"
#include "base/text.h"

/* Default speaking rates, in units per second (docs/metrics.md):
 * Mandarin 5.18 syllables/s, one character being one syllable (Pellegrino,
 * Coupé & Marsico 2011, "A cross-language perspective on speech information
 * rate", Language 87(3)); English 150 words/min (US National Center for
 * Voice and Speech, conversational American English). */
#define TS_RATE_ZH 5.18
#define TS_RATE_EN 2.5

struct ts_context {
	ts_options opt;
	char *datadir;
	char *format;
	char *encoding;
	char **speakers;         /* declared labels, as given */
	size_t nspeakers, speakers_cap;
	char *caller;            /* NFKC id, or NULL */
	double rate_all;         /* from "--rate N", 0 when unset */
	double rate_zh, rate_en; /* per language */
	ts_textclass *tc;
	ts_backchannels *bc;
	/* Deflections, when a section needs them: */
	ts_fold *fold;
	ts_lexicon lexicon;
	struct ts_matcher *matcher;
	/* Scratch memory of the matcher, kept from call to call so that it is
	 * allocated once per run, not once per call.  Analysers write to it
	 * through a const context: a context serves one thread at a time. */
	struct ts_matchbuf *scratch;
};

/* A context for another thread: shares everything read-only with ctx and
 * has scratch memory of its own.  Free it with ts_context_thread_free
 * before ctx. */
int ts_context_thread_copy(ts_context *copy, const ts_context *ctx);
void ts_context_thread_free(ts_context *copy);

/* The speaking rate for a call's language and unit. */
double ts_context_rate(const ts_context *ctx, const char *language, ts_unit unit);

/* Path of a data file: datadir "/" name, malloc'd. */
char *ts_data_path(const ts_context *ctx, const char *name);

#endif
