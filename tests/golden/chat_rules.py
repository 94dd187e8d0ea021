# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""The rules CLAN's CHECK enforces on a CHAT file's headers and tiers, as the
CHAT manual (talkbank.org/manuals/CHAT.pdf) states them, for the files
`talkstat turns --to chat` writes (CLAN, and so CHECK, is not in Debian).

    chat_rules.py FILE...     exit 0, or 1 with "FILE:LINE: rule" lines

Written from the manual, not from talkstat's writer:
- the file starts "@UTF8", "@Begin" and ends "@End", each once;
- "@Languages", "@Participants" and one "@ID" per participant come next,
  in that order, before any other header and before the first tier;
- a header is "@Name:" and a tab, then its value ("@Begin", "@End" and
  "@UTF8" have none);
- "@Participants": entries "CODE [Name] Role" apart by commas, a code of
  one to seven capitals and digits, a role of CHAT's list, no code twice;
- "@ID": ten fields, each ended by "|" (language|corpus|code|age|sex|group|
  SES|role|education|custom|), its code declared, its role the one
  declared, each participant once;
- a main tier is "*CODE:" and a tab, CODE declared; a dependent tier
  "%name:" and a tab; a continuation line starts with a tab;
- an utterance ends with a terminator (". ? !" or one of CHAT's "+..."
  family), after which only postcodes ("[+ IMP]") and a media bullet may
  come;
- a media bullet is "\\x15start_end\\x15" in milliseconds, start before end,
  starts in the order of the tiers, and only after an "@Media:" header;
