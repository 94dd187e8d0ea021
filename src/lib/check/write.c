/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The diagnostics as text lines, a JSON document or SARIF 2.1.0. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/json_out.h"
#include "base/text.h"
#include "check/check.h"

static const char *sev_name(ts_severity s)
{
	return s == TS_SEV_ERROR ? "error" : "warning";
}

/* The buffer handed on when it has grown, and at the end. */
static int flush(ts_buf *b, int last, ts_write_fn fn, void *arg)
{
	if (!last && b->len < 65536)
		return 0;
	int rc = b->len ? fn(arg, b->ptr, b->len) : 0;
	b->len = 0;
	return rc;
}

static int write_text(const ts_diagnostic *d, size_t n, ts_buf *b, ts_write_fn fn, void *arg)
{
	char place[64];
	for (size_t i = 0; i < n; i++) {
		if (d[i].line)
			snprintf(place, sizeof place, ":%ld:%ld", d[i].line, d[i].col);
		else
			place[0] = '\0';
		const char *parts[] = {d[i].file, place, ": ", sev_name(d[i].severity), ": ",
		                       d[i].message, " [", d[i].check, "]\n"};
		for (size_t p = 0; p < sizeof parts / sizeof *parts; p++)
			if (ts_buf_append(b, parts[p], strlen(parts[p])))
				return TS_ENOMEM;
		if (flush(b, 0, fn, arg))
			return TS_EIO;
	}
	return 0;
}

static void write_json(ts_checker *ck, const ts_diagnostic *d, size_t n, ts_jw *w)
{
	ts_jw_object(w, NULL);
	ts_jw_count(w, "schema_version", TS_SCHEMA_VERSION);
	ts_jw_array(w, "diagnostics");
	for (size_t i = 0; i < n; i++) {
		ts_jw_object(w, NULL);
		ts_jw_str_lossy(w, "file", d[i].file);  /* a file name need not be UTF-8 */
		if (d[i].line) {
			ts_jw_count(w, "line", (unsigned long long)d[i].line);
			ts_jw_count(w, "col", (unsigned long long)d[i].col);
		} else {
			ts_jw_null(w, "line");
			ts_jw_null(w, "col");
		}
		ts_jw_str(w, "severity", sev_name(d[i].severity));
		ts_jw_str(w, "check", d[i].check);
		ts_jw_str_lossy(w, "message", d[i].message);
		ts_jw_end(w, 1);
	}
	ts_jw_end(w, 0);
	ts_jw_count(w, "errors", ts_checker_count(ck, TS_SEV_ERROR));
	ts_jw_count(w, "warnings", ts_checker_count(ck, TS_SEV_WARNING));
	ts_jw_end(w, 1);
}

/* A file name as a relative URI reference (RFC 3986): bytes other than
 * unreserved characters and '/' percent-encoded. */
static int uri_of(const char *path, ts_buf *out)
{
	out->len = 0;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		char hex[4];
		int plain = ts_ascii_alnum(*p) || strchr("-._~/", *p);
		snprintf(hex, sizeof hex, "%%%02X", *p);
		if (ts_buf_append(out, plain ? (const char *)p : hex, plain ? 1 : 3))
			return -1;
	}
	return ts_buf_reserve(out, 0);
}

static void sarif_rules(ts_jw *w)
{
	ts_jw_array(w, "rules");
	for (size_t i = 0; ts_check_name(i); i++) {
		ts_jw_object(w, NULL);
		ts_jw_str(w, "id", ts_check_name(i));
		ts_jw_object(w, "shortDescription");
		ts_jw_str(w, "text", ts_check_about(i));
		ts_jw_end(w, 1);
		ts_jw_object(w, "defaultConfiguration");
		ts_jw_str(w, "level", sev_name(ts_check_severity(i)));
		ts_jw_end(w, 1);
		ts_jw_end(w, 1);
	}
	ts_jw_end(w, 0);
}

/* Code scanning places a result only with a region: a finding about a
 * whole file points at its first line.  Columns count characters
 * (columnKind), as everywhere in talkstat. */
static int write_sarif(const ts_diagnostic *d, size_t n, ts_jw *w)
{
	ts_buf uri = {0};
	ts_jw_object(w, NULL);
	ts_jw_str(w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	ts_jw_str(w, "version", "2.1.0");
	ts_jw_array(w, "runs");
	ts_jw_object(w, NULL);
	ts_jw_object(w, "tool");
	ts_jw_object(w, "driver");
	ts_jw_str(w, "name", "talkstat");
	ts_jw_str(w, "version", ts_version());
	sarif_rules(w);
	ts_jw_end(w, 1);
	ts_jw_end(w, 1);
	ts_jw_str(w, "columnKind", "unicodeCodePoints");
	ts_jw_array(w, "results");
	for (size_t i = 0; i < n; i++) {
		if (uri_of(d[i].file, &uri)) {
			ts_buf_free(&uri);
			return TS_ENOMEM;
		}
		ts_jw_object(w, NULL);
		ts_jw_str(w, "ruleId", d[i].check);
		ts_jw_count(w, "ruleIndex", (unsigned long long)ts_check_find(d[i].check));
		ts_jw_str(w, "level", sev_name(d[i].severity));
		ts_jw_object(w, "message");
		ts_jw_str_lossy(w, "text", d[i].message);
		ts_jw_end(w, 1);
		ts_jw_array(w, "locations");
		ts_jw_object(w, NULL);
		ts_jw_object(w, "physicalLocation");
		ts_jw_object(w, "artifactLocation");
		ts_jw_str(w, "uri", uri.ptr);
		ts_jw_end(w, 1);
		ts_jw_object(w, "region");
		ts_jw_count(w, "startLine", (unsigned long long)(d[i].line ? d[i].line : 1));
		ts_jw_count(w, "startColumn", (unsigned long long)(d[i].line ? d[i].col : 1));
		ts_jw_end(w, 1);
		ts_jw_end(w, 1);
		ts_jw_end(w, 1);
		ts_jw_end(w, 0);
		ts_jw_end(w, 1);
	}
	ts_jw_end(w, 0);
	ts_jw_end(w, 1);
	ts_jw_end(w, 0);
	ts_jw_end(w, 1);
	ts_buf_free(&uri);
	return 0;
}

int ts_checker_write(ts_checker *ck, int format, ts_write_fn fn, void *arg, ts_error *err)
{
	size_t n;
	const ts_diagnostic *d = ts_checker_diagnostics(ck, &n);
	if (!d && ck->nrecs)
		return ts_nomem(err);
	ts_buf b = {0};
	int rc = 0;
	if (format == TS_CHECK_TEXT) {
		rc = write_text(d, n, &b, fn, arg);
	} else if (format == TS_CHECK_JSON || format == TS_CHECK_SARIF) {
		ts_jw w;
		ts_jw_init(&w, &b, 1, 0);
		if (format == TS_CHECK_JSON)
			write_json(ck, d, n, &w);
		else
			rc = write_sarif(d, n, &w);
		if (!rc && (w.oom || ts_buf_append(&b, "\n", 1)))
			rc = TS_ENOMEM;
	} else {
		rc = TS_EUSAGE;
	}
	if (!rc && flush(&b, 1, fn, arg))
		rc = TS_EIO;
	ts_buf_free(&b);
	if (rc == TS_ENOMEM)
		return ts_nomem(err);
	if (rc == TS_EUSAGE)
		return ts_fail(err, rc, "", 0, 0, "unknown output format: %d", format);
	return rc ? ts_fail(err, TS_EIO, "", 0, 0, "write error") : 0;
}
