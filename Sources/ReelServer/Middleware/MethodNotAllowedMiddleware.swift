import HTTPTypes
import Hummingbird

/// Answers 405 with `Allow`, not 404, when a path exists but not with the request's method: the
/// router finds no route either way, so this looks the path up among the routes it was given.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// Each route's path as components, a capture (`{id}`) as nil, and the methods it answers.
    private let routes: [(components: [Substring?], methods: [HTTPRequest.Method])]

    init(routes: [Router<Context>.RouteDescription]) {
        var methods: [String: (components: [Substring?], methods: [HTTPRequest.Method])] = [:]
        for route in routes {
            let path = route.path.description
            let components = path.split(separator: "/").map { $0.hasPrefix("{") ? nil : $0 }
            methods[path, default: (components, [])].methods.append(route.method)
        }
        self.routes = Array(methods.values)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let components = request.uri.path.split(separator: "/")
            let matching = routes.filter { route in
                route.components.count == components.count && zip(route.components, components).allSatisfy { $0 == nil || $0 == $1 }
            }
            // The router takes a constant component before a capture and does not fall back (`templates/render`
            // hides `templates/{id}`): only the routes it reaches answer.
            let shapes = matching.map { $0.components.map { $0 == nil ? 0 : 1 } }
            guard let reached = shapes.max(by: { $0.lexicographicallyPrecedes($1) }) else { throw error }
            let allowed = zip(matching, shapes).filter { $0.1 == reached }.flatMap(\.0.methods)
            let list = Set(allowed.map(\.rawValue)).sorted().joined(separator: ", ")
            var refusal = APIError(.methodNotAllowed, "INVALID_REQUEST", "\(request.uri.path) answers \(list), not \(request.method.rawValue)")
            refusal.headers[.allow] = list
            throw refusal
        }
    }
}
