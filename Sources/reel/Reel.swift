import ArgumentParser

@main
struct Reel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reel",
        abstract: "Render videos from JSON timelines, on this machine or as an HTTP service.",
        subcommands: [
            ServeCommand.self, WorkerCommand.self, KeysCommand.self, SubmitCommand.self, JobsCommand.self, UploadCommand.self, TemplatesCommand.self,
            ProjectsCommand.self, RenderCommand.self, ValidateCommand.self,
        ]
    )
}
