// WM1/WM2/WM5 through CallCenter.callMonitorView: the call metrics come live
// from the board, the Monitor brings settings and thresholds, the viewer's
// role is checked first.
import test from 'node:test'
import assert from 'node:assert/strict'
import { CallCenter, Config, Monitor } from '../index.mjs'

const config = Config.fromObject({
  tenant: {
    org: [{ id: 'hq' }],
    agents: [
      { id: 'a1', name: 'Ann', org_unit: 'hq', extension: '8001' },
      { id: 'a2', name: 'Bo', org_unit: 'hq', extension: '8002' },
    ],
  },
})

test('callMonitorView reads live call metrics from the board (WM1, WM2)', () => {
  const cc = new CallCenter(config)
  const monitor = new Monitor(config)
  cc.apply({ type: 'login', agent: 'a1', at: '2026-03-02T01:00:00Z' })
  const view = cc.callMonitorView(monitor, { role: 'super_admin' }, null, '2026-03-02T01:00:30Z')
  const direct = monitor.view({ role: 'super_admin' })
  assert.ok(Array.isArray(view.rows))
  assert.equal(view.rows.length, direct.rows.length)
  const a1 = view.rows.find((r) => r.agent === 'a1')
  assert.ok(a1, JSON.stringify(view))
  const cell = (metric) => a1.cells.find((c) => c.metric === metric)
  assert.equal(cell('call_status_duration').value, 30, 'seconds in the current state at `now`')
  assert.equal(cell('calls_answered_today').value, 0)
  // Without the board the same metric has no value.
  const plain = direct.rows.find((r) => r.agent === 'a1').cells.find((c) => c.metric === 'call_status_duration')
  assert.equal(plain.value, null)
})

test('callMonitorView refuses a role without the module (WM5) and needs a Monitor', () => {
  const cc = new CallCenter(config)
  assert.throws(() => cc.callMonitorView(new Monitor(config), { role: 'agent' }), { code: 'PERMISSION_DENIED' })
  assert.throws(() => cc.callMonitorView({}, { role: 'super_admin' }), TypeError)
})
