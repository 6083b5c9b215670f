// One test per stable error code, provoked through the real API (INTERNAL
// through the panic test hook). Each checks the class, the code, the
// structured details as properties, and that state is unchanged afterwards.
import test from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import cxkit, {
  CallCenter, Config, CxkitError, ERROR_CODES, Escalation, Monitor, Templates, Tickets,
} from '../index.js'

const { __internal } = cxkit

const CONFIG = {
  tenant: {
    id: 't-err',
    skill_groups: [{ id: 'sales' }],
    org: [{ id: 'hq' }],
    agents: [
      { id: 'a1', org_unit: 'hq', skill_groups: ['sales'], extension: '8001' },
      { id: 'a2', org_unit: 'hq', skill_groups: ['sales'], extension: '8002' },
      { id: 's-1', role: 'senior_agent', org_unit: 'hq' },
    ],
    role_permissions: { agent: ['ticket_reply'], senior_agent: ['ticket_reply', 'ticket_close'] },
  },
}

/** Asserts `fn` throws a CxkitError with `code` and these detail properties. */
function throwsCode(fn, code, props = {}) {
  let err
  try {
    fn()
  } catch (e) {
    err = e
  }
  assert.ok(err, `expected ${code}, nothing thrown`)
  assert.ok(err instanceof CxkitError, `expected CxkitError, got ${err?.constructor?.name}: ${err?.message}`)
  assert.ok(err instanceof Error)
  assert.equal(err.code, code, err.message)
  assert.ok(ERROR_CODES.includes(err.code))
  assert.equal(typeof err.message, 'string')
  assert.ok(err.message.length > 0)
  for (const [k, v] of Object.entries(props)) {
    assert.deepEqual(err[k], v, `property ${k}`)
    assert.deepEqual(err.details[k], v, `details.${k}`)
  }
  return err
}

const T0 = '2026-03-02T01:00:00Z'

test('INVALID_TRANSITION: ending ACW while idle (TB2) names state and event', () => {
  const cc = new CallCenter(CONFIG)
  cc.apply({ type: 'login', agent: 'a1', at: T0 })
  const before = cc.wallboard()
  const e = throwsCode(() => cc.apply({ type: 'acw_complete', agent: 'a1', at: '2026-03-02T01:00:10Z' }), 'INVALID_TRANSITION', { subject: 'a1' })
  assert.equal(typeof e.state, 'string')
  assert.equal(typeof e.event, 'string')
  assert.deepEqual(cc.wallboard(), before, 'state unchanged')
})

test('UNKNOWN_ENTITY: an agent not on the roster', () => {
  const cc = new CallCenter(CONFIG)
  throwsCode(() => cc.apply({ type: 'login', agent: 'ghost', at: T0 }), 'UNKNOWN_ENTITY', { kind: 'agent', id: 'ghost' })
  assert.equal(cc.wallboard().agents.online, 0)
})

test('PERMISSION_DENIED: an agent opening the workplace monitor (WM5)', () => {
  const m = new Monitor()
  throwsCode(() => m.view({ role: 'agent' }), 'PERMISSION_DENIED', { role: 'agent', permission: 'workplace_monitor' })
})

test('CONFIG_ERROR from an object names the dotted path of the bad value (#17)', () => {
  const roster = { tenant: { agents: [{ id: 'a1' }, { id: 'a2' }, { id: 'a3' }, { id: 'a4', org_unti: 'hq' }] } }
  throwsCode(() => new CallCenter(roster), 'CONFIG_ERROR', { field: 'tenant.agents[3].org_unti', line: null, column: null })
  throwsCode(() => Config.fromObject({ tenant: { agents: [{ id: 'a1' }, { id: 'a2', kind: 'robot' }] } }),
    'CONFIG_ERROR', { field: 'tenant.agents[1].kind' })
  throwsCode(() => new CallCenter({ calls: { sms_rules: [{ name: 'm', template: 't', outcomes: ['queue_abandn'] }] } }),
    'CONFIG_ERROR', { field: 'calls.sms_rules[0].outcomes[0]' })
  throwsCode(() => new Monitor({ tenant: { skill_groups: [{ id: 's' }, { name: 'no id' }] } }),
    'CONFIG_ERROR', { field: 'tenant.skill_groups[1].id' })
  // A rule checked after decoding: an agent serving an unknown skill group.
  throwsCode(() => new CallCenter({ tenant: { skill_groups: [{ id: 'care' }], agents: [{ id: 'a1', skill_groups: ['care', 'sales'] }] } }),
    'CONFIG_ERROR', { field: 'tenant.agents[0].skill_groups[1]' })
})

