// The smoke test of the installed npm package (scripts/test-node.sh): copied
// into a fresh project where cxkit was installed from its tarballs, compiled
// there with `tsc --strict` against the types the package ships, and run.
// It uses the package only as an application does: `import … from 'cxkit'`.
import cxkit, { CallCenter, CxkitError, ERROR_CODES, isCxkitError, type Event } from 'cxkit'

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`installed cxkit: ${what}`)
}

const cc = new CallCenter({
  tenant: { id: 't', skill_groups: [{ id: 'sales' }], agents: [{ id: 'a1', kind: 'call', skill_groups: ['sales'], extension: '8001' }] },
})
const login: Event = { type: 'login', agent: 'a1', at: '2026-03-28T09:00:00Z' }
check(cc.apply(login).status === 'applied', 'login applies')
const online: number = cc.wallboard({ kind: 'tenant' }).agents.online
check(online === 1, `one agent online, got ${online}`)

const before = JSON.stringify(cc.wallboard())
let code: string | undefined
try {
  cc.apply({ type: 'acw_complete', agent: 'a1', at: '2026-03-28T09:01:00Z' })
} catch (err) {
  if (isCxkitError(err, 'INVALID_TRANSITION')) {
    const state: string = err.state
    check(state === 'idle', `the refused transition names the state, got ${state}`)
    code = err.code
  } else {
    throw err
  }
}
check(code === 'INVALID_TRANSITION', 'answering an idle agent is refused')
check(JSON.stringify(cc.wallboard()) === before, 'a refused event changes nothing')
check(ERROR_CODES.includes('INVALID_INPUT'), 'the error codes are exported')
check(new CxkitError('INTERNAL', 'x') instanceof Error, 'CxkitError is an Error')

const r = await cc.applyManyAsync([{ type: 'set_status', agent: 'a1', status: 'busy', at: '2026-03-28T09:02:00Z' }])
check(r.applied === 1 && r.errors.length === 0, 'applyManyAsync applies')
check(/^\d+\.\d+\.\d+/.test(cxkit.version()), `version() is a version, got ${cxkit.version()}`)
console.log(`installed cxkit ${cxkit.version()}: smoke ok`)
