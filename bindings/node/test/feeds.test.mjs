// FD3 through the Node API: a Feed, CallCenter.applyFeed in chunks as a
// service reading a file or a socket calls it, AMI frames without a
// Timestamp header timed by `now`, the trend per day, and the typed errors.
import test from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import net from 'node:net'
import { once } from 'node:events'
import { CallCenter, CxkitError, Feed } from '../index.mjs'

const RINGALL = fs.readFileSync(new URL('../../../tests/feeds/asterisk-queue-log/ringall-16.queue_log', import.meta.url), 'utf8')

/** An empty roster that learns agents and groups as the feed names them (FD4). */
const learning = () => ({
  tenant: { id: 't1', agents: [], skill_groups: [] },
  roster: { learn: true, login_on_call: true },
  calls: { sms_rules: [{ name: 'missed', outcomes: ['queue_abandon', 'rang_not_answered'], template: 'sms-missed' }] },
})

/** The ended calls of a run of FeedBatch results, in order, without the batch-local index. */
const ended = (batches) => batches.flatMap((b) => b.batch.ended_calls.map(({ index, ...rest }) => rest))

test('chunks split mid-line give the ended calls of the whole text', () => {
  const wholeCc = new CallCenter(learning())
  const wholeFeed = new Feed('asterisk-queue-log')
  const whole = [wholeCc.applyFeed(wholeFeed, RINGALL), wholeCc.finishFeed(wholeFeed)]
  assert.deepEqual(whole[0].skipped, [])
  assert.deepEqual(whole[0].batch.errors, [])
  const outcomes = ended(whole).map((e) => e.outcome)
  // .11 and .21 answered; .31 hung up while two agents rang.
  assert.deepEqual(outcomes, ['agent_answered', 'agent_answered', 'rang_not_answered'])
  for (const size of [1, 7, 33]) {
    const cc = new CallCenter(learning())
    const feed = new Feed('asterisk-queue-log')
    const batches = []
    for (let i = 0; i < RINGALL.length; i += size) batches.push(cc.applyFeed(feed, RINGALL.slice(i, i + size)))
    batches.push(cc.finishFeed(feed))
    assert.deepEqual(ended(batches), ended(whole), `chunks of ${size}`)
    assert.deepEqual(cc.wallboard(), wholeCc.wallboard())
    assert.deepEqual(cc.trendDays(), wholeCc.trendDays())
  }
  // Re-reading the same text changes nothing.
  const again = new Feed('asterisk-queue-log')
  const re = [wholeCc.applyFeed(again, RINGALL), wholeCc.finishFeed(again)]
  assert.equal(re[0].batch.applied + re[1].batch.applied, 0)
  assert.deepEqual(ended(re), [])
})

const AMI_NO_TIMESTAMP = 'Event: QueueCallerJoin\r\nChannel: SIP/trunk-1\r\nCallerIDNum: 13800138000\r\n' +
  'Queue: sales\r\nPosition: 1\r\nCount: 1\r\nUniqueid: 1772460000.1\r\n\r\n'

test('an AMI frame without Timestamp takes `now`', () => {
  const out = new Feed('asterisk-ami').push(AMI_NO_TIMESTAMP, new Date('2026-03-02T14:00:05Z'))
  assert.deepEqual(out.skipped, [])
  assert.deepEqual(out.events.map((e) => [e.type, e.at]), [['call.queued', '2026-03-02T14:00:05Z']])
  const cc = new CallCenter(learning())
  const r = cc.applyFeed(new Feed('asterisk-ami'), AMI_NO_TIMESTAMP, '2026-03-02T14:00:05Z')
  assert.equal(r.batch.applied, 1)
  assert.equal(cc.liveCalls().inbound.queued, 1)
  // Without `now` the frame has no time: skipped, naming the field.
  const bare = new Feed('asterisk-ami').push(AMI_NO_TIMESTAMP)
  assert.deepEqual(bare.events, [])
  assert.equal(bare.skipped.length, 1)
  assert.match(bare.skipped[0].message, /Timestamp/)
})

test('AMI frames read from a socket, split anywhere, are applied once each', async () => {
  const server = net.createServer((socket) => {
    const text = 'Asterisk Call Manager/5.0.1\r\n\r\n' + AMI_NO_TIMESTAMP +
      AMI_NO_TIMESTAMP.replace('1772460000.1', '1772460000.2').replace('Position: 1', 'Position: 2')
    // Dribbles the text out in 5-byte writes: frames and lines split mid-way.
    let i = 0
    const tick = () => {
      if (i >= text.length) return socket.end()
      socket.write(text.slice(i, i + 5), tick)
      i += 5
    }
    tick()
  })
  server.listen(0)
  await once(server, 'listening')
  const cc = new CallCenter(learning())
  const feed = new Feed('asterisk-ami')
  const socket = net.connect(server.address().port)
  socket.setEncoding('utf8')
  let applied = 0
  socket.on('data', (chunk) => {
    const r = cc.applyFeed(feed, chunk, '2026-03-02T14:00:05Z')
    assert.deepEqual(r.skipped, [])
    applied += r.batch.applied
  })
  await once(socket, 'end')
  applied += cc.finishFeed(feed, '2026-03-02T14:00:05Z').batch.applied
  server.close()
  assert.equal(applied, 2)
  assert.equal(cc.liveCalls().inbound.queued, 2)
})

test('trendOfDay and trendDays', () => {
  const cc = new CallCenter(learning())
  const feed = new Feed('asterisk-queue-log')
  cc.applyFeed(feed, RINGALL)
  cc.finishFeed(feed)
  // 1700000100 is 2023-11-14T22:15Z: the 15th in the tenant's default zone (Asia/Shanghai).
  assert.deepEqual(cc.trendDays(), ['2023-11-15'])
  const t = cc.trendOfDay('2023-11-15')
  assert.equal(t.intervals.reduce((n, i) => n + i.inbound.offered, 0), 3)
  assert.equal(cc.trendOfDay('2023-11-14'), null)
  assert.throws(() => cc.trendOfDay('14/11/2023'), (e) => e instanceof CxkitError && e.code === 'INVALID_INPUT' && e.field === 'date')
})

test('bad arguments are typed errors and change nothing', () => {
  const invalid = (field) => (e) => e instanceof CxkitError && e.code === 'INVALID_INPUT' && e.field === field
  assert.throws(() => new Feed('avaya'), invalid('source'))
  assert.throws(() => new Feed('asterisk-queue-log', 'Mars/Olympus'), invalid('time_zone'))
  const feed = new Feed('asterisk-ami')
  assert.equal(feed.source, 'asterisk-ami')
  assert.throws(() => feed.push(AMI_NO_TIMESTAMP, 'yesterday'), invalid('now'))
  assert.throws(() => feed.push(Buffer.from(AMI_NO_TIMESTAMP)), invalid('text'))
  // The refused calls read nothing: the frame is still whole for the next one.
  assert.equal(feed.push(AMI_NO_TIMESTAMP, '2026-03-02T14:00:05Z').events.length, 1)
  const cc = new CallCenter(learning())
  assert.throws(() => cc.applyFeed('asterisk-ami', AMI_NO_TIMESTAMP), TypeError)
  assert.throws(() => cc.applyFeed(feed, AMI_NO_TIMESTAMP, 'soon'), invalid('now'))
  assert.equal(cc.liveCalls().inbound.total, 0)
})
