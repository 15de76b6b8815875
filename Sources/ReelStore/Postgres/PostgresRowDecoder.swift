import Foundation
import PostgresNIO

/// Reads a row into a record whose coding keys are its column names, as GRDB does for SQLite:
/// one `Codable` record type serves both backends.
struct PostgresRowDecoder: Decoder {
    let row: PostgresRandomAccessRow
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func decode<Record: Decodable>(_ type: Record.Type, from row: PostgresRow) throws -> Record {
        try Record(from: PostgresRowDecoder(row: row.makeRandomAccess()))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Columns(row: row))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "a row has no list"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "a row is not one value"))
    }

    private struct Columns<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let row: PostgresRandomAccessRow
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { [] }

        func contains(_ key: Key) -> Bool { row.contains(key.stringValue) }

        func decodeNil(forKey key: Key) throws -> Bool { row[key.stringValue].bytes == nil }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            let cell = row[key.stringValue]
            if let decodable = type as? any PostgresDecodable.Type {
                return try decodeColumn(decodable, cell) as! T
            }
            return try T(from: Cell(cell: cell, codingPath: [key]))
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw DecodingError.typeMismatch(type, .init(codingPath: [key], debugDescription: "columns do not nest"))
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: [key], debugDescription: "columns do not nest"))
        }

        func superDecoder() throws -> any Decoder { throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "no super")) }
        func superDecoder(forKey key: Key) throws -> any Decoder { try superDecoder() }
    }

    /// One column, for the values that decode from a single plain one: enums of strings.
    private struct Cell: Decoder, SingleValueDecodingContainer {
        let cell: PostgresCell
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            throw DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: "a column holds one value"))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "a column holds one value"))
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

        func decodeNil() -> Bool { cell.bytes == nil }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            guard let decodable = type as? any PostgresDecodable.Type else {
                throw DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: "not a column type"))
            }
            return try decodeColumn(decodable, cell) as! T
        }
    }
}

private func decodeColumn<Value: PostgresDecodable>(_ type: Value.Type, _ cell: PostgresCell) throws -> Value {
    try cell.decode(type)
}
