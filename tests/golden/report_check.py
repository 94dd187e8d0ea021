# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""Check a talkstat report against the summaries of the same calls.

usage: report_check.py numbers REPORT.html SUMMARIES.jsonl VEGA_DIR
       report_check.py same REPORT_A.html REPORT_B.html
       report_check.py hostile REPORT.html

numbers: every number the report shows (data attributes of its bars,
timeline, forest plots and tables, and its Vega-Lite specifications) equals
the one worked out here from the summary records: talk shares, counts by
category, the reply and CLARITY class of each question, the phrases marked,
the estimated times (each utterance's length over the call's rate, one
after another) and the intervals at 95% of the pooled rates by source,
with calls as clusters (rate_intervals.py), computed here from the counts.  same: two reports show the same
numbers (from transcripts and from summaries).  hostile: markup in the
transcript stays text.
"""
import glob
import json
import os
import sys
from html.parser import HTMLParser

from rate_intervals import cluster_interval

TOL = 1.5e-6           # the report writes six decimals


class Page(HTMLParser):
    """Every element with its attributes, the call it is in, its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.els, self.stack, self.call, self.ids = [], [], None, set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and "data-call" in a:
            self.call = int(a["data-call"])
        el = {"tag": tag, "a": a, "call": self.call, "text": ""}
        if "id" in a:
            self.ids.add(a["id"])
        self.els.append(el)
        if tag not in ("meta", "br", "img", "input", "link"):  # HTML's void elements
            self.stack.append(el)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.stack and self.stack[-1]["tag"] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        while self.stack:
            el = self.stack.pop()
            if el["tag"] == tag:
                break
        if tag == "section":
            self.call = None

    def handle_data(self, data):
        for el in self.stack:
            el["text"] += data

    def find(self, tag, call=None, **attrs):
        out = []
        for e in self.els:
            if e["tag"] != tag or (call is not None and e["call"] != call):
                continue
            if all(e["a"].get(k.replace("_", "-")) == v if v is not True else
                   k.replace("_", "-") in e["a"] for k, v in attrs.items()):
                out.append(e)
        return out


def parse(path):
    p = Page()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    return p


errors = []


def check(cond, what):
    if not cond:
        errors.append(what)


def close(a, b, what, tol=TOL):
    check(a is not None and b is not None and abs(float(a) - float(b)) <= tol,
          f"{what}: report {a}, expected {b}")


CATEGORIES = ["referral", "ignorance", "deferral", "noncommittal", "procedural", "refusal"]


def expected_times(rec):
    """Start and end of each utterance: real ones, or estimated."""
    if rec["timed"]:  # a turn the input gives no time is not drawn
        return [(u["start"], u["end"]) for u in rec["utterances"]
                if u.get("start") is not None and u.get("end") is not None]
    t, out = 0.0, []
    for u in rec["utterances"]:
        out.append((t, t + u["length"] / rec["rate"]))
        t += u["length"] / rec["rate"]
    return out


