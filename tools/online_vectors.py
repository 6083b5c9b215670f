"""Writes tests/vectors/online_*.json (OS1-OS4). The expectations are computed
by hand from the definitions in docs/online.md, not read back from the engine.
Run: python3 tools/online_vectors.py"""
import json, datetime, pathlib
OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "vectors"
BASE = datetime.datetime(2026, 3, 2, 1, 0, 0, tzinfo=datetime.timezone.utc)
def T(s):
    return (BASE + datetime.timedelta(seconds=s)).strftime('%Y-%m-%dT%H:%M:%SZ')
TENANT = {
  "id": "t-online", "time_zone": "Asia/Shanghai",
  "skill_groups": [{"id": "care", "name": "Care"}, {"id": "sales", "name": "Sales"}],
  "org": [{"id": "hq", "name": "HQ"}, {"id": "team-a", "name": "Team A", "parent": "hq"}, {"id": "team-b", "name": "Team B", "parent": "hq"}],
  "agents": [
    {"id": "o1", "name": "Olu", "kind": "online", "org_unit": "team-a", "skill_groups": ["care"]},
    {"id": "o2", "name": "Ona", "kind": "online", "org_unit": "team-a", "skill_groups": ["care", "sales"]},
    {"id": "o3", "name": "Oki", "kind": "online", "role": "team_lead", "org_unit": "team-b", "skill_groups": ["sales"]},
    {"id": "b1", "name": "Bea", "kind": "both", "org_unit": "team-b", "skill_groups": ["care"], "extension": "8001"},
    {"id": "c1", "name": "Cai", "kind": "call", "org_unit": "team-a", "skill_groups": ["care"], "extension": "8002"}]}
def cfg(**online):
    o = {"max_chats_by_agent": {"o1": 2}, "max_chats_by_role": {"team_lead": 3}}
    o.update(online)
    return {"tenant": TENANT, "online": o}
MAX = {"o1": 2, "o2": 5, "o3": 3, "b1": 5, "c1": 5}
def M(agent, **kw):
    m = {"agent": agent, "status": "offline", "leaf": None, "status_since": None, "max_chats": MAX[agent],
         "current_chats": 0, "queued_chats": 0, "chats_served_today": 0, "avg_first_response_seconds": None,
         "avg_response_seconds": None, "unanswered_chats": 0, "satisfaction_rate": None, "status_duration_seconds": None}
    for k, v in kw.items():
        assert k in m, k
        m[k] = v
    return m
def online_since(s, now):
    return dict(status="online", leaf="accepting", status_since=T(s), status_duration_seconds=float(now - s))
class V:
    def __init__(self, name, spec, desc, config):
        self.v = {"name": name, "spec": spec, "description": desc, "config": config, "steps": []}
    def ev(self, s, e, expect="applied", error=None):
        e = dict(e); e["at"] = T(s)
        st = {"op": "call_center.apply", "args": {"event": e}}
        if error: st["expect_error"] = error
        else: st["expect"] = {"status": expect}
        self.v["steps"].append(st)
    def metrics(self, agent, now, **kw):
        self.v["steps"].append({"op": "call_center.online_metrics", "args": {"agent": agent, "now": T(now)}, "expect": M(agent, **kw)})
    def step(self, op, args, expect=None, error=None):
        st = {"op": op, "args": args}
        if error: st["expect_error"] = error
        else: st["expect"] = expect
        self.v["steps"].append(st)
    def save(self):
        with open(OUT / f"{self.v['name']}.json", "w") as f:
            json.dump(self.v, f, indent=1, ensure_ascii=False); f.write("\n")
