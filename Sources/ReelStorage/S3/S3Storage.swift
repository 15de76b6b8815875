import AsyncHTTPClient
import Foundation
import NIOCore

/// Storage in a bucket of any S3-compatible service (AWS, MinIO, Garage, R2, Ceph), through the plain
/// S3 REST API. ffmpeg reads local files, so `localFile` fetches an object into a cache folder once.
public struct S3Storage: FileStorage {
    public let location: S3Location
    let cache: StorageCache
    let client: S3Client
    /// Files larger than this go up in parts of `multipart.partSize`.
    let multipartThreshold: Int64
    let multipart: S3Multipart
    /// Keys per ListObjectsV2 page; small in tests, so that paging is exercised.
    let listPageSize: Int

    /// The cache folder keeps at most `cacheBytes` of copies, except those used within `keepCopiesUsedWithin` seconds.
    public init(
        location: S3Location, credentials: S3Credentials, cacheFolder: URL, cacheBytes: Int64 = 5 << 30, keepCopiesUsedWithin: TimeInterval = 3600,
        timeout: TimeAmount = .seconds(30), partSize: Int64 = 8 << 20, multipartThreshold: Int64 = 16 << 20, listPageSize: Int = 1000
    ) {
        self.location = location
        cache = StorageCache(folder: cacheFolder, maxBytes: cacheBytes, keepRecent: keepCopiesUsedWithin)
        // 1 MiB/s: a transfer slower than that is stuck, not slow.
        client = S3Client(
            location: location, signer: SignatureV4(credentials: credentials, region: location.region), httpClient: S3Client.sharedHTTPClient,
            timeout: timeout, minimumBytesPerSecond: 1 << 20)
        self.multipartThreshold = multipartThreshold
        multipart = S3Multipart(client: client, partSize: partSize)
        self.listPageSize = listPageSize
    }

    /// Creates the bucket; for tests and first setups, Reel itself never does.
    public func createBucket() async throws {
        let configuration =
            location.region == "us-east-1"
            ? Data()
            : Data("<CreateBucketConfiguration><LocationConstraint>\(location.region)</LocationConstraint></CreateBucketConfiguration>".utf8)
        _ = try await client.call(.PUT, objectKey: nil, body: configuration.isEmpty ? .empty : .bytes(configuration))
    }

    /// Reads one key of the bucket: throws, with S3's error code, when the bucket is missing or these credentials cannot list it.
    public func checkAccess() async throws {
        _ = try await client.call(.GET, objectKey: nil, query: [("list-type", "2"), ("max-keys", "1")])
    }

    public func put(_ file: URL, at key: String) async throws {
        try Self.validate(key)
        let region = try FileRegion(file: file)
        let objectKey = location.objectKey(key)
        if region.length > multipartThreshold {
            try await multipart.upload(region, to: objectKey)
        } else {
            _ = try await client.call(.PUT, objectKey: objectKey, body: .file(region, sha256: try region.sha256()))
        }
        cache.forget(key)
        try FileManager.default.removeItem(at: file)
    }

    public func localFile(at key: String) async throws -> URL? {
        try Self.validate(key)
        if let copy = cache.hit(key) { return copy }
        let response: HTTPClientResponse
        do {
            response = try await client.send(.GET, objectKey: location.objectKey(key))
        } catch let error as S3Error where error.status == 404 && error.code != "NoSuchBucket" {
            return nil
        }
        let copy = cache.copy(of: key)
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        let download = cache.downloadFile()
        defer { try? FileManager.default.removeItem(at: download) }
        let length = response.headers.first(name: "Content-Length").flatMap { Int64($0) } ?? 0
        try await withDeadline(client.deadline(bytes: length)) {
            _ = FileManager.default.createFile(atPath: download.path, contents: nil)
            let handle = try FileHandle(forWritingTo: download)
            defer { try? handle.close() }
            for try await chunk in response.body { try handle.write(contentsOf: Data(chunk.readableBytesView)) }
        }
        // A reader of the cache sees no file or the whole one.
        guard rename(download.path, copy.path) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: copy.path]) }
        cache.trim()
        return copy
    }

    public func remove(_ key: String) async throws {
        try Self.validate(key)
        let objectKey = location.objectKey(key)
        for object in try await objects(under: objectKey + "/") {
            try await delete(object.key)
        }
        try await delete(objectKey)
        cache.forget(key)
    }

    /// S3 has no folders: a folder under `prefix` is the keys that share its name, and it was written
    /// when the latest of them was. One listing without a delimiter gives both, where a delimited one
    /// would give the names but not the dates.
    public func entries(under prefix: String) async throws -> [StoredEntry] {
        try Self.validate(prefix)
        let base = location.objectKey(prefix) + "/"
        var latest: [String: Date] = [:]
        for object in try await objects(under: base) {
            guard let name = object.key.dropFirst(base.count).split(separator: "/").first else { continue }
            latest[String(name)] = max(latest[String(name)] ?? object.written, object.written)
        }
        return latest.map { StoredEntry(key: "\(prefix)/\($0.key)", written: $0.value) }
    }

    public func contains(_ key: String) async throws -> Bool {
        try Self.validate(key)
        return try await client.call(.HEAD, objectKey: location.objectKey(key), expected: [200, 404]).head.status == .ok
    }

    public func downloadURL(for key: String, lifetime: Int, presentation: DownloadPresentation) async throws -> URL? {
        try Self.validate(key)
        var query = [(name: "response-content-type", value: presentation.contentType)]
        if let disposition = presentation.contentDisposition { query.append(("response-content-disposition", disposition)) }
        return client.presignedGET(objectKey: location.objectKey(key), query: query, expires: lifetime)
    }

    public var downloadOrigin: String? { location.url(path: "", query: "") }

    private func delete(_ objectKey: String) async throws {
        _ = try await client.call(.DELETE, objectKey: objectKey, expected: [204, 200, 404])
    }

    /// Every object whose key starts with `prefix`, page by page.
    private func objects(under prefix: String) async throws -> [(key: String, written: Date)] {
        var found: [(key: String, written: Date)] = []
        var continuation: String?
        repeat {
            var query = [(name: "list-type", value: "2"), ("prefix", prefix), ("max-keys", String(listPageSize))]
            if let continuation { query.append(("continuation-token", continuation)) }
            let answer = try await client.call(.GET, objectKey: nil, query: query)
            guard let page = XMLNode.parse(answer.body) else {
                throw S3Error(status: 200, code: "MalformedAnswer", message: "ListObjectsV2 answered no XML", request: "GET \(location.bucket)?list-type=2")
            }
            for object in page.all("Contents") {
                guard let key = object.value("Key"), let written = object.value("LastModified").flatMap(S3Dates.parse) else { continue }
                found.append((key, written))
            }
            continuation = page.value("IsTruncated") == "true" ? page.value("NextContinuationToken") : nil
        } while continuation != nil
        return found
    }
}
