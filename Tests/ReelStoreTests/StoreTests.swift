import Foundation
import ReelStore
import Testing

/// The store's promises, held by every backend.
@Suite struct StoreTests {
    @Test(arguments: StoreBackend.allCases) func submitChargesInTheSameTransactionAndRefusesWhenShort(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let account = try await fixture.store.createAccount(name: "a", credits: 8, unlimited: false)
        let job = try await fixture.submit(account, credits: 5)
        #expect(job.status == .queued && job.id.hasPrefix("job_") && job.id.count == 30)
        #expect(try await fixture.store.account(id: account.id)?.credits == 3)
        await #expect(throws: StoreError.insufficientCredits(balance: 3, needed: 5)) {
            _ = try await fixture.submit(account, credits: 5)
        }
        #expect(try await fixture.store.account(id: account.id)?.credits == 3)
        let ledger = try await fixture.store.ledger(accountID: account.id)
        #expect(ledger.map(\.amount) == [-5] && ledger.first?.jobID == job.id)
    }

    @Test(arguments: StoreBackend.allCases) func eachJobIsClaimedByOneWorkerOnly(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let account = try await fixture.store.createAccount(name: "a", credits: 0, unlimited: true)
        for _ in 0..<40 { _ = try await fixture.submit(account) }
        let stores = [fixture.store, try await fixture.reopen(), try await fixture.reopen()]
        let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask {
                    var mine: [String] = []
                    while let job = try await store.claim(worker: "w\(index)", lease: 60, now: Date()) { mine.append(job.id) }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.count == 40 && Set(claimed).count == 40)
    }

    @Test(arguments: StoreBackend.allCases) func aLapsedLeaseIsTakenOverAndTheOldWorkerIsFencedOff(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let account = try await fixture.store.createAccount(name: "a", credits: 10, unlimited: false)
        let job = try await fixture.submit(account)
        let start = Date()
        #expect(try await fixture.store.claim(worker: "dead", lease: 30, now: start)?.id == job.id)
        #expect(try await fixture.store.claim(worker: "other", lease: 30, now: start.addingTimeInterval(10)) == nil)
        let rescued = try await fixture.store.claim(worker: "other", lease: 30, now: start.addingTimeInterval(31))
        #expect(rescued?.id == job.id && rescued?.attempts == 2)
        #expect(try await fixture.store.renew(jobID: job.id, worker: "dead", lease: 30, now: start.addingTimeInterval(32)) == .lost)
        let outcome = RenderOutcome(duration: 1, resolution: "2x2", fps: 25, format: "mp4", fileSize: 1, outputPath: "/x", renderTime: 1)
        #expect(try await fixture.store.complete(jobID: job.id, worker: "dead", outcome: outcome, now: Date()) == nil)
        let done = try await fixture.store.complete(jobID: job.id, worker: "other", outcome: outcome, now: Date())
        #expect(done?.status == .completed && done?.progress == 100)
        // Charged once, whatever the retries.
        #expect(try await fixture.store.ledger(accountID: account.id).map(\.amount) == [-5])
        #expect(try await fixture.store.account(id: account.id)?.credits == 5)
    }

    @Test(arguments: StoreBackend.allCases) func transientFailuresWaitAndRetryPermanentOnesRefundOnce(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let account = try await fixture.store.createAccount(name: "a", credits: 10, unlimited: false)
        let job = try await fixture.submit(account)
        let now = Date()
        _ = try await fixture.store.claim(worker: "w", lease: 30, now: now)
        let retried = try await fixture.store.fail(jobID: job.id, worker: "w", code: "RENDER_FAILED", message: "x", retryAt: now.addingTimeInterval(5), now: now)
        #expect(retried?.status == .queued)
        #expect(try await fixture.store.claim(worker: "w", lease: 30, now: now.addingTimeInterval(1)) == nil)
        #expect(try await fixture.store.claim(worker: "w", lease: 30, now: now.addingTimeInterval(6))?.id == job.id)
        let failed = try await fixture.store.fail(jobID: job.id, worker: "w", code: "INVALID_ASSET", message: "404", retryAt: nil, now: now)
        #expect(failed?.status == .failed && failed?.errorCode == "INVALID_ASSET" && failed?.failedAt != nil)
        await #expect(throws: StoreError.notCancelable(.failed)) { _ = try await fixture.store.cancel(id: job.id, accountID: account.id, now: now) }
        #expect(try await fixture.store.ledger(accountID: account.id).map(\.amount) == [5, -5])
        #expect(try await fixture.store.account(id: account.id)?.credits == 10)
    }

    @Test(arguments: StoreBackend.allCases) func cancelReachesARunningJobAndRefunds(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let account = try await fixture.store.createAccount(name: "a", credits: 10, unlimited: false)
        let job = try await fixture.submit(account)
        _ = try await fixture.store.claim(worker: "w", lease: 30, now: Date())
        try await fixture.store.report(jobID: job.id, worker: "w", stage: "rendering", progress: 40)
        try await fixture.store.report(jobID: job.id, worker: "w", stage: "rendering", progress: 30)
        #expect(try await fixture.store.job(id: job.id, accountID: account.id)?.progress == 40)
        let canceled = try await fixture.store.cancel(id: job.id, accountID: account.id, now: Date())
        #expect(canceled.status == .canceled)
        #expect(try await fixture.store.renew(jobID: job.id, worker: "w", lease: 30, now: Date()) == .canceled)
        #expect(try await fixture.store.account(id: account.id)?.credits == 10)
    }

    @Test(arguments: StoreBackend.allCases) func anotherAccountsJobIsNotFound(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let owner = try await fixture.store.createAccount(name: "a", credits: 10, unlimited: false)
        let stranger = try await fixture.store.createAccount(name: "b", credits: 10, unlimited: false)
        let job = try await fixture.submit(owner)
        #expect(try await fixture.store.job(id: job.id, accountID: stranger.id) == nil)
        await #expect(throws: StoreError.jobNotFound) { _ = try await fixture.store.cancel(id: job.id, accountID: stranger.id, now: Date()) }
    }

    @Test(arguments: StoreBackend.allCases) func aReleasedJobGoesBackToTheQueueWithoutCountingTheAttempt(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let account = try await fixture.store.createAccount(name: "a", credits: 0, unlimited: true)
        let job = try await fixture.submit(account)
        _ = try await fixture.store.claim(worker: "w", lease: 30, now: Date())
        try await fixture.store.release(jobID: job.id, worker: "w")
        let again = try await fixture.store.claim(worker: "w2", lease: 30, now: Date())
        #expect(again?.id == job.id && again?.attempts == 1)
    }
}

