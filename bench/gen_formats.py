#!/usr/bin/env python3
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""One generated English conversation, written in each input format, so
that bench/readers.sh times the readers on the same speech.

    gen_formats.py --mb MB --seed N --out STEM

writes STEM.txt (labelled text: "INV: ..."), STEM.cha (CHAT: "*INV:\t...
\x15start_end\x15"), STEM.jsonl (a ConvoKit utterances.jsonl, one
conversation), STEM.html (a page of <p><strong>INV:</strong> ...</p>
paragraphs), STEM.vtt (WebVTT cues with <v INV> voices), STEM.srt (SubRip
cues with "INV:" prefixes), STEM.stm (NIST STM segments) and STEM.rttm (RTTM
SPEAKER rows, the same times without words) of about MB megabytes of words
each: one call of two speakers who take turns, a question and an answer of
3 to 25 words, sometimes two utterances in a turn, each utterance 0.3 s a
word and 0.2 s after the one before (the times of the CHAT bullets).  A new
format is one more writer here."""
import argparse
import json
import random

WORDS = ("the office said we should call the other department about the fire "
         "and the workers who were not paid for three months because the factory "
         "closed last year so we want to know when the union will meet them "
         "I do not know that is not our responsibility please ask the city "
         "government we cannot say anything until the investigation is done").split()


def utterances(rng, nbytes):
    """(speaker, words, is_question) until about nbytes of words."""
    total, turn = 0, 0
    while total < nbytes:
        spk = ("INV", "PAR")[turn % 2]
        for _ in range(1 if rng.random() < 0.8 else 2):
            ws = [rng.choice(WORDS) for _ in range(rng.randint(3, 25))]
            q = spk == "INV" and rng.random() < 0.7
            total += sum(len(w) + 1 for w in ws) + 8
            yield spk, ws, q
        turn += 1


def write_text(f, utts):
    for spk, ws, q in utts:
        f.write(f"{spk}: {' '.join(ws)}{'?' if q else '.'}\n")


def write_chat(f, utts):
    f.write("@UTF8\n@Begin\n@Languages:\teng\n"
            "@Participants:\tINV Investigator, PAR Participant\n"
            "@ID:\teng|bench|INV|||||Investigator|||\n@ID:\teng|bench|PAR|||||Participant|||\n"
            "@Media:\tbench, audio\n")
    t = 0
    for spk, ws, q in utts:
        d = 300 * len(ws)
        f.write(f"*{spk}:\t{' '.join(ws)} {'?' if q else '.'} \x15{t}_{t + d}\x15\n")
        t += d + 200
    f.write("@End\n")


def timed(utts):
    """(start_ms, end_ms, speaker, text) of each utterance, as the CHAT
    bullets time them."""
    t = 0
    for spk, ws, q in utts:
        d = 300 * len(ws)
        yield t, t + d, spk, f"{' '.join(ws)}{'?' if q else '.'}"
        t += d + 200


def stamp(ms, sep):
    return "%02d:%02d:%02d%s%03d" % (ms // 3600000, ms // 60000 % 60, ms // 1000 % 60, sep,
                                     ms % 1000)


def write_vtt(f, utts):
    f.write("WEBVTT\n\n")
    for a, b, spk, text in timed(utts):
        f.write(f"{stamp(a, '.')} --> {stamp(b, '.')}\n<v {spk}>{text}\n\n")


def write_srt(f, utts):
    for i, (a, b, spk, text) in enumerate(timed(utts)):
        f.write(f"{i + 1}\n{stamp(a, ',')} --> {stamp(b, ',')}\n{spk}: {text}\n\n")


def write_stm(f, utts):
    f.write(';; LABEL "O" "Overall" "Overall"\n')
    for a, b, spk, text in timed(utts):
        f.write(f"bench 1 {spk} {a / 1000:.3f} {b / 1000:.3f} <O> {text}\n")


def write_rttm(f, utts):
    for a, b, spk, _ in timed(utts):
        f.write(f"SPEAKER bench 1 {a / 1000:.3f} {(b - a) / 1000:.3f} <NA> <NA> {spk} <NA> <NA>\n")


def write_convokit(f, utts):
    for i, (spk, ws, q) in enumerate(utts):
        f.write(json.dumps({"id": f"u{i}", "speaker": spk, "conversation_id": "u0",
                            "reply_to": f"u{i - 1}" if i else None, "timestamp": None,
                            "text": f"{' '.join(ws)}{'?' if q else '.'}", "meta": {}}) + "\n")


def write_html(f, utts):
    f.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>Bench</title>"
            "<style>p { margin: 0 }</style></head>\n<body>\n<main>\n")
    for spk, ws, q in utts:
        f.write(f"<p><strong>{spk}:</strong> {' '.join(ws)}{'?' if q else '.'}</p>\n")
    f.write("</main>\n</body>\n</html>\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    utts = list(utterances(random.Random(a.seed), int(a.mb * 1e6)))
    for ext, write in (("txt", write_text), ("cha", write_chat), ("jsonl", write_convokit),
                       ("html", write_html), ("vtt", write_vtt), ("srt", write_srt),
                       ("stm", write_stm), ("rttm", write_rttm)):
        with open(f"{a.out}.{ext}", "w") as f:
            write(f, utts)


if __name__ == "__main__":
    main()
