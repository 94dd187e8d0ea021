#!/usr/bin/env python3
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""Score talkstat deflection matches (or question-answer pairs, with --part qa)
against a hand annotation.

usage: score_gold.py SUMMARY.json TRANSCRIPT GOLD.json [--detail] [--part deflect|qa]

  SUMMARY.json  talkstat-summary (or talkstat-deflect) output for TRANSCRIPT
  TRANSCRIPT    the labelled transcript the annotation was made on
  GOLD.json     its annotation, in the structure of shared/seed/anyang-calls.gold.json:
                calls[].turns[] with turn (1-based per call), speaker, deflections[]
                of {text, category, target}

Scores the way shared/scripts/score_seed.py scores the reference transcript
(--part deflect), so that the figures of the two can be compared:
- turn texts are joined lines, compared after NFKC with all blanks removed;
- a gold span is the first occurrence of its text in its turn;
- a match counts when its text overlaps a gold span of the same turn;
- precision = matches that hit a gold span / all matches; recall = gold spans
  hit / gold spans; category agreement over the gold spans hit (the category
  of the first match that hit each).
The transcript is segmented here, independently of talkstat: a turn starts at
a line that begins with one of the gold's speaker labels followed by a colon
('ＣＬＢ：', 'MR. EARNEST:  ') or, for the label Q, by a tab, two blanks or
'. ' ('Q    Well, ...'); call headers (第一通电话 ..., @Call:, 'Call 3 - ...')
start a call; a line that is wholly a stage direction ends the turn, and
unlabelled lines after it are narration.  Prints one JSON line; --detail
adds the misses and the false hits.

