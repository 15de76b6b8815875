import Foundation
import Hummingbird
import ReelTimeline

/// `/healthz`, `/metrics` and `/openapi.yaml`: no API key.
struct SystemController {
    let services: AppServices
    private let openAPIDocument: String

    init(services: AppServices) {
        self.services = services
        openAPIDocument = Self.openAPIDocument(limits: services.settings.limits)
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("healthz") { _, _ in
            try JSONBody.response(["status": "ok"])
        }
        router.get("metrics") { _, _ in
            let text = try await services.metrics.scrape(store: services.store)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: ByteBuffer(string: openAPIDocument)))
        }
    }

    /// The document with this server's limits: a line marked `# limit: NAME` gets the configured value.
    static func openAPIDocument(limits: TimelineLimits) -> String {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"), let text = try? String(contentsOf: url, encoding: .utf8) else {
            return "openapi: 3.1.0\n"
        }
        let values = ["maxDuration": plainNumber(limits.maxDuration), "maxClips": "\(limits.maxClips)"]
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard let marker = line.range(of: " # limit: "), let value = values[String(line[marker.upperBound...])],
                let colon = line.firstIndex(of: ":")
            else { return String(line) }
            return "\(line[...colon]) \(value)"
        }.joined(separator: "\n")
    }
}
