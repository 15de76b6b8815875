import Hummingbird
import Logging

/// Turns whatever a route throws into the API's error body, so that no client ever sees another shape.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as HTTPError {
            throw Self.translate(error)
        } catch {
            context.logger.error("request failed: \(String(reflecting: error))", metadata: ["path": "\(request.uri.path)"])
            throw APIError(.internalServerError, "INTERNAL_ERROR", "the server could not handle this request")
        }
    }

    static func translate(_ error: HTTPError) -> APIError {
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
