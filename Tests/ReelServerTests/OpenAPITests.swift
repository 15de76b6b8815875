import Foundation
import Testing

/// The OpenAPI document checked against the running server by schemathesis (installed by scripts/install-test-tools.sh).
@Suite struct OpenAPITests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The native API and the vendor-compatible ones each get a run and a time budget of their own, so that
    /// the many compat paths neither crowd out the native ones nor go unreached.
    @Test(arguments: [["--exclude-path-regex", "^/compat/"], ["--include-path-regex", "^/compat/"]])
    func everyResponseMatchesTheDocumentAndNoneIsAServerError(paths: [String]) async throws {
        let schemathesis = Self.packageRoot.appendingPathComponent(".build-tools/schemathesis/bin/st")
        try #require(FileManager.default.isExecutableFile(atPath: schemathesis.path), "run scripts/install-test-tools.sh (scripts/test.sh does) to install schemathesis")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-openapi-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        // A rate limit high enough never to trip, so that its headers are on every answer as the document says.
        let server = try await ServerProcess(dataDirectory: folder, arguments: ["--rate-limit", "1000000", "--max-duration", "20"])
        defer { server.stop() }
        let key = try #require(server.firstKey)
        // Every check, negative-data rejection and ignored auth among them, on new data each run: the seed
        // in the message replays a failure. The time budget keeps the run within a minute. Two checks are left out:
        // - positive_data_acceptance wants every request the schema allows accepted, but the server also refuses,
        //   with 400, what no schema can state: URLs whose host does not resolve or is private, and cursors it did not issue;
        // - use_after_free wants a 404 after a DELETE, but DELETE /v1/jobs/{id} cancels: the job stays, canceled.
        let seed = Int.random(in: 1..<1_000_000_000)
        let run = try await runProgram(schemathesis, [
            "run", "\(server.url)/openapi.yaml", "--url", server.url, "-H", "Authorization: Bearer \(key)",
            "--checks", "all", "--exclude-checks", "positive_data_acceptance,use_after_free",
            "--max-examples", "60", "--max-time", "30", "--seed", String(seed), "--no-color",
        ] + paths)
        #expect(run.status == 0, "schemathesis found failures (--seed \(seed) \(paths.joined(separator: " "))):\n\(run.output.suffix(6000))")
    }

    @Test func theDocumentStatesThisServersLimits() async throws {
        let fixture = try await ServerFixture(["maxDuration": .double(45), "maxClips": .int(12)])
        defer { fixture.cleanUp() }
        let document = try await fixture.live { client in
            String(buffer: try await client.call(.get, "/openapi.yaml").body)
        }
        let lines = document.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.filter { $0 == "maximum: 45" }.count == 8 && lines.filter { $0 == "maxItems: 12" }.count == 1)
        #expect(!document.contains("maximum: 600") && !document.contains("# limit"))
    }
}

/// Runs a program to its end, with stdout and stderr together.
func runProgram(_ executable: URL, _ arguments: [String]) async throws -> (status: Int32, output: String) {
    try await offPool {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: text, as: UTF8.self))
    }
}
