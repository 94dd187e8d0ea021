/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* read/reader_chat.c: TalkBank CHAT transcripts (docs/formats.md, "CHAT"):
 * speakers, turns as CLAN's MLT counts them, words as its MLU counts them,
 * media bullets, CA notation, metadata and located errors. */
#include "config.h"

#include <math.h>

#include "helpers.h"

#include "read/reader.h"

/* The tab after a tier's name, and a bullet's delimiter. */
#define B "\x15"

static ts_context *chat_context(void)
{
	ts_options o;
	ts_options_init(&o);
	o.format = "chat";
	ts_context *ctx = NULL;
	ts_error err = {0};
	if (ts_context_new(&ctx, &o, &err))
		fail_msg("context: %s", err.msg);
	return ctx;
}

static int setup(void **state)
{
	*state = chat_context();
	return 0;
}

static int teardown(void **state)
{
	ts_context_free(*state);
	return 0;
}

/* A reader over text, read to its first call: rc and *call (borrowed from
 * *r, which the test closes) or the error. */
static int read_chat(ts_context *ctx, const char *text, ts_reader **r, const ts_call **call,
                     ts_error *err)
{
	const char *path = temp_file(text, strlen(text));
	*r = NULL;
	*call = NULL;
	int rc = ts_reader_open(r, ctx, path, err);
	unlink(path);
	if (!rc)
		rc = ts_reader_next(*r, call, err);
	return rc;
}

/* The message of the error that reading text gives, as
 * "LINE:COL: message". */
static const char *error_of(ts_context *ctx, const char *text)
{
	static char out[600];
	ts_reader *r;
	const ts_call *c;
	ts_error err = {0};
	int rc = read_chat(ctx, text, &r, &c, &err);
	ts_reader_close(r);
	assert_int_equal(rc, TS_EINPUT);
	snprintf(out, sizeof out, "%ld:%ld: %s", err.line, err.col, err.msg);
	return out;
}

static const char *meta(const ts_call *c, const char *key)
{
	for (size_t i = 0; i < c->nmeta; i++)
		if (!strcmp(c->meta[i].key, key))
			return c->meta[i].value;
	return NULL;
}

#define HEAD "@UTF8\n@Begin\n@Participants:\tINV Ann Investigator, PAR Participant\n"

static void turns_are_runs_of_one_speaker(void **state)
{
	ts_reader *r;
	const ts_call *c;
	ts_error err;
	assert_int_equal(read_chat(*state, HEAD
	                           "*INV:\tso what happened next ?\n"
	                           "%mor:\tadv|so pro:int|what v|happen-PAST adv|next ?\n"
	                           "*PAR:\twell I went home .\n"
	                           "*PAR:\tand then I told her .\n"
	                           "*INV:\toh really ?\n"
	                           "@End\n",
	                           &r, &c, &err),
	                 1);
	assert_string_equal(c->format, "chat");
	assert_int_equal(c->nturns, 3);
	assert_int_equal(c->nspeakers, 2);
	assert_string_equal(c->speakers[c->turns[0].speaker].id, "INV");
	assert_string_equal(c->speakers[c->turns[1].speaker].id, "PAR");
	/* the %mor tier is about the speech, not speech */
	assert_string_equal(c->turns[0].text, "so what happened next?");
	assert_int_equal(c->turns[0].words, 4);
	assert_string_equal(c->turns[1].text, "well I went home. and then I told her.");
	assert_int_equal(c->turns[1].words, 9);
	assert_int_equal(c->turns[1].line, 6);
	assert_int_equal(c->turns[1].col, 1);
	assert_int_equal(c->turns[2].line, 8);
	assert_false(c->timed);
	assert_true(isnan(c->turns[0].start));
	/* the words' positions: "home" on line 6 after "*PAR:\twell I went " */
	long line, col;
	ts_turn_position(&c->turns[1], strlen("well I went "), &line, &col);
	assert_int_equal(line, 6);
	assert_int_equal(col, 19);
	ts_turn_position(&c->turns[1], strlen("well I went home. and "), &line, &col);
	assert_int_equal(line, 7);
	assert_int_equal(col, 11);
	ts_reader_close(r);
}

