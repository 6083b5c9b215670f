"""Every conformance vector through the Python API, with the results the Rust
facade gets (one pytest case per vector file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import VECTORS
from vector_runner import json_matches, run_vector

FILES = sorted(VECTORS.glob("*.json"))


def test_vectors_exist() -> None:
    assert FILES, f"no vectors in {VECTORS}"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_vector(path: Path) -> None:
    steps, failures = run_vector(path)
    assert not failures, "\n".join(failures)
    assert steps > 0


def test_json_matches_is_strict() -> None:
    assert json_matches({"a": [1, 2.0]}, {"a": [1.0, 2]})
    assert json_matches(1.0, 1.0 + 1e-12)
    assert not json_matches({"a": 1}, {"a": 1, "b": 2})
    assert not json_matches([1], [1, 1])
    assert not json_matches(True, 1)
    assert not json_matches("1", 1)
