import Crypto
import Foundation

/// The keys an S3-compatible service knows this server by. Never printed: `description` hides the secret.
public struct S3Credentials: Sendable, CustomStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    /// Temporary credentials (STS) come with a token that every request carries.
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// The standard `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`; nil without the first two.
    public init?(environment: [String: String]) {
        guard let id = environment["AWS_ACCESS_KEY_ID"], !id.isEmpty, let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
            return nil
        }
        self.init(accessKeyID: id, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 })
    }

    public var description: String { "S3Credentials(\(accessKeyID), secret hidden)" }
}

/// One request as Signature Version 4 sees it: `path` already URI-encoded, the query not yet.
struct SignableRequest: Sendable {
    var method: String
    /// The `Host` header as sent: with the port when it is not the scheme's default.
    var host: String
    var path: String
    var query: [(name: String, value: String)] = []
    var headers: [(name: String, value: String)] = []
}

/// AWS Signature Version 4 for the `s3` service, by header or by query string (a presigned URL).
struct SignatureV4: Sendable {
    static let emptyPayloadHash = hexSHA256(Data())

    let credentials: S3Credentials
    let region: String

    /// The headers to send besides the request's own: `x-amz-date`, `x-amz-content-sha256`, the session
    /// token if any, and `Authorization`.
    func authorization(for request: SignableRequest, payloadHash: String, at date: Date) -> [(name: String, value: String)] {
        let stamp = AmzDate(date)
        var added: [(name: String, value: String)] = [("x-amz-content-sha256", payloadHash), ("x-amz-date", stamp.full)]
        if let token = credentials.sessionToken { added.append(("x-amz-security-token", token)) }
        var signed = request
        signed.headers += added + [("host", request.host)]
        let (canonical, signedNames) = canonicalRequest(signed, payloadHash: payloadHash)
        let signature = sign(canonical, stamp: stamp)
        let value = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(stamp)),SignedHeaders=\(signedNames),Signature=\(signature)"
        return added + [("Authorization", value)]
    }

    /// The query string of a URL that performs `request` without any header of the client's, until
    /// `expires` seconds after `date`. Only `host` is signed, so any client can use it.
    func presignedQuery(for request: SignableRequest, expires: Int, at date: Date) -> String {
        let stamp = AmzDate(date)
        var signed = request
        signed.query += [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"), ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope(stamp))"),
            ("X-Amz-Date", stamp.full), ("X-Amz-Expires", String(expires)), ("X-Amz-SignedHeaders", "host"),
        ]
        if let token = credentials.sessionToken { signed.query.append(("X-Amz-Security-Token", token)) }
        signed.headers = [("host", request.host)]
        let (canonical, _) = canonicalRequest(signed, payloadHash: "UNSIGNED-PAYLOAD")
        return Self.canonicalQuery(signed.query) + "&X-Amz-Signature=" + sign(canonical, stamp: stamp)
    }

    /// The canonical request and its `SignedHeaders` list: every header given is signed.
    func canonicalRequest(_ request: SignableRequest, payloadHash: String) -> (text: String, signedHeaders: String) {
        var merged: [String: [String]] = [:]
        for (name, value) in request.headers {
            let collapsed = value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            merged[name.lowercased(), default: []].append(collapsed)
        }
        let names = merged.keys.sorted()
        let headerLines = names.map { "\($0):\(merged[$0]!.joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let text = [request.method, request.path, Self.canonicalQuery(request.query), headerLines, signedHeaders, payloadHash].joined(separator: "\n")
        return (text, signedHeaders)
    }

    func stringToSign(_ canonicalRequest: String, stamp: AmzDate) -> String {
        ["AWS4-HMAC-SHA256", stamp.full, scope(stamp), Self.hexSHA256(Data(canonicalRequest.utf8))].joined(separator: "\n")
    }

    private func sign(_ canonicalRequest: String, stamp: AmzDate) -> String {
        var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [stamp.day, region, "s3", "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        let mac = HMAC<SHA256>.authenticationCode(for: Data(stringToSign(canonicalRequest, stamp: stamp).utf8), using: key)
        return Self.hex(mac)
    }

    private func scope(_ stamp: AmzDate) -> String { "\(stamp.day)/\(region)/s3/aws4_request" }

    /// Names and values encoded, then sorted by name and value, as the signature requires; also what is sent.
    static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        let encoded: [(name: String, value: String)] = query.map { (uriEncode($0.name), uriEncode($0.value)) }
        let sorted = encoded.sorted { ($0.name, $0.value) < ($1.name, $1.value) }
        return sorted.map { $0.name + "=" + $0.value }.joined(separator: "&")
    }

    /// RFC 3986 encoding of everything but the unreserved characters; `/` kept only in a path.
    static func uriEncode(_ text: String, keepingSlash: Bool = false) -> String {
        var encoded = ""
        for byte in text.utf8 {
            if unreserved.contains(byte) || (keepingSlash && byte == UInt8(ascii: "/")) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }

    private static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)

    static func hexSHA256(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }
}

/// A moment in the two forms the signature uses, in UTC: `20130524T000000Z` and its day, `20130524`.
struct AmzDate {
    let full: String
    var day: String { String(full.prefix(8)) }

    init(_ date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let digits = [parts.year!, parts.month!, parts.day!].map { String($0).leftPadded(to: 2) }.joined()
        let time = [parts.hour!, parts.minute!, parts.second!].map { String($0).leftPadded(to: 2) }.joined()
        full = "\(digits)T\(time)Z"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
