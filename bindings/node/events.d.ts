// Hand-written TypeScript types for the JSON shapes cxkit exchanges: events
// (discriminated unions on `type`), scopes, and the results of the main
// calls. They mirror the serde shapes of the Rust crates (snake_case keys);
// the Rust types are the source of truth and the conformance vectors check
// both agree at run time. Results not spelled out here are `JsonObject`.

/** An RFC 3339 timestamp: a `Date` or an ISO string ("2026-03-02T09:00:00Z"). */
export type Timestamp = Date | string

/** Any JSON object. */
export type JsonObject = { [key: string]: unknown }

/** What a view covers (WM1): the tenant, a skill group, or an org unit with its descendants. */
export type Scope =
  | { kind: 'tenant' }
  | { kind: 'skill_group'; id: string }
  | { kind: 'org_unit'; id: string }

/** Fields every agent event carries. */
interface AgentEventBase {
  /** When it happened. */
  at: Timestamp
  /** Idempotency key: an event with an id seen recently is a `duplicate`. */
  event_id?: string
}

/** The statuses an agent may choose by hand (never ACW, TB2). */
export type ChosenStatus = 'idle' | 'busy' | 'break' | 'activity' | 'training' | 'meal' | 'meeting'

/**
 * Agent events (TB1–TB5, CM2, CM4): `{type, agent | supervisor, at, …}` — what only agents do.
 * Every call happening (ring, answer, hold, hang-up, dial) is a `call.*` event (FD1).
 */
export type AgentEvent =
  | (AgentEventBase & { type: 'login'; agent: string; extension?: string; status?: 'idle' | 'busy' })
  | (AgentEventBase & { type: 'logout'; agent: string })
  | (AgentEventBase & { type: 'set_status'; agent: string; status: ChosenStatus })
  | (AgentEventBase & { type: 'consult_start'; agent: string; target: string; mode?: 'three_way' | 'transfer' })
  | (AgentEventBase & { type: 'consult_answered'; agent: string })
  | (AgentEventBase & { type: 'consult_ended'; agent: string })
  | (AgentEventBase & { type: 'transfer_confirmed'; agent: string })
  | (AgentEventBase & { type: 'listen_start'; supervisor: string; target: string })
  | (AgentEventBase & { type: 'barge'; supervisor: string })
  | (AgentEventBase & { type: 'force_disconnect'; supervisor: string })
  | (AgentEventBase & { type: 'listen_end'; supervisor: string })
  | (AgentEventBase & { type: 'acw_complete'; agent: string })
  | (AgentEventBase & { type: 'popup_collapse'; agent: string; by_hand: boolean })
  | (AgentEventBase & { type: 'popup_expand'; agent: string })
  | (AgentEventBase & { type: 'tick' })

/** Fields every call event carries. */
interface CallEventBase {
  /** The call. */
  call: string
  /** When it happened. */
  at: Timestamp
  /** Idempotency key. */
  event_id?: string
}

/** Call lifecycle events (SMS1, CM1 1–2, CM3): every type is in the `call.` namespace. */
export type CallEvent =
  | (CallEventBase & { type: 'call.arrived'; hotline?: string; caller?: string; callee?: string; direction?: 'inbound' | 'outbound' })
  | (CallEventBase & { type: 'call.ivr_entered' })
  | (CallEventBase & { type: 'call.ivr_left' })
  | (CallEventBase & { type: 'call.queued'; skill_group: string; hotline?: string; caller?: string; callee?: string })
  | (CallEventBase & { type: 'call.offered'; agent: string; hotline?: string; caller?: string; callee?: string })
  | (CallEventBase & { type: 'call.ring_ended'; agent?: string })
  | (CallEventBase & { type: 'call.answered'; agent: string })
  | (CallEventBase & { type: 'call.held' })
  | (CallEventBase & { type: 'call.resumed' })
  | (CallEventBase & { type: 'call.transferred'; to: { agent: string } | { skill_group: string } | { external: string } })
  | (CallEventBase & { type: 'call.queue_timeout' })
  | (CallEventBase & { type: 'call.queue_left'; reason: 'key' | 'no_agents' | 'overflow'; destination?: string })
  | (CallEventBase & { type: 'call.caller_hung_up' })
  | (CallEventBase & { type: 'call.system_ended' })
  | (CallEventBase & { type: 'call.outbound_dialed'; agent: string; caller?: string; callee: string })
  | (CallEventBase & { type: 'call.outbound_connected' })
  | (CallEventBase & { type: 'call.outbound_ended' })

