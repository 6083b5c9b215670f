package io.cxkit

import org.json.JSONObject

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/** The glue itself: version, config loading, the error mapping of every family. */
class BasicsTest {
    @Test
    fun packageCarriesTheWorkspaceVersion() {
        assertEquals(System.getProperty("cxkit.pomVersion"), version())
    }

    @Test
    fun exampleLoads() {
        Config.example().use { c ->
            val s = c.summary()
            assertTrue(s.agents > 0u, "the example call center has agents: $s")
            assertTrue(s.orgUnits > 0u)
        }
    }

    @Test
    fun configErrorNamesTheField() {
        val e = assertFailsWith<CxException.Config> { Config.fromJson("""{"tenantt": {}}""") }
        assertEquals("CONFIG_ERROR", e.code)
        assertTrue(e.reason.contains("tenantt"), e.reason)
        val bad = assertFailsWith<CxException.Config> {
            Config.fromJson("""{"tenant": {"time_zone": "Mars/Olympus"}}""").use { it.summary() }
        }
        assertEquals("tenant.time_zone", bad.field)
    }

    @Test
    fun exampleAndEmpty() {
        val example = Config.example().use { it.toJson() }
        assertEquals(example, Config.embeddedDefault().use { it.toJson() }, "the old name is the example")
        val empty = Config.empty().use { it.toJson() }
        assertEquals(empty, Config.fromJson("{}").use { it.toJson() })
        assertEquals(0uL, Config.empty().use { it.summary().agents })
        // A section left out is the empty one, not the example's.
        val mine = JSONObject(Config.fromJson("""{"tenant": {"id": "mine"}}""").use { it.toJson() })
        assertEquals(JSONObject(empty).getJSONObject("calls").toString(), mine.getJSONObject("calls").toString())
        assertTrue(JSONObject(example).getJSONObject("calls").has("service_calendar"))
    }

    @Test
    fun malformedEventIsInvalidInput() {
        Config.example().use { c ->
            CallCenter(c).use { cc ->
                val e = assertFailsWith<CxException.InvalidInput> { cc.applyJson("{not json") }
                assertEquals("INVALID_INPUT", e.code)
                assertEquals("event", e.field)
            }
        }
    }

    @Test
    fun panicBecomesInternalNotACrash() {
        val e = assertFailsWith<CxException.Internal> { panicGuardSelfTest("boom from Kotlin") }
        assertEquals("INTERNAL", e.code)
        assertTrue(e.reason.contains("boom from Kotlin"), e.reason)
        // The library is still usable afterwards.
        assertEquals(System.getProperty("cxkit.pomVersion"), version())
    }
}
