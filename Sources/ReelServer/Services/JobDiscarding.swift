import Foundation
import ReelStorage
import ReelStore

/// What deleting a project or a preview does to each of its jobs: one still queued or running is
/// canceled as `DELETE /v1/jobs/{id}` cancels it (its ffmpeg stops, its credits are refunded), and its
/// outputs are removed.
func discard(_ job: Job, store: any JobQueue, storage: any FileStorage) async throws {
    if !job.status.isTerminal {
        do {
            _ = try await store.cancel(id: job.id, accountID: job.accountID, now: Date())
        } catch StoreError.notCancelable {
            // It ended meanwhile; its outputs go all the same.
        }
    }
    try await storage.remove(OutputKeys.folder(job: job.id))
}
