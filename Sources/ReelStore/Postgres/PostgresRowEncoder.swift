import Foundation
import PostgresNIO

/// A record's columns and their values as bindings, every column named even when nil, so that an
/// update clears what the record cleared.
struct PostgresRowEncoder: Encoder {
    final class Columns {
        var names: [String] = []
        var values = PostgresBindings()
    }

    let columns = Columns()
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func columns(of record: some Encodable) throws -> (names: [String], values: PostgresBindings) {
        let encoder = PostgresRowEncoder()
        try record.encode(to: encoder)
        return (encoder.columns.names, encoder.columns.values)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Container(columns: columns))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        preconditionFailure("a record is a row of columns, not a list")
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        preconditionFailure("a record is a row of columns, not one value")
    }

    private struct Container<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let columns: Columns
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws {
            columns.names.append(key.stringValue)
            columns.values.appendNull()
        }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            columns.names.append(key.stringValue)
            if let bindable = value as? any PostgresDynamicTypeEncodable {
                columns.values.append(bindable)
            } else if let raw = value as? any RawRepresentable, let string = raw.rawValue as? String {
                columns.values.append(string)
            } else {
                throw EncodingError.invalidValue(value, .init(codingPath: [key], debugDescription: "not a column type"))
            }
        }

        // Nil is written as NULL rather than left out.
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeOptional(value, key) }

        private mutating func encodeOptional<T: Encodable>(_ value: T?, _ key: Key) throws {
            if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            preconditionFailure("columns do not nest")
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { preconditionFailure("columns do not nest") }
        mutating func superEncoder() -> any Encoder { preconditionFailure("columns do not nest") }
        mutating func superEncoder(forKey key: Key) -> any Encoder { preconditionFailure("columns do not nest") }
    }
}
