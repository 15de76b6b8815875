import Foundation
import Hummingbird

/// `/healthz`, `/metrics` and `/openapi.yaml`: no API key.
struct SystemController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("healthz") { _, _ in
            try JSONBody.response(["status": "ok"])
        }
        router.get("metrics") { _, _ in
            let text = try await services.metrics.scrape(store: services.store)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: ByteBuffer(string: Self.openAPIDocument)))
        }
    }

    static let openAPIDocument: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"), let text = try? String(contentsOf: url, encoding: .utf8) else {
            return "openapi: 3.1.0\n"
        }
        return text
    }()
}
