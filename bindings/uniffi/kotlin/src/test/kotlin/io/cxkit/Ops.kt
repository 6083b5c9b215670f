package io.cxkit

import org.json.JSONArray
import org.json.JSONObject
import java.time.Instant
import kotlin.reflect.typeOf

/**
 * The Kotlin call behind each conformance op `"<object>.<method>"`.
 * Arguments arrive in the JSON shape of the Rust types and become the
 * generated Records through [Wire.fromJson]; results go back through
 * [Wire.toJson], or are parsed from JSON for the server-side views that
 * the Kotlin API returns as JSON (`CallCenter.*Json`).
 */
object Ops {
    /**
     * Facade objects the mobile API leaves out on purpose (server-side:
     * workplace monitor, service calendar, call outcome/SMS rules, QA
     * export, trend aggregation). Vectors using them are skipped, loudly.
     */
    val NOT_IN_MOBILE_API: Set<String> = setOf("monitor", "calendar", "calls", "qa", "trend")

    /**
     * An argument that cannot even be built as a Kotlin value (an unknown
     * enum name, a missing field): the Rust harness reports these as
     * INVALID_INPUT naming the argument, and so does this runner.
     */
    class BadArgument(val field: String, cause: Throwable) : Exception("bad argument `$field`: ${cause.message}", cause)

    /** The objects of one vector, created from its config on first use. */
    class Objects(private val configJson: String) : AutoCloseable {
        private var cfg: Config? = null
        val config: Config get() = cfg ?: Config.fromJson(configJson).also { cfg = it }
        private val made = mutableMapOf<String, AutoCloseable>()

        @Suppress("UNCHECKED_CAST")
        private fun <T : AutoCloseable> obj(name: String, make: () -> T): T = made.getOrPut(name, make) as T

        fun callCenter(): CallCenter = obj("call_center") { CallCenter(config) }
        fun templates(): Templates = obj("templates") { Templates(config) }
        fun tickets(): Tickets = obj("tickets") { Tickets(config) }
        fun escalation(): Escalation = obj("escalation") { Escalation(config) }

        override fun close() {
            made.values.forEach { it.close() }
            cfg?.close()
        }
    }

    inline fun <reified T> arg(a: JSONObject, name: String): T = try {
        Wire.fromJson(if (a.has(name)) a.get(name) else null, typeOf<T>()) as T
    } catch (e: CxException) {
        throw e
    } catch (e: Wire.WireError) {
        val field = if (e.path.isEmpty()) name else if (e.path.startsWith("[")) "$name${e.path}" else "$name.${e.path}"
        throw BadArgument(field, e)
    } catch (e: Exception) {
        throw BadArgument(name, e)
    }

    private fun applied(a: Applied): JSONObject = JSONObject().put("status", Wire.toJson(a.status)).also { o ->
        a.endedCallJson?.let { o.put("ended_call", JSONObject(it)) }
    }

    /** Agent events that the typed Records can express (a failed build: malformed). */
    var typedEvents = 0
    var jsonEvents = 0

    /**
     * An agent event goes through the typed `applyAgentEvent` when it can be
     * built as an [AgentEvent]; call events, and events that cannot be built
     * (malformed on purpose in error vectors), through `applyJson`, whose
     * parser then reports the error exactly as the Rust harness's does.
     */
    private fun applyEvent(cc: CallCenter, event: Any?): JSONObject {
        val type = (event as? JSONObject)?.optString("type") ?: ""
        if (!type.startsWith("call.")) {
            val typed = runCatching { Wire.fromJson<AgentEvent>(event) }.getOrNull()
            if (typed != null) {
                typedEvents++
                return applied(cc.applyAgentEvent(typed))
            }
        }
        jsonEvents++
        return applied(cc.applyJson(JSONObject.wrap(event).toString()))
    }

    /** A form given as JSON, as typed values when it can be (strings and lists of strings only). */
    private fun typedForm(submission: Any?): Map<String, FieldValue>? {
        if (submission !is JSONObject) return null
        val out = mutableMapOf<String, FieldValue>()
        for (k in submission.keySet()) {
            when (val v = submission.get(k)) {
                is String -> out[k] = FieldValue.Text(v)
                is JSONArray -> {
                    if ((0 until v.length()).any { v.get(it) !is String }) return null
                    out[k] = FieldValue.Choices((0 until v.length()).map { v.getString(it) })
                }
                else -> return null
            }
        }
        return out
    }

