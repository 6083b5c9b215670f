"""The fast path of event dicts and rows (#17 item 8, ``src/fast.rs``) reads
exactly what the JSON path reads: the same result and state for every event
of the conformance vectors (every event type), the same typed error naming
the same field for bad input, and nothing changed by a refused event."""

from __future__ import annotations

import datetime as dt
import enum
import json
import math
import re
from typing import Any, List, Optional, Tuple

import pytest

import cxkit
from conftest import VECTORS
from cxkit.types import AgentProfile, Config

UTC = dt.timezone.utc

#: The events here come from the vectors' JSON, are built at run time or are
#: wrong on purpose (a str subclass, a naive datetime, a bad key): what is
#: tested is what the runtime reads, so they are `Raw`, not `cxkit.types.Event`
#: (which mypy rightly refuses for the bad ones).
Raw = Any


def vector_streams() -> List[Tuple[str, Config, List[Raw]]]:
    """Per vector with a call center: its config and every event it applies."""
    out = []
    for path in sorted(VECTORS.glob("*.json")):
        v = json.loads(path.read_text(encoding="utf-8"))
        events: List[Raw] = []
        for step in v.get("steps", []):
            if step.get("op") == "call_center.apply":
                events.append(step["args"]["event"])
            elif step.get("op") == "call_center.apply_many":
                events.extend(e for e in step["args"]["events"] if isinstance(e, dict))
        if events:
            config: Config = v["config"] if v.get("config") else {}
            out.append((path.stem, config, events))
    return out


STREAMS = vector_streams()


def outcome(fn: Any, *args: Any) -> Any:
    """A call's result, or its error as (code, field, message without serde's position)."""
    try:
        return fn(*args)
    except cxkit.CxkitError as e:
        return ("error", e.code, e.details.get("field"), re.sub(r" at line \d+ column \d+", "", e.message))


def test_the_vectors_cover_every_event_type() -> None:
    types = {e.get("type") for _, _, events in STREAMS for e in events}
    # Agent, call and chat events, including the ones only errors use.
    assert {"login", "set_status", "answer", "call.arrived", "call.transferred"} <= types
    assert any(str(t).startswith("chat.") for t in types)
    assert len(types) >= 40, sorted(map(str, types))


@pytest.mark.parametrize("name,config,events", STREAMS, ids=[s[0] for s in STREAMS])
def test_every_vector_event_reads_as_its_json(name: str, config: Config, events: List[Raw]) -> None:
    fast, by_json, by_kwargs = cxkit.CallCenter(config), cxkit.CallCenter(config), cxkit.CallCenter(config)
    for ev in events:
        want = outcome(by_json.apply_json, json.dumps(ev))
        assert outcome(fast.apply, ev) == want, ev
        if "event" not in ev:
            assert outcome(lambda e: by_kwargs.apply(**e), ev) == want, ev
        else:
            by_kwargs.apply_json(json.dumps(ev))
        assert fast.snapshot() == by_json.snapshot() == by_kwargs.snapshot()
    # The batch path: one apply_many equals applying each event's JSON.
    many, each = cxkit.CallCenter(config), cxkit.CallCenter(config)
    r = outcome(many.apply_many, events)
    singles = [outcome(each.apply_json, json.dumps(ev)) for ev in events]
    if isinstance(r, tuple):
        # An unreadable event refuses the whole batch, naming `events[i]`.
        m = re.match(r"events\[(\d+)\]", r[2] or "")
        assert m, r
        i = int(m.group(1))
        bad = outcome(cxkit.CallCenter(config).apply_json, json.dumps(events[i]))
        assert isinstance(bad, tuple) and bad[1] == r[1] == "INVALID_INPUT"
        assert bad[2].replace("event", m.group(0), 1) == r[2]
        assert many.snapshot() == cxkit.CallCenter(config).snapshot()
    else:
        refused = [i for i, s in enumerate(singles) if isinstance(s, tuple)]
        assert [e["index"] for e in r["errors"]] == refused
        assert r["duplicates"] == sum(1 for s in singles if s == {"status": "duplicate"})
        assert many.snapshot() == each.snapshot()


LOGIN: Raw = {"type": "login", "agent": "a-1", "at": "2026-03-28T09:00:00Z"}


