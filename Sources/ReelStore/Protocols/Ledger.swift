import Foundation

/// The credit movements of each account: a charge per job, and at most one refund.
public protocol Ledger: Sendable {
    /// The account's credit movements, newest first, older than the entry `before` if given.
    func ledger(accountID: String, before: Int64?, limit: Int) async throws -> [LedgerEntry]
}

extension Ledger {
    public func ledger(accountID: String) async throws -> [LedgerEntry] {
        try await ledger(accountID: accountID, before: nil, limit: 1000)
    }
}
