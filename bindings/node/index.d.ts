// Types of the public API of the `cxkit` package (hand-written; the generated
// types of the native layer underneath are in binding.d.ts). The JSON shapes
// (events, scopes, configuration, results) are in types.d.ts, generated from
// the Rust types by `cargo run -p cxkit-schema`. Every method throws
// CxkitError; an operation that throws changed nothing.

import type {
  AgentChat,
  AgentStateView,
  AgentStats,
  AgentTicketView,
  Applied,
  BatchResult,
  BigScreen,
  CalendarConfig,
  CallRecord,
  ChannelInstance,
  Config as ConfigObject,
  ConfigOut,
  CustomerMessage,
  CustomerTicketDetail,
  Decision,
  DisplayConfigOut,
  DisplayEntry,
  Ended,
  EndedCall,
  ErrorJson,
  Event,
  FeedBatch,
  FeedOutput,
  Handoff,
  JsonObject,
  ListeningList,
  LiveCalls,
  MessageRecord,
  MetricDefOut,
  NewTicket,
  Offer,
  OnlineAgentMetrics,
  OnlineWallboard,
  Outcome,
  Scope,
  Score,
  ScoreInput,
  SmsDecision,
  Submission,
  TemplateSpecOut,
  ThresholdChange,
  ThresholdSpecOut,
  TicketSummary,
  Timestamp,
  ToolbarView,
  TrendPartial,
  TrendTable,
  Viewer,
  Wallboard,
} from './types'

// Every generated type (the `Config` class below takes the name `Config`;
// the configuration object's type is `ConfigObject`).
export * from './types'
export type { ConfigObject }

/** The stable error codes (`Error::code` in Rust). */
export type ErrorCode = ErrorJson['code']

/** One problem with one field (VALIDATION_ERROR). */
export interface FieldError {
  field: string
  code: string
  message: string
}

/** The structured details of each error code. */
export interface ErrorDetails {
  INVALID_TRANSITION: { subject: string; state: string; event: string }
  UNKNOWN_ENTITY: { kind: string; id: string }
  PERMISSION_DENIED: { role: string; permission: string }
  /** `line`/`column`: where the value is when the configuration was JSON or TOML text (a file); null for an object. */
  CONFIG_ERROR: { field: string; line: number | null; column: number | null }
  VALIDATION_ERROR: { errors: FieldError[] }
  INVALID_INPUT: { field: string }
  CONFLICT: { resource: string; holder: string }
  OUT_OF_ORDER: { subject: string; last: string; got: string }
  SCORER_ERROR: { scorer: string }
  INTERNAL: {}
}

/** The name of a feed's source. */
export type FeedSource = 'asterisk-queue-log' | 'asterisk-ami' | 'freeswitch' | 'connect'

/** Columns of a batch of events: each field an array (one value per event) or one shared value. */
export type EventColumns = { type: string | string[]; [field: string]: unknown }

/** A config source: a Config, a plain config object, a path to a .json/.toml file, or nothing (the example, `Config.example()`). */
export type ConfigSource = Config | ConfigObject | ConfigOut | string | URL | undefined | null

/** The error of every cxkit operation, with a stable `code` and the structured details as properties. */
export declare class CxkitError extends Error {
  constructor(code: ErrorCode, message: string, details?: JsonObject, options?: { cause?: unknown })
  readonly name: 'CxkitError'
  readonly code: ErrorCode
  readonly details: JsonObject
  /** Detail fields are also copied onto the error (`err.state`, `err.field`, `err.errors`, …). */
  readonly [detail: string]: unknown
  /** `{code, message, details}` — the shape of `Error::to_json()` in Rust. */
  toJSON(): { code: ErrorCode; message: string; details: JsonObject }
}

/** A CxkitError of one code, with its details typed. */
export type CxkitErrorOf<C extends ErrorCode> = CxkitError & { readonly code: C; readonly details: ErrorDetails[C] } & Readonly<ErrorDetails[C]>

/** Narrows `err` to a CxkitError (of `code`, if given). */
export declare function isCxkitError<C extends ErrorCode = ErrorCode>(err: unknown, code?: C): err is CxkitErrorOf<C>

/** Every stable error code, in the facade's order. */
export declare const ERROR_CODES: readonly ErrorCode[]

/** The Rust crates' version (the workspace version; equals this package's version). */
export declare function version(): string

