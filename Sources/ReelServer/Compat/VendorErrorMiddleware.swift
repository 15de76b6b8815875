import Hummingbird

/// Answers the errors of a vendor's routes in that vendor's shape: the same refusals as the native
/// API's, worded for its clients. Errors nobody foresaw go on to the error middleware, which logs them.
struct VendorErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let shape: @Sendable (APIError) throws -> Response

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            guard let refusal = APIError(mapping: error) else { throw error }
            var response = try shape(refusal)
            response.headers.append(contentsOf: refusal.headers)
            return response
        }
    }
}

extension APIError {
    /// The message, led by the field it is about when it does not name it: vendors' error bodies have no `details.path`.
    var messageNamingField: String {
        guard case .string(let path)? = details?["path"], !path.isEmpty, !message.contains(path) else { return message }
        return "\(path): \(message)"
    }

    /// The same refusal about a field the vendor names otherwise.
    func renaming(field native: String, to vendor: String) -> APIError {
        var renamed = self
        renamed.message = message.replacingOccurrences(of: native, with: vendor)
        if case .string(let path)? = details?["path"] { renamed.details?["path"] = .string(path.replacingOccurrences(of: native, with: vendor)) }
        return renamed
    }
}
