import ArgumentParser
import Foundation
import ReelClient
import ReelTimeline

struct TemplatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Store timelines with inputs on a Reel server, list them and render them.",
        subcommands: [Create.self, List.self, Render.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Store a template and print its id.")
        @Argument(help: "The template, a JSON file: {name, slug, description, timeline, output, inputs} ('-' reads standard input).")
        var path: String
        @Option(help: "Its slug, 1 to 64 of a-z, 0-9 and '-' (instead of the file's).") var slug: String?
        @Option(help: "Its name (instead of the file's; default: the file's name).") var name: String?
        @OptionGroup var server: ClientOptions

        func run() async throws {
            var template = try jsonObject(at: path)
            if let slug { template["slug"] = slug }
            if let name { template["name"] = name }
            if template["name"] == nil { template["name"] = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent }
            let body = try JSONSerialization.data(withJSONObject: template)
            let client = try server.client()
            print(try await reportingErrors { try await client.createTemplate(body) }.id)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List templates, newest first: id, slug, name, inputs (* required).")
        @Option(help: "How many (1–100).") var limit = 20
        @OptionGroup var server: ClientOptions

        func run() async throws {
            let client = try server.client()
            for template in try await reportingErrors({ try await client.templates(limit: limit) }).data {
                let inputs = template.inputs.map { "\($0.name)\($0.isRequired ? "*" : ""):\($0.kind.rawValue)" }.joined(separator: ",")
                print([template.id, template.slug ?? "-", template.name, inputs].joined(separator: "\t"))
            }
        }
    }

    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Render a template with its inputs; with --wait, follow it and download the result.")
        @Argument(help: "The template's slug or id.") var template: String
        @Option(name: .customLong("input"), help: "NAME=VALUE, once for each input; number inputs take numbers.") var inputs: [String] = []
        @OptionGroup var waiting: WaitOptions
        @Option(help: "An Idempotency-Key: rendering again with it and the same inputs returns the same job.") var idempotencyKey: String?
        @OptionGroup var server: ClientOptions

        func validate() throws {
            for input in inputs where !input.contains("=") { throw ValidationError("--input \(input): give it as NAME=VALUE") }
        }

        func run() async throws {
            let client = try server.client()
            // The template says which inputs are numbers: a command line has only text.
            let kinds = Dictionary(try await reportingErrors { try await client.template(template) }.inputs.map { ($0.name, $0.kind) }) { first, _ in first }
            var values: [String: TemplateValue] = [:]
            for input in inputs {
                let parts = input.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let (name, text) = (parts[0], parts[1])
                guard kinds[name] == .number else {
                    values[name] = .string(text)
                    continue
                }
                guard let number = Double(text), number.isFinite else { throw ValidationError("--input \(name): must be a number, not '\(text)'") }
                values[name] = .number(number)
            }
            let job = try await reportingErrors { try await client.renderTemplate(template, input: values, idempotencyKey: idempotencyKey) }
            try await waiting.follow(job, with: client)
        }
    }
}
