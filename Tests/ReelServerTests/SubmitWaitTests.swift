import Foundation
import Testing

/// `reel submit --wait` against a server that never renders what it accepts.
@Suite struct SubmitWaitTests {
    @Test func aWaitPastItsTimeoutGivesUpNamingTheJobsLastStatus() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-wait-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await ServerProcess(dataDirectory: folder.appendingPathComponent("data"), arguments: ["--workers", "0"])
        defer { server.stop() }
        let environment = ["REEL_URL": server.url, "REEL_API_KEY": try #require(server.firstKey)]
        try colorTimeline(seconds: 1).write(to: folder.appendingPathComponent("red.json"), atomically: true, encoding: .utf8)
        let submitted = try await runReel(["submit", "red.json", "--wait", "--timeout", "1", "--quiet"], environment: environment, in: folder)
        #expect(submitted.status == 1, "\(submitted.stderr)")
        #expect(submitted.stderr.contains("WAIT_TIMED_OUT: gave up waiting for job") && submitted.stderr.contains("after 1 s; it was queued at 0%"), "\(submitted.stderr)")
        let refused = try await runReel(["submit", "red.json", "--wait", "--timeout", "0"], environment: environment, in: folder)
        #expect(refused.status != 0 && refused.stderr.contains("--timeout must be more than 0 seconds"), "\(refused.stderr)")
    }
}
