import AsyncHTTPClient
import Foundation
import ReelClient
import ReelStore
import Synchronization
import Testing

/// The real `reel serve` process, killed with SIGKILL at the worst moments.
@Suite(.serialized) struct CrashTests {
    @Test func everyAcceptedJobSurvivesAKillDuringSubmissionsFromTwoHundredClients() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await ServerProcess(dataDirectory: folder, arguments: ["--workers", "0", "--rate-limit", "0"])
        let key = try #require(server.firstKey)
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 200
        // Once the server is dead, the requests still waiting should fail at once, not retry.
        configuration.connectionPool.retryConnectionEstablishment = false
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let client = ReelClient(baseURL: server.url, apiKey: key, httpClient: http)
        let accepted = AcceptedIDs()
        let body = Data(colorTimeline().utf8)
        let pid = server.process.processIdentifier
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    // The 40th 202 kills the server at once. Each of the 200 clients goes on submitting
                    // until its server is gone, so the kill always lands with submissions in flight,
                    // however fast the server answers and however slowly this process sees it.
                    for _ in 0..<10 {
                        do {
                            if accepted.add(try await client.submit(body).id) == 40 { kill(pid, SIGKILL) }
                        } catch {
                            accepted.fail("\(error)")
                            return
                        }
                    }
                }
            }
        }
        server.kill9()
        try await http.shutdown()
        let acceptedIDs = accepted.all
        #expect(acceptedIDs.count >= 40 && !accepted.failures.isEmpty, "\(acceptedIDs.count) accepted before the kill; failures: \(accepted.failures.prefix(3)); port \(server.port); server log: \(server.logTail)")

        let restarted = try await ServerProcess(dataDirectory: folder, arguments: ["--workers", "0", "--rate-limit", "0"])
        defer { restarted.stop() }
        let store = try SQLiteStore(path: folder.appendingPathComponent("reel.sqlite").path)
        let counts = try await store.jobCounts()
        #expect(counts.values.reduce(0, +) >= acceptedIDs.count)
        let again = ReelClient(baseURL: restarted.url, apiKey: key)
        for id in acceptedIDs { #expect(try await again.job(id).status == "queued") }
    }

    @Test func aRenderKilledMidwayCompletesAfterRestartChargedOnceWithOneWebhook() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let hooks = folder.appendingPathExtension("hooks.jsonl")
        let receiver = try await LoopbackPeer.webhookReceiver(failures: 0, log: hooks)
        defer { receiver.stop() }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let created = try await runReel(["keys", "create", "--name", "crash", "--credits", "100", "--data-dir", folder.path], in: folder)
        let key = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(created.status == 0 && key.hasPrefix("sk-"))
        let arguments = ["--workers", "1", "--lease-seconds", "2", "--allow-private-urls"]

        let server = try await ServerProcess(dataDirectory: folder, arguments: arguments)
        #expect(server.firstKey == nil, "a folder with a key gets no first key")
        let client = ReelClient(baseURL: server.url, apiKey: key)
        let body = colorTimeline(seconds: 12, resolution: "hd", extra: #","callback":"\#(receiver.url("hook"))""#)
        let job = try await client.submit(Data(body.utf8))
        try await waitUntilRendering(client, job.id, past: 12)
        let renderers = await processes(mentioning: folder.path + "/work")
        #expect(!renderers.isEmpty, "ffmpeg should be rendering")
        let exit = ExitWatch(renderers, giveUpAfter: 2)
        server.kill9()
        #expect(await exit.exitedAt != nil, "ffmpeg outlived the server")
        #expect(await processes(mentioning: folder.path + "/work").isEmpty)

        let restarted = try await ServerProcess(dataDirectory: folder, arguments: arguments)
        defer { restarted.stop() }
        let finished = try await ReelClient(baseURL: restarted.url, apiKey: key).wait(for: job.id, every: .milliseconds(100), timeout: .seconds(60))
        #expect(finished.status == "completed", "\(restarted.logTail)")
        let store = try SQLiteStore(path: folder.appendingPathComponent("reel.sqlite").path)
        let stored = try #require(try await store.job(id: job.id))
        #expect(stored.attempts == 2)
        #expect(try await store.ledger(accountID: stored.accountID).map(\.amount) == [-job.creditsUsed])
        #expect(try await store.account(id: stored.accountID)?.credits == 100 - job.creditsUsed)
        // Once the store holds a successful delivery and nothing more to send, no other webhook can come.
        let deadline = Deadline(.seconds(15), "the webhook of job \(job.id) to be delivered")
        var deliveries = try await store.deliveries(accountID: stored.accountID, jobID: job.id, before: nil, limit: 10)
        while !deliveries.contains(where: \.success) {
            try deadline.check(seen: "\(deliveries)")
            try await Task.sleep(for: .milliseconds(50))
            deliveries = try await store.deliveries(accountID: stored.accountID, jobID: job.id, before: nil, limit: 10)
        }
        let nextDue = try await store.nextWebhookDue()
        #expect(deliveries.count == 1 && nextDue == nil, "\(deliveries); next due \(String(describing: nextDue))")
        let requests = try String(contentsOf: hooks, encoding: .utf8).split(separator: "\n")
        #expect(requests.count == 1 && requests.first?.contains(#"render.completed"#) == true)
    }

    @Test func aGracefulShutdownPutsTheRunningRenderBackInTheQueue() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-shutdown-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await ServerProcess(dataDirectory: folder)
        let client = ReelClient(baseURL: server.url, apiKey: try #require(server.firstKey))
        let job = try await client.submit(Data(colorTimeline(seconds: 30, resolution: "hd").utf8))
        try await waitUntilRendering(client, job.id)
        let renderers = await processes(mentioning: folder.path + "/work")
        #expect(!renderers.isEmpty, "ffmpeg should be rendering")
        try await server.stopAndWait()
        #expect(await processes(mentioning: folder.path + "/work").isEmpty)
        let stored = try #require(try await SQLiteStore(path: folder.appendingPathComponent("reel.sqlite").path).job(id: job.id))
        #expect(stored.status == .queued && stored.attempts == 0 && stored.leaseOwner == nil && stored.errorCode == nil)
    }

    @Test func submitWaitsShowsProgressAndDownloadsTheOutput() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await ServerProcess(dataDirectory: folder.appendingPathComponent("data"))
        defer { server.stop() }
        let environment = ["REEL_URL": server.url, "REEL_API_KEY": try #require(server.firstKey)]
        try colorTimeline(seconds: 1).write(to: folder.appendingPathComponent("red.json"), atomically: true, encoding: .utf8)
        let submitted = try await runReel(["submit", "red.json", "--wait", "-o", "red.mp4"], environment: environment, in: folder)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let video = try #require(try await probeVideo(folder.appendingPathComponent("red.mp4")))
        #expect(video.width == 512 && video.height == 288)
        let id = try #require(submitted.stdout.split(separator: "\n").first.map(String.init))
        let listed = try await runReel(["jobs", "list"], environment: environment, in: folder)
        #expect(listed.stdout.contains("\(id)\tcompleted"))
        let canceled = try await runReel(["jobs", "cancel", id], environment: environment, in: folder)
        #expect(canceled.status == 1 && canceled.stderr.contains("JOB_NOT_CANCELABLE"))
        let unauthorized = try await runReel(["jobs", "get", id, "--api-key", "reel_sk_nope"], environment: environment, in: folder)
        #expect(unauthorized.status == 1 && unauthorized.stderr.contains("INVALID_API_KEY_FORMAT"))
    }
}

private final class AcceptedIDs: Sendable {
    private let ids = Mutex<[String]>([])
    private let errors = Mutex<Set<String>>([])
    func fail(_ error: String) { _ = errors.withLock { $0.insert(error) } }
    var failures: [String] { errors.withLock { Array($0) } }
    /// Adds the id and returns how many there are now.
    func add(_ id: String) -> Int {
        ids.withLock {
            $0.append(id)
            return $0.count
        }
    }
    var count: Int { ids.withLock { $0.count } }
    var all: [String] { ids.withLock { $0 } }
}
