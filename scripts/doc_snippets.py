#!/usr/bin/env python3
"""The code blocks of README.md and docs/*.md, for the runners that test them.

Every fenced block starts with an info string: its language, then optional
words. `no-run` marks a block that is not run as written (a fragment, a loop
reading a live PBX, an output); the runners say how many they skipped and,
where the language allows it cheaply, still check its syntax. The other words
are read by the runner of the block's language (`config`, `config=SECTION`
and `lines` for `json`, see crates/cxkit/tests/docs.rs). Languages:

    python              run by bindings/python/tests/test_docs.py (pytest,
                        scripts/test-python.sh) against the installed wheel
    js, mjs             run by scripts/test-node.sh in the project the npm
                        tarballs were installed into (`node`; `node --check`
                        for no-run blocks)
    kotlin              compiled and run as JUnit tests by the consumer
                        project of scripts/test-uniffi.sh (installed jar)
    swift               no compiler here: scripts/test-uniffi.sh checks every
                        function and argument label it calls against the
                        generated Swift sources (`check-swift`)
    rust, json, toml,   checked by `cargo test` (crates/cxkit/tests/docs.rs;
    sh, text, mermaid   rust blocks are doctests of crates/cxkit)

Used as a module (`blocks()`) and as a command:

    doc_snippets.py extract js DIR       one .mjs file per block into DIR
    doc_snippets.py extract kotlin DIR   one JUnit test class per block into DIR
    doc_snippets.py check-swift SOURCES  the swift blocks against *.swift in SOURCES
"""

from __future__ import annotations

import pathlib
import re
import sys
from dataclasses import dataclass
from typing import Iterator

