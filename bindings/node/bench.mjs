// Bench of the Node binding, JSON lines like crates/cxkit-bench:
//   {"bench", "value", "unit", "baseline", "ratio", ...}
// `ratio` is how many times better cxkit is than the named baseline measured
// side by side in the same run (> 1 = cxkit faster), or null.
//
//   npm run build:release && node bench.mjs
//
// Workload: a call center of AGENTS agents (3 skill groups, a 3-level org
// tree) logs in, then flips between busy and idle (`set_status`), events in
// time order with ISO-string timestamps, as a replayed log would be. The
// baseline is an idiomatic pure-JS implementation of the same aggregation
// (per-agent state, the CM1 online/idle/busy counters per tenant, skill group
// and org unit with ancestors, unknown-agent / out-of-order / logged-out
// checks), written for this bench only.
import { performance } from 'node:perf_hooks'
import { CallCenter } from './index.mjs'

const AGENTS = Number(process.env.CXKIT_BENCH_AGENTS ?? 1000)
const ROUNDS = Number(process.env.CXKIT_BENCH_ROUNDS ?? 100) // events = AGENTS * ROUNDS
const T0 = Date.parse('2026-03-02T01:00:00Z')

const ORG = [{ id: 'hq' }]
for (let d = 0; d < 4; d++) {
  ORG.push({ id: `d${d}`, parent: 'hq' })
  for (let t = 0; t < 5; t++) ORG.push({ id: `d${d}t${t}`, parent: `d${d}` })
}
const CONFIG = {
  tenant: {
    id: 't-bench',
    skill_groups: [{ id: 'sales' }, { id: 'care' }, { id: 'vip' }],
    org: ORG,
    agents: Array.from({ length: AGENTS }, (_, i) => ({
      id: `a${i}`,
      org_unit: `d${i % 4}t${i % 5}`,
      skill_groups: i % 3 === 0 ? ['sales', 'vip'] : [i % 3 === 1 ? 'sales' : 'care'],
      extension: String(10000 + i),
    })),
  },
}

const iso = (ms) => new Date(ms).toISOString()
const logins = CONFIG.tenant.agents.map((a, i) => ({ type: 'login', agent: a.id, at: iso(T0 + i), status: 'idle' }))
const stream = []
for (let r = 1; r <= ROUNDS; r++) {
  for (let i = 0; i < AGENTS; i++) {
    stream.push({ type: 'set_status', agent: `a${i}`, status: r % 2 ? 'busy' : 'idle', at: iso(T0 + r * 10_000 + i) })
  }
}

// ---------------------------------------------------------------------------
// The pure-JS baseline.
class JsBoard {
  constructor(config) {
    const parent = new Map(config.tenant.org.map((u) => [u.id, u.parent ?? null]))
    this.scopes = new Map()
    this.agents = new Map()
    const counter = (key) => {
      if (!this.scopes.has(key)) this.scopes.set(key, { online: 0, idle: 0, busy: 0 })
      return this.scopes.get(key)
    }
    for (const a of config.tenant.agents) {
      const rows = [counter('tenant')]
      for (const g of a.skill_groups) rows.push(counter(`skill_group:${g}`))
      for (let u = a.org_unit; u; u = parent.get(u)) rows.push(counter(`org_unit:${u}`))
      this.agents.set(a.id, { status: 'offline', last: -Infinity, rows })
    }
  }

  apply(e) {
    const a = this.agents.get(e.agent)
    if (!a) throw new Error(`unknown agent ${e.agent}`)
    const at = Date.parse(e.at)
    if (Number.isNaN(at)) throw new Error('bad at')
    if (at < a.last) throw new Error('out of order')
    let next
    if (e.type === 'login') {
      if (a.status !== 'offline') throw new Error('already logged in')
      next = e.status === 'busy' ? 'busy' : 'idle'
    } else if (e.type === 'set_status') {
      if (a.status === 'offline') throw new Error('not logged in')
      if (e.status !== 'idle' && e.status !== 'busy') throw new Error('bad status')
      next = e.status
    } else if (e.type === 'logout') {
      next = 'offline'
    } else {
      throw new Error(`unsupported ${e.type}`)
    }
    for (const row of a.rows) {
      if (a.status === 'offline') row.online++
      else row[a.status]--
      if (next === 'offline') row.online--
      else row[next]++
    }
    a.status = next
    a.last = at
    return { status: 'applied' }
  }

  /** The same over columns (one array per field), without building event objects. */
  applyColumns(cols) {
    const n = cols.agent.length
    const constType = typeof cols.type === 'string'
    let applied = 0
    const errors = []
    for (let i = 0; i < n; i++) {
      try {
        this.apply({ type: constType ? cols.type : cols.type[i], agent: cols.agent[i], status: cols.status[i], at: cols.at[i] })
        applied++
      } catch (error) {
        errors.push({ index: i, error })
      }
    }
    return { applied, duplicates: 0, errors }
  }

  applyMany(events) {
    let applied = 0
    const errors = []
    for (let i = 0; i < events.length; i++) {
      try {
        this.apply(events[i])
        applied++
      } catch (error) {
        errors.push({ index: i, error })
      }
    }
    return { applied, duplicates: 0, errors }
  }

  wallboard(key = 'tenant') {
    return { ...this.scopes.get(key) }
  }
}

// ---------------------------------------------------------------------------
// Timing: best of several rounds, ours and the baseline alternately.
async function best(rounds, setup, body) {
  let bestMs = Infinity
  for (let r = 0; r < rounds; r++) {
    const ctx = setup()
    const t = performance.now()
    await body(ctx)
    bestMs = Math.min(bestMs, performance.now() - t)
  }
  return bestMs
}