--part qa scores as score_seed.py --part qa does: the caller's questions of
qa.pairs (the caller is the speaker with role caller in the summary, or the
speaker of the pairs when it has no speakers section) are
matched to the gold questions of the caller by turn and overlapping text;
precision, recall, and type, reply and CLARITY agreement over the matched
questions (reply and CLARITY over those with a gold response).
"""
import json
import re
import sys
import unicodedata

HEADER = re.compile(r'^\s*(第.{1,3}通电话|第.{1,3}次通话|@Call:|Call \d+ - )')
EVENT = re.compile(r'^\s*(——.+——|-{2,}.+-{2,}|\(.*\)|\[.*\]|（.*）|【.*】)\s*$')
META = re.compile(r'^@\w+:')


def norm(s):
    return re.sub(r'\s+', '', unicodedata.normalize('NFKC', s or ''))


def spans(hay, needle):
    out, i = [], hay.find(needle)
    while needle and i >= 0:
        out.append((i, i + len(needle)))
        i = hay.find(needle, i + 1)
    return out


def parse(text, speakers):
    """Calls of turns {speaker, text} (text NFKC, lines joined)."""
    labels = sorted(speakers, key=len, reverse=True)
    calls, cur, turn = [], None, None
    for line in unicodedata.normalize('NFKC', text).splitlines():
        if HEADER.match(line):
            cur = {"turns": []}
            calls.append(cur)
            turn = None
            continue
        if META.match(line):
            continue
        if EVENT.match(line):
            turn = None
            continue
        s = line.lstrip()
        started = False
        for lab in labels:
            if not s.startswith(lab):
                continue
            rest = s[len(lab):]
            if rest.startswith(':') or (lab == 'Q' and re.match(r'(\t|  |\. )', rest)):
                if cur is None:
                    cur = {"turns": []}
                    calls.append(cur)
                turn = {"speaker": lab, "text": rest[1:] if rest[0] == ':' else rest}
                cur["turns"].append(turn)
                started = True
                break
        if not started and turn is not None and s.strip():
            turn["text"] += " " + s.strip()
    return calls


def score(summary, transcript, gold):
    S = json.load(open(summary, encoding='utf-8'))
    G = json.load(open(gold, encoding='utf-8'))
    speakers = {unicodedata.normalize('NFKC', t['speaker']) for c in G['calls'] for t in c['turns']}
    calls = parse(open(transcript, encoding='utf-8').read(), speakers)
    gold_n = matched = got_n = got_hit = cat_ok = unlocated = 0
    by_cat = {}
    misses, false_hits = [], []
    for ci, gc in enumerate(G['calls']):
        turns = calls[ci]['turns'] if ci < len(calls) else []
        gspans = []
        for t in gc['turns']:
            tt = norm(turns[t['turn'] - 1]['text']) if 0 < t['turn'] <= len(turns) else ''
            for d in t['deflections']:
                sp = spans(tt, norm(d['text']))
                if sp:
                    gspans.append((t['turn'], sp[0][0], sp[0][1], d['category'], d['text']))
                else:
                    unlocated += 1
        ms = S['calls'][ci].get('deflections', {}).get('matches', []) if ci < len(S['calls']) else []
        got = []
        for m in ms:
            tt = norm(turns[m['turn'] - 1]['text']) if 0 < m['turn'] <= len(turns) else ''
            got.append((m['turn'], spans(tt, norm(m.get('text', ''))), m['category'], m))
        got_n += len(got)
        gold_n += len(gspans)
        hit_gold = {}
        for turn, sp, cat, m in got:
            hits = [gi for gi, (gt, a, b, _, _) in enumerate(gspans)
                    if gt == turn and any(x < b and a < y for x, y in sp)]
            if hits:
                got_hit += 1
                for gi in hits:
                    hit_gold.setdefault(gi, cat)
            else:
                false_hits.append({"call": ci + 1, "turn": turn, "text": m.get('text'),
                                   "entry": m.get('entry'), "category": cat})
        matched += len(hit_gold)
        cat_ok += sum(1 for gi, cat in hit_gold.items() if gspans[gi][3] == cat)
        for gi, (turn, _, _, cat, text) in enumerate(gspans):
            c = by_cat.setdefault(cat, [0, 0])
            c[0] += 1
            if gi in hit_gold:
                c[1] += 1
            else:
                misses.append({"call": ci + 1, "turn": turn, "category": cat, "text": text})
    P = got_hit / got_n if got_n else 0.0
    R = matched / gold_n if gold_n else 0.0
    res = dict(gold=gold_n, got=got_n, precision=round(P, 3), recall=round(R, 3),
               f1=round(2 * P * R / (P + R), 3) if P + R else 0.0,
               category_agreement=round(cat_ok / matched, 3) if matched else 0.0,
               gold_unlocated=unlocated,
               recall_by_category={k: round(v[1] / v[0], 3) for k, v in sorted(by_cat.items())})
    return res, misses, false_hits


CLARITY = {'answer': 'clear_reply', 'agree': 'clear_reply', 'partial': 'ambivalent',
           'referral': 'ambivalent', 'deferral': 'ambivalent', 'noncommittal': 'ambivalent'}


def score_qa(summary, transcript, gold):
    S = json.load(open(summary, encoding='utf-8'))
    G = json.load(open(gold, encoding='utf-8'))
    speakers = {unicodedata.normalize('NFKC', t['speaker']) for c in G['calls'] for t in c['turns']}
    calls = parse(open(transcript, encoding='utf-8').read(), speakers)
    gq = gotq = hitq = type_ok = rep_ok = cl_ok = rep_n = 0
    misses, false_hits = [], []
    for ci, gc in enumerate(G['calls']):
        turns = calls[ci]['turns'] if ci < len(calls) else []
        sc = S['calls'][ci] if ci < len(S['calls']) else {}
        callers = {norm(s['speaker']) for s in sc.get('speakers', []) if s['role'] == 'caller'}
        if 'speakers' not in sc:  # talkstat-qa: pairs are the caller's questions
            callers = {norm(p['speaker']) for p in sc.get('qa', {}).get('pairs', [])}
        resp = {q['q']: q['response'] for q in gc['qa']}
        gold_q = {}
        for t in gc['turns']:
            if norm(t['speaker']) not in callers:
                continue
            tt = norm(turns[t['turn'] - 1]['text']) if 0 < t['turn'] <= len(turns) else ''
            for q in t['questions']:
                sp = spans(tt, norm(q['text']))
                if sp:
                    gold_q[(t['turn'],) + sp[0]] = (q['type'], resp.get(q['q']), q['text'])
        pairs = [p for p in sc.get('qa', {}).get('pairs', []) if norm(p.get('speaker')) in callers]
        gq += len(gold_q)
        gotq += len(pairs)
        seen = set()
        for p in pairs:
            tt = norm(turns[p['turn'] - 1]['text']) if 0 < p['turn'] <= len(turns) else ''
            sp = spans(tt, norm(p.get('text', '')))
            hit = [k for k in gold_q if k[0] == p['turn'] and k not in seen and
                   any(x < k[2] and k[1] < y for x, y in sp)]
            if not hit:
                false_hits.append({"call": ci + 1, "turn": p['turn'], "text": p.get('text')})
                continue
            k = hit[0]
            seen.add(k)
            hitq += 1
            gtype, gresp, _ = gold_q[k]
            type_ok += p.get('type') == gtype
            if gresp:
                rep_n += 1
                rep_ok += p.get('reply') == gresp
                cl_ok += p.get('clarity') == CLARITY.get(gresp, 'clear_non_reply')
                if p.get('reply') != gresp:
                    misses.append({"call": ci + 1, "turn": p['turn'], "gold": gresp,
                                   "got": p.get('reply'), "why": p.get('why')})
        for k, (gtype, gresp, text) in gold_q.items():
            if k not in seen:
                misses.append({"call": ci + 1, "turn": k[0], "question": text})
    P = hitq / gotq if gotq else 0.0
    R = hitq / gq if gq else 0.0
    res = dict(gold_questions=gq, got=gotq, precision=round(P, 3), recall=round(R, 3),
               f1=round(2 * P * R / (P + R), 3) if P + R else 0.0,
               type_agreement=round(type_ok / hitq, 3) if hitq else 0.0,
               reply_agreement=round(rep_ok / rep_n, 3) if rep_n else 0.0,
               clarity_agreement=round(cl_ok / rep_n, 3) if rep_n else 0.0)
    return res, misses, false_hits


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    part = 'deflect'
    if '--part' in sys.argv:
        part = sys.argv[sys.argv.index('--part') + 1]
        args.remove(part)
    if len(args) != 3 or part not in ('deflect', 'qa'):
        sys.exit(__doc__.split('\n\n')[1])
    res, misses, false_hits = (score_qa if part == 'qa' else score)(*args)
    if '--detail' in sys.argv:
        res['misses'] = misses
        res['false_hits'] = false_hits
    print(json.dumps(res, ensure_ascii=False))


if __name__ == '__main__':
    main()
