import Foundation
import Hummingbird
import ReelRender
import ReelStore

/// `/v1/uploads`: the account's media library (the README's "Uploads").
struct UploadsController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("uploads", use: create)
        group.get("uploads", use: list)
        group.get("uploads/:id", use: get)
        group.delete("uploads/:id", use: delete)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let uploads = try await UploadIntake(services: services).take(request, account: account)
        return try JSONBody.response(status: .created, ["data": uploads.map(resource)])
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let pagination = try Pagination(request)
        var type: String?
        if let text = request.uri.queryParameters["type"] {
            let kinds = InspectedFile.Kind.allCases.map(\.rawValue)
            guard kinds.contains(String(text)) else {
                throw APIError.invalidRequest("type: must be one of \(kinds.joined(separator: ", "))", path: "type")
            }
            type = String(text)
        }
        let uploads = try await services.store.uploads(accountID: account.id, type: type, before: pagination.after, limit: pagination.limit + 1)
        return try JSONBody.response(pagination.page(uploads, key: \.id, as: resource))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let id = try context.parameters.require("id")
        guard let upload = try await services.store.upload(id: id, accountID: account.id) else { throw APIError.notFound("no upload with this id") }
        return try JSONBody.response(resource(upload))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let upload = try await delete(id: try context.parameters.require("id"), account: account)
        return try JSONBody.response(Deleted(id: upload.id))
    }

    /// Deletes the account's upload `id`, its record and its stored file.
    func delete(id: String, account: Account) async throws -> Upload {
        guard let upload = try await services.store.deleteUpload(id: id, accountID: account.id) else { throw APIError.notFound("no upload with this id") }
        try await services.storage.remove(upload.storageKey)
        services.renderer.removeProxy(sha256: upload.sha256)
        return upload
    }

    private func resource(_ upload: Upload) -> UploadResource { UploadResource(upload, signer: services.signer) }
}

/// `{id, deleted: true}`, the answer to a delete.
struct Deleted: Encodable {
    var id: String
    var deleted = true
}
