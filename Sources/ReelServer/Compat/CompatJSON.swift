import Foundation
import ReelTimeline

/// The pieces of the vendors' shapes: every documented field is present, null when it has no value.
extension JSONValue {
    static func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    static func number(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }

    static func count(_ value: (some BinaryInteger)?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }

    /// `2025-01-15T10:30:00Z`, or with milliseconds, `2026-01-26T12:00:00.000Z`, as Vydra writes them.
    static func time(_ date: Date?, milliseconds: Bool = false) -> JSONValue {
        guard let date else { return .null }
        let format = Date.ISO8601FormatStyle(includingFractionalSeconds: milliseconds)
        return .string(date.formatted(format))
    }
}
