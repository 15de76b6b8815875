import Foundation
import Hummingbird
import ReelStore
import ReelTimeline

/// `/v1/previews`: free proxy renders with a public page (the README's "Previews"). A preview's job
/// runs in the preview lane and is not listed with the account's jobs.
struct PreviewsController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("previews", use: create)
        group.get("previews/:preview", use: get)
        group.delete("previews/:preview", use: delete)
        group.post("previews/:preview/project", use: keep)
        group.post("previews/:preview/render", use: render)
    }

    /// The body is a render request, `{project_id}` or `{template_id, input}`. The request is checked
    /// as asked, so refusals name its own paths, then its proxy is priced (for its duration and uploads)
    /// and queued at no charge.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let body = try await RendersController.body(of: request, limit: services.settings.maxBodyBytes)
        let (preview, job) = try await submit(body, account: account)
        return try JSONBody.response(
            status: .created, PreviewResource(preview, job: job, signer: services.signer), headers: [.location: "/v1/previews/\(preview.id)"])
    }

    /// Checks, prices and queues the preview a create body asks for.
    func submit(_ body: Data, account: Account) async throws -> (Preview, Job) {
        let source = try await asked(body, accountID: account.id)
        let options = ValidationOptions(limits: services.settings.limits)
        let proxy = try await services.parsing.run(size: source.request.count) { () throws -> Data in
            let render = try RenderRequest.parse(source.request, options: options)
            return try JSONBody.encoder.encode(PreviewProxy.request(try JSONValue.parse(source.request), output: render.output))
        }
        let priced = try await services.quoting.quote(body: proxy, accountID: account.id)
        let submission = PreviewSubmission(
            accountID: account.id, request: String(decoding: source.request, as: UTF8.self), proxyRequest: String(decoding: proxy, as: UTF8.self),
            uploadIDs: priced.uploadIDs, projectID: source.projectID, templateID: source.templateID, duration: priced.quote.duration,
            lifetime: services.settings.previewLifetime,
            concurrencyLimit: services.settings.previewsPerAccount)
        return try await services.store.submitPreview(submission, now: Date())
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (preview, job) = try await preview(context)
        return try JSONBody.response(PreviewResource(preview, job: job, signer: services.signer))
    }

    /// Its page answers 410 from now on; a render under way is stopped and the files go at once.
    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let preview = try await services.store.deletePreview(id: try context.parameters.require("preview"), accountID: account.id, now: Date())
        try await PreviewJanitor.remove(preview, store: services.store, storage: services.storage)
        return try JSONBody.response(Deleted(id: preview.id))
    }

    /// Keeps the preview's request, at full quality, as a project.
    @Sendable func keep(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let (preview, _) = try await preview(context)
        let projects = ProjectsController(services: services)
        return try projects.created(try await projects.create(body: Data(preview.request.utf8), account: account))
    }

    /// Keeps it as a project and renders that, charged as any render.
    @Sendable func render(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let (preview, _) = try await preview(context)
        let projects = ProjectsController(services: services)
        let project = try await projects.create(body: Data(preview.request.utf8), account: account)
        return try await projects.render(project, body: Data(), account: account)
    }

    /// The render request a create body asks for, made whole from a project or a template if it names one.
    private func asked(_ body: Data, accountID: String) async throws -> (request: Data, projectID: String?, templateID: String?) {
        guard case .object(let fields) = try await services.parsing.run(size: body.count, { try JSONValue.parse(body) }) else {
            return (body, nil, nil)
        }
        if let given = fields["project_id"] {
            try Self.only(["project_id"], in: fields)
            guard case .string(let id) = given else { throw APIError.invalidRequest("project_id: must be a string", path: "project_id") }
            guard let project = try await services.store.project(id: id, accountID: accountID) else {
                throw APIError.notFound("project_id: no project with this id")
            }
            return (Data(project.fields.request.utf8), project.id, nil)
        }
        if let given = fields["template_id"] {
            try Self.only(["template_id", "input"], in: fields)
            guard case .string(let name) = given else { throw APIError.invalidRequest("template_id: must be a string", path: "template_id") }
            guard let template = try await services.store.template(idOrSlug: name, accountID: accountID) else {
                throw APIError.notFound("template_id: no template with this id or slug")
            }
            let inputs = try JSONBody.encoder.encode(JSONValue.object(["input": fields["input"] ?? .object([:])]))
            return (try await TemplatesController(services: services).request(inputs, of: template), nil, template.id)
        }
        return (body, nil, nil)
    }

    private static func only(_ allowed: Set<String>, in fields: [String: JSONValue]) throws {
        if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError.invalidRequest(
                "\(unknown): not a field of a \(allowed.sorted().joined(separator: " and ")) preview; send a render request, {project_id} or {template_id, input}",
                path: unknown)
        }
    }

    private func preview(_ context: AppRequestContext) async throws -> (Preview, Job) {
        let account = try context.requireAccount()
        guard let preview = try await services.store.preview(id: try context.parameters.require("preview"), accountID: account.id),
            let job = try await services.store.job(id: preview.jobID, accountID: account.id)
        else { throw APIError.notFound("no preview with this id") }
        return (preview, job)
    }
}
