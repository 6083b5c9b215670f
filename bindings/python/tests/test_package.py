"""The package itself: version agreement, exports, the exception hierarchy."""

from __future__ import annotations

import importlib.metadata
import pickle
import re
from pathlib import Path

import cxkit
from conftest import ROOT


def workspace_version() -> str:
    text = (ROOT / "Cargo.toml").read_text(encoding="utf-8")
    section = text.split("[workspace.package]", 1)[1].split("\n[", 1)[0]
    match = re.search(r'^version\s*=\s*"([^"]+)"', section, re.M)
    assert match, "no version in [workspace.package]"
    return match.group(1)


def test_version_is_the_workspace_version() -> None:
    v = workspace_version()
    assert cxkit.__version__ == v
    assert cxkit.FACADE_VERSION == v
    assert importlib.metadata.version("cxkit") == v


def test_one_exception_class_per_error_code() -> None:
    assert sorted(cxkit.ERRORS_BY_CODE) == sorted(cxkit.ERROR_CODES)
    for code, cls in cxkit.ERRORS_BY_CODE.items():
        assert issubclass(cls, cxkit.CxkitError)
        assert issubclass(cls, Exception)
        assert cls.code == code


def test_exceptions_pickle_with_their_details() -> None:
    err = cxkit.OutOfOrder("late", {"subject": "a-1", "last": "t2", "got": "t1"})
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is cxkit.OutOfOrder
    assert (back.code, back.message, back.subject, back.last, back.got) == (
        "OUT_OF_ORDER", "late", "a-1", "t2", "t1")
    assert back.to_dict() == err.to_dict()


def test_typed_package_ships_stubs() -> None:
    pkg = Path(cxkit.__file__).parent
    assert (pkg / "py.typed").exists()
    assert (pkg / "_cxkit.pyi").exists()
    # Every public name of the extension is re-exported by the package.
    for name in cxkit._cxkit.__all__:
        if not name.startswith("_"):
            assert getattr(cxkit, name) is getattr(cxkit._cxkit, name), name