def login(a): return {"type": "chat.agent_login", "agent": a}
def status(a, s): return {"type": "chat.agent_status", "agent": a, "status": s}
def queued(c, g, **kw): d = {"type": "chat.queued", "chat": c, "skill_group": g, "channel": "desktop_web"}; d.update(kw); return d
def assigned(c, a, **kw): d = {"type": "chat.assigned", "chat": c, "agent": a}; d.update(kw); return d
def cust(c): return {"type": "chat.customer_message", "chat": c}
def reply(c): return {"type": "chat.agent_message", "chat": c}
def closed(c, by="agent"): return {"type": "chat.closed", "chat": c, "by": by}
def transfer(c, **to): return {"type": "chat.transferred", "chat": c, "to": to}
def rated(c, ok, score=None):
    d = {"type": "chat.rated", "chat": c, "satisfied": ok}
    if score is not None: d["score"] = score
    return d

# 1 current, queued, full
v = V("online_current_queued_full", ["OS1", "OS3"], "current_chats counts the agent's open chats, queued_chats the chats waiting in its skill groups; an online agent at its maximum (per agent here: 2) is full and refuses a third chat.", cfg())
v.ev(0, login("o1"))
for i in range(3): v.ev(10 + i, queued(f"ch{i}", "care"))
v.ev(20, queued("s1", "sales"))
v.metrics("o1", 30, queued_chats=3, **online_since(0, 30))
v.metrics("o2", 30, queued_chats=4)
v.metrics("o3", 30, queued_chats=1)
v.ev(40, assigned("ch0", "o1")); v.ev(41, assigned("ch1", "o1"))
v.metrics("o1", 60, current_chats=2, queued_chats=1, **dict(online_since(0, 60), leaf="full"))
v.ev(50, assigned("ch2", "o1"), error={"code": "INVALID_TRANSITION", "details": {"subject": "o1", "state": "online.full", "event": "chat.assigned"}})
v.metrics("o1", 60, current_chats=2, queued_chats=1, **dict(online_since(0, 60), leaf="full"))
v.ev(61, closed("ch0"))
v.metrics("o1", 70, current_chats=1, queued_chats=1, **online_since(0, 70))
v.save()

# 2 served
v = V("online_chats_served", ["OS3"], "chats_served_today counts chats closed today in which the agent wrote at least once: a chat transferred from o1 (who wrote) to o2 (who wrote) is served by both; o2's chat in which it never wrote is not; a chat assigned before the tenant's midnight and closed after it is served on the new day.", cfg())
v.ev(0, login("o1")); v.ev(0, login("o2"))
v.ev(10, queued("t1", "care")); v.ev(11, assigned("t1", "o1")); v.ev(12, cust("t1")); v.ev(13, reply("t1"))
v.ev(20, transfer("t1", agent="o2")); v.ev(21, cust("t1")); v.ev(22, reply("t1")); v.ev(30, closed("t1"))
v.ev(40, queued("t2", "care")); v.ev(41, assigned("t2", "o2")); v.ev(50, closed("t2", by="customer"))
v.metrics("o1", 60, chats_served_today=1, avg_first_response_seconds=1.0, avg_response_seconds=1.0, **online_since(0, 60))
v.metrics("o2", 60, chats_served_today=1, avg_first_response_seconds=1.0, avg_response_seconds=1.0, **online_since(0, 60))
MID = 15 * 3600
v.ev(MID - 50, queued("n1", "care")); v.ev(MID - 40, assigned("n1", "o1")); v.ev(MID - 30, cust("n1")); v.ev(MID - 20, reply("n1")); v.ev(MID + 30, closed("n1"))
v.metrics("o1", MID + 60, chats_served_today=1, **online_since(0, MID + 60))
v.save()

