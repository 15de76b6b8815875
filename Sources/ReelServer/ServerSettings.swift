import Configuration
import Foundation
import NIOCore
import ReelNetwork
import ReelTimeline

/// Every setting of `reel serve` and `reel worker`. Each is read from the key
/// `reel.NAME`: a flag first, then the environment variable `REEL_NAME`, then the default here.
public struct ServerSettings: Sendable {
    public enum Mode: String, Sendable {
        /// The HTTP API, with `workers` renders in the same process.
        case server
        /// Render workers and the webhook dispatcher only, no HTTP.
        case worker
    }

    public var mode: Mode
    public var host: String
    public var port: Int
    public var dataDirectory: URL
    public var databasePath: String
    public var publicURL: String
    public var workers: Int
    public var renderTimeout: Int
    /// Which hosts asset and callback URLs may point at.
    public var addressPolicy: AddressPolicy
    /// Largest request body accepted, in bytes.
    public var maxBodyBytes: Int
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

    public init(reader: ConfigReader) {
        mode = Mode(rawValue: reader.string(forKey: "reel.mode", default: "server")) ?? .server
        host = reader.string(forKey: "reel.host", default: "127.0.0.1")
        port = reader.int(forKey: "reel.port", default: 8080)
        let dataDirectory = URL(fileURLWithPath: reader.string(forKey: "reel.dataDir", default: "./.reel")).standardizedFileURL
        self.dataDirectory = dataDirectory
        let database = reader.string(forKey: "reel.databaseUrl", default: dataDirectory.appendingPathComponent("reel.sqlite").path)
        databasePath = database.hasPrefix("sqlite://") ? String(database.dropFirst("sqlite://".count)) : database
        publicURL = reader.string(forKey: "reel.publicUrl", default: "http://\(host):\(port)")
        workers = max(0, reader.int(forKey: "reel.workers", default: 1))
        renderTimeout = reader.int(forKey: "reel.renderTimeout", default: 600)
        addressPolicy = AddressPolicy(
            allowPrivate: reader.bool(forKey: "reel.allowPrivateUrls", default: false),
            allowedHosts: Set(reader.stringArray(forKey: "reel.allowedHosts", default: [])))
        maxBodyBytes = reader.int(forKey: "reel.maxBodyBytes", default: 5 * 1024 * 1024)
        assetCacheBytes = reader.int(forKey: "reel.assetCacheBytes", default: 5 * 1024 * 1024 * 1024)
        rateLimit = reader.int(forKey: "reel.rateLimit", default: 1200)
        leaseSeconds = reader.double(forKey: "reel.leaseSeconds", default: 30)
        maxAttempts = reader.int(forKey: "reel.maxAttempts", default: 3)
        retryDelay = reader.double(forKey: "reel.retryDelay", default: 5)
        webhookAttempts = reader.int(forKey: "reel.webhookAttempts", default: 6)
        webhookBackoff = reader.double(forKey: "reel.webhookBackoff", default: 5)
        webhookTimeout = reader.double(forKey: "reel.webhookTimeout", default: 10)
        fileURLLifetime = reader.int(forKey: "reel.fileUrlLifetime", default: 24 * 3600)
        outputRetention = max(0, reader.double(forKey: "reel.outputRetention", default: 0))
        var limits = TimelineLimits()
        limits.maxDuration = reader.double(forKey: "reel.maxDuration", default: limits.maxDuration)
        limits.maxClips = reader.int(forKey: "reel.maxClips", default: limits.maxClips)
        limits.maxPixels = reader.int(forKey: "reel.maxPixels", default: limits.maxPixels)
        self.limits = limits
        connectionTimeouts = ConnectionTimeouts(
            idle: TimeAmount(.seconds(reader.double(forKey: "reel.idleTimeout", default: 60))),
            header: TimeAmount(.seconds(reader.double(forKey: "reel.headerTimeout", default: 10))),
            body: TimeAmount(.seconds(reader.double(forKey: "reel.bodyTimeout", default: 60))))
    }
}

extension ServerSettings {
    /// Where finished renders are kept, a folder per job.
    var outputsDirectory: URL { dataDirectory.appendingPathComponent("outputs") }

    /// The folder of one job's output, poster and thumbnail.
    func outputFolder(job id: String) -> URL { outputsDirectory.appendingPathComponent(id) }

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
