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

    @Sendable func cost(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAccount()
        let (_, priced) = try await price(request, accountID: context.requireAccount().id)
        return try JSONBody.response(priced.quote)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let idempotency = try Self.idempotencyKey(request)
        let (body, priced) = try await price(request, accountID: account.id)
        return try await enqueue(
            priced.render, stored: body, quote: priced.quote, account: account,
            idempotency: idempotency.map { ($0, Hex.string(SHA256.hash(data: body))) }, uploadIDs: priced.uploadIDs)
    }

    /// Charges and queues a priced render, `stored` being the request the worker will read; the answer
    /// to every render submission, a template's and a project's too. A replayed idempotency key answers
    /// its first job; a project render its project's job with the same content key, if that is the latest completed one.
    func enqueue(
        _ render: RenderRequest, stored: Data, quote: Quote, account: Account, idempotency: (key: String, requestHash: String)?,
        uploadIDs: Set<String>, templateID: String? = nil, project: (id: String, version: Int, contentKey: String)? = nil
    ) async throws -> Response {
        let submitted = try await queue(
            render, stored: stored, quote: quote, account: account, idempotency: idempotency, uploadIDs: uploadIDs, templateID: templateID,
            project: project)
        var headers: HTTPFields = [.location: "/v1/jobs/\(submitted.job.id)"]
        if submitted.alreadyRendered {
            // `{already_rendered, job}` around the job's JSON as polls reuse it: asking again is cheap.
            var body = ByteBuffer(string: #"{"already_rendered":true,"job":"#)
            var encoded = try services.encodedJobs.body(for: submitted.job, chunks: try await services.store.chunks(of: submitted.job), signer: services.signer)
            body.writeBuffer(&encoded)
            body.writeString("}")
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
        }
        let job = JobResource(submitted.job, signer: services.signer)
        if submitted.replayed { headers[HTTPField.Name("Idempotent-Replayed")!] = "true" }
        return try JSONBody.response(status: submitted.replayed ? .ok : .accepted, job, headers: headers)
    }

    /// The job `enqueue` answers with, for the vendor-compatible APIs that answer it in their own shape.
    func queue(
        _ render: RenderRequest, stored: Data, quote: Quote, account: Account, idempotency: (key: String, requestHash: String)?,
        uploadIDs: Set<String>, templateID: String? = nil, project: (id: String, version: Int, contentKey: String)? = nil,
        compatSurface: CompatSurface? = nil
    ) async throws -> Submitted {
        let metadata = try render.metadata.map { String(decoding: try JSONBody.encoder.encode($0), as: UTF8.self) }
        let submission = JobSubmission(
            accountID: account.id, request: String(decoding: stored, as: UTF8.self), callback: render.callback, metadata: metadata,
            credits: quote.credits, idempotency: idempotency, uploadIDs: uploadIDs, templateID: templateID, project: project,
            compatSurface: compatSurface?.rawValue)
        return try await services.store.submit(submission, now: Date())
    }

    /// Reads the body, within the size limit, and prices it.
    func price(_ request: Request, accountID: String) async throws -> (Data, Quoting.Priced) {
        let body = try await Self.body(of: request, limit: services.settings.maxBodyBytes)
        return (body, try await services.quoting.quote(body: body, accountID: accountID))
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
