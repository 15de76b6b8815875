import Foundation
import ReelStore
import ReelTimeline

/// A template as the API shows it (the README's "Templates"). Every field is present; absent values are null.
struct TemplateResource: Encodable {
    var id: String
    var name: String
    var slug: String?
    var description: String?
    var inputs: [TemplateInput]
    var timeline: JSONValue
    var output: JSONValue
    var createdAt: Date
    var updatedAt: Date

    init(_ template: Template) throws {
        let content = try template.content()
        id = template.id
        name = template.fields.name
        slug = template.fields.slug
        description = template.fields.description
        inputs = content.inputs
        timeline = content.timeline
        output = content.output
        createdAt = template.createdAt
        updatedAt = template.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, slug, description, inputs, timeline, output
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(slug, forKey: .slug)
        try container.encode(description, forKey: .description)
        try container.encode(inputs, forKey: .inputs)
        try container.encode(timeline, forKey: .timeline)
        try container.encode(output, forKey: .output)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

extension Template {
    /// The JSON the store keeps, read back: written by ``TemplateFields/init(_:)`` from a checked definition.
    func content() throws -> (timeline: JSONValue, output: JSONValue, inputs: [TemplateInput]) {
        (
            try JSONValue.parse(Data(fields.timeline.utf8)), try JSONValue.parse(Data(fields.output.utf8)),
            try JSONDecoder().decode([TemplateInput].self, from: Data(fields.inputs.utf8))
        )
    }
}

extension TemplateFields {
    init(_ definition: TemplateDefinition) throws {
        func json(_ value: some Encodable) throws -> String { String(decoding: try JSONBody.encoder.encode(value), as: UTF8.self) }
        self.init(
            name: definition.name, slug: definition.slug, description: definition.description, timeline: try json(definition.timeline),
            output: try json(definition.output), inputs: try json(definition.inputs))
    }
}
