import ArgumentParser

@main
struct Reel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reel",
        abstract: "Render videos from JSON timelines.",
        subcommands: [RenderCommand.self, ValidateCommand.self]
    )
}
