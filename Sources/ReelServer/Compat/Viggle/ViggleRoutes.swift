import Foundation
import Hummingbird
import ReelStore

/// Viggle's render API (seed 002) under `/compat/viggle/api`. Its status route needs no key, as its
/// document says, unless `--compat-public-status=false`; without one it answers only jobs submitted
/// through this surface, whose clients expect that, never a native job.
struct ViggleRoutes {
    let services: AppServices

    /// `statusKeyed` takes a request without a key where the status is public.
    func addRoutes(keyed: RouterGroup<AppRequestContext>, statusKeyed: RouterGroup<AppRequestContext>) {
        keyed.post("render", use: submit)
        statusKeyed.get("render/:job_id", use: status)
    }

    /// The body is a native render request; the answer is the job's status.
    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let renders = RendersController(services: services)
        let (body, priced) = try await renders.price(request, accountID: account.id)
        let submitted = try await renders.queue(
            priced.render, stored: body, quote: priced.quote, account: account, idempotency: nil, uploadIDs: priced.uploadIDs, compatSurface: .viggle)
        return try JSONBody.response(
            status: .accepted, ViggleJob.shape(submitted.job, signer: services.signer), headers: [.location: "/compat/viggle/api/render/\(submitted.job.id)"])
    }

    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("job_id")
        let job =
            if let account = context.account {
                try await services.store.job(id: id, accountID: account.id)
            } else {
                try await services.store.job(id: id).flatMap { $0.compatSurface == CompatSurface.viggle.rawValue ? $0 : nil }
            }
        guard let job else { throw APIError.notFound("no job with this id") }
        return try JSONBody.response(ViggleJob.shape(job, chunks: try await services.store.chunks(of: job), signer: services.signer))
    }
}