    /**
     * Runs the typed call when the form is representable, and always the
     * JSON call; both must agree (same value or same error code).
     */
    private fun <T> bothForms(submission: Any?, typed: (Map<String, FieldValue>) -> T, json: (String) -> T): T {
        val viaJson = runCatching { json(JSONObject.wrap(submission).toString()) }
        val form = typedForm(submission) ?: return viaJson.getOrThrow()
        val viaTyped = runCatching { typed(form) }
        val a = viaTyped.exceptionOrNull(); val b = viaJson.exceptionOrNull()
        check(
            if (a is CxException && b is CxException) Errors.code(a) == Errors.code(b)
            else a == null && b == null && viaTyped.getOrNull() == viaJson.getOrNull(),
        ) { "typed and JSON form calls disagree: $viaTyped vs $viaJson" }
        return viaTyped.getOrThrow()
    }

    /** The feed an op names (`source`, optional `time_zone`). */
    private fun feedOf(a: JSONObject): Feed =
        Feed(arg<String>(a, "source"), if (a.has("time_zone")) arg<String>(a, "time_zone") else null)

    private fun optNow(a: JSONObject): Instant? = if (a.has("now")) arg<Instant>(a, "now") else null

    private fun submission(a: JSONObject): Any? = if (a.has("submission")) a.get("submission") else JSONObject.NULL

