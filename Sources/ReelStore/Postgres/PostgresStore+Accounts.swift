import Foundation
import PostgresNIO

extension PostgresStore {
    public func createAccount(name: String, credits: Int, unlimited: Bool, storageQuota: Int64?) async throws -> Account {
        let account = Account(
            id: Identifier.make("acct"), name: name, credits: credits, unlimited: unlimited,
            webhookSecret: "whsec_" + Identifier.randomHex(bytes: 32), createdAt: Date(), storageQuota: storageQuota)
        try await write { connection in try await connection.insert(account) }
        return account
    }

    public func account(id: String) async throws -> Account? {
        try await read { connection in try await connection.one(Account.self, "SELECT * FROM accounts WHERE id = \(id)") }
    }

    public func addKey(accountID: String, name: String, keyHash: String, prefix: String) async throws -> APIKey {
        let key = APIKey(
            id: Identifier.make("key"), accountID: accountID, name: name, keyHash: keyHash, prefix: prefix, active: true,
            createdAt: Date())
        try await write { connection in try await connection.insert(key) }
        return key
    }

    public func key(hash: String) async throws -> APIKey? {
        try await read { connection in try await connection.one(APIKey.self, "SELECT * FROM api_keys WHERE key_hash = \(hash)") }
    }

    public func keys() async throws -> [APIKey] {
        try await read { connection in try await connection.all(APIKey.self, "SELECT * FROM api_keys ORDER BY created_at") }
    }

    public func revokeKey(id: String) async throws -> Bool {
        try await write { connection in
            try await connection.run("UPDATE api_keys SET active = FALSE WHERE id = \(id) RETURNING 1") > 0
        }
    }

    /// Within a transaction: the account, locked until the transaction ends, so that its balance,
    /// storage and the jobs and previews submitted for it change one transaction at a time.
    static func lockedAccount(_ id: String, _ connection: PostgresConnection) async throws -> Account {
        guard let account = try await connection.one(Account.self, "SELECT * FROM accounts WHERE id = \(id) FOR UPDATE") else {
            throw StoreError.accountNotFound
        }
        return account
    }
}
