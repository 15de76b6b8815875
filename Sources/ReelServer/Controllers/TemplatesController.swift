import Crypto
import Foundation
import Hummingbird
import ReelStore
import ReelTimeline

/// `/v1/templates`: stored timelines with inputs, and their renders (the README's "Templates").
/// A template is named in a path by its id or its slug; another account's answers 404 as an unknown one.
struct TemplatesController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("templates", use: create)
        group.get("templates", use: list)
        group.get("templates/:template", use: get)
        group.put("templates/:template", use: update)
        group.delete("templates/:template", use: delete)
        group.post("templates/:template/renders", use: render)
        group.post("templates/:template/cost", use: cost)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let template = try await services.store.createTemplate(try await fields(request), accountID: account.id, now: Date())
        return try JSONBody.response(status: .created, TemplateResource(template), headers: [.location: "/v1/templates/\(template.id)"])
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let pagination = try Pagination(request)
        let templates = try await services.store.templates(accountID: account.id, before: pagination.after, limit: pagination.limit + 1)
        return try JSONBody.response(pagination.page(try templates.map(TemplateResource.init), key: \.id) { $0 })
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONBody.response(TemplateResource(try await template(context)))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let name = try context.parameters.require("template")
        // An unknown template is 404 whatever the body holds.
        _ = try await template(context)
        let template = try await services.store.updateTemplate(idOrSlug: name, accountID: account.id, with: try await fields(request), now: Date())
        return try JSONBody.response(TemplateResource(template))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let template = try await services.store.deleteTemplate(idOrSlug: try context.parameters.require("template"), accountID: account.id)
        return try JSONBody.response(TemplateResource(template))
    }

    @Sendable func render(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let idempotencyKey = try RendersController.idempotencyKey(request)
        let (template, body, stored, priced) = try await price(request, context: context)
        // The same body for another template is another request.
        let requestHash = Hex.string(SHA256.hash(data: Data("\(template.id)\n".utf8) + body))
        return try await RendersController(services: services).enqueue(
            priced.render, stored: stored, quote: priced.quote, account: account, idempotency: idempotencyKey.map { ($0, requestHash) },
            uploadIDs: priced.uploadIDs, templateID: template.id)
    }

    @Sendable func cost(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONBody.response(try await price(request, context: context).priced.quote)
    }

    /// Reads a template render's body, makes the render request the template and its inputs make, and
    /// prices it as any render is priced.
    private func price(_ request: Request, context: AppRequestContext) async throws
        -> (template: Template, body: Data, stored: Data, priced: Quoting.Priced)
    {
        let template = try await template(context)
        let body = try await RendersController.body(of: request, limit: services.settings.maxBodyBytes)
        let (stored, priced) = try await price(body, of: template, accountID: try context.requireAccount().id)
        return (template, body, stored, priced)
    }

    /// The render request a template render's body makes with `template`, and its price.
    func price(_ body: Data, of template: Template, accountID: String) async throws -> (stored: Data, priced: Quoting.Priced) {
        let stored = try await request(body, of: template)
        return (stored, try await services.quoting.quote(body: stored, accountID: accountID))
    }

    /// The render request, JSON, that a template render's body (`{input, …}`) makes with `template`.
    func request(_ body: Data, of template: Template) async throws -> Data {
        try await services.parsing.run(size: body.count + template.fields.timeline.utf8.count) {
            let content = try template.content()
            let made = try TemplateRender.request(body: body, timeline: content.timeline, output: content.output, inputs: content.inputs)
            return try JSONBody.encoder.encode(made)
        }
    }

    /// Reads and checks a create or update body.
    private func fields(_ request: Request) async throws -> TemplateFields {
        let body = try await RendersController.body(of: request, limit: services.settings.maxBodyBytes)
        let options = ValidationOptions(limits: services.settings.limits)
        return try await services.parsing.run(size: body.count) { try TemplateFields(TemplateDefinition.parse(body, options: options)) }
    }

    private func template(_ context: AppRequestContext) async throws -> Template {
        let account = try context.requireAccount()
        let name = try context.parameters.require("template")
        guard let template = try await services.store.template(idOrSlug: name, accountID: account.id) else {
            throw APIError.notFound("no template with this id or slug")
        }
        return template
    }
}