# 3 first response
v = V("online_first_response", ["OS3"], "avg_first_response_seconds: from the assignment, or from the first customer message after it when the customer was not already waiting, to the agent's first message; per assignment made today; a greeting before any customer message is measured from the assignment; an assignment before midnight gives no sample on the new day.", cfg())
v.ev(0, login("o2"))
# a: customer waiting at assignment -> from assignment
v.ev(10, queued("a", "care")); v.ev(11, cust("a")); v.ev(20, assigned("a", "o2")); v.ev(26, reply("a"))
# b: no customer message at assignment: from the first customer message
v.ev(30, queued("b", "care")); v.ev(31, assigned("b", "o2")); v.ev(40, cust("b")); v.ev(52, reply("b"))
# c: agent greets first
v.ev(60, assigned("c", "o2", channel="app")); v.ev(63, reply("c"))
v.metrics("o2", 100, current_chats=3, avg_first_response_seconds=7.0, avg_response_seconds=9.0, **online_since(0, 100))
MID = 15 * 3600
v.ev(MID - 10, queued("d", "care")); v.ev(MID - 5, assigned("d", "o2")); v.ev(MID - 4, cust("d")); v.ev(MID + 20, reply("d"))
v.metrics("o2", MID + 30, current_chats=4, avg_response_seconds=24.0, **online_since(0, MID + 30))
v.save()

# 4 response
v = V("online_response", ["OS3"], "avg_response_seconds: each customer message that starts a wait, to the agent's next message, measured from the later of the wait and the agent's assignment; a burst of three messages is one wait; after a transfer mid-wait the new agent is measured from its assignment and the old agent gets nothing.", cfg())
v.ev(0, login("o1")); v.ev(0, login("o2"))
v.ev(10, queued("r", "care")); v.ev(10, assigned("r", "o1"))
v.ev(20, cust("r")); v.ev(25, cust("r")); v.ev(28, cust("r")); v.ev(50, reply("r"))
v.ev(60, cust("r")); v.ev(70, reply("r")); v.ev(75, reply("r"))
v.metrics("o1", 80, current_chats=1, avg_first_response_seconds=30.0, avg_response_seconds=20.0, **online_since(0, 80))
v.ev(90, cust("r")); v.ev(120, transfer("r", agent="o2")); v.ev(125, reply("r"))
v.metrics("o1", 130, avg_first_response_seconds=30.0, avg_response_seconds=20.0, **online_since(0, 130))
v.metrics("o2", 130, current_chats=1, avg_first_response_seconds=5.0, avg_response_seconds=5.0, **online_since(0, 130))
v.save()

# 5 unanswered
v = V("online_unanswered", ["OS3"], "unanswered_chats is live: the agent's open chats whose customer has waited strictly longer than unanswered_after_seconds (30 here) for a reply at `now`; the agent's chat list shows each wait.", cfg(unanswered_after_seconds=30))
v.ev(0, login("o1")); v.ev(1, queued("u", "care")); v.ev(2, assigned("u", "o1")); v.ev(10, cust("u"))
v.metrics("o1", 40, current_chats=1, **online_since(0, 40))
v.metrics("o1", 41, current_chats=1, unanswered_chats=1, **online_since(0, 41))
v.step("call_center.agent_chats", {"agent": "o1", "now": T(41)}, [{"chat": "u", "channel": "desktop_web", "instance": None, "from_bot": False, "assigned_at": T(2), "customer_waiting_seconds": 31.0, "unanswered": True}])
v.ev(45, reply("u"))
v.metrics("o1", 500, current_chats=1, avg_first_response_seconds=35.0, avg_response_seconds=35.0, **online_since(0, 500))
v.save()

# 6 satisfaction
v = V("online_satisfaction", ["OS3", "OS2"], "online_satisfaction_rate = satisfied / rated today in percent, null when nothing is rated; a rating after the close counts for the chat's last agent; a second rating and a negative score are refused and change nothing.", cfg())
v.ev(0, login("o1"))
v.metrics("o1", 1, **online_since(0, 1))
for i, ok in enumerate([True, False, True, True]):
    c = f"k{i}"
    v.ev(10 + i * 10, queued(c, "care")); v.ev(11 + i * 10, assigned(c, "o1")); v.ev(12 + i * 10, reply(c)); v.ev(13 + i * 10, closed(c))
    v.ev(100 + i, rated(c, ok, 5 if ok else 1))