/** A loaded configuration (one section per area; a section left out is that section of `Config.empty()`). */
export declare class Config {
  private constructor()
  /** The example configuration (the README's example call center): what `new CallCenter()` loads. */
  static example(): Config
  /** The empty configuration: what each section you leave out of your own configuration is. */
  static empty(): Config
  /** @deprecated the old name of `Config.example()`. */
  static embeddedDefault(): Config
  static fromObject(object: ConfigObject | ConfigOut): Config
  static fromPath(path: string): Config
  static from(source: ConfigSource): Config
  /** Validates the tenant section. */
  validate(): { tenant: string; org_units: number; agents: number }
  /** The whole configuration, every default filled in. */
  toJSON(): ConfigOut
}

/** The live call center of one tenant (CM1–CM4, TB1–TB5, SMS1, CM3). */
export declare class CallCenter {
  constructor(config?: ConfigSource)
  /** A call center whose agent board is restored from `snapshot()`. */
  static restore(config: ConfigSource, snapshot: JsonObject): CallCenter
  apply(event: Event): Applied
  applyMany(events: Event[]): BatchResult
  /** Off the event loop (napi AsyncTask); small batches run synchronously unless `alwaysAsync`. */
  applyManyAsync(events: Event[], options?: { alwaysAsync?: boolean }): Promise<BatchResult>
  /** The compact columnar batch: field name -> one value per event (or one shared value); null = field absent. */
  applyColumns(columns: EventColumns): BatchResult
  applyColumnsAsync(columns: EventColumns): Promise<BatchResult>
  wallboard(scope?: Scope): Wallboard
  listeningList(scope?: Scope): ListeningList
  bigScreen(scope?: Scope): BigScreen
  agentState(agent: string): AgentStateView
  toolbar(agent: string): ToolbarView
  agentStats(agent: string, now: Timestamp): AgentStats
  /** OS4: the online (chat) wallboard of a scope at `now`. */
  onlineWallboard(scope: Scope | undefined, now: Timestamp): OnlineWallboard
  /** OS3: one agent's eight online metrics for the tenant day containing `now`. */
  onlineMetrics(agent: string, now: Timestamp): OnlineAgentMetrics
  /** The agent's own open chats at `now`. */
  agentChats(agent: string, now: Timestamp): AgentChat[]
  /** OS5: the bot hands a conversation over (queued for the channel's group, or leave a message). */
  botHandoff(escalation: Escalation, templates: Templates, message: CustomerMessage, instance: string): Handoff
  /** WM1/WM2/WM5 view with call metrics live from this board at `now`; other metrics from `otherValues`. */
  callMonitorView(monitor: Monitor, viewer: Viewer, orgUnit?: string | null, now?: Timestamp, otherValues?: JsonObject | null): JsonObject
  snapshot(): JsonObject
  liveCalls(scope?: Scope): LiveCalls
  trendToday(now: Timestamp): TrendTable
  endedCalls(): EndedCall[]
  /** CM3: the trend of tenant day `date` (`'YYYY-MM-DD'`), or null when no call of that day is kept. */
  trendOfDay(date: string): TrendTable | null
  /** The tenant days with a kept trend, oldest first. */
  trendDays(): string[]
  /** FD3: feeds a chunk of `feed`'s text and applies the events it completes; `now` times AMI frames without `Timestamp:`. */
  applyFeed(feed: Feed, text: string, now?: Timestamp | null): FeedBatch
  /** FD3: ends `feed`'s input and applies what that completes. */
  finishFeed(feed: Feed, now?: Timestamp | null): FeedBatch
}

/** FD3: a feed of one telephony source, its text in chunks of any size. */
export declare class Feed {
  /** `timeZone` (IANA, default UTC): the zone of queue_log database rows' text times. */
  constructor(source: FeedSource, timeZone?: string | null)
  readonly source: FeedSource
  /** Translates a chunk without a call center. */
  push(text: string, now?: Timestamp | null): FeedOutput
  /** Ends the input: the last line, an open frame, held queue_log exits. */
  finish(now?: Timestamp | null): FeedOutput
}

/** SMS1, CM3 and QA1 without a call center. Records are call-record objects (docs/calls.md). */
export declare class CallRules {
  constructor(config?: ConfigSource)
  classify(record: CallRecord): Outcome | null
  smsFor(record: CallRecord): SmsDecision
  endedCall(record: CallRecord): EndedCall
  trend(records: CallRecord[], date: string): TrendTable
  trendAsync(records: CallRecord[], date: string): Promise<TrendTable>
  aggregate(records: CallRecord[], date: string): TrendPartial
  qaExportCsv(records: CallRecord[], mask?: boolean): string
  qaExportCsvAsync(records: CallRecord[], mask?: boolean): Promise<string>
}

