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
