package io.cxkit

import org.json.JSONObject
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File
import kotlin.test.fail

/**
 * Runs every conformance vector in `tests/vectors/`  (format:
 * `docs/vectors.md`) through the Kotlin API, one dynamic test per file,
 * with the comparison rules of the Rust harness (see [Wire.matches]).
 *
 * Each op `"<object>.<method>"` maps to the idiomatic Kotlin call in [Ops].
 * An op this binding does not know FAILS its vector; only the objects
 * listed in [Ops.NOT_IN_MOBILE_API] (server-side features the mobile API
 * deliberately leaves out, see docs/bindings-mobile.md) make a vector
 * skipped, and each skip is printed.
 */
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class ConformanceTest {
    private val dir = File(System.getProperty("cxkit.vectors") ?: "../../../tests/vectors")

    private fun files(): List<File> =
        (dir.listFiles { f -> f.name.endsWith(".json") } ?: emptyArray()).sortedBy { it.name }

    @Test
    fun vectorsExist() {
        assertTrue(files().isNotEmpty(), "no conformance vectors in ${dir.absolutePath}")
    }

    @org.junit.jupiter.api.AfterAll
    fun summary() {
        println("[conformance] agent events applied typed: ${Ops.typedEvents}, as JSON: ${Ops.jsonEvents}")
        assertTrue(Ops.typedEvents > 0, "the typed AgentEvent path was never exercised")
    }

    @TestFactory
    fun vectors(): List<DynamicTest> = files().map { f -> DynamicTest.dynamicTest(f.name) { runVector(f) } }

    private fun runVector(file: File) {
        val v = JSONObject(file.readText())
        val steps = v.getJSONArray("steps")
        val ops = (0 until steps.length()).map { steps.getJSONObject(it).getString("op") }
        val outside = ops.filter { it.substringBefore('.') in Ops.NOT_IN_MOBILE_API }.toSet()
        if (outside.isNotEmpty()) {
            println("[conformance] ${file.name}: not run, ops outside the mobile API: $outside")
            return
        }
        val objects = Ops.Objects(v.optJSONObject("config")?.toString() ?: "{}")
        val failures = mutableListOf<String>()
        for (i in 0 until steps.length()) {
            val step = steps.getJSONObject(i)
            val op = step.getString("op")
            val args = step.optJSONObject("args") ?: JSONObject()
            val call = Ops.OPS[op] ?: fail("${file.name} step $i: unknown op `$op` (no Kotlin mapping)")
            val result = try {
                Result.success(Wire.toJson(call(objects, args)))
            } catch (e: CxException) {
                Result.failure(e)
            } catch (e: Ops.BadArgument) {
                Result.failure(e)
            }
            val expect = if (step.has("expect")) step.get("expect") else null
            val expectError = step.optJSONObject("expect_error")
            result.fold(
                onSuccess = { actual ->
                    when {
                        expectError != null -> failures += "step $i ($op): expected error $expectError, got $actual"
                        !Wire.matches(expect, actual) -> failures += "step $i ($op):\n  expected $expect\n  actual   $actual"
                    }
                },
                onFailure = { e ->
                    val got = when (e) {
                        is CxException -> Errors.toJson(e)
                        is Ops.BadArgument -> JSONObject().put("code", "INVALID_INPUT").put("message", e.message)
                            .put("details", JSONObject().put("field", e.field))
                        else -> throw e
                    }
                    when {
                        expectError == null -> failures += "step $i ($op): unexpected error $got"
                        expectError.getString("code") != got.getString("code") ||
                            (expectError.has("details") && !Wire.detailsMatch(expectError.get("details"), got.get("details"))) ->
                            failures += "step $i ($op): expected error $expectError, got $got"
                    }
                },
            )
        }
        objects.close()
        println("[conformance] ${file.name}: ${steps.length()} steps")
        if (failures.isNotEmpty()) fail("${file.name}: ${failures.size} failures\n" + failures.joinToString("\n"))
    }
}
