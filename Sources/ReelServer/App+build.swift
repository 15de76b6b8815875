import AsyncHTTPClient
import Configuration
import Foundation
import Hummingbird
import Logging
import ReelRender
import ReelStorage
import ReelStore
import ServiceLifecycle

/// The HTTP application: routes, middleware, and the render workers and webhook dispatcher
/// as services of the same process (no workers with `--workers 0`).
public func buildApplication(reader: ConfigReader, logger: Logger = Logger(label: "reel")) async throws -> some ApplicationProtocol {
    let services = try await makeServices(reader: reader, logger: logger)
    let router = buildRouter(services)
    let timeouts = services.settings.connectionTimeouts
    var app = Application(
        router: router,
        server: .http1(configuration: .init(additionalChannelHandlers: [ConnectionDeadlines(timeouts: timeouts), ContinueResponder()])),
        configuration: ApplicationConfiguration(address: .hostname(services.settings.host, port: services.settings.port), serverName: "Reel"),
        logger: logger)
    for service in backgroundServices(services) { app.addServices(service) }
    return app
}

/// Only the render workers and the webhook dispatcher, for `reel worker`.
public func runWorker(reader: ConfigReader, logger: Logger = Logger(label: "reel")) async throws {
    let services = try await makeServices(reader: reader, logger: logger)
    let group = ServiceGroup(
        configuration: .init(services: backgroundServices(services), gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await group.run()
}

func buildRouter(_ services: AppServices) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: HTTPMetricsMiddleware(metrics: services.metrics))
    SystemController(services: services).addRoutes(to: router)
    ConsoleController(mediaOrigin: services.storage.downloadOrigin).addRoutes(to: router)
    FilesController(services: services).addRoutes(to: router)
    PagesController(services: services).addRoutes(to: router)
    let limiter = RateLimiter(perMinute: services.settings.rateLimit)
    let api = router.group("v1")
        .add(middleware: APIKeyMiddleware(store: services.store))
        .add(middleware: RateLimitMiddleware(limiter: limiter))
    RendersController(services: services).addRoutes(to: api)
    JobsController(services: services).addRoutes(to: api)
    UploadsController(services: services).addRoutes(to: api)
    TemplatesController(services: services).addRoutes(to: api)
    ProjectsController(services: services).addRoutes(to: api)
    PreviewsController(services: services).addRoutes(to: api)
    AccountController(services: services).addRoutes(to: api)
    CompatSurface.addRoutes(to: router, services: services, limiter: limiter)
    // Added last, it sees every route; router middleware also wraps the answer for unknown paths.
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
    return router
}

func makeServices(reader: ConfigReader, logger: Logger) async throws -> AppServices {
    let settings = ServerSettings(reader: reader)
    try FileManager.default.createDirectory(at: settings.dataDirectory, withIntermediateDirectories: true)
    let signals = JobSignals()
    let base = try await openStore(settings)
    let store = LocalStore(base, signals: signals)
    var configuration = RendererConfiguration(dataDirectory: settings.dataDirectory)
    configuration.timeout = .seconds(settings.renderTimeout)
    configuration.limits = settings.limits
    configuration.addressPolicy = settings.addressPolicy
    configuration.maxCacheBytes = Int64(settings.assetCacheBytes)
    let secret = try FileSigner.loadSecret(configured: reader.value(SettingsCatalogue.signingSecret), dataDirectory: settings.dataDirectory)
    return AppServices(
        settings: settings, store: store, shared: base as? PostgresStore, storage: try await settings.openStorage(),
        renderer: Renderer(configuration: configuration, logger: logger), signals: signals,
        signer: FileSigner(secret: secret, publicURL: settings.publicURL, lifetime: settings.fileURLLifetime), metrics: ServerMetrics(),
        logger: logger)
}

func backgroundServices(_ services: AppServices) -> [any Service] {
    var list: [any Service] = [
        WebhookDispatcher(
            store: services.store, signals: services.signals, settings: services.settings, signer: services.signer,
            httpClient: WebhookDispatcher.sharedClient, safetyPoll: services.safetyPoll, logger: services.logger)
    ]
    if let shared = services.shared {
        list.append(NotificationForwarder(notifications: shared.notifications(), signals: services.signals, logger: services.logger))
    }
    for (lane, slots) in [(Job.Lane.render, services.settings.workers), (.preview, services.settings.previewWorkers)] where slots > 0 {
        list.append(
            RenderWorkerService(
                lane: lane, slots: slots, store: services.store, storage: services.storage, uploads: services.uploads, renderer: services.renderer,
                signals: services.signals, settings: services.settings, metrics: services.metrics, safetyPoll: services.safetyPoll,
                logger: services.logger))
    }
    list.append(PreviewJanitor(store: services.store, storage: services.storage, lifetime: services.settings.previewLifetime, logger: services.logger))
    if services.settings.outputRetention > 0 {
        list.append(
            OutputJanitor(
                storage: services.storage, retention: services.settings.outputRetention,
                logger: services.logger))
    }
    return list
}

/// The store the settings name, for the commands that manage it.
public func openStore(reader: ConfigReader) async throws -> any Store {
    let settings = ServerSettings(reader: reader)
    try FileManager.default.createDirectory(at: settings.dataDirectory, withIntermediateDirectories: true)
    return try await openStore(settings)
}

private func openStore(_ settings: ServerSettings) async throws -> any Store {
    switch settings.database {
    case .sqlite(let path): try SQLiteStore(path: path)
    case .postgres(let url): try await PostgresStore(url: url)
    }
}

/// Creates the first account and its key when the store has no key at all; returns the key to print once.
public func ensureFirstKey(reader: ConfigReader) async throws -> String? {
    let store = try await openStore(reader: reader)
    guard try await store.keys().isEmpty else { return nil }
    return try await APIKeys.createAccount(in: store, name: "default", credits: 0, unlimited: true).secret
}
