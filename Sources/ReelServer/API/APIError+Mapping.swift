import Foundation
import Hummingbird
import ReelRender
import ReelStore
import ReelTimeline

extension APIError {
    /// The answer to an error a route let through, wherever it came from; nil for an error nobody
    /// foresaw, which the error middleware logs and answers 500. The rate-limit and metrics
    /// middlewares, inside the error middleware, map with it too, to see the status the client gets.
    init?(mapping error: any Error) {
        switch error {
        case let error as APIError: self = error
        case let error as HTTPError: self = Self.translate(error)
        case let error as TimelineValidationError: self.init(error)
        case let error as TemplateInputError: self.init(error)
        case let error as RenderError: self.init(error)
        case let error as StoreError: self.init(error)
        default: return nil
        }
    }

    /// A request the timeline parser refused: the first issue's code and path, every issue in the message and details.
    init(_ error: TimelineValidationError) {
        let issues = error.issues.map { issue in
            JSONValue.object(["code": .string(issue.code.rawValue), "path": .string(issue.path), "message": .string(issue.message)])
        }
        var details: [String: JSONValue] = ["path": .string(error.issues.first?.path ?? ""), "issues": .array(issues)]
        if error.unlisted > 0 { details["unlisted_issues"] = .number(Double(error.unlisted)) }
        self.init(.badRequest, error.code.rawValue, error.lines.joined(separator: "; "), details: details)
    }

    /// A template render's inputs, named in `details.missing`, `details.unknown` and `details.invalid`.
    init(_ error: TemplateInputError) {
        let paths = (error.missing + error.unknown + error.invalid.map(\.name)).map { "input.\($0)" }
        var details: [String: JSONValue] = [
            "path": .string(paths.first ?? "input"),
            "missing": .array(error.missing.map(JSONValue.string)),
            "unknown": .array(error.unknown.map(JSONValue.string)),
            "invalid": .array(error.invalid.map { .string($0.name) }),
        ]
        if error.unlisted > 0 { details["unlisted_inputs"] = .number(Double(error.unlisted)) }
        self.init(.badRequest, "INVALID_REQUEST", "the inputs do not fit the template: \(error)", details: details)
    }

    /// An asset that pricing needed and could not use, or a failure to look at it.
    init(_ error: RenderError) {
        switch error.code {
        case .invalidAsset, .invalidTimeline, .unsupportedFeature:
            self.init(.badRequest, error.code.rawValue, error.message, details: error.path.map { ["path": .string($0)] })
        case .renderTimeout, .renderFailed, .canceled, .internalError:
            self.init(.internalServerError, "INTERNAL_ERROR", "could not look at the request's media: \(error.message)")
        }
    }

    init(_ error: StoreError) {
        switch error {
        case .accountNotFound: self.init(.unauthorized, "INVALID_API_KEY", "this API key's account no longer exists")
        case .insufficientCredits(let balance, let needed):
            self.init(
                .init(code: 402, reasonPhrase: "Payment Required"), "INSUFFICIENT_CREDITS", "this render costs \(needed) credits and the account has \(balance)",
                details: ["balance": .number(Double(balance)), "needed": .number(Double(needed))])
        case .jobNotFound: self = .notFound("no job with this id")
        case .notCancelable(let status): self.init(.conflict, "JOB_NOT_CANCELABLE", "the job is \(status.rawValue) and can no longer be canceled")
        case .idempotencyConflict:
            self.init(.conflict, "IDEMPOTENCY_CONFLICT", "this Idempotency-Key was used in the last 24 hours with a different request body")
        case .storageLimitExceeded(let used, let quota, let adding):
            self.init(
                .init(code: 402, reasonPhrase: "Payment Required"), "STORAGE_LIMIT_EXCEEDED",
                "these files take \(adding) bytes and the account keeps \(used) of its \(quota); nothing was stored",
                details: ["storage_used": .number(Double(used)), "storage_quota": .number(Double(quota)), "needed": .number(Double(adding))])
        case .uploadNotFound(let id):
            self.init(.badRequest, "INVALID_ASSET", "\(MediaSource.asset(id)): no such upload; it was deleted meanwhile")
        case .assetInUse(let jobs):
            self.init(
                .conflict, "ASSET_IN_USE", "queued or running jobs use this upload: \(jobs.joined(separator: ", ")); cancel them or wait for them to end",
                details: ["jobs": .array(jobs.map { .string($0) })])
        case .templateNotFound: self = .notFound("no template with this id or slug")
        case .slugTaken(let slug):
            self.init(.conflict, "SLUG_TAKEN", "slug: another of this account's templates is '\(slug)'", details: ["path": .string("slug")])
        case .projectNotFound: self = .notFound("no project with this id")
        case .alreadyRendering(let jobID):
            self.init(
                .conflict, "ALREADY_RENDERING", "a render of this project is queued or running, \(jobID); wait for it to end or cancel it",
                details: ["job_id": .string(jobID)])
        case .previewNotFound: self = .notFound("no preview with this id")
        case .tooManyPreviews(let limit):
            self.init(
                .tooManyRequests, "TOO_MANY_PREVIEWS", "this account has \(limit) previews queued or rendering, its limit; wait for one to finish",
                details: ["limit": .number(Double(limit))])
        }
    }

    private static func translate(_ error: HTTPError) -> APIError {
        let message = error.body ?? error.status.reasonPhrase
        var translated =
            switch error.status {
            case .notFound: APIError.notFound("no such resource: \(message)")
            case .contentTooLarge: APIError(.contentTooLarge, "PAYLOAD_TOO_LARGE", "the request body is too large")
            case .methodNotAllowed: APIError(.methodNotAllowed, "INVALID_REQUEST", "this method is not allowed here")
            case .internalServerError: APIError(.internalServerError, "INTERNAL_ERROR", "the server could not handle this request")
            default: APIError(error.status, "INVALID_REQUEST", message)
            }
        translated.headers = error.headers
        return translated
    }
}
