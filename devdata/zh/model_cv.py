#!/usr/bin/env python3
"""A reply model for Chinese trained on this set, scored end to end by
cross-validation over whole groups (conferences, calls).

Usage (from this folder, after `python3 make_transcripts.py`):
    python3 model_cv.py BUILD_DIR [FOLDS]

The groups, sorted, shuffled with random.Random(7), are dealt into FOLDS
folds (default 5).  For each fold: `talkstat-train --language zh --folds 0`
on the pairs of the other folds (question, reply, the evasion label,
group), then `talkstat-summary --jsonl --model` on the fold's transcripts.
The summaries of all folds are scored by score.py as the rules' are, so
each pair is classed by a model that never saw its conference or call.
Standard library only; writes its files into a temporary folder.
"""
import json
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    bindir = os.path.join(os.path.abspath(sys.argv[1]), 'src', 'bin')
    folds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    rows = [json.loads(l) for l in open(os.path.join(HERE, 'pairs.jsonl'), encoding='utf-8')]
    groups = sorted({r['group'] for r in rows})
    random.Random(7).shuffle(groups)
    fold = {g: i % folds for i, g in enumerate(groups)}
    env = dict(os.environ, LC_ALL='C.UTF-8')
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'out.jsonl')
        with open(out, 'w', encoding='utf-8') as summaries:
            for k in range(folds):
                train = os.path.join(tmp, 'train%d.jsonl' % k)
                with open(train, 'w', encoding='utf-8') as f:
                    for r in rows:
                        if fold[r['group']] != k:
                            f.write(json.dumps({'question': r['question'], 'reply': r['reply'],
                                                'label': r['evasion'], 'group': r['group']},
                                               ensure_ascii=False) + '\n')
                model = os.path.join(tmp, 'fold%d.model' % k)
                subprocess.run([os.path.join(bindir, 'talkstat-train'), '--language', 'zh',
                                '--folds', '0', '-o', model, train], check=True, env=env,
                               stdout=subprocess.DEVNULL)
                files = sorted(g + '.txt' for g in groups if fold[g] == k)
                subprocess.run([os.path.join(bindir, 'talkstat-summary'), '--jsonl', '--model',
                                model] + files, check=True, env=env, stdout=summaries,
                               cwd=os.path.join(HERE, 'transcripts'))
        subprocess.run([sys.executable, os.path.join(HERE, 'score.py'), out], check=True)


main()
