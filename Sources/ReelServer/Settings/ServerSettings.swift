import Configuration
import Foundation
import NIOCore
import ReelNetwork
import ReelStore
import ReelTimeline

/// The settings of `reel serve` and `reel worker` as the server uses them, each read through
/// `SettingsCatalogue`: a flag first, then its environment variable, then its default.
public struct ServerSettings: Sendable {
    public enum Mode: String, Sendable, CaseIterable {
        /// The HTTP API, with `workers` renders in the same process.
        case server
        /// Render workers and the webhook dispatcher only, no HTTP.
        case worker
    }

    public var mode: Mode
    public var host: String
    public var port: Int
    public var dataDirectory: URL
    public var database: DatabaseLocation
    public var publicURL: String
    public var workers: Int
    public var previewWorkers: Int
    public var previewLifetime: Double
    /// Previews one account may have queued or rendering at once: free renders cannot crowd out other accounts'.
    public var previewsPerAccount: Int
    public var renderTimeout: Int
    /// Which hosts asset and callback URLs may point at.
    public var addressPolicy: AddressPolicy
    /// Largest request body accepted, in bytes.
    public var maxBodyBytes: Int
    /// Largest upload request, all its files together, in bytes.
    public var maxUploadBytes: Int
    /// Bytes of uploads an account may keep unless it has a quota of its own.
    public var storageQuota: Int64
    /// How large the asset cache may grow before the files used least recently are removed.
    public var assetCacheBytes: Int
    /// Requests per minute per API key; 0 turns the limit off.
    public var rateLimit: Int
    /// How long a worker's claim on a job lasts without being renewed.
    public var leaseSeconds: Double
    /// Renders a job may start before a transient failure becomes final.
    public var maxAttempts: Int
    /// First wait before a transiently failed render is retried; it doubles each time.
    public var retryDelay: Double
    public var webhookAttempts: Int
    public var webhookBackoff: Double
    public var webhookTimeout: Double
    /// How long a signed file URL stays valid.
    public var fileURLLifetime: Int
    /// Seconds an output is kept after its render ends; 0 keeps outputs for ever.
    public var outputRetention: Double
    public var limits: TimelineLimits
    /// How long a client may keep a connection idle, send one request's headers, and send its body.
    public var connectionTimeouts: ConnectionTimeouts
    /// Viggle's status route answers without a key (its jobs only), as its document says.
    public var compatPublicStatus: Bool
    /// A folder, or `s3://BUCKET/PREFIX`; nil keeps files in the data folder.
    public var storageURL: String?
    public var s3Endpoint: String?
    public var s3Region: String

    public init(reader: ConfigReader) {
        let catalogue = SettingsCatalogue.self
        mode = reader.value(catalogue.mode)
        host = reader.value(catalogue.host)
        port = reader.value(catalogue.port)
        let dataDirectory = URL(fileURLWithPath: reader.value(catalogue.dataDir)).standardizedFileURL
        self.dataDirectory = dataDirectory
        database = DatabaseLocation(reader.value(catalogue.databaseUrl) ?? dataDirectory.appendingPathComponent("reel.sqlite").path)
        publicURL = reader.value(catalogue.publicUrl) ?? "http://\(host):\(port)"
        workers = max(0, reader.value(catalogue.workers))
        previewWorkers = max(0, reader.value(catalogue.previewWorkers))
        previewLifetime = max(1, reader.value(catalogue.previewLifetime))
        previewsPerAccount = max(1, reader.value(catalogue.previewsPerAccount))
        renderTimeout = reader.value(catalogue.renderTimeout)
        addressPolicy = AddressPolicy(
            allowPrivate: reader.value(catalogue.allowPrivateUrls), allowedHosts: Set(reader.value(catalogue.allowedHosts)))
        maxBodyBytes = reader.value(catalogue.maxBodyBytes)
        assetCacheBytes = reader.value(catalogue.assetCacheBytes)
        maxUploadBytes = reader.value(catalogue.maxUploadBytes)
        storageQuota = Int64(reader.value(catalogue.storageQuota))
        rateLimit = reader.value(catalogue.rateLimit)
        leaseSeconds = reader.value(catalogue.leaseSeconds)
        maxAttempts = reader.value(catalogue.maxAttempts)
        retryDelay = reader.value(catalogue.retryDelay)
        webhookAttempts = reader.value(catalogue.webhookAttempts)
        webhookBackoff = reader.value(catalogue.webhookBackoff)
        webhookTimeout = reader.value(catalogue.webhookTimeout)
        fileURLLifetime = reader.value(catalogue.fileUrlLifetime)
        outputRetention = max(0, reader.value(catalogue.outputRetention))
        var limits = TimelineLimits()
        limits.maxDuration = reader.value(catalogue.maxDuration)
        limits.maxClips = reader.value(catalogue.maxClips)
        limits.maxPixels = reader.value(catalogue.maxPixels)
        self.limits = limits
        compatPublicStatus = reader.value(catalogue.compatPublicStatus)
        connectionTimeouts = ConnectionTimeouts(
            idle: TimeAmount(.seconds(reader.value(catalogue.idleTimeout))),
            header: TimeAmount(.seconds(reader.value(catalogue.headerTimeout))),
            body: TimeAmount(.seconds(reader.value(catalogue.bodyTimeout))))
        storageURL = reader.value(catalogue.storage)
        s3Endpoint = reader.value(catalogue.s3Endpoint)
        s3Region = reader.value(catalogue.s3Region)
    }
}

extension ServerSettings {
    /// Why an output that was rendered is no longer there.
    var removedOutputMessage: String {
        guard outputRetention > 0 else { return "no such file" }
        return "no such file: outputs are removed \(plainNumber(outputRetention)) s after their render ends"
    }
}

/// A setting's number as messages and the API document show it: no trailing ".0".
func plainNumber(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
}

/// Where the store is: a SQLite file of this node's, or a PostgreSQL database that nodes share.
public enum DatabaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    /// `postgres://` and `postgresql://` URLs name PostgreSQL; anything else is a SQLite path, `sqlite://` or not.
    init(_ setting: String) {
        if PostgresStore.handles(url: setting) {
            self = .postgres(url: setting)
        } else {
            self = .sqlite(path: setting.hasPrefix("sqlite://") ? String(setting.dropFirst("sqlite://".count)) : setting)
        }
    }
}
