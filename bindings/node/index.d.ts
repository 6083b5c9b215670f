// Types of the public API of the `cxkit` package (hand-written; the generated
// types of the native layer underneath are in binding.d.ts). JSON shapes are
// in events.d.ts. Every method throws CxkitError; an operation that throws
// changed nothing.

import type {
  Applied,
  BatchResult,
  CustomerMessage,
  Decision,
  ErrorCode,
  ErrorDetails,
  Event,
  FeedBatch,
  FeedOutput,
  FeedSource,
  JsonObject,
  Scope,
  Score,
  Timestamp,
  Wallboard,
  LiveCalls,
} from './events'

export * from './events'

/** Columns of a batch of events: each field an array (one value per event) or one shared value. */
export type EventColumns = { type: string | string[]; [field: string]: unknown }

/** A config source: a Config, a plain config object, a path to a .json/.toml file, or nothing (the example, `Config.example()`). */
export type ConfigSource = Config | JsonObject | string | URL | undefined | null

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
  static fromObject(object: JsonObject): Config
  static fromPath(path: string): Config
  static from(source: ConfigSource): Config
  /** Validates the tenant section. */
  validate(): { tenant: string; org_units: number; agents: number }
  /** The whole configuration, every default filled in. */
  toJSON(): JsonObject
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
  listeningList(scope?: Scope): JsonObject
  bigScreen(scope?: Scope): JsonObject
  agentState(agent: string): JsonObject
  toolbar(agent: string): JsonObject
  agentStats(agent: string, now: Timestamp): JsonObject
  /** OS4: the online (chat) wallboard of a scope at `now`. */
  onlineWallboard(scope: Scope | undefined, now: Timestamp): JsonObject
  /** OS3: one agent's eight online metrics for the tenant day containing `now`. */
  onlineMetrics(agent: string, now: Timestamp): JsonObject
  /** The agent's own open chats at `now`. */
  agentChats(agent: string, now: Timestamp): JsonObject[]
  /** OS5: the bot hands a conversation over (queued for the channel's group, or leave a message). */
  botHandoff(escalation: Escalation, templates: Templates, message: JsonObject, instance: string): JsonObject
  /** WM1/WM2/WM5 view with call metrics live from this board at `now`; other metrics from `otherValues`. */
  callMonitorView(monitor: Monitor, viewer: Viewer, orgUnit?: string | null, now?: Timestamp, otherValues?: JsonObject | null): JsonObject
  snapshot(): JsonObject
  liveCalls(scope?: Scope): LiveCalls
  trendToday(now: Timestamp): JsonObject
  endedCalls(): JsonObject[]
  /** CM3: the trend of tenant day `date` (`'YYYY-MM-DD'`), or null when no call of that day is kept. */
  trendOfDay(date: string): JsonObject | null
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
  classify(record: JsonObject): string | null
  smsFor(record: JsonObject): JsonObject
  endedCall(record: JsonObject): JsonObject
  trend(records: JsonObject[], date: string): JsonObject
  trendAsync(records: JsonObject[], date: string): Promise<JsonObject>
  aggregate(records: JsonObject[], date: string): JsonObject
  qaExportCsv(records: JsonObject[], mask?: boolean): string
  qaExportCsvAsync(records: JsonObject[], mask?: boolean): Promise<string>
}

/** SMS1 triggers on their own. */
export declare class SmsTriggers {
  constructor(config?: ConfigSource)
  triggersFor(record: JsonObject): JsonObject
}

/** The service calendar (local wall-clock time, DST-safe). */
export declare class ServiceCalendar {
  private constructor()
  static fromConfig(config?: ConfigSource): ServiceCalendar
  static fromCalendar(calendar: JsonObject): ServiceCalendar
  isOpen(at: Timestamp): boolean
  /** ISO string of the first open instant at or after `at`, or null. */
  nextOpen(at: Timestamp): string | null
}

/** CM3: a mergeable trend aggregate of one tenant day. */
export declare class Trend {
  constructor(config: ConfigSource, date: string)
  aggregate(records: JsonObject[]): void
  aggregateAsync(records: JsonObject[]): Promise<void>
  merge(other: Trend | JsonObject): void
  partial(): JsonObject
  table(): JsonObject
}

/** QA1 without a configuration (outcome column empty): CSV text. */
export declare function qaExportCsv(records: JsonObject[], mask?: boolean): string

/** A custom sentiment scorer: a value in [-1, 1], or null for "no signal". */
export type ScorerFunction = (text: string) => number | null
export type Scorer = ScorerFunction | { name: string; score: ScorerFunction }

/** Bot-to-human escalation (RB1). */
export declare class Escalation {
  constructor(config?: ConfigSource, options?: { scorer?: Scorer })
  observe(message: CustomerMessage, humanAvailable?: boolean): Decision
  observeScore(
    message: CustomerMessage,
    score: { scorer: string; score: number | null; label?: Score['label'] },
    humanAvailable?: boolean,
  ): Decision
  end(conversation: string, at: Timestamp): JsonObject
  evictIdle(now: Timestamp): string[]
  score(text: string): Score
  readonly conversations: number
}

/** A monitor viewer: role, and optionally org unit and edition (WM5). */
export interface Viewer {
  role: string
  org_unit?: string
  edition?: string
}

/** The workplace monitor (WM1–WM5). */
export declare class Monitor {
  constructor(config?: ConfigSource)
  view(viewer: Viewer, orgUnit?: string | null, values?: JsonObject | null): JsonObject
  setDisplay(viewer: Viewer, changes: JsonObject[]): JsonObject
  setThresholds(viewer: Viewer, changes: JsonObject[]): JsonObject[]
  displaySettings(): JsonObject
  thresholds(): JsonObject[]
  catalog(): JsonObject[]
}

/** The ticket center (TK1, TK2). */
export declare class Tickets {
  constructor(config?: ConfigSource)
  createTicket(ticket: { id: string; customer: string; channel: string; title?: string; at: Timestamp; [k: string]: unknown }): JsonObject
  addReply(ticket: string, agent: string, visibility: 'public' | 'internal', text: string, at: Timestamp): JsonObject
  setStatus(ticket: string, agent: string, status: string, at: Timestamp): JsonObject
  close(ticket: string, agent: string, at: Timestamp): JsonObject
  messageRecords(customer: string, channel: string): JsonObject[]
  ticketDetail(customer: string, channel: string, ticket: string): JsonObject
  agentView(ticket: string, agent: string): JsonObject
}

/** Leave-a-message templates (TM1). */
export declare class Templates {
  constructor(config?: ConfigSource)
  offer(channelInstance: { channel: string; id: string }): JsonObject
  select(channelInstance: { channel: string; id: string }, templateId: string): JsonObject
  validate(templateId: string, submission: JsonObject): null
  submit(channelInstance: { channel: string; id: string }, templateId: string, submission: JsonObject): JsonObject
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
