import Crypto
import Foundation
import Hummingbird
import ReelStore
import ReelTimeline

/// `/v1/projects`: stored render requests, their renders and the render cache (the README's "Projects").
/// Another account's project answers 404 as an unknown one.
struct ProjectsController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("projects", use: create)
        group.get("projects", use: list)
        group.get("projects/:project", use: get)
        group.put("projects/:project", use: update)
        group.delete("projects/:project", use: delete)
        group.post("projects/:project/renders", use: render)
        group.get("projects/:project/renders", use: renders)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let body = try await RendersController.body(of: request, limit: services.settings.maxBodyBytes)
        return try created(try await create(body: body, account: account))
    }

    /// Stores a project made from a create body: a preview kept becomes one this way.
    func create(body: Data, account: Account) async throws -> Project {
        try await services.store.createProject(try await fields(body, accountID: account.id), accountID: account.id, now: Date())
    }

    func created(_ project: Project) throws -> Response {
        try JSONBody.response(status: .created, resource(project), headers: [.location: "/v1/projects/\(project.id)"])
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let pagination = try Pagination(request)
        var status: Project.Status?
        if let text = request.uri.queryParameters["status"] {
            guard let parsed = Project.Status(rawValue: String(text)) else {
                throw APIError.invalidRequest("status: must be one of \(Project.Status.allCases.map(\.rawValue).joined(separator: ", "))", path: "status")
            }
            status = parsed
        }
        let projects = try await services.store.projects(accountID: account.id, status: status, before: pagination.after, limit: pagination.limit + 1)
        return try JSONBody.response(pagination.page(projects, key: \.id, as: resource))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONBody.response(resource(try await project(context)))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        // An unknown project is 404 whatever the body holds.
        let project = try await project(context)
        let body = try await RendersController.body(of: request, limit: services.settings.maxBodyBytes)
        let fields = try await fields(body, accountID: account.id)
        return try JSONBody.response(resource(try await services.store.updateProject(id: project.id, accountID: account.id, with: fields, now: Date())))
    }

    /// Deletes the project first, so that no render of it can start after; then stops its running render
    /// through the store's cancel (which stops the worker's ffmpeg and refunds it) and removes every output.
    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let id = try context.parameters.require("project")
        try await delete(id: id, account: account)
        return try JSONBody.response(Deleted(id: id))
    }

    /// Deletes the account's project `id`, stops its running render and removes its outputs.
    func delete(id: String, account: Account) async throws {
        for job in try await services.store.deleteProject(id: id, accountID: account.id) {
            try await discard(job, store: services.store, storage: services.storage)
        }
    }

    /// Makes the render request from the project's and the body's overrides, prices it as any render,
    /// finds its content key, and submits it; the store answers the project's job with that key
    /// instead if it is the latest completed one, or refuses while another render is queued or running.
    @Sendable func render(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let project = try await project(context)
        let body = try await RendersController.body(of: request, limit: services.settings.maxBodyBytes)
        return try await render(project, body: body, account: account)
    }

    func render(_ project: Project, body: Data, account: Account) async throws -> Response {
        let plan = try await plan(project, body: body, accountID: account.id)
        return try await RendersController(services: services).enqueue(
            plan.priced.render, stored: plan.request, quote: plan.priced.quote, account: account, idempotency: nil,
            uploadIDs: plan.priced.uploadIDs, project: (id: project.id, version: project.version, contentKey: plan.contentKey))
    }

    /// The render request the project and the body make, priced, with its content key.
    func plan(_ project: Project, body: Data, accountID: String) async throws -> ProjectRenderPlan {
        let memo = "\(accountID) \(project.id) \(project.version) \(Hex.string(SHA256.hash(data: body)))"
        if let plan = services.projectRenders.value(memo) { return plan }
        let made = try await services.parsing.run(size: body.count + project.fields.request.utf8.count) {
            let stored = try JSONValue.parse(Data(project.fields.request.utf8))
            return try JSONBody.encoder.encode(try ProjectRender.request(body: body, project: stored))
        }
        let priced = try await services.quoting.quote(body: made, accountID: accountID)
        let plan = ProjectRenderPlan(request: made, priced: priced, contentKey: try await services.contentKeys.key(of: priced, accountID: accountID))
        if made.count <= 64 * 1024 { services.projectRenders.store(plan, for: memo) }
        return plan
    }

    @Sendable func renders(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let project = try await project(context)
        let pagination = try Pagination(request)
        let jobs = try await services.store.projectJobs(projectID: project.id, accountID: account.id, before: pagination.after, limit: pagination.limit + 1)
        return try JSONBody.response(pagination.page(jobs, key: \.id) { JobResource($0, signer: services.signer) })
    }

    /// Checks and prices a create or replace body.
    private func fields(_ body: Data, accountID: String) async throws -> ProjectFields {
        let options = ValidationOptions(limits: services.settings.limits)
        let definition = try await services.parsing.run(size: body.count) { try ProjectDefinition.parse(body, options: options) }
        return try ProjectFields(definition, priced: try await services.quoting.quote(definition.render, accountID: accountID))
    }

    private func project(_ context: AppRequestContext) async throws -> Project {
        let account = try context.requireAccount()
        guard let project = try await services.store.project(id: try context.parameters.require("project"), accountID: account.id) else {
            throw APIError.notFound("no project with this id")
        }
        return project
    }

    private func resource(_ project: Project) -> ProjectResource { ProjectResource(project, signer: services.signer) }
}

/// A project render ready to submit: the request the worker will read, its price, its content key.
struct ProjectRenderPlan: Sendable {
    var request: Data
    var priced: Quoting.Priced
    var contentKey: String
}
