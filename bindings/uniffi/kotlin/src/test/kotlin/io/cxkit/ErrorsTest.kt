package io.cxkit

import org.json.JSONObject
import org.junit.jupiter.api.Test
import java.time.Instant
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/** One test per `CxException` variant: each reaches Kotlin typed, with its fields. */
class ErrorsTest {
    private fun t(s: Int): Instant = Instant.parse("2026-03-28T09:00:00Z").plusSeconds(s.toLong())
    private val ticketsConfig = """{"tenant": {"agents": [{"id": "a-1", "role": "agent"}, {"id": "s-1", "role": "senior_agent"}],
        "role_permissions": {"agent": ["ticket_reply"], "senior_agent": ["ticket_reply", "ticket_close"]}}}"""

    private fun details(e: CxException): JSONObject = Errors.toJson(e).getJSONObject("details")

    @Test
    fun invalidTransition(): Unit = Config.example().use { c ->
        Toolbar(c, "a-1", "8001").use { tb ->
            tb.login(t(0), StartStatus.IDLE, null)
            val e = assertFailsWith<CxException.InvalidTransition> { tb.answer(t(1)) }
            assertEquals("INVALID_TRANSITION", e.code)
            assertEquals("a-1", e.subject)
            assertEquals(e.state, details(e).getString("state"))
        }
    }

    @Test
    fun unknownEntity(): Unit = Config.example().use { c ->
        CallCenter(c).use { cc ->
            val e = assertFailsWith<CxException.UnknownEntity> { cc.toolbar("ghost") }
            assertEquals("UNKNOWN_ENTITY", e.code)
            assertEquals("agent", e.kind)
            assertEquals("ghost", e.id)
        }
    }

    @Test
    fun permissionDenied(): Unit = Config.fromJson(ticketsConfig).use { c ->
        Tickets(c).use { tk ->
            tk.createTicket(NewTicket("tk-1", "c-1", Channel.DESKTOP_WEB, "Refund", "", t(0)))
            val e = assertFailsWith<CxException.PermissionDenied> { tk.close("tk-1", "a-1", t(1)) }
            assertEquals("agent", e.role)
            assertEquals("ticket_close", e.permission)
            assertEquals(TicketStatus.CLOSED, tk.close("tk-1", "s-1", t(2)).status)
        }
    }

    @Test
    fun config() {
        val e = assertFailsWith<CxException.Config> {
            Config.fromJson("""{"escalation": {"window_size": 0}}""").use { c -> Escalation(c).close() }
        }
        assertEquals("CONFIG_ERROR", e.code)
        assertTrue(e.field.startsWith("escalation."), e.field)
    }

    @Test
    fun configFieldPathFromJsonTomlAndFile() {
        // #17: the bad agent of a roster is found by its path, line and column.
        val json = "{\"tenant\": {\"agents\": [\n  {\"id\": \"a1\"},\n  {\"id\": \"a2\", \"org_unti\": \"hq\"}\n]}}"
        val e = assertFailsWith<CxException.Config> { Config.fromJson(json) }
        assertEquals("tenant.agents[1].org_unti", e.field)
        assertEquals(3u, e.line)
        assertEquals("tenant.agents[1].org_unti", details(e).getString("field"))
        val toml = "[[tenant.agents]]\nid = \"a1\"\n[[tenant.agents]]\nid = \"a2\"\nkind = \"robot\"\n"
        val t = assertFailsWith<CxException.Config> { Config.fromToml(toml) }
        assertEquals(Triple("tenant.agents[1].kind", 5u, 8u), Triple(t.field, t.line, t.column))
        val dir = kotlin.io.path.createTempDirectory("cxkit-config")
        try {
            val file = dir.resolve("centre.toml").toFile()
            file.writeText(toml)
            val f = assertFailsWith<CxException.Config> { Config.fromPath(file.path) }
            assertEquals(Triple("tenant.agents[1].kind", 5u, 8u), Triple(f.field, f.line, f.column))
            assertTrue(f.reason.contains(file.path) && f.reason.contains("line 5 column 8"), f.reason)
            val trailing = dir.resolve("centre.json").toFile()
            trailing.writeText("{\"calls\": {\"trend_days\": 3,}}")
            val c = assertFailsWith<CxException.Config> { Config.fromPath(trailing.path) }
            assertEquals(Triple("calls", 1u, 28u), Triple(c.field, c.line, c.column))
            val missing = assertFailsWith<CxException.Config> { Config.fromPath(dir.resolve("missing.json").toString()) }
            assertEquals("", missing.field)
            assertEquals(null, missing.line)
        } finally {
            dir.toFile().deleteRecursively()
        }
        // A rule checked after decoding: the path, no position.
        val sg = assertFailsWith<CxException.Config> {
            Config.fromJson("""{"tenant": {"skill_groups": [{"id": "care"}], "agents": [{"id": "a1", "skill_groups": ["care", "sales"]}]}}""")
                .use { c -> CallCenter(c).close() }
        }
        assertEquals("tenant.agents[0].skill_groups[1]", sg.field)
        assertEquals(null, sg.line)
    }

