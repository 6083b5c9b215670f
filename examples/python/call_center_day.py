"""One simulated day of a small call center through the Python binding.

Agents log in, calls arrive on the hotline, queue for a skill group and are
answered by a free agent or abandoned (which triggers the SMS1 call-back
SMS); a supervisor watches the CM1 wallboard; the bot escalates an angry
chat to a human with a custom Python scorer; a ticket is answered and
closed. Run: ``python examples/python/call_center_day.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any, Dict, List, Optional

import cxkit
from cxkit.types import AgentProfile, Config, Decision, Event, OpeningRange

UTC = dt.timezone.utc
DAY = dt.datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai, a Monday

# The configuration is typed (cxkit.types.Config): mypy catches a misspelt
# section, key or enum value before the run does.
AGENTS: List[AgentProfile] = [
    {"id": f"a{i}", "name": f"Agent {i}", "role": "agent", "kind": "call",
     "org_unit": "team-a" if i < 3 else "team-b",
     "skill_groups": ["sales"] if i < 3 else ["support"]}
    for i in range(6)
]
AGENTS.append({"id": "lead", "name": "Lee", "role": "team_lead", "org_unit": "hq"})
OFFICE_HOURS: List[OpeningRange] = [{"start": "09:00", "end": "18:00"}]
CONFIG: Config = {
    "tenant": {
        "id": "demo",
        "time_zone": "Asia/Shanghai",
        "skill_groups": [{"id": "sales"}, {"id": "support"}],
        "org": [{"id": "hq"}, {"id": "team-a", "parent": "hq"}, {"id": "team-b", "parent": "hq"}],
        "agents": AGENTS,
    },
    "calls": {
        "service_calendar": {
            "time_zone": "Asia/Shanghai",
            "weekly": {"mon": OFFICE_HOURS, "tue": OFFICE_HOURS, "wed": OFFICE_HOURS,
                       "thu": OFFICE_HOURS, "fri": OFFICE_HOURS},
        },
        "sms_rules": [{"name": "call_back", "outcomes": ["queue_abandon"], "template": "sorry_we_missed_you"}],
    },
}


def t(minutes: float) -> dt.datetime:
    return DAY + dt.timedelta(minutes=minutes)


def simulate(seed: int = 7, calls: int = 40) -> Dict[str, Any]:
    rng = random.Random(seed)
    center = cxkit.CallCenter(CONFIG)
    agents = [a["id"] for a in AGENTS if a["role"] == "agent"]
    # Morning: everyone logs in, in one batch (GIL released while it runs).
    # Dynamic extension binding (TB1): each agent picks an extension at login.
    logins = center.apply_rows([("login", a, t(0), f"80{i:02d}") for i, a in enumerate(agents)],
                               columns=["type", "agent", "at", "extension"])
    assert logins["errors"] == [], logins["errors"]
    free_at = {a: t(0) for a in agents}
    refused = 0
    for n in range(calls):
        call, start = f"c{n}", t(2 + n * 6 + rng.random() * 3)
        group = rng.choice(["sales", "support"])
        center.apply({"type": "call.arrived", "call": call, "at": start,
                      "hotline": "4008001234", "caller": f"1381234{n:04d}", "callee": "4008001234"})
        center.apply({"type": "call.queued", "call": call, "at": start + dt.timedelta(seconds=10),
                      "skill_group": group})
        team = [a for a in agents if group in AGENTS[int(a[1:])]["skill_groups"]]
        offer_at = start + dt.timedelta(seconds=30)
        agent: Optional[str] = next((a for a in team if free_at[a] <= offer_at), None)
        if agent is None or rng.random() < 0.15:
            center.apply({"type": "call.caller_hung_up", "call": call, "at": start + dt.timedelta(seconds=50)})
            continue
        talk = dt.timedelta(minutes=rng.uniform(1, 5))
        end = offer_at + dt.timedelta(seconds=5) + talk
        steps: List[Event] = [
            {"type": "call.offered", "call": call, "at": offer_at, "agent": agent},
            {"type": "call.answered", "call": call, "at": offer_at + dt.timedelta(seconds=5), "agent": agent},
            {"type": "call.caller_hung_up", "call": call, "at": end},
        ]
        result = center.apply_many(steps)
        if result["errors"]:
            refused += len(result["errors"])
            print("refused:", result["errors"][0]["error"]["message"])
        free_at[agent] = end + dt.timedelta(minutes=2)  # after-call work
    noon = center.wallboard({"kind": "org_unit", "id": "hq"})
    ended = center.ended_calls()
    sms = [a for c in ended for a in c["sms"]["actions"]]
    trend = center.trend_today(t(9 * 60))

    # The bot hands an angry chat to a human (custom scorer: a keyword model).
    def keyword_scorer(text: str) -> Optional[float]:
        return -0.9 if any(w in text.lower() for w in ("angry", "useless", "terrible")) else 0.1

    bot = cxkit.Escalation(CONFIG, scorer=keyword_scorer)
    decisions: List[Decision] = []
    for i, text in enumerate(["hello", "this is useless", "I am angry", "terrible service"]):
        decisions.append(bot.observe({"conversation": "chat-1", "channel": "app", "text": text,
                                "at": t(30 + i)}))

    # A ticket: created by a customer, answered publicly, closed by the lead.
    tickets = cxkit.Tickets(CONFIG)
    tickets.create_ticket({"id": "tk-1", "customer": "cust-9", "channel": "app",
                           "title": "Invoice", "content": "Need a VAT invoice", "at": t(60)})
    tickets.add_reply("tk-1", "a0", "internal", "Check with finance", t(61))
    tickets.add_reply("tk-1", "a0", "public", "Sent to your email", t(62))
    tickets.close("tk-1", "lead", t(63))
    customer_view = tickets.ticket_detail("cust-9", "app", "tk-1")

    return {
        "version": cxkit.__version__,
        "calls": calls,
        "ended_calls": len(ended),
        "refused_events": refused,
        "sms_sent": len(sms),
        "wallboard_agents_online": noon["agents"]["online"],
        "trend_totals": trend["totals"]["inbound"],
        "escalation": decisions[-1]["decision"],
        "ticket_status": customer_view["status"],
        "customer_view": customer_view,
    }


if __name__ == "__main__":
    print(json.dumps(simulate(), indent=2, ensure_ascii=False))
