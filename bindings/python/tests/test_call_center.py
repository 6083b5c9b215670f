"""CallCenter through the binding: events as dicts, keyword arguments or
JSON; the batch paths (apply_many, apply_rows); views; pickling through the
facade snapshot; and sharing one object between threads."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
import threading
from pathlib import Path
from typing import Any, Dict, List

import pytest

import cxkit
from conftest import at, small_config
from cxkit.types import ChosenStatus, Config, Event


def wide_config(n: int) -> Config:
    """A tenant with `n` agents (extensions 9000+i) in one org unit."""
    return {"tenant": {"id": "t1", "org": [{"id": "hq"}], "agents": [
        {"id": f"a-{i}", "role": "agent", "org_unit": "hq", "extension": str(9000 + i)}
        for i in range(n)]}}


def test_dict_kwargs_and_json_events_are_the_same(config: Config) -> None:
    a, b, c = (cxkit.CallCenter(config) for _ in range(3))
    ev: Event = {"type": "login", "agent": "a-1", "at": "2026-03-28T09:00:00Z", "status": "busy"}
    assert a.apply(ev) == b.apply(**ev) == c.apply_json(json.dumps(ev)) == {"status": "applied"}
    assert a.wallboard() == b.wallboard() == c.wallboard()
    assert a.agent_state("a-1")["state"] == "busy"


def test_error_leaves_state_unchanged(config: Config) -> None:
    cc = cxkit.CallCenter(config)
    cc.apply(type="login", agent="a-1", at=at(0))
    before = (cc.wallboard(), cc.agent_state("a-1"), cc.snapshot())
    with pytest.raises(cxkit.InvalidTransition) as info:
        cc.apply(type="acw_complete", agent="a-1", at=at(1))
    assert (info.value.subject, info.value.state, info.value.event) == ("a-1", "idle", "acw_complete")
    assert (cc.wallboard(), cc.agent_state("a-1"), cc.snapshot()) == before
    with pytest.raises(cxkit.UnknownEntity):
        cc.apply(type="login", agent="ghost", at=at(1))
    assert cc.snapshot() == before[2]


def test_wallboard_counts_and_scopes(config: Config) -> None:
    cc = cxkit.CallCenter(config)
    cc.apply(type="login", agent="a-1", at=at(0))
    cc.apply(type="login", agent="a-2", at=at(0), status="busy")
    cc.apply(type="login", agent="a-3", at=at(0))
    wb = cc.wallboard()
    assert wb["scope"] == {"kind": "tenant"}
    assert (wb["agents"]["online"], wb["agents"]["idle"], wb["agents"]["busy"]) == (3, 2, 1)
    east = cc.wallboard({"kind": "org_unit", "id": "east"})
    assert (east["agents"]["online"], east["agents"]["idle"]) == (2, 1)
    with pytest.raises(cxkit.UnknownEntity):
        cc.wallboard({"kind": "org_unit", "id": "nowhere"})


def test_apply_many_reports_refused_events_by_index(config: Config) -> None:
    cc = cxkit.CallCenter(config)
    events: List[Any] = [
        {"type": "login", "agent": "a-1", "at": at(0)},
        {"type": "acw_complete", "agent": "a-1", "at": at(1)},  # refused: idle
        {"type": "login", "agent": "a-2", "at": at(2), "event_id": "e1"},
        {"type": "login", "agent": "a-2", "at": at(2), "event_id": "e1"},  # duplicate
    ]
    # An unreadable event refuses the whole batch before anything applies.
    with pytest.raises(cxkit.InvalidInput) as info:
        cc.apply_many(events[:2] + [42] + events[2:])
    assert info.value.index == 2  # type: ignore[attr-defined]
    assert info.value.field == "events[2]"
    assert cc.wallboard()["agents"]["online"] == 0
    r = cc.apply_many(events)
    assert (r["applied"], r["duplicates"]) == (2, 1)
    assert [(e["index"], e["error"]["code"]) for e in r["errors"]] == [(1, "INVALID_TRANSITION")]
    assert r["errors"][0]["error"]["details"] == {"subject": "a-1", "state": "idle", "event": "acw_complete"}
    assert cc.wallboard()["agents"]["online"] == 2


def test_apply_rows_equals_apply_many(config: Config) -> None:
    rows = [
        ("login", "a-1", at(0).timestamp(), None),
        ("login", "a-2", at(0).timestamp() + 0.5, "busy"),
        ("set_status", "a-1", at(3), "break"),
        ("logout", "a-3", "2026-03-28T09:04:00Z", None),   # refused: offline
    ]
    columns = ["type", "agent", "at", "status"]

    def as_dict(row: Any) -> Any:
        d = {k: v for k, v in zip(columns, row) if v is not None}
        if isinstance(d["at"], float):
            d["at"] = dt.datetime.fromtimestamp(d["at"], dt.timezone.utc)
        return d

    dicts = [as_dict(row) for row in rows]
    a, b = cxkit.CallCenter(config), cxkit.CallCenter(config)
    ra, rb = a.apply_rows(rows, columns=columns), b.apply_many(dicts)
    assert ra == rb
    assert ra["applied"] == 3 and [e["index"] for e in ra["errors"]] == [3]
    assert a.snapshot() == b.snapshot()
    assert a.agent_state("a-2")["since"] == "2026-03-28T09:00:00.500Z"
    before = a.snapshot()
    for bad, field in (([("login", "a-3")], "rows[0]"), ([("login", "a-3", at(9)), "nope"], "rows[1]"),
                       ([("login", "a-3", float("inf"))], "rows[0].at")):
        with pytest.raises(cxkit.InvalidInput) as info:
            a.apply_rows(bad)
        assert info.value.field == field
    assert a.snapshot() == before


def test_pickle_and_copy_go_through_the_snapshot(config: Config) -> None:
    cc = cxkit.CallCenter(config)
    cc.apply(type="login", agent="a-1", at=at(0))
    cc.apply(type="login", agent="a-2", at=at(0), status="busy")
    for clone in (pickle.loads(pickle.dumps(cc)), copy.copy(cc), copy.deepcopy(cc)):
        assert clone is not cc
        assert clone.snapshot() == cc.snapshot()
        assert clone.wallboard() == cc.wallboard()
    clone = copy.deepcopy(cc)
    clone.apply(type="logout", agent="a-1", at=at(5))
    assert cc.agent_state("a-1")["state"] == "idle"  # the copy is independent
    restored = cxkit.CallCenter.restore(config, cc.snapshot())
    assert restored.agent_state("a-2") == cc.agent_state("a-2")
    with pytest.raises(cxkit.InvalidInput):
        cxkit.CallCenter.restore(config, {"not": "a snapshot"})


def test_config_from_json_and_toml_files(tmp_path: Path) -> None:
    j = tmp_path / "c.json"
    j.write_text(json.dumps(small_config()), encoding="utf-8")
    t = tmp_path / "c.toml"
    t.write_text('[tenant]\nid = "t1"\n[[tenant.agents]]\nid = "a-1"\nextension = "8001"\n', encoding="utf-8")
    for cc in (cxkit.CallCenter.from_path(j), cxkit.CallCenter(j), cxkit.CallCenter(str(t))):
        assert cc.apply(type="login", agent="a-1", at=at(0)) == {"status": "applied"}
    assert cxkit.load_config(t)["tenant"]["agents"][0]["id"] == "a-1"


def test_one_call_center_shared_by_threads() -> None:
    """Eight threads drive disjoint agents through the same object at once
    (single events and batches, GIL released in Rust); the result equals a
    sequential replay of the same events."""
    n_threads, per_thread, rounds = 8, 5, 40
    config = wide_config(n_threads * per_thread)

    def events_for(t: int) -> List[Event]:
        evs: List[Event] = []
        for k in range(per_thread):
            agent = f"a-{t * per_thread + k}"
            evs.append({"type": "login", "agent": agent, "at": at(0)})
            for r in range(1, rounds):
                status: ChosenStatus = "busy" if r % 2 else "idle"
                evs.append({"type": "set_status", "agent": agent, "at": at(r), "status": status})
        return evs

    shared = cxkit.CallCenter(config)
    errors: List[BaseException] = []
    barrier = threading.Barrier(n_threads)

    def work(t: int) -> None:
        try:
            evs = events_for(t)
            barrier.wait()
            half = len(evs) // 2
            for ev in evs[:half]:
                shared.apply(ev)
                shared.wallboard()
            r = shared.apply_many(evs[half:])
            assert r["errors"] == [], r["errors"]
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(n_threads)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    sequential = cxkit.CallCenter(config)
    for t in range(n_threads):
        sequential.apply_many(events_for(t))
    assert shared.wallboard() == sequential.wallboard()
    assert shared.snapshot() == sequential.snapshot()
    assert shared.wallboard()["agents"]["online"] == n_threads * per_thread


def test_call_monitor_view_reads_the_live_board(config: Config) -> None:
    cc, monitor = cxkit.CallCenter(config), cxkit.Monitor(config)
    cc.apply(type="login", agent="a-1", at=at(0))
    view = cc.call_monitor_view(monitor, {"role": "super_admin"}, now=at(5))
    rows = {r["agent"]: {c["metric"]: c["value"] for c in r["cells"]} for r in view["rows"] if r["kind"] == "call"}
    assert rows["a-1"]["call_status_duration"] == 300.0  # idle for five minutes
    assert rows["a-2"]["call_status_duration"] is None  # not logged in
    # Same permission rules as Monitor.view.
    with pytest.raises(cxkit.PermissionDenied):
        cc.call_monitor_view(monitor, {"role": "agent"}, now=at(5))
    with pytest.raises(TypeError):
        cc.call_monitor_view("not a monitor", {"role": "super_admin"}, now=at(5))  # type: ignore[arg-type]


def test_fd1_agent_side_call_events_are_refused_naming_the_call_event(config: Config) -> None:
    cc = cxkit.CallCenter(config)
    cc.apply(type="login", agent="a-1", at=at(0))
    with pytest.raises(cxkit.InvalidInput) as info:
        cc.apply(type="answer", agent="a-1", at=at(1))
    assert info.value.field == "event.type"
    assert "call.answered" in str(info.value)
    cc.apply(type="call.offered", call="c1", agent="a-1", at=at(2))
    r = cc.apply_many([
        {"type": "call.answered", "call": "c1", "agent": "a-1", "at": at(3)},
        {"type": "call.caller_hung_up", "call": "c1", "at": at(60)},
    ])
    assert r["applied"] == 2
    assert [(e["index"], e["outcome"], e["record"]["agent"]) for e in r["ended_calls"]] == [(1, "agent_answered", "a-1")]
    assert cc.agent_state("a-1")["state"] == "after_call_work"
