/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* HTML transcript pages, as governments publish press briefings:
 *
 *     <p><strong>MR. PRICE:</strong> Good afternoon.</p>
 *     <p>Q&nbsp;&nbsp;&nbsp; Thank you, Ned.</p>
 *
 * libxml2's HTML parser reads the page as a browser would (entities
 * decoded, tags closed where HTML closes them); its push parser takes the
 * page a line at a time, so the page is never held whole.  What a browser
 * shows of the page becomes lines of text: each block (paragraph, heading,
 * list item, table row ...) and each <br> ends a line, and blanks are
 * collapsed as HTML collapses them.  Left out: what is not shown (head,
 * script, style, template, noscript, an element with the hidden attribute)
 * and the page's frame (nav, header, footer); when the page marks its main
 * content (<main>, role="main"), only the first such element.  The lines
 * go to a temporary file, each with the line of the page where its text
 * starts, and the labelled-text reader reads them (read/reader_text.c):
 * labels, Q, stage directions and calls as in text, errors at the page's
 * lines.
 *
 * libxml2 is loaded when the first page is read, not linked: it brings
 * ICU and with it the C++ runtime, which linked would be mapped and
 * started in every run (as liblinear was, run/liblinear.h). */
#include "config.h"

#include <dlfcn.h>
#include <libxml/HTMLparser.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/caseless.h"
#include "base/diag.h"
#include "base/dlsym.h"
#include "base/text.h"
#include "read/reader.h"

/* Elements whose content is not shown, or is the page's frame. */
static const char *const skipped[] = {"footer", "head",     "header", "nav",
                                      "noscript", "script", "style",  "template", NULL};

/* Elements that start and end a line of text (both lists sorted by first
 * letter, for in_list). */
static const char *const blocks[] = {
	"address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details",
	"dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
	"h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "legend", "li", "main", "nav", "ol",
	"p", "pre", "section",
	"summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", NULL};

/* libxml2's functions, from the shared object configure found. */
static struct {
	void (*init)(void);
	htmlParserCtxtPtr (*create)(htmlSAXHandlerPtr, void *, const char *, int, const char *,
	                            xmlCharEncoding);
	int (*options)(htmlParserCtxtPtr, int);
	int (*chunk)(htmlParserCtxtPtr, const char *, int, int);
	void (*free_ctxt)(htmlParserCtxtPtr);
	const char *missing;  /* what could not be loaded, or NULL */
	char why[200];
} xml;

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void sym(void *handle, const char *name, void *fn, size_t size)
{
	if (!xml.missing && ts_dlsym(handle, name, fn, size))
		xml.missing = name;
}

/* Once a process (never closed: threads may read pages at any time); the
 * parser's global state is set up here, before any thread parses. */
static void xml_load(void)
{
	void *h = dlopen(TS_LIBXML2_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *why = dlerror();
		xml.missing = TS_LIBXML2_SONAME;
		snprintf(xml.why, sizeof xml.why, "%s", why ? why : "cannot be loaded");
		return;
	}
	sym(h, "xmlInitParser", &xml.init, sizeof xml.init);
	sym(h, "htmlCreatePushParserCtxt", &xml.create, sizeof xml.create);
	sym(h, "htmlCtxtUseOptions", &xml.options, sizeof xml.options);
	sym(h, "htmlParseChunk", &xml.chunk, sizeof xml.chunk);
	sym(h, "htmlFreeParserCtxt", &xml.free_ctxt, sizeof xml.free_ctxt);
	if (xml.missing)
		snprintf(xml.why, sizeof xml.why, "it has no function %s", xml.missing);
	else
		xml.init();
}

/* What the parser is given at once (a line longer than this is one
 * chunk: lines are at most TS_MAX_LINE_BYTES, below INT_MAX). */
#define CHUNK_BYTES (64 << 10)

