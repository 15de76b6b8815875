import Foundation
import GRDB

extension SQLiteStore {
    public func createTemplate(_ fields: TemplateFields, accountID: String, now: Date) async throws -> Template {
        let template = Template(id: Identifier.make("tpl", at: now), accountID: accountID, fields: fields, createdAt: now, updatedAt: now)
        try await pool.write { db in
            try Self.checkSlug(of: template, db)
            try template.insert(db)
        }
        return template
    }

    public func template(idOrSlug: String, accountID: String) async throws -> Template? {
        try await pool.read { db in try Self.named(idOrSlug, accountID).fetchOne(db) }
    }

    public func templates(accountID: String, before: String?, limit: Int) async throws -> [Template] {
        try await pool.read { db in
            var query = Template.filter(Column("account_id") == accountID)
            if let before { query = query.filter(Column("id") < before) }
            return try query.order(Column("id").desc).limit(limit).fetchAll(db)
        }
    }

    public func updateTemplate(idOrSlug: String, accountID: String, with fields: TemplateFields, now: Date) async throws -> Template {
        try await pool.write { db in
            guard var template = try Self.named(idOrSlug, accountID).fetchOne(db) else { throw StoreError.templateNotFound }
            template.fields = fields
            template.updatedAt = now
            try Self.checkSlug(of: template, db)
            try template.update(db)
            return template
        }
    }

    public func deleteTemplate(idOrSlug: String, accountID: String) async throws -> Template {
        try await pool.write { db in
            guard let template = try Self.named(idOrSlug, accountID).fetchOne(db) else { throw StoreError.templateNotFound }
            try template.delete(db)
            return template
        }
    }

    /// Ids start with `tpl_` and slugs have no underscore, so one key never matches both ways.
    private static func named(_ idOrSlug: String, _ accountID: String) -> QueryInterfaceRequest<Template> {
        Template.filter(Column("account_id") == accountID && (Column("id") == idOrSlug || Column("slug") == idOrSlug))
    }

    /// Writes are serialized, so a slug checked free here is still free at the write; the unique index is the backstop.
    private static func checkSlug(of template: Template, _ db: Database) throws {
        guard let slug = template.fields.slug else { return }
        let holder = Template.filter(Column("account_id") == template.accountID && Column("slug") == slug && Column("id") != template.id)
        if try holder.fetchCount(db) > 0 { throw StoreError.slugTaken(slug) }
    }
}
