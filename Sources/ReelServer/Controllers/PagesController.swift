import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import ReelStore
import ReelTimeline

/// The public pages, no key needed: `/p/{token}` (a preview, with live progress until its proxy
/// exists), `/watch/{token}` (a completed render or a project's latest one) and their assets under
/// `/pages/`. A token that does not check answers 404; a preview expired or deleted, or a render whose
/// files are gone, 410. Every value from a user goes through Mustache's escaping, and the
/// Content-Security-Policy allows no inline script besides.
struct PagesController {
    let services: AppServices
    private let pages = PageTemplates.shared

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("p/:token", use: preview)
        router.get("p/:token/events", use: previewEvents)
        router.get("watch/:token", use: watch)
        router.get("pages/:file", use: asset)
    }

    @Sendable func preview(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (preview, job) = try await previewAndJob(context)
        guard let preview, let job else { return pages.notFound() }
        if let gone = gone(preview) { return gone }
        var values = PreviewPage.values(preview: preview, job: job, signer: services.signer, limits: services.settings.limits)
        values["events"] = "/p/\(try context.parameters.require("token"))/events"
        return pages.render("preview", values, mediaOrigin: services.storage.downloadOrigin)
    }

    /// `event: progress` with `{status, stage, progress, url, kind, error}` until the proxy is ready or the render failed.
    @Sendable func previewEvents(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (preview, job) = try await previewAndJob(context)
        guard let preview, let job else { return pages.notFound() }
        if let gone = gone(preview) { return gone }
        let (store, signer) = (services.store, services.signer)
        return JobEventStream(
            signals: services.signals, event: "progress", reload: { try await store.job(id: $0) },
            payload: { try JSONBody.encoder.encode(PreviewPage.Progress($0, signer: signer)) },
            // A public page holds no key that could be limited: its streams are short, and EventSource reconnects.
            lifetime: .seconds(300)
        ).response(first: job, headers: PageHeaders.fields(contentType: "text/event-stream", privateURL: true))
    }

    @Sendable func watch(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let id = services.signer.pageID(.watch, token: try context.parameters.require("token")) else { return pages.notFound() }
        var title = "Video"
        let job: Job?
        if id.hasPrefix("prj_") {
            guard let project = try await services.store.project(id: id) else {
                return pages.gone(title: "This project was deleted", message: "Its videos are no longer available.")
            }
            title = project.fields.name ?? "Video"
            job = project.latestCompletedJob
        } else {
            job = try await services.store.job(id: id)
        }
        guard let job, job.status == .completed, let output = job.outputPath,
            try await services.storage.contains(OutputKeys.file(job: job.id, name: URL(fileURLWithPath: output).lastPathComponent))
        else { return pages.gone(title: "This video is no longer available", message: "It was removed, or its render did not complete.") }
        return pages.render("watch", WatchPage.values(job: job, title: title, signer: services.signer), mediaOrigin: services.storage.downloadOrigin)
    }

    @Sendable func asset(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let file = pages.assets[try context.parameters.require("file")] else { return pages.notFound() }
        return Response(
            status: .ok, headers: PageHeaders.fields(contentType: file.contentType, cache: "public, max-age=300"),
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }

    private func previewAndJob(_ context: AppRequestContext) async throws -> (Preview?, Job?) {
        guard let id = services.signer.pageID(.preview, token: try context.parameters.require("token")),
            let preview = try await services.store.preview(id: id)
        else { return (nil, nil) }
        return (preview, try await services.store.job(id: preview.jobID))
    }

    private func gone(_ preview: Preview) -> Response? {
        if preview.deletedAt != nil { return pages.gone(title: "This preview was deleted", message: "Its owner removed it.") }
        if preview.expiresAt <= Date() {
            return pages.gone(title: "This preview has expired", message: "Previews are kept for a limited time; ask its owner for a new one.")
        }
        return nil
    }
}

/// The page templates and the pages' static files, read once from the resources.
struct PageTemplates: Sendable {
    struct Asset: Sendable {
        var contentType: String
        var bytes: [UInt8]
    }

    static let shared = PageTemplates()

    let library: MustacheLibrary
    let assets: [String: Asset]

    private init() {
        guard let folder = Bundle.module.url(forResource: "web", withExtension: nil)?.appendingPathComponent("pages"),
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { preconditionFailure("the pages are missing from the resources") }
        var library = MustacheLibrary()
        var assets: [String: Asset] = [:]
        for name in names {
            guard let bytes = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
            switch URL(fileURLWithPath: name).pathExtension {
            case "mustache":
                do {
                    try library.register(String(decoding: bytes, as: UTF8.self), named: String(name.dropLast(".mustache".count)))
                } catch {
                    preconditionFailure("the page template \(name) does not parse: \(error)")
                }
            case "css": assets[name] = Asset(contentType: "text/css; charset=utf-8", bytes: Array(bytes))
            case "js": assets[name] = Asset(contentType: "text/javascript; charset=utf-8", bytes: Array(bytes))
            default: continue
            }
        }
        self.library = library
        self.assets = assets
    }

    func render(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok, mediaOrigin: String? = nil) -> Response {
        let html = library.render(values, withTemplate: template) ?? ""
        return Response(
            status: status, headers: PageHeaders.fields(contentType: "text/html; charset=utf-8", privateURL: true, mediaOrigin: mediaOrigin),
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    func gone(title: String, message: String) -> Response { render("gone", ["title": title, "message": message], status: .gone) }

    func notFound() -> Response {
        render("gone", ["title": "No such page", "message": "Check the address; a page's address must be copied whole."], status: .notFound)
    }
}
