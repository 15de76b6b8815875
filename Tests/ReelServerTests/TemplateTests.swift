import Foundation
import HTTPTypes
import HummingbirdTesting
import ReelServer
import Testing

/// A template of a title over a colour: `BG` fills the colour clip, `TITLE` (undeclared, so an
/// inferred required string) is the text, `SECONDS` the length of both.
func titleTemplate(slug: String = "title-card", extraInputs: String = "") -> String {
    ##"""
    {"name": "Title card", "slug": "\##(slug)", "description": "a title over a colour",
     "inputs": [{"name": "BG", "type": "color", "description": "behind the title"}, {"name": "SECONDS", "type": "number", "default": 2}\##(extraInputs)],
     "timeline": {"tracks": [
       {"clips": [{"asset": {"type": "text", "text": "{{TITLE}}", "font": {"size": 72, "color": "#ffffff", "weight": 700}}, "start": 0, "length": "{{SECONDS}}"}]},
       {"clips": [{"asset": {"type": "color", "color": "{{BG}}"}, "start": 0, "length": "{{SECONDS}}"}]}]},
     "output": {"format": "mp4", "resolution": "preview"}}
    """##
}

extension TestResponse {
    var errorDetails: [String: Any]? { (try? json())?["error"].flatMap { ($0 as? [String: Any])?["details"] as? [String: Any] } }
}

@Suite struct TemplateTests {
    @Test func aTemplateIsCreatedWithItsInputsFoundByIdOrSlugListedReplacedAndDeleted() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        try await fixture.live { client in
            let created = try await client.call(.post, "/v1/templates", key: key, body: titleTemplate())
            #expect(created.status == .created)
            let template = try created.json()
            let id = try #require(template["id"] as? String)
            #expect(id.hasPrefix("tpl_") && created.headers[.location] == "/v1/templates/\(id)")
            #expect(template["slug"] as? String == "title-card" && template["description"] as? String == "a title over a colour")
            let inputs = try #require(template["inputs"] as? [[String: Any]])
            #expect(inputs.map { $0["name"] as? String } == ["BG", "SECONDS", "TITLE"])
            #expect(inputs.map { $0["type"] as? String } == ["color", "number", "string"])
            #expect(inputs.map { $0["required"] as? Bool } == [true, false, true])
            #expect(inputs[0]["default"] is NSNull && inputs[1]["default"] as? Double == 2 && inputs[0]["description"] as? String == "behind the title")
            #expect((template["output"] as? [String: Any])?["format"] as? String == "mp4" && template["timeline"] is [String: Any])

            let bySlug = try await client.call(.get, "/v1/templates/title-card", key: key).json()
            #expect(bySlug["id"] as? String == id && bySlug["created_at"] as? String == template["created_at"] as? String)
            #expect(try await client.call(.get, "/v1/templates/\(id)", key: key).json()["slug"] as? String == "title-card")

            let other = try #require(try await client.call(.post, "/v1/templates", key: key, body: titleTemplate(slug: "second")).json()["id"] as? String)
            let firstPage = try await client.call(.get, "/v1/templates?limit=1", key: key).json()
            let cursor = try #require(firstPage["next_cursor"] as? String)
            let secondPage = try await client.call(.get, "/v1/templates?limit=1&cursor=\(cursor)", key: key).json()
            let listed = [firstPage, secondPage].flatMap { $0["data"] as? [[String: Any]] ?? [] }.compactMap { $0["id"] as? String }
            #expect(listed == [other, id] && secondPage["next_cursor"] is NSNull)

            let replaced = try await client.call(.put, "/v1/templates/title-card", key: key, body: titleTemplate(slug: "renamed"))
            let replacement = try replaced.json()
            #expect(replaced.status == .ok && replacement["slug"] as? String == "renamed" && replacement["id"] as? String == id)
            #expect(try await client.call(.get, "/v1/templates/title-card", key: key).status == .notFound)
            let deleted = try await client.call(.delete, "/v1/templates/renamed", key: key)
            #expect(try deleted.status == .ok && deleted.json()["id"] as? String == id)
            #expect(try await client.call(.get, "/v1/templates/\(id)", key: key).errorCode == "NOT_FOUND")
        }
    }

    @Test func aTemplateThatCannotRenderOrWhoseSlugIsTakenIsRefused() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        try await fixture.live { client in
            #expect(try await client.call(.post, "/v1/templates", key: key, body: titleTemplate()).status == .created)
            let taken = try await client.call(.post, "/v1/templates", key: key, body: titleTemplate())
            #expect(taken.status == .conflict && taken.errorCode == "SLUG_TAKEN" && taken.errorDetails?["path"] as? String == "slug")
            let second = try await client.call(.post, "/v1/templates", key: key, body: titleTemplate(slug: "other"))
            #expect(try await client.call(.put, "/v1/templates/other", key: key, body: titleTemplate()).errorCode == "SLUG_TAKEN")
            #expect(second.status == .created)

            // SECONDS declared a string stands in as "x" where a length goes: no value of it could ever render.
            let stringLength = titleTemplate(slug: "bad").replacingOccurrences(of: #""type": "number", "default": 2"#, with: #""type": "string""#)
            let refused = try await client.call(.post, "/v1/templates", key: key, body: stringLength)
            #expect(refused.status == .badRequest && refused.errorCode == "INVALID_TIMELINE")
            #expect(refused.errorDetails?["path"] as? String == "timeline.tracks[0].clips[0].length")
            let issues = try #require(refused.errorDetails?["issues"] as? [[String: Any]])
            #expect(Set(issues.compactMap { $0["path"] as? String }) == ["timeline.tracks[0].clips[0].length", "timeline.tracks[1].clips[0].length"])

            let overlapping = ##"{"name": "o", "inputs": [{"name": "C", "type": "color"}], "timeline": {"tracks": [{"clips": [{"asset": {"type": "color", "color": "{{C}}"}, "start": 0, "length": 2}, {"asset": {"type": "color", "color": "#fff"}, "start": 1, "length": 2}]}]}, "output": {"format": "mp4"}}"##
            #expect(try await client.call(.post, "/v1/templates", key: key, body: overlapping).errorDetails?["path"] as? String == "timeline.tracks[0].clips[1].start")
            let badDefault = titleTemplate(slug: "bad", extraInputs: #", {"name": "TINT", "type": "color", "default": "blue-ish"}"#)
            let refusedDefault = try await client.call(.post, "/v1/templates", key: key, body: badDefault)
            #expect(refusedDefault.errorCode == "INVALID_REQUEST" && refusedDefault.errorDetails?["path"] as? String == "inputs[2].default")
            let badSlug = try await client.call(.post, "/v1/templates", key: key, body: titleTemplate(slug: "Not_A_Slug"))
            #expect(badSlug.errorCode == "INVALID_REQUEST" && badSlug.errorDetails?["path"] as? String == "slug")
            #expect((try await client.call(.get, "/v1/templates", key: key).json()["data"] as? [Any])?.count == 2)
        }
    }

    @Test func eachMissingUnknownOrIllTypedInputIsNamedAndNothingIsCharged() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account(credits: 10, unlimited: false)
        let kinds = ##", {"name": "LINK", "type": "url"}, {"name": "LOGO", "type": "asset"}, {"name": "LABEL", "type": "string"}"##
        // LINK, LOGO and LABEL are drawn as text: what matters here is how each kind checks its value.
        let template = titleTemplate(extraInputs: kinds).replacingOccurrences(of: "{{TITLE}}", with: "{{TITLE}} {{LINK}} {{LOGO}} {{LABEL}}")
        let goodValues = [
            ("BG", ##""#00ff00""##), ("TITLE", #""Hi""#), ("LINK", #""https://example.com/a""#), ("LOGO", #""https://example.com/logo.png""#), ("LABEL", #""x""#),
        ]
        @Sendable func input(_ values: [(String, String)]) -> String { values.map { #""\#($0.0)": \#($0.1)"# }.joined(separator: ", ") }
        let good = input(goodValues)
        try await fixture.live { client in
            #expect(try await client.call(.post, "/v1/templates", key: key, body: template).status == .created)
            @Sendable func render(_ input: String, extra: String = "") async throws -> TestResponse {
                try await client.call(.post, "/v1/templates/title-card/renders", key: key, body: #"{"input": {\#(input)}\#(extra)}"#)
            }

            let missing = try await render("")
            #expect(missing.status == .badRequest && missing.errorCode == "INVALID_REQUEST")
            #expect(missing.errorDetails?["missing"] as? [String] == ["BG", "LINK", "LOGO", "LABEL", "TITLE"])
            #expect(missing.errorDetails?["unknown"] as? [String] == [] && missing.errorDetails?["invalid"] as? [String] == [])
            #expect((try missing.json()["error"] as? [String: Any])?["message"] as? String == "the inputs do not fit the template: missing inputs: BG, LINK, LOGO, LABEL, TITLE")

            let unknown = try await render(good + ##", "COLOUR": "#fff", "EXTRA": 1"##)
            #expect(unknown.errorCode == "INVALID_REQUEST" && unknown.errorDetails?["unknown"] as? [String] == ["COLOUR", "EXTRA"])
            #expect(unknown.errorDetails?["missing"] as? [String] == [] && unknown.errorDetails?["path"] as? String == "input.COLOUR")

            let illTyped: [(name: String, value: String)] = [
                ("LABEL", "5"), ("SECONDS", #""two""#), ("LINK", #""ftp://example.com/a""#), ("BG", #""blue-ish""#), ("LOGO", #""media/logo.png""#),
            ]
            for (name, value) in illTyped {
                let bad = try await render(input(goodValues.filter { $0.0 != name } + [(name, value)]))
                #expect(bad.errorCode == "INVALID_REQUEST" && bad.errorDetails?["invalid"] as? [String] == [name], "\(name): \(String(buffer: bad.body))")
                #expect(bad.errorDetails?["missing"] as? [String] == [] && bad.errorDetails?["path"] as? String == "input.\(name)")
            }
            let cost = try await client.call(.post, "/v1/templates/title-card/cost", key: key, body: #"{"input": {}}"#)
            #expect(cost.errorDetails?["missing"] as? [String] == ["BG", "LINK", "LOGO", "LABEL", "TITLE"])
            #expect(try await render(good, extra: #", "num_workers": 0"#).errorDetails?["path"] as? String == "num_workers")
            #expect(try await client.call(.get, "/v1/credits", key: key).json()["credits"] as? Int == 10)

            // The same inputs, well typed: priced as the render it makes (2 s at preview size is 1 credit) and charged once per key.
            let quote = try await client.call(.post, "/v1/templates/title-card/cost", key: key, body: #"{"input": {\#(good)}}"#).json()
            #expect(quote["credits"] as? Int == 1 && quote["duration"] as? Double == 2)
            let headers: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "tpl-1"]
            let body = #"{"input": {\#(good)}, "num_workers": "auto", "metadata": {"order": 7}}"#
            let accepted = try await client.call(.post, "/v1/templates/title-card/renders", key: key, headers: headers, body: body)
            let replayed = try await client.call(.post, "/v1/templates/title-card/renders", key: key, headers: headers, body: body)
            #expect(accepted.status == .accepted && replayed.status == .ok)
            let job = try accepted.json()
            let templateID = try await client.call(.get, "/v1/templates/title-card", key: key).json()["id"] as? String
            #expect(try job["template_id"] as? String == templateID && job["credits_used"] as? Int == 1 && replayed.json()["id"] as? String == job["id"] as? String)
            #expect((job["metadata"] as? [String: Any])?["order"] as? Int == 7)
            #expect(try await client.call(.get, "/v1/credits", key: key).json()["credits"] as? Int == 9)
            #expect(try await client.call(.post, "/v1/renders", key: key, body: colorTimeline()).json()["template_id"] is NSNull)
        }
        #expect(try await fixture.store.ledger(accountID: account.id).count == 2)
    }

    @Test func anotherAccountsTemplateIsNotFoundByIdOrSlug() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (_, owner) = try await fixture.account(name: "owner")
        let (_, stranger) = try await fixture.account(name: "stranger")
        try await fixture.live { client in
            let id = try #require(try await client.call(.post, "/v1/templates", key: owner, body: titleTemplate()).json()["id"] as? String)
            let render = ##"{"input": {"BG": "#000000", "TITLE": "x"}}"##
            for name in [id, "title-card"] {
                let answers = [
                    try await client.call(.get, "/v1/templates/\(name)", key: stranger),
                    try await client.call(.put, "/v1/templates/\(name)", key: stranger, body: titleTemplate(slug: "mine")),
                    try await client.call(.post, "/v1/templates/\(name)/renders", key: stranger, body: render),
                    try await client.call(.post, "/v1/templates/\(name)/cost", key: stranger, body: render),
                    try await client.call(.delete, "/v1/templates/\(name)", key: stranger),
                ]
                let unknown = try await client.call(.get, "/v1/templates/\(name == id ? "tpl_01JD3M7ZK8Q4W6F2N9X5B0C1TR" : "no-such")", key: stranger)
                for answer in answers {
                    #expect(answer.status == .notFound && answer.errorCode == "NOT_FOUND")
                    #expect(String(buffer: answer.body) == String(buffer: unknown.body))
                }
            }
            #expect((try await client.call(.get, "/v1/templates", key: stranger).json()["data"] as? [Any])?.count == 0)
            #expect(try await client.call(.get, "/v1/templates/title-card", key: owner).status == .ok)
        }
    }

    @Test func aTemplateRenderDrawsItsInputs() async throws {
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        try await fixture.live { client in
            #expect(try await client.call(.post, "/v1/templates", key: key, body: titleTemplate()).status == .created)
            // The same background, once under a title and once under a blank one.
            let titled = try await renderedFile(client, key, input: ##"{"BG": "#2050c0", "TITLE": "MMMM", "SECONDS": 1.5}"##, fixture: fixture)
            let blank = try await renderedFile(client, key, input: ##"{"BG": "#2050c0", "TITLE": " ", "SECONDS": 1.5}"##, fixture: fixture)
            for file in [titled.file, blank.file] {
                let corner = try await meanColor(of: file, at: 0.5, x: 0, y: 0, width: 0.15, height: 0.15)
                #expect(abs(corner.r - 0x20) < 24 && abs(corner.g - 0x50) < 24 && abs(corner.b - 0xc0) < 24, "\(corner)")
            }
            let withTitle = try await meanColor(of: titled.file, at: 0.5, x: 0.25, y: 0.35, width: 0.5, height: 0.3)
            let withoutTitle = try await meanColor(of: blank.file, at: 0.5, x: 0.25, y: 0.35, width: 0.5, height: 0.3)
            // White letters lift red and green, which the blue background barely has.
            #expect(withTitle.r - withoutTitle.r > 30 && withTitle.g - withoutTitle.g > 30, "\(withTitle) against \(withoutTitle)")
            #expect(abs(withoutTitle.r - 0x20) < 24 && abs(withoutTitle.b - 0xc0) < 24, "\(withoutTitle)")
            // SECONDS, a number, filled both lengths as a number.
            #expect(titled.job["duration"] as? Double == 1.5 && titled.job["template_id"] as? String != nil)
        }
    }

    /// Renders the title template with `input` and downloads the output.
    private func renderedFile(_ client: any TestClientProtocol, _ key: String, input: String, fixture: ServerFixture) async throws -> (job: [String: Any], file: URL) {
        let accepted = try await client.call(.post, "/v1/templates/title-card/renders", key: key, body: #"{"input": \#(input)}"#)
        let id = try #require(try accepted.json()["id"] as? String, "\(String(buffer: accepted.body))")
        let job = try await client.waitForJob(id, key: key)
        let download = try await client.call(.get, try pathAndQuery(try #require(job["url"] as? String)))
        let file = fixture.folder.appendingPathComponent("\(id).mp4")
        try Data(download.body.readableBytesView).write(to: file)
        return (job, file)
    }
}
