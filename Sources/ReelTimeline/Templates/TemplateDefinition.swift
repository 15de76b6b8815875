import Foundation

/// A template as a create or update body gives it (the README's "Templates"), read and checked: the
/// timeline and output it renders and every input they take, the declared ones in their order, then
/// those inferred from placeholders, by name.
public struct TemplateDefinition: Sendable, Equatable {
    public var name: String
    public var slug: String?
    public var description: String?
    public var timeline: JSONValue
    public var output: JSONValue
    public var inputs: [TemplateInput]

    /// Reads a body, refusing with every issue's JSON path a template that could never render: it is read
    /// as a render request with each input standing in as its default, or as a value of its kind.
    public static func parse(_ data: Data, options: ValidationOptions = ValidationOptions()) throws(TimelineValidationError)
        -> TemplateDefinition
    {
        let json = try JSONValue.parse(data)
        let log = IssueLog()
        let definition = TemplateReader(log: log, options: options).definition(json)
        if let definition, log.isEmpty { return definition }
        throw log.error
    }

    /// Slugs name a template in URLs: 1 to 64 lowercase letters, digits and hyphens.
    public static func isSlug(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }
    }
}

/// The render request a template makes: its timeline and output, a merge field for each input's value
/// (one standing alone in a field takes the value's type), and the render's callback and metadata.
func templateRenderRequest(
    timeline: JSONValue, output: JSONValue, values: [String: TemplateValue], callback: JSONValue?, metadata: JSONValue?,
    workers: JSONValue? = nil
) -> JSONValue {
    var fields: [String: JSONValue] = [
        "timeline": timeline, "output": output,
        "merge": .array(values.sorted { $0.key < $1.key }.map { .object(["find": .string($0.key), "replace": $0.value.json]) }),
    ]
    if let callback { fields["callback"] = callback }
    if let metadata { fields["metadata"] = metadata }
    if let workers { fields["num_workers"] = workers }
    return .object(fields)
}

private struct TemplateReader {
    let log: IssueLog
    let options: ValidationOptions

    func definition(_ json: JSONValue) -> TemplateDefinition? {
        guard let root = ObjectReader(json, at: "", log: log) else { return nil }
        let fields = log.readingRequestFields {
            () -> (name: String?, slug: String?, description: String?, declared: [TemplateInput]?) in
            let name = root.string("name", required: true, maxLength: 200)
            if let name, name.isEmpty { log.invalid(root.path("name"), "must not be empty") }
            let slug = root.string("slug", maxLength: 64)
            if let slug, !TemplateDefinition.isSlug(slug) {
                log.invalid(root.path("slug"), "must be 1 to 64 lowercase letters, digits and hyphens")
            }
            let description = root.string("description")
            let declared = root.value("inputs") == nil ? [] : root.array("inputs", maxCount: 100).flatMap(declaredInputs)
            return (name, slug, description, declared)
        }
        let timeline = root.required("timeline")
        let output = root.required("output")
        root.finish()
        // An input that could not be read would be inferred as a string and stand in wrongly: check the timeline once all were read.
        guard let timeline, let output, let declared = fields.declared else { return nil }
        var names = Set<String>()
        placeholderNames(in: timeline, into: &names)
        placeholderNames(in: output, into: &names)
        let inferred = names.subtracting(declared.map(\.name)).sorted().map { TemplateInput(name: $0, kind: .string) }
        let inputs = declared + inferred
        check(timeline: timeline, output: output, inputs: inputs)
        guard let name = fields.name else { return nil }
        return TemplateDefinition(
            name: name, slug: fields.slug, description: fields.description, timeline: timeline, output: output, inputs: inputs)
    }

    /// Reads the template as a render request with stand-ins for its inputs, and places its clips as a
    /// render would, unless one takes its length from its media: that is known only once the media is.
    private func check(timeline: JSONValue, output: JSONValue, inputs: [TemplateInput]) {
        let values = Dictionary(uniqueKeysWithValues: inputs.map { ($0.name, $0.defaultValue ?? $0.kind.standIn) })
        let request = templateRenderRequest(timeline: timeline, output: output, values: values, callback: nil, metadata: nil)
        guard let render = RequestParser(log: log, options: options).request(request), log.isEmpty else { return }
        let probed = render.timeline.tracks.contains { $0.clips.contains { $0.length == .auto && $0.asset.hasMediaDuration } }
        guard !probed else { return }
        do throws(TimelineValidationError) {
            _ = try TimelineSchedule.resolve(render.timeline, range: render.output.range, mediaDurations: [:], limits: options.limits)
        } catch {
            log.add(error)
        }
    }

    private func declaredInputs(_ items: [JSONValue]) -> [TemplateInput]? {
        var inputs: [TemplateInput] = []
        var allRead = true
        for (index, item) in items.enumerated() {
            let path = "inputs[\(index)]"
            guard let input = input(item, at: path) else {
                allRead = false
                continue
            }
            guard !inputs.contains(where: { $0.name == input.name }) else {
                log.invalid("\(path).name", "is declared twice")
                allRead = false
                continue
            }
            inputs.append(input)
        }
        return allRead ? inputs : nil
    }

    private func input(_ json: JSONValue, at path: String) -> TemplateInput? {
        guard let reader = ObjectReader(json, at: path, log: log) else { return nil }
        let name = reader.string("name", required: true, maxLength: 64)
        if let name, !TemplateInput.isName(name) { log.invalid(reader.path("name"), "must be 1 to 64 letters, digits and underscores") }
        let kind: TemplateInput.Kind? = reader.choice("type")
        if reader.value("type") == nil { log.invalid(reader.path("type"), "is required") }
        let defaultJSON = reader.value("default")
        let description = reader.string("description")
        reader.finish()
        guard let name, TemplateInput.isName(name), let kind else { return nil }
        var defaultValue: TemplateValue?
        if let defaultJSON {
            guard let value = kind.value(defaultJSON) else {
                log.invalid(reader.path("default"), "must be \(kind.expectation)")
                return nil
            }
            defaultValue = value
        }
        return TemplateInput(name: name, kind: kind, defaultValue: defaultValue, description: description)
    }
}
