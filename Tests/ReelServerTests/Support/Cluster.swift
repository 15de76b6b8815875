import AsyncHTTPClient
import Foundation
import ReelStorage
import Testing

/// Reel as a team runs it on several machines (the README's "Running a cluster"): a PostgreSQL database
/// of its own on the test cluster scripts/test.sh starts, one shared storage, API nodes and render workers
/// as separate processes, each with a data folder of its own.
final class Cluster: @unchecked Sendable {
    enum Storage: String, CaseIterable, CustomTestStringConvertible {
        case folder, s3

        var testDescription: String { rawValue }
    }

    let root: URL
    let databaseURL: String
    /// The shared storage's folder, for folder storage.
    let sharedFolder: URL
    let nodes: [ServerProcess]
    private(set) var workers: [Process]
    let key: String
    private let database: String
    private let adminURL: String
    private let flags: [String]
    private let environment: [String: String]

    init(storage: Storage, nodes nodeCount: Int = 2, workers workerCount: Int = 3) async throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("reel-cluster-\(UUID().uuidString)")
        sharedFolder = root.appendingPathComponent("shared")
        try FileManager.default.createDirectory(at: sharedFolder, withIntermediateDirectories: true)
        adminURL = try Self.variable("REEL_TEST_POSTGRES_URL")
        database = "reel_cluster_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        _ = try await runTool(["psql", adminURL, "-q", "-c", "CREATE DATABASE \(database)"])
        databaseURL = String(adminURL[..<adminURL.lastIndex(of: "/")!]) + "/\(database)"
        var flags = ["--database-url", databaseURL, "--allow-private-urls", "--lease-seconds", "2"]
        var environment = ["REEL_SIGNING_SECRET": (0..<4).map { _ in UUID().uuidString }.joined()]
        switch storage {
        case .folder:
            flags += ["--storage", sharedFolder.path]
        case .s3:
            let endpoint = try Self.variable("REEL_TEST_S3_ENDPOINT")
            let location = "s3://reel-\(UUID().uuidString.lowercased())/cluster"
            let credentials = S3Credentials(accessKeyID: "reel-test", secretAccessKey: "reel-test-secret")
            try await S3Storage(
                location: try S3Location(storageURL: location, endpoint: endpoint, region: "us-east-1"), credentials: credentials,
                cacheFolder: root.appendingPathComponent("bucket-check")
            ).createBucket()
            flags += ["--storage", location, "--s3-endpoint", endpoint]
            environment["AWS_ACCESS_KEY_ID"] = credentials.accessKeyID
            environment["AWS_SECRET_ACCESS_KEY"] = credentials.secretAccessKey
        }
        self.flags = flags
        self.environment = environment
        var nodes: [ServerProcess] = []
        for index in 0..<nodeCount {
            nodes.append(
                try await ServerProcess(
                    dataDirectory: root.appendingPathComponent("node-\(index)"), arguments: ["--workers", "0", "--preview-workers", "0"] + flags,
                    environment: environment))
        }
        self.nodes = nodes
        key = try #require(nodes.first?.firstKey, "the first node printed no key")
        workers = []
        for index in 0..<workerCount { workers.append(try startWorker(index)) }
    }

    /// `reel worker` with one render slot, on a data folder of its own.
    private func startWorker(_ index: Int) throws -> Process {
        let worker = Process()
        worker.executableURL = reelExecutable
        worker.arguments = ["worker", "--data-dir", root.appendingPathComponent("worker-\(index)").path, "--workers", "1", "--preview-workers", "0"] + flags
        worker.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        worker.standardOutput = FileHandle.nullDevice
        worker.standardError = FileHandle.nullDevice
        try worker.run()
        return worker
    }

    /// The worker process a lease names (`HOST:PID:RANDOM/render0`).
    func worker(holding lease: String?) -> Process? {
        guard let pid = lease?.split(separator: ":").dropFirst().first.flatMap({ Int32($0) }) else { return nil }
        return workers.first { $0.processIdentifier == pid }
    }

    /// The ffmpeg processes the workers run: each works in its own data folder.
    func renderers() async -> [Int32] {
        var found: [Int32] = []
        for index in workers.indices { found += await processes(mentioning: root.appendingPathComponent("worker-\(index)/work").path) }
        return found
    }

    /// Restarts the PostgreSQL server the whole test run shares (so cluster tests run one at a time).
    func restartPostgres() async throws {
        let folder = try Self.variable("REEL_TEST_POSTGRES_DIR")
        // With its log, the new server holds none of this process's descriptors. `system` waits for the
        // command itself: Foundation's Process was seen never to notice the exit of `runuser` here.
        let control = "/usr/lib/postgresql/15/bin/pg_ctl -D '\(folder)/data' -l '\(folder)/server.log' -m fast -w -t 30 restart >/dev/null 2>&1"
        let command = getuid() == 0 ? "runuser -u postgres -- \(control)" : control
        let status = try await offPool { system(command) }
        try #require(status == 0, "pg_ctl restart failed with status \(status)")
    }

    /// Kills every process and drops the database, before it returns: a `defer` cannot await, and a task
    /// left to do it would not run before the test process ends.
    func stop() {
        for worker in workers where worker.isRunning {
            kill(worker.processIdentifier, SIGKILL)
            worker.waitUntilExit()
        }
        for node in nodes where node.process.isRunning { node.kill9() }
        let drop = Process()
        drop.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        drop.arguments = ["psql", adminURL, "-q", "-c", "DROP DATABASE IF EXISTS \(database) WITH (FORCE)"]
        drop.standardOutput = FileHandle.nullDevice
        drop.standardError = FileHandle.nullDevice
        if (try? drop.run()) != nil { drop.waitUntilExit() }
        try? FileManager.default.removeItem(at: root)
    }

    private static func variable(_ name: String) throws -> String {
        try #require(ProcessInfo.processInfo.environment[name], "\(name) is not set: run scripts/test.sh, which starts the services the cluster tests use")
    }
}

/// A JSON object a node answers to a GET with the key.
func fetchJSON(_ url: String, key: String) async throws -> [String: Any] {
    var request = HTTPClientRequest(url: url)
    request.headers.add(name: "Authorization", value: "Bearer \(key)")
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    let body = try await response.body.collect(upTo: 16 << 20)
    return try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
}

extension Array {
    func asyncMap<Mapped>(_ transform: (Element) async throws -> Mapped) async rethrows -> [Mapped] {
        var mapped: [Mapped] = []
        for element in self { mapped.append(try await transform(element)) }
        return mapped
    }
}