def numbers(report, summaries, vega_dir):
    page = parse(report)
    page_text = open(report, encoding="utf-8").read()
    recs = [json.loads(line) for line in open(summaries, encoding="utf-8") if line.strip()]
    check(len(page.find("section", data_call=True)) == len(recs), "one section per call")
    groups = {}
    n_specs = 2  # the forest plots
    for k, rec in enumerate(recs, 1):
        where = f"call {k} ({rec['source']} {rec['call']})"
        # talk share
        bars = {e["a"]["data-speaker"]: e["a"]["data-value"]
                for e in page.find("g", call=k, data_speaker=True)}
        for s in rec["speakers"]:
            if s["share_of_speech"] is None:  # undefined: no bar, no number
                check(bars.get(s["speaker"]) == "", f"{where}: a share of {s['speaker']}")
            else:
                close(bars.get(s["speaker"]), s["share_of_speech"],
                      f"{where} share of {s['speaker']}")
        # deflections by category; none in a call without text (RTTM)
        no_text = rec["deflections"] is None
        if no_text:
            rec = dict(rec, deflections={"by_category": {}, "matches": [], "total": 0},
                       qa={"pairs": []})
        cats = {e["a"]["data-category"]: int(e["a"]["data-value"])
                for e in page.find("g", call=k, data_category=True)}
        check(cats == rec["deflections"]["by_category"],
              f"{where} by category {cats} != {rec['deflections']['by_category']}")
        check(no_text == bool(page.find("p", call=k, **{"class": "missing"})),
              f"{where}: says whether it has text")
        # timeline
        rects = page.find("rect", call=k, **{"class": "turn"})
        want = expected_times(rec)
        check(len(rects) == len(want), f"{where}: {len(rects)} turns drawn, {len(want)} expected")
        for r, (s, e) in zip(rects, want):
            close(r["a"]["data-start"], s, f"{where} turn {r['a']['data-turn']} start", 6e-4)
            close(r["a"]["data-end"], e, f"{where} turn {r['a']['data-turn']} end", 6e-4)
        svg = page.find("svg", call=k, **{"class": "timeline"})
        check(len(svg) == 1 and svg[0]["a"]["data-timed"] == str(int(rec["timed"])),
              f"{where}: timeline says real or estimated time")
        kinds = sorted(e["a"]["data-kind"] for e in page.find("g", call=k, data_kind=True))
        check(kinds == sorted(e["kind"] for e in rec["events"]), f"{where}: events {kinds}")
        # questions and replies
        rows = page.find("tr", call=k, data_reply=True)
        pairs = rec["qa"]["pairs"]
        check([(r["a"]["data-reply"], r["a"]["data-clarity"]) for r in rows] ==
              [(p["reply"], p["clarity"]) for p in pairs], f"{where}: reply classes")
        # row by row: the links to the question's and the reply's turns in
        # the transcript, and the phrases marked (the matches in the reply's turn)
        marked, links, evasions, row = [], [], [], False
        for e in page.els:
            if e["call"] != k:
                continue
            if e["tag"] == "tr":
                row = "data-reply" in e["a"]
                if row:
                    marked.append([])
                    evasions.append(None)
            elif e["tag"] == "mark" and row:
                marked[-1].append(e["text"])
            elif e["tag"] == "span" and row and "data-evasion" in e["a"]:
                evasions[-1] = e["a"]["data-evasion"]
            elif e["tag"] == "a" and row:
                links.append((e["a"]["href"], e["text"]))
            elif e["tag"] not in ("td", "span"):
                row = False  # past the table
        check(all(h[1:] in page.ids for h, _ in links), f"{where}: a link to nowhere")
        lines = {u["turn"]: u["line"] for u in rec["utterances"]}
        want_links = []
        for p in pairs:
            want_links.append((f"#c{k}-L{lines[p['turn']]}", str(p["line"])))
            if p["reply_turn"]:
                want_links.append((f"#c{k}-L{lines[p['reply_turn']]}", str(lines[p["reply_turn"]])))
        diff = [(a, b) for a, b in zip(links, want_links) if a != b]
        check(links == want_links, f"{where}: links {len(links)}, {len(want_links)} expected; "
              f"first differences: {diff[:3]}")
        want_marks = [[m["text"] for m in rec["deflections"]["matches"]
                       if m["turn"] == p["reply_turn"]] for p in pairs]
        check(marked == want_marks, f"{where}: phrases marked {marked} != {want_marks}")
        want_ev = [p.get("evasion") for p in pairs]
        check(evasions == want_ev, f"{where}: evasion labels {evasions} != {want_ev}")
        # the table of calls
        tr = page.find("tr", data_call=str(k))
        clear = sum(p["clarity"] == "clear_reply" for p in pairs)
        deflected = sum(p["reply"] in CATEGORIES for p in pairs)
        check(len(tr) == 1 and tr[0]["a"]["data-questions"] == str(len(pairs)) and
              tr[0]["a"]["data-clear"] == str(clear) and
              tr[0]["a"]["data-deflected"] == str(deflected) and
              tr[0]["a"]["data-deflections"] == str(rec["deflections"]["total"]),
              f"{where}: row of the table of calls {tr and tr[0]['a']}")
        g = groups.setdefault(rec["source"], [0, 0, 0, []])
        g[0] += clear
        g[1] += deflected
        g[2] += len(pairs)
        g[3].append((clear, deflected, len(pairs)))
        # Vega-Lite
        share = json.load(open(os.path.join(vega_dir, f"call-{k}-share.vl.json")))
        check({v["speaker"]: v["share_of_speech"] for v in share["data"]["values"]} ==
              {s["speaker"]: s["share_of_speech"] for s in rec["speakers"]}, f"{where}: vega share")
        cat_path = os.path.join(vega_dir, f"call-{k}-deflections.vl.json")
        check(os.path.exists(cat_path) != no_text, f"{where}: a deflections chart without text")
        if not no_text:
            cat = json.load(open(cat_path))
            check({v["category"]: v["count"] for v in cat["data"]["values"]} ==
                  rec["deflections"]["by_category"], f"{where}: vega deflections")
            n_specs += 1
        n_specs += 2
        tl = json.load(open(os.path.join(vega_dir, f"call-{k}-timeline.vl.json")))
        for v, (s, e) in zip(tl["data"]["values"], want):
            close(v["start"], s, f"{where}: vega timeline start", 2e-6)
            close(v["end"], e, f"{where}: vega timeline end", 2e-6)
        check(len(tl["data"]["values"]) == len(want), f"{where}: vega timeline rows")
    # forest plots: the groups by source, their intervals
    for rate, idx, name in (("qa.responsiveness", 0, "responsiveness"),
                            ("qa.deflected_share", 1, "deflected-share")):
        svg = page.find("svg", data_rate=rate)
        check(len(svg) == 1, f"one forest plot of {rate}")
        got = {}
        # the groups follow their plot's svg element in document order
        start = page.els.index(svg[0]) if svg else 0
        for e in page.els[start + 1:]:
            if e["tag"] == "svg":
                break
            if e["tag"] == "g" and "data-group" in e["a"]:
                got[e["a"]["data-group"]] = e["a"]
        spec = json.load(open(os.path.join(vega_dir, f"groups-{name}.vl.json")))
        vals = {v["group"]: v for v in spec["data"]["values"]}
        for src, counts in groups.items():
            key = [g for g in got if g.startswith(f"source={src},") or g == f"source={src}"]
            check(len(key) == 1, f"{rate}: one group of {src} in {list(got)}")
            if not key:
                continue
            a, v = got[key[0]], vals.get(key[0], {})
            if not counts[2]:  # no question: no rate, no interval
                check(a["data-rate"] == a["data-lower"] == "" and v.get("rate", 0) is None,
                      f"{rate} of {src} without questions: {a}")
                continue
            # the interval with calls as clusters (none from fewer than two
            # calls with questions)
            p, lo, hi, _, _ = cluster_interval([(c[idx], c[2]) for c in counts[3]])
            close(a["data-rate"], p, f"{rate} of {src}")
            if lo is None:
                check(a["data-lower"] == a["data-upper"] == "" and v.get("lower", 0) is None,
                      f"{rate} of {src} from one call: an interval {a}")
                check(f"{p:.3f} [1 call] {counts[idx]}/{counts[2]}" in
                      page_text,
                      f"{rate} of {src} from one call: the page does not say it has no interval")
                continue
            close(a["data-lower"], lo, f"{rate} lower of {src}")
            close(a["data-upper"], hi, f"{rate} upper of {src}")
            check(a["data-numerator"] == str(counts[idx]) and
                  a["data-denominator"] == str(counts[2]), f"{rate} counts of {src}")
            close(v.get("rate"), p, f"vega {rate} of {src}", 2e-6)
            close(v.get("lower"), lo, f"vega {rate} lower of {src}", 2e-6)
            close(v.get("upper"), hi, f"vega {rate} upper of {src}", 2e-6)
    # every specification: the v5 schema, marks, fields the data has
    specs = glob.glob(os.path.join(vega_dir, "*.vl.json"))
    check(len(specs) == n_specs, f"{len(specs)} specifications, {n_specs} expected")
    for path in specs:
        s = json.load(open(path))
        check(s.get("$schema") == "https://vega.github.io/schema/vega-lite/v5.json",
              f"{path}: $schema")
        rows = s.get("data", {}).get("values")
        check(isinstance(rows, list) and rows, f"{path}: data.values")
        layers = s["layer"] if "layer" in s else [s]
        for layer in layers:
            check(isinstance(layer.get("mark"), str), f"{path}: mark")
            for ch, enc in layer.get("encoding", {}).items():
                check(all(enc["field"] in r for r in rows or []),
                      f"{path}: field {enc.get('field')} of {ch} not in the data")
    # self-contained: nothing fetched, no script
    for bad in ("<script", "http://", "https://", "src=", "url(", "@import", "<link"):
        check(bad not in page_text, f"the report holds '{bad}'")


