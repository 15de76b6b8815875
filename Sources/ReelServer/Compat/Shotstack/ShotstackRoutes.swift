import Foundation
import Hummingbird
import ReelStore
import ReelTimeline

/// Shotstack's Edit API under `/compat/shotstack/{edit/v1, edit/stage, v1, stage}`: a render is a
/// native render, a template a native template, ids UUIDs (the same 128 bits as the `job_` and
/// `tpl_` ULIDs), every answer in `{success, message, response}`.
struct ShotstackRoutes {
    static let prefixes = ["edit/v1", "edit/stage", "v1", "stage"]
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("render", use: submit)
        group.get("render/:id", use: get)
        group.post("templates", use: createTemplate)
        group.get("templates", use: listTemplates)
        group.post("templates/render", use: renderTemplate)
        group.get("templates/:id", use: getTemplate)
        group.put("templates/:id", use: updateTemplate)
        group.delete("templates/:id", use: deleteTemplate)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let body = try await RendersController.body(of: request, limit: services.settings.maxBodyBytes)
        let native = try await services.parsing.run(size: body.count) { try ShotstackEdit.render(body) }
        let priced = try await services.quoting.quote(body: native, accountID: account.id)
        let submitted = try await RendersController(services: services).queue(
            priced.render, stored: native, quote: priced.quote, account: account, idempotency: nil, uploadIDs: priced.uploadIDs, compatSurface: .shotstack)
        return try ShotstackJob.queued(submitted.job)
    }

    /// `?data=true` adds the edit as sent, `?merged=true` the edit with its merge fields applied.
    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let query = request.uri.queryParameters
        let (data, merged) = (try Self.flag(query["data"], named: "data"), try Self.flag(query["merged"], named: "merged"))
        guard let id = JobUUID.jobID(from: try context.parameters.require("id")), let job = try await services.store.job(id: id, accountID: account.id)
        else { throw APIError.notFound("no render with this id") }
        return try ShotstackJob.envelope("OK", ShotstackJob.shape(job, signer: services.signer, data: data, merged: merged))
    }

    @Sendable func createTemplate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let template = try await services.store.createTemplate(try await fields(request), accountID: account.id, now: Date())
        return try ShotstackJob.envelope(
            status: .created, "Created", .object(["message": .string("Template Successfully Created"), "id": .string(Self.uuid(template))]))
    }

    /// Every template of the account, newest first, up to `maxListed`.
    @Sendable func listTemplates(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let templates = try await services.store.templates(accountID: account.id, before: nil, limit: Self.maxListed)
        let items: [JSONValue] = templates.map { template in
            .object([
                "id": .string(Self.uuid(template)), "name": .string(template.fields.name),
                "created": .time(template.createdAt, milliseconds: true), "updated": .time(template.updatedAt, milliseconds: true),
            ])
        }
        return try ShotstackJob.envelope("OK", .object(["owner": .string(account.id), "templates": .array(items)]))
    }

    static let maxListed = 1000

    @Sendable func getTemplate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let template = try await template(try context.parameters.require("id"), context: context)
        return try ShotstackJob.envelope(
            "OK",
            .object([
                "id": .string(Self.uuid(template)), "name": .string(template.fields.name), "owner": .string(template.accountID),
                "template": try ShotstackEdit.edit(of: template),
            ]))
    }

    @Sendable func updateTemplate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        // An unknown template is not found whatever the body holds.
        let existing = try await template(try context.parameters.require("id"), context: context)
        let template = try await services.store.updateTemplate(idOrSlug: existing.id, accountID: account.id, with: try await fields(request), now: Date())
        return try ShotstackJob.envelope("OK", .object(["message": .string("Template Successfully Updated"), "id": .string(Self.uuid(template))]))
    }

    /// 204 with no body, as Shotstack answers.
    @Sendable func deleteTemplate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let existing = try await template(try context.parameters.require("id"), context: context)
        _ = try await services.store.deleteTemplate(idOrSlug: existing.id, accountID: account.id)
        return Response(status: .noContent)
    }

    /// `{id, merge}`: the template rendered with each merge field's `replace` as the input it finds; merge
    /// fields the template does not use are ignored, as Shotstack does.
    @Sendable func renderTemplate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let body = try await RendersController.body(of: request, limit: services.settings.maxBodyBytes)
        let (id, merge) = try ShotstackEdit.templateRender(body)
        let template = try await template(id, context: context)
        // Shotstack ignores merge fields its template does not use; Reel's template renders refuse unknown inputs.
        let names = Set(try template.content().inputs.map(\.name))
        let renderBody = try JSONBody.encoder.encode(JSONValue.object(["input": .object(merge.filter { names.contains($0.key) })]))
        do {
            let (stored, priced) = try await TemplatesController(services: services).price(renderBody, of: template, accountID: account.id)
            let submitted = try await RendersController(services: services).queue(
                priced.render, stored: stored, quote: priced.quote, account: account, idempotency: nil, uploadIDs: priced.uploadIDs,
                templateID: template.id, compatSurface: .shotstack)
            return try ShotstackJob.queued(submitted.job)
        } catch {
            // The native template render names its values `input.NAME`; Shotstack's are merge fields.
            guard let refusal = APIError(mapping: error) else { throw error }
            throw refusal.renaming(field: "input.", to: "merge.")
        }
    }

    /// Reads a Shotstack `Template` body and checks it as a native template.
    private func fields(_ request: Request) async throws -> TemplateFields {
        let body = try await RendersController.body(of: request, limit: services.settings.maxBodyBytes)
        let options = ValidationOptions(limits: services.settings.limits)
        do {
            return try await services.parsing.run(size: body.count) { try TemplateFields(TemplateDefinition.parse(try ShotstackEdit.template(body), options: options)) }
        } catch {
            // The native template's timeline and output are the Shotstack template's `template.timeline` and `template.output`.
            guard var refusal = APIError(mapping: error), case .string(let path)? = refusal.details?["path"],
                path.hasPrefix("timeline") || path.hasPrefix("output")
            else { throw error }
            refusal.details?["path"] = .string("template." + path)
            if !refusal.message.contains("template." + path) { refusal.message = refusal.message.replacingOccurrences(of: path, with: "template." + path) }
            throw refusal
        }
    }

    /// The account's template that a UUID (or a `tpl_` id) names; another account's is not found.
    private func template(_ id: String, context: AppRequestContext) async throws -> Template {
        let account = try context.requireAccount()
        guard let native = JobUUID.jobID(from: id, prefix: "tpl_"), native.hasPrefix("tpl_"),
            let template = try await services.store.template(idOrSlug: native, accountID: account.id)
        else { throw APIError.notFound("no template with this id") }
        return template
    }

    private static func uuid(_ template: Template) -> String { JobUUID.uuid(of: template.id, prefix: "tpl_") ?? template.id }

    private static func flag(_ text: Substring?, named name: String) throws -> Bool {
        // Python clients write a flag as `True`.
        switch text?.lowercased() {
        case nil, "false"?, "0"?: return false
        case "true"?, "1"?, ""?: return true
        default: throw APIError.invalidRequest("\(name): must be true or false", path: name)
        }
    }
}
