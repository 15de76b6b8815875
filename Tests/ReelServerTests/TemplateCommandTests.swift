import Foundation
import Testing

/// `reel templates` against a running server, with the example template.
@Suite struct TemplateCommandTests {
    @Test func theExampleTemplateIsStoredListedAndRenderedFromTheCommandLine() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-templates-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await ServerProcess(dataDirectory: folder.appendingPathComponent("data"))
        defer { server.stop() }
        let environment = ["REEL_URL": server.url, "REEL_API_KEY": try #require(server.firstKey)]
        let example = OpenAPITests.packageRoot.appendingPathComponent("examples/templates/lower-third.json")

        let created = try await runReel(["templates", "create", example.path, "--slug", "third"], environment: environment, in: folder)
        let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(created.status == 0 && id.hasPrefix("tpl_"), "\(created.stderr)")
        let listed = try await runReel(["templates", "list"], environment: environment, in: folder)
        #expect(listed.stdout == "\(id)\tthird\tLower third\tNAME*:string,ROLE:string,ACCENT:color,BACKGROUND:color,SECONDS:number\n", "\(listed.stderr)")

        let missing = try await runReel(["templates", "render", "third"], environment: environment, in: folder)
        #expect(missing.status == 1 && missing.stderr.contains("INVALID_REQUEST: the inputs do not fit the template: missing inputs: NAME"), "\(missing.stderr)")
        let notANumber = try await runReel(["templates", "render", "third", "--input", "NAME=Ada", "--input", "SECONDS=soon"], environment: environment, in: folder)
        #expect(notANumber.status != 0 && notANumber.stderr.contains("--input SECONDS: must be a number, not 'soon'"), "\(notANumber.stderr)")

        let arguments = ["templates", "render", "third", "--input", "NAME=Ada Lovelace", "--input", "SECONDS=1", "--wait", "--quiet", "-o", "third.mp4"]
        let rendered = try await runReel(arguments, environment: environment, in: folder)
        let lines = rendered.stdout.split(separator: "\n")
        #expect(rendered.status == 0 && lines.first?.hasPrefix("job_") == true && lines.last?.hasSuffix("third.mp4") == true, "\(rendered.stderr)")
        let video = try #require(try await probeVideo(folder.appendingPathComponent("third.mp4")))
        #expect(video.codec == "h264" && video.width == 1280 && video.height == 720)
    }
}
