import ReelTimeline

/// Every setting of `reel serve` and `reel worker`, in the order of the README's "Server settings",
/// which a test holds to this list.
public enum SettingsCatalogue {
    public static let mode = Setting(
        "mode", default: ServerSettings.Mode.server,
        help: "server: the HTTP API with workers in the process; worker: render workers and webhooks only")
    public static let host = Setting("host", default: "127.0.0.1", help: "Address to listen on")
    public static let port = Setting("port", default: 8080, help: "Port to listen on")
    public static let dataDir = Setting("data-dir", default: "./.reel", help: "Folder for the database, outputs, asset cache and signing secret")
    public static let databaseUrl = Setting(
        "database-url", default: String?.none, help: "Database: a SQLite file path or sqlite:// URL, or a postgres:// URL", shownDefault: "DATA_DIR/reel.sqlite")
    public static let publicUrl = Setting("public-url", default: String?.none, help: "Base of signed file URLs", shownDefault: "http://HOST:PORT")
    public static let workers = Setting("workers", default: 1, help: "Renders at a time in this process; 0 accepts jobs and renders none")
    public static let previewWorkers = Setting(
        "preview-workers", default: 1, help: "Preview renders at a time in this process, in a lane of their own; 0 renders none")
    public static let previewLifetime = Setting("preview-lifetime", default: 7 * 24 * 3600.0, help: "Seconds a preview and its page live")
    public static let previewsPerAccount = Setting(
        "previews-per-account", default: 2, help: "Previews one account may have queued or rendering at once")
    public static let renderTimeout = Setting("render-timeout", default: 600, help: "Seconds one render may take, all its stages together")
    public static let allowPrivateUrls = Setting(
        "allow-private-urls", default: false, help: "Allow asset and webhook URLs on loopback, private and link-local addresses")
    public static let allowedHosts = Setting(
        "allowed-hosts", default: [String](), help: "A host (or host:port) allowed even if it is private", flag: .eachItem("allowed-host"))
    public static let maxBodyBytes = Setting("max-body-bytes", default: 5 * 1024 * 1024, help: "Largest request body in bytes")
    public static let assetCacheBytes = Setting(
        "asset-cache-bytes", default: 5 * 1024 * 1024 * 1024, help: "Bytes of downloaded assets kept; the least recently used go first")
    public static let maxUploadBytes = Setting(
        "max-upload-bytes", default: 2 * 1024 * 1024 * 1024, help: "Largest upload request in bytes, its files together")
    public static let storageQuota = Setting(
        "storage-quota", default: 10 * 1024 * 1024 * 1024, help: "Bytes of uploads an account keeps unless it has a quota of its own")
    public static let rateLimit = Setting("rate-limit", default: 1200, help: "Requests per minute per API key, 0 for no limit")
    public static let leaseSeconds = Setting("lease-seconds", default: 30.0, help: "Seconds a worker's claim on a job lasts unless renewed")
    public static let maxAttempts = Setting("max-attempts", default: 3, help: "Renders a job may start before a transient failure is final")
    public static let retryDelay = Setting("retry-delay", default: 5.0, help: "Seconds before the first retry of a failed render, doubling after")
    public static let webhookAttempts = Setting("webhook-attempts", default: 6, help: "Webhook attempts per event")
    public static let webhookBackoff = Setting("webhook-backoff", default: 5.0, help: "Seconds before the first webhook retry, doubling after")
    public static let webhookTimeout = Setting("webhook-timeout", default: 10.0, help: "Seconds a webhook receiver has to answer")
    public static let idleTimeout = Setting("idle-timeout", default: 60.0, help: "Seconds a connection may stay open with no request under way")
    public static let headerTimeout = Setting("header-timeout", default: 10.0, help: "Seconds from a request's first byte to the end of its headers")
    public static let bodyTimeout = Setting("body-timeout", default: 60.0, help: "Seconds from a request's headers to the end of its body")
    public static let fileUrlLifetime = Setting("file-url-lifetime", default: 24 * 3600, help: "Seconds a signed file URL stays valid")
    public static let outputRetention = Setting("output-retention", default: 0.0, help: "Seconds an output is kept after its render ends, 0 for ever")
    public static let maxDuration = Setting("max-duration", default: TimelineLimits().maxDuration, help: "Longest timeline in seconds")
    public static let maxClips = Setting("max-clips", default: TimelineLimits().maxClips, help: "Most clips in one timeline")
    public static let maxPixels = Setting("max-pixels", default: TimelineLimits().maxPixels, help: "Most pixels in one output frame", flag: .variableOnly)
    public static let signingSecret = Setting(
        "signing-secret", default: String?.none, help: "Secret that signs file URLs; give every API node the same one to share them",
        flag: .variableOnly, shownDefault: "generated into DATA_DIR/signing.key", isSecret: true)
    public static let compatPublicStatus = Setting(
        "compat-public-status", default: true, help: "Answer Viggle's GET /compat/viggle/api/render/{job_id} without a key, as its document says")
    public static let storage = Setting(
        "storage", default: String?.none, help: "Where uploads and outputs are kept: a folder, or s3://BUCKET/PREFIX", shownDefault: "DATA_DIR")
    public static let s3Endpoint = Setting(
        "s3-endpoint", default: String?.none, help: "The S3-compatible service of an s3:// storage URL, addressed path-style",
        shownDefault: "https://s3.REGION.amazonaws.com")
    public static let s3Region = Setting("s3-region", default: "us-east-1", help: "The region requests to the S3 service are signed for")

    static let all: [any AnySetting] = [
        mode, host, port, dataDir, databaseUrl, publicUrl, workers, previewWorkers, previewLifetime, previewsPerAccount, renderTimeout, allowPrivateUrls, allowedHosts, maxBodyBytes,
        assetCacheBytes, maxUploadBytes, storageQuota, rateLimit, leaseSeconds, maxAttempts, retryDelay, webhookAttempts, webhookBackoff, webhookTimeout,
        idleTimeout, headerTimeout, bodyTimeout, fileUrlLifetime, outputRetention, maxDuration, maxClips, maxPixels, signingSecret,
        compatPublicStatus,
        storage, s3Endpoint, s3Region,
    ]
}
