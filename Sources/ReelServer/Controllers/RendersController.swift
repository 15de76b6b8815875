import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import ReelRender
import ReelStore
import ReelTimeline

/// `POST /v1/renders` and `POST /v1/renders/cost`.
struct RendersController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("renders", use: submit)
        group.post("renders/cost", use: cost)
    }

    /// What a request costs, as `/v1/renders/cost` answers it.
    struct Quote: Encodable {
        var credits: Int
        var duration: Double
        var width: Int?
        var height: Int?
        var quality: String
    }

    @Sendable func cost(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAccount()
        let (_, _, quote) = try await price(request, context: context)
        return try JSONBody.response(quote)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let idempotencyKey = try Self.idempotencyKey(request)
        let (body, render, quote) = try await price(request, context: context)
        let metadata = try render.metadata.map { String(decoding: try JSONBody.encoder.encode($0), as: UTF8.self) }
        let submission = JobSubmission(
            accountID: account.id, request: String(decoding: body, as: UTF8.self), callback: render.callback, metadata: metadata,
            credits: quote.credits, idempotency: idempotencyKey.map { ($0, Hex.string(SHA256.hash(data: body))) })
        let submitted: Submitted
        do {
            submitted = try await services.store.submit(submission, now: Date())
        } catch let error as StoreError {
            throw APIError(error)
        }
        var headers: HTTPFields = [.location: "/v1/jobs/\(submitted.job.id)"]
        if submitted.replayed {
            headers[HTTPField.Name("Idempotent-Replayed")!] = "true"
        } else {
            services.signals.work.post(0)
        }
        return try JSONBody.response(status: submitted.replayed ? .ok : .accepted, JobResource(submitted.job, signer: services.signer), headers: headers)
    }

    /// Reads, validates and prices the body: every refusal names its JSON path.
    private func price(_ request: Request, context: AppRequestContext) async throws -> (Data, RenderRequest, Quote) {
        let body = try await Self.body(of: request, limit: services.settings.maxBodyBytes)
        let options = ValidationOptions(limits: services.settings.limits)
        let render: RenderRequest
        do {
            render = try await services.parsing.run(size: body.count) { try RenderRequest.parse(body, options: options) }
        } catch let error as TimelineValidationError {
            throw APIError(error)
        }
        try checkAddresses(render)
        let durations: [MediaSource: Double]
        do {
            durations = try await services.renderer.mediaDurations(for: render)
        } catch {
            throw APIError(error)
        }
        let schedule: TimelineSchedule
        do {
            schedule = try TimelineSchedule.resolve(render.timeline, range: render.output.range, mediaDurations: durations, limits: services.settings.limits)
        } catch {
            throw APIError(error)
        }
        let size = render.output.format.hasVideo ? render.output.size : nil
        let duration = render.output.format.isStill ? 0 : schedule.duration
        let credits = Pricing.credits(duration: duration, size: render.output.size)
        return (body, render, Quote(credits: credits, duration: duration, width: size?.width, height: size?.height, quality: render.output.quality.rawValue))
    }

    /// Refuses asset and callback URLs that point inside the network, unless the operator allows them.
    private func checkAddresses(_ render: RenderRequest) throws {
        let policy = services.settings.addressPolicy
        for (path, source) in render.mediaSources {
            guard case .url(let url) = source, let refusal = policy.refusal(for: url) else { continue }
            throw APIError(.badRequest, "INVALID_ASSET", "\(path): \(url) \(refusal)", details: ["path": .string(path)])
        }
        if let callback = render.callback, let refusal = policy.refusal(for: callback) {
            throw APIError.invalidRequest("callback: \(callback) \(refusal)", path: "callback")
        }
    }

    static func body(of request: Request, limit: Int) async throws -> Data {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw APIError(.contentTooLarge, "PAYLOAD_TOO_LARGE", "the body is \(declared) bytes; at most \(limit) are accepted")
        }
        do {
            return Data(try await request.body.collect(upTo: limit).readableBytesView)
        } catch {
            throw APIError(.contentTooLarge, "PAYLOAD_TOO_LARGE", "the body is more than the \(limit) bytes accepted")
        }
    }

    static func idempotencyKey(_ request: Request) throws -> String? {
        guard let key = request.headers[HTTPField.Name("Idempotency-Key")!] else { return nil }
        guard (1...255).contains(key.count) else {
            throw APIError.invalidRequest("Idempotency-Key: must be 1 to 255 characters", path: "Idempotency-Key")
        }
        return key
    }
}
