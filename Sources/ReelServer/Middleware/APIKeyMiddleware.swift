import Foundation
import HTTPTypes
import Hummingbird
import ReelStore

/// Finds the API key in any of its four places (`Authorization: Bearer`, `Authorization: Token`,
/// `X-API-Key`, `?api_key=`) and puts its account in the context.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: any AccountStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let presented = Self.presentedKey(request) else {
            throw APIError(.unauthorized, "MISSING_API_KEY", "send an API key as 'Authorization: Bearer KEY', 'X-API-Key: KEY' or ?api_key=KEY")
        }
        guard APIKeys.isWellFormed(presented) else {
            throw APIError(.unauthorized, "INVALID_API_KEY_FORMAT", "API keys look like reel_sk_ followed by 40 letters and digits")
        }
        let hash = APIKeys.hash(presented)
        guard let key = try await store.key(hash: hash), ConstantTime.equal(Data(key.keyHash.utf8), Data(hash.utf8)) else {
            throw APIError(.unauthorized, "INVALID_API_KEY", "this API key is not known")
        }
        guard key.active else { throw APIError(.unauthorized, "API_KEY_INACTIVE", "this API key was revoked") }
        guard let account = try await store.account(id: key.accountID) else {
            throw APIError(.unauthorized, "INVALID_API_KEY", "this API key is not known")
        }
        var context = context
        context.account = account
        context.keyID = key.id
        return try await next(request, context)
    }

    static func presentedKey(_ request: Request) -> String? {
        if let authorization = request.headers[.authorization] {
            for scheme in ["Bearer ", "Token "] where authorization.prefix(scheme.count).caseInsensitiveCompare(scheme) == .orderedSame {
                return authorization.dropFirst(scheme.count).trimmingCharacters(in: .whitespaces)
            }
            return authorization.trimmingCharacters(in: .whitespaces)
        }
        if let header = HTTPField.Name("X-API-Key"), let key = request.headers[header] { return key.trimmingCharacters(in: .whitespaces) }
        if let key = request.uri.queryParameters["api_key"] { return String(key) }
        return nil
    }
}
