import Foundation
import GRDB

extension SQLiteStore {
    public func createAccount(name: String, credits: Int, unlimited: Bool, storageQuota: Int64?) async throws -> Account {
        let account = Account(
            id: Identifier.make("acct"), name: name, credits: credits, unlimited: unlimited,
            webhookSecret: "whsec_" + Identifier.randomHex(bytes: 32), createdAt: Date(), storageQuota: storageQuota)
        try await pool.write { db in try account.insert(db) }
        return account
    }

    public func account(id: String) async throws -> Account? {
        try await pool.read { db in try Account.fetchOne(db, key: id) }
    }

    public func addKey(accountID: String, name: String, keyHash: String, prefix: String) async throws -> APIKey {
        let key = APIKey(
            id: Identifier.make("key"), accountID: accountID, name: name, keyHash: keyHash, prefix: prefix, active: true,
            createdAt: Date())
        try await pool.write { db in try key.insert(db) }
        return key
    }

    public func key(hash: String) async throws -> APIKey? {
        try await pool.read { db in try APIKey.filter(Column("key_hash") == hash).fetchOne(db) }
    }

    public func keys() async throws -> [APIKey] {
        try await pool.read { db in try APIKey.order(Column("created_at")).fetchAll(db) }
    }

    public func revokeKey(id: String) async throws -> Bool {
        try await pool.write { db in
            try APIKey.filter(Column("id") == id).updateAll(db, Column("active").set(to: false)) > 0
        }
    }
}
