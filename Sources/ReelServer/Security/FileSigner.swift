import Crypto
import Foundation

/// Signs download URLs `/files/{job}/{name}?expires=&sig=` so that they work without an API key
/// until they expire. Expiry times are rounded up to the hour, so a job's URL stays the same for an hour.
/// Also makes the tokens of the public pages, `/p/{token}` and `/watch/{token}`: the id they show and
/// 128 bits of its MAC, so that a page's address cannot be guessed from an id, and a token is checked
/// without a lookup by secret.
struct FileSigner: Sendable {
    let key: SymmetricKey
    let publicURL: String
    let lifetime: Int

    init(secret: Data, publicURL: String, lifetime: Int) {
        key = SymmetricKey(data: secret)
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.lifetime = lifetime
    }

    func url(jobID: String, name: String, now: Date = Date()) -> String {
        url(path: "/files/\(jobID)/\(name)", now: now)
    }

    /// The download URL of an upload.
    func url(upload id: String, now: Date = Date()) -> String {
        url(path: "/files/uploads/\(id)", now: now)
    }

    private func url(path: String, now: Date) -> String {
        let expires = (Int(now.timeIntervalSince1970) + lifetime + 3599) / 3600 * 3600
        return "\(publicURL)\(path)?expires=\(expires)&sig=\(signature(path: path, expires: expires))"
    }

    enum Page: String {
        /// `/p/{token}`: a preview.
        case preview = "p"
        /// `/watch/{token}`: a completed job, or a project's latest completed render.
        case watch
    }

    func pageURL(_ page: Page, id: String) -> String { "\(publicURL)/\(page.rawValue)/\(pageToken(page, id: id))" }

    func pageToken(_ page: Page, id: String) -> String { "\(id).\(pageMAC(page, id: id))" }

    /// The id a page token names, if its MAC is right.
    func pageID(_ page: Page, token: String) -> String? {
        guard let dot = token.lastIndex(of: ".") else { return nil }
        let id = String(token[..<dot])
        guard !id.isEmpty, ConstantTime.equal(Data(pageMAC(page, id: id).utf8), Data(token[token.index(after: dot)...].utf8)) else { return nil }
        return id
    }

    private func pageMAC(_ page: Page, id: String) -> String {
        Hex.string(HMAC<SHA256>.authenticationCode(for: Data("page\n\(page.rawValue)\n\(id)".utf8), using: key).prefix(16))
    }

    enum Verdict { case valid, expired, invalid }

    func check(path: String, expires: Int, signature given: String, now: Date = Date()) -> Verdict {
        let expected = Data(signature(path: path, expires: expires).utf8)
        guard ConstantTime.equal(expected, Data(given.utf8)) else { return .invalid }
        return expires >= Int(now.timeIntervalSince1970) ? .valid : .expired
    }

    private func signature(path: String, expires: Int) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(path)\n\(expires)".utf8), using: key)
        return Hex.string(mac)
    }

    /// The secret kept in the data folder, made on first start, unless one is configured.
    static func loadSecret(configured: String?, dataDirectory: URL) throws -> Data {
        if let configured, !configured.isEmpty { return Data(configured.utf8) }
        let file = dataDirectory.appendingPathComponent("signing.key")
        if let existing = try? Data(contentsOf: file), existing.count >= 32 { return existing }
        let secret = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
        try secret.write(to: file, options: [.atomic])
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        return secret
    }
}

enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Lowercase hex; on the path of every authenticated request, so without `String(format:)`.
    static func string(_ bytes: some Sequence<UInt8>) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

enum ConstantTime {
    /// Compares without stopping at the first difference, so timing tells nothing about where two secrets differ.
    static func equal(_ lhs: Data, _ rhs: Data) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) { difference |= left ^ right }
        return difference == 0
    }
}
