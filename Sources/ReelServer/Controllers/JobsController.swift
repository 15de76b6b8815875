import Foundation
import HTTPTypes
import Hummingbird
import ReelStore

/// `/v1/jobs`: poll, list, cancel, stream events, fetch the output.
struct JobsController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("jobs", use: list)
        group.get("jobs/:id", use: get)
        group.delete("jobs/:id", use: cancel)
        group.get("jobs/:id/events", use: events)
        group.get("jobs/:id/output", use: output)
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let job = try await job(context)
        let body = try services.encodedJobs.body(for: job, chunks: try await services.store.chunks(of: job), signer: services.signer)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: body))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let pagination = try Pagination(request)
        let query = request.uri.queryParameters
        var status: Job.Status?
        if let text = query["status"] {
            guard let parsed = Job.Status(rawValue: String(text)) else {
                throw APIError.invalidRequest("status: must be one of \(Job.Status.allCases.map(\.rawValue).joined(separator: ", "))", path: "status")
            }
            status = parsed
        }
        if let type = query["type"], type != "render" {
            throw APIError.invalidRequest("type: must be render", path: "type")
        }
        let jobs = try await services.store.jobs(accountID: account.id, status: status, before: pagination.after, limit: pagination.limit + 1)
        return try JSONBody.response(pagination.page(jobs, key: \.id, as: resource))
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let id = try context.parameters.require("id")
        let job = try await services.store.cancel(id: id, accountID: account.id, now: Date())
        return try JSONBody.response(resource(job))
    }

    /// Server-Sent Events: the job now, then every change of status, stage or progress, ending after a terminal status.
    @Sendable func events(_ request: Request, context: AppRequestContext) async throws -> Response {
        let first = try await job(context)
        let account = try context.requireAccount()
        let (store, signer) = (services.store, services.signer)
        return JobEventStream(
            signals: services.signals, event: "job", reload: { try await store.job(id: $0, accountID: account.id) },
            payload: { try JSONBody.encoder.encode(JobResource($0, signer: signer, chunks: try await store.chunks(of: $0))) }
        ).response(first: first)
    }

    @Sendable func output(_ request: Request, context: AppRequestContext) async throws -> Response {
        let job = try await job(context)
        let shown = resource(job)
        guard let url = shown.url else { throw APIError.notFound("the job is \(shown.status) and has no output yet") }
        if let stored = job.outputPath,
            try await !services.storage.contains(OutputKeys.file(job: job.id, name: URL(fileURLWithPath: stored).lastPathComponent))
        {
            throw APIError.notFound(services.settings.removedOutputMessage)
        }
        return Response(status: .found, headers: [.location: url])
    }

    private func job(_ context: AppRequestContext) async throws -> Job {
        let account = try context.requireAccount()
        let id = try context.parameters.require("id")
        guard let job = try await services.store.job(id: id, accountID: account.id) else { throw APIError.notFound("no job with this id") }
        return job
    }

    private func resource(_ job: Job) -> JobResource { JobResource(job, signer: services.signer) }
}
