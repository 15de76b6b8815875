import Foundation
import ReelRender
import ReelStorage
import ReelStore
import ReelTimeline

/// Turns a request's `asset://` sources into the account's stored files, read with no network
/// fetch. An id the account does not own reads exactly as one that does not exist.
struct UploadResolver {
    let store: any UploadStore
    let storage: any FileStorage

    /// What each role may read: a soundtrack or audio clip may take the sound of a video.
    private static let accepted: [SourceRole: Set<String>] = [
        .video: ["video"], .image: ["image"], .audio: ["audio", "video"], .soundtrack: ["audio", "video"], .caption: ["caption"],
        .font: ["font"], .luma: ["image", "video"],
    ]

    /// The request with every upload replaced by its file, and the ids of the uploads it reads.
    func resolve(_ render: RenderRequest, accountID: String) async throws(RenderError) -> (RenderRequest, Set<String>) {
        var files: [String: URL] = [:]
        for (path, source, role) in render.mediaSources {
            guard case .asset(let id) = source, files[id] == nil else { continue }
            let upload: Upload?
            do {
                upload = try await store.upload(id: id, accountID: accountID)
            } catch {
                throw RenderError(.internalError, "could not look up \(source): \(error)")
            }
            guard let upload else { throw RenderError(.invalidAsset, "\(path): \(source): no such upload", path: path) }
            let accepted = Self.accepted[role] ?? []
            guard accepted.contains(upload.type) else {
                throw RenderError(
                    .invalidAsset, "\(path): \(source) is \(article(upload.type)) file; \(article(role.rawValue)) source must be \(accepted.sorted().joined(separator: " or "))",
                    path: path)
            }
            let file: URL?
            do {
                file = try await storage.localFile(at: upload.storageKey)
            } catch {
                throw RenderError(.internalError, "could not read \(source) from storage: \(error)")
            }
            guard let file else { throw RenderError(.invalidAsset, "\(path): \(source): the upload's file is missing from storage", path: path) }
            files[id] = file
        }
        var resolved = render
        resolved.replaceSources { _, _, source in
            guard case .asset(let id) = source, let file = files[id] else { return source }
            return .file(file.path)
        }
        return (resolved, Set(files.keys))
    }

    private func article(_ word: String) -> String {
        "aeiou".contains(word.first ?? "x") ? "an \(word)" : "a \(word)"
    }
}