static void continuation_lines_join(void **state)
{
	ts_reader *r;
	const ts_call *c;
	ts_error err;
	assert_int_equal(read_chat(*state,
	                           "@Begin\n@Participants:\tINV Investigator,\n\tPAR Participant\n"
	                           "*INV:\tthis is a long\n\tutterance that wraps .\n"
	                           "%com:\ta comment\n\tthat wraps too\n"
	                           "*PAR:\tyes .\n",
	                           &r, &c, &err),
	                 1);
	assert_int_equal(c->nturns, 2);
	assert_string_equal(c->turns[0].text, "this is a long utterance that wraps.");
	assert_int_equal(c->turns[0].words, 7);
	long line, col;
	ts_turn_position(&c->turns[0], strlen("this is a long "), &line, &col);
	assert_int_equal(line, 5);
	assert_int_equal(col, 2);
	/* PAR, declared on the continuation of @Participants */
	assert_string_equal(c->speakers[c->turns[1].speaker].id, "PAR");
	ts_reader_close(r);
}

static void bullets_time_turns(void **state)
{
	ts_reader *r;
	const ts_call *c;
	ts_error err;
	assert_int_equal(read_chat(*state, HEAD
	                           "*INV:\tfirst . " B "1000_2500" B "\n"
	                           "*INV:\tsecond . " B "2400_4000" B "\n"
	                           "*PAR:\tthird " B "4100_4500" B " and fourth . " B "4600_5000-" B "\n"
	                           "%wor:\tthird " B "4100_4300" B " and " B "4300_4400" B "\n"
	                           "*INV:\tuntimed .\n"
	                           "*PAR:\told style . " B "%snd:\"clip\"_7000_7250" B "\n",
	                           &r, &c, &err),
	                 1);
	assert_true(c->timed);
	assert_int_equal(c->nturns, 4);
	/* a turn runs from its first utterance's start to the last's end */
	assert_true(c->turns[0].start == 1.0 && c->turns[0].end == 4.0);
	assert_true(c->turns[1].start == 4.1 && c->turns[1].end == 5.0);
	assert_true(isnan(c->turns[2].start) && isnan(c->turns[2].end));
	assert_true(c->turns[3].start == 7.0 && c->turns[3].end == 7.25);
	assert_string_equal(c->turns[1].text, "third and fourth.");
	assert_int_equal(c->turns[1].words, 3);
	ts_reader_close(r);
}

/* A tier of plain words, a terminator and a bullet is read in one pass
 * (plain_utterance); the same words with an annotation between them go
 * through the tokens: both give the text, counts, times and places that
 * CHAT's rules give. */
static void plain_tiers_read_as_tokens(void **state)
{
	ts_reader *r;
	const ts_call *c;
	ts_error err;
	assert_int_equal(read_chat(*state, HEAD
	                           "*INV:\tso what happened ? " B "1000_2240" B "\n"
	                           "*PAR:\tso what [= x] happened ? " B "3000_4240" B "\n"
	                           "*INV:\tdon't co-op x1 . " B "5000_6000-" B "\n"
	                           "*PAR:\tso  what happened !\n",
	                           &r, &c, &err),
	                 1);
	assert_int_equal(c->nturns, 4);
	for (size_t t = 0; t < 2; t++) {
		assert_string_equal(c->turns[t].text, "so what happened?");
		assert_int_equal(c->turns[t].words, 3);
		assert_int_equal(c->turns[t].chars, 14);
		assert_true(c->turns[t].start == 1.0 + 2 * (double)t && c->turns[t].end == 2.24 + 2 * (double)t);
		assert_int_equal(c->turns[t].pieces[0].line, 4 + (long)t);
		assert_int_equal(c->turns[t].pieces[0].col, 7);
	}
	/* "so what happened" is one piece, then "?" at column 24 */
	assert_int_equal(c->turns[0].npieces, 2);
	assert_int_equal(c->turns[0].pieces[1].col, 24);
	/* "so what", "happened" after the annotation (column 21), "?" */
	assert_int_equal(c->turns[1].npieces, 3);
	assert_int_equal(c->turns[1].pieces[1].col, 21);
	assert_int_equal(c->turns[1].pieces[2].col, 30);
	assert_string_equal(c->turns[2].text, "don't co-op x1.");
	assert_int_equal(c->turns[2].words, 3);
	assert_int_equal(c->turns[2].chars, 10);
	assert_true(c->turns[2].start == 5.0 && c->turns[2].end == 6.0);
	/* two blanks: two pieces, the text as one blank joins them */
	assert_string_equal(c->turns[3].text, "so what happened!");
	assert_int_equal(c->turns[3].words, 3);
	assert_true(isnan(c->turns[3].start));
	assert_int_equal(c->turns[3].pieces[1].col, 11);
	ts_reader_close(r);
}

