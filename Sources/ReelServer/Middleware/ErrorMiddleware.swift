import Hummingbird
import Logging

/// Turns whatever a route throws into the API's error body, so that no client ever sees another
/// shape and routes need not catch: see `APIError(mapping:)` for what each error becomes.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            if let mapped = APIError(mapping: error) { throw mapped }
            context.logger.error("request failed: \(String(reflecting: error))", metadata: ["path": "\(request.uri.path)"])
            throw APIError(.internalServerError, "INTERNAL_ERROR", "the server could not handle this request")
        }
    }
}
