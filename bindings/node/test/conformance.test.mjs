// Runs every tests/vectors/*.json conformance vector through the public Node
// API and checks the results are the ones the Rust facade gets (the format
// and the comparison rules are in docs/vectors.md; this mirrors
// crates/cxkit/tests/conformance/main.rs). An op this runner does not know
// FAILS its vector: no silent skip.
import test from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Config, CxkitError, loadedFrom } from './subject.mjs'
import { OPS } from './ops.mjs'

const VECTORS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../tests/vectors')

/** `expected` matches `actual`: same keys, same lengths, numbers within 1e-9 relative. */
export function jsonMatches(expected, actual) {
  if (typeof expected === 'number' && typeof actual === 'number') {
    return expected === actual || Math.abs(expected - actual) <= 1e-9 * Math.max(Math.abs(expected), Math.abs(actual), 1)
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && expected.length === actual.length && expected.every((x, i) => jsonMatches(x, actual[i]))
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false
    const keys = Object.keys(expected)
    return keys.length === Object.keys(actual).length &&
      keys.every((k) => Object.hasOwn(actual, k) && jsonMatches(expected[k], actual[k]))
  }
  return expected === actual
}

/** `expected` (a subset of keys) matches the error details. */
function detailsMatch(expected, actual) {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    return actual !== null && typeof actual === 'object' &&
      Object.keys(expected).every((k) => Object.hasOwn(actual, k) && jsonMatches(expected[k], actual[k]))
  }
  return jsonMatches(expected, actual)
}

/** The objects of one vector, created on first use from its config. */
class Harness {
  constructor(config) {
    this.config = config
    this.objects = new Map()
  }

  object(name, make) {
    if (!this.objects.has(name)) this.objects.set(name, make(this.config))
    return this.objects.get(name)
  }
}

const files = fs.readdirSync(VECTORS).filter((f) => f.endsWith('.json')).sort()

test('there are conformance vectors', () => {
  assert.ok(files.length > 0, `no vectors in ${VECTORS}`)
})

test('the vectors run against the package under test', () => {
  const project = process.env.CXKIT_INSTALLED_PROJECT
  const want = project ? path.join(project, 'node_modules', 'cxkit') + path.sep : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..') + path.sep
  assert.ok(loadedFrom.startsWith(want), `cxkit loaded from ${loadedFrom}, expected under ${want}`)
})

for (const file of files) {
  test(`vector ${file}`, async () => {
    const v = JSON.parse(fs.readFileSync(path.join(VECTORS, file), 'utf8'))
    const h = new Harness(Config.fromObject(v.config ?? {}))
    const failures = []
    for (const [i, step] of v.steps.entries()) {
      const op = OPS[step.op]
      if (!op) {
        failures.push(`step ${i}: unknown op \`${step.op}\``)
        break
      }
      let actual
      let error
      try {
        actual = await op(h, step.args ?? {})
      } catch (e) {
        if (!(e instanceof CxkitError)) throw e
        error = e
      }
      const where = `step ${i} (${step.op})`
      if ('expect' in step && !('expect_error' in step)) {
        if (error) failures.push(`${where}: unexpected error ${JSON.stringify(error)}`)
        else if (!jsonMatches(step.expect, actual)) {
          failures.push(`${where}:\n  expected ${JSON.stringify(step.expect)}\n  actual   ${JSON.stringify(actual)}`)
        }
      } else if ('expect_error' in step && !('expect' in step)) {
        const want = step.expect_error
        if (!error) failures.push(`${where}: expected error ${JSON.stringify(want)}, got ${JSON.stringify(actual)}`)
        else if (want.code !== error.code || ('details' in want && !detailsMatch(want.details, error.details))) {
          failures.push(`${where}: expected error ${JSON.stringify(want)}, got ${JSON.stringify(error)}`)
        }
      } else {
        failures.push(`${where}: needs exactly one of expect / expect_error`)
      }
    }
    assert.equal(failures.length, 0, `${file}: ${failures.length} failures:\n${failures.join('\n')}`)
  })
}