@Suite struct SubmissionStoreTests {
    @Test(arguments: StoreBackend.allCases) func anIdempotencyKeyAnswersItsJobForTheSameBodyAndConflictsForAnother(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let account = try await fixture.store.createAccount(name: "a", credits: 10, unlimited: false)
        let submission = JobSubmission(accountID: account.id, request: "{}", credits: 4, idempotency: ("k1", "hash-a"))
        let first = try await fixture.store.submit(submission, now: Date())
        let again = try await fixture.store.submit(submission, now: Date())
        #expect(!first.replayed && again.replayed && again.job.id == first.job.id)
        var other = submission
        other.idempotency = ("k1", "hash-b")
        await #expect(throws: StoreError.idempotencyConflict) { _ = try await fixture.store.submit(other, now: Date()) }
        #expect(try await fixture.store.account(id: account.id)?.credits == 6)
        let dayLater = try await fixture.store.submit(submission, now: Date().addingTimeInterval(25 * 3600))
        #expect(!dayLater.replayed && dayLater.job.id != first.job.id)
    }

    /// Submissions take no account-wide lock on PostgreSQL: at once, they still spend each credit once and
    /// make one job for one idempotency key.
    @Test(arguments: StoreBackend.allCases) func concurrentSubmissionsSpendEachCreditOnceAndShareOneKeysJob(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let account = try await fixture.store.createAccount(name: "a", credits: 30, unlimited: false)
        let store = fixture.store
        let charged = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<20 {
                group.addTask { (try? await store.submit(JobSubmission(accountID: account.id, request: "{}", credits: 3), now: Date())) != nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(charged == 10, "30 credits pay for 10 jobs of 3")
        #expect(try await store.account(id: account.id)?.credits == 0)
        #expect(try await store.ledger(accountID: account.id).count == 10)

        let keyed = JobSubmission(accountID: account.id, request: "{}", credits: 0, idempotency: ("same", "hash"))
        let answers = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<10 { group.addTask { try? await store.submit(keyed, now: Date()).job.id } }
            return await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(answers.allSatisfy { $0 != nil } && Set(answers).count == 1, "one job for one key: \(answers)")
    }

    @Test(arguments: StoreBackend.allCases) func jobsAreListedNewestFirstPageByPage(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let account = try await fixture.store.createAccount(name: "a", credits: 0, unlimited: true)
        var ids: [String] = []
        for index in 0..<5 { ids.append(try await fixture.submit(account, now: Date().addingTimeInterval(Double(index))).id) }
        let firstPage = try await fixture.store.jobs(accountID: account.id, status: nil, before: nil, limit: 3)
        let secondPage = try await fixture.store.jobs(accountID: account.id, status: .queued, before: firstPage.last?.id, limit: 3)
        #expect((firstPage + secondPage).map(\.id) == ids.reversed())
        #expect(try await fixture.store.jobs(accountID: account.id, status: .completed, before: nil, limit: 3).isEmpty)
        #expect(try await fixture.store.jobCounts()[.queued] == 5)
    }

    @Test(arguments: StoreBackend.allCases) func aJobWithACallbackGetsOneTerminalEventWhoseAttemptsAreLogged(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let account = try await fixture.store.createAccount(name: "a", credits: 10, unlimited: false)
        let job = try await fixture.store.submit(
            JobSubmission(accountID: account.id, request: "{}", callback: "http://hook", credits: 1), now: Date()
        ).job
        #expect(try await fixture.store.claimWebhooks(now: Date(), hold: 30, limit: 10, perDestination: 4, busy: [:]).isEmpty)
        _ = try await fixture.store.cancel(id: job.id, accountID: account.id, now: Date())
        let events = try await fixture.store.claimWebhooks(now: Date(), hold: 30, limit: 10, perDestination: 4, busy: [:])
        #expect(events.map(\.type) == ["render.canceled"])
        #expect(try await fixture.store.claimWebhooks(now: Date(), hold: 30, limit: 10, perDestination: 4, busy: [:]).isEmpty)
        let event = try #require(events.first)
        #expect(event.attempts == 1)
        let failedAttempt = WebhookDelivery(event: event, attempt: 1, statusCode: 500, error: nil, durationMs: 3, success: false, createdAt: Date())
        try await fixture.store.recordAttempt(failedAttempt, retryAt: Date().addingTimeInterval(-1))
        let retry = try await fixture.store.claimWebhooks(now: Date(), hold: 30, limit: 10, perDestination: 4, busy: [:])
        #expect(retry.map(\.id) == [event.id])
        let delivered = WebhookDelivery(event: event, attempt: 2, statusCode: 200, error: nil, durationMs: 3, success: true, createdAt: Date())
        try await fixture.store.recordAttempt(delivered, retryAt: nil)
        #expect(try await fixture.store.nextWebhookDue() == nil)
        let log = try await fixture.store.deliveries(accountID: account.id, jobID: job.id, before: nil, limit: 10)
        #expect(Set(log.map(\.attempt)) == [1, 2])
    }

    @Test(arguments: StoreBackend.allCases) func aDestinationGetsNoMoreThanItsShareOfClaims(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let account = try await fixture.store.createAccount(name: "a", credits: 10, unlimited: false)
        for callback in ["http://slow:81/a", "http://slow:81/b", "http://SLOW:81/c", "http://slow:81/d", "http://fast/a", "http://fast:80/b"] {
            let job = try await fixture.store.submit(JobSubmission(accountID: account.id, request: "{}", callback: callback, credits: 1), now: Date()).job
            _ = try await fixture.store.cancel(id: job.id, accountID: account.id, now: Date())
        }
        let claimed = try await fixture.store.claimWebhooks(now: Date(), hold: 30, limit: 10, perDestination: 2, busy: ["slow:81": 1])
        #expect(claimed.map(\.destination).sorted() == ["fast:80", "fast:80", "slow:81"])
        let rest = try await fixture.store.claimWebhooks(now: Date(), hold: 30, limit: 10, perDestination: 2, busy: [:])
        #expect(rest.map(\.destination) == ["slow:81", "slow:81"])
    }

    @Test(arguments: StoreBackend.allCases) func anAttemptWhoseClaimLapsedChangesNothingButTheLog(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let account = try await fixture.store.createAccount(name: "a", credits: 10, unlimited: false)
        let job = try await fixture.store.submit(JobSubmission(accountID: account.id, request: "{}", callback: "http://hook", credits: 1), now: Date()).job
        _ = try await fixture.store.cancel(id: job.id, accountID: account.id, now: Date())
        let first = try #require(try await fixture.store.claimWebhooks(now: Date(), hold: 1, limit: 10, perDestination: 4, busy: [:]).first)
        // The hold lapses and another dispatcher claims the event again: that claim is attempt 2.
        let second = try #require(try await fixture.store.claimWebhooks(now: Date().addingTimeInterval(2), hold: 30, limit: 10, perDestination: 4, busy: [:]).first)
        #expect((first.attempts, second.attempts) == (1, 2))
        let late = WebhookDelivery(event: first, attempt: first.attempts, statusCode: nil, error: "timed out", durationMs: 3, success: false, createdAt: Date())
        try await fixture.store.recordAttempt(late, retryAt: nil)
        #expect(try await fixture.store.nextWebhookDue() != nil, "the superseded attempt must not end the event")
        let current = WebhookDelivery(event: second, attempt: second.attempts, statusCode: 200, error: nil, durationMs: 3, success: true, createdAt: Date())
        try await fixture.store.recordAttempt(current, retryAt: nil)
        #expect(try await fixture.store.nextWebhookDue() == nil)
        let log = try await fixture.store.deliveries(accountID: account.id, jobID: job.id, before: nil, limit: 10)
        #expect(log.map(\.attempt).sorted() == [1, 2])
    }
}

@Suite struct APIKeyStoreTests {
    @Test(arguments: StoreBackend.allCases) func keysAreFoundByHashAndCanBeRevoked(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let account = try await fixture.store.createAccount(name: "a", credits: 0, unlimited: true)
        let key = try await fixture.store.addKey(accountID: account.id, name: "ci", keyHash: "ab12", prefix: "reel_sk_ab")
        #expect(try await fixture.store.key(hash: "ab12")?.id == key.id)
        #expect(try await fixture.store.key(hash: "other") == nil)
        #expect(try await fixture.store.revokeKey(id: key.id))
        #expect(try await fixture.store.key(hash: "ab12")?.active == false)
        #expect(try await fixture.store.keys().map(\.id) == [key.id])
        #expect(!(try await fixture.store.revokeKey(id: "key_missing")))
    }
}
