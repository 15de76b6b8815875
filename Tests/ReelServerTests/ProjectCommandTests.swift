import Foundation
import Testing

/// `reel projects` against a running server, with the example project.
@Suite struct ProjectCommandTests {
    @Test func theExampleProjectIsStoredRenderedOnceListedAndRemovedFromTheCommandLine() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-projects-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await ServerProcess(dataDirectory: folder.appendingPathComponent("data"))
        defer { server.stop() }
        let environment = ["REEL_URL": server.url, "REEL_API_KEY": try #require(server.firstKey)]
        let example = OpenAPITests.packageRoot.appendingPathComponent("examples/projects/teaser.json")

        let created = try await runReel(["projects", "create", example.path, "--name", "Teaser"], environment: environment, in: folder)
        let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(created.status == 0 && id.hasPrefix("prj_"), "\(created.stderr)")

        let rendered = try await runReel(["projects", "render", id, "--wait", "--quiet", "-o", "teaser.mp4"], environment: environment, in: folder)
        let lines = rendered.stdout.split(separator: "\n").map(String.init)
        #expect(rendered.status == 0 && lines.first?.hasPrefix("job_") == true && lines.last?.hasSuffix("teaser.mp4") == true, "\(rendered.stderr)")
        let video = try #require(try await probeVideo(folder.appendingPathComponent("teaser.mp4")))
        #expect(video.codec == "h264" && video.width == 1280 && video.height == 720)

        // Nothing changed: the same job, said so, and downloaded again with --wait.
        let again = try await runReel(["projects", "render", id, "--wait", "--quiet", "-o", "again.mp4"], environment: environment, in: folder)
        #expect(again.status == 0 && again.stdout.split(separator: "\n").first.map(String.init) == lines.first, "\(again.stderr)")
        #expect(again.stderr.contains("already rendered by \(lines.first ?? "")"), "\(again.stderr)")
        #expect(FileManager.default.contents(atPath: folder.appendingPathComponent("again.mp4").path) == FileManager.default.contents(atPath: folder.appendingPathComponent("teaser.mp4").path))

        let listed = try await runReel(["projects", "list"], environment: environment, in: folder)
        #expect(listed.stdout == "\(id)\tcompleted\tv1\t3\tTeaser\n", "\(listed.stdout)\(listed.stderr)")
        let removed = try await runReel(["projects", "rm", id], environment: environment, in: folder)
        #expect(removed.status == 0, "\(removed.stderr)")
        let gone = try await runReel(["projects", "render", id], environment: environment, in: folder)
        #expect(gone.status == 1 && gone.stderr.contains("NOT_FOUND"), "\(gone.stderr)")
    }
}
