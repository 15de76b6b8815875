import Foundation
import ReelStore

/// The store as this process's routes and services see it. Every write goes through here, and
/// here alone posts the wake-ups it calls for (workers, event streams, webhook dispatcher, a
/// running render's cancel), so that no new write path can forget one. The reads that polls and
/// repeated calls make (jobs, keys, accounts, uploads, projects, and a project's answer from the
/// render cache) are answered from memory: a write made here drops what it touches, so the process
/// never reads its own stale data; writes by other processes show within `freshness`. A terminal
/// job never changes again and stays cached until evicted.
final class LocalStore: Store {
    let base: any Store
    let signals: JobSignals
    let jobs: ExpiringCache<Job>
    private let keysByHash: ExpiringCache<APIKey>
    private let accounts: ExpiringCache<Account>
    private let uploads: ExpiringCache<Upload>
    private let projects: ExpiringCache<Project>
    /// By project: the job a render of the project's version with this content key was answered with.
    private let renderCache: ExpiringCache<CachedRender>

    private struct CachedRender: Sendable {
        var version: Int
        var contentKey: String
        var job: Job
    }

    init(_ base: any Store, signals: JobSignals, freshness: Duration = .milliseconds(250), keyFreshness: Duration = .seconds(2)) {
        self.base = base
        self.signals = signals
        jobs = ExpiringCache(lifetime: freshness)
        keysByHash = ExpiringCache(lifetime: keyFreshness)
        accounts = ExpiringCache(lifetime: freshness)
        uploads = ExpiringCache(lifetime: freshness)
        projects = ExpiringCache(lifetime: freshness)
        renderCache = ExpiringCache(lifetime: freshness)
    }

    /// Drops the cached copies a job write touched and wakes whoever waits on what it changed.
    func changed(jobID: String, after job: Job?) {
        jobs.remove(jobID)
        guard let job else {
            signals.changes.post(jobID)
            return
        }
        accounts.remove(job.accountID)
        if let project = job.projectID { forgetProject(project) }
        signals.post(JobChange(job))
    }

    /// A project's status and latest jobs follow its jobs, and its render cache every render of it.
    private func forgetProject(_ id: String) {
        projects.remove(id)
        renderCache.remove(id)
    }

    // MARK: Cached reads

    func job(id: String, accountID: String) async throws -> Job? {
        if let job = jobs.value(id) { return job.accountID == accountID ? job : nil }
        guard let job = try await base.job(id: id) else { return nil }
        jobs.store(job, for: id, permanent: job.status.isTerminal)
        return job.accountID == accountID ? job : nil
    }

    func key(hash: String) async throws -> APIKey? {
        if let key = keysByHash.value(hash) { return key }
        let key = try await base.key(hash: hash)
        if let key { keysByHash.store(key, for: hash) }
        return key
    }

    func account(id: String) async throws -> Account? {
        if let account = accounts.value(id) { return account }
        let account = try await base.account(id: id)
        if let account { accounts.store(account, for: id) }
        return account
    }

    // MARK: Writes

    func revokeKey(id: String) async throws -> Bool {
        defer { keysByHash.removeAll() }
        return try await base.revokeKey(id: id)
    }

    func submit(_ submission: JobSubmission, now: Date) async throws -> Submitted {
        if let project = submission.project, let cached = renderCache.value(project.id), cached.version == project.version,
            cached.contentKey == project.contentKey, cached.job.accountID == submission.accountID
        {
            return Submitted(job: cached.job, replayed: false, alreadyRendered: true)
        }
        defer { accounts.remove(submission.accountID) }
        let submitted = try await base.submit(submission, now: now)
        if submitted.alreadyRendered, let project = submission.project {
            renderCache.store(CachedRender(version: project.version, contentKey: project.contentKey, job: submitted.job), for: project.id)
        }
        if !submitted.replayed && !submitted.alreadyRendered { changed(jobID: submitted.job.id, after: submitted.job) }
        return submitted
    }

