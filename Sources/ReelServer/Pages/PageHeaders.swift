import HTTPTypes

/// The headers of every page and page asset Reel serves to a browser. Pages load scripts, styles and
/// media from this server only and run no inline script, so text a user wrote can never run as code
/// even if it slipped past escaping.
enum PageHeaders {
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
        + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    /// `contentType` is the full value, charset included. Token pages add `Referrer-Policy: no-referrer`
    /// through `privateURL`: their address is the secret, and no link on them may hand it on.
    static func fields(contentType: String, privateURL: Bool = false, cache: String = "no-store") -> HTTPFields {
        var fields: HTTPFields = [
            .contentType: contentType,
            .contentSecurityPolicy: contentSecurityPolicy,
            .xContentTypeOptions: "nosniff",
            HTTPField.Name("X-Frame-Options")!: "DENY",
            .cacheControl: cache,
        ]
        fields[HTTPField.Name("Referrer-Policy")!] = privateURL ? "no-referrer" : "same-origin"
        return fields
    }
}
