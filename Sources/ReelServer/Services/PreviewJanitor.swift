import Foundation
import Logging
import ReelStorage
import ReelStore
import ServiceLifecycle

/// Removes the files of previews that expired or were deleted, and stops their renders if still under
/// way; the rows stay, so that their pages answer 410 rather than 404.
struct PreviewJanitor: Service {
    let store: any Store
    let storage: any FileStorage
    let lifetime: TimeInterval
    let logger: Logger

    func run() async throws {
        await sweepUntilShutdown(every: min(max(lifetime / 4, 0.2), 60)) { await sweep(now: Date()) }
    }

    private func sweep(now: Date) async {
        do {
            let gone = try await store.previewsToRemove(now: now)
            for preview in gone { try await Self.remove(preview, store: store, storage: storage) }
            if !gone.isEmpty { logger.info("removed the files of \(gone.count) expired or deleted previews") }
        } catch {
            logger.error("could not remove expired previews: \(error)")
        }
    }

    static func remove(_ preview: Preview, store: any Store, storage: any FileStorage) async throws {
        if let job = try await store.job(id: preview.jobID) {
            try await discard(job, store: store, storage: storage)
        } else {
            try await storage.remove(OutputKeys.folder(job: preview.jobID))
        }
        try await store.markPreviewFilesRemoved(id: preview.id)
    }
}
