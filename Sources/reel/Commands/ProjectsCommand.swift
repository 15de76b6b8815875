import ArgumentParser
import Foundation
import ReelClient

struct ProjectsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projects",
        abstract: "Store render requests on a Reel server as projects, list them, render them and remove them.",
        subcommands: [Create.self, List.self, Render.self, Remove.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Store a project and print its id.")
        @Argument(help: "The render request, a JSON file: {timeline, output, merge, metadata} ('-' reads standard input).")
        var path: String
        @Option(help: "Its name (instead of the file's own, if it has one).") var name: String?
        @OptionGroup var server: ClientOptions

        func run() async throws {
            var project = try jsonObject(at: path)
            if let name { project["name"] = name }
            let body = try JSONSerialization.data(withJSONObject: project)
            let client = try server.client()
            print(try await reportingErrors { try await client.createProject(body) }.id)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List projects, newest first: id, status, version, credits, name.")
        @Option(help: "Only projects in this status: created, rendering, completed or failed.") var status: String?
        @Option(help: "How many (1–100).") var limit = 20
        @OptionGroup var server: ClientOptions

        func run() async throws {
            let client = try server.client()
            for project in try await reportingErrors({ try await client.projects(status: status, limit: limit) }).data {
                print([project.id, project.status, "v\(project.version)", "\(project.credits)", project.name ?? "-"].joined(separator: "\t"))
            }
        }
    }

    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render a project and print the job's id; with --wait, follow it and download the result.",
            discussion: "A project whose latest completed render is already this one is not rendered again: that render's job is the answer, and nothing is charged.")
        @Argument(help: "The project's id, prj_…") var id: String
        @OptionGroup var waiting: WaitOptions
        @OptionGroup var server: ClientOptions

        func run() async throws {
            let client = try server.client()
            let result = try await reportingErrors { try await client.renderProject(id) }
            if result.alreadyRendered { printError("already rendered by \(result.job.id): nothing was charged") }
            try await waiting.follow(result.job, with: client)
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm", abstract: "Remove a project and its outputs, canceling its running render; its jobs stay.")
        @Argument(help: "The project's id, prj_…") var id: String
        @OptionGroup var server: ClientOptions

        func run() async throws {
            let client = try server.client()
            try await reportingErrors { try await client.deleteProject(id) }
        }
    }
}
