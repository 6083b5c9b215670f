package io.cxkit

import org.json.JSONObject
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.Test
import java.io.File
import java.time.Instant

/**
 * Calls/s through the uniffi boundary (JNA) for the device toolbar and the
 * scorers, each next to the same calls made in Rust in the same run (the
 * `cxkit-uniffi-bench` bin, whose JSON lines `bindings/uniffi/bench.sh`
 * passes in `cxkit.rustBench`). Off unless `-Dcxkit.bench=true`.
 */
class BenchTest {
    private val text = "This is the third time I ask, where is my refund?"
    private fun t(s: Long): Instant = Instant.ofEpochSecond(1_774_688_400L + s)

    private fun rust(name: String): Double? = System.getProperty("cxkit.rustBench")?.takeIf { it.isNotBlank() }?.let { f ->
        File(f).readLines().map { JSONObject(it) }.firstOrNull { it.getString("bench") == name }?.getDouble("value")
    }

    private fun callsPerSec(calls: Int, budgetMs: Long = 1500, f: () -> Unit): Double {
        repeat(3) { f() } // JIT warm-up
        val start = System.nanoTime()
        var best = Long.MAX_VALUE
        var rounds = 0
        while (rounds < 5 || System.nanoTime() - start < budgetMs * 1_000_000) {
            val t0 = System.nanoTime(); f(); best = minOf(best, System.nanoTime() - t0); rounds++
        }
        return calls / (best / 1e9)
    }

    private fun line(bench: String, value: Double, baseline: String, base: Double?) {
        val o = JSONObject().put("bench", bench).put("value", Math.round(value)).put("unit", "calls/s").put("baseline", baseline)
        o.put("baseline_value", base?.let { Math.round(it) } ?: JSONObject.NULL)
        o.put("ratio", base?.let { Math.round(value / it * 1000) / 1000.0 } ?: JSONObject.NULL)
        println(o)
    }

    @Test
    fun boundary() {
        assumeTrue(System.getProperty("cxkit.bench") == "true", "bench off (-Dcxkit.bench=true)")
        // The floor: a call that does nothing but return a short String.
        val floor = callsPerSec(10_000) { repeat(10_000) { version() } }
        line("uniffi_kotlin_floor_call", floor, "none: version(), the cost of one crossing returning a String", null)
        // What the floor is made of: uniffi's Kotlin runtime builds a JNA
        // Structure for the call status of every call.
        val status = callsPerSec(10_000) { repeat(10_000) { UniffiRustCallStatus() } }
        line("uniffi_kotlin_call_status_alloc", status, "uniffi_kotlin_floor_call: one JNA Structure per call", floor)
        Config.example().use { c ->
            Toolbar(c, "a-1", "8001").use { tb ->
                tb.login(t(0), StartStatus.IDLE, null)
                var s = 1L
                val v = callsPerSec(4 * 1000) {
                    repeat(1000) {
                        tb.incomingCall(t(s), "c"); tb.answer(t(s)); tb.hangUp(t(s)); tb.finishAcw(t(s)); s++
                    }
                }
                line("uniffi_kotlin_toolbar", v, "uniffi_rust_toolbar: the same calls in Rust, same run", rust("uniffi_rust_toolbar"))
            }
            Escalation(c).use { esc ->
                val v = callsPerSec(1000) { repeat(1000) { esc.score(text) } }
                line("uniffi_kotlin_builtin_score", v, "uniffi_rust_builtin_score: the same calls in Rust, same run", rust("uniffi_rust_builtin_score"))
            }
            val constant = object : SentimentScorer {
                override fun name() = "constant"
                override fun score(text: String) = ScoreInput("constant", -0.4, null)
            }
            Escalation.withScorer(c, constant).use { esc ->
                val v = callsPerSec(10_000) { repeat(10_000) { esc.score(text) } }
                line("uniffi_kotlin_callback_score", v, "uniffi_rust_trait_score: a Rust scorer behind the same trait, same run", rust("uniffi_rust_trait_score"))
            }
        }
    }
}