/* Long plain tiers are read eight bytes at a time (plain_words): words
 * and characters at every place of a block, the untranscribed xxx, yyy and
 * www wherever they fall, a blank before what is no word, and bullets of
 * one to fifteen digits, counted as CLAN counts them. */
static void long_plain_tiers_count_as_clan(void **state)
{
	ts_context *ctx = *state;
	/* "ab cd'e f-gh 12i jklmnopqrs t" then a word of k letters: 6 words
	 * and 22 letters and digits (2 + 3 + 3 + 3 + 10 + 1), and k more */
	for (size_t k = 1; k <= 17; k++) {
		char text[600], word[20];
		memset(word, 'z', k);
		word[k] = '\0';
		snprintf(text, sizeof text, HEAD "*INV:\tab cd'e f-gh 12i jklmnopqrs t %s .\n", word);
		ts_reader *r;
		const ts_call *c;
		ts_error err;
		assert_int_equal(read_chat(ctx, text, &r, &c, &err), 1);
		assert_int_equal(c->turns[0].words, 7);
		assert_int_equal(c->turns[0].chars, 22 + k);
		ts_reader_close(r);
	}
	/* an untranscribed word after k letters and a blank, so that it
	 * starts at each place of a block: "a..a xxx bb cc ." is three
	 * words, as is the same with yyy or www; "xxxx" and "wwwx" are
	 * words */
	static const char *const untranscribed[] = {"xxx", "yyy", "www"};
	for (size_t k = 1; k <= 9; k++)
		for (size_t u = 0; u < 4; u++) {
			char text[600], word[20];
			memset(word, 'a', k);
			word[k] = '\0';
			snprintf(text, sizeof text, HEAD "*INV:\t%s %s bb cc dd ee .\n", word,
			         u < 3 ? untranscribed[u] : "xxxx");
			ts_reader *r;
			const ts_call *c;
			ts_error err;
			assert_int_equal(read_chat(ctx, text, &r, &c, &err), 1);
			assert_int_equal(c->turns[0].words, u < 3 ? 5 : 6);
			ts_reader_close(r);
		}
	/* a blank before a digit, two blanks, a comma, long words */
	ts_reader *r;
	const ts_call *c;
	ts_error err;
	assert_int_equal(read_chat(ctx, HEAD
	                           "*INV:\tabcdefgh ijklmnop 9qrs tu .\n"
	                           "*PAR:\tabcdefghijklmnopqrstuvwxyz0123456789 abc  defghijk lm .\n"
	                           "*INV:\tabcdefgh ijklmnop qrs, tuvwxyz abc .\n"
	                           "*PAR:\tyyyy zzz aaa www' ab'cd'ef-gh ij .\n",
	                           &r, &c, &err),
	                 1);
	assert_int_equal(c->turns[0].words, 4);
	assert_int_equal(c->turns[0].chars, 8 + 8 + 4 + 2);
	assert_int_equal(c->turns[1].words, 4);
	assert_int_equal(c->turns[1].chars, 36 + 3 + 8 + 2);
	assert_string_equal(c->turns[1].text, "abcdefghijklmnopqrstuvwxyz0123456789 abc defghijk lm.");
	assert_int_equal(c->turns[2].words, 5);
	assert_int_equal(c->turns[3].words, 6);
	assert_int_equal(c->turns[3].chars, 4 + 3 + 3 + 3 + 8 + 2);
	ts_reader_close(r);
	/* bullets: 1, 8, 9 and 15 digits, leading zeros */
	assert_int_equal(read_chat(ctx, HEAD
	                           "*INV:\tone . " B "7_12345678" B "\n"
	                           "*PAR:\ttwo . " B "123456789_0000000000123456790" B "\n"
	                           "*INV:\tthree . " B "00000000_000000001" B "\n"
	                           "*PAR:\tfour . " B "999999999999999_1000000000000000" B "\n",
	                           &r, &c, &err),
	                 1);
	assert_true(c->turns[0].start == 0.007 && c->turns[0].end == 12345.678);
	assert_true(c->turns[1].start == 123456.789 && c->turns[1].end == 123456.79);
	assert_true(c->turns[2].start == 0 && c->turns[2].end == 0.001);
	assert_true(c->turns[3].start == 999999999999.999 && c->turns[3].end == 1e12);
	ts_reader_close(r);
	assert_string_equal(error_of(ctx, HEAD "*INV:\tok . " B "1_1000000000000001" B "\n"),
	                    "4:12: malformed media bullet (start_end in milliseconds): "
	                    "'1_1000000000000001'");
	assert_string_equal(error_of(ctx, HEAD "*INV:\tok . " B "12345678x_12345679" B "\n"),
	                    "4:12: malformed media bullet (start_end in milliseconds): "
	                    "'12345678x_12345679'");
}

