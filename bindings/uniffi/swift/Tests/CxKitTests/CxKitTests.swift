// XCTest for the Swift binding (`swift test -Xlinker -L<target>/debug` on a
// Mac). Not run on the Linux CI machine, which has no swiftc; the Kotlin
// tests cover the same glue there (see docs/bindings-mobile.md).
import XCTest
@testable import CxKit

final class CxKitTests: XCTestCase {
    private func t(_ s: Double) -> Date { Date(timeIntervalSince1970: 1_774_688_400 + s) }

    func testToolbarLoginWithStartingStatus() throws {
        let config = try Config.example()
        let tb = try Toolbar(config: config, agent: "a-1", extension: "8001")
        let v = try tb.login(at: t(0), status: .busy, extension: nil)
        XCTAssertTrue(v.loggedIn)
        XCTAssertEqual(v.state, .busy)
    }

    func testDialValidationIsATypedError() {
        XCTAssertThrowsError(try validateDial(number: "12a")) { error in
            guard case let CxError.InvalidInput(code, _, _, field) = error else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(code, "INVALID_INPUT")
            XCTAssertEqual(field, "number")
        }
    }

    func testPanicArrivesAsInternal() {
        XCTAssertThrowsError(try panicGuardSelfTest(message: "bug")) { error in
            guard case CxError.Internal = error else { return XCTFail("unexpected \(error)") }
        }
    }

    final class Shout: SentimentScorer, @unchecked Sendable {
        func name() -> String { "shout" }
        func score(text: String) throws -> ScoreInput {
            ScoreInput(scorer: "shout", score: text.hasSuffix("!!") ? -0.8 : 0.0, label: nil)
        }
    }

    func testSwiftScorerDrivesEscalation() throws {
        let config = try Config.example()
        let esc = try Escalation.withScorer(config: config, scorer: Shout())
        var last: Decision?
        for (i, text) in ["where!!", "still!!", "now!!"].enumerated() {
            let msg = CustomerMessage(conversation: "c-1", channel: .app, text: text, at: t(Double(i) * 10))
            last = try esc.observe(message: msg, humanAvailable: true)
        }
        guard case let .escalate(_, _, _, _, route)? = last else { return XCTFail("no escalation: \(String(describing: last))") }
        XCTAssertEqual(route, .humanAgent)
    }
}
