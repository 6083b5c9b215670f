#!/usr/bin/env python3
"""One-off migration of conformance vectors to FD1 (one event per happening).

Rewrites the agent-side spellings of call happenings (`call_offered`,
`answer`, `hold`, `resume`, `call_ended`, `dial`, `outbound_connected`) into
the call events that replace them (docs/feeds.md, migration table), following
each agent's call through the vector; logs in (idle) the agents that the
call-only vectors ring, before their first call; marks the rewritten
successful steps' `expect` as "FILL" so the maintainer filler recomputes the
results (which now carry ended calls). Views are left untouched: they are the
assertions the migration must keep.

    python3 tools/migrate_fd1.py tests/vectors/*.json
"""
import json
import sys

RETIRED = {"call_offered", "answer", "hold", "resume", "call_ended", "dial", "outbound_connected"}


def convert(ev, st):
    """Returns the replacement event (or None to keep `ev`); updates `st`."""
    t = ev.get("type")
    a = ev.get("agent")
    keep = {k: ev[k] for k in ("at", "event_id") if k in ev}
    cur = st.get(a)
    if t == "call_offered":
        st[a] = {"call": ev["call"], "phase": "ringing"}
        out = {"type": "call.offered", "call": ev["call"], "agent": a}
    elif t == "dial":
        st[a] = {"call": ev["call"], "phase": "dialing"}
        out = {"type": "call.outbound_dialed", "call": ev["call"], "agent": a, "callee": ev.get("number", "")}
    elif t in ("answer", "hold", "resume", "call_ended", "outbound_connected"):
        if cur is None:
            return "UNKNOWN"
        call = cur["call"]
        if t == "answer":
            cur["phase"] = "talking"
            out = {"type": "call.answered", "call": call, "agent": a}
        elif t == "hold":
            out = {"type": "call.held", "call": call}
        elif t == "resume":
            out = {"type": "call.resumed", "call": call}
        elif t == "outbound_connected":
            cur["phase"] = "out_talking"
            out = {"type": "call.outbound_connected", "call": call}
        else:
            by = ev.get("ended_by")
            if cur["phase"] in ("dialing", "out_talking"):
                out = {"type": "call.outbound_ended", "call": call}
            elif by == "customer":
                out = {"type": "call.caller_hung_up", "call": call}
            else:
                out = {"type": "call.system_ended", "call": call}
            st.pop(a, None)
    else:
        return None
    out.update(keep)
    return out


def track_agent_only(ev, st, consult, listen):
    t = ev.get("type")
    a = ev.get("agent")
    if t == "consult_start":
        consult[a] = ev.get("target")
    elif t == "transfer_confirmed" and a in st and a in consult:
        st[consult.pop(a)] = dict(st.pop(a), phase="talking")
    elif t == "consult_ended":
        consult.pop(a, None)
    elif t == "listen_start":
        listen[a] = ev.get("target")
    elif t == "force_disconnect":
        s = ev.get("supervisor")
        tgt = listen.pop(s, None)
        if tgt in st:
            st[s] = st.pop(tgt)
    elif t == "listen_end":
        listen.pop(ev.get("supervisor", a), None)


def events_of(step):
    args = step.get("args", {})
    if step.get("op") == "call_center.apply" and "event" in args:
        return [("event", None)]
    if step.get("op") == "call_center.apply_many":
        return [("events", i) for i in range(len(args.get("events", [])))]
    return []


def migrate(path):
    v = json.load(open(path))
    steps = v.get("steps", [])
    st, consult, listen = {}, {}, {}
    logged_in = set()
    needs_login = []
    changed = False
    for step in steps:
        ok = "expect_error" not in step
        for key, i in events_of(step):
            args = step["args"]
            ev = args[key] if i is None else args[key][i]
            if ev.get("type") == "login" and ok:
                logged_in.add(ev.get("agent"))
            if ev.get("type") == "logout" and ok:
                logged_in.discard(ev.get("agent"))
            import copy
            new = convert(ev, st if ok else copy.deepcopy(st)) if ev.get("type") in RETIRED else None
            if new == "UNKNOWN":
                print(f"{path}: cannot follow {ev} (left as is; fix by hand)")
                continue
            if new is not None:
                if not ok:
                    print(f"{path}: rewrote an error step {ev['type']} -> {new['type']}: check its expect_error")
                if i is None:
                    args[key] = new
                else:
                    args[key][i] = new
                if ok:
                    step["expect"] = "FILL"
                changed = True
            else:
                if ok:
                    track_agent_only(ev, st, consult, listen)
            ev2 = args[key] if i is None else args[key][i]
            for k in ("agent",):
                if ok and ev2.get("type", "").startswith("call.") and k in ev2 and ev2[k] not in logged_in:
                    needs_login.append((ev2[k], ev2["at"]))
                    logged_in.add(ev2[k])
            to = ev2.get("to") if isinstance(ev2.get("to"), dict) and ev2.get("type", "").startswith("call.") else None
            if ok and to and "agent" in to and to["agent"] not in logged_in:
                needs_login.append((to["agent"], ev2["at"]))
                logged_in.add(to["agent"])
    if needs_login:
        first = min(at for _, at in needs_login)
        logins = [
            {"op": "call_center.apply", "args": {"event": {"type": "login", "agent": a, "at": first, "extension": f"80{k:02}"}}, "expect": {"status": "applied"}}
            for k, (a, _) in enumerate(needs_login)
        ]
        k = next((j for j, s in enumerate(steps) if s.get("op", "").startswith("call_center.")), 0)
        steps[k:k] = logins
        v.setdefault("migration", "FD1: the agents these calls ring are logged in first (a call rings only at a logged-in agent).")
        changed = True
    if changed:
        compact = '\n    {"args"' in open(path).read()
        text = json.dumps(v, indent=1, ensure_ascii=False) + "\n"
        open(path, "w").write(text)
        print(f"{path}: migrated ({len(needs_login)} logins added)")


for p in sys.argv[1:]:
    migrate(p)
