import Foundation
@testable import ReelTimeline
import Testing

/// What one request can make the parser do is bounded: merge fields, string lengths, the size of a refusal.
@Suite struct RequestBoundsTests {
    /// `A0 → {{A1}}{{A1}}`, `A1 → {{A2}}{{A2}}`…: once doubling per level, 2^levels copies.
    static func mergeBomb(levels: Int) -> String {
        let fields = (0..<levels).map { ##"{"find": "A\##($0)", "replace": "{{A\##($0 + 1)}}{{A\##($0 + 1)}}"}"## }
        let clip = ##"{"asset": {"type": "text", "text": "{{A0}}"}, "start": 0, "length": 1}"##
        return ##"{"timeline": {"tracks": [{"clips": [\##(clip)]}]}, "output": {"format": "mp4"}, "merge": [\##(fields.joined(separator: ","))]}"##
    }

    @Test func aReplacementIsNeverSearchedForPlaceholdersAgain() throws {
        let request = try RenderRequest.parse(Data(Self.mergeBomb(levels: 26).utf8))
        guard case .text(let text) = request.timeline.tracks[0].clips[0].asset else { throw Failure("not a text clip") }
        #expect(text.text == "{{A1}}{{A1}}")
    }

    @Test func placeholdersAreReplacedInOnePassAndUnknownOnesKept() throws {
        let json = body(clip: ##"{"asset": {"type": "text", "text": "{{{{A}} {{B}} {{A}}}} {{"}, "start": "{{START}}", "length": 1}"##)
            .replacingOccurrences(of: #""output""#, with: #""merge": [{"find": "A", "replace": "x"}, {"find": "START", "replace": 2}, {"find": "A", "replace": "second"}], "output""#)
        let request = try RenderRequest.parse(Data(json.utf8))
        let clip = request.timeline.tracks[0].clips[0]
        guard case .text(let text) = clip.asset else { throw Failure("not a text clip") }
        #expect(text.text == "{{x {{B}} x}} {{")
        #expect(clip.start == .at(2))
    }

    @Test func mergedStringsMayNotGrowPastTheBudget() {
        var limits = TimelineLimits()
        limits.maxMergedBytes = 100_000
        let placeholders = String(repeating: "{{BIG}}", count: 200)
        let json = body(clip: ##"{"asset": {"type": "text", "text": "\##(placeholders)"}, "start": 0, "length": 1}"##)
            .replacingOccurrences(of: #""output""#, with: #""merge": [{"find": "BIG", "replace": "\#(String(repeating: "x", count: 1000))"}], "output""#)
        let found = issues(json, options: ValidationOptions(limits: limits))
        #expect(found.map(\.path) == ["timeline.tracks[0].clips[0].asset.text"])
        #expect(found.first?.message.contains("grows past 100000 bytes") == true, "\(found)")
    }

    @Test func textIsLimitedInCodePointsAsWellAsCharacters() throws {
        let plain = String(repeating: "é", count: 2000)
        #expect(throws: Never.self) { try RenderRequest.parse(Data(body(clip: Self.textClip(plain)).utf8)) }
        // 2,000 characters of one letter and five combining marks each: 12,000 code points.
        let stacked = String(repeating: "e\u{301}\u{302}\u{303}\u{304}\u{305}", count: 2000)
        #expect(stacked.count == 2000)
        let found = issues(body(clip: Self.textClip(stacked)))
        #expect(found.map(\.path) == ["timeline.tracks[0].clips[0].asset.text"])
        #expect(found.first?.message == "must be at most 2000 characters and 8000 Unicode code points long")
    }

    @Test func aRefusalListsFiftyIssuesAndCountsTheRest() {
        let keys = (0..<10_000).map { ##""unknown\##($0)": 1"## }.joined(separator: ",")
        let longKey = String(repeating: "k", count: 5000)
        let json = ##"{"\##(longKey)": 1, \##(keys), "timeline": {"tracks": []}, "output": {"format": "mp4"}}"##
        do {
            _ = try RenderRequest.parse(Data(json.utf8))
            Issue.record("a request of unknown keys was accepted")
        } catch {
            #expect(error.issues.count == 50)
            #expect(error.unlisted == 10_002 - 50)
            #expect(error.issues.allSatisfy { $0.path.count <= 201 })
            #expect(error.lines.last == "and 9952 more issues")
        }
    }

    static func textClip(_ text: String) -> String {
        ##"{"asset": {"type": "text", "text": \##(String(decoding: try! JSONEncoder().encode(text), as: UTF8.self))}, "start": 0, "length": 1}"##
    }
}

struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
