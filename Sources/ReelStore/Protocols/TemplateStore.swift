import Foundation

/// Each account's templates, reached by id or by slug; a slug names at most one template of an account.
public protocol TemplateStore: Sendable {
    /// Throws `StoreError.slugTaken` when another of the account's templates has the slug.
    func createTemplate(_ fields: TemplateFields, accountID: String, now: Date) async throws -> Template
    /// The account's template with this id or slug.
    func template(idOrSlug: String, accountID: String) async throws -> Template?
    /// The account's templates, newest first, older than the template `before` if given.
    func templates(accountID: String, before: String?, limit: Int) async throws -> [Template]
    /// Replaces the fields and the update time; throws `StoreError.templateNotFound` or `slugTaken`.
    func updateTemplate(idOrSlug: String, accountID: String, with fields: TemplateFields, now: Date) async throws -> Template
    /// Removes the template and returns it as it was; throws `StoreError.templateNotFound`.
    func deleteTemplate(idOrSlug: String, accountID: String) async throws -> Template
}
