import Foundation
import ReelStore
import Synchronization
import Testing

/// What only the shared store does: several nodes on one database, and a server that drops them and comes back.
@Suite struct PostgresStoreTests {
    @Test func theStoreAnswersAgainAfterPostgreSQLEndedItsConnections() async throws {
        let fixture = try await StoreFixture(.postgres)
        defer { fixture.cleanUp() }
        let account = try await fixture.account("a")
        let job = try await fixture.submit(account)
        try await #require(fixture.database).endConnections()
        #expect(try await fixture.store.job(id: job.id)?.id == job.id)
        try await #require(fixture.database).endConnections()
        let next = try await fixture.submit(account)
        #expect(try await fixture.store.claim(worker: "w", lease: 30, now: Date())?.id == job.id && next.status == .queued)
    }

    @Test func aStoreOpensThroughTheServersUnixSocket() async throws {
        let fixture = try await StoreFixture(.postgres)
        defer { fixture.cleanUp() }
        let socketFolder = try #require(ProcessInfo.processInfo.environment["REEL_TEST_POSTGRES_DIR"], "scripts/postgres.sh exports it")
        let database = try #require(fixture.database)
        let tcp = try #require(URLComponents(string: database.url))
        let port = try #require(tcp.port)
        let url = "postgresql://\(tcp.user ?? "postgres")@\(tcp.path)?host=\(socketFolder)&port=\(port)"
        let account = try await fixture.account("a")
        let store = try await PostgresStore(url: url)
        #expect(try await store.account(id: account.id)?.name == "a")
        await store.close()
    }

    @Test func aJobWrittenOnOneNodeIsHeardOnAnotherAgainAfterItsListenerReconnects() async throws {
        let fixture = try await StoreFixture(.postgres)
        defer { fixture.cleanUp() }
        let other = try #require(try await fixture.reopen() as? PostgresStore)
        defer { Task { await other.close() } }
        let heard = Heard(other.notifications())
        try await heard.wait(for: .listening)
        let account = try await fixture.account("a")
        let job = try await fixture.submit(account)
        try await heard.wait(for: .job(JobChange(jobID: job.id, status: .queued, hasCallback: false)))
        let canceled = try await fixture.store.cancel(id: job.id, accountID: account.id, now: Date())
        try await heard.wait(for: .job(JobChange(canceled)))

        try await #require(fixture.database).endConnections()
        try await heard.wait(for: .listening, count: 2)
        let later = try await fixture.store.submit(
            JobSubmission(accountID: account.id, request: "{}", callback: "http://127.0.0.1:9/hook", credits: 1), now: Date()
        ).job
        try await heard.wait(for: .job(JobChange(later)))
    }
}

/// Collects what a notification stream says, until it ends with its store, for waits with a deadline.
private final class Heard: Sendable {
    private let seen = Mutex<[StoreNotification]>([])

    init(_ notifications: AsyncStream<StoreNotification>) {
        Task {
            for await notification in notifications { self.seen.withLock { $0.append(notification) } }
        }
    }

    /// Returns once `notification` was heard `count` times; fails the test after 10 s.
    func wait(for notification: StoreNotification, count: Int = 1, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let end = ContinuousClock.now + .seconds(10)
        while seen.withLock({ $0.filter { $0 == notification }.count }) < count {
            try #require(ContinuousClock.now < end, "not heard within 10 s: \(notification); heard \(seen.withLock { $0 })", sourceLocation: sourceLocation)
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
