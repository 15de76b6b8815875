import Crypto
import Foundation
import ReelStore

/// API keys: `sk-` and 40 random letters and digits; only their SHA-256 is stored. `sk-` is the
/// form RenderingVideo's clients insist on; keys issued before it, `reel_sk_` and 40, still work.
public enum APIKeys {
    static let prefix = "sk-"
    private static let prefixes = [prefix, "reel_sk_"]
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + String((0..<40).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }

    static func isWellFormed(_ key: String) -> Bool {
        let bytes = key.utf8
        guard let prefix = prefixes.first(where: { key.hasPrefix($0) }), bytes.count == prefix.utf8.count + 40 else { return false }
        return bytes.dropFirst(prefix.utf8.count).allSatisfy { (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
    }

    static func hash(_ key: String) -> String {
        Hex.string(SHA256.hash(data: Data(key.utf8)))
    }

    /// Creates an account with a key and returns the key, which is shown once and never stored.
    public static func createAccount(
        in store: any AccountStore, name: String, credits: Int, unlimited: Bool, storageQuota: Int64? = nil
    ) async throws -> (account: Account, key: APIKey, secret: String) {
        let account = try await store.createAccount(name: name, credits: credits, unlimited: unlimited, storageQuota: storageQuota)
        let secret = generate()
        let key = try await store.addKey(accountID: account.id, name: name, keyHash: hash(secret), prefix: String(secret.prefix(12)))
        return (account, key, secret)
    }
}
