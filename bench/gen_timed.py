#!/usr/bin/env python3
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""The same conversations in three formats, for bench/readers.sh: labelled
text (calls under "Call N" headers), NIST STM and RTTM (one recording per
call, the same segments, without words in RTTM).

    gen_timed.py MB SEED OUTDIR   -> OUTDIR/calls.txt, calls.stm, calls.rttm

MB is the size of the STM file, roughly.  English words from a small
vocabulary; two speakers per call who alternate, a third now and then,
with pauses and overlaps."""
import os
import random
import sys

WORDS = ("the of and to a in that it is was i for on you he be with as by at have are this "
         "not but had his they from she which or we an there her were one do been all their "
         "has would will what if can when so no said who more about up them some could him "
         "into its then two time like other see now only any may new first also after know "
         "union factory fire office question answer department labour bureau call").split()


def main():
    mb, seed, out = float(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rnd = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    txt = open(os.path.join(out, "calls.txt"), "w")
    stm = open(os.path.join(out, "calls.stm"), "w")
    rttm = open(os.path.join(out, "calls.rttm"), "w")
    stm.write(';; CATEGORY "0" "" ""\n;; LABEL "O" "Overall" "Overall"\n')
    size, call = 0, 0
    while size < mb * 1e6:
        call += 1
        rec = "call%05d" % call
        txt.write("Call %d - generated\n" % call)
        t = rnd.uniform(0, 2)
        who = "A"
        for _ in range(rnd.randint(20, 80)):
            if rnd.random() < 0.05:
                who = "C"
            else:
                who = "B" if who != "B" else "A"
            n = rnd.randint(1, 40)
            words = " ".join(rnd.choice(WORDS) for _ in range(n))
            if rnd.random() < 0.3:
                words += "?"
            dur = round(n / 2.5 + rnd.uniform(0.1, 1.0), 2)
            start = round(t, 2)
            line = "%s 1 %s-%s %.2f %.2f <O> %s\n" % (rec, rec, who, start, start + dur, words)
            stm.write(line)
            size += len(line)
            rttm.write("SPEAKER %s 1 %.3f %.3f <NA> <NA> %s-%s <NA> <NA>\n" % (rec, start, dur, rec, who))
            txt.write("%s: %s\n" % (who, words))
            t = start + dur + rnd.uniform(-0.8, 1.5)
    for f in (txt, stm, rttm):
        f.close()


main()
