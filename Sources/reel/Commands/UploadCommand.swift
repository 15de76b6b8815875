import ArgumentParser
import Foundation
import ReelClient

struct UploadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload",
        abstract: "Upload files to the account's media library and print each one's asset:// source.",
        discussion: "All the files go in one request: if one is refused, none is stored."
    )

    @Argument(help: "Images, videos, audio, fonts (TTF, OTF) or captions (SRT, WebVTT).") var files: [String]
    @OptionGroup var server: ClientOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file") }
        for file in files where !FileManager.default.isReadableFile(atPath: file) { throw ValidationError("cannot read \(file)") }
    }

    func run() async throws {
        let client = try server.client()
        let uploads = try await reportingErrors { try await client.upload(files.map { URL(fileURLWithPath: $0) }) }
        for upload in uploads {
            print([upload.src, upload.type, String(upload.size), upload.name].joined(separator: "\t"))
        }
    }
}
