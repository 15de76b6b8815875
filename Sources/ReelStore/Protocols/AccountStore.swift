import Foundation

/// Accounts and their API keys.
public protocol AccountStore: Sendable {
    /// A new account; `storageQuota` nil leaves it the server's default quota.
    func createAccount(name: String, credits: Int, unlimited: Bool, storageQuota: Int64?) async throws -> Account
    func account(id: String) async throws -> Account?
    func addKey(accountID: String, name: String, keyHash: String, prefix: String) async throws -> APIKey
    /// The key with this hash, active or not.
    func key(hash: String) async throws -> APIKey?
    func keys() async throws -> [APIKey]
    func revokeKey(id: String) async throws -> Bool
}

extension AccountStore {
    public func createAccount(name: String, credits: Int, unlimited: Bool) async throws -> Account {
        try await createAccount(name: name, credits: credits, unlimited: unlimited, storageQuota: nil)
    }
}
