"""Shared fixtures: paths of the repository and the vectors, and a small
tenant (two org units, a few agents of different roles)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Dict

import pytest
from cxkit.types import Config

ROOT = Path(__file__).resolve().parents[3]
VECTORS = ROOT / "tests" / "vectors"
UTC = dt.timezone.utc
T0 = dt.datetime(2026, 3, 28, 9, 0, tzinfo=UTC)


def small_config() -> Config:
    """A tenant with an org tree hq > east, three agents and a team lead."""
    return {
        "tenant": {
            "id": "t1",
            "org": [{"id": "hq"}, {"id": "east", "parent": "hq"}],
            "agents": [
                {"id": "a-1", "name": "Ann", "role": "agent", "org_unit": "east", "extension": "8001"},
                {"id": "a-2", "name": "Bo", "role": "agent", "org_unit": "east", "extension": "8002"},
                {"id": "a-3", "name": "Cy", "role": "agent", "org_unit": "hq", "extension": "8003"},
                {"id": "lead", "name": "Lee", "role": "team_lead", "org_unit": "hq", "extension": "8009"},
            ],
        }
    }


@pytest.fixture
def config() -> Config:
    return small_config()


def at(minutes: float) -> dt.datetime:
    """``T0`` plus ``minutes``, timezone-aware."""
    return T0 + dt.timedelta(minutes=minutes)
