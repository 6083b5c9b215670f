// RB1 with a custom scorer written in JavaScript, plugged into the facade's
// scorer hook (Escalation::with_scorer): its values drive the decision, and a
// scorer that throws or misbehaves gives a clear SCORER_ERROR naming it,
// leaving the tracker unchanged.
import test from 'node:test'
import assert from 'node:assert/strict'
import { CxkitError, Escalation } from '../index.mjs'

const msg = (i, text = 'message') => ({
  conversation: 'c1', channel: 'desktop_web', text, at: new Date(Date.parse('2026-03-28T09:00:00Z') + i * 10_000),
})

test('a JS function scorer is called with the text and its value is used', () => {
  const seen = []
  const esc = new Escalation(undefined, {
    scorer: function grumpy(text) {
      seen.push(text)
      return -0.9
    },
  })
  assert.deepEqual(esc.score('anything'), { scorer: 'grumpy', label: 'negative', score: -0.9 })
  let d
  for (let i = 0; i < 10; i++) {
    d = esc.observe(msg(i, `m${i}`))
    if (d.decision === 'escalate') break
  }
  assert.equal(d.decision, 'escalate', 'consecutive negative messages escalate (RB1)')
  assert.equal(d.score.scorer, 'grumpy')
  assert.ok(seen.includes('m0'))
})

test('an object scorer {name, score} and a null (no signal) result', () => {
  const esc = new Escalation(undefined, { scorer: { name: 'quiet', score: () => null } })
  const s = esc.score('...')
  assert.equal(s.scorer, 'quiet')
  assert.equal(s.score, null)
  assert.equal(s.label, 'no_signal')
  assert.equal(esc.observe(msg(0)).decision, 'continue')
})

test('a throwing scorer gives SCORER_ERROR naming it, with the thrown message', () => {
  const esc = new Escalation(undefined, {
    scorer: { name: 'flaky', score: () => { throw new Error('model server down') } },
  })
  assert.throws(() => esc.observe(msg(0)), (e) => {
    assert.ok(e instanceof CxkitError)
    assert.equal(e.code, 'SCORER_ERROR')
    assert.equal(e.scorer, 'flaky')
    assert.match(e.message, /model server down/)
    return true
  })
  assert.equal(esc.conversations, 0, 'nothing was recorded')
})

test('a scorer throwing a non-Error value still gives a readable SCORER_ERROR', () => {
  const esc = new Escalation(undefined, { scorer: { name: 'stringly', score: () => { throw 'quota exceeded' } } }) // eslint-disable-line no-throw-literal
  assert.throws(() => esc.score('x'), (e) => e.code === 'SCORER_ERROR' && e.scorer === 'stringly' && /quota exceeded/.test(e.message))
})

test('NaN, out-of-range and non-number results are SCORER_ERROR', () => {
  for (const bad of [Number.NaN, 1.5, -7, 'very bad', {}]) {
    const esc = new Escalation(undefined, { scorer: { name: 'odd', score: () => bad } })
    assert.throws(() => esc.score('x'), { code: 'SCORER_ERROR', scorer: 'odd' }, `result ${String(bad)}`)
  }
})

test('a scorer calling back into its own Escalation is refused, not deadlocked', () => {
  let esc
  esc = new Escalation(undefined, { scorer: { name: 'loop', score: () => esc.score('again').score } })
  assert.throws(() => esc.score('x'), { code: 'SCORER_ERROR', scorer: 'loop' })
  assert.equal(esc.conversations, 0)
})

test('a scorer that is not a function is a TypeError at construction', () => {
  assert.throws(() => new Escalation(undefined, { scorer: 42 }), TypeError)
})
