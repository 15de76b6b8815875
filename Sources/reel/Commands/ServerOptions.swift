import ArgumentParser
import Configuration

/// The settings of `reel serve` and `reel worker` (the README's "Server settings"). A flag wins over its
/// `REEL_*` environment variable, which wins over the default; the README lists them all.
struct ServerOptions: ParsableArguments {
    @Option(help: "server: the HTTP API with workers in the process; worker: render workers and webhooks only (REEL_MODE, default server).")
    var mode: String?
    @Option(help: "Address to listen on (REEL_HOST, default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (REEL_PORT, default 8080).") var port: Int?
    @Option(help: "Folder for the database, outputs, asset cache and signing secret (REEL_DATA_DIR, default ./.reel).") var dataDir: String?
    @Option(help: "Database: a SQLite file path or sqlite:// URL (REEL_DATABASE_URL, default DATA_DIR/reel.sqlite).") var databaseUrl: String?
    @Option(help: "Base of signed file URLs (REEL_PUBLIC_URL, default http://HOST:PORT).") var publicUrl: String?
    @Option(help: "Renders at a time in this process; 0 accepts jobs and renders none (REEL_WORKERS, default 1).") var workers: Int?
    @Option(help: "Seconds one render may take, all its stages together (REEL_RENDER_TIMEOUT, default 600).") var renderTimeout: Int?
    @Flag(help: "Allow asset and webhook URLs on loopback, private and link-local addresses (REEL_ALLOW_PRIVATE_URLS).") var allowPrivateUrls = false
    @Option(name: .customLong("allowed-host"), help: "A host (or host:port) allowed even if it is private; repeatable (REEL_ALLOWED_HOSTS, comma-separated).")
    var allowedHosts: [String] = []
    @Option(help: "Largest request body in bytes (REEL_MAX_BODY_BYTES, default 5242880).") var maxBodyBytes: Int?
    @Option(help: "Largest upload request in bytes, its files together (REEL_MAX_UPLOAD_BYTES, default 2147483648).") var maxUploadBytes: Int?
    @Option(help: "Bytes of uploads an account keeps unless it has its own quota (REEL_STORAGE_QUOTA, default 10737418240).")
    var storageQuota: Int?
    @Option(help: "Bytes of downloaded assets kept; the least recently used go first (REEL_ASSET_CACHE_BYTES, default 5368709120).")
    var assetCacheBytes: Int?
    @Option(help: "Seconds an output is kept after its render ends, 0 for ever (REEL_OUTPUT_RETENTION, default 0).") var outputRetention: Double?
    @Option(help: "Requests per minute per API key, 0 for no limit (REEL_RATE_LIMIT, default 1200).") var rateLimit: Int?
    @Option(help: "Seconds a worker's claim on a job lasts unless renewed (REEL_LEASE_SECONDS, default 30).") var leaseSeconds: Double?
    @Option(help: "Renders a job may start before a transient failure is final (REEL_MAX_ATTEMPTS, default 3).") var maxAttempts: Int?
    @Option(help: "Seconds before the first retry of a failed render, doubling after (REEL_RETRY_DELAY, default 5).") var retryDelay: Double?
    @Option(help: "Webhook attempts per event (REEL_WEBHOOK_ATTEMPTS, default 6).") var webhookAttempts: Int?
    @Option(help: "Seconds before the first webhook retry, doubling after (REEL_WEBHOOK_BACKOFF, default 5).") var webhookBackoff: Double?
    @Option(help: "Seconds a webhook receiver has to answer (REEL_WEBHOOK_TIMEOUT, default 10).") var webhookTimeout: Double?
    @Option(help: "Seconds a signed file URL stays valid (REEL_FILE_URL_LIFETIME, default 86400).") var fileUrlLifetime: Int?
    @Option(help: "Seconds a connection may stay open with no request under way (REEL_IDLE_TIMEOUT, default 60).") var idleTimeout: Double?
    @Option(help: "Seconds from a request's first byte to the end of its headers (REEL_HEADER_TIMEOUT, default 10).") var headerTimeout: Double?
    @Option(help: "Seconds from a request's headers to the end of its body (REEL_BODY_TIMEOUT, default 60).") var bodyTimeout: Double?
    @Option(help: "Longest timeline in seconds (REEL_MAX_DURATION, default 600).") var maxDuration: Double?
    @Option(help: "Most clips in one timeline (REEL_MAX_CLIPS, default 200).") var maxClips: Int?

    /// Flags first, then `REEL_*` variables; `ServerSettings` holds the defaults.
    func reader() -> ConfigReader {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        func set(_ key: String, _ content: ConfigContent?) {
            if let content { values[AbsoluteConfigKey(key.split(separator: ".").map(String.init))] = .init(content, isSecret: false) }
        }
        set("reel.mode", mode.map { .string($0) })
        set("reel.host", host.map { .string($0) })
        set("reel.port", port.map { .int($0) })
        set("reel.dataDir", dataDir.map { .string($0) })
        set("reel.databaseUrl", databaseUrl.map { .string($0) })
        set("reel.publicUrl", publicUrl.map { .string($0) })
        set("reel.workers", workers.map { .int($0) })
        set("reel.renderTimeout", renderTimeout.map { .int($0) })
        set("reel.allowPrivateUrls", allowPrivateUrls ? .bool(true) : nil)
        set("reel.allowedHosts", allowedHosts.isEmpty ? nil : .stringArray(allowedHosts))
        set("reel.maxBodyBytes", maxBodyBytes.map { .int($0) })
        set("reel.assetCacheBytes", assetCacheBytes.map { .int($0) })
        set("reel.maxUploadBytes", maxUploadBytes.map { .int($0) })
        set("reel.storageQuota", storageQuota.map { .int($0) })
        set("reel.outputRetention", outputRetention.map { .double($0) })
        set("reel.rateLimit", rateLimit.map { .int($0) })
        set("reel.leaseSeconds", leaseSeconds.map { .double($0) })
        set("reel.maxAttempts", maxAttempts.map { .int($0) })
        set("reel.retryDelay", retryDelay.map { .double($0) })
        set("reel.webhookAttempts", webhookAttempts.map { .int($0) })
        set("reel.webhookBackoff", webhookBackoff.map { .double($0) })
        set("reel.webhookTimeout", webhookTimeout.map { .double($0) })
        set("reel.fileUrlLifetime", fileUrlLifetime.map { .int($0) })
        set("reel.idleTimeout", idleTimeout.map { .double($0) })
        set("reel.headerTimeout", headerTimeout.map { .double($0) })
        set("reel.bodyTimeout", bodyTimeout.map { .double($0) })
        set("reel.maxDuration", maxDuration.map { .double($0) })
        set("reel.maxClips", maxClips.map { .int($0) })
        return ConfigReader(providers: [InMemoryProvider(name: "flags", values: values), EnvironmentVariablesProvider()])
    }
}