class Status(str, enum.Enum):
    BUSY = "busy"


def small() -> Config:
    return {"tenant": {"id": "t1", "org": [{"id": "hq"}],
                       "agents": [{"id": "a-1", "role": "agent", "org_unit": "hq", "extension": "8001"},
                                  {"id": "a-2", "role": "agent", "org_unit": "hq", "extension": "8002"}]}}


def test_values_of_every_python_kind_read_as_their_json() -> None:
    """str subclasses, aware datetimes, numbers, None and nested dicts take
    the fast path and mean what their JSON means."""
    shanghai = dt.timezone(dt.timedelta(hours=8))
    pairs: List[Tuple[Raw, Raw]] = [
        ({**LOGIN, "status": Status.BUSY}, {**LOGIN, "status": "busy"}),
        ({**LOGIN, "at": dt.datetime(2026, 3, 28, 17, 0, 0, 250000, tzinfo=shanghai)},
         {**LOGIN, "at": "2026-03-28T17:00:00.250000+08:00"}),
        ({**LOGIN, "event_id": None}, {**LOGIN, "event_id": None}),
        ({**LOGIN, "extension": "8001"}, {**LOGIN, "extension": "8001"}),
    ]
    for fast_ev, json_ev in pairs:
        a, b = cxkit.CallCenter(small()), cxkit.CallCenter(small())
        assert outcome(a.apply, fast_ev) == outcome(b.apply_json, json.dumps(json_ev))
        assert a.snapshot() == b.snapshot()
    a, b = cxkit.CallCenter(small()), cxkit.CallCenter(small())
    call: List[Raw] = [{"type": "call.arrived", "call": "c1", "at": "2026-03-28T09:00:00Z", "caller": "138"},
            {"type": "call.transferred", "call": "c1", "at": "2026-03-28T09:00:01Z", "to": {"agent": "a-2"}},
            {"type": "popup_collapse", "agent": "a-1", "at": "2026-03-28T09:00:02Z", "by_hand": True}]
    r = a.apply_many(call)
    singles = [outcome(b.apply_json, json.dumps(ev)) for ev in call]
    assert [(e["index"], e["error"]["code"]) for e in r["errors"]] == [
        (i, s[1]) for i, s in enumerate(singles) if isinstance(s, tuple)], (r, singles)
    assert r["applied"] == sum(1 for s in singles if s == {"status": "applied"}) >= 1
    assert a.snapshot() == b.snapshot()
    for ev in call:
        assert outcome(a.apply, ev) == outcome(b.apply_json, json.dumps(ev))


BAD: List[Tuple[Raw, str, Optional[str]]] = [
    # (event, field, a word the message must hold)
    ({"type": "login", "agent": "a-1"}, "event.at", "missing field `at`"),
    ({**LOGIN, "stauts": "busy"}, "event.stauts", "expected one of"),
    ({**LOGIN, "agent": 5}, "event.agent", "invalid type"),
    ({**LOGIN, "at": "yesterday"}, "event.at", None),
    ({**LOGIN, "at": "2026-03-28T09:00:00"}, "event.at", None),
    ({**LOGIN, "type": "no_such_event"}, "event.type", "unknown variant"),
    ({**LOGIN, "status": 7}, "event.status", None),
    ({"type": "call.arrived", "call": "c1"}, "event.at", "missing field"),
    ({"type": "call.transferred", "call": "c1", "at": "2026-03-28T09:00:00Z", "to": {"agnt": "a-2"}},
     "event.to", None),
]


@pytest.mark.parametrize("event,field,word", BAD)
def test_bad_json_shaped_input_is_the_json_error_and_changes_nothing(event: Raw, field: str,
                                                                   word: Optional[str]) -> None:
    a, b = cxkit.CallCenter(small()), cxkit.CallCenter(small())
    a.apply(LOGIN | {"agent": "a-2"})
    b.apply(LOGIN | {"agent": "a-2"})
    before = a.snapshot()
    got = outcome(a.apply, event)
    assert got == outcome(b.apply_json, json.dumps(event))
    assert isinstance(got, tuple) and got[1] == "INVALID_INPUT" and got[2] is not None
    assert got[2].startswith(field), got
    if word is not None:
        assert word in got[3], got
    assert a.snapshot() == before
    # In a batch: the same error, named `events[1]...`, with its index, nothing applied.
    with pytest.raises(cxkit.InvalidInput) as info:
        a.apply_many([LOGIN | {"at": "2026-03-28T09:01:00Z"}, event])
    assert info.value.field == got[2].replace("event", "events[1]", 1)
    assert info.value.index == 1  # type: ignore[attr-defined]
    assert a.snapshot() == before


