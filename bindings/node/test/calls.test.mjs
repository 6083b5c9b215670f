// The call objects that no conformance op covers directly: SmsTriggers,
// Trend (aggregate/merge), qaExportCsv, ServiceCalendar.fromCalendar — each
// checked against its CallRules counterpart on the records of a vector
// (SMS1, CM3, QA1).
import test from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { CallRules, ServiceCalendar, SmsTriggers, Trend, qaExportCsv } from '../index.mjs'

const vector = JSON.parse(fs.readFileSync(new URL('../../../tests/vectors/calls_trend_qa.json', import.meta.url), 'utf8'))
const config = vector.config
const records = vector.steps.find((s) => s.op === 'trend.aggregate').args.records
const date = vector.steps.find((s) => s.op === 'trend.aggregate').args.date

test('SmsTriggers.triggersFor equals CallRules.smsFor (SMS1)', () => {
  const rules = new CallRules(config)
  const sms = new SmsTriggers(config)
  for (const r of records) assert.deepEqual(sms.triggersFor(r), rules.smsFor(r))
  assert.ok(records.some((r) => rules.classify(r) !== null))
})

test('Trend: aggregating halves and merging equals aggregating everything (CM3)', () => {
  const whole = new Trend(config, date)
  whole.aggregate(records)
  const a = new Trend(config, date)
  const b = new Trend(config, date)
  const half = Math.ceil(records.length / 2)
  a.aggregate(records.slice(0, half))
  b.aggregate(records.slice(half))
  a.merge(b)
  assert.deepEqual(a.partial(), whole.partial())
  assert.deepEqual(a.table(), new CallRules(config).trend(records, date))
})

test('qaExportCsv: CSV text, masking hides digits (QA1)', () => {
  const plain = qaExportCsv(records, false)
  const masked = qaExportCsv(records, true)
  assert.equal(typeof plain, 'string')
  assert.ok(plain.split('\n').length >= records.length + 1, 'a header and a row per record')
  assert.ok(plain.includes('13812345678'))
  assert.ok(!masked.includes('13812345678'))
  // With the configuration, the outcome column is filled.
  assert.notEqual(new CallRules(config).qaExportCsv(records, false), plain)
})

test('ServiceCalendar from its own config agrees with the configured one', () => {
  const own = ServiceCalendar.fromCalendar(config.calls.service_calendar)
  const configured = ServiceCalendar.fromConfig(config)
  for (const at of ['2026-03-02T01:30:00Z', '2026-03-02T02:00:00Z', '2026-02-16T03:00:00Z', new Date('2026-03-07T05:00:00Z')]) {
    assert.equal(own.isOpen(at), configured.isOpen(at), String(at))
  }
  assert.equal(own.isOpen('2026-03-02T02:00:00Z'), true, 'Monday 10:00 Shanghai')
  assert.equal(own.isOpen('2026-02-16T03:00:00Z'), false, 'a holiday')
  assert.equal(typeof own.nextOpen('2026-02-16T03:00:00Z'), 'string')
  assert.throws(() => ServiceCalendar.fromCalendar({ weekly: {} }), (e) => ['CONFIG_ERROR', 'INVALID_INPUT'].includes(e.code))
})