/* CA and CHAT notation, as CLAN's MLU and MLT count words. */
static void notation_counts_as_clan(void **state)
{
	ts_reader *r;
	const ts_call *c;
	ts_error err;
	assert_int_equal(read_chat(*state, HEAD
	                           "*INV:\t⌈ one ⌉ ⌈2 two ⌉2 ≈ (0.8) three (.) four↑ .\n"
	                           "*PAR:\t⌊ one ⌋ &=laughs xxx &-uh &+fr 0is www yyy +...\n"
	                           "*INV:\t<I told> [//] I said (es)cucha wan [: want] it [/] it .\n"
	                           "*PAR:\tta:p d@u ice_cream goed [: went] [*] . [+ IMIT]\n"
	                           "*INV:\t+< yeah [<] „ right ?\n",
	                           &r, &c, &err),
	                 1);
	assert_int_equal(c->nturns, 5);
	assert_string_equal(c->turns[0].text, "one two three four.");
	assert_int_equal(c->turns[0].words, 4);
	assert_string_equal(c->turns[1].text, "one.");
	assert_int_equal(c->turns[1].words, 1);
	/* retraced "I told" and "it" out, "want" for "wan" */
	assert_string_equal(c->turns[2].text, "I said escucha want it.");
	assert_int_equal(c->turns[2].words, 5);
	assert_string_equal(c->turns[3].text, "tap d ice cream went.");
	assert_int_equal(c->turns[3].words, 4);
	assert_string_equal(c->turns[4].text, "yeah, right?");
	assert_int_equal(c->turns[4].words, 2);
	/* things done and speech not transcribed are events of the turn */
	assert_int_equal(c->nevents, 4);
	assert_int_equal(c->events[0].kind, TS_EVENT_LAUGHTER);
	assert_string_equal(c->events[0].text, "laughs");
	assert_int_equal(c->events[0].turn, 2);
	assert_int_equal(c->events[0].line, 5);
	assert_int_equal(c->events[0].col, 15);
	assert_int_equal(c->events[1].kind, TS_EVENT_INAUDIBLE);
	assert_string_equal(c->events[1].text, "xxx");
	assert_int_equal(c->events[2].kind, TS_EVENT_NOTE);
	assert_string_equal(c->events[2].text, "www");
	assert_int_equal(c->events[3].kind, TS_EVENT_INAUDIBLE);
	ts_reader_close(r);
}

static void headers_are_metadata(void **state)
{
	ts_reader *r;
	const ts_call *c;
	ts_error err;
	assert_int_equal(read_chat(*state, "@UTF8\n@PID:\t11312/x\n@Begin\n@Languages:\teng\n"
	                                   "@Participants:\tA Adult, B Adult\n"
	                                   "@ID:\teng|corpus|A|||||Adult|||\n"
	                                   "@Date:\t01-JAN-2000\n@Situation:\ta phone call\n"
	                                   "@Media:\tcall1, audio\n@Comment:\tfirst\n@G:\tgem\n"
	                                   "*A:\thello ?\n@Comment:\tsecond\n@Bg:\tx\n*B:\thi .\n"
	                                   "@Eg:\tx\n@End\n",
	                           &r, &c, &err),
	                 1);
	assert_int_equal(c->line, 3);
	assert_string_equal(meta(c, "Date"), "01-JAN-2000");
	assert_string_equal(meta(c, "Situation"), "a phone call");
	assert_string_equal(meta(c, "Media"), "call1, audio");
	assert_string_equal(meta(c, "Comment"), "first | second");
	assert_string_equal(meta(c, "Languages"), "eng");
	assert_string_equal(meta(c, "Participants"), "A Adult, B Adult");
	assert_null(meta(c, "ID"));
	assert_null(meta(c, "G"));
	assert_null(meta(c, "Bg"));
	assert_null(meta(c, "UTF8"));
	assert_int_equal(c->nturns, 2);
	/* the caller: who asks (annotation), or --caller A / @Caller */
	assert_int_equal(c->speakers[0].role, TS_ROLE_CALLER);
	assert_int_equal(ts_reader_next(r, &c, &err), 0);
	ts_reader_close(r);
}

