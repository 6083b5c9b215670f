"""Escalation (RB1) through the binding: the built-in scorer, a Python
callable as custom scorer, and the errors a failing scorer raises."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import pytest

import cxkit
from conftest import at
from cxkit.types import CustomerMessage, Decision, Score


def message(i: int, text: str = "this is terrible, I hate it") -> CustomerMessage:
    return {"conversation": "c1", "channel": "app", "text": text, "at": at(i)}


def score_of(d: Decision) -> Score:
    """The score of a decision the policy took on a scored message."""
    if d["decision"] == "continue" or d["decision"] == "escalate":
        return d["score"]
    raise AssertionError(f"no score in {d}")


def test_builtin_scorer_scores_chinese_and_english() -> None:
    e = cxkit.Escalation()
    en = e.score("I am very angry, this is terrible")
    assert en["scorer"] == "en" and en["label"] == "negative" and en["score"] is not None and -1 <= en["score"] < 0
    assert e.score("你好")["scorer"] == "zh"


def test_custom_scorer_is_called_with_the_text_and_drives_the_decision() -> None:
    seen: List[str] = []

    def angry(text: str) -> Optional[float]:
        seen.append(text)
        return -0.95

    e = cxkit.Escalation(scorer=angry)
    decisions = [e.observe(message(i, f"m{i}")) for i in range(3)]
    assert seen == ["m0", "m1", "m2"]
    assert all(score_of(d) == {"scorer": "angry", "label": "negative", "score": -0.95} for d in decisions)
    last = decisions[-1]
    assert last["decision"] == "escalate"
    assert any(r["kind"] == "consecutive_negative" for r in last["reasons"])


def test_custom_scorer_none_means_no_signal() -> None:
    e = cxkit.Escalation(scorer=lambda text: None, scorer_name="silent")
    assert e.score("anything") == {"scorer": "silent", "label": "no_signal", "score": None}


def offline(text: str) -> Optional[float]:
    raise ValueError("model offline")


@pytest.mark.parametrize(
    "scorer, needle",
    [
        (offline, "ValueError: model offline"),
        (lambda text: 3.0, "outside [-1, 1]"),
        (lambda text: float("nan"), "NaN"),
        (lambda text: "negative", "returned `str`"),
        (lambda text: True, "returned a bool"),
    ],
    ids=["raises", "out_of_range", "nan", "wrong_type", "bool"],
)
def test_a_failing_scorer_raises_scorer_error_and_changes_nothing(scorer: Any, needle: str) -> None:
    e = cxkit.Escalation(scorer=scorer, scorer_name="flaky")
    with pytest.raises(cxkit.ScorerError) as info:
        e.observe(message(0))
    assert info.value.scorer == "flaky"
    assert info.value.code == "SCORER_ERROR"
    assert needle in info.value.message
    assert info.value.message.count("flaky") == 1
    assert e.conversations() == 0  # nothing was recorded


def test_a_scorer_must_be_callable() -> None:
    with pytest.raises(cxkit.InvalidInput, match="callable"):
        cxkit.Escalation(scorer=42)  # type: ignore[arg-type]


def test_observe_score_for_scores_computed_in_python() -> None:
    e = cxkit.Escalation()
    d = e.observe_score(message(0, ""), {"scorer": "mine", "score": -0.5})
    assert score_of(d)["scorer"] == "mine" and score_of(d)["label"] == "negative"
    with pytest.raises(cxkit.ScorerError):
        e.observe_score(message(1, ""), {"scorer": "mine", "score": 2})


def test_ended_conversation_refuses_messages() -> None:
    e = cxkit.Escalation()
    e.observe(message(0))
    e.end("c1", at(1))
    with pytest.raises(cxkit.InvalidTransition) as info:
        e.observe(message(2))
    assert info.value.state == "ended"


def test_a_scorer_calling_back_into_its_escalation_fails_instead_of_hanging() -> None:
    holder: List[cxkit.Escalation] = []

    def nosy(text: str) -> Optional[float]:
        holder[0].conversations()  # re-entrant: the object is busy calling us
        return 0.0

    e = cxkit.Escalation(scorer=nosy)
    holder.append(e)
    with pytest.raises(cxkit.ScorerError, match="re-entrant"):
        e.score("hello")
    assert e.conversations() == 0  # still usable afterwards
