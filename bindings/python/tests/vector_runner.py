"""Runs the conformance vectors (``tests/vectors/*.json``, format in
``docs/vectors.md``) through the Python API.

Each op ``"<object>.<method>"`` maps to an explicit idiomatic call in
:data:`OPS`; an op missing from the table fails the vector (never a silent
skip), so a new facade op shows up here as a failure until it is wrapped.
"""

from __future__ import annotations

import json
import math
import pickle
import tempfile
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import cxkit
from cxkit.types import Config

Op = Callable[["Objects", Dict[str, Any]], Any]


class Objects:
    """The objects of one vector, created from its config on first use."""

    FACTORIES: Dict[str, Callable[[Any], Any]] = {
        "call_center": cxkit.CallCenter,
        "monitor": cxkit.Monitor,
        "templates": cxkit.Templates,
        "tickets": cxkit.Tickets,
        "escalation": cxkit.Escalation,
        "calls": cxkit.CallRules,
        "trend": cxkit.CallRules,
        "qa": cxkit.CallRules,
        "calendar": cxkit.ServiceCalendar.from_config,
    }

    def __init__(self, config: Config) -> None:
        self.config = config
        self.made: Dict[str, Any] = {}

    def get(self, name: str) -> Any:
        if name not in self.made:
            self.made[name] = self.FACTORIES[name](self.config)
        return self.made[name]


def _config_load(_: Objects, args: Dict[str, Any]) -> Dict[str, Any]:
    c = cxkit.load_config(args["config"])
    return {"tenant": c["tenant"]["id"], "org_units": len(c["tenant"]["org"]),
            "agents": len(c["tenant"]["agents"])}


def _config_load_file(_: Objects, args: Dict[str, Any]) -> Dict[str, Any]:
    # ``text`` written to a file called ``name`` (nothing for null), loaded by path.
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / args["name"]
        if args["text"] is not None:
            path.write_text(args["text"], encoding="utf-8")
        return _config_load(_, {"config": path})


def _calls_new(_: Objects, args: Dict[str, Any]) -> Dict[str, Any]:
    # Builds the call rules of a whole configuration: config-error vectors.
    cxkit.CallRules(args["config"])
    return {"sms_rules": len(cxkit.load_config(args["config"])["calls"]["sms_rules"])}


def _feed(args: Dict[str, Any]) -> Tuple[cxkit.Feed, str, Any]:
    """The feed an op names (``source``, optional ``time_zone``), its text
    and ``now``."""
    unknown = set(args) - {"source", "text", "time_zone", "now"}
    if unknown:
        raise AssertionError(f"feed op: unexpected args {sorted(unknown)}")
    return cxkit.Feed(args["source"], args.get("time_zone")), args["text"], args.get("now")


def _apply_feed(objs: Objects, args: Dict[str, Any]) -> List[Dict[str, Any]]:
    # The whole text in one chunk, then the feed's end: what the Rust
    # harness returns as [apply_feed, finish_feed].
    feed, text, now = _feed(args)
    cc = objs.get("call_center")
    return [cc.apply_feed(feed, text, now), cc.finish_feed(feed, now)]


def _translate(_: Objects, args: Dict[str, Any]) -> List[Any]:
    feed, text, now = _feed(args)
    return [feed.push(text, now), feed.finish(now)]


def _method(obj: str, name: str, *params: str) -> Op:
    """``obj.name(**{p: args[p]})``: the op's args passed by name (optional
    ones only when present)."""

    def call(objs: Objects, args: Dict[str, Any]) -> Any:
        unknown = set(args) - set(params)
        if unknown:
            raise AssertionError(f"{obj}.{name}: unexpected args {sorted(unknown)}")
        return getattr(objs.get(obj), name)(**args)

    return call


