// Batch work off the event loop (napi AsyncTask): the Promise result equals
// the synchronous one, the event loop keeps turning while it runs, and errors
// reject with CxkitError.
import test from 'node:test'
import assert from 'node:assert/strict'
import { CallCenter, CallRules, CxkitError, Trend } from '../index.mjs'

const AGENTS = 200
const CONFIG = {
  tenant: {
    id: 't-async',
    skill_groups: [{ id: 'sales' }],
    agents: Array.from({ length: AGENTS }, (_, i) => ({ id: `a${i}`, skill_groups: ['sales'], extension: String(10000 + i) })),
  },
}

/** A day of agent events: login, then busy/idle flips, every agent in turn. */
function day(rounds) {
  const events = []
  const t0 = Date.parse('2026-03-02T01:00:00Z')
  for (let i = 0; i < AGENTS; i++) events.push({ type: 'login', agent: `a${i}`, at: new Date(t0 + i) })
  for (let r = 1; r <= rounds; r++) {
    for (let i = 0; i < AGENTS; i++) {
      events.push({ type: 'set_status', agent: `a${i}`, status: r % 2 ? 'busy' : 'idle', at: new Date(t0 + r * 1000 + i) })
    }
  }
  return events
}

test('applyManyAsync gives the same result and board as applyMany, off the event loop', async () => {
  const events = day(25) // 5 200 events: above the synchronous threshold
  const sync = new CallCenter(CONFIG)
  const expected = sync.applyMany(events)
  assert.deepEqual(expected, { applied: events.length, duplicates: 0, errors: [], ended_calls: [] })

  const cc = new CallCenter(CONFIG)
  // A chain of setImmediate callbacks counts event-loop turns while the batch
  // runs: work done on the JS thread would leave no turn before the await.
  let ticks = 0
  let spinning = true
  const spin = () => {
    ticks++
    if (spinning) setImmediate(spin)
  }
  const pending = cc.applyManyAsync(events, { alwaysAsync: true })
  setImmediate(spin)
  assert.ok(pending instanceof Promise)
  const got = await pending
  spinning = false
  assert.ok(ticks > 0, 'the event loop turned while the batch ran on the pool')
  assert.deepEqual(got, expected)
  assert.deepEqual(cc.wallboard(), sync.wallboard())
  assert.equal(cc.wallboard().agents.busy, AGENTS, 'odd last round: everyone busy')
})

test('a small batch through applyManyAsync runs synchronously but still returns a Promise', async () => {
  const cc = new CallCenter(CONFIG)
  const r = cc.applyManyAsync(day(0))
  assert.ok(r instanceof Promise)
  assert.equal((await r).applied, AGENTS)
})

test('refused events in a batch are reported with their index; the rest apply', async () => {
  const cc = new CallCenter(CONFIG)
  const events = day(1)
  events.splice(3, 0, { type: 'login', agent: 'ghost', at: '2026-03-02T01:00:00Z' })
  const r = await cc.applyManyAsync(events, { alwaysAsync: true })
  assert.equal(r.applied, events.length - 1)
  assert.equal(r.errors.length, 1)
  assert.equal(r.errors[0].index, 3)
  assert.equal(r.errors[0].error.code, 'UNKNOWN_ENTITY')
})

test('a malformed batch rejects with CxkitError INVALID_INPUT', async () => {
  const cc = new CallCenter(CONFIG)
  await assert.rejects(cc.applyManyAsync({ not: 'an array' }, { alwaysAsync: true }), (e) => {
    assert.ok(e instanceof CxkitError)
    assert.equal(e.code, 'INVALID_INPUT')
    assert.equal(e.field, 'events')
    return true
  })
})

test('trend and aggregate over records run async too, equal to the sync result', async () => {
  const rules = new CallRules(CONFIG)
  const records = []
  assert.deepEqual(await rules.trendAsync(records, '2026-03-02'), rules.trend(records, '2026-03-02'))
  const t = new Trend(CONFIG, '2026-03-02')
  await t.aggregateAsync(records)
  assert.deepEqual(t.table(), rules.trend(records, '2026-03-02'))
  await assert.rejects(rules.trendAsync(records, 'not-a-date'), { code: 'INVALID_INPUT', field: 'date' })
})

/** The same events as columns. */
function columnsOf(events) {
  return {
    type: events.map((e) => e.type),
    agent: events.map((e) => e.agent),
    status: events.map((e) => e.status ?? null),
    at: events.map((e) => e.at),
  }
}

test('applyColumns applies exactly what applyMany applies (sync and async)', async () => {
  const events = day(5)
  const byObjects = new CallCenter(CONFIG)
  const expected = byObjects.applyMany(events)
  const byColumns = new CallCenter(CONFIG)
  assert.deepEqual(byColumns.applyColumns(columnsOf(events)), expected)
  assert.deepEqual(byColumns.wallboard(), byObjects.wallboard())
  const asyncColumns = new CallCenter(CONFIG)
  assert.deepEqual(await asyncColumns.applyColumnsAsync(columnsOf(events)), expected)
  assert.deepEqual(asyncColumns.snapshot(), byObjects.snapshot())
})

test('applyColumns: shared values, ISO-string columns, null cells, per-row errors', () => {
  const cc = new CallCenter(CONFIG)
  const r = cc.applyColumns({
    type: 'login',
    agent: ['a0', 'a1', 'ghost'],
    status: ['busy', null, null],
    at: ['2026-03-02T01:00:00Z', '2026-03-02T01:00:01Z', '2026-03-02T01:00:02Z'],
  })
  assert.equal(r.applied, 2)
  assert.equal(r.errors[0].index, 2)
  assert.equal(r.errors[0].error.code, 'UNKNOWN_ENTITY')
  const w = cc.wallboard().agents
  assert.equal(w.busy, 1)
  assert.equal(w.idle, 1, 'a null status is the default (idle)')
})

test('applyColumns refuses malformed columns before applying anything', () => {
  const cc = new CallCenter(CONFIG)
  assert.throws(() => cc.applyColumns({ type: 'login', agent: ['a0'], at: [] }), { code: 'INVALID_INPUT', field: 'columns.at' })
  assert.throws(() => cc.applyColumns({ type: 'login' }), { code: 'INVALID_INPUT', field: 'columns' })
  assert.throws(() => cc.applyColumns({ type: 'login', agent: ['a\u001f0'], at: ['2026-03-02T01:00:00Z'] }), { code: 'INVALID_INPUT', field: 'columns.agent' })
  assert.throws(() => cc.applyColumns({ type: 'login', agent: ['a0'], at: ['yesterday'] }), { code: 'INVALID_INPUT', field: 'events[0].at' })
  assert.equal(cc.wallboard().agents.online, 0)
})