    func submitPreview(_ submission: PreviewSubmission, now: Date) async throws -> (Preview, Job) {
        let (preview, job) = try await base.submitPreview(submission, now: now)
        changed(jobID: job.id, after: job)
        return (preview, job)
    }

    func claim(lane: Job.Lane, worker: String, lease: TimeInterval, now: Date) async throws -> Job? {
        let job = try await base.claim(lane: lane, worker: worker, lease: lease, now: now)
        if let job { changed(jobID: job.id, after: job) }
        return job
    }

    func report(jobID: String, worker: String, stage: String, progress: Double) async throws {
        defer { changed(jobID: jobID, after: nil) }
        try await base.report(jobID: jobID, worker: worker, stage: stage, progress: progress)
    }

    func complete(jobID: String, worker: String, outcome: RenderOutcome, now: Date) async throws -> Job? {
        let job = try await base.complete(jobID: jobID, worker: worker, outcome: outcome, now: now)
        changed(jobID: jobID, after: job)
        return job
    }

    func fail(jobID: String, worker: String, code: String, message: String, retryAt: Date?, now: Date) async throws -> Job? {
        let job = try await base.fail(jobID: jobID, worker: worker, code: code, message: message, retryAt: retryAt, now: now)
        changed(jobID: jobID, after: job)
        return job
    }

    func release(jobID: String, worker: String) async throws {
        try await base.release(jobID: jobID, worker: worker)
        changed(jobID: jobID, after: nil)
        signals.work.post(0)
    }

    func cancel(id: String, accountID: String, now: Date) async throws -> Job {
        let job = try await base.cancel(id: id, accountID: accountID, now: now)
        changed(jobID: id, after: job)
        return job
    }

    // MARK: Straight through: reads not on every poll's path, and writes nobody waits on

    func job(id: String) async throws -> Job? { try await base.job(id: id) }

    func createAccount(name: String, credits: Int, unlimited: Bool, storageQuota: Int64?) async throws -> Account {
        try await base.createAccount(name: name, credits: credits, unlimited: unlimited, storageQuota: storageQuota)
    }

    func addKey(accountID: String, name: String, keyHash: String, prefix: String) async throws -> APIKey {
        try await base.addKey(accountID: accountID, name: name, keyHash: keyHash, prefix: prefix)
    }

    func keys() async throws -> [APIKey] { try await base.keys() }

    func jobs(accountID: String, status: Job.Status?, before: String?, limit: Int) async throws -> [Job] {
        try await base.jobs(accountID: accountID, status: status, before: before, limit: limit)
    }

    func jobs(accountID: String, surface: String, through: Bool, projectID: String?, before: String?, limit: Int) async throws -> [Job] {
        try await base.jobs(accountID: accountID, surface: surface, through: through, projectID: projectID, before: before, limit: limit)
    }

    func jobCounts() async throws -> [Job.Status: Int] { try await base.jobCounts() }

    func preview(id: String, accountID: String) async throws -> Preview? { try await base.preview(id: id, accountID: accountID) }

    func preview(id: String) async throws -> Preview? { try await base.preview(id: id) }

    func project(id: String) async throws -> Project? { try await base.project(id: id) }

    func previewsToRemove(now: Date) async throws -> [Preview] { try await base.previewsToRemove(now: now) }

    func markPreviewFilesRemoved(id: String) async throws { try await base.markPreviewFilesRemoved(id: id) }

    func deletePreview(id: String, accountID: String, now: Date) async throws -> Preview {
        try await base.deletePreview(id: id, accountID: accountID, now: now)
    }

    func nextDue(lane: Job.Lane) async throws -> Date? { try await base.nextDue(lane: lane) }

    func renew(jobID: String, worker: String, lease: TimeInterval, now: Date) async throws -> LeaseState {
        try await base.renew(jobID: jobID, worker: worker, lease: lease, now: now)
    }

    func ledger(accountID: String, before: Int64?, limit: Int) async throws -> [LedgerEntry] {
        try await base.ledger(accountID: accountID, before: before, limit: limit)
    }

