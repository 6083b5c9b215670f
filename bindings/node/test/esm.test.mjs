// ESM import gives the very same objects as CommonJS.
import test from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import cxkitDefault, { CallCenter, Config, CxkitError, ERROR_CODES, version } from '../index.mjs'

const require = createRequire(import.meta.url)

test('ESM named and default exports equal the CommonJS ones', () => {
  const cjs = require('../index.js')
  assert.equal(CallCenter, cjs.CallCenter)
  assert.equal(Config, cjs.Config)
  assert.equal(CxkitError, cjs.CxkitError)
  assert.equal(ERROR_CODES, cjs.ERROR_CODES)
  assert.equal(cxkitDefault, cjs)
  assert.equal(cjs.default, cjs)
  assert.equal(version(), cjs.version())
})

test('the package resolves by name through its exports map', async () => {
  const viaName = await import('cxkit')
  assert.equal(viaName.CallCenter, CallCenter)
  assert.equal(require('cxkit').CallCenter, CallCenter)
})

test('index.d.ts declares exactly the runtime exports (hand-written types do not drift)', async () => {
  const fs = await import('node:fs')
  const dts = fs.readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8')
  const declared = [...dts.matchAll(/^export declare (?:class|function|const) (\w+)/gm)].map((m) => m[1]).sort()
  const cjs = require('../index.js')
  const runtime = Object.keys(cjs).filter((k) => k !== '__internal' && k !== 'default').sort()
  assert.deepEqual(declared, runtime)
  const esm = await import('../index.mjs')
  assert.deepEqual(Object.keys(esm).filter((k) => k !== 'default').sort(), runtime)
})
