import Foundation
import Hummingbird
import ReelRender
import ReelStore
import ReelTimeline

/// RenderingVideo's file library (seed 004) onto Reel's uploads: `POST /upload` takes its multipart
/// `file` and `files` as `POST /v1/uploads` takes files; `fileId` is the upload's id. A config's
/// `src` names an upload as `asset://{id}`.
struct RenderingVideoFiles {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("upload", use: upload)
        group.get("files", use: list)
        group.delete("files/:fileId", use: delete)
    }

    /// `{success, message, count, assets}`.
    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let uploads = try await UploadIntake(services: services).take(request, account: account)
        return try JSONBody.response(
            JSONValue.object([
                "success": .bool(true), "message": .string("Successfully uploaded \(uploads.count) file(s)"), "count": .count(uploads.count),
                "assets": .array(uploads.map(shape)),
            ]))
    }

    /// `{success, files, pagination: {page, limit, total}}`, newest first.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let (page, limit) = try RenderingVideoRoutes.page(request)
        var type: String?
        if let text = request.uri.queryParameters["type"] {
            let kinds = InspectedFile.Kind.allCases.map(\.rawValue)
            guard kinds.contains(String(text)) else { throw APIError.invalidRequest("type: must be one of \(kinds.joined(separator: ", "))", path: "type") }
            type = String(text)
        }
        var uploads: [Upload] = []
        while true {
            let batch = try await services.store.uploads(accountID: account.id, type: type, before: uploads.last?.id, limit: 100)
            uploads += batch
            if batch.count < 100 { break }
        }
        return try JSONBody.response(
            JSONValue.object([
                "success": .bool(true), "files": .array(uploads.dropFirst((page - 1) * limit).prefix(limit).map(shape)),
                "pagination": .object(["page": .count(page), "limit": .count(limit), "total": .count(uploads.count)]),
            ]))
    }

    /// Deleted as `DELETE /v1/uploads/{id}`: its record and its stored file.
    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let upload = try await UploadsController(services: services).delete(id: try context.parameters.require("fileId"), account: account)
        return try JSONBody.response(
            JSONValue.object([
                "success": .bool(true), "fileId": .string(upload.id), "deleted": .bool(true), "message": .string("File deleted successfully"),
            ]))
    }

    /// `{id, name, url, type, mimeType, size, createdAt}`, `url` the signed download.
    private func shape(_ upload: Upload) -> JSONValue {
        .object([
            "id": .string(upload.id), "name": .string(upload.name), "url": .string(services.signer.url(upload: upload.id)),
            "type": .string(upload.type), "mimeType": .string(upload.mimeType), "size": .count(upload.size), "createdAt": .time(upload.createdAt),
        ])
    }
}