    func claimWebhooks(now: Date, hold: TimeInterval, limit: Int, perDestination: Int, busy: [String: Int]) async throws -> [WebhookEvent] {
        try await base.claimWebhooks(now: now, hold: hold, limit: limit, perDestination: perDestination, busy: busy)
    }

    func recordAttempt(_ delivery: WebhookDelivery, retryAt: Date?) async throws {
        try await base.recordAttempt(delivery, retryAt: retryAt)
    }

    func deliveries(accountID: String, jobID: String?, before: String?, limit: Int) async throws -> [WebhookDelivery] {
        try await base.deliveries(accountID: accountID, jobID: jobID, before: before, limit: limit)
    }

    func nextWebhookDue() async throws -> Date? { try await base.nextWebhookDue() }

    func upload(id: String, accountID: String) async throws -> Upload? {
        guard let upload = try await upload(id: id) else { return nil }
        return upload.accountID == accountID ? upload : nil
    }

    func upload(id: String) async throws -> Upload? {
        if let upload = uploads.value(id) { return upload }
        let upload = try await base.upload(id: id)
        if let upload { uploads.store(upload, for: id) }
        return upload
    }

    func uploads(accountID: String, type: String?, before: String?, limit: Int) async throws -> [Upload] {
        try await base.uploads(accountID: accountID, type: type, before: before, limit: limit)
    }

    // MARK: Writes that change an account's storage

    func addUploads(_ uploads: [Upload], accountID: String, defaultQuota: Int64) async throws {
        defer { accounts.remove(accountID) }
        try await base.addUploads(uploads, accountID: accountID, defaultQuota: defaultQuota)
    }

    func deleteUpload(id: String, accountID: String) async throws -> Upload? {
        defer {
            accounts.remove(accountID)
            uploads.remove(id)
        }
        return try await base.deleteUpload(id: id, accountID: accountID)
    }

    func createTemplate(_ fields: TemplateFields, accountID: String, now: Date) async throws -> Template {
        try await base.createTemplate(fields, accountID: accountID, now: now)
    }

    func template(idOrSlug: String, accountID: String) async throws -> Template? {
        try await base.template(idOrSlug: idOrSlug, accountID: accountID)
    }

    func templates(accountID: String, before: String?, limit: Int) async throws -> [Template] {
        try await base.templates(accountID: accountID, before: before, limit: limit)
    }

    func updateTemplate(idOrSlug: String, accountID: String, with fields: TemplateFields, now: Date) async throws -> Template {
        try await base.updateTemplate(idOrSlug: idOrSlug, accountID: accountID, with: fields, now: now)
    }

    func deleteTemplate(idOrSlug: String, accountID: String) async throws -> Template {
        try await base.deleteTemplate(idOrSlug: idOrSlug, accountID: accountID)
    }

    func createProject(_ fields: ProjectFields, accountID: String, now: Date) async throws -> Project {
        try await base.createProject(fields, accountID: accountID, now: now)
    }

    func project(id: String, accountID: String) async throws -> Project? {
        if let project = projects.value(id) { return project.accountID == accountID ? project : nil }
        let project = try await base.project(id: id, accountID: accountID)
        if let project { projects.store(project, for: id) }
        return project
    }

    func projects(accountID: String, status: Project.Status?, before: String?, limit: Int) async throws -> [Project] {
        try await base.projects(accountID: accountID, status: status, before: before, limit: limit)
    }

    func updateProject(id: String, accountID: String, with fields: ProjectFields, now: Date) async throws -> Project {
        defer { forgetProject(id) }
        return try await base.updateProject(id: id, accountID: accountID, with: fields, now: now)
    }

    /// Changes no job: the caller cancels the project's running render through ``cancel(id:accountID:now:)``.
    func deleteProject(id: String, accountID: String) async throws -> [Job] {
        defer { forgetProject(id) }
        return try await base.deleteProject(id: id, accountID: accountID)
    }

    func projectJobs(projectID: String, accountID: String, before: String?, limit: Int) async throws -> [Job] {
        try await base.projectJobs(projectID: projectID, accountID: accountID, before: before, limit: limit)
    }
}