    val OPS: Map<String, (Objects, JSONObject) -> Any?> = mapOf(
        "config.load" to { _, a -> Config.fromJson(a.getJSONObject("config").toString()).use { it.summary() } },
        // `text` written to a file called `name` (nothing for null), loaded by path.
        "config.load_file" to { _, a ->
            val dir = kotlin.io.path.createTempDirectory("cxkit-vector")
            try {
                val file = dir.resolve(a.getString("name")).toFile()
                if (!a.isNull("text")) file.writeText(a.getString("text"))
                Config.fromPath(file.path).use { it.summary() }
            } finally {
                dir.toFile().deleteRecursively()
            }
        },

        // CallCenter (server-side views as JSON, toolbar typed)
        "call_center.apply" to { o, a -> applyEvent(o.callCenter(), a.opt("event")) },
        "call_center.apply_many" to { o, a -> JSONObject(o.callCenter().applyManyJson(a.get("events").toString())) },
        "call_center.wallboard" to { o, a -> JSONObject(o.callCenter().wallboardJson(arg<Scope>(a, "scope"))) },
        "call_center.listening_list" to { o, a -> JSONObject(o.callCenter().listeningListJson(arg<Scope>(a, "scope"))) },
        "call_center.big_screen" to { o, a -> JSONObject(o.callCenter().bigScreenJson(arg<Scope>(a, "scope"))) },
        "call_center.live_calls" to { o, a -> JSONObject(o.callCenter().liveCallsJson(arg<Scope>(a, "scope"))) },
        "call_center.agent_state" to { o, a -> JSONObject(o.callCenter().agentStateJson(arg<String>(a, "agent"))) },
        "call_center.agent_stats" to { o, a ->
            JSONObject(o.callCenter().agentStatsJson(arg<String>(a, "agent"), arg<Instant>(a, "now")))
        },
        "call_center.online_wallboard" to { o, a ->
            JSONObject(o.callCenter().onlineWallboardJson(arg<Scope>(a, "scope"), arg<Instant>(a, "now")))
        },
        "call_center.online_metrics" to { o, a ->
            JSONObject(o.callCenter().onlineMetricsJson(arg<String>(a, "agent"), arg<Instant>(a, "now")))
        },
        "call_center.agent_chats" to { o, a ->
            JSONArray(o.callCenter().agentChatsJson(arg<String>(a, "agent"), arg<Instant>(a, "now")))
        },
        "call_center.bot_handoff" to { o, a ->
            JSONObject(o.callCenter().botHandoffJson(o.escalation(), o.templates(), arg(a, "message"), arg<String>(a, "instance")))
        },
        "call_center.trend_today" to { o, a -> JSONObject(o.callCenter().trendTodayJson(arg<Instant>(a, "now"))) },
        "call_center.ended_calls" to { o, _ -> JSONArray(o.callCenter().endedCallsJson()) },
        "call_center.trend_of_day" to { o, a -> o.callCenter().trendOfDayJson(arg<String>(a, "date"))?.let { JSONObject(it) } },
        "call_center.trend_days" to { o, _ -> JSONArray(o.callCenter().trendDays()) },
        // FD3: the whole text in one chunk, then the feed's end (the Rust harness's [apply_feed, finish_feed]).
        "call_center.apply_feed" to { o, a ->
            val now = optNow(a)
            feedOf(a).use { feed ->
                val cc = o.callCenter()
                JSONArray().put(JSONObject(cc.applyFeedJson(feed, arg<String>(a, "text"), now)))
                    .put(JSONObject(cc.finishFeedJson(feed, now)))
            }
        },
        "feeds.translate" to { _, a ->
            val now = optNow(a)
            feedOf(a).use { feed ->
                JSONArray().put(JSONObject(feed.pushJson(arg<String>(a, "text"), now))).put(JSONObject(feed.finishJson(now)))
            }
        },
        "call_center.toolbar" to { o, a -> o.callCenter().toolbar(arg<String>(a, "agent")) },
        "call_center.snapshot_roundtrip" to { o, _ ->
            val snap = o.callCenter().snapshotJson()
            CallCenter.restore(o.config, snap).use { back -> JSONObject(back.snapshotJson()).similar(JSONObject(snap)) }
        },

        // Templates (TM1)
        "templates.offer" to { o, a -> o.templates().offer(arg(a, "channel_instance")) },
        "templates.select" to { o, a -> o.templates().select(arg(a, "channel_instance"), arg<String>(a, "template_id")) },
        "templates.validate" to { o, a ->
            val t = o.templates(); val id = arg<String>(a, "template_id")
            bothForms(submission(a), { t.validate(id, it) }, { t.validateJson(id, it) })
            null
        },
        "templates.submit" to { o, a ->
            val t = o.templates(); val ci = arg<ChannelInstance>(a, "channel_instance"); val id = arg<String>(a, "template_id")
            bothForms(submission(a), { t.submit(ci, id, it) }, { t.submitJson(ci, id, it) })
        },

        // Tickets (TK1, TK2)
        "tickets.create_ticket" to { o, a -> o.tickets().createTicket(arg(a, "ticket")) },
        "tickets.add_reply" to { o, a ->
            o.tickets().addReply(arg<String>(a, "ticket"), arg<String>(a, "agent"), arg(a, "visibility"), arg<String>(a, "text"), arg<Instant>(a, "at"))
        },
        "tickets.set_status" to { o, a ->
            o.tickets().setStatus(arg<String>(a, "ticket"), arg<String>(a, "agent"), arg(a, "status"), arg<Instant>(a, "at"))
        },
        "tickets.close" to { o, a -> o.tickets().close(arg<String>(a, "ticket"), arg<String>(a, "agent"), arg<Instant>(a, "at")) },
        "tickets.message_records" to { o, a -> o.tickets().messageRecords(arg<String>(a, "customer"), arg(a, "channel")) },
        "tickets.ticket_detail" to { o, a ->
            o.tickets().ticketDetail(arg<String>(a, "customer"), arg(a, "channel"), arg<String>(a, "ticket"))
        },
        "tickets.agent_view" to { o, a -> o.tickets().agentView(arg<String>(a, "ticket"), arg<String>(a, "agent")) },

        // Escalation (RB1)
        "escalation.score" to { o, a -> o.escalation().score(arg<String>(a, "text")) },
        "escalation.observe" to { o, a ->
            o.escalation().observe(arg(a, "message"), a.optBoolean("human_available", true))
        },
        "escalation.observe_score" to { o, a ->
            o.escalation().observeScore(arg(a, "message"), arg(a, "score"), a.optBoolean("human_available", true))
        },
        "escalation.end" to { o, a -> o.escalation().end(arg<String>(a, "conversation"), arg<Instant>(a, "at")) },
        "escalation.evict_idle" to { o, a -> o.escalation().evictIdle(arg<Instant>(a, "now")) },
    )
}
