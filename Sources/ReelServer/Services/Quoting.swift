import Foundation
import ReelRender
import ReelTimeline

/// Turns a render request into its price: parse and validate, check its addresses, find its
/// uploads, probe its media, schedule, price. The one place where renders, projects, templates
/// and previews do so; every refusal names its JSON path.
struct Quoting: Sendable {
    let settings: ServerSettings
    let renderer: Renderer
    let parsing: ParsingSlots
    let uploads: UploadResolver

    /// A priced request, the uploads it reads, and, for its content key, the request with each upload
    /// read from its file and the times of its clips.
    struct Priced: Sendable {
        var render: RenderRequest
        var quote: Quote
        var uploadIDs: Set<String>
        var resolved: RenderRequest
        var schedule: TimelineSchedule
    }

    /// Reads a request body, large ones in a parsing slot off the concurrency pool, and prices it.
    func quote(body: Data, accountID: String) async throws -> Priced {
        let options = ValidationOptions(limits: settings.limits)
        let render = try await parsing.run(size: body.count) { try RenderRequest.parse(body, options: options) }
        return try await quote(render, accountID: accountID)
    }

    func quote(_ render: RenderRequest, accountID: String) async throws -> Priced {
        try checkAddresses(render)
        let (resolved, uploadIDs) = try await uploads.resolve(render, accountID: accountID)
        let durations = try await renderer.mediaDurations(for: resolved)
        let schedule = try TimelineSchedule.resolve(resolved.timeline, range: render.output.range, mediaDurations: durations, limits: settings.limits)
        let size = render.output.format.hasVideo ? render.output.size : nil
        let duration = render.output.format.isStill ? 0 : schedule.duration
        let quote = Quote(
            credits: Pricing.credits(duration: duration, size: render.output.size), duration: duration, width: size?.width, height: size?.height,
            quality: render.output.quality.rawValue)
        return Priced(render: render, quote: quote, uploadIDs: uploadIDs, resolved: resolved, schedule: schedule)
    }

    /// Refuses asset and callback URLs that point inside the network, unless the operator allows them.
    private func checkAddresses(_ render: RenderRequest) throws {
        let policy = settings.addressPolicy
        for (path, source, _) in render.mediaSources {
            guard case .url(let url) = source, let refusal = policy.refusal(for: url) else { continue }
            throw APIError(.badRequest, "INVALID_ASSET", "\(path): \(url) \(refusal)", details: ["path": .string(path)])
        }
        if let callback = render.callback, let refusal = policy.refusal(for: callback) {
            throw APIError.invalidRequest("callback: \(callback) \(refusal)", path: "callback")
        }
    }
}

/// What a request costs, as `/v1/renders/cost` answers it.
struct Quote: Encodable, Sendable {
    var credits: Int
    var duration: Double
    var width: Int?
    var height: Int?
    var quality: String
}