    @Test
    fun validation(): Unit = Config.fromJson(
        """{"templates": {"templates": [{"id": "t", "fields": [
           {"key": "phone", "kind": "phone", "required": true}, {"key": "detail", "kind": "long_text", "required": true}]}]}}""",
    ).use { c ->
        Templates(c).use { tm ->
            val e = assertFailsWith<CxException.Validation> { tm.validate("t", mapOf("phone" to FieldValue.Text("12-34"))) }
            assertEquals("VALIDATION_ERROR", e.code)
            assertEquals(listOf("phone", "detail"), e.errors.map { it.field })
            assertEquals("required", e.errors[1].code)
            tm.validate("t", mapOf("phone" to FieldValue.Text("13800138000"), "detail" to FieldValue.Text("broken")))
        }
    }

    @Test
    fun invalidInput() {
        val e = assertFailsWith<CxException.InvalidInput> { validateDial("12a") }
        assertEquals("INVALID_INPUT", e.code)
        assertEquals("number", e.field)
        assertTrue(e.reason.contains("position 3"), e.reason)
    }

    @Test
    fun conflict(): Unit = Config.fromJson(ticketsConfig).use { c ->
        Tickets(c).use { tk ->
            tk.createTicket(NewTicket("tk-1", "c-1", Channel.APP, "A", "", t(0)))
            val e = assertFailsWith<CxException.Conflict> { tk.createTicket(NewTicket("tk-1", "c-2", Channel.APP, "B", "", t(1))) }
            assertEquals("CONFLICT", e.code)
        }
    }

    @Test
    fun outOfOrder(): Unit = Config.example().use { c ->
        Escalation(c).use { esc ->
            val msg = { s: Int -> CustomerMessage("conv-1", Channel.APP, "hello", t(s)) }
            esc.observeScore(msg(10), ScoreInput("mine", 0.1, null), true)
            val e = assertFailsWith<CxException.OutOfOrder> { esc.observeScore(msg(5), ScoreInput("mine", 0.1, null), true) }
            assertEquals("conv-1", e.subject)
        }
    }

    @Test
    fun scorer(): Unit = Config.example().use { c ->
        Escalation(c).use { esc ->
            val e = assertFailsWith<CxException.Scorer> {
                esc.observeScore(CustomerMessage("conv-1", Channel.APP, "x", t(0)), ScoreInput("mine", 1.5, null), true)
            }
            assertEquals("SCORER_ERROR", e.code)
            assertEquals("mine", e.scorer)
        }
    }

    @Test
    fun internal() {
        val e = assertFailsWith<CxException.Internal> { panicGuardSelfTest("a bug") }
        assertEquals("INTERNAL", e.code)
        assertEquals("{}", e.details)
    }

    @Test
    fun everyVariantIsCovered() {
        val variants = CxException::class.sealedSubclasses.map { it.simpleName }.toSet()
        val tested = ErrorsTest::class.members.map { it.name.replaceFirstChar(Char::uppercaseChar) }.toSet()
        assertEquals(emptySet(), variants - tested, "a CxException variant without its test")
    }
}