v.metrics("o1", 200, chats_served_today=4, avg_first_response_seconds=1.0, satisfaction_rate=75.0, **online_since(0, 200))
v.ev(201, rated("k0", False), error={"code": "INVALID_TRANSITION", "details": {"subject": "k0", "event": "chat.rated"}})
v.ev(202, queued("k9", "care"))
v.ev(203, rated("k9", True), error={"code": "INVALID_TRANSITION", "details": {"subject": "k9", "state": "queued"}})
v.ev(204, assigned("k9", "o1"))
v.ev(205, rated("k9", True, -1), error={"code": "INVALID_INPUT", "details": {"field": "score"}})
v.ev(206, rated("nope", True), error={"code": "UNKNOWN_ENTITY", "details": {"kind": "chat", "id": "nope"}})
v.metrics("o1", 210, current_chats=1, chats_served_today=4, avg_first_response_seconds=1.0, satisfaction_rate=75.0, **online_since(0, 210))
v.save()

# 7 status duration and states
v = V("online_status_duration", ["OS1", "OS3"], "online_status_duration runs from the last change of the chosen status (choosing the same status again changes nothing) and is null when offline; busy and non-service agents keep their chats but take no new ones; a call agent has no online seat; a both agent on a call is busy.on_call when the tenant sets call_blocks_chats.", cfg(call_blocks_chats=True))
v.ev(0, login("o1")); v.ev(5, queued("x", "care")); v.ev(6, assigned("x", "o1"))
v.ev(10, status("o1", "meal"))
v.ev(20, status("o1", "meal"))
v.metrics("o1", 40, status="meal", leaf="meal", status_since=T(10), status_duration_seconds=30.0, current_chats=1)
v.ev(41, queued("y", "care"))
v.ev(42, assigned("y", "o1"), error={"code": "INVALID_TRANSITION", "details": {"subject": "o1", "state": "non_service.meal"}})
v.ev(50, {"type": "chat.agent_logout", "agent": "o1"}, error={"code": "INVALID_TRANSITION", "details": {"subject": "o1"}})
v.ev(55, closed("x"))
v.ev(60, {"type": "chat.agent_logout", "agent": "o1"})
v.metrics("o1", 70, queued_chats=1)
v.ev(70, login("c1"), error={"code": "PERMISSION_DENIED", "details": {"permission": "online_seat"}})
v.ev(80, login("b1"))
v.ev(81, {"type": "login", "agent": "b1"})
v.ev(82, {"type": "call_offered", "agent": "b1", "call": "call-1"})
v.metrics("b1", 90, status="online", leaf="on_call", status_since=T(80), status_duration_seconds=10.0, queued_chats=1)
v.ev(91, assigned("y", "b1"), error={"code": "INVALID_TRANSITION", "details": {"subject": "b1", "state": "busy.on_call"}})
v.ev(92, {"type": "answer", "agent": "b1"}); v.ev(100, {"type": "call_ended", "agent": "b1"})
v.ev(101, assigned("y", "b1"))
v.metrics("b1", 110, current_chats=1, **online_since(80, 110))
v.save()

# 8 wallboard
def wb(scope, logged_in, acc, full, busy, on_call, ns, prog, waiting, longest, groups, today):
    nsd = {"total": sum(ns.values()), "break": 0, "activity": 0, "training": 0, "meal": 0, "meeting": 0}; nsd.update(ns)
    return {"scope": scope, "logged_in": logged_in, "online": {"total": acc + full, "accepting": acc, "full": full},
            "busy": {"total": busy + on_call, "chosen": busy, "on_call": on_call}, "non_service": nsd,
            "chats_in_progress": prog, "waiting": {"total": waiting, "longest_wait_seconds": longest, "groups": groups},
            "today": dict(zip(["offered", "served", "abandoned_in_queue", "transferred"], today))}
