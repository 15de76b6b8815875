import Foundation
import HTTPTypes
import Hummingbird
import ReelStore

/// Finds the API key in any of its four places (`Authorization: Bearer`, `Authorization: Token`,
/// `X-API-Key`, `?api_key=`) and puts its account in the context. Where the key is optional, a
/// request without one goes on with no account; one with a key that is not valid is still refused.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: any AccountStore
    var keyIsOptional = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if keyIsOptional, Self.presentedKey(request) == nil { return try await next(request, context) }
        guard let presented = Self.presentedKey(request) else {
            throw APIError(.unauthorized, "MISSING_API_KEY", "send an API key as 'Authorization: Bearer KEY', 'X-API-Key: KEY' or ?api_key=KEY")
        }
        guard APIKeys.isWellFormed(presented) else {
            throw APIError(.unauthorized, "INVALID_API_KEY_FORMAT", "API keys look like sk- (or reel_sk_) followed by 40 letters and digits")
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
            let value = Substring(authorization)
            for scheme in ["bearer ", "token "] where hasPrefix(value, caseInsensitive: scheme) {
                return trimmingBlanks(value.dropFirst(scheme.count))
            }
            return trimmingBlanks(value)
        }
        if let header = HTTPField.Name("X-API-Key"), let key = request.headers[header] { return trimmingBlanks(Substring(key)) }
        if let key = request.uri.queryParameters["api_key"] { return String(key) }
        return nil
    }

    /// ASCII only, as a scheme is: this runs on every request, and Foundation's comparisons cost more.
    private static func hasPrefix(_ text: Substring, caseInsensitive prefix: String) -> Bool {
        text.utf8.count >= prefix.utf8.count && zip(text.utf8, prefix.utf8).allSatisfy { $0 | 0x20 == $1 || $0 == $1 }
    }

    private static func trimmingBlanks(_ text: Substring) -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !blank($0) }), let last = text.lastIndex(where: { !blank($0) }) else { return "" }
        return String(text[first...last])
    }
}