def test_python_only_bad_values_keep_their_errors() -> None:
    """What JSON cannot say: the canonical path's errors, unchanged."""
    cc = cxkit.CallCenter(small())
    before = cc.snapshot()
    cases: List[Tuple[Raw, str, str]] = [
        ({**LOGIN, "at": dt.datetime(2026, 3, 28, 9, 0)}, "event.at", "naive datetime"),
        ({**LOGIN, "agent": "a-\ud800"}, "event.agent", "invalid string"),
        ({**LOGIN, "at": float("nan")}, "event.at", "not a finite number"),
        ({**LOGIN, "agent": object()}, "event.agent", "unsupported type"),
        ({**LOGIN, 7: "x"}, "event", "dict keys must be strings"),
        ({**LOGIN, "\ud800": "x"}, "event", "invalid key"),
        ({**LOGIN, "extension": {"deep": {"er": [1, {"x": dt.datetime(2026, 1, 1)}]}}},
         "event.extension.deep.er[1].x", "naive datetime"),
    ]
    for event, field, word in cases:
        with pytest.raises(cxkit.InvalidInput) as info:
            cc.apply(event)
        assert info.value.field == field, (event, info.value.field)
        assert word in info.value.message, info.value.message
        with pytest.raises(cxkit.InvalidInput) as info:
            cc.apply_many([LOGIN, event])
        assert info.value.field == field.replace("event", "events[1]", 1)
    assert cc.snapshot() == before


def test_many_fields_and_many_distinct_strings() -> None:
    """More members than the fast path holds, and a batch with more distinct
    strings than it remembers, still read as their JSON."""
    cc = cxkit.CallCenter(small())
    wide: Raw = {**LOGIN, **{f"x{i}": i for i in range(20)}}
    with pytest.raises(cxkit.InvalidInput) as info:
        cc.apply(wide)
    assert info.value.field.startswith("event.x")
    agents: List[AgentProfile] = [{"id": f"ag-{i}", "role": "agent", "org_unit": "hq", "extension": str(9000 + i)}
              for i in range(3000)]
    cfg: Config = {"tenant": {"id": "t1", "org": [{"id": "hq"}], "agents": agents}}
    evs: List[Raw] = []
    for i in range(3000):
        t = f"2026-03-28T09:{i // 60 % 60:02d}:{i % 60:02d}Z"
        evs.append({"type": "login", "agent": f"ag-{i}", "at": t, "status": "busy" if i % 2 else "idle"})
        evs.append({"type": "set_status", "agent": f"ag-{i}", "at": t, "status": f"{'break' if i % 3 else 'idle'}"})
    a, b = cxkit.CallCenter(cfg), cxkit.CallCenter(cfg)
    ra = a.apply_many(evs)
    for ev in evs:
        b.apply_json(json.dumps(ev))
    assert ra["applied"] + len(ra["errors"]) == len(evs)
    assert a.snapshot() == b.snapshot()


def test_rows_read_as_their_dicts() -> None:
    base = dt.datetime(2026, 3, 28, 9, 0, tzinfo=UTC).timestamp()
    rows: List[Any] = [
        ("login", "a-1", base, None),
        ["login", "a-2", int(base) + 1, "busy"],
        ("set_status", "a-1", base + 60.000001, "break"),
        ("set_status", "a-1", base + 61.5, Status.BUSY),
        ("set_status", "a-2", dt.datetime(2026, 3, 28, 9, 2, tzinfo=UTC), "idle"),
        ("set_status", "a-2", "2026-03-28T09:03:00.125Z", "break"),
        ("logout", "a-1", base + 240.25, None),
    ]
    columns = ["type", "agent", "at", "status"]
    dicts: List[Raw] = []
    for row in rows:
        d = {k: v for k, v in zip(columns, row) if v is not None}
        if isinstance(d["at"], (int, float)):
            d["at"] = dt.datetime.fromtimestamp(round(d["at"], 6), UTC).isoformat()
        dicts.append(d)
    a, b = cxkit.CallCenter(small()), cxkit.CallCenter(small())
    assert a.apply_rows(rows, columns=columns) == b.apply_many(dicts)
    assert a.snapshot() == b.snapshot()
    assert a.agent_state("a-1")["since"] == "2026-03-28T09:04:00.250Z"