v = V("online_wallboard", ["OS4"], "The online wallboard per tenant, skill group and org unit (with descendants): agents per status (every logged-in agent in exactly one), chats in progress, chats waiting per group with the longest wait, and today's offered, served, abandoned-in-queue and transferred chats (queue figures of an org-unit scope are the tenant's).", cfg())
for a in ["o1", "o2", "o3"]: v.ev(0, login(a))
v.ev(1, status("o3", "break"))
v.ev(10, queued("w1", "care", from_bot=True)); v.ev(11, assigned("w1", "o1")); v.ev(12, cust("w1")); v.ev(13, reply("w1"))
v.ev(20, queued("w2", "care")); v.ev(21, assigned("w2", "o1"))
v.ev(30, queued("w3", "care")); v.ev(40, queued("w4", "sales"))
v.ev(50, queued("w5", "care")); v.ev(60, closed("w5", by="customer"))
v.ev(70, transfer("w1", skill_group="sales")); v.ev(71, assigned("w1", "o2")); v.ev(72, reply("w1")); v.ev(80, closed("w1"))
now = 100
care = {"skill_group": "care", "waiting": 1, "longest_wait_seconds": 70.0}
sales = {"skill_group": "sales", "waiting": 1, "longest_wait_seconds": 60.0}
v.step("call_center.online_wallboard", {"scope": {"kind": "tenant"}, "now": T(now)},
       wb({"kind": "tenant"}, 3, 2, 0, 0, 0, {"break": 1}, 1, 2, 70.0, [care, sales], [5, 1, 1, 1]))
v.step("call_center.online_wallboard", {"scope": {"kind": "skill_group", "id": "sales"}, "now": T(now)},
       wb({"kind": "skill_group", "id": "sales"}, 2, 1, 0, 0, 0, {"break": 1}, 0, 1, 60.0, [sales], [2, 1, 0, 0]))
v.step("call_center.online_wallboard", {"scope": {"kind": "org_unit", "id": "team-a"}, "now": T(now)},
       wb({"kind": "org_unit", "id": "team-a"}, 2, 2, 0, 0, 0, {}, 1, 2, 70.0, [care, sales], [5, 1, 1, 1]))
v.step("call_center.online_wallboard", {"scope": {"kind": "org_unit", "id": "nowhere"}, "now": T(now)}, error={"code": "UNKNOWN_ENTITY", "details": {"kind": "org_unit"}})
v.save()

# 9 errors
v = V("online_errors", ["OS2"], "Bad chat input gets a typed error naming the problem and changes nothing: assignment to an offline or busy agent, a message on a closed or unknown chat, a transfer to an unknown agent or group, an event older than the chat's last, unknown fields; a repeated event id is a duplicate.", cfg())
v.ev(0, login("o1")); v.ev(0, {"type": "chat.agent_login", "agent": "o2", "status": "busy"})
v.ev(1, queued("e1", "care", event_id="q-1"))
v.ev(2, queued("e1", "care", event_id="q-1"), expect="duplicate")
v.ev(3, assigned("e1", "o3"), error={"code": "INVALID_TRANSITION", "details": {"subject": "o3", "state": "offline"}})
v.ev(3, assigned("e1", "o2"), error={"code": "INVALID_TRANSITION", "details": {"subject": "o2", "state": "busy"}})
v.ev(4, assigned("e1", "o1"))
v.ev(5, transfer("e1", agent="zz"), error={"code": "UNKNOWN_ENTITY", "details": {"kind": "agent", "id": "zz"}})
v.ev(5, transfer("e1", skill_group="zz"), error={"code": "UNKNOWN_ENTITY", "details": {"kind": "skill_group", "id": "zz"}})
v.ev(3, cust("e1"), error={"code": "OUT_OF_ORDER", "details": {"subject": "e1"}})
v.ev(6, closed("e1"))
v.ev(7, cust("e1"), error={"code": "INVALID_TRANSITION", "details": {"subject": "e1", "state": "closed", "event": "chat.customer_message"}})
v.ev(7, reply("e1"), error={"code": "INVALID_TRANSITION", "details": {"subject": "e1", "state": "closed"}})
v.ev(7, cust("e9"), error={"code": "UNKNOWN_ENTITY", "details": {"kind": "chat", "id": "e9"}})
v.ev(7, dict(cust("e1"), colour="red"), error={"code": "INVALID_INPUT"})
v.ev(8, assigned("e2", "o1"), error={"code": "INVALID_INPUT", "details": {"field": "channel"}})
v.metrics("o1", 10, chats_served_today=0, **online_since(0, 10))
v.step("call_center.online_wallboard", {"scope": {"kind": "tenant"}, "now": T(10)},
       wb({"kind": "tenant"}, 2, 1, 0, 1, 0, {}, 0, 0, None,
          [{"skill_group": "care", "waiting": 0, "longest_wait_seconds": None}, {"skill_group": "sales", "waiting": 0, "longest_wait_seconds": None}], [1, 0, 0, 0]))
