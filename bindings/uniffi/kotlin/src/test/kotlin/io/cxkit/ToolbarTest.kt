package io.cxkit

import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import java.time.Instant
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

/** The device toolbar through typed Records (TB1–TB4); the rules are Rust's. */
class ToolbarTest {
    private val config = Config.example() // ACW on, 30 s, back to idle
    private fun t(s: Int): Instant = Instant.parse("2026-03-28T09:00:00Z").plusSeconds(s.toLong())

    @AfterEach
    fun close() = config.close()

    @Test
    fun tb1LoginAndStartingStatusAreOneStep() {
        Toolbar(config, "a-1", "8001").use { tb ->
            val before = tb.view()
            assertFalse(before.loggedIn)
            assertEquals(Category.OFFLINE, before.state)
            val v = tb.login(t(0), StartStatus.BUSY, null)
            assertTrue(v.loggedIn)
            assertEquals(Category.BUSY, v.state)
            assertEquals(Binding.ONE_TO_ONE, v.binding)
            assertEquals("8001", v.extension)
        }
    }

    @Test
    fun tb1DynamicBindingTakesTheExtensionPickedAtLogin() {
        Toolbar(config, "a-2", null).use { tb ->
            val v = tb.login(t(0), StartStatus.IDLE, "8107")
            assertEquals(Binding.DYNAMIC, v.binding)
            assertEquals("8107", v.extension)
            assertEquals(Category.IDLE, v.state)
        }
    }

    @Test
    fun tb2AcwStartsByItselfAndCanBeFinishedEarlyWhileCollapsed() {
        Toolbar(config, "a-1", "8001").use { tb ->
            tb.login(t(0), StartStatus.IDLE, null)
            tb.incomingCall(t(1), "c-1")
            tb.answer(t(2))
            val acw = tb.hangUp(t(10))
            assertEquals(Category.AFTER_CALL_WORK, acw.state)
            assertEquals(t(40), acw.acwUntil)
            assertTrue("acw_complete" in acw.actions, acw.actions.toString())
            tb.collapse(t(11), true)
            val done = tb.finishAcw(t(12))
            assertEquals(Category.IDLE, done.state)
            assertNull(done.acwUntil)
        }
    }

    @Test
    fun tb2AcwEndsWhenItsTimeIsUp() {
        Toolbar(config, "a-1", "8001").use { tb ->
            tb.login(t(0), StartStatus.IDLE, null)
            tb.incomingCall(t(1), "c-1")
            tb.answer(t(2))
            tb.hangUp(t(10))
            assertEquals(Category.AFTER_CALL_WORK, tb.tick(t(39)).state)
            assertEquals(Category.IDLE, tb.tick(t(40)).state)
        }
    }

    @Test
    fun tb3PopupCollapsedByHandStaysCollapsedOnAnIncomingCall() {
        Toolbar(config, "a-1", "8001").use { tb ->
            tb.login(t(0), StartStatus.IDLE, null)
            tb.collapse(t(1), true)
            val ringing = tb.incomingCall(t(2), "c-1")
            assertEquals(Popup.COLLAPSED_BY_HAND, ringing.popup)
            assertFalse(ringing.popupExpanded)
            tb.expand(t(3))
            tb.hangUp(t(4))
            tb.collapse(t(5), false)
            val again = tb.incomingCall(t(6), "c-2")
            assertTrue(again.popupExpanded, "an automatically collapsed popup expands")
        }
    }

    @Test
    fun tb4KeypadDialValidation() {
        validateDial("+86*10086#")
        for (bad in listOf("", "138-0013", "12+34", "+", "1".repeat(33))) {
            val e = assertFailsWith<CxException.InvalidInput>(bad) { validateDial(bad) }
            assertEquals("number", e.field)
        }
        Toolbar(config, "a-1", "8001").use { tb ->
            tb.login(t(0), StartStatus.IDLE, null)
            val before = tb.view()
            assertFailsWith<CxException.InvalidInput> { tb.dial(t(1), "o-1", "12a") }
            assertEquals(before, tb.view(), "a refused action changes nothing")
            assertEquals(Category.OUTBOUND, tb.dial(t(2), "o-1", "+86*10086#").state)
        }
    }
}
