import Foundation

/// Jobs as clients and metrics read them.
public protocol JobReads: Sendable {
    func job(id: String, accountID: String) async throws -> Job?
    /// Any account's job: for the services that act on jobs, never for a request.
    func job(id: String) async throws -> Job?
    /// The account's full renders, newest first, older than the job `before` if given; a preview's job is read through its preview.
    func jobs(accountID: String, status: Job.Status?, before: String?, limit: Int) async throws -> [Job]
    /// As `jobs`, those submitted through the vendor-compatible API `surface` (or, with `through` false,
    /// all the others), of the project `projectID` if given.
    func jobs(accountID: String, surface: String, through: Bool, projectID: String?, before: String?, limit: Int) async throws -> [Job]
    /// How many jobs are in each status, over all accounts.
    func jobCounts() async throws -> [Job.Status: Int]
}