v.save()

# 10 bot handoff (OS5). The OS5 fields (handoff, skill_group, chat, the
# route and human_available) are worked out by hand; the RB1 score and the
# TM1 offer inside them are those engines' own outputs (see their vectors),
# copied from them below.
c = cfg(channel_routes=[{"channel": "desktop_web", "skill_group": "care"}])
c["templates"] = json.load(open(OUT.parent.parent / "crates" / "cxkit" / "config" / "templates.json"))
v = V("online_bot_handoff", ["OS5", "RB1", "TM1"], "The bot hands a conversation over when the customer asks for a human: with an agent of the channel's skill group online with a free slot the chat is queued there (handed_to_queue, one call); with nobody free the decision is leave_message with the template TM1 offers on the channel instance; a conversation already with the online service is refused.", c)
# The built-in scorer's score of "转人工" (RB1) and TM1's offer on desktop_web/default.
SCORE = {"label": "neutral", "score": -0.15838463202013425, "scorer": "zh"}
OFFER = {"kind": "single", "source": "default", "template": {"enabled": True, "fields": [
    {"key": "name", "kind": "text", "label": "Name", "max_length": 50, "required": False},
    {"key": "phone", "kind": "phone", "label": "Phone", "required": False},
    {"key": "email", "kind": "email", "label": "E-mail", "required": False},
    {"key": "message", "kind": "long_text", "label": "Message", "max_length": 2000, "required": True}],
    "id": "default", "name": "留言"}}
def decision(conv, available):
    return {"decision": "escalate", "conversation": conv, "score": SCORE,
            "reasons": [{"kind": "human_requested", "phrase": "转人工"}],
            "human_available": available, "route": "human_agent" if available else "leave_message"}
def handoff(conv, s, expect=None, error=None):
    msg = {"conversation": conv, "channel": "desktop_web", "text": "转人工", "at": T(s)}
    v.step("call_center.bot_handoff", {"message": msg, "instance": "default"}, expect, error)
handoff("bot-1", 10, {"handoff": "leave_message", "decision": decision("bot-1", False), "skill_group": "care", "templates": OFFER})
v.ev(20, login("o3"))
handoff("bot-2", 30, {"handoff": "leave_message", "decision": decision("bot-2", False), "skill_group": "care", "templates": OFFER})
v.ev(40, login("o1"))
handoff("bot-3", 50, {"handoff": "handed_to_queue", "decision": decision("bot-3", True), "skill_group": "care", "chat": "bot-3"})
handoff("bot-3", 55, error={"code": "INVALID_TRANSITION", "details": {"subject": "bot-3", "state": "queued"}})
care = {"skill_group": "care", "waiting": 1, "longest_wait_seconds": 10.0}
sales = {"skill_group": "sales", "waiting": 0, "longest_wait_seconds": None}
v.step("call_center.online_wallboard", {"scope": {"kind": "tenant"}, "now": T(60)},
       wb({"kind": "tenant"}, 2, 2, 0, 0, 0, {}, 0, 1, 10.0, [care, sales], [1, 0, 0, 0]))
v.ev(61, assigned("bot-3", "o1"))
v.metrics("o1", 70, current_chats=1, **online_since(40, 70))
v.save()
