"""One test per error family, provoked through the real API, plus the panic
guard: a Rust panic is `InternalError`, never pyo3's `PanicException`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Dict, List

import pytest

import cxkit
from conftest import at
from cxkit.types import Config, NewTicket, TicketSummary, Time


def test_config_error_names_the_field() -> None:
    with pytest.raises(cxkit.ConfigError) as info:
        cxkit.load_config({"tenant": {"time_zone": "Mars/Olympus"}})
    assert info.value.code == "CONFIG_ERROR"
    assert info.value.field == "tenant.time_zone"
    assert info.value.details == {"field": "tenant.time_zone"}
    assert isinstance(info.value, ValueError)


def test_config_error_for_unknown_section_and_bad_path(tmp_path: Path) -> None:
    with pytest.raises(cxkit.ConfigError, match="tenantt"):
        cxkit.CallCenter({"tenantt": {}})  # type: ignore[arg-type]  # deliberately wrong
    with pytest.raises(cxkit.ConfigError, match="cannot read"):
        cxkit.CallCenter.from_path(tmp_path / "missing.json")
    bad = tmp_path / "config.yaml"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(cxkit.ConfigError, match=r"\.json or \.toml"):
        cxkit.CallCenter.from_path(bad)
    with pytest.raises(cxkit.ConfigError):
        cxkit.CallCenter(42)  # type: ignore[arg-type]


def test_invalid_input_for_naive_datetime_and_malformed_event() -> None:
    cc = cxkit.CallCenter()
    with pytest.raises(cxkit.InvalidInput) as info:
        cc.apply(type="logout", agent="a-1", at=dt.datetime(2026, 11, 24, 9, 0))
    assert info.value.field == "event.at"
    assert "naive" in info.value.message
    with pytest.raises(cxkit.InvalidInput, match="unknown variant"):
        cc.apply({"type": "no_such_event", "agent": "a-1", "at": "2026-11-24T09:00:00Z"})  # type: ignore[arg-type]  # deliberately wrong
    with pytest.raises(cxkit.InvalidInput, match="malformed event"):
        cc.apply_json("{not json")
    with pytest.raises(cxkit.InvalidInput, match="not a finite number"):
        cc.apply({"type": "logout", "agent": "a-1", "at": float("nan")})  # type: ignore[arg-type]  # deliberately wrong
    with pytest.raises(cxkit.InvalidInput, match="unsupported type"):
        cc.apply({"type": "logout", "agent": object(), "at": "2026-11-24T09:00:00Z"})  # type: ignore[arg-type]  # deliberately wrong
    with pytest.raises(cxkit.InvalidInput, match="not both"):
        cc.apply({"type": "logout"}, agent="a-1")  # type: ignore[arg-type]  # deliberately wrong
    with pytest.raises(cxkit.InvalidInput, match="no event"):
        cc.apply()


def test_a_rust_panic_is_internal_error_not_panic_exception() -> None:
    with pytest.raises(cxkit.InternalError) as info:
        cxkit._cxkit._debug_panic("boom 42")
    assert info.value.code == "INTERNAL"
    assert "boom 42" in info.value.message
    # pyo3's PanicException derives from BaseException; ours is an Exception.
    assert isinstance(info.value, Exception)


def test_aware_datetime_and_iso_string_are_the_same_instant(config: Config) -> None:
    a, b = cxkit.Tickets(config), cxkit.Tickets(config)
    shanghai = dt.timezone(dt.timedelta(hours=8))
    ticket: NewTicket = {"id": "tk-1", "customer": "c-1", "channel": "desktop_web", "title": "Refund",
                         "at": dt.datetime(2026, 3, 28, 17, 0, tzinfo=shanghai)}
    ra = a.create_ticket(ticket)
    rb = b.create_ticket({**ticket, "at": "2026-03-28T09:00:00Z"})
    assert ra == rb
    assert ra["created_at"] == "2026-03-28T09:00:00Z"


def new_ticket(tickets: cxkit.Tickets, ticket_id: str = "tk-1", customer: str = "c-1") -> TicketSummary:
    return tickets.create_ticket(
        {"id": ticket_id, "customer": customer, "channel": "desktop_web", "title": "Refund", "at": at(0)})


def test_permission_denied_carries_role_and_permission(config: Config) -> None:
    t = cxkit.Tickets(config)
    new_ticket(t)
    with pytest.raises(cxkit.PermissionDenied) as info:
        t.close("tk-1", "a-1", at(1))  # TK2: agents may not close
    assert (info.value.role, info.value.permission) == ("agent", "ticket_close")
    with pytest.raises(cxkit.PermissionDenied) as info:
        cxkit.Monitor(config).view({"role": "agent"})
    assert info.value.details == {"role": "agent", "permission": "workplace_monitor"}


def test_unknown_entity_hides_other_customers_tickets(config: Config) -> None:
    t = cxkit.Tickets(config)
    new_ticket(t)
    with pytest.raises(cxkit.UnknownEntity) as info:
        t.ticket_detail("c-2", "desktop_web", "tk-1")
    assert (info.value.kind, info.value.id) == ("ticket", "tk-1")
    assert isinstance(info.value, LookupError)
    with pytest.raises(cxkit.UnknownEntity) as info:
        t.close("tk-1", "ghost", at(1))
    assert info.value.details == {"kind": "agent", "id": "ghost"}


def test_invalid_transition_and_state_unchanged(config: Config) -> None:
    t = cxkit.Tickets(config)
    new_ticket(t)
    closed = t.close("tk-1", "lead", at(1))
    with pytest.raises(cxkit.InvalidTransition) as info:
        t.close("tk-1", "lead", at(2))
    assert (info.value.subject, info.value.state) == ("tk-1", "closed")
    assert t.agent_view("tk-1", "lead")["status"] == closed["status"] == "closed"


def test_conflict_on_duplicate_ticket_id(config: Config) -> None:
    t = cxkit.Tickets(config)
    new_ticket(t)
    with pytest.raises(cxkit.Conflict) as info:
        new_ticket(t)
    assert info.value.resource == "ticket tk-1"


def test_out_of_order_names_both_times(config: Config) -> None:
    t = cxkit.Tickets(config)
    new_ticket(t)
    t.add_reply("tk-1", "a-1", "public", "Looking into it", at(10))
    with pytest.raises(cxkit.OutOfOrder) as info:
        t.add_reply("tk-1", "a-1", "public", "Earlier?", at(5))
    assert info.value.subject == "tk-1"
    assert info.value.last.startswith("2026-03-28T09:10:00")
    assert info.value.got.startswith("2026-03-28T09:05:00")


def test_validation_error_lists_every_field() -> None:
    templates = cxkit.Templates({"templates": {"templates": [{"id": "form", "fields": [
        {"key": "phone", "kind": "phone", "required": True},
        {"key": "email", "kind": "email"},
    ]}]}})
    with pytest.raises(cxkit.ValidationError) as info:
        templates.validate("form", {"email": "not-an-email"})
    errors = info.value.errors
    assert {e["field"] for e in errors} == {"phone", "email"}
    assert {e["code"] for e in errors} == {"required", "bad_email"}
    assert all(set(e) == {"field", "code", "message"} for e in errors)
    assert isinstance(info.value, ValueError)
    templates.validate("form", {"phone": "13800138000"})


def test_a_panic_inside_a_call_leaves_the_center_usable_and_unchanged(config: Config) -> None:
    # #18: a panic is INTERNAL, but it neither poisons nor breaks the object.
    cc = cxkit.CallCenter(config)
    cc.apply({"type": "login", "agent": "a-1", "at": "2026-03-28T09:00:00Z"})
    before = cc.snapshot()
    with pytest.raises(cxkit.InternalError, match="boom"):
        cc._debug_panic("boom")
    assert cc.snapshot() == before
    cc.apply({"type": "set_status", "agent": "a-1", "at": "2026-03-28T09:01:00Z", "status": "busy"})
    assert cc.wallboard({"kind": "tenant"})["agents"]["busy"] == 1


def test_instants_outside_the_supported_range_are_invalid_input(config: Config) -> None:
    # #18: this timestamp used to panic in local-date arithmetic (Shanghai is
    # UTC+8) and leave the center unusable.
    cc = cxkit.CallCenter(config)
    minus_one = dt.timezone(dt.timedelta(hours=-1))
    bad_times: List[Time] = ["+262142-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
                             dt.datetime(9999, 12, 31, 23, 30, tzinfo=minus_one)]
    for at in bad_times:
        with pytest.raises(cxkit.InvalidInput) as info:
            cc.apply({"type": "login", "agent": "a-1", "at": at})
        assert info.value.field == "event.at", info.value.field
    with pytest.raises(cxkit.InvalidInput) as info:
        cc.agent_stats("a-1", dt.datetime(1899, 12, 31, tzinfo=dt.timezone.utc))
    assert info.value.field == "now"
    cc.apply({"type": "login", "agent": "a-1", "at": "2026-03-28T09:00:00Z"})
    assert cc.wallboard({"kind": "tenant"})["agents"]["online"] == 1


def test_strict_keys_and_paths(config: Config) -> None:
    cc = cxkit.CallCenter(config)
    with pytest.raises(cxkit.InvalidInput, match="expected one of") as info:
        cc.apply({"type": "login", "agent": "a-1", "at": "2026-03-28T09:00:00Z", "stauts": "busy"})  # type: ignore[arg-type]  # deliberately wrong
    assert info.value.field == "event.stauts"
    with pytest.raises(cxkit.InvalidInput) as info:
        cc.apply_many([{"type": "login", "agent": "a-1", "at": "2026-03-28T09:00:00Z"},
                       {"type": "logout", "agent": 5, "at": "2026-03-28T09:00:00Z"}])  # type: ignore[list-item, misc]  # deliberately wrong
    assert info.value.field == "events[1].agent"
    with pytest.raises(cxkit.InvalidInput) as info:
        cc.apply_rows([("login", "a-1", "2026-03-28T09:00:00Z", "x")], columns=["type", "agent", "at", "agent"])
    assert info.value.field == "columns"
    with pytest.raises(cxkit.InvalidInput, match="duplicate field"):
        cc.apply_json('{"type": "login", "agent": "a-1", "agent": "a-2", "at": "2026-03-28T09:00:00Z"}')
    assert cc.wallboard({"kind": "tenant"})["agents"]["online"] == 0


def test_a_lone_surrogate_is_invalid_input(config: Config) -> None:
    cc = cxkit.CallCenter(config)
    with pytest.raises(cxkit.InvalidInput) as info:
        cc.apply({"type": "login", "agent": "a-\ud800", "at": "2026-03-28T09:00:00Z"})
    assert info.value.field == "event.agent"
    with pytest.raises(cxkit.InvalidInput):
        cc.apply_json('{"type": "login", "agent": "a-1", "at": "2026-03-28T09:00:00Z"}\ud800')
