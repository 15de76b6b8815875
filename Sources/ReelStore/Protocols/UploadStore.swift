import Foundation

/// The media library: each account's uploads and the bytes they take against its quota.
public protocol UploadStore: Sendable {
    /// Records the uploads and adds their sizes to the account's storage in one transaction, or,
    /// if the account would pass its quota (`defaultQuota` when it has none of its own), records
    /// none of them and throws `storageLimitExceeded`.
    func addUploads(_ uploads: [Upload], accountID: String, defaultQuota: Int64) async throws
    func upload(id: String, accountID: String) async throws -> Upload?
    /// Any account's upload: for signed downloads and the render workers, never for a request.
    func upload(id: String) async throws -> Upload?
    /// The account's uploads, newest first, older than the upload `before` if given.
    func uploads(accountID: String, type: String?, before: String?, limit: Int) async throws -> [Upload]
    /// Removes the record and frees its bytes, returning it (nil if there was none); refused with
    /// `assetInUse` while a queued or running job uses it. The caller removes the file.
    func deleteUpload(id: String, accountID: String) async throws -> Upload?
}