/** SMS1 triggers on their own. */
export declare class SmsTriggers {
  constructor(config?: ConfigSource)
  triggersFor(record: CallRecord): SmsDecision
}

/** The service calendar (local wall-clock time, DST-safe). */
export declare class ServiceCalendar {
  private constructor()
  static fromConfig(config?: ConfigSource): ServiceCalendar
  static fromCalendar(calendar: CalendarConfig): ServiceCalendar
  isOpen(at: Timestamp): boolean
  /** ISO string of the first open instant at or after `at`, or null. */
  nextOpen(at: Timestamp): string | null
}

/** CM3: a mergeable trend aggregate of one tenant day. */
export declare class Trend {
  constructor(config: ConfigSource, date: string)
  aggregate(records: CallRecord[]): void
  aggregateAsync(records: CallRecord[]): Promise<void>
  merge(other: Trend | TrendPartial): void
  partial(): TrendPartial
  table(): TrendTable
}

/** QA1 without a configuration (outcome column empty): CSV text. */
export declare function qaExportCsv(records: CallRecord[], mask?: boolean): string

/** A custom sentiment scorer: a value in [-1, 1], or null for "no signal". */
export type ScorerFunction = (text: string) => number | null
export type Scorer = ScorerFunction | { name: string; score: ScorerFunction }

/** Bot-to-human escalation (RB1). */
export declare class Escalation {
  constructor(config?: ConfigSource, options?: { scorer?: Scorer })
  observe(message: CustomerMessage, humanAvailable?: boolean): Decision
  observeScore(message: CustomerMessage, score: ScoreInput, humanAvailable?: boolean): Decision
  end(conversation: string, at: Timestamp): Ended
  evictIdle(now: Timestamp): string[]
  score(text: string): Score
  readonly conversations: number
}

/** The workplace monitor (WM1–WM5). */
export declare class Monitor {
  constructor(config?: ConfigSource)
  view(viewer: Viewer, orgUnit?: string | null, values?: JsonObject | null): JsonObject
  setDisplay(viewer: Viewer, changes: DisplayEntry[]): DisplayConfigOut
  setThresholds(viewer: Viewer, changes: ThresholdChange[]): ThresholdSpecOut[]
  displaySettings(): DisplayConfigOut
  thresholds(): ThresholdSpecOut[]
  catalog(): MetricDefOut[]
}

/** The ticket center (TK1, TK2). */
export declare class Tickets {
  constructor(config?: ConfigSource)
  createTicket(ticket: NewTicket): TicketSummary
  addReply(ticket: string, agent: string, visibility: 'public' | 'internal', text: string, at: Timestamp): TicketSummary
  setStatus(ticket: string, agent: string, status: string, at: Timestamp): TicketSummary
  close(ticket: string, agent: string, at: Timestamp): TicketSummary
  messageRecords(customer: string, channel: string): MessageRecord[]
  ticketDetail(customer: string, channel: string, ticket: string): CustomerTicketDetail
  agentView(ticket: string, agent: string): AgentTicketView
}

/** Leave-a-message templates (TM1). */
export declare class Templates {
  constructor(config?: ConfigSource)
  offer(channelInstance: ChannelInstance): Offer
  select(channelInstance: ChannelInstance, templateId: string): TemplateSpecOut
  validate(templateId: string, submission: JsonObject): null
  submit(channelInstance: ChannelInstance, templateId: string, submission: JsonObject): Submission
}

declare const cxkit: {
  CallCenter: typeof CallCenter
  CallRules: typeof CallRules
  Config: typeof Config
  CxkitError: typeof CxkitError
  ERROR_CODES: typeof ERROR_CODES
  Escalation: typeof Escalation
  Feed: typeof Feed
  Monitor: typeof Monitor
  ServiceCalendar: typeof ServiceCalendar
  SmsTriggers: typeof SmsTriggers
  Templates: typeof Templates
  Tickets: typeof Tickets
  Trend: typeof Trend
  isCxkitError: typeof isCxkitError
  qaExportCsv: typeof qaExportCsv
  version: typeof version
}
export default cxkit
