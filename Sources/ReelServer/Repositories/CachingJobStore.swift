import Foundation
import ReelStore
import Synchronization

/// The store as routes and services see it: the job, key and account reads that every poll
/// makes are answered from memory. Writes made through this process drop what they touch, so
/// the process never reads its own stale data; writes by other processes show within `freshness`.
/// A terminal job never changes again and stays cached until evicted.
final class CachingJobStore: JobStore, WebhookStore {
    private let base: any JobStore & WebhookStore
    private let jobs: ExpiringCache<Job>
    private let keysByHash: ExpiringCache<APIKey>
    private let accounts: ExpiringCache<Account>

    init(_ base: any JobStore & WebhookStore, freshness: Duration = .milliseconds(250), keyFreshness: Duration = .seconds(2)) {
        self.base = base
        jobs = ExpiringCache(lifetime: freshness)
        keysByHash = ExpiringCache(lifetime: keyFreshness)
        accounts = ExpiringCache(lifetime: freshness)
    }

    func job(id: String, accountID: String) async throws -> Job? {
        if let job = jobs.value(id) { return job.accountID == accountID ? job : nil }
        guard let job = try await base.job(id: id) else { return nil }
        jobs.store(job, for: id, permanent: job.status.isTerminal)
        return job.accountID == accountID ? job : nil
    }

    func job(id: String) async throws -> Job? { try await base.job(id: id) }

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

    func revokeKey(id: String) async throws -> Bool {
        keysByHash.removeAll()
        return try await base.revokeKey(id: id)
    }

    func submit(_ submission: JobSubmission, now: Date) async throws -> Submitted {
        defer { accounts.remove(submission.accountID) }
        return try await base.submit(submission, now: now)
    }

    func claim(worker: String, lease: TimeInterval, now: Date) async throws -> Job? {
        let job = try await base.claim(worker: worker, lease: lease, now: now)
        if let job { jobs.remove(job.id) }
        return job
    }

    func report(jobID: String, worker: String, stage: String, progress: Double) async throws {
        defer { jobs.remove(jobID) }
        try await base.report(jobID: jobID, worker: worker, stage: stage, progress: progress)
    }

    func complete(jobID: String, worker: String, outcome: RenderOutcome, now: Date) async throws -> Job? {
        defer { jobs.remove(jobID) }
        return try await base.complete(jobID: jobID, worker: worker, outcome: outcome, now: now)
    }

    func fail(jobID: String, worker: String, code: String, message: String, retryAt: Date?, now: Date) async throws -> Job? {
        defer { jobs.remove(jobID) }
        let job = try await base.fail(jobID: jobID, worker: worker, code: code, message: message, retryAt: retryAt, now: now)
        if let job { accounts.remove(job.accountID) }
        return job
    }

    func release(jobID: String, worker: String) async throws {
        defer { jobs.remove(jobID) }
        try await base.release(jobID: jobID, worker: worker)
    }

    func cancel(id: String, accountID: String, now: Date) async throws -> Job {
        defer {
            jobs.remove(id)
            accounts.remove(accountID)
        }
        return try await base.cancel(id: id, accountID: accountID, now: now)
    }

    // Reads that are not on every poll's path, and the rest of the writes, go straight through.

    func createAccount(name: String, credits: Int, unlimited: Bool) async throws -> Account {
        try await base.createAccount(name: name, credits: credits, unlimited: unlimited)
    }

    func addKey(accountID: String, name: String, keyHash: String, prefix: String) async throws -> APIKey {
        try await base.addKey(accountID: accountID, name: name, keyHash: keyHash, prefix: prefix)
    }

    func keys() async throws -> [APIKey] { try await base.keys() }

    func jobs(accountID: String, status: Job.Status?, before: String?, limit: Int) async throws -> [Job] {
        try await base.jobs(accountID: accountID, status: status, before: before, limit: limit)
    }

    func jobCounts() async throws -> [Job.Status: Int] { try await base.jobCounts() }

    func nextDue() async throws -> Date? { try await base.nextDue() }

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
}

/// Values by key, each kept for `lifetime` or, if permanent, until the cache is full.
final class ExpiringCache<Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
        var expires: ContinuousClock.Instant?
    }

    private let lifetime: Duration
    private let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(lifetime: Duration, capacity: Int = 20_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    func value(_ key: String) -> Value? {
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            if let expires = entry.expires, expires < now {
                entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    func store(_ value: Value, for key: String, permanent: Bool = false) {
        let now = ContinuousClock.now
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.expires.map { $0 > now } ?? false }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = Entry(value: value, expires: permanent ? nil : now + lifetime)
        }
    }

    func remove(_ key: String) {
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }

    func removeAll() {
        entries.withLock { $0.removeAll() }
    }
}
