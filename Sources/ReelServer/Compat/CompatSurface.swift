import Foundation
import Hummingbird
import ReelStore

/// The vendor-compatible APIs (the README's "Vendor-compatible APIs"): each speaks one
/// vendor's document under `/compat/{name}/`, translating onto the native routes' services.
enum CompatSurface: String {
    case vidiking, viggle, vydra, rendley, shotstack, renderingvideo

    /// Registers every surface; `limiter` is the native API's, so that a key has one budget wherever it calls.
    static func addRoutes(to router: Router<AppRequestContext>, services: AppServices, limiter: RateLimiter) {
        func keyed(_ group: RouterGroup<AppRequestContext>, keyIsOptional: Bool = false) -> RouterGroup<AppRequestContext> {
            group.add(middleware: APIKeyMiddleware(store: services.store, keyIsOptional: keyIsOptional)).add(middleware: RateLimitMiddleware(limiter: limiter))
        }
        VidikingRoutes(services: services).addRoutes(to: keyed(router.group("compat/vidiking/v1")))
        let viggle = router.group("compat/viggle/api").add(middleware: VendorErrorMiddleware(shape: ViggleJob.error))
        ViggleRoutes(services: services).addRoutes(
            keyed: keyed(viggle.group()), statusKeyed: keyed(viggle.group(), keyIsOptional: services.settings.compatPublicStatus))
        let vydra = router.group("compat/vydra/api/v1").add(middleware: VendorErrorMiddleware(shape: VydraJob.error))
        VydraRoutes(services: services).addRoutes(to: keyed(vydra))
        RendleyRoutes(services: services).addRoutes(to: keyed(router.group("compat/rendley/v1").add(middleware: VendorErrorMiddleware(shape: RendleyJob.error))))
        for prefix in ShotstackRoutes.prefixes {
            let shotstack = router.group("compat/shotstack/\(prefix)").add(middleware: VendorErrorMiddleware(shape: ShotstackJob.error))
            ShotstackRoutes(services: services).addRoutes(to: keyed(shotstack))
        }
        RenderingVideoRoutes(services: services).addRoutes(
            to: keyed(router.group("compat/renderingvideo/api/v1").add(middleware: VendorErrorMiddleware(shape: RenderingVideoConfig.error))))
    }

    /// The body of a webhook for a job submitted through a surface: the vendor's own payload where its
    /// document has one, else the job as that surface shows it.
    static func webhookBody(for job: Job, signer: FileSigner, templates: any TemplateStore) async throws -> Data? {
        switch job.compatSurface.flatMap(CompatSurface.init(rawValue:)) {
        case .vidiking?: try JSONBody.encoder.encode(VidikingJob.shape(job, signer: signer))
        case .viggle?: try JSONBody.encoder.encode(ViggleJob.shape(job, signer: signer))
        case .vydra?: try JSONBody.encoder.encode(VydraJob.webhook(job, workflow: try await VydraJob.workflow(of: job, in: templates), signer: signer))
        case .rendley?: try JSONBody.encoder.encode(RendleyJob.enveloped(job, signer: signer))
        case .shotstack?: try JSONBody.encoder.encode(ShotstackJob.webhook(job, signer: signer))
        case .renderingvideo?: try JSONBody.encoder.encode(RenderingVideoTask.webhook(job, signer: signer))
        case nil: nil
        }
    }
}
