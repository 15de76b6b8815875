import Foundation
import ReelStore
import Testing

/// The template store's promises, held by every backend.
@Suite struct TemplateStoreTests {
    static func fields(_ name: String, slug: String? = nil) -> TemplateFields {
        TemplateFields(name: name, slug: slug, description: nil, timeline: #"{"tracks":[]}"#, output: #"{"format":"mp4"}"#, inputs: "[]")
    }

    @Test(arguments: StoreBackend.allCases) func aTemplateIsCreatedFoundByIdOrSlugReplacedAndDeleted(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let account = try await fixture.account("a")
        let created = try await fixture.store.createTemplate(Self.fields("Intro", slug: "intro"), accountID: account.id, now: Date())
        #expect(created.id.hasPrefix("tpl_") && created.id.count == 30 && created.createdAt == created.updatedAt)
        #expect(try await fixture.store.template(idOrSlug: created.id, accountID: account.id)?.fields.name == "Intro")
        #expect(try await fixture.store.template(idOrSlug: "intro", accountID: account.id)?.id == created.id)

        var replacement = Self.fields("Outro", slug: "outro")
        replacement.description = "the end"
        let later = Date().addingTimeInterval(5)
        let updated = try await fixture.store.updateTemplate(idOrSlug: "intro", accountID: account.id, with: replacement, now: later)
        #expect(updated.id == created.id && updated.fields == replacement && updated.updatedAt == later)
        #expect(try await fixture.store.template(idOrSlug: "intro", accountID: account.id) == nil)
        let stored = try #require(try await fixture.store.template(idOrSlug: "outro", accountID: account.id))
        // Times are kept to the millisecond.
        #expect(abs(stored.updatedAt.timeIntervalSince(later)) < 0.001 && abs(stored.createdAt.timeIntervalSince(created.createdAt)) < 0.001)
        #expect(stored.fields == replacement)
        // An update without a slug clears it.
        _ = try await fixture.store.updateTemplate(idOrSlug: "outro", accountID: account.id, with: Self.fields("Outro"), now: later)
        #expect(try await fixture.store.template(idOrSlug: "outro", accountID: account.id) == nil)
        #expect(try await fixture.store.template(idOrSlug: created.id, accountID: account.id)?.fields.slug == nil)

        #expect(try await fixture.store.deleteTemplate(idOrSlug: created.id, accountID: account.id).id == created.id)
        #expect(try await fixture.store.template(idOrSlug: created.id, accountID: account.id) == nil)
        await #expect(throws: StoreError.templateNotFound) { _ = try await fixture.store.deleteTemplate(idOrSlug: created.id, accountID: account.id) }
        await #expect(throws: StoreError.templateNotFound) {
            _ = try await fixture.store.updateTemplate(idOrSlug: created.id, accountID: account.id, with: replacement, now: later)
        }
    }

    @Test(arguments: StoreBackend.allCases) func aSlugIsUniqueWithinAnAccountOnly(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let owner = try await fixture.account("a")
        let other = try await fixture.account("b")
        let first = try await fixture.store.createTemplate(Self.fields("One", slug: "promo"), accountID: owner.id, now: Date())
        await #expect(throws: StoreError.slugTaken("promo")) {
            _ = try await fixture.store.createTemplate(Self.fields("Two", slug: "promo"), accountID: owner.id, now: Date())
        }
        let elsewhere = try await fixture.store.createTemplate(Self.fields("Theirs", slug: "promo"), accountID: other.id, now: Date())
        #expect(elsewhere.fields.slug == "promo")
        // Without slugs, templates never collide; a template may keep its own slug, not take another's.
        let plain = try await fixture.store.createTemplate(Self.fields("Plain"), accountID: owner.id, now: Date())
        _ = try await fixture.store.createTemplate(Self.fields("Plain too"), accountID: owner.id, now: Date())
        _ = try await fixture.store.updateTemplate(idOrSlug: first.id, accountID: owner.id, with: Self.fields("One again", slug: "promo"), now: Date())
        await #expect(throws: StoreError.slugTaken("promo")) {
            _ = try await fixture.store.updateTemplate(idOrSlug: plain.id, accountID: owner.id, with: Self.fields("Plain", slug: "promo"), now: Date())
        }
        #expect(try await fixture.store.template(idOrSlug: "promo", accountID: owner.id)?.id == first.id)
        #expect(try await fixture.store.template(idOrSlug: "promo", accountID: other.id)?.id == elsewhere.id)
    }

    @Test(arguments: StoreBackend.allCases) func anotherAccountsTemplateIsNotFoundByIdOrSlug(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let owner = try await fixture.account("a")
        let stranger = try await fixture.account("b")
        let template = try await fixture.store.createTemplate(Self.fields("Mine", slug: "mine"), accountID: owner.id, now: Date())
        for name in [template.id, "mine"] {
            #expect(try await fixture.store.template(idOrSlug: name, accountID: stranger.id) == nil)
            await #expect(throws: StoreError.templateNotFound) {
                _ = try await fixture.store.updateTemplate(idOrSlug: name, accountID: stranger.id, with: Self.fields("Taken"), now: Date())
            }
            await #expect(throws: StoreError.templateNotFound) { _ = try await fixture.store.deleteTemplate(idOrSlug: name, accountID: stranger.id) }
        }
        #expect(try await fixture.store.templates(accountID: stranger.id, before: nil, limit: 10).isEmpty)
        #expect(try await fixture.store.template(idOrSlug: "mine", accountID: owner.id)?.id == template.id)
    }

    @Test(arguments: StoreBackend.allCases) func templatesAreListedNewestFirstPageByPage(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let account = try await fixture.account("a")
        var ids: [String] = []
        for index in 0..<5 {
            ids.append(try await fixture.store.createTemplate(Self.fields("T\(index)"), accountID: account.id, now: Date().addingTimeInterval(Double(index))).id)
        }
        let firstPage = try await fixture.store.templates(accountID: account.id, before: nil, limit: 3)
        let secondPage = try await fixture.store.templates(accountID: account.id, before: firstPage.last?.id, limit: 3)
        #expect((firstPage + secondPage).map(\.id) == ids.reversed())
    }

    @Test(arguments: StoreBackend.allCases) func aJobKeepsTheTemplateItWasMadeFrom(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let account = try await fixture.account("a")
        let template = try await fixture.store.createTemplate(Self.fields("T"), accountID: account.id, now: Date())
        let job = try await fixture.store.submit(JobSubmission(accountID: account.id, request: "{}", credits: 1, templateID: template.id), now: Date()).job
        _ = try await fixture.store.deleteTemplate(idOrSlug: template.id, accountID: account.id)
        #expect(try await fixture.store.job(id: job.id, accountID: account.id)?.templateID == template.id)
        #expect(try await fixture.submit(account).templateID == nil)
    }
}
