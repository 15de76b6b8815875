import Foundation
import Hummingbird

/// The web console: `GET /` and its script and style at `GET /console/{file}`. Static, so no API key:
/// the page asks for one and sends it on its own API calls.
struct ConsoleController {
    private let files: [String: Response]

    /// `mediaOrigin`: where the storage's download URLs point, for the console's videos and posters.
    init(mediaOrigin: String?) {
        files = Self.loadFiles(mediaOrigin: mediaOrigin)
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/") { _, _ in try self.file(named: "index.html") }
        router.get("console/:file") { _, context in try self.file(named: context.parameters.require("file")) }
    }

    private func file(named name: String) throws -> Response {
        guard let response = files[name] else { throw APIError.notFound("no such console file") }
        return response
    }

    private static let contentTypes = [
        "html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8",
    ]

    /// Read once at startup: the files are small and never change while the server runs.
    private static func loadFiles(mediaOrigin: String?) -> [String: Response] {
        guard let folder = Bundle.module.url(forResource: "web", withExtension: nil)?.appendingPathComponent("console"),
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return [:] }
        var files: [String: Response] = [:]
        for name in names {
            guard let type = contentTypes[(name as NSString).pathExtension],
                let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
            else { continue }
            files[name] = Response(
                status: .ok, headers: PageHeaders.fields(contentType: type, mediaOrigin: mediaOrigin), body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        return files
    }
}