- no blank line, no empty tier.
"""
import re
import sys

ROLES = {"Target_Child", "Child", "Mother", "Father", "Brother", "Sister", "Sibling",
         "Grandmother", "Grandfather", "Relative", "Participant", "Target_Adult", "Friend",
         "Male", "Female", "Investigator", "Partner", "Boy", "Girl", "Adult", "Teenager",
         "Husband", "Wife", "Family_Friend", "Playmate", "Visitor", "Babysitter", "Teacher",
         "Student", "Nurse", "Doctor", "Therapist", "Caretaker", "Observer", "Camera_Operator",
         "Interviewer", "Speaker", "Audience", "Environment", "Media", "Unidentified",
         "Narrator", "Leader", "Guest", "Host", "Uncertain", "Other"}
CODE = re.compile(r"[A-Z][A-Z0-9]{0,6}$")
TERMINATORS = ("+...", "+..?", "+!?", "+/.", "+/?", "+//.", "+//?", "+.", "+\"/.", "+\".",
               ".", "?", "!")
BULLET = re.compile("\x15(\\d+)_(\\d+)\x15$")
HEADER = re.compile(r"@([A-Za-z][A-Za-z0-9 _-]*):\t(.*)$")
FIRST = ["@Languages", "@Participants"]


def check(path):
    bad = []
    lines = open(path, encoding="utf-8").read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    else:
        bad.append((len(lines), "the last line has no newline"))

    def err(i, msg):
        bad.append((i + 1, msg))

    # "@PID", "@Font", "@Window" and "@ColorWords" may come before @Begin
    pre = 1
    while pre < len(lines) and re.match(r"@(PID|Font|Window|ColorWords):\t", lines[pre]):
        pre += 1
    if lines[:1] != ["@UTF8"] or lines[pre:pre + 1] != ["@Begin"]:
        err(0, "the file must start with @UTF8 and @Begin")
    if not lines or lines[-1] != "@End":
        err(len(lines) - 1, "the file must end with @End")
    for word in ("@UTF8", "@Begin", "@End"):
        if lines.count(word) > 1:
            err(lines.index(word, lines.index(word) + 1), f"{word} more than once")
    codes, roles, ids, headers = {}, {}, set(), []
    media, last_start, tiers = False, -1, False
    for i, line in enumerate(lines):
        if line in ("@UTF8", "@Begin", "@End"):
            continue
        if line == "":
            err(i, "blank line")
        elif line.startswith("@"):
            m = HEADER.match(line)
            if not m:
                err(i, "a header is '@Name:', a tab and its value")
                continue
            name, value = "@" + m.group(1), m.group(2)
            if tiers and name in ("@Languages", "@Participants", "@ID", "@Media"):
                err(i, f"{name} after the first tier")
            if i < pre:
                continue
            want = len(headers) < 2 and FIRST[len(headers)]
            if want and name != want:
                err(i, f"{want} must come before {name}")
            if len(headers) == 2 and name != "@ID":
                err(i, f"the @ID lines must follow @Participants, before {name}")
            if name != "@ID" and headers and headers[-1] == "@ID" and len(ids) < len(codes):
                err(i, f"{name} between the @ID lines")
            headers.append(name)
            if name == "@Languages" and not re.fullmatch(r"[a-z]{3}(, [a-z]{3})*", value):
                err(i, "@Languages is ISO 639-3 codes apart by ', '")
            elif name == "@Participants":
                for entry in value.split(","):
                    f = entry.split()
                    if len(f) not in (2, 3):
                        err(i, f"participant '{entry.strip()}' is not 'CODE [Name] Role'")
                        continue
                    if not CODE.match(f[0]):
                        err(i, f"speaker code '{f[0]}' is not 1-7 capitals and digits")
                    if f[-1] not in ROLES:
                        err(i, f"role '{f[-1]}' is not one of CHAT's roles")
                    if f[0] in codes:
                        err(i, f"speaker code '{f[0]}' declared twice")
                    codes[f[0]] = f[-1]
            elif name == "@ID":
                f = value.split("|")
                if len(f) != 11 or f[10] != "":
                    err(i, "@ID has ten fields, each ended by '|'")
                    continue
                if f[2] not in codes:
                    err(i, f"@ID of '{f[2]}', who is not in @Participants")
                elif codes[f[2]] != f[7]:
                    err(i, f"@ID role '{f[7]}' of '{f[2]}' is not the declared '{codes[f[2]]}'")
                if f[2] in ids:
                    err(i, f"a second @ID of '{f[2]}'")
                ids.add(f[2])
                roles[f[2]] = f[7]
            elif name == "@Media":
                media = True
                if not re.fullmatch(r"[^,\s]+, (audio|video)(, [a-z]+)*", value):
                    err(i, "@Media is 'name, audio' or 'name, video'")
        elif line.startswith("*"):
            if not tiers:
                for c in codes:
                    if c not in ids:
                        err(i, f"participant '{c}' has no @ID")
            tiers = True
            m = re.match(r"\*([^:\t]+):\t(.*)$", line)
            if not m:
                err(i, "a main tier is '*CODE:', a tab and the utterance")
                continue
            code, text = m.groups()
            j = i + 1
            while j < len(lines) and lines[j].startswith("\t"):  # the tier goes on
                text += " " + lines[j].strip()
                j += 1
            if code not in codes:
                err(i, f"speaker '{code}' is not in @Participants")
            b = BULLET.search(text)
            if b:
                if not media:
                    err(i, "a media bullet without an @Media header")
                start, end = int(b.group(1)), int(b.group(2))
                if start >= end:
                    err(i, f"bullet {start}_{end} does not end after it starts")
                if start < last_start:
                    err(i, f"bullet starting at {start} comes before the one before it")
                last_start = start
                text = text[:b.start()].rstrip(" ")
            # postcodes ("[+ IMP]") may follow the terminator
            text = re.sub(r"(\s*\[\+ [^\]]*\])+$", "", text)
            if "\x15" in text:
                err(i, "a media bullet that is not at the tier's end")
            words = text.split()
            if not words:
                err(i, "an empty main tier")
            elif not text.endswith(TERMINATORS):
                err(i, "the utterance has no terminator")
            elif len(words) == 1:
                err(i, "a terminator without words")
        elif line.startswith("%"):
            if not re.match(r"%[a-z]+:\t\S", line):
                err(i, "a dependent tier is '%name:', a tab and its text")
        elif line.startswith("\t"):
            if i < pre + 2:
                err(i, "a continuation line with nothing to continue")
        else:
            err(i, "a line that is no header, tier or continuation (a tab first)")
    return [f"{path}:{n}: {m}" for n, m in bad]


def main():
    out = [e for p in sys.argv[1:] for e in check(p)]
    if out:
        print("\n".join(out), file=sys.stderr)
    sys.exit(1 if out else 0)


if __name__ == "__main__":
    main()
