import Foundation
import ReelStorage
import Testing

/// A new bucket on the S3 server the test run started (scripts/test.sh runs moto and sets
/// `REEL_TEST_S3_ENDPOINT`). Without one, a test fails: S3 storage is never left untested in silence.
enum TestBucket {
    static let credentials = S3Credentials(accessKeyID: "reel-test", secretAccessKey: "reel-test-secret")

    static func endpoint() throws -> String {
        try #require(
            ProcessInfo.processInfo.environment["REEL_TEST_S3_ENDPOINT"],
            "REEL_TEST_S3_ENDPOINT is not set: run scripts/test.sh, or `export REEL_TEST_S3_ENDPOINT=$(scripts/moto.sh start)` first")
    }

    static func storage(
        cacheFolder: URL, cacheBytes: Int64 = 5 << 30, keepCopiesUsedWithin: TimeInterval = 3600, partSize: Int64 = 8 << 20, listPageSize: Int = 1000
    ) async throws -> S3Storage {
        let location = try S3Location(storageURL: "s3://reel-\(UUID().uuidString.lowercased())/reel", endpoint: try endpoint(), region: "us-east-1")
        let storage = S3Storage(
            location: location, credentials: credentials, cacheFolder: cacheFolder, cacheBytes: cacheBytes, keepCopiesUsedWithin: keepCopiesUsedWithin,
            partSize: partSize, multipartThreshold: 2 * partSize,
            listPageSize: listPageSize)
        try await storage.createBucket()
        return storage
    }
}
