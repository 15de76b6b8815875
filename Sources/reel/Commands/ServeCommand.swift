import ArgumentParser
import Foundation
import Hummingbird
import ReelServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API, with render workers in the same process."
    )

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let reader = try options.flags().reader
        guard ServerSettings(reader: reader).mode == .server else {
            try await runWorker(reader: reader)
            return
        }
        if let key = try await ensureFirstKey(reader: reader) {
            // Written straight to the file descriptor so that it shows at once even when stdout is a pipe.
            FileHandle.standardOutput.write(Data("Created the first account. Its API key, shown only this once:\n\n    \(key)\n\n".utf8))
        }
        let app = try await buildApplication(reader: reader)
        try await app.runService()
    }
}

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run render workers and the webhook dispatcher only, against the same database as the API (reel serve --mode worker)."
    )

    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await runWorker(reader: options.flags().reader)
    }
}
