import Foundation
import Hummingbird
import ReelStore
import ReelTimeline

/// Rendley's jobs API (seed 001) under `/compat/rendley/v1`: an export is a render of one of the
/// account's projects, planned, charged and queued as `POST /v1/projects/{id}/renders` does.
struct RendleyRoutes {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("export", use: export)
        group.post("export/cost", use: cost)
        group.get("jobs", use: list)
        group.get("jobs/:id", use: get)
        group.delete("jobs/:id", use: cancel)
    }

    /// `{"data": {"job_id"}}`, 201; the project's completed job, 200, when nothing changed since it rendered.
    @Sendable func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let (project, plan) = try await planned(request, account: account)
        let submitted = try await translating {
            try await RendersController(services: services).queue(
                plan.priced.render, stored: plan.request, quote: plan.priced.quote, account: account, idempotency: nil,
                uploadIDs: plan.priced.uploadIDs, project: (id: project.id, version: project.version, contentKey: plan.contentKey),
                compatSurface: .rendley)
        }
        return try JSONBody.response(status: submitted.alreadyRendered ? .ok : .created, RendleyJob.started(submitted.job))
    }

    /// `{"data": {"cost"}}`: the credits the same export would be charged; nothing is queued.
    @Sendable func cost(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, plan) = try await planned(request, account: try context.requireAccount())
        return try JSONBody.response(JSONValue.object(["data": .object(["cost": .count(plan.priced.quote.credits)])]))
    }

    /// `{data, next_cursor}`, newest first, paged with Reel's `limit` and `cursor`.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let query = request.uri.queryParameters
        let pagination = try Pagination(request)
        let sourceType = query["source_type"].map { String($0) } ?? "studio"
        guard ["studio", "api"].contains(sourceType) else {
            throw APIError.invalidRequest("source_type: must be studio or api", path: "source_type")
        }
        var acknowledged = false
        if let text = query["acknowledged"] {
            guard let flag = Bool(String(text)) else { throw APIError.invalidRequest("acknowledged: must be true or false", path: "acknowledged") }
            acknowledged = flag
        }
        if let type = query["job_type"], type.isEmpty {
            throw APIError.invalidRequest("job_type: must be a job type, e.g. export_video", path: "job_type")
        }
        // Every job Reel runs is an export, and none is acknowledged.
        let matching = (query["job_type"].map { $0 == "export_video" } ?? true) && !acknowledged
        var jobs: [Job] = []
        if matching {
            jobs = try await services.store.jobs(
                accountID: account.id, surface: CompatSurface.rendley.rawValue, through: sourceType == "api",
                projectID: query["project_id"].map { String($0) }, before: pagination.after, limit: pagination.limit + 1)
        }
        return try JSONBody.response(pagination.page(jobs, key: \.id) { RendleyJob.shape($0, signer: services.signer) })
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONBody.response(RendleyJob.enveloped(try await job(context), signer: services.signer))
    }

    /// The job, canceled and refunded, `{"data": job}`.
    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let job = try await services.store.cancel(id: try await job(context).id, accountID: account.id, now: Date())
        return try JSONBody.response(RendleyJob.enveloped(job, signer: services.signer))
    }

    /// The body's project and the render it asks for, priced; another account's project is not found.
    private func planned(_ request: Request, account: Account) async throws -> (Project, ProjectRenderPlan) {
        let export = try RendleyExport(try await RendersController.body(of: request, limit: services.settings.maxBodyBytes))
        guard let project = try await services.store.project(id: export.projectID, accountID: account.id) else {
            throw APIError.notFound("project_id: no project with this id")
        }
        let plan = try await translating {
            try await ProjectsController(services: services).plan(project, body: export.projectRenderBody, accountID: account.id)
        }
        return (project, plan)
    }

    /// A native refusal about the project render's fields, named as the export names them.
    private func translating<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch {
            guard let refusal = APIError(mapping: error) else { throw error }
            throw refusal.renaming(field: "callback", to: "webhook_url").renaming(field: "output.fps", to: "settings.fps")
        }
    }

    private func job(_ context: AppRequestContext) async throws -> Job {
        let account = try context.requireAccount()
        guard let job = try await services.store.job(id: try context.parameters.require("id"), accountID: account.id) else {
            throw APIError.notFound("no job with this id belongs to your account")
        }
        return job
    }
}

/// An export's body: `{project_id, settings?: {target_resolution, codec, fps}, webhook_url?}`.
struct RendleyExport {
    var projectID: String
    /// `{output, callback}`, the body of a native project render.
    var projectRenderBody: Data

    init(_ body: Data) throws {
        // An empty body is an export of nothing: its missing project_id is named.
        let json = body.isEmpty ? .object([:]) : try? JSONValue.parse(body)
        let fields = try JSONValue.fields(of: json, known: ["project_id", "settings", "webhook_url"], in: "an export")
        guard case .string(let projectID)? = fields["project_id"], !projectID.isEmpty else {
            throw APIError.invalidRequest("project_id: is required, the id of a project", path: "project_id")
        }
        var output: [String: JSONValue] = [:]
        switch fields["settings"] {
        case nil, .null?: break
        case let given?:
            let settings = try JSONValue.fields(of: given, at: "settings", known: ["target_resolution", "codec", "fps"], in: "the export settings")
            if let given = settings["target_resolution"] {
                let names = RendleyJob.resolutions.sorted { $0.value.count == $1.value.count ? $0.value < $1.value : $0.value.count < $1.value.count }
                guard case .string(let text) = given, let size = names.first(where: { $0.value == text || $0.key == text })?.key else {
                    throw APIError.invalidRequest(
                        "settings.target_resolution: must be one of \(names.map(\.value).joined(separator: ", "))", path: "settings.target_resolution")
                }
                output["resolution"] = .string(size)
            }
            if let given = settings["codec"] {
                guard case .string(let codec) = given, let format = RendleyJob.codecs[codec] else {
                    throw APIError.invalidRequest("settings.codec: must be one of h264, vp9", path: "settings.codec")
                }
                output["format"] = .string(format)
            }
            output["fps"] = settings["fps"]
        }
        var render: [String: JSONValue] = [:]
        if !output.isEmpty { render["output"] = .object(output) }
        if let webhook = fields["webhook_url"], webhook != .null { render["callback"] = webhook }
        self.projectID = projectID
        projectRenderBody = try JSONBody.encoder.encode(JSONValue.object(render))
    }
}
