"""Runs ``mypy --strict`` over ``must_fail.py`` and checks that it fails
exactly where it must (a ``mypy-error`` comment naming the error code) and
reveals the generated types (a ``mypy-reveal`` comment: the revealed type
starts with its text). Used by ``scripts/test-python.sh`` with
the installed package; exits non-zero with what differs.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE / "must_fail.py"


def main() -> int:
    want_errors: dict[int, str] = {}
    want_reveals: dict[int, str] = {}
    for n, line in enumerate(TARGET.read_text(encoding="utf-8").splitlines(), 1):
        if m := re.search(r"# mypy-error: (\S+)", line):
            want_errors[n] = m.group(1)
        if m := re.search(r"# mypy-reveal: (.+)$", line):
            want_reveals[n] = m.group(1).strip()
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--show-error-codes",
         "--hide-error-context", "--no-pretty", str(TARGET)],
        capture_output=True, text=True, check=False)
    got_errors: dict[int, list[str]] = {}
    got_reveals: dict[int, str] = {}
    for line in run.stdout.splitlines():
        m = re.match(r".*must_fail\.py:(\d+): (error|note): (.*)$", line)
        if not m:
            continue
        n, kind, text = int(m.group(1)), m.group(2), m.group(3)
        if kind == "error":
            got_errors.setdefault(n, []).append(text)
        elif text.startswith("Revealed type is "):
            got_reveals[n] = text[len("Revealed type is "):].strip('"')
    problems = []
    if run.returncode != 1:
        problems.append(f"mypy exited {run.returncode}, not 1 (errors found)")
    for n, code in want_errors.items():
        if not any(f"[{code}]" in e for e in got_errors.get(n, [])):
            problems.append(f"line {n}: no [{code}] error; mypy said {got_errors.get(n)}")
    for n, errs in got_errors.items():
        if n not in want_errors:
            problems.append(f"line {n}: unexpected error {errs}")
    for n, text in want_reveals.items():
        got = got_reveals.get(n, "")
        if not (got == text or got.startswith(text) and text.endswith(",")):
            problems.append(f"line {n}: revealed {got_reveals.get(n)!r}, not {text!r}...")
    if problems:
        print(run.stdout, file=sys.stderr)
        print("\n".join(problems), file=sys.stderr)
        return 1
    print(f"   mypy --strict refuses must_fail.py on its {len(want_errors)} marked lines, "
          f"reveals {len(want_reveals)} generated types")
    return 0


if __name__ == "__main__":
    sys.exit(main())
