// Compiled (not run) by `tsc -p test/types` in scripts/test-node.sh: the
// hand-written declarations type-check, the event union is discriminated on
// `type`, and CxkitError narrows by code to typed details.
import cxkit, { CallCenter, CxkitError, Escalation, isCxkitError, type Decision, type Event } from 'cxkit'

const cc = new CallCenter({ tenant: { id: 't' } })
const events: Event[] = [
  { type: 'login', agent: 'a1', at: new Date(), status: 'idle' },
  { type: 'set_status', agent: 'a1', status: 'meal', at: '2026-03-02T09:00:00Z' },
  { type: 'call.queued', call: 'c1', skill_group: 'sales', at: new Date() },
]
const applied: 'applied' | 'duplicate' = cc.apply(events[0]).status
const busy: number = cc.wallboard({ kind: 'skill_group', id: 'sales' }).agents.busy
void applied
void busy

function describe(e: Event): string {
  switch (e.type) {
    case 'set_status':
      return e.status // narrowed: ChosenStatus
    case 'call.queued':
      return e.skill_group
    default:
      return e.type
  }
}
void describe

async function batch(): Promise<number> {
  const r = await cc.applyManyAsync(events)
  return r.applied + r.errors.length
}
void batch

try {
  cc.apply({ type: 'acw_complete', agent: 'a1', at: new Date() })
} catch (err) {
  if (isCxkitError(err, 'INVALID_TRANSITION')) {
    const state: string = err.state
    const details: { subject: string; state: string; event: string } = err.details
    void state
    void details
  } else if (err instanceof CxkitError) {
    const code: string = err.code
    void code
  }
}

const esc = new Escalation(undefined, { scorer: (text: string) => (text.includes('!') ? -0.8 : null) })
const d: Decision = esc.observe({ conversation: 'c', channel: 'app', text: 'hi', at: new Date() })
if (d.decision === 'escalate') {
  const route: 'human_agent' | 'leave_message' = d.route
  void route
}
const v: string = cxkit.version()
void v

// @ts-expect-error: `set_status` needs a status
const bad: Event = { type: 'set_status', agent: 'a1', at: new Date() }
void bad

// FD3: a feed's chunks into the call center; the ended calls carry their outcome.
const feed = new cxkit.Feed('asterisk-queue-log', 'Asia/Shanghai')
const fb = cc.applyFeed(feed, '1772460000|1772460000.1|sales|NONE|ENTERQUEUE||13800138000|1\n', new Date())
const outcomes: Array<string | null> = fb.batch.ended_calls.map((e) => e.outcome)
const skippedAt: number[] = fb.skipped.map((s) => s.record)
const translated: Event[] = new cxkit.Feed('asterisk-ami').push('Event: QueueCallerJoin\r\n\r\n').events
const days: string[] = cc.trendDays()
const trend = cc.trendOfDay(days[0] ?? '2026-03-02')
void [outcomes, skippedAt, translated, trend, cc.finishFeed(feed), feed.source]