/** One event of the combined stream a `CallCenter` applies. */
export type Event = AgentEvent | CallEvent

/** What applying one event did. */
export interface Applied {
  status: 'applied' | 'duplicate'
  /** For a call event that ended a call: the record, its SMS1 outcome and the SMS it triggers. */
  ended_call?: JsonObject
}

/** The result of `applyMany`: each event atomic; refused ones listed with their index. */
export interface BatchResult {
  applied: number
  duplicates: number
  errors: Array<{ index: number; error: { code: ErrorCode; message: string; details: JsonObject } }>
  /** The calls the batch ended, each with the index of the event that ended it. */
  ended_calls: Array<{ index: number; record: JsonObject; outcome: string | null; sms: JsonObject }>
}

/** FD3: a feed record that could not be read or translated (skipped). */
export interface FeedProblem {
  /** The record's number (the line it starts on, counted over the feed). */
  record: number
  code: 'MALFORMED' | 'UNKNOWN_EVENT' | 'CALL_ENDED' | 'OUT_OF_ORDER'
  /** What is wrong, naming the field. */
  message: string
}

/** FD3: what `Feed.push` / `Feed.finish` translated: the events `CallCenter.apply` reads. */
export interface FeedOutput {
  records: number
  events: Event[]
  skipped: FeedProblem[]
}

/** FD3: what `CallCenter.applyFeed` / `finishFeed` did with a chunk. */
export interface FeedBatch {
  records: number
  skipped: FeedProblem[]
  batch: BatchResult
}

/** The name of a feed's source. */
export type FeedSource = 'asterisk-queue-log' | 'asterisk-ami' | 'freeswitch' | 'connect'

/** CM1 items 3–11 (every logged-in agent is in exactly one of them; splits add up). */
export interface AgentWallboard {
  online: number
  idle: number
  busy: number
  after_call_work: number
  answering: { total: number; ringing: number; talking: number; on_hold: number }
  outbound: { total: number; dialing: number; talking: number; on_hold: number }
  consulting: { total: number; ringing: number; three_way: number; transfer_consult: number }
  supervising: { total: number; listening: number; barging: number }
  non_service: { total: number; break: number; activity: number; training: number; meal: number; meeting: number }
}

/** CM1 items 1–2. */
export interface LiveCalls {
  inbound: { total: number; ivr: number; queued: number; ringing: number; talking: number }
  waiting: Array<{ skill_group: string; [key: string]: unknown }>
}

/** The CM1 real-time view of one scope. */
export interface Wallboard {
  scope: Scope
  calls: LiveCalls
  agents: AgentWallboard
}

/** A sentiment score: value in [-1, 1], `null` exactly when the label is `no_signal`. */
export interface Score {
  scorer: string
  label: 'negative' | 'neutral' | 'positive' | 'no_signal'
  score: number | null
}

/** Why a conversation escalated. */
export type EscalationReason =
  | { kind: 'consecutive_negative'; count: number; scores: number[] }
  | { kind: 'window_mean'; mean: number; threshold: number; scores: number[] }
  | { kind: 'negative_duration'; seconds: number; threshold_seconds: number; since: string }
  | { kind: 'human_requested'; phrase: string }

/** The policy's answer to one message (RB1). */
export type Decision =
  | { decision: 'continue'; conversation: string; score: Score }
  | {
      decision: 'escalate'
      conversation: string
      score: Score
      reasons: EscalationReason[]
      human_available: boolean
      route: 'human_agent' | 'leave_message'
    }
  | { decision: 'already_with_human'; conversation: string }
  | { decision: 'not_eligible'; conversation: string; channel: string; why: 'channel_not_supported' | 'channel_switched_off' }

/** A customer message to the bot. */
export interface CustomerMessage {
  conversation: string
  channel: string
  text?: string
  at: Timestamp
}

/** The stable error codes (`Error::code` in Rust). */
export type ErrorCode =
  | 'INVALID_TRANSITION'
  | 'UNKNOWN_ENTITY'
  | 'PERMISSION_DENIED'
  | 'CONFIG_ERROR'
  | 'VALIDATION_ERROR'
  | 'INVALID_INPUT'
  | 'CONFLICT'
  | 'OUT_OF_ORDER'
  | 'SCORER_ERROR'
  | 'INTERNAL'

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
