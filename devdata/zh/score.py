#!/usr/bin/env python3
"""Score talkstat's output on the Chinese dev set against the annotations.

Usage: python3 score.py [talkstat.jsonl] [--examples] [--half=tune|check]
  talkstat.jsonl: output of `talkstat summary --jsonl transcripts/*.txt`
  (run from this folder; default talkstat_blind.jsonl).
  --half: score only one half of the set, split by group (conference or
  call) so that no group is in both: the groups, sorted, shuffled with
  random.Random(SPLIT_SEED), the first half (82 of 164 groups, 149 pairs)
  is `tune`, the rest (151 pairs) `check`.  Tuning looks at `tune` only.

Compares, per annotated pair (pairs.jsonl, turns from transcripts/index.jsonl):
  - pairing: talkstat found a caller question in the question turn and paired
    it with the reply turn (the last question of the turn is the one scored);
  - reply class: talkstat's `reply` vs `reply_class`;
  - CLARITY: talkstat's `clarity` vs `clarity` (from the evasion label);
  - deflection spans: a talkstat match in the reply turn that overlaps an
    annotated span (characters) with the same category.
Also Cohen's kappa of the annotator's second pass (pairs_second.jsonl).
Standard library only.
"""
import json, os, sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
CL = {'clear_reply': 'Clear Reply', 'ambivalent': 'Ambivalent', 'clear_non_reply': 'Clear Non-Reply'}
# talkstat's documented class -> CLARITY mapping (docs/qa.md)
TS_CL = {'answer': 'Clear Reply', 'agree': 'Clear Reply', 'partial': 'Ambivalent', 'referral': 'Ambivalent',
         'deferral': 'Ambivalent', 'noncommittal': 'Ambivalent', 'ignorance': 'Clear Non-Reply',
         'procedural': 'Clear Non-Reply', 'refusal': 'Clear Non-Reply', 'backchannel': 'Clear Non-Reply',
         'counter_question': 'Clear Non-Reply', 'no_response': 'Clear Non-Reply'}
LABELS = {'press': ('记者', '发言人'), 'call': ('记者', '工作人员'), 'hotline': ('市民', '工作人员')}
EV2CL = {'Explicit': 'Clear Reply', 'Implicit': 'Ambivalent', 'Dodging': 'Ambivalent', 'Deflection': 'Ambivalent',
         'Partial/half-answer': 'Ambivalent', 'General': 'Ambivalent', 'Declining to answer': 'Clear Non-Reply',
         'Claims ignorance': 'Clear Non-Reply', 'Clarification': 'Clear Non-Reply'}

SPLIT_SEED = 20261202

def halves(pairs):
    import random
    groups = sorted(set(p['group'] for p in pairs))
    random.Random(SPLIT_SEED).shuffle(groups)
    tune = set(groups[:len(groups) // 2])
    return {p['id']: ('tune' if p['group'] in tune else 'check') for p in pairs}

def load(fn):
    return [json.loads(l) for l in open(os.path.join(HERE, fn), encoding='utf-8') if l.strip()]

def kappa(a, b):
    n = len(a)
    if n == 0:
        return None
    po = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb[k] for k in set(a) | set(b)) / (n * n)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)

def pct(k, n):
    return '%d/%d = %.1f%%' % (k, n, 100.0 * k / n) if n else '0/0 = n/a'

