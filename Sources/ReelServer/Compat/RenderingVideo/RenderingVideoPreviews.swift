import Foundation
import Hummingbird
import ReelStore
import ReelTimeline

/// RenderingVideo's temporary previews (seed 004) onto Reel's previews: the body is a `config`,
/// translated and queued as `POST /v1/previews` queues a render request, free; `tempId` is the
/// preview's id; its link is Reel's preview page. Converting keeps it as a project (a task).
struct RenderingVideoPreviews {
    let routes: RenderingVideoRoutes
    var services: AppServices { routes.services }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("preview", use: create)
        group.get("preview/:tempId", use: get)
        group.delete("preview/:tempId", use: delete)
        group.post("preview/:tempId/convert", use: convert)
        group.post("preview/:tempId/render", use: render)
    }

    /// `{success, tempId, previewUrl, viewerUrl, expiresIn, note}`.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let body = try await RendersController.body(of: request, limit: services.settings.maxBodyBytes)
        let config = try RenderingVideoConfig(body.isEmpty ? nil : try? JSONValue.parse(body))
        let native = try JSONBody.encoder.encode(config.request)
        let (preview, _) = try await RenderingVideoTask.translating { try await PreviewsController(services: services).submit(native, account: account) }
        let page = services.signer.pageURL(.preview, id: preview.id)
        let lifetime = Int(services.settings.previewLifetime)
        let expiresIn = lifetime % 86400 == 0 ? "\(lifetime / 86400)d" : lifetime % 3600 == 0 ? "\(lifetime / 3600)h" : "\(lifetime)s"
        return try JSONBody.response(
            JSONValue.object([
                "success": .bool(true), "tempId": .string(preview.id), "previewUrl": .string(page), "viewerUrl": .string(page),
                "expiresIn": .string(expiresIn),
                "note": .string("Preview links are temporary and expire in \(expiresIn). Use /api/v1/video to create permanent tasks."),
            ]))
    }

    /// `{success, tempId, config}`: the preview's request read back as a config.
    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let preview = try await preview(context)
        let config = RenderingVideoConfig.config(of: (try? JSONValue.parse(Data(preview.request.utf8))) ?? .null)
        return try JSONBody.response(JSONValue.object(["success": .bool(true), "tempId": .string(preview.id), "config": config]))
    }

    /// Deleted as `DELETE /v1/previews/{id}`: its page answers 410 and its files go.
    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let deleted = try await services.store.deletePreview(id: try await preview(context).id, accountID: account.id, now: Date())
        try await PreviewJanitor.remove(deleted, store: services.store, storage: services.storage)
        return try JSONBody.response(
            JSONValue.object([
                "success": .bool(true), "tempId": .string(deleted.id), "deleted": .bool(true), "message": .string("Temp preview deleted successfully"),
            ]))
    }

    /// A project made from the preview's request, `{category}` checked and not kept; the preview stays.
    @Sendable func convert(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (preview, project, _) = try await converted(request, context: context, known: ["category"])
        var answer = RenderingVideoTask.created(project, signer: services.signer)
        for key in ["status", "quality", "width", "height", "duration"] { answer[key] = nil }
        answer["tempId"] = .string(preview.id)
        answer["converted"] = .bool(true)
        answer["message"] = .string("Temp preview cloned to a permanent task successfully")
        return try JSONBody.response(JSONValue.object(answer))
    }

    /// Converted, then rendered as `POST /api/v1/video/{taskId}/render`.
    @Sendable func render(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (preview, project, fields) = try await converted(request, context: context, known: ["category", "webhook_url", "num_workers"])
        var renderFields = fields
        renderFields["category"] = nil
        var answer = try await routes.started(project, renderFields, account: try context.requireAccount())
        answer["tempId"] = .string(preview.id)
        answer["converted"] = .bool(true)
        answer["convertMessage"] = .string("Temp preview cloned to a permanent task successfully")
        answer["configUrl"] = .string("\(project.id).json")
        return try JSONBody.response(JSONValue.object(answer))
    }

    /// The preview, the project made from it, and the body's fields, checked before anything is made.
    private func converted(_ request: Request, context: AppRequestContext, known: [String]) async throws -> (Preview, Project, [String: JSONValue]) {
        let account = try context.requireAccount()
        let preview = try await preview(context)
        let body = try await RendersController.body(of: request, limit: services.settings.maxBodyBytes)
        let fields = try JSONValue.fields(of: body.isEmpty ? .object([:]) : try? JSONValue.parse(body), known: known, in: "this request")
        if let category = fields["category"], category != .null {
            guard case .string = category else { throw APIError.invalidRequest("category: must be a string", path: "category") }
        }
        if let workers = fields["num_workers"], workers != .null, WorkerCount(json: workers) == nil {
            throw APIError.invalidRequest("num_workers: must be a whole number from 1 to \(WorkerCount.maximum), or 'auto'", path: "num_workers")
        }
        let project = try await RenderingVideoTask.translating {
            try await ProjectsController(services: services).create(body: Data(preview.request.utf8), account: account)
        }
        return (preview, project, fields)
    }

    private func preview(_ context: AppRequestContext) async throws -> Preview {
        let account = try context.requireAccount()
        guard let preview = try await services.store.preview(id: try context.parameters.require("tempId"), accountID: account.id) else {
            throw APIError.notFound("Temp preview not found")
        }
        return preview
    }
}