def extract(path):
    """The numbers a report shows, by call."""
    page = parse(path)
    keep = ("data-", "id", "href", "class", "lang")
    return [(e["tag"], e["call"], sorted((k, v) for k, v in e["a"].items()
                                          if k.startswith(keep)),
             e["text"] if e["tag"] in ("mark", "td") else None)
            for e in page.els if e["tag"] != "title"]


def same(a, b):
    ea, eb = extract(a), extract(b)
    check(len(ea) == len(eb), f"{len(ea)} elements against {len(eb)}")
    for x, y in zip(ea, eb):
        if x != y:
            errors.append(f"first difference: {x} / {y}")
            break


def hostile(report):
    page = parse(report)
    allowed = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "section",
               "svg", "g", "text", "rect", "line", "circle", "table", "thead", "tbody", "tr",
               "th", "td", "a", "span", "mark", "details", "summary", "b", "code"}
    tags = {e["tag"] for e in page.els}
    check(tags <= allowed, f"elements from the transcript: {tags - allowed}")
    check(len(page.find("style")) == 1, "one style element")
    for e in page.els:
        for k in e["a"]:
            check(not k.startswith("on") and k not in ("src", "onerror"),
                  f"attribute {k} on {e['tag']}")
        if e["tag"] == "a":
            check(e["a"].get("href", "#").startswith("#"), f"a link out: {e['a']}")
    text = "".join(e["text"] for e in page.els if e["tag"] == "body")
    for s in ('</td><script>alert("t")</script> 你们知道吗？', "<img src=x onerror=alert(1)>",
              '那<a href="http://x">谁</a>知道吗？', '"><script>alert(1)</script>',
              "<i>&'report'</i>"):
        check(s in text, f"the text {s!r} is not shown as text")


def main():
    mode = sys.argv[1]
    if mode == "numbers":
        numbers(*sys.argv[2:5])
    elif mode == "same":
        same(*sys.argv[2:4])
    elif mode == "hostile":
        hostile(sys.argv[2])
    for e in errors:
        print(e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
