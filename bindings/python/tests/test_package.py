"""The package itself: version agreement, exports, the exception hierarchy."""

from __future__ import annotations

import importlib.metadata
import pickle
import re
import subprocess
import sys
import traceback
from pathlib import Path
from typing import List, Type

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


def test_exceptions_are_named_by_the_public_module() -> None:
    classes: List[Type[cxkit.CxkitError]] = [cxkit.CxkitError, *cxkit.ERRORS_BY_CODE.values()]
    for cls in classes:
        assert cls.__module__ == "cxkit", cls
        assert getattr(cxkit, cls.__qualname__) is cls
    try:
        cxkit.CallCenter().apply({"type": "logout", "agent": "nobody", "at": "2026-03-02T09:00:00Z"})
    except cxkit.CxkitError as e:
        text = "".join(traceback.format_exception_only(type(e), e))
        assert text.startswith(f"cxkit.{type(e).__name__}: "), text
        assert "_errors" not in text
    else:
        raise AssertionError("the logout of an unknown agent was accepted")
    # An uncaught error, as a user sees it (a fresh interpreter's traceback).
    run = subprocess.run(
        [sys.executable, "-c", "import cxkit; cxkit.CallCenter().wallboard({'kind': 'skill_group', 'id': 'nope'})"],
        capture_output=True, text=True, check=False)
    assert run.returncode == 1
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("cxkit.UnknownEntity: "), run.stderr
    # Pickles name the public module, and load back to the same class.
    err = cxkit.InvalidInput("bad", {"field": "event.at"})
    data = pickle.dumps(err)
    assert b"cxkit._errors" not in data
    back = pickle.loads(data)
    assert type(back) is cxkit.InvalidInput and back.field == "event.at"


def test_generated_types_describe_what_cxkit_returns() -> None:
    """cxkit.types imports at run time and its TypedDicts have the keys the
    views really have (the Rust test validates every vector result against
    the schema they come from)."""
    from cxkit import types

    cc = cxkit.CallCenter()
    cc.apply({"type": "login", "agent": cxkit.load_config()["tenant"]["agents"][0]["id"], "at": "2026-03-02T01:00:00Z"})
    wb = cc.wallboard()
    assert set(wb) == types.Wallboard.__required_keys__
    assert set(wb["agents"]) == types.AgentWallboard.__required_keys__
    assert set(wb["agents"]["non_service"]) == types.NonServiceSplit.__required_keys__
    assert set(cc.live_calls()["inbound"]) == types.InboundNow.__required_keys__
    assert types.LoginEvent.__required_keys__ == {"type", "agent", "at"}
    assert types.LoginEvent.__optional_keys__ == {"event_id", "extension", "status"}
    config = cxkit.load_config()
    assert set(config) == types.ConfigOut.__required_keys__ == types.Config.__optional_keys__


def test_typed_package_ships_stubs() -> None:
    pkg = Path(cxkit.__file__).parent
    assert (pkg / "py.typed").exists()
    assert (pkg / "_cxkit.pyi").exists()
    assert (pkg / "types.py").exists()
    # Every public name of the extension is re-exported by the package.
    for name in cxkit._cxkit.__all__:
        if not name.startswith("_"):
            assert getattr(cxkit, name) is getattr(cxkit._cxkit, name), name
