"""Every ```python block of README.md and docs/*.md runs as written against
the installed package (blocks marked `no-run` are compiled only); the block
lists come from scripts/doc_snippets.py, which the Node and Kotlin runners
share."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import sys
from types import ModuleType
from typing import Any, List

import pytest

from conftest import ROOT


def _snippets() -> ModuleType:
    spec = importlib.util.spec_from_file_location("doc_snippets", ROOT / "scripts" / "doc_snippets.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses look the module up by name while the class is created.
    sys.modules["doc_snippets"] = module
    spec.loader.exec_module(module)
    return module


SNIPPETS = _snippets()
BLOCKS: List[Any] = SNIPPETS.blocks({"python"})


def _run(block: Any, tmp_path: Any) -> str:
    code = compile(block.text, block.where, "exec")
    if not block.runs:
        return ""
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(tmp_path)  # a block that writes files writes them here
    try:
        with contextlib.redirect_stdout(out):
            exec(code, {"__name__": "__doc_snippet__"})
    finally:
        os.chdir(cwd)
    return out.getvalue()


def test_the_docs_have_python_blocks() -> None:
    assert len(BLOCKS) >= 3, [b.where for b in BLOCKS]
    SNIPPETS.report("python", BLOCKS)


@pytest.mark.parametrize("block", BLOCKS, ids=[b.where for b in BLOCKS])
def test_python_block_runs_as_written(block: Any, tmp_path: Any) -> None:
    _run(block, tmp_path)


def test_usage_block_prints_what_its_comment_says(tmp_path: Any) -> None:
    (usage,) = [b for b in BLOCKS if b.path == "docs/bindings-python.md" and "acw_complete" in b.text]
    assert _run(usage, tmp_path).strip() == "INVALID_TRANSITION a1 busy acw_complete"


def test_readme_block_prints_what_its_comment_says(tmp_path: Any) -> None:
    (readme,) = [b for b in BLOCKS if b.path == "README.md"]
    assert _run(readme, tmp_path).strip() == "INVALID_TRANSITION offline"
