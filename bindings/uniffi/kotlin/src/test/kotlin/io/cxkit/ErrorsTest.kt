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
    fun invalidTransition(): Unit = Config.embeddedDefault().use { c ->
        Toolbar(c, "a-1", "8001").use { tb ->
            tb.login(t(0), StartStatus.IDLE, null)
            val e = assertFailsWith<CxException.InvalidTransition> { tb.answer(t(1)) }
            assertEquals("INVALID_TRANSITION", e.code)
            assertEquals("a-1", e.subject)
            assertEquals(e.state, details(e).getString("state"))
        }
    }

    @Test
    fun unknownEntity(): Unit = Config.embeddedDefault().use { c ->
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
    fun outOfOrder(): Unit = Config.embeddedDefault().use { c ->
        Escalation(c).use { esc ->
            val msg = { s: Int -> CustomerMessage("conv-1", Channel.APP, "hello", t(s)) }
            esc.observeScore(msg(10), ScoreInput("mine", 0.1, null), true)
            val e = assertFailsWith<CxException.OutOfOrder> { esc.observeScore(msg(5), ScoreInput("mine", 0.1, null), true) }
            assertEquals("conv-1", e.subject)
        }
    }

    @Test
    fun scorer(): Unit = Config.embeddedDefault().use { c ->
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