typedef struct extract {
	htmlParserCtxtPtr ctxt;
	FILE *out;
	const char *name;
	ts_buf line;          /* the line being gathered */
	long line_at;         /* the page's line where its text starts */
	long pos_line;        /* the page's line after the last event */
	int space;            /* a blank is pending before the next text */
	long *map; size_t nmap, mapcap;
	size_t skip;          /* depth inside skipped elements */
	size_t depth;         /* element depth */
	size_t main_depth;    /* depth of the main element while in it, else 0 */
	int main_seen;        /* a main element has begun: text outside it is not read */
	size_t pre;           /* depth inside <pre> */
	int failed;           /* TS_ENOMEM, TS_EIO, TS_ELIMIT, or 0 */
} extract;

/* Whether name is in list (sorted by first letter; most names of a page,
 * a, span, strong, p, are found or ruled out at the first letter). */
static int in_list(const char *const *list, const xmlChar *name)
{
	for (size_t i = 0; list[i]; i++) {
		if (list[i][0] != (char)name[0]) {
			if (list[i][0] > (char)name[0])
				return 0;
			continue;
		}
		if (!strcmp(list[i], (const char *)name))
			return 1;
	}
	return 0;
}

/* The line gathered, trailing blanks dropped, as the next line of out. */
static void flush(extract *x)
{
	if (x->failed)
		return;
	x->space = 0;
	size_t n = x->line.len;
	while (n && (x->line.ptr[n - 1] == ' '))
		n--;
	x->line.len = 0;
	if (!n)
		return;
	if (TS_GROW(x->map, x->mapcap, x->nmap + 1)) {
		x->failed = TS_ENOMEM;
		return;
	}
	x->map[x->nmap++] = x->line_at;
	if (fwrite(x->line.ptr, 1, n, x->out) != n || putc('\n', x->out) == EOF)
		x->failed = TS_EIO;
}

static int reading(const extract *x)
{
	return !x->skip && (!x->main_seen || x->main_depth);
}

static long cur_line(const extract *x)
{
	return x->ctxt && x->ctxt->input ? (long)x->ctxt->input->line : x->pos_line;
}

static int has_attr(const xmlChar **atts, const char *name, const char *value)
{
	for (size_t i = 0; atts && atts[i]; i += 2)
		if (!strcmp((const char *)atts[i], name) &&
		    (!value || (atts[i + 1] && ts_ci_equal((const char *)atts[i + 1],
		                                           strlen((const char *)atts[i + 1]), value,
		                                           strlen(value)))))
			return 1;
	return 0;
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	extract *x = ctx;
	x->depth++;
	if (x->skip || in_list(skipped, name) || has_attr(atts, "hidden", NULL)) {
		/* a hidden <img> or <span> is in its line, a <nav> ends it */
		if (!x->skip && in_list(blocks, name))
			flush(x);
		x->skip++;
	} else if (!x->main_seen &&
	           (!strcmp((const char *)name, "main") || has_attr(atts, "role", "main"))) {
		/* the main content: what was read before it is the page's frame */
		x->line.len = 0;
		x->nmap = 0;
		if (fflush(x->out) || ftruncate(fileno(x->out), 0) || fseek(x->out, 0, SEEK_SET))
			x->failed = TS_EIO;
		x->main_seen = 1;
		x->main_depth = x->depth;
	} else if (in_list(blocks, name)) {
		flush(x);
	}
	if (!x->skip && !strcmp((const char *)name, "pre"))
		x->pre++;
	x->pos_line = cur_line(x);
}

static void on_end(void *ctx, const xmlChar *name)
{
	extract *x = ctx;
	if (x->skip) {
		x->skip--;
	} else {
		if (in_list(blocks, name) || x->depth == x->main_depth)
			flush(x);
		if (x->pre && !strcmp((const char *)name, "pre"))
			x->pre--;
	}
	if (x->depth == x->main_depth)
		x->main_depth = 0;
	if (x->depth)
		x->depth--;
	x->pos_line = cur_line(x);
}

