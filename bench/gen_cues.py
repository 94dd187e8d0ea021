#!/usr/bin/env python3
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""Write one conversation three ways, for bench/cues.sh: labelled text
(calls.txt), WebVTT with <v> voices (calls.vtt) and SubRip with WhisperX's
[SPEAKER_nn]: prefixes (calls.srt); the same turns and words in each.

    gen_cues.py MB OUTDIR

Two speakers take turns of one to three cues of 3 to 14 words (a few
in <i>, a few with &amp;), from a fixed seed."""
import os
import random
import sys

WORDS = ("the we you it is that to and of a in for not our office can will have this "
         "department claim decide compensation who when where call back later manager "
         "policy file number form week today sorry know sure matter handle").split()


def stamp(t):
    """hh:mm:ss.mmm of t seconds, rounded to the millisecond first (so that
    59.9996 s is 00:01:00.000, not 00:00:60.000)."""
    ms = round(t * 1000)
    return "%02d:%02d:%02d.%03d" % (ms // 3600000, ms // 60000 % 60, ms // 1000 % 60, ms % 1000)


def main():
    mb, out = float(sys.argv[1]), sys.argv[2]
    rng = random.Random(1)
    txt, vtt, srt = [], ["WEBVTT\n\n"], []
    size, t, n, spk = 0, 0.0, 0, 0
    while size < mb * 1e6:
        spk = 1 - spk
        for k in range(rng.randint(1, 3)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(3, 14))]
            plain = " ".join(words) + rng.choice(".?,")
            styled = plain
            if rng.random() < 0.1:
                styled = "<i>" + plain + "</i>"
            if rng.random() < 0.1:
                plain += " & more"
                styled += " &amp; more"
            dur = 0.3 * len(words)
            n += 1
            a, b = stamp(t), stamp(t + dur)
            # a turn's later cues are its continuation lines
            txt.append("%s: %s\n" % ("AB"[spk], plain) if not k else plain + "\n")
            vtt.append("%s --> %s\n<v %s>%s\n\n" % (a, b, "AB"[spk], styled))
            srt.append("%d\n%s --> %s\n[SPEAKER_%02d]: %s\n\n" % (n, a.replace(".", ","),
                                                                  b.replace(".", ","), spk, styled))
            size += len(vtt[-1])
            t += dur + 0.2
    for name, parts in (("calls.txt", txt), ("calls.vtt", vtt), ("calls.srt", srt)):
        with open(os.path.join(out, name), "w") as f:
            f.write("".join(parts))


main()
