"""Code that must NOT type-check: ``check.py`` runs ``mypy --strict`` over
it (against the installed package) and asserts that mypy reports an error
of the marked code on exactly the lines marked with one (and none
elsewhere), and that the revealed types are the generated ``TypedDict``s.

Never imported or run: it only exists to be type-checked.
"""

from __future__ import annotations

import cxkit
from cxkit.types import Event, Scope

cc = cxkit.CallCenter()

# A misspelt scope kind.
cc.wallboard({"kind": "skil_group"})  # mypy-error: arg-type
bad_scope: Scope = {"kind": "org_unit"}  # mypy-error: typeddict-item

# An event with a misspelt type, one missing its agent, one with a field of another type.
cc.apply({"type": "logni", "agent": "a1", "at": "2026-03-02T09:00:00Z"})  # mypy-error: arg-type
cc.apply_many([{"type": "call.answerd", "call": "c1", "agent": "a1", "at": "2026-03-02T09:00:00Z"}])  # mypy-error: misc
late: Event = {"type": "set_status", "agent": "a1", "at": "2026-03-02T09:00:00Z", "status": "lunch"}  # mypy-error: assignment

# A result's key that does not exist.
board = cc.wallboard()
print(board["agents"]["onlien"])  # mypy-error: typeddict-item

# A configuration section or key that does not exist.
cxkit.CallCenter({"agnets": {}})  # mypy-error: arg-type

# What the views are.
reveal_type(board)  # mypy-reveal: TypedDict(cxkit.types.Wallboard,
reveal_type(cc.wallboard())  # mypy-reveal: TypedDict(cxkit.types.Wallboard,
reveal_type(cc.apply_many([])["ended_calls"][0]["record"]["started_at"])  # mypy-reveal: str
reveal_type(cxkit.load_config()["agents"]["acw"]["seconds"])  # mypy-reveal: int
