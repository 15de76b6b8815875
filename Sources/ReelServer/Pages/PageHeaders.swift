import HTTPTypes

/// The headers of every page and page asset Reel serves to a browser. Pages load scripts, styles and
/// media from this server only, images and media also from the storage's `mediaOrigin` (its file URLs
/// redirect there), and run no inline script, so text a user wrote can never run as code even if it
/// slipped past escaping.
enum PageHeaders {
    static func contentSecurityPolicy(mediaOrigin: String?) -> String {
        let media = mediaOrigin.map { "'self' \($0)" } ?? "'self'"
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src \(media) data: blob:; media-src \(media) blob:; "
            + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    }

    /// `contentType` is the full value, charset included. Token pages add `Referrer-Policy: no-referrer`
    /// through `privateURL`: their address is the secret, and no link on them may hand it on.
    static func fields(contentType: String, privateURL: Bool = false, cache: String = "no-store", mediaOrigin: String? = nil) -> HTTPFields {
        var fields: HTTPFields = [
            .contentType: contentType,
            .contentSecurityPolicy: contentSecurityPolicy(mediaOrigin: mediaOrigin),
            .xContentTypeOptions: "nosniff",
            HTTPField.Name("X-Frame-Options")!: "DENY",
            .cacheControl: cache,
        ]
        fields[HTTPField.Name("Referrer-Policy")!] = privateURL ? "no-referrer" : "same-origin"
        return fields
    }
}
