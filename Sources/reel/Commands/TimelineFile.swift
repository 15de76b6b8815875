import ArgumentParser
import Foundation
import ReelTimeline

/// A timeline file named on the command line; its local paths are relative to its folder.
struct TimelineFile: ParsableArguments {
    @Argument(help: "The render request: a JSON file with `timeline` and `output` ('-' reads standard input).")
    var path: String

    func load(limits: TimelineLimits = TimelineLimits()) throws -> RenderRequest {
        let data: Data
        let base: String
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
            base = FileManager.default.currentDirectoryPath
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read \(path)")
            }
            data = contents
            base = URL(fileURLWithPath: path).deletingLastPathComponent().path
        }
        let options = ValidationOptions(limits: limits, allowLocalFiles: true, baseDirectory: base)
        do {
            return try RenderRequest.parse(data, options: options)
        } catch {
            printError("\(path) is not a valid render request (\(error.code.rawValue)):")
            for issue in error.issues { printError("  \(issue)") }
            throw ExitCode(1)
        }
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
