import AsyncHTTPClient
import Foundation
import NIOCore
import ReelNetwork
import ReelTimeline

/// Brings asset sources onto the local disk. Remote files are downloaded once into the
/// asset cache, so every render that uses the same URL reads the same file; concurrent
/// requests for one URL share one download.
actor AssetFetcher {
    struct Limits: Sendable {
        var maxBytes: Int64 = 512 * 1024 * 1024
        var totalTimeout: TimeAmount = .seconds(120)
        var addresses = AddressPolicy(allowPrivate: true)
        var maxRedirects = 5
    }

    let cache: AssetCache
    private let httpClient: PinnedHTTPClient
    private let limits: Limits
    private var downloads: [String: Task<URL, any Error>] = [:]

    init(cache: AssetCache, httpClient: PinnedHTTPClient, limits: Limits) {
        self.cache = cache
        self.httpClient = httpClient
        self.limits = limits
    }

    /// The file for `source`, downloaded if need be. `received` hears the fraction of a download's
    /// declared length that has arrived; a caller that joins a download already under way hears nothing.
    func localFile(for source: MediaSource, received: @escaping @Sendable (Double) -> Void = { _ in }) async throws(RenderError) -> URL {
        switch source {
        case .file(let path):
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw RenderError(.invalidAsset, "\(path): no readable file at this path")
            }
            return URL(fileURLWithPath: path)
        case .asset:
            // The server turns an upload into its stored file before the request reaches the renderer.
            throw RenderError(.invalidAsset, "\(source): uploads are only read through the HTTP API")
        case .url(let url):
            if let cached = cache.hit(url) { return cached }
            let task = downloads[url] ?? Task { [cache, httpClient, limits] in
                let file = try await Self.download(url, to: cache.file(for: url), client: httpClient, limits: limits, received: received)
                cache.trim()
                return file
            }
            downloads[url] = task
            defer { downloads[url] = nil }
            do {
                return try await task.value
            } catch let error as RenderError {
                throw error
            } catch {
                throw RenderError(.invalidAsset, "\(url): could not be downloaded (\(error))")
            }
        }
    }

    /// The client for assets: a refused connection fails at once instead of being retried
    /// until the request's deadline.
    static let sharedClient: PinnedHTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(30))
        configuration.connectionPool.retryConnectionEstablishment = false
        // Redirects are followed by `download`, which checks every hop against the address policy.
        configuration.redirectConfiguration = .disallow
        return PinnedHTTPClient(configuration: configuration)
    }()

    /// Follows redirects, each hop checked against the address policy and connected to the
    /// address that check approved, and saves the final answer into `destination`.
    private static func download(
        _ url: String, to destination: URL, client: PinnedHTTPClient, limits: Limits, received: @escaping @Sendable (Double) -> Void
    ) async throws -> URL {
        var current = url
        for _ in 0...limits.maxRedirects {
            let pin: AddressPin?
            switch limits.addresses.check(current) {
            case .refused(let refusal):
                throw RenderError(.invalidAsset, current == url ? "\(url): \(refusal)" : "\(url): redirects to \(current), which \(refusal)")
            case .allowed(let checked):
                pin = checked
            }
            let hop = current
            let next: String? = try await client.withClient(pinning: pin) { http in
                var request = HTTPClientRequest(url: hop)
                request.headers.add(name: "User-Agent", value: "Reel")
                let response = try await http.execute(request, timeout: limits.totalTimeout)
                if [301, 302, 303, 307, 308].contains(response.status.code), let location = response.headers.first(name: "location"),
                    let next = URL(string: location, relativeTo: URL(string: hop))?.absoluteString
                {
                    return next
                }
                try await save(response, of: url, to: destination, limits: limits, received: received)
                return nil
            }
            guard let next else { return destination }
            current = next
        }
        throw RenderError(.invalidAsset, "\(url): more than \(limits.maxRedirects) redirects")
    }

    private static func save(
        _ response: HTTPClientResponse, of url: String, to destination: URL, limits: Limits, received report: (Double) -> Void
    ) async throws {
        guard response.status == .ok else {
            throw RenderError(.invalidAsset, "\(url): the server answered HTTP \(response.status.code)")
        }
        let declared = response.headers.first(name: "content-length").flatMap(Int64.init)
        if let declared, declared > limits.maxBytes {
            throw RenderError(.invalidAsset, "\(url): is \(declared) bytes, more than the \(limits.maxBytes) allowed")
        }
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        let partial = destination.appendingPathExtension("part-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
            throw RenderError(.internalError, "cannot write into the asset cache \(destination.deletingLastPathComponent().path)")
        }
        let handle = try FileHandle(forWritingTo: partial)
        var received: Int64 = 0
        do {
            for try await buffer in response.body {
                received += Int64(buffer.readableBytes)
                guard received <= limits.maxBytes else {
                    throw RenderError(.invalidAsset, "\(url): is more than the \(limits.maxBytes) bytes allowed")
                }
                try handle.write(contentsOf: Data(buffer.readableBytesView))
                if let declared, declared > 0 { report(Double(received) / Double(declared)) }
            }
            try handle.close()
            guard received > 0 else { throw RenderError(.invalidAsset, "\(url): the server sent an empty file") }
            _ = try? FileManager.default.removeItem(at: destination)
            try FileManager.default.moveItem(at: partial, to: destination)
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
    }
}