test('CONFIG_ERROR from a file names the path, the line and the column', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cxkit-config-'))
  try {
    const toml = path.join(dir, 'centre.toml')
    fs.writeFileSync(toml, '[[tenant.agents]]\nid = "a1"\n[[tenant.agents]]\nid = "a2"\nkind = "robot"\n')
    const e = throwsCode(() => new CallCenter(toml), 'CONFIG_ERROR', { field: 'tenant.agents[1].kind', line: 5, column: 8 })
    assert.ok(e.message.includes(toml) && e.message.includes('line 5 column 8'), e.message)
    const json = path.join(dir, 'centre.json')
    fs.writeFileSync(json, '{"tenant": {"agents": [\n  {"id": "a1"},\n  {"id": "a2", "org_unti": "hq"}\n]}}\n')
    throwsCode(() => Config.fromPath(json), 'CONFIG_ERROR', { field: 'tenant.agents[1].org_unti', line: 3 })
    fs.writeFileSync(json, '{"calls": {"trend_days": 3,}}')
    throwsCode(() => Config.from(json), 'CONFIG_ERROR', { field: 'calls', line: 1, column: 28 })
    fs.writeFileSync(toml, '[calls]\ntrend_days = = 3\n')
    throwsCode(() => Config.from(toml), 'CONFIG_ERROR', { field: 'calls.trend_days', line: 2 })
    const missing = path.join(dir, 'missing.toml')
    const m = throwsCode(() => Config.fromPath(missing), 'CONFIG_ERROR', { field: '', line: null })
    assert.ok(m.message.includes(missing), m.message)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('Config.example() is what no config loads; Config.empty() is what a section left out is', () => {
  const example = Config.example().toJSON()
  assert.deepEqual(Config.from(undefined).toJSON(), example)
  assert.deepEqual(Config.embeddedDefault().toJSON(), example)
  assert.equal(example.tenant.id, 'acme-connect')
  const empty = Config.empty().toJSON()
  assert.deepEqual(Config.fromObject({}).toJSON(), empty)
  assert.deepEqual(Config.fromObject({ tenant: { id: 'mine' } }).toJSON().calls, empty.calls)
  assert.notDeepEqual(empty.calls, example.calls)
})

test('CONFIG_ERROR: a misspelled section, and a bad time zone', () => {
  throwsCode(() => Config.fromObject({ tenantt: {} }), 'CONFIG_ERROR')
  throwsCode(() => new CallCenter({ tenant: { time_zone: 'Mars/Olympus' } }), 'CONFIG_ERROR', { field: 'tenant.time_zone' })
})

test('VALIDATION_ERROR: a fifth metric for a role lists every problem (WM2, WM3)', () => {
  const m = new Monitor()
  const before = m.displaySettings()
  const e = throwsCode(() => m.setDisplay({ role: 'super_admin' }, [
    { role: 'agent', kind: 'call', metrics: ['avg_talk_seconds', 'current_chats'] },
  ]), 'VALIDATION_ERROR')
  assert.ok(Array.isArray(e.errors) && e.errors.length >= 1)
  assert.deepEqual(Object.keys(e.errors[0]).sort(), ['code', 'field', 'message'])
  assert.equal(e.errors[0].field, 'changes[0].metrics[1]')
  assert.deepEqual(m.displaySettings(), before, 'settings unchanged')
})

test('INVALID_INPUT: a malformed event, a value that is not JSON, an invalid Date', () => {
  const cc = new CallCenter(CONFIG)
  throwsCode(() => cc.apply({ type: 'login', at: T0 }), 'INVALID_INPUT', { field: 'event.agent' })
  throwsCode(() => cc.apply({ type: 'login', agent: 'a1', at: 10n }), 'INVALID_INPUT', { field: 'event' })
  throwsCode(() => cc.apply({ type: 'login', agent: 'a1', at: new Date('not a date') }), 'INVALID_INPUT', { field: 'event.at' })
  throwsCode(() => cc.apply(undefined), 'INVALID_INPUT', { field: 'event' })
})

test('INVALID_INPUT: an invalid Date names `at` on every event path, as Python does for `at=None`', async () => {
  // JSON.stringify writes an invalid Date as null, and a null member is an
  // absent one: the same field and message as Python's `at=None` gives
  // (`malformed event.at: missing field \`at\``), nothing applied.
  const cc = new CallCenter(CONFIG)
  cc.apply({ type: 'login', agent: 'a2', at: T0 })
  const before = cc.snapshot()
  const bad = new Date('not a date')
  const e = throwsCode(() => cc.apply({ type: 'login', agent: 'a1', at: bad }), 'INVALID_INPUT', { field: 'event.at' })
  assert.equal(e.message, 'malformed event.at: missing field `at`')
  const ok = { type: 'login', agent: 'a1', at: '2026-03-02T01:00:05Z' }
  const m = throwsCode(() => cc.applyMany([ok, { type: 'logout', agent: 'a2', at: bad }]), 'INVALID_INPUT', { field: 'events[1].at' })
  assert.equal(m.message, 'malformed events[1].at: missing field `at`')
  throwsCode(() => cc.applyColumns({ type: 'login', agent: ['a1'], at: [bad] }), 'INVALID_INPUT', { field: 'events[0].at' })
  await assert.rejects(cc.applyManyAsync([ok, { type: 'logout', agent: 'a2', at: bad }], { alwaysAsync: true }),
    { code: 'INVALID_INPUT', field: 'events[1].at', message: 'malformed events[1].at: missing field `at`' })
  await assert.rejects(cc.applyColumnsAsync({ type: 'login', agent: ['a1'], at: [bad] }), { code: 'INVALID_INPUT', field: 'events[0].at' })
  assert.deepEqual(cc.snapshot(), before, 'state unchanged')
})

test('CONFLICT: a second ticket with the same id', () => {
  const t = new Tickets(CONFIG)
  const ticket = { id: 'tk-1', customer: 'c-1', channel: 'desktop_web', title: 'Refund', at: T0 }
  t.createTicket(ticket)
  throwsCode(() => t.createTicket(ticket), 'CONFLICT', { resource: 'ticket tk-1' })
})

test('OUT_OF_ORDER: an agent event older than the last one accepted', () => {
  const cc = new CallCenter(CONFIG)
  cc.apply({ type: 'login', agent: 'a1', at: '2026-03-02T01:00:10Z' })
  const e = throwsCode(() => cc.apply({ type: 'set_status', agent: 'a1', status: 'busy', at: T0 }), 'OUT_OF_ORDER', { subject: 'a1' })
  assert.equal(typeof e.last, 'string')
  assert.equal(typeof e.got, 'string')
  assert.equal(cc.wallboard().agents.idle, 1, 'still idle')
})

test('SCORER_ERROR: a pre-scored value outside [-1, 1] names the scorer', () => {
  const esc = new Escalation(CONFIG)
  const msg = { conversation: 'c1', channel: 'desktop_web', text: 'hi', at: T0 }
  throwsCode(() => esc.observeScore(msg, { scorer: 'mine', score: 2 }), 'SCORER_ERROR', { scorer: 'mine' })
  assert.equal(esc.conversations, 0, 'tracker unchanged')
})

test('INTERNAL: a Rust panic is caught at the FFI edge', () => {
  let err
  try {
    __internal.native.debugPanic('boom for the INTERNAL test')
  } catch (e) {
    err = __internal.translate(e)
  }
  assert.ok(err instanceof CxkitError)
  assert.equal(err.code, 'INTERNAL')
  assert.match(err.message, /boom for the INTERNAL test/)
})

test('every code has a test above', () => {
  assert.equal(ERROR_CODES.length, 10)
})

test('templates: VALIDATION_ERROR from a submission carries field errors', () => {
  const t = new Templates()
  // The embedded default may carry no templates; an unknown template is UNKNOWN_ENTITY either way.
  throwsCode(() => t.validate('no-such-template', {}), 'UNKNOWN_ENTITY', { kind: 'template', id: 'no-such-template' })
})

test('INTERNAL: a panic inside a call leaves the call center usable and unchanged (#18)', () => {
  const { native, translate } = __internal
  const cc = new native.NativeCallCenter(Config.native(Config.example()))
  cc.apply(JSON.stringify({ type: 'login', agent: 'ag-001', at: '2026-03-28T01:00:00Z' }))
  const before = cc.snapshot()
  let err
  try {
    cc.debugPanic('boom inside the lock')
  } catch (e) {
    err = translate(e)
  }
  assert.equal(err.code, 'INTERNAL')
  assert.match(err.message, /boom inside the lock/)
  assert.equal(cc.snapshot(), before, 'state unchanged')
  cc.apply(JSON.stringify({ type: 'logout', agent: 'ag-001', at: '2026-03-28T01:01:00Z' }))
})

test('INVALID_INPUT: an instant outside 1900-9999 names event.at and changes nothing (#18)', () => {
  const cc = new CallCenter()
  for (const at of ['+262142-12-31T23:59:59Z', '0001-01-01T00:00:00Z', new Date(8.64e15)]) {
    throwsCode(() => cc.apply({ type: 'login', agent: 'ag-001', at }), 'INVALID_INPUT', { field: 'event.at' })
  }
  throwsCode(() => cc.apply({ type: 'login', agent: 'ag-001', at: '2026-03-28T01:00:00Z', stauts: 'busy' }), 'INVALID_INPUT', { field: 'event.stauts' })
  assert.equal(cc.wallboard({ kind: 'tenant' }).agents.online, 0)
})
