import ArgumentParser
import ReelTimeline

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a render request without rendering it; errors name their JSON path (exit status 1)."
    )

    @OptionGroup var file: TimelineFile

    func run() throws {
        let request = try file.load()
        let output = request.output
        print("\(file.path): valid — \(output.format.rawValue) \(output.size) at \(output.fps) fps")
    }
}
