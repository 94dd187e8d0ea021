#!/usr/bin/env python3
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""One generated English conversation, written in each input format, so
that bench/readers.sh times the readers on the same speech.

    gen_formats.py --mb MB --seed N --out STEM

writes STEM.txt (labelled text: "INV: ..."), STEM.cha (CHAT: "*INV:\t...
\x15start_end\x15"), STEM.jsonl (a ConvoKit utterances.jsonl, one
conversation) and STEM.html (a page of <p><strong>INV:</strong> ...</p>
paragraphs) of about MB megabytes of words each: one call of two speakers who
take turns, a question and an answer of 3 to 25 words, sometimes two
utterances in a turn.  A new format is one more writer here."""
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
    with open(a.out + ".txt", "w") as f:
        write_text(f, utts)
    with open(a.out + ".cha", "w") as f:
        write_chat(f, utts)
    with open(a.out + ".jsonl", "w") as f:
        write_convokit(f, utts)
    with open(a.out + ".html", "w") as f:
        write_html(f, utts)


if __name__ == "__main__":
    main()
