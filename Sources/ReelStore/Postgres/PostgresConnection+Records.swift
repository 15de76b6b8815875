import Foundation
import GRDB
import Logging
import PostgresNIO

/// Records read and written by their coding keys, which are their column names; values always travel as bindings.
extension PostgresConnection {
    private static let queryLogger = Logger(label: "reel.postgres.query")

    func rows(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        try await self.query(query, logger: Self.queryLogger)
    }

    func all<Record: Decodable>(_ type: Record.Type, _ query: PostgresQuery) async throws -> [Record] {
        var records: [Record] = []
        for try await row in try await rows(query) {
            records.append(try PostgresRowDecoder.decode(Record.self, from: row))
        }
        return records
    }

    func one<Record: Decodable>(_ type: Record.Type, _ query: PostgresQuery) async throws -> Record? {
        try await all(type, query).first
    }

    /// The first column of the first row; nil when there is no row or the value is NULL.
    func value<Value: PostgresDecodable>(_ type: Value.Type, _ query: PostgresQuery) async throws -> Value? {
        for try await row in try await rows(query) {
            guard let cell = row.first, cell.bytes != nil else { return nil }
            return try cell.decode(Value.self)
        }
        return nil
    }

    /// Runs a statement; returns how many rows it answered (with RETURNING, how many it changed).
    @discardableResult
    func run(_ query: PostgresQuery) async throws -> Int {
        var changed = 0
        for try await _ in try await rows(query) { changed += 1 }
        return changed
    }

    /// Inserts every column of the record; with `ignoringConflicts`, a row that breaks a unique key is left out. Returns whether it was inserted.
    @discardableResult
    func insert<Record: Encodable & TableRecord>(_ record: Record, ignoringConflicts: Bool = false) async throws -> Bool {
        let (names, values) = try PostgresRowEncoder.columns(of: record)
        let placeholders = names.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
        let conflict = ignoringConflicts ? " ON CONFLICT DO NOTHING" : ""
        let sql = "INSERT INTO \(Record.databaseTableName) (\(names.joined(separator: ", "))) VALUES (\(placeholders))\(conflict) RETURNING 1"
        return try await run(PostgresQuery(unsafeSQL: sql, binds: values)) > 0
    }

    /// Writes every column of the record to the row with its `id`.
    func update<Record: Encodable & TableRecord>(_ record: Record) async throws {
        let (names, values) = try PostgresRowEncoder.columns(of: record)
        guard let id = names.firstIndex(of: "id") else { preconditionFailure("\(Record.self) has no id column") }
        let assignments = names.indices.map { "\(names[$0]) = $\($0 + 1)" }.joined(separator: ", ")
        let sql = "UPDATE \(Record.databaseTableName) SET \(assignments) WHERE id = $\(id + 1)"
        try await run(PostgresQuery(unsafeSQL: sql, binds: values))
    }
}
