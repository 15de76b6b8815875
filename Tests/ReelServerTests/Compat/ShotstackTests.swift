import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import ReelServer

/// Shotstack's Edit API against `/compat/shotstack`, driven through its official Python client
/// (`shotstack-sdk` from PyPI, unmodified, in `.build-tools/shotstack`): the client checks ids against
/// its UUID pattern before sending and reads every answer into its typed models, so the shapes,
/// required fields and status enum are checked as Shotstack's users would meet them.
@Suite struct ShotstackTests {
    /// What every script shares: a client for `argv[1]` with the key `argv[2]`, an edit showing `argv[3]`
    /// through a merge field, and a poll to a final status.
    static let client = #"""
        import json, sys, time
        import shotstack_sdk as shotstack
        from shotstack_sdk.api import edit_api
        from shotstack_sdk.model.clip import Clip
        from shotstack_sdk.model.edit import Edit
        from shotstack_sdk.model.image_asset import ImageAsset
        from shotstack_sdk.model.merge_field import MergeField
        from shotstack_sdk.model.output import Output
        from shotstack_sdk.model.template import Template
        from shotstack_sdk.model.template_render import TemplateRender
        from shotstack_sdk.model.timeline import Timeline
        from shotstack_sdk.model.track import Track

        configuration = shotstack.Configuration(host=sys.argv[1])
        configuration.api_key['DeveloperKey'] = sys.argv[2]
        api = edit_api.EditApi(shotstack.ApiClient(configuration))

        def edit(image, callback=None):
            clip = Clip(asset=ImageAsset(src="{{IMAGE}}"), start=0.0, length=1.0)
            fields = dict(timeline=Timeline(tracks=[Track(clips=[clip])]),
                          output=Output(format="mp4", resolution="preview"), merge=[MergeField(find="IMAGE", replace=image)])
            if callback: fields["callback"] = callback
            return Edit(**fields)