def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    examples = '--examples' in sys.argv
    tsfile = args[0] if args else 'talkstat_blind.jsonl'
    pairs = load('pairs.jsonl')
    half = [a.split('=', 1)[1] for a in sys.argv[1:] if a.startswith('--half=')]
    if half:
        which = halves(pairs)
        pairs = [p for p in pairs if which[p['id']] == half[0]]
    index = {r['id']: r for r in load('transcripts/index.jsonl')}
    calls = {}
    for c in load(tsfile):
        calls[os.path.basename(c['source'])] = c
    rows = []
    for p in pairs:
        ix = index[p['id']]
        c = calls[ix['file']]
        qs = [q for q in c['qa']['pairs'] if q['turn'] == ix['q_turn']]
        q = qs[-1] if qs else None
        official = LABELS[p['kind']][1]
        # annotated span intervals in the reply line (0-based code points within the reply text)
        spans = []
        for s in p['deflection_spans']:
            i = p['reply'].find(s['text'])
            spans.append((i, i + len(s['text']), s['category'], s['text']))
        ms = []
        for m in c['deflections']['matches']:
            if m['turn'] == ix['r_turn']:
                start = m['col'] - 1 - (len(official) + 1)
                ms.append((start, start + len(m['text']), m['category'], m['text']))
        rows.append(dict(p=p, q=q, nq=len(qs), spans=spans, ms=ms))

    out = []
    def section(title, sel):
        n = len(sel)
        det = [r for r in sel if r['q']]
        paired = [r for r in det if r['q']['reply_turn'] == index[r['p']['id']]['r_turn']]
        rc = [r for r in det if r['q']['reply'] == r['p']['reply_class']]
        cl = [r for r in det if CL[r['q']['clarity']] == r['p']['clarity']]
        out.append('### %s (%d pairs)\n' % (title, n))
        out.append('- question detected in the asker\'s turn: %s' % pct(len(det), n))
        out.append('- paired with the annotated reply turn: %s' % pct(len(paired), n))
        out.append('- reply class agrees: %s of all pairs (%s of detected)' % (pct(len(rc), n), pct(len(rc), len(det))))
        out.append('- CLARITY agrees: %s of all pairs (%s of detected)' % (pct(len(cl), n), pct(len(cl), len(det))))
        if det:
            k = kappa([r['p']['clarity'] for r in det], [CL[r['q']['clarity']] for r in det])
            out.append('- CLARITY kappa (annotator vs talkstat, detected pairs): %.3f' % k)
        # ceiling of the class->CLARITY mapping: talkstat's mapping applied to the annotated class
        ceil = [r for r in sel if TS_CL[r['p']['reply_class']] == r['p']['clarity']]
        out.append('- ceiling of the class mapping (annotated reply_class mapped by talkstat\'s table = annotated CLARITY): %s' % pct(len(ceil), n))
        # deflection spans
        ns = sum(len(r['spans']) for r in sel); nm = sum(len(r['ms']) for r in sel)
        hit_s = sum(1 for r in sel for s in r['spans'] if any(m[2] == s[2] and m[0] < s[1] and s[0] < m[1] for m in r['ms']))
        hit_s_any = sum(1 for r in sel for s in r['spans'] if any(m[0] < s[1] and s[0] < m[1] for m in r['ms']))
        ok_m = sum(1 for r in sel for m in r['ms'] if any(m[2] == s[2] and m[0] < s[1] and s[0] < m[1] for s in r['spans']))
        ok_m_any = sum(1 for r in sel for m in r['ms'] if any(m[0] < s[1] and s[0] < m[1] for s in r['spans']))
        P = ok_m / nm if nm else float('nan'); R = hit_s / ns if ns else float('nan')
        F = 2 * P * R / (P + R) if nm and ns and (P + R) else float('nan')
        out.append('- deflection spans: annotated %d, talkstat matches %d; precision %s, recall %s, F1 %.3f (same category, overlapping)' % (ns, nm, pct(ok_m, nm), pct(hit_s, ns), F))
        out.append('- deflection spans, any category: precision %s, recall %s' % (pct(ok_m_any, nm), pct(hit_s_any, ns)))
        out.append('')
        return det

    out.append('## Figures (talkstat output: %s%s)\n' % (tsfile, ', half: ' + half[0] if half else ''))
    det = section('All', rows)
    for kind in ('press', 'call', 'hotline'):
        section('kind = %s' % kind, [r for r in rows if r['p']['kind'] == kind])

    # confusion tables
    out.append('### CLARITY confusion (rows: annotation, columns: talkstat; undetected = no question found)\n')
    cols = ['Clear Reply', 'Ambivalent', 'Clear Non-Reply', 'undetected']
    out.append('| annotation \\ talkstat | ' + ' | '.join(cols) + ' |')
    out.append('|---' * (len(cols) + 1) + '|')
    for a in cols[:3]:
        cnt = Counter((CL[r['q']['clarity']] if r['q'] else 'undetected') for r in rows if r['p']['clarity'] == a)
        out.append('| %s | ' % a + ' | '.join(str(cnt[c]) for c in cols) + ' |')
    out.append('')
    classes = sorted(set(r['p']['reply_class'] for r in rows) | set(r['q']['reply'] for r in rows if r['q']))
    cols = classes + ['undetected']
    out.append('### Reply-class confusion (rows: annotation, columns: talkstat)\n')
    out.append('| annotation \\ talkstat | ' + ' | '.join(cols) + ' |')
    out.append('|---' * (len(cols) + 1) + '|')
    for a in classes:
        cnt = Counter((r['q']['reply'] if r['q'] else 'undetected') for r in rows if r['p']['reply_class'] == a)
        if sum(cnt.values()):
            out.append('| %s | ' % a + ' | '.join(str(cnt[c]) if cnt[c] else '.' for c in cols) + ' |')
    out.append('')
    # per evasion label
    out.append('### CLARITY agreement by annotated evasion label\n')
    out.append('| evasion | pairs | talkstat CLARITY agrees | talkstat classes (top) |')
    out.append('|---|---|---|---|')
    for ev in EV2CL:
        sel = [r for r in rows if r['p']['evasion'] == ev]
        if not sel:
            continue
        ag = sum(1 for r in sel if r['q'] and CL[r['q']['clarity']] == r['p']['clarity'])
        top = Counter((r['q']['reply'] if r['q'] else 'undetected') for r in sel).most_common(3)
        out.append('| %s | %d | %s | %s |' % (ev, len(sel), pct(ag, len(sel)), ', '.join('%s %d' % t for t in top)))
    out.append('')
    # per span category
    out.append('### Deflection spans by category (same-category overlap)\n')
    out.append('| category | annotated | found (recall) | talkstat matches | correct (precision) |')
    out.append('|---|---|---|---|---|')
    for cat in ('referral', 'ignorance', 'deferral', 'noncommittal', 'procedural', 'refusal'):
        ns = sum(1 for r in rows for s in r['spans'] if s[2] == cat)
        hs = sum(1 for r in rows for s in r['spans'] if s[2] == cat and any(m[2] == cat and m[0] < s[1] and s[0] < m[1] for m in r['ms']))
        nm = sum(1 for r in rows for m in r['ms'] if m[2] == cat)
        om = sum(1 for r in rows for m in r['ms'] if m[2] == cat and any(s[2] == cat and m[0] < s[1] and s[0] < m[1] for s in r['spans']))
        out.append('| %s | %d | %s | %d | %s |' % (cat, ns, pct(hs, ns), nm, pct(om, nm)))
    out.append('')
    # self-agreement
    sec = {r['id']: r for r in load('pairs_second.jsonl')}
    first = {p['id']: p for p in pairs}
    ids = [i for i in sec if i in first]
    ev1 = [first[i]['evasion'] for i in ids]; ev2 = [sec[i]['evasion'] for i in ids]
    c1 = [EV2CL[e] for e in ev1]; c2 = [EV2CL[e] for e in ev2]
    r1 = [first[i]['reply_class'] for i in ids]; r2 = [sec[i]['reply_class'] for i in ids]
    out.append('## Self-agreement (one annotator, second pass on %d pairs)\n' % len(ids))
    for name, a, b in (('evasion (9 labels)', ev1, ev2), ('CLARITY (3 classes)', c1, c2), ('reply class', r1, r2)):
        out.append('- %s: agreement %s, Cohen\'s kappa %.3f' % (name, pct(sum(x == y for x, y in zip(a, b)), len(a)), kappa(a, b)))
    out.append('')
    print('\n'.join(out))
    if examples:
        print('\n## Disagreements (for reading)\n')
        for r in rows:
            p, q = r['p'], r['q']
            bad = (not q) or q['reply'] != p['reply_class'] or CL[q['clarity']] != p['clarity']
            if bad:
                print('%s [%s] %s | ann %s/%s/%s | ts %s | spans %s | ms %s\n   Q: %s\n   R: %s' % (
                    p['id'], p['kind'], p['group'], p['evasion'], p['clarity'], p['reply_class'],
                    ('%s/%s (%s) nq=%d' % (q['reply'], q['clarity'], q['why'], r['nq'])) if q else 'no question',
                    [(s[3], s[2]) for s in r['spans']], [(m[3], m[2]) for m in r['ms']], p['question'][:90], p['reply'][:140]))

if __name__ == '__main__':
    main()
