import Hummingbird

/// Times every request into the `reel_http_request_duration_seconds` histogram, labelled by route, not by raw path.
struct HTTPMetricsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            metrics.recordRequest(method: request.method.rawValue, route: context.endpointPath ?? "unmatched", status: response.status.code, duration: .now - start)
            return response
        } catch {
            let status = APIError(mapping: error)?.status.code ?? 500
            metrics.recordRequest(method: request.method.rawValue, route: context.endpointPath ?? "unmatched", status: status, duration: .now - start)
            throw error
        }
    }
}
