import Foundation

/// A value a template asks for when it renders (the README's "Templates"): declared in the template's
/// `inputs`, or inferred, as a required string, from a `{{NAME}}` placeholder nobody declared.
public struct TemplateInput: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case string, number, url, color, asset
    }

    public var name: String
    public var kind: Kind
    /// What a render that leaves the input out gets; an input without one is required.
    public var defaultValue: TemplateValue?
    public var description: String?

    public var isRequired: Bool { defaultValue == nil }

    public init(name: String, kind: Kind, defaultValue: TemplateValue? = nil, description: String? = nil) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.description = description
    }

    /// Input names are what a merge field's placeholder holds: letters, digits and underscores.
    static func isName(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        }
    }

    enum CodingKeys: String, CodingKey {
        case name, type, required, description
        case defaultValue = "default"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        kind = try container.decode(Kind.self, forKey: .type)
        defaultValue = try container.decodeIfPresent(TemplateValue.self, forKey: .defaultValue)
        description = try container.decodeIfPresent(String.self, forKey: .description)
    }

    /// The shape of the template resource's `inputs`, nulls written out.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(kind, forKey: .type)
        try container.encode(isRequired, forKey: .required)
        try container.encode(defaultValue, forKey: .defaultValue)
        try container.encode(description, forKey: .description)
    }
}

/// What fills an input: a number for `number` inputs, text for every other kind.
public enum TemplateValue: Sendable, Equatable, Codable {
    case string(String)
    case number(Double)

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .number(let number): try container.encode(number)
        }
    }

    var json: JSONValue {
        switch self {
        case .string(let text): .string(text)
        case .number(let number): .number(number)
        }
    }
}

extension TemplateInput.Kind {
    /// `json` as a value of this kind, or nil if it cannot be one.
    func value(_ json: JSONValue) -> TemplateValue? {
        switch (self, json) {
        case (.number, .number(let number)) where number.isFinite: .number(number)
        case (.string, .string(let text)): .string(text)
        case (.url, .string(let text)) where isHTTPURL(text): .string(text)
        case (.color, .string(let text)) where RGBAColor(parsing: text) != nil: .string(text)
        // One of the account's uploads, checked to be the account's when the render is priced, or a
        // media file anywhere.
        case (.asset, .string(let text)) where isHTTPURL(text) || isUploadSource(text): .string(text)
        default: nil
        }
    }

    /// What a value of this kind must be, for refusals.
    var expectation: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .url: "an http or https URL"
        case .color: "a colour like '#RRGGBB'"
        case .asset: "an upload's asset://ast_… source or a media file's http or https URL"
        }
    }

    /// A value of this kind that fits where such values go, standing in for an input with no
    /// default while a template is checked.
    var standIn: TemplateValue {
        switch self {
        case .string: .string("x")
        case .number: .number(1)
        case .url: .string("https://example.com/input")
        case .color: .string("#000000")
        case .asset: .string("https://example.com/asset")
        }
    }
}
