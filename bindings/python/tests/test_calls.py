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
    whole = cxkit.Trend(day, config)
    whole.aggregate(records)
    left, right = cxkit.Trend(day, config), cxkit.Trend("2026-03-02", config)
    left.aggregate(records[: len(records) // 2])
    right.aggregate(records[len(records) // 2:])
    left.merge(right.partial())
    assert left.table() == whole.table()
    assert whole.table() == cxkit.CallRules(config).trend(records, day)
    assert whole.table()["totals"]["inbound"]["offered"] > 0


def test_a_bad_record_adds_nothing_and_names_its_index() -> None:
    records, config = vector_records(), vector_config()
    t = cxkit.Trend(dt.date(2026, 3, 2), config)
    bad: CallRecord = {**records[0], "ended_at": "2026-03-02T01:00:00Z"}  # ends before it starts
    with pytest.raises(cxkit.ValidationError) as info:
        t.aggregate([records[0], bad])
    assert any(e["field"].startswith("records[1].") for e in info.value.errors)
    assert t.partial() == cxkit.Trend(dt.date(2026, 3, 2), config).partial()


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
