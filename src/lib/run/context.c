#include "config.h"

#include "run/context.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/diag.h"
#include "analyse/match.h"
#include "read/reader.h"

#ifndef TS_PKGDATADIR
#define TS_PKGDATADIR "/usr/local/share/talkstat"
#endif

void ts_options_init(ts_options *opt)
{
	memset(opt, 0, sizeof *opt);
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* A positive finite number with nothing after it. */
static int parse_rate(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !isfinite(v) || v <= 0 || v > 1000)
		return -1;
	*out = v;
	return 0;
}

/* "N" or "zh=N,en=N". */
static int parse_rates(ts_context *ctx, const char *spec, ts_error *err)
{
	char *copy = strdup(spec), *save = NULL;
	if (!copy)
		return ts_nomem(err);
	int rc = 0;
	if (!strchr(copy, '=')) {
		if (parse_rate(copy, &ctx->rate_all))
			rc = ts_fail(err, TS_EUSAGE, NULL, 0, 0,
			             "--rate wants a positive number or zh=N,en=N: '%s'", spec);
		free(copy);
		return rc;
	}
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');
		double v;
		if (!eq || parse_rate(eq + 1, &v)) {
			rc = ts_fail(err, TS_EUSAGE, NULL, 0, 0,
			             "--rate wants a positive number or zh=N,en=N: '%s'", spec);
			break;
		}
		*eq = '\0';
		if (!strcmp(tok, "zh"))
			ctx->rate_zh = v;
		else if (!strcmp(tok, "en"))
			ctx->rate_en = v;
		else {
			rc = ts_fail(err, TS_EUSAGE, NULL, 0, 0, "--rate: unknown language '%s'", tok);
			break;
		}
	}
	free(copy);
	return rc;
}

/* Split "A,B" (also "，" and "、") into labels. */
static int parse_speakers(ts_context *ctx, const char *spec, ts_error *err)
{
	const char *p = spec;
	while (*p) {
		size_t n = strcspn(p, ",");
		const char *alt[] = {"，", "、"};
		for (size_t a = 0; a < 2; a++) {
			const char *q = strstr(p, alt[a]);
			if (q && (size_t)(q - p) < n)
				n = (size_t)(q - p);
		}
		size_t s = ts_skip_blanks(p, n), e = ts_trim_end(p, n);
		if (s < e) {
			if (TS_GROW(ctx->speakers, ctx->speakers_cap, ctx->nspeakers + 1))
				return ts_nomem(err);
			char *lab = strndup(p + s, e - s);
			if (!lab)
				return ts_nomem(err);
			ctx->speakers[ctx->nspeakers++] = lab;
		}
		p += n;
		if (!*p)
			break;
		p += (unsigned char)*p == ',' ? 1 : 3;
	}
	if (!ctx->nspeakers)
		return ts_fail(err, TS_EUSAGE, NULL, 0, 0, "--speakers names no label: '%s'", spec);
	return 0;
}

/* The built-in lexicons (unless --lexicon-only), then the user's files in
 * the order given, into one automaton. */
static int load_lexicons(ts_context *ctx, const ts_options *opt, ts_error *err)
{
	static const char *const builtin[] = {"lexicons/zh.json", "lexicons/en.json"};
	int rc = 0;
	ctx->fold = ts_fold_new(ctx->tc);
	if (!ctx->fold)
		return ts_nomem(err);
	for (size_t i = 0; !opt->lexicon_only && i < sizeof builtin / sizeof *builtin; i++) {
		char *path = ts_data_path(ctx, builtin[i]);
		if (!path)
			return ts_nomem(err);
		rc = ts_lexicon_load(&ctx->lexicon, path, err);
		free(path);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < opt->nlexicons; i++)
		if ((rc = ts_lexicon_load(&ctx->lexicon, opt->lexicons[i], err)))
			return rc;
	if (!ctx->lexicon.n)
		return ts_fail(err, TS_EUSAGE, NULL, 0, 0, "--lexicon-only names no lexicon file");
	ctx->scratch = calloc(1, sizeof *ctx->scratch);
	if (!ctx->scratch)
		return ts_nomem(err);
	return ts_matcher_new(&ctx->matcher, &ctx->lexicon, ctx->fold, err);
}

