import Foundation
import Hummingbird
import ReelStore
import ReelTimeline

/// RenderingVideo's API (seed 004) under `/compat/renderingvideo/api/v1`: a video task is a Reel
/// project made from the translated `config`, and its render a project render, planned, charged and
/// queued as `POST /v1/projects/{id}/renders` does; the task id is the project's id.
struct RenderingVideoRoutes {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("video", use: create)
        group.get("video", use: list)
        group.get("video/:taskId", use: get)
        group.delete("video/:taskId", use: delete)
        group.post("video/:taskId/render", use: render)
        group.get("credits", use: credits)
        RenderingVideoPreviews(routes: self).addRoutes(to: group)
        RenderingVideoFiles(services: services).addRoutes(to: group)
    }

    /// A project made from `{config, metadata}`, not rendered: `{success, taskId, …, status: created}`.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let body = try await RendersController.body(of: request, limit: services.settings.maxBodyBytes)
        let json = body.isEmpty ? .object([:]) : try? JSONValue.parse(body)
        let fields = try JSONValue.fields(of: json, known: ["config", "metadata"], in: "a video task")
        let config = try RenderingVideoConfig(fields["config"])
        guard case .object(var native) = config.request else { throw APIError(.internalServerError, "INTERNAL_ERROR", "the config made no request") }
        switch fields["metadata"] {
        case nil, .null?: break
        case .object(let metadata)?: native["metadata"] = .object(metadata)
        default: throw APIError.invalidRequest("metadata: must be an object", path: "metadata")
        }
        let project = try await RenderingVideoTask.translating {
            try await ProjectsController(services: services).create(body: try JSONBody.encoder.encode(JSONValue.object(native)), account: account)
        }
        var answer = RenderingVideoTask.created(project, signer: services.signer)
        answer["message"] = .string("Task created successfully. Call POST /api/v1/video/:taskId/render to start rendering.")
        return try JSONBody.response(JSONValue.object(answer))
    }

    /// `{success, tasks, pagination: {page, limit, total}}`, newest first.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let query = request.uri.queryParameters
        let (page, limit) = try Self.page(request)
        var status: Project.Status?
        if let text = query["status"] {
            guard let parsed = Project.Status(rawValue: String(text)) else {
                throw APIError.invalidRequest("status: must be one of \(Project.Status.allCases.map(\.rawValue).joined(separator: ", "))", path: "status")
            }
            status = parsed
        }
        var projects: [Project] = []
        while true {
            let batch = try await services.store.projects(accountID: account.id, status: status, before: projects.last?.id, limit: 100)
            projects += batch
            if batch.count < 100 { break }
        }
        let shown = projects.dropFirst((page - 1) * limit).prefix(limit)
        return try JSONBody.response(
            JSONValue.object([
                "success": .bool(true),
                "tasks": .array(shown.map { .object(RenderingVideoTask.listed($0, signer: services.signer)) }),
                "pagination": .object(["page": .count(page), "limit": .count(limit), "total": .count(projects.count)]),
            ]))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        var answer = RenderingVideoTask.shape(try await task(context), signer: services.signer)
        answer["success"] = .bool(true)
        return try JSONBody.response(JSONValue.object(answer))
    }

    /// The project, its renders and their outputs deleted as `DELETE /v1/projects/{id}` does.
    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let project = try await task(context)
        try await ProjectsController(services: services).delete(id: project.id, account: account)
        return try JSONBody.response(
            JSONValue.object([
                "success": .bool(true), "taskId": .string(project.id), "videoTaskId": .string(project.id), "deleted": .bool(true),
                "remoteDeleted": .bool(true), "message": .string("Video task deleted successfully"),
            ]))
    }

    /// A render of the task's project, `{webhook_url, num_workers}`; the completed render, `alreadyRendered`,
    /// when nothing changed since it rendered.
    @Sendable func render(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let project = try await task(context)
        let body = try await RendersController.body(of: request, limit: services.settings.maxBodyBytes)
        let json = body.isEmpty ? .object([:]) : try? JSONValue.parse(body)
        let fields = try JSONValue.fields(of: json, known: ["webhook_url", "num_workers"], in: "a render request")
        return try JSONBody.response(JSONValue.object(try await started(project, fields, account: account)))
    }

    /// Starts a render of the project with the body's `{webhook_url, num_workers}`: the render answer's fields.
    func started(_ project: Project, _ fields: [String: JSONValue], account: Account) async throws -> [String: JSONValue] {
        var native: [String: JSONValue] = [:]
        if let webhook = fields["webhook_url"], webhook != .null { native["callback"] = webhook }
        // Split into that many chunks as a native render's `num_workers` is; its refusal names the same field.
        if let workers = fields["num_workers"], workers != .null { native["num_workers"] = workers }
        let submitted = try await RenderingVideoTask.translating {
            let plan = try await ProjectsController(services: services).plan(project, body: try JSONBody.encoder.encode(JSONValue.object(native)), accountID: account.id)
            return try await RendersController(services: services).queue(
                plan.priced.render, stored: plan.request, quote: plan.priced.quote, account: account, idempotency: nil,
                uploadIDs: plan.priced.uploadIDs, project: (id: project.id, version: project.version, contentKey: plan.contentKey),
                compatSurface: .renderingvideo)
        }
        let balance = try await services.store.account(id: account.id)
        let job = submitted.job
        var answer = RenderingVideoTask.created(project, signer: services.signer)
        answer["videoTaskId"] = nil
        answer["configUrl"] = nil
        answer["renderTaskId"] = .string(job.id)
        answer["cost"] = .count(job.creditsUsed)
        answer["remainingCredits"] = .count(balance?.credits ?? account.credits)
        if submitted.alreadyRendered {
            answer["status"] = .string("completed")
            answer["alreadyRendered"] = .bool(true)
            answer["videoUrl"] = .text(JobResource(job, signer: services.signer).url)
            answer["viewerUrl"] = .string(services.signer.pageURL(.watch, id: project.id))
        } else {
            answer["status"] = .string("rendering")
            answer["message"] = .string("Rendering started")
        }
        return answer
    }

    /// `page` (from 1) and `limit` (1 to 100, 20) of a list.
    static func page(_ request: Request) throws -> (page: Int, limit: Int) {
        let query = request.uri.queryParameters
        func number(_ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
            guard let text = query[Substring(name)] else { return value }
            guard let number = Int(String(text)), range.contains(number) else {
                throw APIError.invalidRequest("\(name): must be an integer from \(range.lowerBound) to \(range.upperBound)", path: name)
            }
            return number
        }
        return (try number("page", default: 1, in: 1...1_000_000), try number("limit", default: 20, in: 1...100))
    }

    @Sendable func credits(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let credits = try await services.store.account(id: account.id)?.credits ?? account.credits
        return try JSONBody.response(JSONValue.object(["success": .bool(true), "credits": .count(credits), "currency": .string("credits")]))
    }

    /// The account's project the path names; another account's is not found.
    private func task(_ context: AppRequestContext) async throws -> Project {
        let account = try context.requireAccount()
        guard let project = try await services.store.project(id: try context.parameters.require("taskId"), accountID: account.id) else {
            throw APIError.notFound("Task not found")
        }
        return project
    }
}
