import Hummingbird
import ReelStore

/// The request context of every route: the API key's account once authenticated.
struct AppRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var account: Account?
    var keyID: String?

    init(source: Source) {
        coreContext = .init(source: source)
    }

    /// The authenticated account; routes behind the key middleware always have one.
    func requireAccount() throws -> Account {
        guard let account else { throw APIError(.unauthorized, "MISSING_API_KEY", "an API key is required") }
        return account
    }
}