int ts_context_new(ts_context **out, const ts_options *opt, ts_error *err)
{
	*out = NULL;
	ts_context *ctx = calloc(1, sizeof *ctx);
	if (!ctx)
		return ts_nomem(err);
	int rc = 0;
	ctx->opt = *opt;
	ctx->opt.lexicons = NULL;
	ctx->opt.nlexicons = 0;
	ts_lexicon_init(&ctx->lexicon);
	const char *dd = opt->datadir ? opt->datadir : getenv("TALKSTAT_DATADIR");
	ctx->datadir = strdup(dd && *dd ? dd : TS_PKGDATADIR);
	ctx->format = dup_or_null(opt->format);
	ctx->encoding = dup_or_null(opt->encoding);
	if (!ctx->datadir || (opt->format && !ctx->format) || (opt->encoding && !ctx->encoding)) {
		rc = ts_nomem(err);
		goto fail;
	}
	if (ctx->format && !ts_format_find(ctx->format)) {
		rc = ts_fail(err, TS_EUSAGE, NULL, 0, 0, "unknown format: '%s'", ctx->format);
		goto fail;
	}
	ctx->opt.format = ctx->format;
	ctx->opt.encoding = ctx->encoding;
	ctx->opt.datadir = ctx->datadir;
	if (opt->rate && (rc = parse_rates(ctx, opt->rate, err)))
		goto fail;
	if (opt->speakers && (rc = parse_speakers(ctx, opt->speakers, err)))
		goto fail;
	ctx->opt.speakers = NULL;
	ctx->opt.rate = NULL;
	if (opt->caller) {
		ctx->caller = ts_nfkc(opt->caller, strlen(opt->caller));
		if (!ctx->caller) {
			rc = ts_fail(err, TS_EUSAGE, NULL, 0, 0, "--caller is not valid UTF-8");
			goto fail;
		}
	}
	ctx->opt.caller = NULL;
	ctx->tc = ts_textclass_new();
	if (!ctx->tc) {
		rc = ts_nomem(err);
		goto fail;
	}
	char *path = ts_data_path(ctx, "backchannels.txt");
	if (!path) {
		rc = ts_nomem(err);
		goto fail;
	}
	rc = ts_backchannels_load(&ctx->bc, ctx->tc, path, err);
	free(path);
	if (rc)
		goto fail;
	/* the reply classes of the question-answer section use deflections too */
	if ((!opt->sections || (opt->sections & (TS_SECTION_DEFLECTIONS | TS_SECTION_QA))) &&
	    (rc = load_lexicons(ctx, opt, err)))
		goto fail;
	*out = ctx;
	return 0;
fail:
	ts_context_free(ctx);
	return rc;
}

void ts_context_free(ts_context *ctx)
{
	if (!ctx)
		return;
	for (size_t i = 0; i < ctx->nspeakers; i++)
		free(ctx->speakers[i]);
	free(ctx->speakers);
	free(ctx->caller);
	free(ctx->datadir);
	free(ctx->format);
	free(ctx->encoding);
	ts_textclass_free(ctx->tc);
	ts_backchannels_free(ctx->bc);
	ts_matcher_free(ctx->matcher);
	if (ctx->scratch)
		ts_matchbuf_free(ctx->scratch);
	free(ctx->scratch);
	ts_lexicon_free(&ctx->lexicon);
	ts_fold_free(ctx->fold);
	free(ctx);
}

int ts_context_thread_copy(ts_context *copy, const ts_context *ctx)
{
	*copy = *ctx;
	copy->scratch = NULL;
	if (ctx->scratch && !(copy->scratch = calloc(1, sizeof *copy->scratch)))
		return TS_ENOMEM;
	return 0;
}

void ts_context_thread_free(ts_context *copy)
{
	if (copy->scratch)
		ts_matchbuf_free(copy->scratch);
	free(copy->scratch);
	copy->scratch = NULL;
}

double ts_context_rate(const ts_context *ctx, const char *language, ts_unit unit)
{
	if (ctx->rate_all > 0)
		return ctx->rate_all;
	if (language && !strcmp(language, "zh") && ctx->rate_zh > 0)
		return ctx->rate_zh;
	if (language && !strcmp(language, "en") && ctx->rate_en > 0)
		return ctx->rate_en;
	return unit == TS_UNIT_CHARS ? TS_RATE_ZH : TS_RATE_EN;
}

char *ts_data_path(const ts_context *ctx, const char *name)
{
	size_t n = strlen(ctx->datadir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", ctx->datadir, name);
	return p;
}

const char *ts_version(void)
{
	return PACKAGE_VERSION;
}
