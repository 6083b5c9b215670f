"""One test per error family, provoked through the real API, plus the panic
guard: a Rust panic is `InternalError`, never pyo3's `PanicException`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, List, Tuple

import pytest

import cxkit
from conftest import at
from cxkit.types import Config, NewTicket, TicketSummary, Time


def test_config_error_names_the_field() -> None:
    with pytest.raises(cxkit.ConfigError) as info:
        cxkit.load_config({"tenant": {"time_zone": "Mars/Olympus"}})
    assert info.value.code == "CONFIG_ERROR"
    assert info.value.field == "tenant.time_zone"
    assert info.value.details == {"field": "tenant.time_zone", "line": None, "column": None}
    assert isinstance(info.value, ValueError)


_ROSTER = {"tenant": {"agents": [{"id": "a1"}, {"id": "a2"}, {"id": "a3"}, {"id": "a4", "org_unti": "hq"}]}}


def test_config_error_field_path_from_a_dict() -> None:
    # #17: the bad agent is found by its path, whatever kind of mistake it is.
    # Wrong on purpose (misspelt keys, bad values, a non-string key): not `Config`.
    cases: List[Tuple[Any, str]] = [
        (_ROSTER, "tenant.agents[3].org_unti"),
        ({"tenant": {"agents": [{"id": "a1"}, {"id": "a2", "kind": "robot"}]}}, "tenant.agents[1].kind"),
        ({"calls": {"sms_rules": [{"name": "m", "template": "t", "outcomes": ["queue_abandn"]}]}},
         "calls.sms_rules[0].outcomes[0]"),
        ({"online": {"max_chats_by_agent": {"a1": "three"}}}, "online.max_chats_by_agent.a1"),
        ({"tenant": {"skill_groups": [{"id": "s"}, {"name": "no id"}]}}, "tenant.skill_groups[1].id"),
        # A dict key that is not a string: CONFIG_ERROR at the dict holding it.
        ({"online": {"max_chats_by_agent": {7: 3}}}, "online.max_chats_by_agent"),
    ]
    for config, field in cases:
        with pytest.raises(cxkit.ConfigError) as info:
            cxkit.CallCenter(config)
        assert info.value.field == field, info.value
        assert (info.value.line, info.value.column) == (None, None)
    # A rule checked after decoding names its path too.
    with pytest.raises(cxkit.ConfigError) as info:
        cxkit.CallCenter({"tenant": {"skill_groups": [{"id": "care"}],
                                     "agents": [{"id": "a1"}, {"id": "a2", "skill_groups": ["care", "sales"]}]}})
    assert info.value.field == "tenant.agents[1].skill_groups[1]"


def test_config_error_field_line_and_column_from_a_file(tmp_path: Path) -> None:
    toml = tmp_path / "centre.toml"
    toml.write_text('[[tenant.agents]]\nid = "a1"\n[[tenant.agents]]\nid = "a2"\nkind = "robot"\n')
    with pytest.raises(cxkit.ConfigError) as info:
        cxkit.CallCenter(toml)
    assert (info.value.field, info.value.line, info.value.column) == ("tenant.agents[1].kind", 5, 8)
    assert str(toml) in info.value.message and "line 5 column 8" in info.value.message
    js = tmp_path / "centre.json"
    js.write_text('{"tenant": {"agents": [\n  {"id": "a1"},\n  {"id": "a2", "org_unti": "hq"}\n]}}\n')
    with pytest.raises(cxkit.ConfigError) as info:
        cxkit.CallCenter.from_path(js)
    assert (info.value.field, info.value.line) == ("tenant.agents[1].org_unti", 3)
    # Syntax errors: a trailing comma, TOML without quotes.
    js.write_text('{"calls": {"trend_days": 3,}}')
    with pytest.raises(cxkit.ConfigError) as info:
        cxkit.load_config(str(js))
    assert (info.value.field, info.value.line, info.value.column) == ("calls", 1, 28)
    toml.write_text("[calls]\ntrend_days = = 3\n")
    with pytest.raises(cxkit.ConfigError) as info:
        cxkit.load_config(toml)
    assert (info.value.field, info.value.line) == ("calls.trend_days", 2)
    with pytest.raises(cxkit.ConfigError) as info:
        cxkit.load_config(tmp_path / "missing.toml")
    assert info.value.field == "" and str(tmp_path / "missing.toml") in info.value.message


def test_example_and_empty_configs() -> None:
    example, empty = cxkit.example_config(), cxkit.empty_config()
    assert example == cxkit.load_config() == cxkit.load_config(None)
    assert example["tenant"]["id"] == "acme-connect" and example["calls"]["service_calendar"]
    assert empty == cxkit.load_config({})
    assert empty["calls"].get("service_calendar") is None and empty["tenant"]["agents"] == []
    # A section left out of your own config is the empty one, not the example's.
    assert cxkit.load_config({"tenant": {"id": "mine"}})["calls"] == empty["calls"]
    # Either is a config every object takes.
    assert cxkit.CallCenter(example).agent_state("ag-001")["state"] == "offline"
    with pytest.raises(cxkit.UnknownEntity):
        cxkit.CallCenter(empty).agent_state("ag-001")


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
