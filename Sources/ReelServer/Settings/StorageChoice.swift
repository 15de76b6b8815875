import Foundation
import ReelStorage

extension ServerSettings {
    /// The storage `--storage` names: the data folder by default, another folder, or an S3 bucket
    /// with the standard AWS credentials of `environment`, which must be able to list it: a wrong
    /// bucket or key stops the start instead of every upload and render.
    func openStorage(environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> any FileStorage {
        guard let storageURL, !storageURL.isEmpty else { return FolderStorage(root: dataDirectory) }
        guard storageURL.hasPrefix("s3://") else { return FolderStorage(root: URL(fileURLWithPath: storageURL).standardizedFileURL) }
        let location = try S3Location(storageURL: storageURL, endpoint: s3Endpoint, region: s3Region)
        guard let credentials = S3Credentials(environment: environment) else {
            throw StorageSettingError("\(storageURL) needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment")
        }
        // Copies of uploads are downloaded assets: the asset cache's cap holds them, and a render's timeout keeps its own.
        let storage = S3Storage(
            location: location, credentials: credentials, cacheFolder: dataDirectory.appendingPathComponent("storage-cache"),
            cacheBytes: Int64(assetCacheBytes), keepCopiesUsedWithin: Double(renderTimeout) + 60)
        try await storage.checkAccess()
        return storage
    }
}

struct StorageSettingError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
