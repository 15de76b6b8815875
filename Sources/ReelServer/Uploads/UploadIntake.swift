import Foundation
import Hummingbird
import ReelRender
import ReelStorage
import ReelStore

/// Takes an upload request in: receives its files, decides what each is from its bytes, moves
/// them into storage and records them against the account's quota, all or nothing.
struct UploadIntake {
    let services: AppServices

    func take(_ request: Request, account: Account) async throws -> [Upload] {
        let settings = services.settings
        let quota = account.storageQuota ?? settings.storageQuota
        if let declared = request.headers[.contentLength].flatMap(Int64.init) {
            if declared > settings.maxUploadBytes {
                throw APIError(.contentTooLarge, "PAYLOAD_TOO_LARGE", "the upload is \(declared) bytes; at most \(settings.maxUploadBytes) are accepted in one request")
            }
            // The files are smaller than the body that carries them, so this refuses only what must be refused.
            if account.storageUsed + declared > quota + 64 * 1024 {
                throw StoreError.storageLimitExceeded(used: account.storageUsed, quota: quota, adding: declared)
            }
        }
        let folder = settings.dataDirectory.appendingPathComponent("work/upload-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let reception = try MultipartReception(contentType: request.headers[.contentType], folder: folder, limit: settings.maxUploadBytes)
        let received = try await reception.receive(request.body)

        // Media costs an ffprobe and a short decode: four files at a time, not a hundred at once.
        var inspected: [InspectedFile] = []
        for start in stride(from: 0, to: received.count, by: 4) {
            let batch = received[start..<min(start + 4, received.count)].map { file in Task { try await inspect(file) } }
            for task in batch { inspected.append(try await task.value) }
        }
        let uploads = zip(received, inspected).map { file, inspected in
            let id = Identifier.make("ast")
            return Upload(
                id: id, accountID: account.id, name: file.name, type: inspected.kind.rawValue, mimeType: inspected.mimeType, size: file.size,
                sha256: file.sha256, width: inspected.width, height: inspected.height, duration: inspected.duration,
                storageKey: "uploads/\(account.id)/\(id).\(inspected.fileExtension)", createdAt: Date())
        }
        // Files first, records second: a record never names a file that is not there.
        var stored: [String] = []
        do {
            for (upload, file) in zip(uploads, received) {
                try await services.storage.put(file.file, at: upload.storageKey)
                stored.append(upload.storageKey)
            }
            try await services.store.addUploads(uploads, accountID: account.id, defaultQuota: settings.storageQuota)
        } catch {
            for key in stored { try? await services.storage.remove(key) }
            throw error
        }
        return uploads
    }

    /// What the file is; anything Reel cannot render is refused by its place in the form.
    private func inspect(_ file: ReceivedFile) async throws -> InspectedFile {
        let result: Result<InspectedFile, RenderError>
        do {
            result = .success(try await services.renderer.inspect(file.file))
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let inspected): return inspected
        case .failure(let error) where error.code == .invalidAsset:
            throw APIError(
                .badRequest, "UNSUPPORTED_FILE_TYPE", "\(file.path) (\(file.name)): \(error.message)",
                details: ["path": .string(file.path), "name": .string(file.name)])
        case .failure(let error): throw error
        }
    }
}
