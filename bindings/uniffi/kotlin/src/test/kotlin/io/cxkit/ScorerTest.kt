package io.cxkit

import org.junit.jupiter.api.Test
import java.time.Instant
import java.util.concurrent.atomic.AtomicInteger
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertTrue

/** RB1: a sentiment scorer written in Kotlin, called back from Rust. */
class ScorerTest {
    private fun t(s: Int): Instant = Instant.parse("2026-03-28T09:00:00Z").plusSeconds(s.toLong())
    private fun msg(s: Int, text: String) = CustomerMessage("conv-1", Channel.MOBILE_WEB, text, t(s))

    /** Negative when the text shouts (ends with `!!`), neutral otherwise. */
    class ShoutScorer : SentimentScorer {
        val calls = AtomicInteger()
        override fun name() = "shout"
        override fun score(text: String): ScoreInput {
            calls.incrementAndGet()
            return ScoreInput("shout", if (text.endsWith("!!")) -0.8 else 0.0, null)
        }
    }

    @Test
    fun kotlinScorerDrivesTheEscalationPolicy(): Unit = Config.example().use { c ->
        val scorer = ShoutScorer()
        Escalation.withScorer(c, scorer).use { esc ->
            assertEquals(Score("shout", Label.NEGATIVE, -0.8), esc.score("where is my parcel!!"))
            assertIs<Decision.Continue>(esc.observe(msg(0, "hello!!"), true))
            assertIs<Decision.Continue>(esc.observe(msg(10, "still nothing!!"), true))
            val d = esc.observe(msg(20, "unbelievable!!"), false)
            assertIs<Decision.Escalate>(d)
            assertEquals(Route.LEAVE_MESSAGE, d.route, "nobody online: leave a message")
            val run = d.reasons.filterIsInstance<Reason.ConsecutiveNegative>().single()
            assertEquals(3u, run.count)
            assertEquals(listOf(-0.8, -0.8, -0.8), run.scores)
            assertIs<Decision.AlreadyWithHuman>(esc.observe(msg(30, "ok"), true))
            assertEquals(4, scorer.calls.get(), "once escalated the bot no longer scores")
        }
    }

    @Test
    fun aThrowingKotlinScorerIsAScorerErrorAndChangesNothing(): Unit = Config.example().use { c ->
        val flaky = object : SentimentScorer {
            override fun name() = "flaky"
            override fun score(text: String): ScoreInput = if (text == "boom") throw IllegalStateException("model not loaded") else ScoreInput("flaky", -0.9, null)
        }
        Escalation.withScorer(c, flaky).use { esc ->
            esc.observe(msg(0, "bad"), true)
            val e = assertFailsWith<CxException.Scorer> { esc.observe(msg(1, "boom"), true) }
            assertEquals("flaky", e.scorer)
            assertTrue(e.reason.contains("model not loaded"), e.reason)
            assertEquals(1uL, esc.conversations())
            // The failed message did not count: two more negatives are needed.
            assertIs<Decision.Continue>(esc.observe(msg(2, "bad"), true))
            assertIs<Decision.Escalate>(esc.observe(msg(3, "bad"), true))
        }
    }

    @Test
    fun oneEscalationServesManyThreadsAndCallsTheKotlinScorerFromEach(): Unit = Config.example().use { c ->
        val scorer = ShoutScorer()
        Escalation.withScorer(c, scorer).use { esc ->
            val threads = (0 until 8).map { n ->
                Thread {
                    repeat(50) { i ->
                        esc.observe(CustomerMessage("conv-$n", Channel.APP, "ok", t(i)), true)
                    }
                }
            }
            threads.forEach { it.start() }
            threads.forEach { it.join() }
            assertEquals(8uL, esc.conversations())
            assertEquals(400, scorer.calls.get())
        }
    }

    @Test
    fun outOfRangeOrNanScoresAreRefused(): Unit = Config.example().use { c ->
        for (value in listOf(Double.NaN, 2.0)) {
            val bad = object : SentimentScorer {
                override fun name() = "bad"
                override fun score(text: String) = ScoreInput("bad", value, null)
            }
            Escalation.withScorer(c, bad).use { esc ->
                assertFailsWith<CxException.Scorer> { esc.score("x") }
            }
        }
    }

    @Test
    fun builtInScorersAreAvailableAndComposable(): Unit = Config.example().use { c ->
        val builtin = builtinScorer(c)
        val zh = builtin.score("太差了，非常失望")
        val en = englishScorer().score("This is terrible, I am very disappointed")
        assertEquals(Label.NEGATIVE, zh.label, zh.toString())
        assertEquals(Label.NEGATIVE, en.label, en.toString())
        // A Kotlin scorer that wraps the built-in one.
        val wrapped = object : SentimentScorer {
            override fun name() = "wrapped"
            override fun score(text: String) = builtin.score(text).copy(scorer = "wrapped")
        }
        Escalation.withScorer(c, wrapped).use { esc -> assertEquals("wrapped", esc.score("great, thanks!").scorer) }
        Escalation(c).use { esc -> assertEquals(en.label, esc.score("This is terrible, I am very disappointed").label) }
    }
}