@pytest.mark.parametrize("rows,field", [
    ([("login", "a-1")], "rows[0]"),
    ([("login", "a-1", "2026-03-28T09:00:00Z"), "nope"], "rows[1]"),
    ([("login", "a-1", float("inf"))], "rows[0].at"),
    ([("login", "a-1", True)], "rows[0].at"),
    ([("login", "a-1", 10.0**15)], "rows[0].at"),
    ([("login", "a-1", 253402300800)], "rows[0].at"),
    ([("login", "a-1", -10**20)], "rows[0].at"),
    ([("login", 5, 0.0)], "rows[0].agent"),
    ([("login", "a-1", dt.datetime(2026, 3, 28, 9, 0))], "rows[0].at"),
    ([("nope", "a-1", 0.0)], "rows[0].type"),
])
def test_bad_rows_keep_their_errors_and_change_nothing(rows: List[Any], field: str) -> None:
    cc = cxkit.CallCenter(small())
    cc.apply(LOGIN | {"agent": "a-2"})
    before = cc.snapshot()
    with pytest.raises(cxkit.InvalidInput) as info:
        cc.apply_rows(rows)
    assert info.value.field == field, info.value.field
    assert cc.snapshot() == before


def test_epoch_rows_cover_the_year_range_like_the_canonical_path() -> None:
    """Epoch seconds outside years 1000-9999 take the canonical path; inside
    they are the same instant as their ISO text."""
    cfg = small()
    for secs in [0, 1, -1, 1e9 + 0.5, 1e9 + 0.000001, 253402300799, -30610224000, -30610224001, -62135596800]:
        a, b = cxkit.CallCenter(cfg), cxkit.CallCenter(cfg)
        ra = outcome(a.apply_rows, [("login", "a-1", secs)])
        whole = math.floor(secs)
        iso = dt.datetime.fromtimestamp(0, UTC) + dt.timedelta(
            seconds=whole, microseconds=round((secs - whole) * 1e6))
        rb = outcome(b.apply_many, [{"type": "login", "agent": "a-1", "at": iso}])
        if isinstance(ra, tuple):
            assert isinstance(rb, tuple) and ra[1:3] == ("INVALID_INPUT", "rows[0].at"), (secs, ra, rb)
        else:
            assert ra == rb, secs
            assert a.snapshot() == b.snapshot(), secs



