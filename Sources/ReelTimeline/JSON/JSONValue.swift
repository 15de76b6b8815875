import Foundation

/// An untyped JSON document. Requests are read into this first (by ``JSONParser``) so that merge
/// fields can be applied and every field can be checked with its exact path.
public enum JSONValue: Sendable, Equatable, Encodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Parses JSON text; a syntax error becomes an `INVALID_REQUEST` issue at the root.
    public static func parse(_ data: Data) throws(TimelineValidationError) -> JSONValue {
        do throws(JSONParser.Failure) {
            return try JSONParser.parse(data)
        } catch {
            throw TimelineValidationError([
                TimelineIssue(code: .invalidRequest, path: "", message: "the body is not valid JSON: \(error.message)")
            ])
        }
    }

    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Applies `transform` to every string inside this value.
    func mapStrings(_ transform: (String) -> JSONValue) -> JSONValue {
        switch self {
        case .string(let value): transform(value)
        case .array(let values): .array(values.map { $0.mapStrings(transform) })
        case .object(let fields): .object(fields.mapValues { $0.mapStrings(transform) })
        default: self
        }
    }
}
