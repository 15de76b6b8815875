import Foundation
@testable import ReelTimeline
import Testing

/// The examples, mutated at random in their bytes and their JSON trees, go through the parser, the
/// validator and the scheduler: no crash, no request (up to 1 MiB) over a second, refusals of bounded
/// size and no growth of memory. It measures time and memory, so scripts/test.sh runs it alone. The seed is printed; `REEL_FUZZ_SEED` replays a run, `REEL_FUZZ_SECONDS` lengthens it.
@Suite struct RequestFuzzTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples")

    static func corpus() throws -> [Data] {
        let files = try FileManager.default.contentsOfDirectory(at: examples, includingPropertiesForKeys: nil).filter { $0.pathExtension == "json" }
        return try files.sorted { $0.path < $1.path }.map { try Data(contentsOf: $0) }
    }

    @Test func theParserReadsTheExamplesAsFoundationDoes() throws {
        for data in try Self.corpus() {
            #expect(try JSONParser.parse(data) == JSONDecoder().decode(FoundationReading.self, from: data).value)
        }
    }

    @Test func theParserRefusesWhatRFC8259Refuses() throws {
        let refused = [
            "", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "1e", "+1", "NaN", "\"a", "\"\\x\"", "\"\\u12\"", "\"\u{01}\"",
            "{\"a\":1,\"a\":2}", "[1] 2", "\"\\ud800\"", "\"\\udc00\"", "\"a\\u0000\"", "1e400", String(repeating: "[", count: 65) + String(repeating: "]", count: 65),
        ]
        for text in refused {
            #expect(throws: JSONParser.Failure.self, "\(text.prefix(20))") { try JSONParser.parse(Data(text.utf8)) }
        }
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Data([0x22, 0xff, 0x22])) }
        #expect(try JSONParser.parse(Data(#" {"a": [true, false, null, -1.5e2, "\u00e9\ud83c\udfac\n"]} "#.utf8))
            == .object(["a": .array([.bool(true), .bool(false), .null, .number(-150), .string("é🎬\n")])]))
        #expect(try JSONParser.parse(Data((String(repeating: "[", count: 64) + String(repeating: "]", count: 64)).utf8)) != .null)
    }

    /// On a thread of its own: four seconds of CPU on one of the concurrency pool's two threads
    /// would stall the servers that other tests run in this process.
    @Test func mutatedRequestsNeverCrashHangOrGrow() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread { continuation.resume(with: Result { try Self.fuzz() }) }.start()
        }
    }

    static func fuzz() throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["REEL_FUZZ_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max)
        let seconds = environment["REEL_FUZZ_SECONDS"].flatMap(Double.init) ?? 4
        print("RequestFuzzTests seed \(seed) (REEL_FUZZ_SEED=\(seed) replays it)")
        var mutator = Mutator(seed: seed)
        let corpus = try corpus()
        let trees = try corpus.map { try JSONParser.parse($0) }
        let residentAtStart = residentBytes()
        let deadline = Date().addingTimeInterval(seconds)
        var runs = 0
        var slowest = 0.0
        while Date() < deadline {
            let input: Data
            if mutator.chance(0.5) {
                input = mutator.mutateBytes(corpus[mutator.index(corpus.count)])
            } else {
                input = try JSONEncoder().encode(mutator.mutateTree(trees[mutator.index(trees.count)]))
            }
            // Large bodies are the server tests' business (a 4 MB flood); here each run stays quick.
            guard input.count <= 1024 * 1024 else { continue }
            let started = Date()
            let refusal = check(input)
            let elapsed = Date().timeIntervalSince(started)
            slowest = max(slowest, elapsed)
            runs += 1
            #expect(elapsed < 1, "seed \(seed), run \(runs): \(elapsed) s for \(String(decoding: input.prefix(300), as: UTF8.self))")
            if let refusal {
                #expect(refusal.issues.count <= IssueLog.maxListed)
                #expect(refusal.description.utf8.count < 64 * 1024, "seed \(seed), run \(runs): a refusal of \(refusal.description.utf8.count) bytes")
            }
        }
        let grown = residentBytes() - residentAtStart
        print("RequestFuzzTests: \(runs) requests in \(seconds) s, slowest \(Int(slowest * 1000)) ms, resident memory grew \(grown / 1_048_576) MiB")
        #expect(runs > 100)
        #expect(grown < 200 * 1_048_576, "resident memory grew by \(grown / 1_048_576) MiB")
    }

    /// Parses, validates and schedules `input` as the server would; the refusal, if any.
    static func check(_ input: Data) -> TimelineValidationError? {
        do {
            let request = try RenderRequest.parse(input)
            let durations = Dictionary(request.mediaSources.map { ($0.source, 5.0) }, uniquingKeysWith: { first, _ in first })
            _ = try TimelineSchedule.resolve(request.timeline, range: request.output.range, mediaDurations: durations, limits: TimelineLimits())
            return nil
        } catch {
            return error
        }
    }
}

