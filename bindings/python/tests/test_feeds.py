"""FD3 through the binding: a feed object, `CallCenter.apply_feed` in
chunks as a service tailing a queue_log calls it, AMI frames without a
Timestamp header timed by `now`, the trend per day, and the typed errors."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Optional

import pytest

import cxkit
from conftest import ROOT
from cxkit.types import Config, FeedBatch

RINGALL = (ROOT / "tests" / "feeds" / "asterisk-queue-log" / "ringall-16.queue_log").read_text(encoding="utf-8")


def learning_config() -> Config:
    """An empty roster that learns agents and groups as the feed names them (FD4)."""
    return {
        "tenant": {"id": "t1", "agents": [], "skill_groups": []},
        "roster": {"learn": True, "login_on_call": True},
        "calls": {"sms_rules": [{"name": "missed", "outcomes": ["queue_abandon", "rang_not_answered"],
                                 "template": "sms-missed"}]},
    }


def ended(batches: List[FeedBatch]) -> List[Dict[str, Any]]:
    """The ended calls of a run of FeedBatch results, in order (without the
    batch-local index)."""
    out: List[Dict[str, Any]] = []
    for b in batches:
        for e in b["batch"]["ended_calls"]:
            out.append({k: v for k, v in e.items() if k != "index"})
    return out


def test_chunks_split_mid_line_give_what_the_whole_text_gives() -> None:
    whole_cc = cxkit.CallCenter(learning_config())
    whole_feed = cxkit.Feed("asterisk-queue-log")
    whole = [whole_cc.apply_feed(whole_feed, RINGALL), whole_cc.finish_feed(whole_feed)]
    assert whole[0]["skipped"] == [] and whole[0]["batch"]["errors"] == []
    outcomes = [e["outcome"] for e in ended(whole)]
    # .11 and .21 answered; .31 hung up while two agents rang.
    assert outcomes == ["agent_answered", "agent_answered", "rang_not_answered"], outcomes

    for size in (1, 7, 33):
        cc = cxkit.CallCenter(learning_config())
        feed = cxkit.Feed("asterisk-queue-log")
        batches = []
        # A service loop: whatever the file grew by, split anywhere.
        for start in range(0, len(RINGALL), size):
            batches.append(cc.apply_feed(feed, RINGALL[start:start + size]))
        batches.append(cc.finish_feed(feed))
        assert ended(batches) == ended(whole), f"chunks of {size}"
        assert sum(b["records"] for b in batches) == sum(b["records"] for b in whole)
        assert cc.wallboard() == whole_cc.wallboard()
        assert cc.trend_days() == whole_cc.trend_days()

    # Re-reading the same text changes nothing: every event is a duplicate.
    again_feed = cxkit.Feed("asterisk-queue-log")
    again = [whole_cc.apply_feed(again_feed, RINGALL), whole_cc.finish_feed(again_feed)]
    assert sum(b["batch"]["applied"] for b in again) == 0
    assert ended(again) == []


def test_a_service_tails_a_growing_file(tmp_path: Any) -> None:
    """The example of docs/bindings-python.md: read what the file grew by."""
    log = tmp_path / "queue_log"
    log.write_text("", encoding="utf-8")
    cc = cxkit.CallCenter(learning_config())
    feed = cxkit.Feed("asterisk-queue-log")
    seen: List[Optional[str]] = []
    with open(log, encoding="utf-8") as f:
        for piece in (RINGALL[:500], RINGALL[500:1234], RINGALL[1234:]):
            with open(log, "a", encoding="utf-8") as w:
                w.write(piece)
            r = cc.apply_feed(feed, f.read())
            seen += [e["outcome"] for e in r["batch"]["ended_calls"]]
    seen += [e["outcome"] for e in cc.finish_feed(feed)["batch"]["ended_calls"]]
    assert len(seen) == 3


AMI_NO_TIMESTAMP = (
    "Event: QueueCallerJoin\r\nChannel: SIP/trunk-1\r\nCallerIDNum: 13800138000\r\n"
    "Queue: sales\r\nPosition: 1\r\nCount: 1\r\nUniqueid: 1772460000.1\r\n\r\n"
)


def test_an_ami_frame_without_timestamp_takes_now() -> None:
    now = dt.datetime(2026, 3, 2, 14, 0, 5, tzinfo=dt.timezone.utc)
    out = cxkit.Feed("asterisk-ami").push(AMI_NO_TIMESTAMP, now)
    assert out["skipped"] == [] and out["records"] == 1
    assert [(e["type"], e["at"]) for e in out["events"]] == [("call.queued", "2026-03-02T14:00:05Z")]

    cc = cxkit.CallCenter(learning_config())
    r = cc.apply_feed(cxkit.Feed("asterisk-ami"), AMI_NO_TIMESTAMP, "2026-03-02T14:00:05Z")
    assert r["batch"]["applied"] == 1 and r["skipped"] == []
    assert cc.live_calls()["inbound"]["queued"] == 1

    # Without `now` the frame has no time: skipped, naming the field.
    out = cxkit.Feed("asterisk-ami").push(AMI_NO_TIMESTAMP)
    assert out["events"] == [] and len(out["skipped"]) == 1
    assert out["skipped"][0]["record"] == 1 and "Timestamp" in out["skipped"][0]["message"]


def test_trend_of_day_takes_a_date_or_a_string() -> None:
    cc = cxkit.CallCenter(learning_config())
    feed = cxkit.Feed("asterisk-queue-log")
    cc.apply_feed(feed, RINGALL)
    cc.finish_feed(feed)
    # 1700000100 is 2023-11-14T22:15Z: the 15th in the tenant's default zone (Asia/Shanghai).
    (day,) = cc.trend_days()
    assert day == "2023-11-15"
    t = cc.trend_of_day(dt.date(2023, 11, 15))
    assert t is not None and t == cc.trend_of_day(day)
    assert sum(i["inbound"]["offered"] for i in t["intervals"]) == 3
    assert cc.trend_of_day("2023-11-14") is None
    with pytest.raises(cxkit.InvalidInput) as info:
        cc.trend_of_day("14/11/2023")
    assert info.value.field == "date"


def test_bad_arguments_are_typed_and_change_nothing() -> None:
    with pytest.raises(cxkit.InvalidInput) as info:
        cxkit.Feed("avaya")
    assert info.value.field == "source"
    with pytest.raises(cxkit.InvalidInput) as info:
        cxkit.Feed("asterisk-queue-log", time_zone="Mars/Olympus")
    assert info.value.field == "time_zone"
    feed = cxkit.Feed("asterisk-ami")
    assert feed.source == "asterisk-ami" and repr(feed) == "Feed('asterisk-ami')"
    with pytest.raises(cxkit.InvalidInput) as info:
        feed.push(AMI_NO_TIMESTAMP, "yesterday")
    assert info.value.field == "now"
    # The refused call read nothing: the frame is still whole for the next one.
    assert len(feed.push(AMI_NO_TIMESTAMP, "2026-03-02T14:00:05Z")["events"]) == 1
    cc = cxkit.CallCenter(learning_config())
    with pytest.raises(TypeError):
        cc.apply_feed("asterisk-ami", AMI_NO_TIMESTAMP)  # type: ignore[arg-type]
    with pytest.raises(cxkit.InvalidInput):
        cc.apply_feed(feed, "x", dt.datetime(2026, 3, 2, 14, 0))  # a naive datetime
    assert cc.live_calls()["inbound"]["total"] == 0