ROOT = pathlib.Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^( *)(```+|~~~+)(.*)$")


@dataclass(frozen=True)
class Block:
    path: str  # relative to the repository root
    line: int  # 1-based line of the opening fence
    lang: str
    words: tuple[str, ...]
    text: str

    @property
    def runs(self) -> bool:
        return "no-run" not in self.words

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def ident(self) -> str:
        """A file-name-safe name: docs/bindings-node.md:84 -> bindings_node_84."""
        stem = pathlib.PurePath(self.path).stem
        return re.sub(r"[^A-Za-z0-9]+", "_", stem).strip("_") + f"_{self.line}"


def doc_files(root: pathlib.Path = ROOT) -> list[pathlib.Path]:
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


def blocks_of(path: pathlib.Path, root: pathlib.Path = ROOT) -> Iterator[Block]:
    lines = path.read_text(encoding="utf-8").split("\n")
    rel = path.relative_to(root).as_posix()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, info = len(m.group(1)), m.group(2), m.group(3).strip()
        close = re.compile(r"^ *" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        if j == len(lines):
            raise SystemExit(f"{rel}:{i + 1}: code block never closed")
        body = [ln[indent:] if ln[:indent].strip() == "" else ln for ln in lines[i + 1 : j]]
        words = tuple(info.split())
        yield Block(rel, i + 1, words[0] if words else "", words[1:], "\n".join(body) + "\n")
        i = j + 1


def blocks(langs: set[str] | None = None, root: pathlib.Path = ROOT) -> list[Block]:
    out = [b for p in doc_files(root) for b in blocks_of(p, root)]
    return [b for b in out if langs is None or b.lang in langs]


def report(lang: str, found: list[Block], verb: str = "run") -> None:
    skipped = [b.where for b in found if not b.runs]
    print(f"   doc snippets ({lang}): {len(found) - len(skipped)} {verb}, {len(skipped)} skipped (no-run)"
          + (f": {', '.join(skipped)}" if skipped else ""))


# --- Node ---------------------------------------------------------------------

NODE_PRELUDE = (
    "import { createRequire } from 'node:module'\n"
    "const require = createRequire(import.meta.url)\n"
)


def extract_js(out: pathlib.Path) -> list[Block]:
    found = blocks({"js", "mjs"})
    out.mkdir(parents=True, exist_ok=True)
    for b in found:
        # An ES module, so `await` works at the top level; `require` resolves
        # from the file's directory (the project cxkit is installed into).
        name = ("" if b.runs else "norun-") + b.ident + ".mjs"
        (out / name).write_text(f"// {b.where}\n" + NODE_PRELUDE + b.text, encoding="utf-8")
    return found


# --- Kotlin -------------------------------------------------------------------


def extract_kotlin(out: pathlib.Path) -> list[Block]:
    found = blocks({"kotlin"})
    out.mkdir(parents=True, exist_ok=True)
    for b in found:
        if not b.runs:
            continue
        imports, body = [], []
        for ln in b.text.splitlines():
            (imports if ln.startswith("import ") else body).append(ln)
        cls = "DocSnippet_" + b.ident + "_Test"  # surefire runs *Test classes
        indented = "\n".join("        " + ln if ln else "" for ln in body)
        (out / f"{cls}.kt").write_text(
            f"// {b.where}, as a test: it passes when the block runs without an exception.\n"
            "package io.cxkit.docs\n\n"
            + "\n".join(sorted(set(imports + ["import org.junit.jupiter.api.Test"])))
            + f"\n\nclass {cls} {{\n    @Test\n    fun runsAsWritten() {{\n{indented}\n    }}\n}}\n",
            encoding="utf-8",
        )
    return found


# --- Swift --------------------------------------------------------------------

# Foundation and standard-library names a block may call.
SWIFT_STD = {"Date", "String", "Int", "Double", "Bool", "Data", "URL", "print", "contains"}
SWIFT_CALL = re.compile(r"(?:\b([A-Z]\w*)|\.(\w+))\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)")


def check_swift(sources: pathlib.Path) -> list[Block]:
    """Every `Type(...)`, `.method(label: ...)` a swift block calls exists in the
    generated Swift with those argument labels, unless the block declares it."""
    generated = "\n".join(p.read_text(encoding="utf-8") for p in sorted(sources.rglob("*.swift")))
    # Doc comments sit between the parameters of generated initializers.
    generated = re.sub(r"//[^\n]*", "", re.sub(r"/\*.*?\*/", "", generated, flags=re.S))
    if not generated.strip():
        raise SystemExit(f"no generated Swift sources under {sources}")
    found = blocks({"swift"})
    problems = []
    for b in found:
        declared = SWIFT_STD | set(re.findall(r"\b(?:class|struct|enum|protocol|func)\s+(\w+)", b.text))
        for m in SWIFT_CALL.finditer(b.text):
            type_name, method, args = m.groups()
            name = type_name or method
            if name in declared:
                continue
            labels = [a.split(":")[0].strip() for a in args.split(",") if re.match(r"\s*\w+\s*:", a)]
            if type_name:
                ok = re.search(rf"\b(?:class|struct|enum|protocol)\s+{name}\b", generated) is not None
                if ok and labels:
                    ok = re.search(r"\binit\(\s*" + r"[^)]*".join(f"{lb}:" for lb in labels), generated) is not None
            else:
                pattern = rf"\bfunc\s+{name}\(" + "".join(rf"[^)]*\b{lb}\s*:" for lb in labels)
                ok = re.search(pattern, generated) is not None
            if not ok:
                problems.append(f"{b.where}: {m.group(0)!r} is not in the generated Swift ({sources})")
    if problems:
        raise SystemExit("\n".join(problems))
    return found


def main(argv: list[str]) -> None:
    if len(argv) == 3 and argv[0] == "extract" and argv[1] in ("js", "kotlin"):
        out = pathlib.Path(argv[2])
        found = extract_js(out) if argv[1] == "js" else extract_kotlin(out)
        report(argv[1], found)
    elif len(argv) == 2 and argv[0] == "check-swift":
        report("swift", check_swift(pathlib.Path(argv[1])), "checked by name against the generated sources")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
