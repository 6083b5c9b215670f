"""The usage example of docs/bindings-python.md runs as written."""

from __future__ import annotations

import contextlib
import io
import re

from conftest import ROOT


def test_usage_snippet_runs() -> None:
    doc = (ROOT / "docs" / "bindings-python.md").read_text(encoding="utf-8")
    match = re.search(r"## Usage\n\n```python\n(.*?)```", doc, re.S)
    assert match, "no python block under ## Usage"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(match.group(1), "bindings-python.md", "exec"), {})
    assert out.getvalue().strip() == "INVALID_TRANSITION a1 busy acw_complete"