def test_a_remembered_shape_reads_each_events_own_at() -> None:
    """Events that differ only in `at` are decoded once and then read from
    the thread's cache of shapes (``src/fast.rs``, ``Cache``): each still
    gets its own time, and a bad `at` on a remembered shape is the JSON
    path's error, with nothing changed."""
    statuses = ["busy", "idle", "break", "idle", "meal", "idle"]
    evs: List[Raw] = [LOGIN] + [
        {"type": "set_status", "agent": "a-1", "at": f"2026-03-28T09:{m + 1:02d}:{m:02d}.5Z",
         "status": statuses[m % len(statuses)]} for m in range(30)]
    cxkit.CallCenter(small()).apply_many(evs)  # every shape remembered
    for fast_apply in ("apply", "apply_many"):
        cc, ref = cxkit.CallCenter(small()), cxkit.CallCenter(small())
        got: Any
        if fast_apply == "apply":
            got = [outcome(cc.apply, ev) for ev in evs]
        else:
            got = outcome(cc.apply_many, evs)
        want = [outcome(ref.apply_json, json.dumps(ev)) for ev in evs]
        if fast_apply == "apply":
            assert got == want
        else:
            assert got["errors"] == [] and got["applied"] == len(evs)
        assert cc.snapshot() == ref.snapshot()
        assert cc.agent_state("a-1")["since"] == "2026-03-28T09:30:29.500Z"
        before = cc.snapshot()
        for bad in ["nope", "1800-01-01T00:00:00Z", "2026-03-28T10:00:00", 5, None, "2026-03-28T09:00:00Z"]:
            ev = {"type": "set_status", "agent": "a-1", "at": bad, "status": "idle"}
            want_err = outcome(cxkit.CallCenter(small()).apply_json, json.dumps(LOGIN)), \
                outcome(ref.apply_json, json.dumps(ev))
            assert outcome(cc.apply, ev) == want_err[1], bad
            assert cc.snapshot() == before, bad
    # Rows: epoch cells on remembered shapes.
    base = dt.datetime(2026, 3, 28, 9, 0, tzinfo=UTC).timestamp()
    rows = [("login", "a-1", base, None)] + [
        ("set_status", "a-1", base + 60 * m + 0.25, statuses[m % len(statuses)]) for m in range(1, 30)]
    cxkit.CallCenter(small()).apply_rows(rows, columns=["type", "agent", "at", "status"])
    a, b = cxkit.CallCenter(small()), cxkit.CallCenter(small())
    assert a.apply_rows(rows, columns=["type", "agent", "at", "status"])["errors"] == []
    for kind, agent, at, status in rows:
        ev = {"type": kind, "agent": agent, "at": dt.datetime.fromtimestamp(at, UTC).isoformat()}
        if status is not None:
            ev["status"] = status
        b.apply_json(json.dumps(ev))
    assert a.snapshot() == b.snapshot()
    with pytest.raises(cxkit.InvalidInput) as info:
        a.apply_rows([("set_status", "a-1", 10.0**15, "idle")], columns=["type", "agent", "at", "status"])
    assert info.value.field == "rows[0].at"
    assert a.snapshot() == b.snapshot()


def test_the_cache_of_shapes_is_bounded_and_starts_over_when_full() -> None:
    """More distinct strings and shapes than the cache keeps, over several
    calls: every event still reads as its JSON."""
    n = 5000
    agents: List[AgentProfile] = [{"id": f"bulk-{i}", "role": "agent", "org_unit": "hq", "extension": str(20000 + i)}
                                  for i in range(n)]
    cfg: Config = {"tenant": {"id": "t1", "org": [{"id": "hq"}], "agents": agents}}
    a, b = cxkit.CallCenter(cfg), cxkit.CallCenter(cfg)
    for round_ in range(3):
        evs: List[Raw] = []
        for i in range(n):
            t = f"2026-03-28T{9 + round_:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z"
            kind = "login" if round_ == 0 else "set_status"
            ev: Raw = {"type": kind, "agent": f"bulk-{i}", "at": t}
            if round_:
                ev["status"] = ["break", "idle"][(i + round_) % 2]
            evs.append(ev)
        r = a.apply_many(evs)
        for ev in evs:
            b.apply_json(json.dumps(ev))
        assert r["applied"] + len(r["errors"]) == n
    assert a.snapshot() == b.snapshot()


class ReentrantTime(dt.datetime):
    """An aware datetime whose `isoformat` applies an event to another call
    center: Python code running inside a fast-path read."""

    other: Any = None

    def isoformat(self, *args: Any, **kwargs: Any) -> str:
        if ReentrantTime.other is not None:
            ReentrantTime.other.apply(type="set_status", agent="a-2", at="2026-03-28T09:05:00Z", status="break")
        return super().isoformat(*args, **kwargs)


def test_python_code_run_inside_a_read_may_apply_events_itself() -> None:
    other = cxkit.CallCenter(small())
    other.apply(LOGIN | {"agent": "a-2"})
    ReentrantTime.other = other
    try:
        cc = cxkit.CallCenter(small())
        at = ReentrantTime(2026, 3, 28, 9, 1, tzinfo=UTC)
        r = cc.apply_many([LOGIN, {"type": "set_status", "agent": "a-1", "at": at, "status": "busy"},
                           {"type": "set_status", "agent": "a-1", "at": "2026-03-28T09:02:00Z", "status": "idle"}])
        assert r["errors"] == [] and r["applied"] == 3
    finally:
        ReentrantTime.other = None
    assert other.agent_state("a-2")["label"] == "break"
    assert cc.agent_state("a-1")["state"] == "idle"
