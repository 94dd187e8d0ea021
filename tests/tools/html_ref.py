#!/usr/bin/env python3
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""Turns and words per speaker of an HTML briefing page, worked out without
talkstat with Python's html.parser, for the golden test of the HTML reader
(tests/golden/html.test).  It shares no code with talkstat.

The rules (docs/formats.md says the same of talkstat's reader):
- The text of the page is what a browser shows: head, script, style,
  template, noscript, nav, header and footer are left out; each paragraph
  (and other block) is a line, blanks collapse, entities are decoded.
- A line that starts with a speaker label ("MR. EARNEST:", or "Q" followed
  by blanks, U+00A0 included) starts a turn of that speaker; the lines
  after it continue the turn; lines before the first label are no one's.
  A label is a line start of capitals, dots and blanks before ":", or a
  bare "Q"; this page has no other kind.  (talkstat finds a label only
  when it starts two lines or more: the golden test declares this page's
  two speakers, as --speakers does, since the reporter asks once.)
- Words: runs of letters and digits, where ' ’ - . , between two of them
  keep one word (docs/metrics.md).

usage: html_ref.py FILE > expected.json
"""
import html.parser, json, re, sys

WORD = re.compile(r"[^\W_]+(?:['’\-.,][^\W_]+)*")
SKIP = {'head', 'script', 'style', 'template', 'noscript', 'nav', 'header', 'footer'}
BLOCK = {'p', 'div', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'tr', 'td',
         'table', 'section', 'article', 'main', 'body', 'html', 'blockquote', 'form'}
LABEL = re.compile(r'^([A-Z][A-Z. ]*[A-Z.]):\s*(.*)$')
QLABEL = re.compile(r'^Q[\s\u00a0]+(.*)$')


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.cur, self.skip = [], '', 0

    def end_line(self):
        t = re.sub(r'[ \t\n\r\f]+', ' ', self.cur).strip(' \t\n\r\f')
        if t:
            self.lines.append(t)
        self.cur = ''

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.skip += 1
        elif tag in BLOCK and not self.skip:
            self.end_line()

    def handle_endtag(self, tag):
        if tag in SKIP:
            self.skip -= 1
        elif tag in BLOCK and not self.skip:
            self.end_line()

    def handle_data(self, data):
        if not self.skip:
            self.cur += data


def main(path):
    p = Text()
    with open(path, encoding='utf-8') as f:
        p.feed(f.read())
    p.close()
    p.end_line()
    speakers, last = {}, None
    for line in p.lines:
        m, q = LABEL.match(line), QLABEL.match(line)
        if m or q:
            spk, rest = (m.group(1), m.group(2)) if m else ('Q', q.group(1))
            s = speakers.setdefault(spk, {'speaker': spk, 'turns': 0, 'words': 0})
            if spk != last:
                s['turns'] += 1
            last = spk
            s['words'] += len(WORD.findall(rest))
        elif last:
            speakers[last]['words'] += len(WORD.findall(line))
    out = {'//': 'derived by tests/tools/html_ref.py from %s, not by talkstat' % path.split('/')[-1],
           'calls': [{'format': 'html', 'timed': False, 'speakers': list(speakers.values())}]}
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main(sys.argv[1])
