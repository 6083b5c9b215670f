// Starts the example wallboard server on a free loopback port, feeds it
// events over HTTP, reads the wallboard back, and stops it (CM1).
import test from 'node:test'
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { createServer, parseScope } from './server.mjs'

const CONFIG = {
  tenant: {
    id: 't-demo',
    skill_groups: [{ id: 'sales' }, { id: 'support' }],
    org: [{ id: 'hq' }, { id: 'east', parent: 'hq' }],
    agents: [
      { id: 'a1', name: 'Ann', org_unit: 'east', skill_groups: ['sales'], extension: '8001' },
      { id: 'a2', name: 'Bo', org_unit: 'hq', skill_groups: ['support'], extension: '8002' },
    ],
  },
}

async function request(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

test('the example server accepts events and serves the wallboard on loopback', async () => {
  const server = createServer({ config: CONFIG })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { address, port } = server.address()
  assert.equal(address, '127.0.0.1')
  const base = `http://127.0.0.1:${port}`
  try {
    const at = new Date('2026-03-02T01:00:00Z')
    let r = await request(base, 'POST', '/events', { type: 'login', agent: 'a1', at, status: 'idle' })
    assert.equal(r.status, 200, JSON.stringify(r.body))
    assert.equal(r.body.status, 'applied')

    // A batch goes through applyManyAsync.
    r = await request(base, 'POST', '/events', [
      { type: 'login', agent: 'a2', at: '2026-03-02T01:00:05Z', status: 'busy' },
    ])
    assert.equal(r.status, 200, JSON.stringify(r.body))

    r = await request(base, 'GET', '/wallboard?scope=tenant')
    assert.equal(r.status, 200, JSON.stringify(r.body))
    assert.deepEqual(r.body.scope, { kind: 'tenant' })
    assert.equal(r.body.agents.online, 2)
    assert.equal(r.body.agents.idle, 1)
    assert.equal(r.body.agents.busy, 1)

    r = await request(base, 'GET', '/wallboard?scope=skill_group:sales')
    assert.equal(r.body.agents.online, 1)
    r = await request(base, 'GET', '/wallboard?scope=org_unit:hq')
    assert.equal(r.body.agents.online, 2, 'hq includes its descendant east (WM1)')

    // Domain errors map to HTTP statuses with the CxkitError JSON.
    r = await request(base, 'POST', '/events', { type: 'acw_complete', agent: 'a1', at: '2026-03-02T01:01:00Z' })
    assert.equal(r.status, 409)
    assert.equal(r.body.code, 'INVALID_TRANSITION')
    r = await request(base, 'POST', '/events', { type: 'login', agent: 'ghost', at: '2026-03-02T01:01:00Z' })
    assert.equal(r.status, 404)
    assert.equal(r.body.code, 'UNKNOWN_ENTITY')
    r = await request(base, 'GET', '/wallboard?scope=planet:mars')
    assert.equal(r.status, 400)
    r = await fetch(base + '/events', { method: 'POST', body: '{not json' })
    assert.equal(r.status, 400)
    r = await request(base, 'GET', '/nowhere')
    assert.equal(r.status, 404)
  } finally {
    server.close()
    server.closeAllConnections?.()
    await once(server, 'close')
  }
})

test('parseScope accepts the three scope kinds only', () => {
  assert.deepEqual(parseScope(null), { kind: 'tenant' })
  assert.deepEqual(parseScope('skill_group:s1'), { kind: 'skill_group', id: 's1' })
  assert.deepEqual(parseScope('org_unit:hq'), { kind: 'org_unit', id: 'hq' })
  assert.throws(() => parseScope('skill_group:'), { code: 'INVALID_INPUT' })
})