/// Foundation's reading of the same JSON, to compare the parser with.
private struct FoundationReading: Decodable {
    var value: JSONValue

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .null
        } else if let flag = try? container.decode(Bool.self) {
            value = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            value = .number(number)
        } else if let text = try? container.decode(String.self) {
            value = .string(text)
        } else if let items = try? container.decode([FoundationReading].self) {
            value = .array(items.map(\.value))
        } else {
            value = .object(try container.decode([String: FoundationReading].self).mapValues(\.value))
        }
    }
}

/// Bytes this process holds in memory now, from /proc.
func residentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
        let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
    else { return 0 }
    return kilobytes * 1024
}

/// Seeded mutations (SplitMix64), so that a failing run can be replayed.
struct Mutator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func index(_ count: Int) -> Int { Int(next() % UInt64(max(count, 1))) }

    mutating func chance(_ probability: Double) -> Bool { Double(next() % 10_000) / 10_000 < probability }

    mutating func mutateBytes(_ data: Data) -> Data {
        var bytes = [UInt8](data)
        for _ in 0...index(4) where !bytes.isEmpty {
            let at = index(bytes.count)
            switch index(5) {
            case 0: bytes[at] = UInt8(truncatingIfNeeded: next())
            case 1: bytes.removeSubrange(at..<min(bytes.count, at + 1 + index(16)))
            case 2: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 1 + index(64))], at: index(bytes.count))
            case 3: bytes.insert(contentsOf: Array(Self.fragments[index(Self.fragments.count)].utf8), at: at)
            default: bytes.insert(UInt8(truncatingIfNeeded: next()), at: at)
            }
        }
        return Data(bytes)
    }

    mutating func mutateTree(_ value: JSONValue) -> JSONValue {
        var result = value
        for _ in 0...index(3) { result = mutateNode(result, depth: 0) }
        if chance(0.2), case .object(var fields) = result {
            fields["merge"] = .array((0..<(1 + index(30))).map { level in
                .object(["find": .string("A\(level)"), "replace": .string("{{A\(level + 1)}}{{A\(level + 1)}}")])
            })
            result = .object(fields)
        }
        return result
    }

    private mutating func mutateNode(_ value: JSONValue, depth: Int) -> JSONValue {
        switch value {
        case .object(var fields) where !fields.isEmpty && chance(0.8):
            let key = fields.keys.sorted()[index(fields.count)]
            if chance(0.15) { fields[key + "x"] = replacement() } else { fields[key] = mutateNode(fields[key]!, depth: depth + 1) }
            return .object(fields)
        case .array(var items) where !items.isEmpty && chance(0.8):
            let at = index(items.count)
            if chance(0.1) { items += Array(repeating: items[at], count: 1 + index(300)) } else { items[at] = mutateNode(items[at], depth: depth + 1) }
            return .array(items)
        default:
            return replacement()
        }
    }

    private mutating func replacement() -> JSONValue {
        switch index(12) {
        case 0: return .string(String(repeating: "e\u{301}\u{302}", count: index(5000)))
        case 1: return .string("{{A0}}")
        case 2: return .number([0, -1, 1e308, -1e-308, 0.5, 1e9, 86_400, 4096, 2_147_483_648][index(9)])
        case 3: return .string(["auto", "end", "alias://x", "", "#zzzzzz", "https://example.com/a.mp4", "http://127.0.0.1/x", "../../etc/passwd"][index(8)])
        case 4: return .null
        case 5: return .bool(chance(0.5))
        case 6: return (0..<(1 + index(60))).reduce(JSONValue.number(1)) { inner, _ in .array([inner]) }
        case 7: return .object(Dictionary(uniqueKeysWithValues: (0..<index(2000)).map { ("k\($0)", JSONValue.number(Double($0))) }))
        case 8: return .array(Array(repeating: .object(["asset": .object(["type": .string("color"), "color": .string("#ff0000")]), "start": .number(0), "length": .number(1)]), count: index(400)))
        case 9: return .string(Self.fragments[index(Self.fragments.count)])
        case 10: return .string(String(repeating: "W ", count: index(20_000)))
        default: return .object([:])
        }
    }

    static let fragments = [
        "{{A0}}", "\\u0000", "\"", "{", "}", "[", "]", ":", ",", "1e999", "-0", "\u{2028}", "\r", "%{pts}", "'", "\\", "[[[[[[[[[[", "null", "\u{FEFF}",
    ]
}