async function sideBySide(rounds, [setupA, bodyA], [setupB, bodyB]) {
  let a = Infinity
  let b = Infinity
  for (let i = 0; i < 2; i++) {
    a = Math.min(a, await best(rounds, setupA, bodyA))
    b = Math.min(b, await best(rounds, setupB, bodyB))
  }
  return [a, b]
}

const round3 = (x) => (Math.abs(x) >= 100 ? Math.round(x) : Math.round(x * 1000) / 1000)
function line(bench, value, unit, baseline, ratio, extra = {}) {
  console.log(JSON.stringify({ bench, value: round3(value), unit, baseline, ratio: ratio === null ? null : round3(ratio), agents: AGENTS, ...extra }))
}

const freshNative = () => {
  const cc = new CallCenter(CONFIG)
  cc.applyMany(logins)
  return cc
}
const freshJs = () => {
  const js = new JsBoard(CONFIG)
  js.applyMany(logins)
  return js
}

// Both sides must agree before their speed means anything.
{
  const cc = freshNative()
  const js = freshJs()
  const r = cc.applyMany(stream)
  js.applyMany(stream)
  const w = cc.wallboard().agents
  const j = js.wallboard()
  if (r.errors.length || w.online !== j.online || w.idle !== j.idle || w.busy !== j.busy) {
    throw new Error(`native and JS disagree: ${JSON.stringify({ r, w, j })}`)
  }
}

const N = stream.length

// 1. Per-event apply from JS (JSON encode, FFI call, decode the result).
{
  const [ours, base] = await sideBySide(5,
    [freshNative, (cc) => { for (let i = 0; i < N; i++) cc.apply(stream[i]) }],
    [freshJs, (js) => { for (let i = 0; i < N; i++) js.apply(stream[i]) }])
  const ns = (ours * 1e6) / N
  line('node.apply_per_event', ns, 'ns/event', 'pure-JS board, same aggregation (JsBoard.apply)', base / ours,
    { baseline_value: round3((base * 1e6) / N), target: '<= 1000 ns/event' })
}

// 2. applyMany from an array of JS objects (sync).
{
  const [ours, base] = await sideBySide(5,
    [freshNative, (cc) => cc.applyMany(stream)],
    [freshJs, (js) => js.applyMany(stream)])
  line('node.apply_many', N / (ours / 1000), 'events/s', 'pure-JS board, same aggregation (JsBoard.applyMany)', base / ours,
    { baseline_value: Math.round(N / (base / 1000)), target: '>= 2000000 events/s' })
}

// 3. applyManyAsync (encode on the event loop, decode + apply on the pool).
{
  const [ours, base] = await sideBySide(5,
    [freshNative, (cc) => cc.applyManyAsync(stream, { alwaysAsync: true })],
    [freshJs, (js) => js.applyMany(stream)])
  line('node.apply_many_async', N / (ours / 1000), 'events/s', 'pure-JS board, same aggregation (JsBoard.applyMany)', base / ours,
    { baseline_value: Math.round(N / (base / 1000)) })
}

// 3b. The columnar path, data already in columns (e.g. a replayed log kept columnar).
const toColumns = (events) => ({
  type: events[0].type,
  agent: events.map((e) => e.agent),
  status: events.map((e) => e.status),
  at: events.map((e) => e.at),
})
const columns = toColumns(stream)
{
  const [ours, base] = await sideBySide(5,
    [freshNative, (cc) => cc.applyColumns(columns)],
    [freshJs, (js) => js.applyColumns(columns)])
  line('node.apply_columns', N / (ours / 1000), 'events/s', 'pure-JS board over the same columns (JsBoard.applyColumns)', base / ours,
    { baseline_value: Math.round(N / (base / 1000)), target: '>= 2000000 events/s' })
}

// 3c. From JS objects through the columnar path (objects -> columns in JS, then applyColumns).
{
  const [ours, base] = await sideBySide(5,
    [freshNative, (cc) => cc.applyColumns(toColumns(stream))],
    [freshJs, (js) => js.applyMany(stream)])
  line('node.apply_objects_via_columns', N / (ours / 1000), 'events/s', 'pure-JS board, same aggregation (JsBoard.applyMany)', base / ours,
    { baseline_value: Math.round(N / (base / 1000)), target: '>= 2000000 events/s' })
}

// 4. Where the time of a batch goes: JSON.stringify of the events alone.
{
  const [enc] = await sideBySide(5, [() => null, () => JSON.stringify(stream)], [() => null, () => null])
  line('node.encode_events', N / (enc / 1000), 'events/s', 'none (JSON.stringify of the batch, part of applyMany)', null)
}

// 4b. Decoding a batch in Rust alone (no apply): the facade's one-pass reader (Event::many_from_json_str).
{
  const { native } = (await import('./index.js')).default.__internal
  const json = JSON.stringify(stream)
  const [dec] = await sideBySide(5, [() => null, () => native.debugDecodeEvents(json)], [() => null, () => null])
  line('node.decode_events', N / (dec / 1000), 'events/s', 'none (Event::many_from_json_str on the JSON batch in Rust, part of applyMany)', null)
}

// 5. Wallboard read from JS (tenant scope).
{
  const cc = freshNative()
  const js = freshJs()
  const reads = 20_000
  const [ours, base] = await sideBySide(5,
    [() => cc, (c) => { for (let i = 0; i < reads; i++) c.wallboard() }],
    [() => js, (j) => { for (let i = 0; i < reads; i++) j.wallboard() }])
  line('node.wallboard_read', (ours * 1e6) / reads, 'ns/read', 'pure-JS board counter copy (3 figures, not the full CM1 view)', base / ours)
}
