import Foundation
import ReelStore
import Testing

/// The project store's promises, and the submission's for project renders, held by every backend.
@Suite struct ProjectStoreTests {
    static func fields(_ name: String?, credits: Int = 5) -> ProjectFields {
        ProjectFields(
            name: name, request: #"{"timeline":{},"output":{"format":"mp4"}}"#, metadata: #"{"order":1}"#, credits: credits, duration: 10, width: 1024,
            height: 576, fps: 25, format: "mp4")
    }

    static func render(_ project: Project, key: String, credits: Int = 5) -> JobSubmission {
        JobSubmission(
            accountID: project.accountID, request: "{}", credits: credits, project: (id: project.id, version: project.version, contentKey: key))
    }

    /// Claims the one queued job and completes it.
    static func complete(_ job: Job, in store: any Store) async throws {
        #expect(try await store.claim(worker: "w", lease: 30, now: Date())?.id == job.id)
        let outcome = RenderOutcome(duration: 10, resolution: "1024x576", fps: 25, format: "mp4", fileSize: 1, outputPath: "outputs/\(job.id)/output.mp4", renderTime: 1)
        #expect(try await store.complete(jobID: job.id, worker: "w", outcome: outcome, now: Date())?.status == .completed)
    }

    @Test(arguments: StoreBackend.allCases) func aProjectIsCreatedReadReplacedOneVersionUpAndDeleted(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let account = try await fixture.account("a")
        let created = try await fixture.store.createProject(Self.fields("Promo"), accountID: account.id, now: Date())
        #expect(created.id.hasPrefix("prj_") && created.id.count == 30 && created.version == 1 && created.status == .created)
        let read = try #require(try await fixture.store.project(id: created.id, accountID: account.id))
        #expect(read.fields == Self.fields("Promo") && read.latestJob == nil && read.latestCompletedJob == nil)

        let later = Date().addingTimeInterval(5)
        let replacement = Self.fields(nil, credits: 9)
        let updated = try await fixture.store.updateProject(id: created.id, accountID: account.id, with: replacement, now: later)
        #expect(updated.version == 2 && updated.fields == replacement && updated.updatedAt == later)
        let stored = try #require(try await fixture.store.project(id: created.id, accountID: account.id))
        // Times are kept to the millisecond.
        #expect(stored.version == 2 && stored.fields.name == nil && abs(stored.updatedAt.timeIntervalSince(later)) < 0.001)
        #expect(abs(stored.createdAt.timeIntervalSince(created.createdAt)) < 0.001)

        let job = try await fixture.store.submit(Self.render(stored, key: "k"), now: Date()).job
        #expect(job.projectID == created.id && job.projectVersion == 2 && job.contentKey == "k")
        #expect(try await fixture.store.deleteProject(id: created.id, accountID: account.id).map(\.id) == [job.id])
        #expect(try await fixture.store.project(id: created.id, accountID: account.id) == nil)
        // Its jobs stay, with the project's id.
        #expect(try await fixture.store.job(id: job.id, accountID: account.id)?.projectID == created.id)
        await #expect(throws: StoreError.projectNotFound) { _ = try await fixture.store.deleteProject(id: created.id, accountID: account.id) }
        await #expect(throws: StoreError.projectNotFound) {
            _ = try await fixture.store.updateProject(id: created.id, accountID: account.id, with: replacement, now: later)
        }
        await #expect(throws: StoreError.projectNotFound) { _ = try await fixture.store.submit(Self.render(stored, key: "other"), now: Date()) }
    }

    @Test(arguments: StoreBackend.allCases) func anotherAccountsProjectIsNotFound(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let owner = try await fixture.account("a")
        let stranger = try await fixture.account("b")
        let project = try await fixture.store.createProject(Self.fields("Mine"), accountID: owner.id, now: Date())
        let job = try await fixture.store.submit(Self.render(project, key: "k"), now: Date()).job
        #expect(try await fixture.store.project(id: project.id, accountID: stranger.id) == nil)
        #expect(try await fixture.store.projects(accountID: stranger.id, status: nil, before: nil, limit: 10).isEmpty)
        #expect(try await fixture.store.projectJobs(projectID: project.id, accountID: stranger.id, before: nil, limit: 10).isEmpty)
        await #expect(throws: StoreError.projectNotFound) {
            _ = try await fixture.store.updateProject(id: project.id, accountID: stranger.id, with: Self.fields("Taken"), now: Date())
        }
        await #expect(throws: StoreError.projectNotFound) { _ = try await fixture.store.deleteProject(id: project.id, accountID: stranger.id) }
        var foreign = Self.render(project, key: "k2")
        foreign.accountID = stranger.id
        await #expect(throws: StoreError.projectNotFound) { _ = try await fixture.store.submit(foreign, now: Date()) }
        #expect(try await fixture.store.projectJobs(projectID: project.id, accountID: owner.id, before: nil, limit: 10).map(\.id) == [job.id])
    }

    @Test(arguments: StoreBackend.allCases) func projectsAreListedNewestFirstPageByPageAndByStatus(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let account = try await fixture.account("a")
        var projects: [Project] = []
        for index in 0..<4 {
            projects.append(try await fixture.store.createProject(Self.fields("P\(index)"), accountID: account.id, now: Date().addingTimeInterval(Double(index))))
        }
        let firstPage = try await fixture.store.projects(accountID: account.id, status: nil, before: nil, limit: 3)
        let secondPage = try await fixture.store.projects(accountID: account.id, status: nil, before: firstPage.last?.id, limit: 3)
        #expect((firstPage + secondPage).map(\.id) == projects.map(\.id).reversed())

        // P0 stays created; P1 completes; P2 renders; P3 is canceled.
        let completed = try await fixture.store.submit(Self.render(projects[1], key: "k"), now: Date()).job
        try await Self.complete(completed, in: fixture.store)
        _ = try await fixture.store.submit(Self.render(projects[2], key: "k"), now: Date())
        let canceled = try await fixture.store.submit(Self.render(projects[3], key: "k"), now: Date()).job
        _ = try await fixture.store.cancel(id: canceled.id, accountID: account.id, now: Date())
        let expected: [Project.Status: String] = [.created: projects[0].id, .completed: projects[1].id, .rendering: projects[2].id, .failed: projects[3].id]
        for (status, id) in expected {
            #expect(try await fixture.store.projects(accountID: account.id, status: status, before: nil, limit: 10).map(\.id) == [id], "\(status)")
            #expect(try await fixture.store.project(id: id, accountID: account.id)?.status == status)
        }
    }

    @Test(arguments: StoreBackend.allCases) func aProjectsStatusAndOutputFollowItsLatestJobs(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let account = try await fixture.account("a")
        let project = try await fixture.store.createProject(Self.fields("P"), accountID: account.id, now: Date())
        let first = try await fixture.store.submit(Self.render(project, key: "k1"), now: Date()).job
        #expect(try await fixture.store.project(id: project.id, accountID: account.id)?.status == .rendering)
        try await Self.complete(first, in: fixture.store)
        let done = try #require(try await fixture.store.project(id: project.id, accountID: account.id))
        #expect(done.status == .completed && done.latestJob?.id == first.id && done.latestCompletedJob?.id == first.id)

        let second = try await fixture.store.submit(Self.render(project, key: "k2"), now: Date()).job
        _ = try await fixture.store.cancel(id: second.id, accountID: account.id, now: Date())
        let failed = try #require(try await fixture.store.project(id: project.id, accountID: account.id))
        // The failed render is the latest job; the video is still the first render's.
        #expect(failed.status == .failed && failed.latestJob?.id == second.id && failed.latestCompletedJob?.id == first.id)
        #expect(try await fixture.store.projectJobs(projectID: project.id, accountID: account.id, before: nil, limit: 1).map(\.id) == [second.id])
        #expect(try await fixture.store.projectJobs(projectID: project.id, accountID: account.id, before: second.id, limit: 5).map(\.id) == [first.id])
    }

    @Test(arguments: StoreBackend.allCases) func aRenderWithTheLatestCompletedJobsKeyIsThatJobAndCostsNothing(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let account = try await fixture.store.createAccount(name: "a", credits: 20, unlimited: false)
        let project = try await fixture.store.createProject(Self.fields("P"), accountID: account.id, now: Date())
        let first = try await fixture.store.submit(Self.render(project, key: "k1"), now: Date())
        #expect(!first.alreadyRendered)
        try await Self.complete(first.job, in: fixture.store)

        let again = try await fixture.store.submit(Self.render(project, key: "k1"), now: Date())
        #expect(again.alreadyRendered && !again.replayed && again.job.id == first.job.id && again.job.status == .completed)
        #expect(try await fixture.store.ledger(accountID: account.id).map(\.amount) == [-5])
        #expect(try await fixture.store.account(id: account.id)?.credits == 15)
        #expect(try await fixture.store.jobs(accountID: account.id, status: nil, before: nil, limit: 10).count == 1)
        // Nothing was queued for a worker.
        #expect(try await fixture.store.claim(worker: "w", lease: 30, now: Date()) == nil)

        // Another key renders; then the first key is no longer the latest completed job's, so it renders again.
        let other = try await fixture.store.submit(Self.render(project, key: "k2"), now: Date())
        #expect(!other.alreadyRendered && other.job.id != first.job.id)
        try await Self.complete(other.job, in: fixture.store)
        let back = try await fixture.store.submit(Self.render(project, key: "k1"), now: Date())
        #expect(!back.alreadyRendered && back.job.id != first.job.id)
        #expect(try await fixture.store.account(id: account.id)?.credits == 5)
    }

    @Test(arguments: StoreBackend.allCases) func aRenderWhileOneIsQueuedOrRunningIsRefusedEvenWhenTheyRace(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let account = try await fixture.store.createAccount(name: "a", credits: 100, unlimited: false)
        let project = try await fixture.store.createProject(Self.fields("P"), accountID: account.id, now: Date())
        // Each connection is as another server process would be; every submission has a key of its own,
        // so none can be answered by another's job.
        let stores = [fixture.store, try await fixture.reopen(), try await fixture.reopen()]
        let outcomes = await withTaskGroup(of: Result<Job, StoreError>.self) { group in
            for index in 0..<12 {
                group.addTask {
                    do {
                        return .success(try await stores[index % stores.count].submit(Self.render(project, key: "k\(index)"), now: Date()).job)
                    } catch {
                        return .failure(error as? StoreError ?? .accountNotFound)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let created = outcomes.compactMap { try? $0.get() }
        let winner = try #require(created.first)
        #expect(created.count == 1)
        for case .failure(let error) in outcomes { #expect(error == .alreadyRendering(jobID: winner.id)) }
        #expect(try await fixture.store.ledger(accountID: account.id).count == 1)
        #expect(try await fixture.store.account(id: account.id)?.credits == 95)

        // Running, it still refuses; once it ends, the next render is queued.
        #expect(try await fixture.store.claim(worker: "w", lease: 30, now: Date())?.id == winner.id)
        await #expect(throws: StoreError.alreadyRendering(jobID: winner.id)) { _ = try await fixture.store.submit(Self.render(project, key: "x"), now: Date()) }
        _ = try await fixture.store.fail(jobID: winner.id, worker: "w", code: "RENDER_FAILED", message: "x", retryAt: nil, now: Date())
        #expect(try await fixture.store.submit(Self.render(project, key: "x"), now: Date()).job.status == .queued)
    }
}
