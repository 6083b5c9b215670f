'use strict'
// The package itself: CommonJS import, the version agrees everywhere, config
// sources (object, path, default), the panic guard.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const cxkit = require('..')

const ROOT = path.resolve(__dirname, '../../..')

test('package.json, the addon and the Cargo workspace carry one version', () => {
  const pkg = require('../package.json')
  const cargo = fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8')
  const section = cargo.split('[workspace.package]')[1]
  assert.ok(section, 'Cargo.toml has a [workspace.package] section')
  const m = /^version\s*=\s*"([^"]+)"/m.exec(section)
  assert.ok(m, 'workspace version found')
  assert.equal(pkg.version, m[1])
  assert.equal(cxkit.version(), m[1])
  const lock = require('../package-lock.json')
  assert.equal(lock.version, m[1])
})

test('CommonJS exports the API', () => {
  for (const name of ['CallCenter', 'Config', 'CxkitError']) {
    assert.equal(typeof cxkit[name], 'function', name)
  }
  assert.deepEqual([...cxkit.ERROR_CODES], [
    'INVALID_TRANSITION', 'UNKNOWN_ENTITY', 'PERMISSION_DENIED', 'CONFIG_ERROR',
    'VALIDATION_ERROR', 'INVALID_INPUT', 'CONFLICT', 'OUT_OF_ORDER', 'SCORER_ERROR', 'INTERNAL',
  ])
})

test('config from an object, a JSON path, a TOML path, or the embedded default', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cxkit-node-'))
  try {
    const obj = { tenant: { id: 't-obj', org: [{ id: 'hq' }, { id: 'a', parent: 'hq' }] } }
    assert.deepEqual(cxkit.Config.fromObject(obj).validate(), { tenant: 't-obj', org_units: 2, agents: 0 })

    const jsonPath = path.join(dir, 'c.json')
    fs.writeFileSync(jsonPath, JSON.stringify({ tenant: { id: 't-json' } }))
    assert.equal(cxkit.Config.from(jsonPath).validate().tenant, 't-json')

    const tomlPath = path.join(dir, 'c.toml')
    fs.writeFileSync(tomlPath, '[tenant]\nid = "t-toml"\n')
    assert.equal(cxkit.Config.fromPath(tomlPath).validate().tenant, 't-toml')

    const def = cxkit.Config.embeddedDefault()
    assert.equal(typeof def.validate().tenant, 'string')
    // toJSON round-trips through fromObject to an equal configuration.
    assert.deepEqual(cxkit.Config.fromObject(def.toJSON()).toJSON(), def.toJSON())

    // Every object constructor accepts the same sources.
    assert.ok(new cxkit.CallCenter(obj))
    assert.ok(new cxkit.CallCenter(jsonPath))
    assert.ok(new cxkit.CallCenter())
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('a missing config file is CONFIG_ERROR', () => {
  assert.throws(() => cxkit.Config.fromPath('/nonexistent/cxkit.json'), (e) => {
    assert.ok(e instanceof cxkit.CxkitError)
    assert.equal(e.code, 'CONFIG_ERROR')
    assert.match(e.message, /cannot read configuration/)
    return true
  })
})

test('a Rust panic becomes CxkitError INTERNAL and the process goes on', () => {
  const { native, translate } = cxkit.__internal
  let caught
  try {
    native.debugPanic('deliberate test panic')
  } catch (e) {
    caught = translate(e)
  }
  assert.ok(caught instanceof cxkit.CxkitError)
  assert.ok(caught instanceof Error)
  assert.equal(caught.code, 'INTERNAL')
  assert.match(caught.message, /deliberate test panic/)
  // The addon still works after the panic.
  assert.equal(cxkit.version(), require('../package.json').version)
})

test('CxkitError serialises to the Rust error JSON shape', () => {
  const e = new cxkit.CxkitError('UNKNOWN_ENTITY', 'unknown agent `x`', { kind: 'agent', id: 'x' })
  assert.equal(e.name, 'CxkitError')
  assert.equal(e.kind, 'agent')
  assert.deepEqual(JSON.parse(JSON.stringify(e)), {
    code: 'UNKNOWN_ENTITY', message: 'unknown agent `x`', details: { kind: 'agent', id: 'x' },
  })
})

test('timestamps accept a Date, an ISO string in UTC, or one with an offset (same instant)', () => {
  const config = { tenant: { agents: [{ id: 'a1', extension: '1' }, { id: 'a2', extension: '2' }, { id: 'a3', extension: '3' }] } }
  const cc = new cxkit.CallCenter(config)
  cc.apply({ type: 'login', agent: 'a1', at: new Date('2026-03-02T01:00:00Z') })
  cc.apply({ type: 'login', agent: 'a2', at: '2026-03-02T01:00:00Z' })
  cc.apply({ type: 'login', agent: 'a3', at: '2026-03-02T09:00:00+08:00' })
  const since = ['a1', 'a2', 'a3'].map((a) => cc.agentState(a).since)
  assert.deepEqual(since, ['2026-03-02T01:00:00Z', '2026-03-02T01:00:00Z', '2026-03-02T01:00:00Z'])
  // Results are plain objects and arrays, nothing native.
  const w = cc.wallboard()
  assert.equal(Object.getPrototypeOf(w), Object.prototype)
  assert.equal(Object.getPrototypeOf(w.agents), Object.prototype)
  assert.equal(w.agents.online, 3)
})

test('a snapshot restores to a call center with the same board (persistence)', () => {
  const config = { tenant: { agents: [{ id: 'a1', extension: '1' }] } }
  const cc = new cxkit.CallCenter(config)
  cc.apply({ type: 'login', agent: 'a1', at: '2026-03-02T01:00:00Z', status: 'busy' })
  const snap = JSON.parse(JSON.stringify(cc.snapshot())) // survives a trip through JSON text
  const back = cxkit.CallCenter.restore(config, snap)
  assert.deepEqual(back.wallboard(), cc.wallboard())
  assert.deepEqual(back.agentState('a1'), cc.agentState('a1'))
})