static int html_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
	extract *x = ctx;
	const char *s = (const char *)ch;
	for (int i = 0; i < len && !x->failed; i++) {
		char c = s[i];
		if (c == '\n')
			x->pos_line++;
		if (!reading(x))
			continue;
		if (x->pre && c == '\n') {
			flush(x);
			continue;
		}
		if (!x->pre && html_blank(c)) {
			x->space = x->line.len > 0;
			continue;
		}
		/* a run of text up to the next blank (in <pre>: line end), which
		 * holds no line end to count */
		int j = i + 1;
		while (j < len && (x->pre ? s[j] != '\n' : !html_blank(s[j])))
			j++;
		if (!x->line.len)
			x->line_at = x->pos_line;
		if (x->line.len + (size_t)(j - i) >= TS_MAX_LINE_BYTES) {
			x->failed = TS_ELIMIT;
			return;
		}
		if ((x->space && ts_buf_append(&x->line, " ", 1)) ||
		    ts_buf_append(&x->line, s + i, (size_t)(j - i))) {
			x->failed = TS_ENOMEM;
			return;
		}
		x->space = 0;
		i = j - 1;
	}
}

static void on_comment(void *ctx, const xmlChar *value)
{
	extract *x = ctx;
	(void)value;
	x->pos_line = cur_line(x);
}

/* libxml2 reports markup errors a browser would repair: so does it, and
 * nothing is said (the library never prints). */
static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* The page of `in` as lines of text into a temporary file, and the line of
 * the page of each. */
