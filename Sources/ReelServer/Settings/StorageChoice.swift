import Foundation
import ReelStorage

extension ServerSettings {
    /// The storage `--storage-url` names: the data folder by default, another folder, or an S3 bucket
    /// with the standard AWS credentials of `environment`.
    func openStorage(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any FileStorage {
        guard let storageURL, !storageURL.isEmpty else { return FolderStorage(root: dataDirectory) }
        guard storageURL.hasPrefix("s3://") else { return FolderStorage(root: URL(fileURLWithPath: storageURL).standardizedFileURL) }
        let location = try S3Location(storageURL: storageURL, endpoint: s3Endpoint, region: s3Region)
        guard let credentials = S3Credentials(environment: environment) else {
            throw StorageSettingError("\(storageURL) needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment")
        }
        return S3Storage(location: location, credentials: credentials, cacheFolder: dataDirectory.appendingPathComponent("storage-cache"))
    }
}

struct StorageSettingError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
