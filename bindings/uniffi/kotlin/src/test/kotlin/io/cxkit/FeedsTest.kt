package io.cxkit

import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.Test
import java.io.File
import java.time.Instant
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * FD3 through the Kotlin API: a [Feed], `CallCenter.applyFeedJson` in chunks
 * as a service tailing a queue_log calls it, AMI frames without a Timestamp
 * header timed by `now`, the trend per day, and the typed errors.
 */
class FeedsTest {
    private val feeds = File(System.getProperty("cxkit.vectors") ?: "../../../tests/vectors").parentFile.resolve("feeds")
    private val ringall = feeds.resolve("asterisk-queue-log/ringall-16.queue_log").readText()

    /** An empty roster that learns agents and groups as the feed names them (FD4). */
    private val learning = """{"tenant": {"id": "t1", "agents": [], "skill_groups": []},
        "roster": {"learn": true, "login_on_call": true},
        "calls": {"sms_rules": [{"name": "missed", "outcomes": ["queue_abandon", "rang_not_answered"], "template": "sms-missed"}]}}"""

    /** The ended calls of a run of FeedBatch results, in order, without the batch-local index. */
    private fun ended(batches: List<String>): List<String> = batches.flatMap { b ->
        val calls = JSONObject(b).getJSONObject("batch").getJSONArray("ended_calls")
        (0 until calls.length()).map { i -> calls.getJSONObject(i).also { it.remove("index") }.toString() }
    }

    private fun <T> withCenter(body: (CallCenter) -> T): T = Config.fromJson(learning).use { c -> CallCenter(c).use(body) }

    @Test
    fun chunksSplitMidLineGiveTheEndedCallsOfTheWholeText() {
        val whole = withCenter { cc ->
            Feed("asterisk-queue-log").use { f -> listOf(cc.applyFeedJson(f, ringall), cc.finishFeedJson(f)) }
        }
        val outcomes = ended(whole).map { JSONObject(it).optString("outcome") }
        // .11 and .21 answered; .31 hung up while two agents rang.
        assertEquals(listOf("agent_answered", "agent_answered", "rang_not_answered"), outcomes)
        assertEquals(0, JSONObject(whole[0]).getJSONArray("skipped").length())
        for (size in listOf(1, 7, 33)) {
            val batches = withCenter { cc ->
                Feed("asterisk-queue-log").use { f ->
                    ringall.chunked(size).map { cc.applyFeedJson(f, it) } + cc.finishFeedJson(f)
                }
            }
            assertEquals(ended(whole), ended(batches), "chunks of $size")
        }
    }

    private val amiNoTimestamp = "Event: QueueCallerJoin\r\nChannel: SIP/trunk-1\r\nCallerIDNum: 13800138000\r\n" +
        "Queue: sales\r\nPosition: 1\r\nCount: 1\r\nUniqueid: 1772460000.1\r\n\r\n"

    @Test
    fun anAmiFrameWithoutTimestampTakesNow() {
        val now = Instant.parse("2026-03-02T14:00:05Z")
        Feed("asterisk-ami").use { f ->
            val out = JSONObject(f.pushJson(amiNoTimestamp, now))
            val e = out.getJSONArray("events").getJSONObject(0)
            assertEquals(listOf("call.queued", "2026-03-02T14:00:05Z"), listOf(e.getString("type"), e.getString("at")))
        }
        withCenter { cc ->
            Feed("asterisk-ami").use { f ->
                assertEquals(1, JSONObject(cc.applyFeedJson(f, amiNoTimestamp, now)).getJSONObject("batch").getInt("applied"))
            }
            assertEquals(1, JSONObject(cc.liveCallsJson(Scope.Tenant)).getJSONObject("inbound").getInt("queued"))
        }
        // Without `now` the frame has no time: skipped, naming the field.
        Feed("asterisk-ami").use { f ->
            val out = JSONObject(f.pushJson(amiNoTimestamp))
            assertEquals(0, out.getJSONArray("events").length())
            assertTrue(out.getJSONArray("skipped").getJSONObject(0).getString("message").contains("Timestamp"))
        }
    }

    @Test
    fun trendPerDay() {
        withCenter { cc ->
            Feed("asterisk-queue-log").use { f -> cc.applyFeedJson(f, ringall); cc.finishFeedJson(f) }
            // 1700000100 is 2023-11-14T22:15Z: the 15th in the tenant's default zone (Asia/Shanghai).
            assertEquals(listOf("2023-11-15"), cc.trendDays())
            val t = JSONObject(cc.trendOfDayJson("2023-11-15")!!)
            val intervals: JSONArray = t.getJSONArray("intervals")
            assertEquals(3, (0 until intervals.length()).sumOf { intervals.getJSONObject(it).getJSONObject("inbound").getInt("offered") })
            assertNull(cc.trendOfDayJson("2023-11-14"))
            assertEquals("date", assertFailsWith<CxException.InvalidInput> { cc.trendOfDayJson("14/11/2023") }.field)
        }
    }

    @Test
    fun badArgumentsAreTypedErrors() {
        assertEquals("source", assertFailsWith<CxException.InvalidInput> { Feed("avaya") }.field)
        assertEquals("time_zone", assertFailsWith<CxException.InvalidInput> { Feed("asterisk-queue-log", "Mars/Olympus") }.field)
        Feed("freeswitch").use { assertEquals("freeswitch", it.source()) }
    }
}
