import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import ReelStore

/// Vidiking's render API (seed 000) under `/compat/vidiking/v1`: the body of `POST /render` is a
/// native render request, charged and queued as `POST /v1/renders` does. Its errors are the native
/// `{"error": {"code", "message"}}`, the shape Vidiking's failed jobs show.
struct VidikingRoutes {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("render", use: submit)
        group.get("render", use: list)
        group.get("render/:id", use: get)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let idempotency = try RendersController.idempotencyKey(request)
        let renders = RendersController(services: services)
        let (body, priced) = try await renders.price(request, accountID: account.id)
        // Hashed apart from native submissions: a replay must answer a job whose webhook has this surface's shape.
        let submitted = try await renders.queue(
            priced.render, stored: body, quote: priced.quote, account: account,
            idempotency: idempotency.map { ($0, Hex.string(SHA256.hash(data: Data("vidiking\n".utf8) + body))) }, uploadIDs: priced.uploadIDs,
            compatSurface: .vidiking)
        return try JSONBody.response(
            status: submitted.replayed ? .ok : .accepted, VidikingJob.shape(submitted.job, signer: services.signer),
            headers: [.location: "/compat/vidiking/v1/render/\(submitted.job.id)"])
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        guard let job = try await services.store.job(id: try context.parameters.require("id"), accountID: account.id) else {
            throw APIError.notFound("no job with this id")
        }
        return try JSONBody.response(VidikingJob.shape(job, signer: services.signer))
    }

    /// `{data, next_cursor}`, newest first, as the native list pages.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let pagination = try Pagination(request)
        var status: Job.Status?
        if let name = request.uri.queryParameters["status"] {
            guard let named = VidikingJob.status(named: String(name)) else {
                throw APIError.invalidRequest("status: must be one of QUEUED, PROCESSING, COMPLETE, FAILED, CANCELED", path: "status")
            }
            status = named
        }
        let jobs = try await services.store.jobs(accountID: account.id, status: status, before: pagination.after, limit: pagination.limit + 1)
        return try JSONBody.response(pagination.page(jobs, key: \.id) { VidikingJob.shape($0, signer: services.signer) })
    }
}
