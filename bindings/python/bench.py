"""Benchmarks of the Python binding: the three ways to feed agent events to
a CallCenter, each measured side by side with a pure-Python baseline that
implements the same aggregation (per-agent state, out-of-order check, live
counts per state) over the same events.

The binding remembers decoded events by shape in a per-thread cache
(``src/fast.rs``): ``apply_loop``, ``apply_many`` and ``apply_rows`` run warm
(a service's steady state, the cache filled by the warm-up), the ``_cold``
lines run each batch in a new thread, whose cache starts empty (a service's
first batch).

Prints JSON lines like the Rust bench (``crates/cxkit-bench``):
``{"bench", "agents", "value", "unit", "baseline", "ratio"}`` where
``ratio`` > 1 means the binding is that many times faster than the
baseline. Build it optimized first: ``maturin develop`` (the pyproject profile is ``dist``).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import threading
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

import cxkit
from cxkit.types import Config

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
STATUSES = ["busy", "idle", "break", "idle", "meal", "idle", "training", "idle"]


def config(agents: int) -> Config:
    return {"tenant": {"id": "bench", "org": [{"id": "hq"}], "agents": [
        {"id": f"a{i}", "role": "agent", "org_unit": "hq", "extension": str(10000 + i)}
        for i in range(agents)]}}


def workload(agents: int, rounds: int) -> Tuple[List[Dict[str, Any]], List[Tuple[str, str, float, Optional[str]]]]:
    """The same events as dicts (ISO timestamps) and as compact rows."""
    rows: List[Tuple[str, str, float, Optional[str]]] = []
    base = T0.timestamp()
    for i in range(agents):
        rows.append(("login", f"a{i}", base + i * 0.001, None))
    for r in range(1, rounds):
        for i in range(agents):
            rows.append(("set_status", f"a{i}", base + r * 60 + i * 0.001, STATUSES[r % len(STATUSES)]))
    dicts = []
    for kind, agent, at, status in rows:
        d: Dict[str, Any] = {"type": kind, "agent": agent,
                             "at": dt.datetime.fromtimestamp(at, UTC).isoformat().replace("+00:00", "Z")}
        if status is not None:
            d["status"] = status
        dicts.append(d)
    return dicts, rows


if sys.version_info >= (3, 11):
    # Python 3.11+ reads the `Z` suffix itself: the simplest board calls it
    # directly (the `replace` below costs ~0.1 µs per event).
    parse_at = dt.datetime.fromisoformat
else:
    def parse_at(s: str) -> dt.datetime:
        return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


class PurePythonBoard:
    """The baseline: what a Python service would write by hand for the same
    aggregation — parse the event, check the agent and the time order, move
    the agent between states and keep live counts per state."""

    def __init__(self, roster: List[str]) -> None:
        self.state: Dict[str, str] = {a: "offline" for a in roster}
        self.last: Dict[str, dt.datetime] = {}
        self.counts: Dict[str, int] = {}

    def apply(self, ev: Dict[str, Any]) -> None:
        agent = ev["agent"]
        if agent not in self.state:
            raise KeyError(agent)
        at = parse_at(ev["at"])
        last = self.last.get(agent)
        if last is not None and at < last:
            raise ValueError("out of order")
        kind = ev["type"]
        old = self.state[agent]
        if kind == "login":
            if old != "offline":
                raise ValueError("already logged in")
            new = ev.get("status", "idle")
        elif kind == "set_status":
            if old == "offline":
                raise ValueError("offline")
            new = ev["status"]
        elif kind == "logout":
            new = "offline"
        else:
            raise ValueError(kind)
        if old != "offline":
            self.counts[old] -= 1
        if new != "offline":
            self.counts[new] = self.counts.get(new, 0) + 1
        self.state[agent] = new
        self.last[agent] = at


def best_secs_per_op(ops: int, budget: float, setup: Callable[[], Any], run: Callable[[Any], Any]) -> float:
    """Best observed seconds per operation over about `budget` seconds;
    `setup` (untimed) makes fresh state for every round."""
    run(setup())  # warm-up
    best, start, rounds = float("inf"), time.perf_counter(), 0
    while rounds < 3 or (time.perf_counter() - start < budget and rounds < 200):
        state = setup()
        t = time.perf_counter()
        run(state)
        best = min(best, (time.perf_counter() - t) / ops)
        rounds += 1
    return best


def line(bench: str, agents: int, value: float, unit: str, baseline: str, ratio: Optional[float],
         **extra: Any) -> None:
    def rnd(x: float) -> float:
        return float(round(x)) if abs(x) >= 100 else round(x, 3)

    v: Dict[str, Any] = {"bench": bench, "agents": agents, "value": rnd(value), "unit": unit,
                         "baseline": baseline, "ratio": None if ratio is None else rnd(ratio)}
    v.update(extra)
    print(json.dumps(v), flush=True)


def main(agents: int = 500, rounds: int = 40, budget: float = 2.0) -> None:
    cfg = config(agents)
    dicts, rows = workload(agents, rounds)
    roster = [f"a{i}" for i in range(agents)]
    n = len(dicts)

    # Same answer first: the binding's wallboard equals the baseline's counts.
    cc = cxkit.CallCenter(cfg)
    assert cc.apply_rows(rows, columns=["type", "agent", "at", "status"])["errors"] == []
    base = PurePythonBoard(roster)
    for ev in dicts:
        base.apply(ev)
    wb = cc.wallboard()["agents"]
    assert wb["idle"] == base.counts.get("idle", 0) and wb["busy"] == base.counts.get("busy", 0)
    assert wb["non_service"]["break"] == base.counts.get("break", 0)

    def fresh() -> Any:
        return cxkit.CallCenter(cfg)

    def loop(c: Any) -> None:
        for ev in dicts:
            c.apply(ev)

    def many(c: Any) -> None:
        c.apply_many(dicts)

    def compact(c: Any) -> None:
        c.apply_rows(rows, columns=["type", "agent", "at", "status"])

    def baseline(b: PurePythonBoard) -> None:
        for ev in dicts:
            b.apply(ev)

    def cold(fn: Callable[[Any], None]) -> Callable[[Any], None]:
        """`fn` in a new thread, whose cache of decoded shapes (src/fast.rs)
        starts empty: what the first batch of a service costs. Only `fn`
        itself is timed (inside the thread)."""
        def run(c: Any) -> None:
            took: List[float] = []

            def body() -> None:
                t = time.perf_counter()
                fn(c)
                took.append(time.perf_counter() - t)
            th = threading.Thread(target=body)
            th.start()
            th.join()
            cold_took.append(took[0])
        return run

    label = "pure-Python dict board (same events, same counts)"
    results: Dict[str, float] = {}
    cold_took: List[float] = []
    # Alternate ours and the baseline so both see the same machine state.
    for _ in range(2):
        for name, setup, fn in (("apply_loop", fresh, loop), ("apply_many", fresh, many),
                                ("apply_rows", fresh, compact),
                                ("baseline", lambda: PurePythonBoard(roster), baseline)):
            s = best_secs_per_op(n, budget / 8, setup, fn)
            results[name] = min(results.get(name, s), s)
        for name, fn in (("apply_many_cold", many), ("apply_rows_cold", compact)):
            cold_took.clear()
            best_secs_per_op(n, budget / 16, fresh, cold(fn))
            s = min(cold_took) / n
            results[name] = min(results.get(name, s), s)
    b = results["baseline"]
    line("python_baseline_dict_board", agents, 1 / b, "events/s", "itself", None, events=n)
    for name in ("apply_loop", "apply_many", "apply_rows", "apply_many_cold", "apply_rows_cold"):
        line(f"python_{name}", agents, 1 / results[name], "events/s", label, b / results[name], events=n)


if __name__ == "__main__":
    main()
