import Foundation
import PostgresNIO

extension PostgresStore {
    public func createTemplate(_ fields: TemplateFields, accountID: String, now: Date) async throws -> Template {
        let template = Template(id: Identifier.make("tpl", at: now), accountID: accountID, fields: fields, createdAt: now, updatedAt: now)
        try await write { connection in
            try await Self.checkSlug(of: template, connection)
            try await connection.insert(template)
        }
        return template
    }

    public func template(idOrSlug: String, accountID: String) async throws -> Template? {
        try await read { connection in try await Self.named(idOrSlug, accountID, connection) }
    }

    public func templates(accountID: String, before: String?, limit: Int) async throws -> [Template] {
        try await read { connection in
            try await connection.all(
                Template.self,
                """
                SELECT * FROM templates WHERE account_id = \(accountID) AND (\(before)::TEXT IS NULL OR id < \(before))
                ORDER BY id DESC LIMIT \(limit)
                """)
        }
    }

    public func updateTemplate(idOrSlug: String, accountID: String, with fields: TemplateFields, now: Date) async throws -> Template {
        try await write { connection in
            guard var template = try await Self.named(idOrSlug, accountID, connection) else { throw StoreError.templateNotFound }
            template.fields = fields
            template.updatedAt = now
            try await Self.checkSlug(of: template, connection)
            try await connection.update(template)
            return template
        }
    }

    public func deleteTemplate(idOrSlug: String, accountID: String) async throws -> Template {
        try await write { connection in
            guard let template = try await Self.named(idOrSlug, accountID, connection) else { throw StoreError.templateNotFound }
            try await connection.run("DELETE FROM templates WHERE id = \(template.id)")
            return template
        }
    }

    /// Ids start with `tpl_` and slugs have no underscore, so one key never matches both ways.
    private static func named(_ idOrSlug: String, _ accountID: String, _ connection: PostgresConnection) async throws -> Template? {
        try await connection.one(Template.self, "SELECT * FROM templates WHERE account_id = \(accountID) AND (id = \(idOrSlug) OR slug = \(idOrSlug))")
    }

    /// Takes the account's lock first, so that a slug checked free here is still free at the write; the unique index is the backstop.
    private static func checkSlug(of template: Template, _ connection: PostgresConnection) async throws {
        _ = try await lockedAccount(template.accountID, connection)
        guard let slug = template.fields.slug else { return }
        let holder = try await connection.value(
            Int.self, "SELECT 1 FROM templates WHERE account_id = \(template.accountID) AND slug = \(slug) AND id <> \(template.id)")
        if holder != nil { throw StoreError.slugTaken(slug) }
    }
}