static void bad_input_is_located(void **state)
{
	ts_context *ctx = *state;
	assert_string_equal(error_of(ctx, "*A:\thi .\n"), "1:1: no @Begin header before this line");
	assert_string_equal(error_of(ctx, "@UTF8\n@Languages:\teng\n"), "1:1: no @Begin header");
	assert_string_equal(error_of(ctx, "A: hello\nB: hi\n"),
	                    "1:1: no @Begin header before this line");
	assert_string_equal(error_of(ctx, ""), "0:0: empty input");
	assert_string_equal(error_of(ctx, HEAD "*INV:\tok .\n*XYZ:\thi .\n"),
	                    "5:2: speaker 'XYZ' is not declared in @Participants");
	assert_string_equal(error_of(ctx, HEAD "*INV:\tok . " B "12_x" B "\n"),
	                    "4:12: malformed media bullet (start_end in milliseconds): '12_x'");
	assert_string_equal(error_of(ctx, HEAD "*INV:\tok .\n\tand é " B "200_100" B "\n"),
	                    "5:8: media bullet ends before it starts: '200_100'");
	assert_string_equal(error_of(ctx, HEAD "*INV:\tok . " B "200_300\n"),
	                    "4:12: media bullet not closed: '200_300'");
	assert_string_equal(error_of(ctx, HEAD "*INV:\tok [= a note .\n"),
	                    "4:10: '[' without ']': '[= a note .'");
	assert_string_equal(error_of(ctx, HEAD "*INV:\tcaf\xC3 .\n"), "4:10: invalid UTF-8 byte 0xC3");
	assert_string_equal(error_of(ctx, HEAD "%mor:\tn|x \xFF\n*INV:\tx .\n"),
	                    "4:11: invalid UTF-8 byte 0xFF");
	assert_string_equal(error_of(ctx, HEAD "*INV:\tok .\n@End\n*PAR:\tmore .\n"),
	                    "6:1: text after @End");
	assert_string_equal(error_of(ctx, HEAD "@End\n"),
	                    "2:1: no utterances: the transcript has no main tier ('*SPK:')");
	assert_string_equal(error_of(ctx, "\tstray\n@Begin\n"),
	                    "1:1: continuation line (it starts with a tab) without a tier before it");
	assert_string_equal(error_of(ctx, HEAD "*INV hello .\n"), "4:1: main tier without 'NAME:'");
	assert_string_equal(error_of(ctx, HEAD "INV:\thello .\n"),
	                    "4:1: not a CHAT line (a header '@', a main tier '*SPK:', a dependent "
	                    "tier '%tier:' or a tab-indented continuation)");
}

/* The example of docs/formats.md, "TalkBank CHAT". */
static void documented_example(void **state)
{
	ts_reader *r;
	const ts_call *c;
	ts_error err;
	assert_int_equal(read_chat(*state, "@UTF8\n@Begin\n"
	                                   "@Participants:\tINV Investigator, PAR Participant\n"
	                                   "@Date:\t12-AUG-1992\n"
	                                   "*INV:\tso what happened [>] next ? " B "1000_2240" B "\n"
	                                   "%mor:\tadv|so pro:int|what v|happen-PAST adv|next ?\n"
	                                   "*PAR:\t+< well [<] I went &-uh home . " B "1900_3100" B "\n"
	                                   "*PAR:\t<I told> [//] I said (.) nothing . " B "3300_4800" B
	                                   "\n@End\n",
	                           &r, &c, &err),
	                 1);
	assert_int_equal(c->nturns, 2);
	assert_string_equal(c->turns[0].text, "so what happened next?");
	assert_int_equal(c->turns[0].words, 4);
	assert_true(c->turns[0].start == 1.0 && c->turns[0].end == 2.24);
	assert_string_equal(c->turns[1].text, "well I went home. I said nothing.");
	assert_int_equal(c->turns[1].words, 7);
	assert_true(c->turns[1].start == 1.9 && c->turns[1].end == 4.8);
	assert_true(c->timed);
	assert_string_equal(meta(c, "Date"), "12-AUG-1992");
	ts_reader_close(r);
}