OPS: Dict[str, Op] = {
    "config.load": _config_load,
    "config.load_file": _config_load_file,
    # Call center (docs/agents.md, docs/calls.md).
    "call_center.apply": _method("call_center", "apply", "event"),
    "call_center.apply_many": _method("call_center", "apply_many", "events"),
    "call_center.wallboard": _method("call_center", "wallboard", "scope"),
    "call_center.live_calls": _method("call_center", "live_calls", "scope"),
    "call_center.listening_list": _method("call_center", "listening_list", "scope"),
    "call_center.big_screen": _method("call_center", "big_screen", "scope"),
    "call_center.agent_state": _method("call_center", "agent_state", "agent"),
    "call_center.toolbar": _method("call_center", "toolbar", "agent"),
    "call_center.agent_stats": _method("call_center", "agent_stats", "agent", "now"),
    "call_center.trend_today": _method("call_center", "trend_today", "now"),
    "call_center.ended_calls": _method("call_center", "ended_calls"),
    "call_center.trend_of_day": _method("call_center", "trend_of_day", "date"),
    "call_center.trend_days": _method("call_center", "trend_days"),
    # Feeds (docs/feeds.md, FD3).
    "call_center.apply_feed": _apply_feed,
    "feeds.translate": _translate,
    "call_center.online_wallboard": _method("call_center", "online_wallboard", "scope", "now"),
    "call_center.online_metrics": _method("call_center", "online_metrics", "agent", "now"),
    "call_center.agent_chats": _method("call_center", "agent_chats", "agent", "now"),
    "call_center.bot_handoff": lambda objs, a: objs.get("call_center").bot_handoff(
        objs.get("escalation"), objs.get("templates"), a["message"], a["instance"]),
    "call_center.call_monitor_view": lambda objs, a: objs.get("call_center").call_monitor_view(
        objs.get("monitor"), **a),
    # The Python round trip is pickling, which goes through snapshot/restore.
    "call_center.snapshot_roundtrip": lambda objs, a: (
        pickle.loads(pickle.dumps(objs.get("call_center"))).snapshot()
        == objs.get("call_center").snapshot()),
    # Call rules without a call center (docs/calls.md).
    "calls.new": _calls_new,
    "calls.classify": _method("calls", "classify", "record"),
    "calls.sms_for": _method("calls", "sms_for", "record"),
    "calendar.is_open": _method("calendar", "is_open", "at"),
    "calendar.next_open": _method("calendar", "next_open", "at"),
    "trend.aggregate": lambda objs, a: objs.get("trend").trend(a["records"], a["date"]),
    "qa.export_csv": lambda objs, a: objs.get("qa").qa_export_csv(a["records"], a["mask"]),
    # Escalation (docs/escalation.md).
    "escalation.score": _method("escalation", "score", "text"),
    "escalation.observe": _method("escalation", "observe", "message", "human_available"),
    "escalation.observe_score": _method("escalation", "observe_score", "message", "score", "human_available"),
    "escalation.end": _method("escalation", "end", "conversation", "at"),
    "escalation.evict_idle": _method("escalation", "evict_idle", "now"),
    # Workplace monitor (docs/monitor.md).
    "monitor.view": _method("monitor", "view", "viewer", "org_unit", "values"),
    "monitor.set_display": _method("monitor", "set_display", "viewer", "changes"),
    "monitor.set_thresholds": _method("monitor", "set_thresholds", "viewer", "changes"),
    "monitor.display_settings": _method("monitor", "display_settings"),
    "monitor.thresholds": _method("monitor", "thresholds"),
    "monitor.catalog": _method("monitor", "catalog"),
    # Leave-a-message templates (docs/templates.md).
    "templates.offer": _method("templates", "offer", "channel_instance"),
    "templates.select": _method("templates", "select", "channel_instance", "template_id"),
    "templates.validate": _method("templates", "validate", "template_id", "submission"),
    "templates.submit": _method("templates", "submit", "channel_instance", "template_id", "submission"),
    # Tickets (docs/tickets.md).
    "tickets.create_ticket": _method("tickets", "create_ticket", "ticket"),
    "tickets.add_reply": _method("tickets", "add_reply", "ticket", "agent", "visibility", "text", "at"),
    "tickets.set_status": _method("tickets", "set_status", "ticket", "agent", "status", "at"),
    "tickets.close": _method("tickets", "close", "ticket", "agent", "at"),
    "tickets.message_records": _method("tickets", "message_records", "customer", "channel"),
    "tickets.ticket_detail": _method("tickets", "ticket_detail", "customer", "channel", "ticket"),
    "tickets.agent_view": _method("tickets", "agent_view", "ticket", "agent"),
}


def json_matches(expected: Any, actual: Any) -> bool:
    """Same rules as the Rust harness: objects and arrays exactly, numbers
    within 1e-9 relative, bools are not numbers."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        if expected == actual:
            return True
        return math.isclose(expected, actual, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(expected, list) and isinstance(actual, (list, tuple)):
        return len(expected) == len(actual) and all(
            json_matches(e, a) for e, a in zip(expected, actual))
    if isinstance(expected, dict) and isinstance(actual, dict):
        return len(expected) == len(actual) and all(
            k in actual and json_matches(v, actual[k]) for k, v in expected.items())
    return bool(type(expected) is type(actual) and expected == actual)


def details_match(expected: Any, actual: Dict[str, Any]) -> bool:
    if isinstance(expected, dict):
        return all(k in actual and json_matches(v, actual[k]) for k, v in expected.items())
    return json_matches(expected, actual)


def run_vector(path: Path) -> Tuple[int, List[str]]:
    """Runs one vector file; returns (steps run, failures)."""
    name = path.name
    v = json.loads(path.read_text(encoding="utf-8"))
    objs = Objects(v.get("config", {}))
    failures: List[str] = []
    steps = 0
    for i, step in enumerate(v["steps"]):
        op = step["op"]
        args = step.get("args", {})
        fn = OPS.get(op)
        if fn is None:
            failures.append(f"{name} step {i}: unknown op `{op}`")
            break
        steps += 1
        result: Optional[Any] = None
        error: Optional[cxkit.CxkitError] = None
        try:
            result = fn(objs, args)
        except cxkit.CxkitError as e:
            error = e
        expect, expect_error = step.get("expect"), step.get("expect_error")
        has_expect = "expect" in step
        if has_expect == (expect_error is not None):
            failures.append(f"{name} step {i}: needs exactly one of expect / expect_error")
        elif error is None and has_expect:
            if not json_matches(expect, result):
                failures.append(f"{name} step {i} ({op}):\n  expected {json.dumps(expect)}"
                                f"\n  actual   {json.dumps(result)}")
        elif error is None:
            failures.append(f"{name} step {i} ({op}): expected error {expect_error}, got {result}")
        elif expect_error is not None:
            got = error.to_dict()
            if expect_error["code"] != got["code"] or (
                    "details" in expect_error
                    and not details_match(expect_error["details"], got["details"])):
                failures.append(f"{name} step {i} ({op}): expected error {expect_error}, got {got}")
        else:
            failures.append(f"{name} step {i} ({op}): unexpected error {error.to_dict()}")
    return steps, failures
