import Foundation
import Testing

/// The OpenAPI document checked against the running server by schemathesis (installed by scripts/install-test-tools.sh).
@Suite struct OpenAPITests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func everyResponseMatchesTheDocumentAndNoneIsAServerError() async throws {
        let schemathesis = Self.packageRoot.appendingPathComponent(".build-tools/schemathesis/bin/st")
        try #require(FileManager.default.isExecutableFile(atPath: schemathesis.path), "run scripts/install-test-tools.sh (scripts/test.sh does) to install schemathesis")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-openapi-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        // A rate limit high enough never to trip, so that its headers are on every answer as the document says.
        let server = try await ServerProcess(dataDirectory: folder, arguments: ["--rate-limit", "1000000", "--max-duration", "20"])
        defer { server.stop() }
        let key = try #require(server.firstKey)
        let run = try await runProgram(schemathesis, [
            "run", "\(server.url)/openapi.yaml", "--url", server.url, "-H", "Authorization: Bearer \(key)",
            "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance",
            "--max-examples", "15", "--seed", "20261123", "--no-color",
        ])
        #expect(run.status == 0, "schemathesis found failures:\n\(run.output.suffix(6000))")
    }

    @Test func theDocumentStatesThisServersLimits() async throws {
        let fixture = try ServerFixture(["maxDuration": .double(45), "maxClips": .int(12)])
        defer { fixture.cleanUp() }
        let document = try await fixture.live { client in
            String(buffer: try await client.call(.get, "/openapi.yaml").body)
        }
        let lines = document.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.filter { $0 == "maximum: 45" }.count == 6 && lines.filter { $0 == "maxItems: 12" }.count == 1)
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
