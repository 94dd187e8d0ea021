#!/usr/bin/env python3
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""Deterministic per-call records for the aggregation benchmark (stdlib only).

gen_records.py N [SEED] > records.jsonl

Each line is a talkstat-summary --jsonl record with the speakers, turns,
events, deflections and qa sections (the names of issues 3 and 4), drawn at
random but realistically: 50 offices in 10 regions, dates over 2019-2024,
lengths of a few hundred to a few thousand characters, Poisson-ish counts of
deflections and replies.  The pairs and matches lists are left empty (they
do not enter the aggregate; real records with them are longer lines)."""
import json
import random
import sys

REPLIES = ["answer", "partial", "referral", "ignorance", "deferral", "noncommittal",
           "procedural", "refusal", "backchannel", "agree", "counter_question", "no_response"]
CLARITY = {"answer": "clear_reply", "agree": "clear_reply", "partial": "ambivalent",
           "referral": "ambivalent", "deferral": "ambivalent", "noncommittal": "ambivalent"}
CATS = ["referral", "ignorance", "deferral", "noncommittal", "procedural", "refusal"]
CITIES = "广州 深圳 东莞 佛山 惠州 中山 珠海 江门 苏州 无锡 宁波 温州 郑州 武汉 长沙 成都 重庆 西安 沈阳 青岛 济南 合肥 南昌 福州 厦门".split()


def main():
    n = int(sys.argv[1])
    rnd = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    orgs = ["%s市%s" % (CITIES[i % len(CITIES)], "总工会" if i < 25 else "人社局") for i in range(50)]
    out = sys.stdout
    for i in range(n):
        o = rnd.randrange(50)
        org = orgs[o]
        date = "%d-%02d-%02d" % (2019 + rnd.randrange(6), 1 + rnd.randrange(12), 1 + rnd.randrange(28))
        ct, rt = 3 + rnd.randrange(60), 3 + rnd.randrange(60)
        cl, rl = ct * (5 + rnd.randrange(60)), rt * (5 + rnd.randrange(60))
        tot = cl + rl

        def spk(name, label, role, t, l):
            lt = min(l, l // t * 3 + rnd.randrange(10))
            return {"speaker": name, "label": label, "role": role, "turns": t, "length": l, "chars": l,
                    "words": rnd.randrange(5), "share_of_speech": round(l / tot, 6),
                    "seconds": round(l / 5.18, 6), "seconds_estimated": True,
                    "mean_turn_length": round(l / t, 6), "longest_turn": lt,
                    "longest_monologue": lt + rnd.randrange(20),
                    "longest_monologue_seconds": round((lt + 7) / 5.18, 6),
                    "backchannels": rnd.randrange(t // 3 + 1)}
        rcat = [rnd.randrange(3) for _ in CATS]
        ccat = [1 if rnd.random() < 0.05 else 0 for _ in CATS]
        hang = 1 if rnd.random() < 0.1 else 0
        pairs = rnd.randrange(1, 25)
        weights = [8 + o % 5, 3, 3, 2, 2, 2, 1, 1 + o % 3, 1, 3, 1, 1]
        reply = dict.fromkeys(REPLIES, 0)
        for r in rnd.choices(REPLIES, weights, k=pairs):
            reply[r] += 1
        clar = {"clear_reply": 0, "ambivalent": 0, "clear_non_reply": 0}
        for k, v in reply.items():
            clar[CLARITY.get(k, "clear_non_reply")] += v
        rq = rnd.randrange(4)
        rec = {"schema_version": 1, "source": "corpus/%04d.txt" % (i // 100), "call": i % 100 + 1,
               "title": "第%d通电话 %s" % (i % 100 + 1, org), "line": 1 + 40 * (i % 100),
               "meta": {"Org": org, "Region": "R%d" % (o % 10), "Date": date},
               "language": "zh", "unit": "chars", "rate": 5.18, "timed": False,
               "speakers": [spk("CLB", "ＣＬＢ", "caller", ct, cl), spk(org, org, "respondent", rt, rl)],
               "turns": {"total": ct + rt, "switches": ct + rt - 1},
               "events": [{"kind": "hangup", "line": 40, "col": 1, "text": "电话被挂断",
                           "after_turn": ct + rt, "turn": None}] if hang else [],
               "narration": [],
               "deflections": {"total": sum(rcat) + sum(ccat),
                               "by_category": {c: rcat[j] + ccat[j] for j, c in enumerate(CATS)},
                               "by_speaker": {org: {"total": sum(rcat), "by_category": dict(zip(CATS, rcat)),
                                                    "per_1000": round(sum(rcat) * 1000 / rl, 6)},
                                              "CLB": {"total": sum(ccat), "by_category": dict(zip(CATS, ccat)),
                                                      "per_1000": round(sum(ccat) * 1000 / cl, 6)}},
                               "targets": {"组织部": rcat[0]} if rcat[0] else {}, "matches": [], "hangups": hang},
               "qa": {"questions": {"total": pairs + rq, "marked": rnd.randrange(pairs + 1),
                                    "by_speaker": {"CLB": pairs, org: rq},
                                    "by_type": {"wh": pairs // 2, "yesno": pairs - pairs // 2}},
                      "pairs": [], "by_reply": reply, "by_clarity": clar,
                      "responsiveness": round(clar["clear_reply"] / pairs, 6),
                      "deflected_share": round(sum(reply[c] for c in CATS) / pairs, 6),
                      "reasks": rnd.randrange(pairs // 3 + 1)}}
        out.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")))
        out.write("\n")


main()
