import Foundation

/// Each account's projects: stored render requests, versioned, whose renders are jobs that carry
/// the project's id. A project's status, latest job and latest completed job are read with it.
public protocol ProjectStore: Sendable {
    func createProject(_ fields: ProjectFields, accountID: String, now: Date) async throws -> Project
    func project(id: String, accountID: String) async throws -> Project?
    /// Any account's project: for its public share page, never for a request with a key.
    func project(id: String) async throws -> Project?
    /// The account's projects, newest first, older than the project `before` if given, only those in `status` if given.
    func projects(accountID: String, status: Project.Status?, before: String?, limit: Int) async throws -> [Project]
    /// Replaces the fields and the update time, one version up; throws `StoreError.projectNotFound`.
    func updateProject(id: String, accountID: String, with fields: ProjectFields, now: Date) async throws -> Project
    /// Removes the project and returns every job rendered from it, which stay; throws `StoreError.projectNotFound`.
    /// A render submitted afterwards is refused, so the list is complete: the caller cancels the
    /// running one and removes their outputs.
    func deleteProject(id: String, accountID: String) async throws -> [Job]
    /// The jobs rendered from the project, newest first, older than the job `before` if given.
    func projectJobs(projectID: String, accountID: String, before: String?, limit: Int) async throws -> [Job]
}