static void sniffed_by_headers_and_extension(void **state)
{
	(void)state;
	const char *cha = "@UTF8\n@PID:\tx\n@Begin\n@Participants:\tA Adult\n";
	assert_int_equal(ts_reader_chat.sniff(cha, strlen(cha)), TS_SNIFF_SURE);
	assert_int_equal(ts_reader_chat.sniff("@UTF8\n@Begin\n", 13), TS_SNIFF_LIKELY);
	assert_int_equal(ts_reader_chat.sniff("@Date: 2020\nA: hi\n", 18), TS_SNIFF_NO);
	/* labelled text with @Participants is text */
	const char *txt = "@Participants: A, B\nA: hi\nB: yes\n";
	assert_int_equal(ts_reader_chat.sniff(txt, strlen(txt)), TS_SNIFF_NO);
	static const ts_format_reader *const rows[] = {&ts_reader_text, &ts_reader_chat};
	const ts_format_reader *fmt;
	ts_error err;
	assert_int_equal(ts_format_choose(rows, 2, NULL, "x/a.CHA", "", 0, &fmt, &err), 0);
	assert_string_equal(fmt->name, "chat");
	assert_int_equal(ts_format_choose(rows, 2, NULL, "-", cha, strlen(cha), &fmt, &err), 0);
	assert_string_equal(fmt->name, "chat");
	assert_int_equal(ts_format_choose(rows, 2, NULL, "-", txt, strlen(txt), &fmt, &err), 0);
	assert_string_equal(fmt->name, "text");
	assert_int_equal(ts_format_check("chat", &err), 0);
}

/* The real files of fixtures/chat: each turn's times as
 * tests/tools/chat_counts.py works them out from the bullets (its
 * turn_times), and the seconds per speaker they sum to (turn_seconds). */
static void real_files_times(void **state)
{
	static const struct {
		const char *file;
		size_t nturns;
		double start[5], end[5];  /* NAN: untimed */
		const char *spk[3];
		double seconds[3];
	} want[] = {
		{"spa_marrero_timed.cha", 5,
		 {1.0, 4.954, 6.419, NAN, NAN}, {5.353, 5.594, 6.919, NAN, NAN},
		 {"TOY", "DAN", "SER"}, {4.853, 0.64, 0}},
		{"fra_geneva_timed.cha", 2, {1.0, NAN}, {3.219, NAN}, {"MOT", "CHI", NULL}, {2.219, 0, 0}},
		{"english-child-speech.cha", 1, {0.0}, {4.533}, {"MOT", NULL, NULL}, {4.533, 0, 0}},
	};
	const char *src = getenv("TS_SRCDIR");
	for (size_t f = 0; f < sizeof want / sizeof *want; f++) {
		char path[1024];
		snprintf(path, sizeof path, "%s/fixtures/chat/%s", src ? src : ".", want[f].file);
		ts_reader *r = NULL;
		const ts_call *c;
		ts_error err;
		assert_int_equal(ts_reader_open(&r, *state, path, &err), 0);
		assert_int_equal(ts_reader_next(r, &c, &err), 1);
		assert_true(c->timed);
		assert_int_equal(c->nturns, want[f].nturns);
		double seconds[3] = {0, 0, 0};
		for (size_t t = 0; t < c->nturns; t++) {
			const ts_turn *u = &c->turns[t];
			if (isnan(want[f].start[t])) {
				assert_true(isnan(u->start) && isnan(u->end));
				continue;
			}
			assert_true(fabs(u->start - want[f].start[t]) < 1e-9);
			assert_true(fabs(u->end - want[f].end[t]) < 1e-9);
			for (size_t k = 0; k < 3; k++)
				if (want[f].spk[k] && !strcmp(c->speakers[u->speaker].id, want[f].spk[k]))
					seconds[k] += u->end - u->start;
		}
		for (size_t k = 0; k < 3; k++)
			assert_true(fabs(seconds[k] - want[f].seconds[k]) < 1e-9);
		ts_reader_close(r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(turns_are_runs_of_one_speaker),
		cmocka_unit_test(continuation_lines_join),
		cmocka_unit_test(bullets_time_turns),
		cmocka_unit_test(plain_tiers_read_as_tokens),
		cmocka_unit_test(long_plain_tiers_count_as_clan),
		cmocka_unit_test(notation_counts_as_clan),
		cmocka_unit_test(headers_are_metadata),
		cmocka_unit_test(bad_input_is_located),
		cmocka_unit_test(documented_example),
		cmocka_unit_test(sniffed_by_headers_and_extension),
		cmocka_unit_test(real_files_times),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
