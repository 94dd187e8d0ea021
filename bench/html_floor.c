/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* libxml2's HTML parser alone over a page: the push parser with the HTML
 * reader's options (read/reader_html.c), fed 64 KiB at a time, with SAX
 * callbacks that only count.  What it costs is the least the HTML reader
 * can cost, as the reader is that parse and then the labelled-text reader
 * over what it gives (bench/readers.sh, the "libxml2 alone" row).
 *
 *     bench/html_floor PAGE.html
 *
 * prints the elements and characters it was given; exit 1 when the page
 * cannot be read or the output written. */
#include "config.h"

#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <string.h>

static unsigned long events;

static void on_start(void *ctx, const xmlChar *name, const xmlChar **attrs)
{
	(void)ctx, (void)name, (void)attrs;
	events++;
}

static void on_end(void *ctx, const xmlChar *name)
{
	(void)ctx, (void)name;
	events++;
}

static void on_text(void *ctx, const xmlChar *s, int len)
{
	(void)ctx, (void)s;
	events += (unsigned long)len;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: html_floor PAGE.html\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	htmlSAXHandler sax;
	memset(&sax, 0, sizeof sax);
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_text;
	htmlParserCtxtPtr c = htmlCreatePushParserCtxt(&sax, NULL, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
	if (!c) {
		fclose(f);
		fprintf(stderr, "html_floor: out of memory\n");
		return 1;
	}
	htmlCtxtUseOptions(c, HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
	                          HTML_PARSE_IGNORE_ENC | HTML_PARSE_NOIMPLIED);
	static char buf[65536];
	size_t k;
	while ((k = fread(buf, 1, sizeof buf, f)) > 0)
		htmlParseChunk(c, buf, (int)k, 0);
	int bad = ferror(f);
	fclose(f);
	htmlParseChunk(c, NULL, 0, 1);
	htmlFreeParserCtxt(c);
	if (bad) {
		fprintf(stderr, "html_floor: %s: read error\n", argv[1]);
		return 1;
	}
	if (printf("%lu\n", events) < 0 || fflush(stdout)) {
		fprintf(stderr, "html_floor: cannot write the output\n");
		return 1;
	}
	return 0;
}
