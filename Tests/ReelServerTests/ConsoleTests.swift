import Foundation
import HTTPTypes
import Testing

/// The web console's files as Reel serves them (Tests/Browser drives the page itself in Chromium).
@Suite struct ConsoleTests {
    static let types = ["html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8"]

    /// Every file the page names, and every module a script imports, answers without a key, with its type
    /// and the pages' policy; the page has no inline script or style for that policy to block.
    @Test func everyFileThePageLoadsIsServedWithItsTypeUnderThePagePolicy() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        try await fixture.live { client in
            var pending = ["/"]
            var served: Set<String> = []
            while let path = pending.popLast() {
                guard served.insert(path).inserted else { continue }
                let answer = try await client.call(.get, path)
                let text = String(buffer: answer.body)
                let fileExtension = path == "/" ? "html" : (path as NSString).pathExtension
                #expect(answer.status == .ok, "\(path): \(text.prefix(200))")
                #expect(answer.headers[.contentType] == Self.types[fileExtension], "\(path)")
                #expect(answer.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'none'; script-src 'self'; style-src 'self'") == true, "\(path)")
                pending += Self.referencedFiles(in: text)
            }
            #expect(served.count >= 4, "the page loads \(served.sorted())")
            let page = String(buffer: try await client.call(.get, "/").body)
            let inline = page.contains(#/<[^>]*\s(?:style|on[a-z]+)=/#) || page.contains("<script>") || page.contains("<style")
            #expect(!inline, "the page has inline script or style")
            let missing = try await client.call(.get, "/console/missing.js")
            #expect(missing.status == .notFound && String(buffer: missing.body).contains("NOT_FOUND"))
        }
    }

    /// `/console/NAME` in the page's `src` and `href` attributes and the scripts' `from "./NAME"` imports.
    static func referencedFiles(in text: String) -> [String] {
        let pattern = #/(?:src|href)="(/console/[\w.-]+)"|from "\./([\w.-]+)"/#
        return text.matches(of: pattern).map { match in match.output.1.map(String.init) ?? "/console/\(match.output.2!)" }
    }
}
