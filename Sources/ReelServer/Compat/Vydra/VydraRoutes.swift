import Foundation
import Hummingbird
import ReelStore
import ReelTimeline

/// Vydra's Jobs API (seed 003) under `/compat/vydra/api/v1`: a job runs a workflow, which is one of
/// the account's templates named by its slug, rendered with `input` as a native template render is.
struct VydraRoutes {
    let services: AppServices
    /// Offsets read the pages before them: this bounds what one request reads.
    static let maxOffset = 10_000

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("jobs", use: create)
        group.get("jobs", use: list)
        group.get("jobs/:id", use: get)
        group.delete("jobs/:id", use: cancel)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let body = try await RendersController.body(of: request, limit: services.settings.maxBodyBytes)
        let fields = try VydraJobRequest(body)
        guard let template = try await services.store.template(idOrSlug: fields.workflow, accountID: account.id) else {
            throw APIError.invalidRequest("workflow: no workflow '\(fields.workflow)'; a workflow is one of the account's templates, by slug", path: "workflow")
        }
        do {
            let (stored, priced) = try await TemplatesController(services: services).price(fields.templateRenderBody, of: template, accountID: account.id)
            let submitted = try await RendersController(services: services).queue(
                priced.render, stored: stored, quote: priced.quote, account: account, idempotency: nil, uploadIDs: priced.uploadIDs,
                templateID: template.id, compatSurface: .vydra)
            return try JSONBody.response(status: .created, VydraJob.created(submitted.job, workflow: fields.workflow, publicURL: services.settings.publicURL))
        } catch {
            // The template render reads Vydra's `webhookUrl` as its `callback`.
            guard let refusal = APIError(mapping: error) else { throw error }
            throw refusal.renaming(field: "callback", to: "webhookUrl")
        }
    }

    /// `{data, pagination: {limit, offset, count}}`, newest first; `count` is the number of jobs on this page.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let query = request.uri.queryParameters
        let limit = try Self.integer(query["limit"], named: "limit", in: 1...100, default: 20)
        let offset = try Self.integer(query["offset"], named: "offset", in: 0...Self.maxOffset, default: 0)
        var status: Job.Status?
        if let name = query["status"] {
            guard let named = VydraJob.status(named: String(name)) else {
                throw APIError.invalidRequest("status: must be one of pending, running, completed, failed, cancelled", path: "status")
            }
            status = named
        }
        let jobs = try await services.store.jobs(accountID: account.id, status: status, before: nil, limit: offset + limit).dropFirst(offset)
        var shown: [JSONValue] = []
        for job in jobs { shown.append(try await shape(job)) }
        return try JSONBody.response(
            JSONValue.object([
                "data": .array(shown),
                "pagination": .object(["limit": .count(limit), "offset": .count(offset), "count": .count(shown.count)]),
            ]))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONBody.response(try await shape(try await job(context)))
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let job = try await services.store.cancel(id: try await job(context).id, accountID: account.id, now: Date())
        return try JSONBody.response(JSONValue.object(["success": .bool(true), "message": .string("Job cancelled"), "refund": VydraJob.refund(job)]))
    }

    private func shape(_ job: Job) async throws -> JSONValue {
        VydraJob.shape(job, workflow: try await VydraJob.workflow(of: job, in: services.store), signer: services.signer)
    }

    /// The job the path names, by its UUID or its `job_` id.
    private func job(_ context: AppRequestContext) async throws -> Job {
        let account = try context.requireAccount()
        guard let id = JobUUID.jobID(from: try context.parameters.require("id")), let job = try await services.store.job(id: id, accountID: account.id) else {
            throw APIError.notFound("no job with this id")
        }
        return job
    }

    private static func integer(_ text: Substring?, named name: String, in range: ClosedRange<Int>, default value: Int) throws -> Int {
        guard let text else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError.invalidRequest("\(name): must be an integer from \(range.lowerBound) to \(range.upperBound)", path: name)
        }
        return number
    }
}

/// A create's body: `{workflow, input?, webhookUrl?}`.
struct VydraJobRequest {
    var workflow: String
    /// `{input, callback}`, the body of a native template render.
    var templateRenderBody: Data

    init(_ body: Data) throws {
        let fields = try JSONValue.fields(of: try? JSONValue.parse(body), known: ["workflow", "input", "webhookUrl"], in: "a job")
        guard case .string(let workflow)? = fields["workflow"], !workflow.isEmpty else {
            throw APIError.invalidRequest("workflow: is required, a workflow slug", path: "workflow")
        }
        var render: [String: JSONValue] = [:]
        render["input"] = fields["input"]
        render["callback"] = fields["webhookUrl"]
        self.workflow = workflow
        templateRenderBody = try JSONBody.encoder.encode(JSONValue.object(render))
    }
}
