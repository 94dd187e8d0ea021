#!/usr/bin/env python3
"""Write the annotated pairs as talkstat labelled transcripts, one file per group.

Run only after the annotations (pairs.jsonl) are committed. Each pair becomes two
turns: the asker's (记者 / 市民) and the official's (发言人 / 工作人员). The
labels are declared with @Participants and the asker with @Caller. An index
(transcripts/index.jsonl) records, for each pair id, its file and turn numbers
(1-based, in the file's single call).
"""
import json, os, re, sys
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'transcripts')
LABELS = {'press': ('记者', '发言人'), 'call': ('记者', '工作人员'), 'hotline': ('市民', '工作人员')}

def flat(s):
    # one transcript line per turn: no line breaks inside a turn
    return re.sub(r'\s*\n\s*', ' ', s).strip()

def main():
    pairs = [json.loads(l) for l in open(os.path.join(HERE, 'pairs.jsonl'), encoding='utf-8')]
    groups = OrderedDict()
    for p in pairs:
        groups.setdefault(p['group'], []).append(p)
    os.makedirs(OUT, exist_ok=True)
    index = []
    for g, ps in groups.items():
        kind = ps[0]['kind']
        asker, official = LABELS[kind]
        fn = re.sub(r'[^A-Za-z0-9._-]', '_', g) + '.txt'
        lines = ['@Participants: %s, %s' % (asker, official), '@Caller: %s' % asker,
                 '@Org: %s' % g, '', '@Call: %s' % g, '']
        turn = 0
        for p in ps:
            assert p['kind'] == kind, (g, p['id'])
            lines.append('%s：%s' % (asker, flat(p['question']))); turn += 1; qt = turn
            lines.append('%s：%s' % (official, flat(p['reply']))); turn += 1; rt = turn
            index.append({'id': p['id'], 'file': fn, 'q_turn': qt, 'r_turn': rt})
        with open(os.path.join(OUT, fn), 'w', encoding='utf-8') as f:
            f.write('\n'.join(lines) + '\n')
    with open(os.path.join(OUT, 'index.jsonl'), 'w', encoding='utf-8') as f:
        for r in index:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')
    print(len(groups), 'files,', len(index), 'pairs', file=sys.stderr)

if __name__ == '__main__':
    main()
