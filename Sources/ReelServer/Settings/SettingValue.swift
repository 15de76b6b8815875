import Configuration

/// A type a setting may have: how a flag spells it, how the reader reads it and how help shows it.
public protocol SettingValue: Sendable {
    /// What a flag of this type takes, as help writes it; nil for a switch, which takes nothing and turns the setting on.
    static var placeholder: String? { get }
    /// Whether the flag is given once per item, the items adding up.
    static var isList: Bool { get }
    init?(flagText: String)
    static func read(_ key: ConfigKey, isSecret: Bool, from reader: ConfigReader) -> Self?
    /// The value as a provider holds it; nil for none.
    var content: ConfigContent? { get }
    /// The value as help and the README show it.
    var shown: String { get }
}

extension SettingValue {
    public static var isList: Bool { false }
}

extension String: SettingValue {
    public static var placeholder: String? { "<text>" }
    public init?(flagText: String) { self = flagText }

    public static func read(_ key: ConfigKey, isSecret: Bool, from reader: ConfigReader) -> String? {
        reader.string(forKey: key, isSecret: isSecret)
    }

    public var content: ConfigContent? { .string(self) }
    public var shown: String { self }
}

extension Int: SettingValue {
    public static var placeholder: String? { "<integer>" }
    public init?(flagText: String) { self.init(flagText) }

    public static func read(_ key: ConfigKey, isSecret: Bool, from reader: ConfigReader) -> Int? {
        reader.int(forKey: key, isSecret: isSecret)
    }

    public var content: ConfigContent? { .int(self) }
    public var shown: String { String(self) }
}

extension Double: SettingValue {
    public static var placeholder: String? { "<number>" }
    public init?(flagText: String) { self.init(flagText) }

    public static func read(_ key: ConfigKey, isSecret: Bool, from reader: ConfigReader) -> Double? {
        reader.double(forKey: key, isSecret: isSecret)
    }

    public var content: ConfigContent? { .double(self) }
    public var shown: String { plainNumber(self) }
}

extension Bool: SettingValue {
    public static var placeholder: String? { nil }
    public init?(flagText: String) { self.init(flagText) }

    public static func read(_ key: ConfigKey, isSecret: Bool, from reader: ConfigReader) -> Bool? {
        reader.bool(forKey: key, isSecret: isSecret)
    }

    public var content: ConfigContent? { .bool(self) }
    public var shown: String { self ? "on" : "off" }
}

/// A list: its flag is given once per item, and its variable separates the items with commas.
extension [String]: SettingValue {
    public static var placeholder: String? { "<text>" }
    public static var isList: Bool { true }
    public init?(flagText: String) { self = [flagText] }

    public static func read(_ key: ConfigKey, isSecret: Bool, from reader: ConfigReader) -> [String]? {
        reader.stringArray(forKey: key, isSecret: isSecret)
    }

    public var content: ConfigContent? { .stringArray(self) }
    public var shown: String { isEmpty ? "none" : joined(separator: ",") }
}

/// A setting whose default is no fixed value, but one made from other settings or at the first start.
extension Optional: SettingValue where Wrapped: SettingValue {
    public static var placeholder: String? { Wrapped.placeholder }
    public static var isList: Bool { Wrapped.isList }

    public init?(flagText: String) {
        guard let value = Wrapped(flagText: flagText) else { return nil }
        self = value
    }

    public static func read(_ key: ConfigKey, isSecret: Bool, from reader: ConfigReader) -> Wrapped?? {
        Wrapped.read(key, isSecret: isSecret, from: reader).map(Optional.some)
    }

    public var content: ConfigContent? { self?.content }
    public var shown: String { self?.shown ?? "none" }
}

extension ServerSettings.Mode: SettingValue {
    public static var placeholder: String? { "<" + allCases.map(\.rawValue).joined(separator: "|") + ">" }
    public init?(flagText: String) { self.init(rawValue: flagText) }

    public static func read(_ key: ConfigKey, isSecret: Bool, from reader: ConfigReader) -> Self? {
        reader.string(forKey: key, as: Self.self, isSecret: isSecret)
    }

    public var content: ConfigContent? { .string(rawValue) }
    public var shown: String { rawValue }
}
