import Crypto
import Foundation
import ReelRender
import ReelStore
import ReelTimeline

/// The content key of a render (the README's "Projects"): the SHA-256 of its canonical content, each
/// upload named by the sha256 the uploads table keeps and each URL by the sha256 of its bytes, fetched
/// through the renderer's asset cache, where the render then finds them.
struct ContentKeys: Sendable {
    let uploads: any UploadStore
    let renderer: Renderer

    func key(of priced: Quoting.Priced, accountID: String) async throws -> String {
        // The schedule holds each upload as its stored file: both lists name the same sources in the same order.
        var identities: [MediaSource: String] = [:]
        for ((path, source, _), (_, file, _)) in zip(priced.render.mediaSources, priced.resolved.mediaSources) where identities[file] == nil {
            if case .asset(let id) = source {
                guard let upload = try await uploads.upload(id: id, accountID: accountID) else { throw StoreError.uploadNotFound(id: id) }
                identities[file] = upload.sha256
                continue
            }
            do {
                identities[file] = try await renderer.contentHash(of: file)
            } catch {
                throw RenderError(error.code, "\(path): \(error.message)", path: path)
            }
        }
        let content = priced.resolved.canonicalContent(schedule: priced.schedule) { identities[$0] ?? "" }
        return Hex.string(SHA256.hash(data: Data(content.utf8)))
    }
}