static int extract_text(ts_input *in, FILE *out, long **map, size_t *nmap, ts_error *err)
{
	const char *name = ts_input_name(in);
	extract x = {0};
	x.out = out;
	x.name = name;
	x.pos_line = 1;
	htmlSAXHandler sax;
	memset(&sax, 0, sizeof sax);
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_text;
	sax.ignorableWhitespace = on_text;
	sax.cdataBlock = on_text;
	sax.comment = on_comment;
	sax.error = quiet;
	sax.warning = quiet;
	pthread_once(&xml_once, xml_load);
	if (xml.missing)
		return ts_fail(err, TS_EIO, name, 0, 0,
		               "reading HTML needs libxml2 (%s, Debian package libxml2): %s",
		               TS_LIBXML2_SONAME, xml.why);
	x.ctxt = xml.create(&sax, &x, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
	if (!x.ctxt)
		return ts_nomem(err);
	xml.options(x.ctxt, HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
	                               HTML_PARSE_IGNORE_ENC | HTML_PARSE_NOIMPLIED);
	const char *line;
	size_t n;
	long lineno;
	int rc = 0;
	ts_buf chunk = {0};
	while (!x.failed && (rc = ts_input_line(in, &line, &n, &lineno, err)) == 1) {
		if ((rc = ts_input_check_line(name, line, n, lineno, err)))
			break;
		/* lines with their LFs, in chunks of 64 KiB: the parser counts
		 * lines as the input does (a chunk of an LF alone loses its
		 * count), and looks ahead for the end of what it parses in each
		 * chunk, which small chunks make it do again and again */
		if (ts_buf_append(&chunk, line, n) || ts_buf_append(&chunk, "\n", 1)) {
			x.failed = TS_ENOMEM;
			break;
		}
		if (chunk.len >= CHUNK_BYTES) {
			xml.chunk(x.ctxt, chunk.ptr, (int)chunk.len, 0);
			chunk.len = 0;
		}
	}
	if (!x.failed && chunk.len)
		xml.chunk(x.ctxt, chunk.ptr, (int)chunk.len, 0);
	if (rc > 0)
		rc = 0;  /* stopped by a failure of the callbacks */
	if (!rc && !x.failed)
		xml.chunk(x.ctxt, NULL, 0, 1);
	flush(&x);
	xml.free_ctxt(x.ctxt);
	x.ctxt = NULL;
	ts_buf_free(&x.line);
	ts_buf_free(&chunk);
	if (!rc && !x.failed && fflush(out))
		x.failed = TS_EIO;
	if (rc || x.failed) {
		free(x.map);
		if (rc)
			return rc;
		if (x.failed == TS_ENOMEM)
			return ts_nomem(err);
		if (x.failed == TS_ELIMIT)
			return ts_fail(err, TS_ELIMIT, name, x.line_at, 0,
			               "a paragraph longer than %zu MiB", TS_MAX_LINE_BYTES >> 20);
		return ts_fail(err, TS_EIO, name, 0, 0, "cannot write the page's text to a temporary file");
	}
	*map = x.map;
	*nmap = x.nmap;
	return 0;
}

/* The text reader's state, and the page: it stays open while the text is
 * read, as the reader's input does (the pipeline asks it how far reading
 * has come). */
typedef struct html_reader {
	void *text;
	ts_input *page;
} html_reader;

static void html_close(void *state)
{
	html_reader *h = state;
	if (!h)
		return;
	ts_reader_text.close(h->text);
	ts_input_close(h->page);
	free(h);
}

static int html_open(void **state, const ts_resources *res, const ts_options *opt, ts_input *in,
                     ts_error *err)
{
	*state = NULL;
	const char *name = ts_input_name(in);
	html_reader *h = calloc(1, sizeof *h);
	FILE *out = h ? tmpfile() : NULL;
	if (!out) {
		int rc = h ? ts_fail(err, TS_EIO, name, 0, 0, "cannot make a temporary file")
		           : ts_nomem(err);
		free(h);
		ts_input_close(in);
		return rc;
	}
	h->page = in;
	long *map = NULL;
	size_t nmap = 0;
	int rc = extract_text(in, out, &map, &nmap, err);
	int fd = -1;
	if (!rc && ((fd = dup(fileno(out))) < 0 || lseek(fd, 0, SEEK_SET) < 0))
		rc = ts_fail(err, TS_EIO, name, 0, 0, "cannot read the page's text back");
	fclose(out);
	ts_input *text = NULL;
	if (rc) {
		if (fd >= 0)
			close(fd);
		free(map);
	} else if (!(rc = ts_input_open_mapped(&text, fd, name, map, nmap, err))) {
		rc = ts_reader_text.open(&h->text, res, opt, text, err);
	}
	if (rc) {
		html_close(h);
		return rc;
	}
	*state = h;
	return 0;
}

static int html_next(void *state, ts_callbuf **call, ts_error *err)
{
	html_reader *h = state;
	return ts_reader_text.next(h->text, call, err);
}

/* "<!DOCTYPE html" or "<html" first (blanks and comments before them
 * allowed), without case. */
static int html_sniff(const char *head, size_t n)
{
	size_t i = 0;
	for (;;) {
		while (i < n && html_blank(head[i]))
			i++;
		if (n - i >= 4 && !memcmp(head + i, "<!--", 4)) {
			const char *end = NULL;
			for (size_t j = i + 4; j + 3 <= n && !end; j++)
				if (!memcmp(head + j, "-->", 3))
					end = head + j + 3;
			if (!end)
				return TS_SNIFF_NO;
			i = (size_t)(end - head);
			continue;
		}
		break;
	}
	const char *s = head + i;
	size_t k = n - i;
	if ((k >= 14 && ts_ci_equal(s, 14, "<!doctype html", 14) &&
	     (k == 14 || html_blank(s[14]) || s[14] == '>')) ||
	    (k >= 5 && ts_ci_equal(s, 5, "<html", 5) && (k == 5 || html_blank(s[5]) || s[5] == '>')))
		return TS_SNIFF_SURE;
	return TS_SNIFF_NO;
}

static const char *const html_extensions[] = {"html", "htm", NULL};

const ts_format_reader ts_reader_html = {
	"html", html_extensions, html_sniff, html_open, html_next, html_close, NULL,
};
