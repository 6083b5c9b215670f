#!/usr/bin/env python3
"""Extracts the AMI stream of goami2's fixtures_test.go (staskobzar/goami2 @
dd9117a29ca09feb10e24b10da7da0285f4407fc, MIT, see LICENSE.goami2) into plain
AMI text files, one per fixture function: the Go string literals of each
function, in order, concatenated and unescaped (CRLF kept). Run from this
folder: python3 extract_goami2.py ../../../../shared/feeds/asterisk-ami/goami2/fixtures_test.go
"""
import re
import sys

NAMES = {
    "getAmiFixtureCall": "goami2-call.ami",
    "getAmiFixtureQueues": "goami2-queues.ami",
    "getAmiFixtureQueueMembers": "goami2-queue-members.ami",
}

src = open(sys.argv[1], encoding="utf-8").read()
funcs = re.split(r"^func ", src, flags=re.M)[1:]
for f in funcs:
    name = f.split("(", 1)[0]
    if name not in NAMES:
        continue
    lits = re.findall(r'"((?:[^"\\]|\\.)*)"', f)
    text = "".join(lits)
    text = text.replace("\\r", "\r").replace("\\n", "\n").replace('\\"', '"').replace("\\\\", "\\")
    with open(NAMES[name], "w", encoding="utf-8", newline="") as out:
        out.write(text)
    print(NAMES[name], len(text))
