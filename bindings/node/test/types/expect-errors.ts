// Compiled (not run) by `tsc -p test/types` in scripts/test-node.sh. Every
// line after a `@ts-expect-error` must NOT type-check: tsc fails the build
// with "Unused '@ts-expect-error' directive" if the generated types
// (types.d.ts, from the Rust types) ever let one of them through.
import { CallCenter, Escalation, Monitor, type Event, type Scope, type Wallboard } from 'cxkit'

const cc = new CallCenter()

// A misspelt scope kind.
// @ts-expect-error 'skil_group' is not a scope kind
cc.wallboard({ kind: 'skil_group' })
// @ts-expect-error an org_unit scope needs its id
const noId: Scope = { kind: 'org_unit' }
void noId

// Events: a misspelt type, a missing agent, a status no one may choose, a retired FD1 type.
// @ts-expect-error 'logni' is not an event type
cc.apply({ type: 'logni', agent: 'a1', at: new Date() })
// @ts-expect-error login needs its agent
cc.apply({ type: 'login', at: new Date() })
// @ts-expect-error after-call work is never chosen by hand (TB2)
const acw: Event = { type: 'set_status', agent: 'a1', at: new Date(), status: 'after_call_work' }
void acw
// @ts-expect-error FD1: `answer` is said with `call.answered`
cc.applyMany([{ type: 'answer', agent: 'a1', at: new Date() }])

// A result key that does not exist, and a result's type.
const board: Wallboard = cc.wallboard()
// @ts-expect-error there is no `onlien` count
void board.agents.onlien
// @ts-expect-error `at` of a returned record is a string, not a Date
const started: Date = cc.endedCalls()[0].record.started_at
void started

// A configuration section or value that does not exist.
// @ts-expect-error there is no `agnets` section
new CallCenter({ agnets: {} })
// @ts-expect-error the ACW return status is idle or busy
new CallCenter({ agents: { acw: { return_to: 'lunch' } } })

// Arguments of the other objects.
// @ts-expect-error a customer message names its conversation
new Escalation().observe({ channel: 'app', text: 'hi', at: new Date() })
// @ts-expect-error a viewer has a role
new Monitor().view({ org_unit: 'hq' })
