import ArgumentParser
import Foundation
import ReelClient

/// Where the server is and the key to use: flags, then `REEL_URL` and `REEL_API_KEY`.
struct ClientOptions: ParsableArguments {
    @Option(help: "The server (REEL_URL, default http://127.0.0.1:8080).") var url: String?
    @Option(help: "An API key, sk-… (REEL_API_KEY).") var apiKey: String?

    func client() throws -> ReelClient {
        let environment = ProcessInfo.processInfo.environment
        guard let key = apiKey ?? environment["REEL_API_KEY"], !key.isEmpty else {
            throw ValidationError("give an API key with --api-key or REEL_API_KEY (`reel serve` prints one on its first start)")
        }
        return ReelClient(baseURL: url ?? environment["REEL_URL"] ?? "http://127.0.0.1:8080", apiKey: key)
    }
}

struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Send a render request to a Reel server; with --wait, follow it and download the result."
    )

    @Argument(help: "The render request, a JSON file ('-' reads standard input). Its sources must be http(s) URLs.") var path: String
    @OptionGroup var waiting: WaitOptions
    @Option(help: "An Idempotency-Key: sending the same file again with it returns the same job.") var idempotencyKey: String?
    @OptionGroup var server: ClientOptions

    func run() async throws {
        let body = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
        guard let body else { throw ValidationError("cannot read \(path)") }
        let client = try server.client()
        let job = try await reportingErrors { try await client.submit(body, idempotencyKey: idempotencyKey) }
        try await waiting.follow(job, with: client)
    }
}

/// `--wait` and what goes with it, for the commands that start a render on a server.
struct WaitOptions: ParsableArguments {
    @Flag(help: "Wait for the render, showing its progress, then download the output.") var wait = false
    @Option(help: "With --wait, give up after this many seconds, exiting with status 1.") var timeout: Double = 30 * 60
    @Option(name: [.short, .customLong("output")], help: "Where to save the output with --wait (default: JOB_ID.FORMAT).") var output: String?
    @Flag(help: "Print no progress.") var quiet = false

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be more than 0 seconds") }
    }

    /// Prints the job's id; with `--wait`, draws its progress, downloads its output and prints the file's path.
    func follow(_ job: RemoteJob, with client: ReelClient) async throws {
        print(job.id)
        guard wait else { return }
        let bar = ProgressBar(enabled: !quiet)
        let finished = try await reportingErrors { try await client.wait(for: job.id, timeout: .seconds(timeout)) { bar.show(percent: $0.progress, label: $0.stage ?? $0.status) } }
        bar.finish()
        guard finished.status == "completed" else {
            printError("job \(finished.id) \(finished.status)\(finished.error.map { ": \($0.code): \($0.message)" } ?? "")")
            throw ExitCode(1)
        }
        let file = URL(fileURLWithPath: output ?? "\(finished.id).\(finished.format ?? "mp4")")
        try await reportingErrors { try await client.download(finished, to: file) }
        print(file.path)
    }
}

struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "List, show and cancel render jobs on a Reel server.",
        subcommands: [List.self, Get.self, Cancel.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List jobs, newest first: id, status, progress, created.")
        @Option(help: "Only jobs in this status.") var status: String?
        @Option(help: "How many (1–100).") var limit = 20
        @OptionGroup var server: ClientOptions

        func run() async throws {
            let client = try server.client()
            let page = try await reportingErrors { try await client.jobs(status: status, limit: limit) }
            for job in page.data {
                print([job.id, job.status, String(format: "%.0f%%", job.progress), job.createdAt].joined(separator: "\t"))
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one job.")
        @Argument(help: "The job id, job_…") var id: String
        @OptionGroup var server: ClientOptions

        func run() async throws {
            let client = try server.client()
            show(try await reportingErrors { try await client.job(id) })
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a queued or running job; its credits are refunded.")
        @Argument(help: "The job id, job_…") var id: String
        @OptionGroup var server: ClientOptions

        func run() async throws {
            let client = try server.client()
            show(try await reportingErrors { try await client.cancel(id) })
        }
    }

    static func show(_ job: RemoteJob) {
        var lines = ["id: \(job.id)", "status: \(job.status)", String(format: "progress: %.1f", job.progress), "credits: \(job.creditsUsed)"]
        if let stage = job.stage { lines.append("stage: \(stage)") }
        if let url = job.url { lines.append("url: \(url)") }
        if let error = job.error { lines.append("error: \(error.code): \(error.message)") }
        print(lines.joined(separator: "\n"))
    }
}

/// The JSON object in a file, or on standard input for `-`, for a command to add its options to before sending it.
func jsonObject(at path: String) throws -> [String: Any] {
    let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
    guard let data, let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw ValidationError("\(path) is not a JSON object")
    }
    return object
}

/// Runs a client call, printing an API error as `CODE: message` and exiting with status 1.
func reportingErrors<Value>(_ call: () async throws -> Value) async throws -> Value {
    do {
        return try await call()
    } catch let error as ReelClientError {
        printError(error.description)
        throw ExitCode(1)
    }
}