        def poll(id):
            statuses = []
            for _ in range(240):
                render = api.get_render(id).response
                statuses.append(render.status)
                if render.status in ("done", "failed"):
                    return render, statuses
                time.sleep(0.25)
            raise Exception("render %s never ended: %s" % (id, statuses))
        """#

    /// Submit, poll to done, and read back with `data` and `merged`.
    static let renderScript = #"""
        queued = api.post_render(edit(sys.argv[3], callback=sys.argv[4]))
        id = queued.response.id
        render, statuses = poll(id)
        data = api.get_render(id, data=True).response
        merged = api.get_render(id, data=True, merged=True).response
        # The client reads every asset as None (its Asset model's discriminator): the raw answer shows the source.
        raw = lambda **flags: json.loads(api.get_render(id, _preload_content=False, **flags).data)["response"]
        src = lambda r: r["data"]["timeline"]["tracks"][0]["clips"][0]["asset"]["src"]
        print(json.dumps({"success": queued.success, "message": queued.message, "queued": queued.response.message, "id": id,
            "status": render.status, "statuses": statuses, "url": render.url, "owner": render.owner, "created": render.created,
            "updated": render.updated, "error": render.get("error"), "dataSrc": src(raw(data=True)), "dataMerge": [m.find for m in data.data.merge],
            "mergedSrc": src(raw(data=True, merged=True)), "mergedHasMerge": "merge" in merged.data}))
        """#

    /// Template create, list, get, update, render with merge fields, delete.
    static let templateScript = #"""
        created = api.post_template(Template(name="Card", template=edit(sys.argv[3])))
        id = created.response.id
        listed = api.get_templates().response
        api.put_template(id, Template(name="Card v2", template=edit(sys.argv[3])))
        got = api.get_template(id).response
        queued = api.post_template_render(TemplateRender(id=id, merge=[MergeField(find="IMAGE", replace=sys.argv[4]), MergeField(find="UNUSED", replace="x")]))
        render, statuses = poll(queued.response.id)
        rendered = json.loads(api.get_render(queued.response.id, merged=True, _preload_content=False).data)["response"]
        rawTemplate = json.loads(api.get_template(id, _preload_content=False).data)["response"]["template"]
        api.delete_template(id)
        try:
            api.get_template(id)
            gone = None
        except shotstack.ApiException as error:
            gone = {"status": error.status, "body": json.loads(error.body)}
        print(json.dumps({"created": created.response.message, "id": id, "listed": [[t.id, t.name] for t in listed.templates],
            "owner": listed.owner, "name": got.name, "getOwner": got.owner, "templateMerge": [[m.find, m.replace] for m in got.template.merge],
            "templateSrc": rawTemplate["timeline"]["tracks"][0]["clips"][0]["asset"]["src"], "renderID": queued.response.id, "status": render.status,
            "url": render.url, "renderedSrc": rendered["data"]["timeline"]["tracks"][0]["clips"][0]["asset"]["src"], "gone": gone}))
        """#

    static let uuidPattern = #"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"#

    @Test func theOfficialClientRendersReadsBackAndManagesTemplates() async throws {
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        // The images are served from the fixture's own folder.
        try await makeMedia(fixture.folder.appendingPathComponent("red.png"), "color=red:size=64x36", ["-frames:v", "1"])
        try await makeMedia(fixture.folder.appendingPathComponent("blue.png"), "color=blue:size=64x36", ["-frames:v", "1"])
        let files = try await LoopbackPeer.files(in: fixture.folder)
        defer { files.stop() }
        let hooks = try await WebhookLog.start()
        defer { hooks.stop() }
        let (account, key) = try await fixture.account()
        try await fixture.live { client in
            let base = try client.base("shotstack") + "/edit/v1"
            let (red, blue) = (files.url("red.png"), files.url("blue.png"))
            let render = try sampleJSON(try await Sample.python(Self.client + "\n" + Self.renderScript, arguments: [base, key, red, hooks.url("hook")], venv: "shotstack"))
            let id = try #require(render["id"] as? String)
            #expect(id.range(of: Self.uuidPattern, options: .regularExpression) != nil)
            #expect(render["success"] as? Bool == true && render["message"] as? String == "Created" && render["queued"] as? String == "Render Successfully Queued")
            #expect(render["status"] as? String == "done" && render["owner"] as? String == account.id && render["error"] is NSNull)
            let statuses = Set(try #require(render["statuses"] as? [String]))
            #expect(statuses.isSubset(of: ["queued", "fetching", "rendering", "saving", "done"]), "\(statuses)")
            #expect((render["created"] as? String)?.hasSuffix("Z") == true && (render["updated"] as? String)?.hasSuffix("Z") == true)
            #expect(render["dataSrc"] as? String == "{{IMAGE}}" && render["dataMerge"] as? [String] == ["IMAGE"])
            #expect(render["mergedSrc"] as? String == red && render["mergedHasMerge"] as? Bool == false)
            try await client.requireVideo(at: try #require(render["url"] as? String), in: fixture.folder)

            let webhook = try #require(try await hooks.signedBodies(count: 1, secret: account.webhookSecret).first)
            #expect(webhook["type"] as? String == "edit" && webhook["action"] as? String == "render" && webhook["id"] as? String == id)
            #expect(webhook["status"] as? String == "done" && webhook["url"] is String && webhook["owner"] as? String == account.id)
            #expect(webhook["error"] is NSNull && (webhook["completed"] as? String)?.hasSuffix("Z") == true)

            // Every version prefix serves the same render.
            for prefix in ShotstackRoutes.prefixes {
                let answer = try await client.call(.get, "/compat/shotstack/\(prefix)/render/\(id)", headers: [HTTPField.Name("x-api-key")!: key])
                #expect(try answer.status == .ok && (answer.json()["response"] as? [String: Any])?["status"] as? String == "done", "\(prefix)")
            }

            let templates = try sampleJSON(try await Sample.python(Self.client + "\n" + Self.templateScript, arguments: [base, key, red, blue], venv: "shotstack"))
            let templateID = try #require(templates["id"] as? String)
            #expect(templateID.range(of: Self.uuidPattern, options: .regularExpression) != nil && templates["created"] as? String == "Template Successfully Created")
            #expect(templates["listed"] as? [[String]] == [[templateID, "Card"]] && templates["owner"] as? String == account.id)
            #expect(templates["name"] as? String == "Card v2" && templates["getOwner"] as? String == account.id)
            #expect(templates["templateMerge"] as? [[String]] == [["IMAGE", red]] && templates["templateSrc"] as? String == "{{IMAGE}}")
            #expect(templates["status"] as? String == "done" && templates["renderedSrc"] as? String == blue)
            let gone = try #require(templates["gone"] as? [String: Any])
            #expect(gone["status"] as? Int == 404 && (gone["body"] as? [String: Any])?["success"] as? Bool == false)
            try await client.requireVideo(at: try #require(templates["url"] as? String), in: fixture.folder)
        }
    }
}

/// Shotstack's refusals: its error shape naming the path, another account's ids not found, a failed
/// render as Shotstack shows one; nothing a refusal touches changes.
@Suite struct ShotstackErrorTests {
    static let output = #""output": {"format": "mp4", "resolution": "preview"}"#

    static func edit(_ asset: String, extra: String = "") -> String {
        #"{"timeline": {"tracks": [{"clips": [{"asset": \#(asset), "start": 0, "length": 1}]}]}, \#(output)\#(extra)}"#
    }

    @Test func unsupportedFeaturesAndBadInputAnswerShotstacksErrorNamingThePath() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account(credits: 10, unlimited: false)
        let header: HTTPFields = [HTTPField.Name("x-api-key")!: key]
        try await fixture.live { client in
            let refusals: [(body: String, path: String)] = [
                (Self.edit(#"{"type": "html", "html": "<p>Hi</p>"}"#), "timeline.tracks[0].clips[0].asset"),
                (Self.edit(#"{"type": "text-to-image", "prompt": "a cat"}"#), "timeline.tracks[0].clips[0].asset"),
                (Self.edit(#"{"type": "title", "text": "Hi", "style": "minimal"}"#), "timeline.tracks[0].clips[0].asset"),
                (Self.edit(#"{"type": "image", "src": "https://example.com/a.png"}"#, extra: #", "disk": "nvme""#), "disk"),
                (Self.edit(#"{"type": "image", "src": "https://example.com/a.png"}"#, extra: #", "metadata": {}"#), "metadata"),
                (#"{"output": {"format": "mp4"}}"#, "timeline"),
                ("", "timeline"),
            ]
            for refusal in refusals {
                var headers = header
                headers[.contentType] = "application/json"
                let answer = try await client.call(.post, "/compat/shotstack/v1/render", headers: headers, body: refusal.body)
                let json = try answer.json()
                let error = try #require((json["response"] as? [String: Any])?["error"] as? [String: Any], "\(refusal.body): \(json)")
                #expect(answer.status == .badRequest && json["success"] as? Bool == false && error["name"] as? String == "ValidationError", "\(refusal.body)")
                #expect((json["message"] as? String)?.contains(refusal.path) == true, "\(refusal.body): \(json)")
                let details = try #require(error["details"] as? [[String: Any]], "\(refusal.body)")
                #expect((details.first?["path"] as? String)?.hasPrefix(refusal.path) == true, "\(refusal.body): \(details)")
            }
            let template = #"{"name": "T", "template": \#(Self.edit(#"{"type": "html", "html": "x"}"#))}"#
            let refusedTemplate = try await client.call(.post, "/compat/shotstack/v1/templates", headers: header, body: template)
            #expect(try refusedTemplate.status == .badRequest && (refusedTemplate.json()["message"] as? String)?.contains("template.timeline.tracks[0]") == true)
            let flag = try await client.call(.get, "/compat/shotstack/v1/render/\(UUID().uuidString.lowercased())?data=maybe", headers: header)
            #expect(try flag.status == .badRequest && (flag.json()["message"] as? String)?.contains("data") == true)
            // `templates/render` hides `templates/{id}` from the router: it answers POST alone, and says so.
            let notAllowed = try await client.call(.get, "/compat/shotstack/edit/v1/templates/render", headers: header)
            #expect(notAllowed.status == .methodNotAllowed && notAllowed.headers[.allow] == "POST")
            let unauthorized = try await client.call(.get, "/compat/shotstack/stage/templates")
            #expect(try unauthorized.status == .unauthorized && unauthorized.json()["success"] as? Bool == false)
            #expect(try await fixture.store.account(id: account.id)?.credits == 10)
            #expect(try await fixture.store.jobs(accountID: account.id, status: nil, before: nil, limit: 10).isEmpty)
            #expect(try await fixture.store.templates(accountID: account.id, before: nil, limit: 10).isEmpty)
        }
    }

    @Test func tweensTransformsAndTextAnimationsAreAcceptedAndABadEasingNamed() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account(credits: 10, unlimited: false)
        let headers: HTTPFields = [HTTPField.Name("x-api-key")!: key, .contentType: "application/json"]
        let tween = #"[{"from": 0, "to": 1, "start": 0, "length": 1, "interpolation": "bezier", "easing": "easeOutBack"}]"#
        let text = #"{"clips": [{"asset": {"type": "text", "text": "Hi", "animation": {"preset": "typewriter", "duration": 0.5}}, "start": 0, "length": 1}]}"#
        let box = ##"{"clips": [{"asset": {"type": "color", "color": "#ff0000"}, "start": 0, "length": 1, "opacity": \##(tween), "offset": {"x": \##(tween)}, "##
            + #""transform": {"rotate": {"angle": 45}, "skew": {"x": 0.1}, "flip": {"horizontal": true}}}]}"#
        let moving = #"{"timeline": {"tracks": [\#(text), \#(box)]}, \#(Self.output)}"#
        try await fixture.live { client in
            let accepted = try await client.call(.post, "/compat/shotstack/v1/render", headers: headers, body: moving)
            #expect(try accepted.status == .created && accepted.json()["success"] as? Bool == true)
            let bad = moving.replacingOccurrences(of: "easeOutBack", with: "wobble")
            let refused = try await client.call(.post, "/compat/shotstack/v1/render", headers: headers, body: bad)
            #expect(try refused.status == .badRequest && (refused.json()["message"] as? String)?.contains("timeline.tracks[1].clips[0].opacity[0].easing") == true)
        }
        #expect(try await fixture.store.jobs(accountID: account.id, status: nil, before: nil, limit: 10).count == 1)
    }

    @Test func anotherAccountsRendersAndTemplatesAreNotFoundAndUnchanged() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account(credits: 10, unlimited: false)
        let (_, stranger) = try await fixture.account(name: "other")
        let mine: HTTPFields = [HTTPField.Name("x-api-key")!: key]
        let theirs: HTTPFields = [HTTPField.Name("x-api-key")!: stranger]
        try await fixture.live { client in
            // A merge field's default that is a colour makes its placeholder a colour input, usable in a colour field.
            let edit = Self.edit(#"{"type": "color", "color": "{{COLOR}}"}"#, extra: ##", "merge": [{"find": "COLOR", "replace": "#ff0000"}]"##)
            let body = #"{"name": "Card", "template": \#(edit)}"#
            let created = try await client.call(.post, "/compat/shotstack/edit/v1/templates", headers: mine, body: body)
            #expect(created.status == .created)
            let templateID = try #require((try created.json()["response"] as? [String: Any])?["id"] as? String)
            let queued = try await client.call(.post, "/compat/shotstack/edit/v1/templates/render", headers: mine, body: #"{"id": "\#(templateID)"}"#)
            #expect(queued.status == .created)
            let renderID = try #require((try queued.json()["response"] as? [String: Any])?["id"] as? String)
            #expect(try await fixture.store.account(id: account.id)?.credits == 9)

            let hidden: [(HTTPRequest.Method, String, String?)] = [
                (.get, "render/\(renderID)", nil), (.get, "templates/\(templateID)", nil), (.put, "templates/\(templateID)", body),
                (.delete, "templates/\(templateID)", nil), (.post, "templates/render", #"{"id": "\#(templateID)"}"#),
                (.get, "render/not-a-uuid", nil), (.get, "templates/\(renderID)", nil),
            ]
            for (method, path, body) in hidden {
                let answer = try await client.call(method, "/compat/shotstack/edit/v1/\(path)", headers: theirs, body: body)
                let json = try answer.json()
                #expect(answer.status == .notFound && json["success"] as? Bool == false, "\(method) \(path)")
                #expect(((json["response"] as? [String: Any])?["error"] as? [String: Any])?["name"] as? String == "NotFound", "\(method) \(path)")
            }
            let listed = try await client.call(.get, "/compat/shotstack/edit/v1/templates", headers: theirs).json()
            #expect((listed["response"] as? [String: Any])?["templates"] as? [Any] != nil && ((listed["response"] as? [String: Any])?["templates"] as? [Any])?.isEmpty == true)
            let still = try await client.call(.get, "/compat/shotstack/edit/v1/templates/\(templateID)", headers: mine).json()
            #expect((still["response"] as? [String: Any])?["name"] as? String == "Card")
            let missing = try await client.call(.post, "/compat/shotstack/edit/v1/templates/render", headers: mine, body: #"{"id": "\#(templateID)", "merge": [{"find": "X"}]}"#)
            #expect(try missing.status == .badRequest && (missing.json()["message"] as? String)?.contains("merge[0].replace") == true)
            #expect(try await fixture.store.account(id: account.id)?.credits == 9)
        }
    }

    @Test func aFailedRenderIsShotstacksFailedWithItsErrorAndCallback() async throws {
        let hooks = try await WebhookLog.start()
        defer { hooks.stop() }
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account(credits: 10, unlimited: false)
        let files = try await LoopbackPeer.files(in: fixture.folder)
        defer { files.stop() }
        let header: HTTPFields = [HTTPField.Name("x-api-key")!: key]
        try await fixture.live { client in
            let body = Self.edit(#"{"type": "image", "src": "\#(files.url("missing.png"))"}"#, extra: #", "callback": "\#(hooks.url("hook"))""#)
            let queued = try await client.call(.post, "/compat/shotstack/v1/render", headers: header, body: body)
            let id = try #require((try queued.json()["response"] as? [String: Any])?["id"] as? String)
            let webhook = try #require(try await hooks.signedBodies(count: 1, secret: account.webhookSecret).first)
            #expect(webhook["id"] as? String == id && webhook["status"] as? String == "failed" && webhook["url"] is NSNull)
            #expect((webhook["error"] as? String)?.isEmpty == false)
            let json = try await client.call(.get, "/compat/shotstack/v1/render/\(id)", headers: header).json()
            let render = try #require(json["response"] as? [String: Any])
            #expect(json["success"] as? Bool == true && render["status"] as? String == "failed" && (render["error"] as? String)?.contains("INVALID_ASSET") == true)
            #expect(render["url"] == nil && render["poster"] is NSNull && render["thumbnail"] is NSNull && render["id"] as? String == id)
            #expect(try await fixture.store.account(id: account.id)?.credits == 10)
        }
    }
}
