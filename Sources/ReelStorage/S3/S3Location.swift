import Foundation

/// Where an S3 storage's objects are: a bucket, a key prefix inside it, and the service that holds it.
public struct S3Location: Sendable, Equatable {
    public var bucket: String
    /// Prepended to every storage key, without a trailing `/`; empty for the bucket's root.
    public var prefix: String
    public var region: String
    /// `https://s3.REGION.amazonaws.com` unless another service is named.
    public var endpoint: URL
    /// `ENDPOINT/BUCKET/KEY` rather than `BUCKET.ENDPOINT/KEY`: what MinIO, Garage, moto and most
    /// self-hosted services expect, and so the choice whenever an endpoint is given.
    public var pathStyle: Bool

    /// `storageURL` is `s3://BUCKET` or `s3://BUCKET/PREFIX`.
    public init(storageURL: String, endpoint: String?, region: String) throws(S3LocationError) {
        guard storageURL.hasPrefix("s3://") else { throw S3LocationError("\(storageURL): an S3 storage URL starts with s3://") }
        let rest = storageURL.dropFirst("s3://".count).split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        bucket = String(rest[0])
        guard bucket.count >= 3, bucket.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == ".") }) else {
            throw S3LocationError("\(storageURL): \"\(bucket)\" is not a bucket name (3 or more of a-z, 0-9, '-' and '.')")
        }
        prefix = rest.count > 1 ? rest[1].split(separator: "/").joined(separator: "/") : ""
        self.region = region
        if let endpoint {
            guard let url = URL(string: endpoint), ["http", "https"].contains(url.scheme ?? ""), url.host != nil, url.path.isEmpty || url.path == "/" else {
                throw S3LocationError("\(endpoint): an S3 endpoint is an http(s) URL with no path, e.g. http://127.0.0.1:9000")
            }
            self.endpoint = url
            pathStyle = true
        } else {
            self.endpoint = URL(string: "https://s3.\(region).amazonaws.com")!
            pathStyle = false
        }
    }

    /// The `Host` header: the port only when it is not the scheme's.
    var host: String {
        let name = pathStyle ? endpoint.host! : "\(bucket).\(endpoint.host!)"
        guard let port = endpoint.port, port != (endpoint.scheme == "https" ? 443 : 80) else { return name }
        return "\(name):\(port)"
    }

    /// The object key of a storage key, and the encoded request path of an object key (nil: the bucket itself).
    func objectKey(_ key: String) -> String { prefix.isEmpty ? key : "\(prefix)/\(key)" }

    func path(objectKey: String?) -> String {
        let bucketPath = pathStyle ? "/\(bucket)" : ""
        guard let objectKey else { return bucketPath.isEmpty ? "/" : bucketPath }
        return "\(bucketPath)/\(SignatureV4.uriEncode(objectKey, keepingSlash: true))"
    }

    func url(path: String, query: String) -> String {
        "\(endpoint.scheme!)://\(host)\(path)\(query.isEmpty ? "" : "?" + query)"
    }
}

public struct S3LocationError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
