"""The standalone call objects (SMS1, CM3, QA1) through the binding: what
the vectors do not show — Trend merging, the calendar from its own section,
dates as `datetime.date`, and the default masking of the QA export."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Dict, List

import pytest

import cxkit
from conftest import VECTORS
from cxkit.types import CallRecord, Config

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def vector_records() -> List[CallRecord]:
    v = json.loads((VECTORS / "calls_trend_qa.json").read_text(encoding="utf-8"))
    step = next(s for s in v["steps"] if s["op"] == "trend.aggregate")
    records: List[CallRecord] = step["args"]["records"]
    return records


def vector_config() -> Config:
    config: Config = json.loads((VECTORS / "calls_trend_qa.json").read_text(encoding="utf-8"))["config"]
    return config


def test_trend_merge_equals_aggregate_of_the_union() -> None:
    records, config, day = vector_records(), vector_config(), dt.date(2026, 3, 2)
    whole = cxkit.Trend(config, day)
    whole.aggregate(records)
    left, right = cxkit.Trend(config, day), cxkit.Trend(config, "2026-03-02")
    left.aggregate(records[: len(records) // 2])
    right.aggregate(records[len(records) // 2:])
    left.merge(right.partial())
    assert left.table() == whole.table()
    assert whole.table() == cxkit.CallRules(config).trend(records, day)
    assert whole.table()["totals"]["inbound"]["offered"] > 0


def test_trend_takes_the_config_first_and_the_old_order_warns() -> None:
    records, config, day = vector_records(), vector_config(), dt.date(2026, 3, 2)
    new = cxkit.Trend(config, day)
    new.aggregate(records)
    by_name = cxkit.Trend(date="2026-03-02", config=config)
    by_name.aggregate(records)
    assert by_name.table() == new.table()
    with pytest.warns(DeprecationWarning, match=r"Trend\(config, date\)"):
        old = cxkit.Trend(day, config)  # type: ignore[arg-type]
    old.aggregate(records)
    assert old.table() == new.table()
    with pytest.warns(DeprecationWarning):
        assert cxkit.Trend("2026-03-02").table()["date"] == "2026-03-02"
    assert cxkit.Trend(None, "2026-03-02").table() == cxkit.Trend(date=day).table()
    with pytest.raises(TypeError, match="date"):
        cxkit.Trend(config)


def test_a_bad_record_adds_nothing_and_names_its_index() -> None:
    records, config = vector_records(), vector_config()
    t = cxkit.Trend(config, dt.date(2026, 3, 2))
    bad: CallRecord = {**records[0], "ended_at": "2026-03-02T01:00:00Z"}  # ends before it starts
    with pytest.raises(cxkit.ValidationError) as info:
        t.aggregate([records[0], bad])
    assert any(e["field"].startswith("records[1].") for e in info.value.errors)
    assert t.partial() == cxkit.Trend(config, dt.date(2026, 3, 2)).partial()


def test_service_calendar_from_its_own_section() -> None:
    cal = cxkit.ServiceCalendar({"time_zone": "Asia/Shanghai",
                                 "weekly": {"mon": [{"start": "09:00", "end": "18:00"}]}})
    monday_10 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)
    assert cal.is_open(monday_10)
    assert not cal.is_open(monday_10 + dt.timedelta(hours=9))
    assert cal.next_open(monday_10 + dt.timedelta(hours=9)) == "2026-03-09T01:00:00Z"
    with pytest.raises(cxkit.ConfigError):
        cxkit.ServiceCalendar({"time_zone": "Asia/Shangai"})
    always = cxkit.ServiceCalendar.from_config({})  # no calendar configured: always open
    assert always.is_open("2026-03-01T03:00:00Z")


def test_qa_export_masks_numbers_by_default() -> None:
    records = vector_records()[:1]
    masked, plain = cxkit.qa_export_csv(records), cxkit.qa_export_csv(records, mask=False)
    assert "13812345678" in plain and "13812345678" not in masked and "138****5678" in masked
    filled = cxkit.CallRules(vector_config()).qa_export_csv(records)
    assert filled.splitlines()[1].split(",")[12] == "agent_answered"  # outcome column
    assert plain.splitlines()[1].split(",")[12] == ""
