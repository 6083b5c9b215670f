// The conformance ops ("<object>.<method>") mapped to the idiomatic Node API.
// `args` holds the facade method's parameters by name (docs/vectors.md); each
// entry calls the public method the way an application would. Objects live
// for the whole vector, created from its config on first use, under the same
// names as in the Rust harness (crates/cxkit/tests/conformance/*.rs).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  CallCenter, CallRules, Config, Escalation, Feed, Monitor, ServiceCalendar, Templates, Tickets,
} from './subject.mjs'

const callCenter = (h) => h.object('call_center', (c) => new CallCenter(c))
const monitor = (h) => h.object('monitor', (c) => new Monitor(c))
const tickets = (h) => h.object('tickets', (c) => new Tickets(c))
const templates = (h) => h.object('templates', (c) => new Templates(c))
const escalation = (h) => h.object('escalation', (c) => new Escalation(c))
const rules = (name) => (h) => h.object(name, (c) => new CallRules(c))
const calendar = (h) => h.object('calendar', (c) => ServiceCalendar.fromConfig(c))
/** The feed an op names (`source`, optional `time_zone`). */
const feedOf = (a) => new Feed(a.source, a.time_zone)
const humanAvailable = (a) => (typeof a.human_available === 'boolean' ? a.human_available : true)

/** Deep equality of two JSON values (for the snapshot round trip). */
const sameJson = (a, b) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b))
function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]))
  return v
}

export const OPS = {
  'config.load': (_h, a) => Config.fromObject(a.config).validate(),
  // `text` written to a file called `name` (nothing for null), loaded by path.
  'config.load_file': (_h, a) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cxkit-vector-'))
    try {
      const file = path.join(dir, a.name)
      if (a.text !== null) fs.writeFileSync(file, a.text)
      return Config.fromPath(file).validate()
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  },

  'call_center.apply': (h, a) => callCenter(h).apply(a.event),
  'call_center.apply_many': (h, a) => callCenter(h).applyMany(a.events),
  'call_center.wallboard': (h, a) => callCenter(h).wallboard(a.scope),
  'call_center.listening_list': (h, a) => callCenter(h).listeningList(a.scope),
  'call_center.big_screen': (h, a) => callCenter(h).bigScreen(a.scope),
  'call_center.agent_state': (h, a) => callCenter(h).agentState(a.agent),
  'call_center.toolbar': (h, a) => callCenter(h).toolbar(a.agent),
  'call_center.agent_stats': (h, a) => callCenter(h).agentStats(a.agent, a.now),
  'call_center.online_wallboard': (h, a) => callCenter(h).onlineWallboard(a.scope, a.now),
  'call_center.online_metrics': (h, a) => callCenter(h).onlineMetrics(a.agent, a.now),
  'call_center.agent_chats': (h, a) => callCenter(h).agentChats(a.agent, a.now),
  'call_center.bot_handoff': (h, a) => callCenter(h).botHandoff(escalation(h), templates(h), a.message, a.instance),
  'call_center.snapshot_roundtrip': (h) => {
    const snap = callCenter(h).snapshot()
    return sameJson(CallCenter.restore(h.config, snap).snapshot(), snap)
  },
  'call_center.live_calls': (h, a) => callCenter(h).liveCalls(a.scope),
  'call_center.trend_today': (h, a) => callCenter(h).trendToday(a.now),
  'call_center.ended_calls': (h) => callCenter(h).endedCalls(),
  'call_center.trend_of_day': (h, a) => callCenter(h).trendOfDay(a.date),
  'call_center.trend_days': (h) => callCenter(h).trendDays(),
  // FD3: the whole text in one chunk, then the feed's end (the Rust harness's [apply_feed, finish_feed]).
  'call_center.apply_feed': (h, a) => {
    const feed = feedOf(a)
    const cc = callCenter(h)
    return [cc.applyFeed(feed, a.text, a.now), cc.finishFeed(feed, a.now)]
  },
  'feeds.translate': (_h, a) => {
    const feed = feedOf(a)
    return [feed.push(a.text, a.now), feed.finish(a.now)]
  },

  'calls.new': (_h, a) => {
    const config = Config.fromObject(a.config)
    new CallRules(config) // eslint-disable-line no-new
    return { sms_rules: config.toJSON().calls.sms_rules.length }
  },
  'calls.classify': (h, a) => rules('calls')(h).classify(a.record),
  'calls.sms_for': (h, a) => rules('calls')(h).smsFor(a.record),
  'calendar.is_open': (h, a) => calendar(h).isOpen(a.at),
  'calendar.next_open': (h, a) => calendar(h).nextOpen(a.at),
  'trend.aggregate': (h, a) => rules('trend')(h).trend(a.records, a.date),
  'qa.export_csv': (h, a) => rules('qa')(h).qaExportCsv(a.records, a.mask),

  'monitor.view': (h, a) => monitor(h).view(a.viewer, a.org_unit, a.values),
  'monitor.set_display': (h, a) => monitor(h).setDisplay(a.viewer, a.changes),
  'monitor.set_thresholds': (h, a) => monitor(h).setThresholds(a.viewer, a.changes),
  'monitor.display_settings': (h) => monitor(h).displaySettings(),
  'monitor.thresholds': (h) => monitor(h).thresholds(),
  'monitor.catalog': (h) => monitor(h).catalog(),

  'tickets.create_ticket': (h, a) => tickets(h).createTicket(a.ticket),
  'tickets.add_reply': (h, a) => tickets(h).addReply(a.ticket, a.agent, a.visibility, a.text, a.at),
  'tickets.set_status': (h, a) => tickets(h).setStatus(a.ticket, a.agent, a.status, a.at),
  'tickets.close': (h, a) => tickets(h).close(a.ticket, a.agent, a.at),
  'tickets.message_records': (h, a) => tickets(h).messageRecords(a.customer, a.channel),
  'tickets.ticket_detail': (h, a) => tickets(h).ticketDetail(a.customer, a.channel, a.ticket),
  'tickets.agent_view': (h, a) => tickets(h).agentView(a.ticket, a.agent),

  'templates.offer': (h, a) => templates(h).offer(a.channel_instance),
  'templates.select': (h, a) => templates(h).select(a.channel_instance, a.template_id),
  'templates.validate': (h, a) => templates(h).validate(a.template_id, a.submission),
  'templates.submit': (h, a) => templates(h).submit(a.channel_instance, a.template_id, a.submission),

  'escalation.observe': (h, a) => escalation(h).observe(a.message, humanAvailable(a)),
  'escalation.observe_score': (h, a) => escalation(h).observeScore(a.message, a.score, humanAvailable(a)),
  'escalation.end': (h, a) => escalation(h).end(a.conversation, a.at),
  'escalation.evict_idle': (h, a) => escalation(h).evictIdle(a.now),
  'escalation.score': (h, a) => escalation(h).score(a.text),
}
