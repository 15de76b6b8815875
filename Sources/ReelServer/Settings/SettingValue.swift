import Configuration

/// A type a setting may have: how the reader reads it and how help shows it.
public protocol SettingValue: Sendable {
    static func read(_ key: ConfigKey, isSecret: Bool, from reader: ConfigReader) -> Self?
    /// The value as help and the README show it.
    var shown: String { get }
}

extension String: SettingValue {
    public static func read(_ key: ConfigKey, isSecret: Bool, from reader: ConfigReader) -> String? {
        reader.string(forKey: key, isSecret: isSecret)
    }

    public var shown: String { self }
}

extension Int: SettingValue {
    public static func read(_ key: ConfigKey, isSecret: Bool, from reader: ConfigReader) -> Int? {
        reader.int(forKey: key, isSecret: isSecret)
    }

    public var shown: String { String(self) }
}

extension Double: SettingValue {
    public static func read(_ key: ConfigKey, isSecret: Bool, from reader: ConfigReader) -> Double? {
        reader.double(forKey: key, isSecret: isSecret)
    }

    public var shown: String { plainNumber(self) }
}

extension Bool: SettingValue {
    public static func read(_ key: ConfigKey, isSecret: Bool, from reader: ConfigReader) -> Bool? {
        reader.bool(forKey: key, isSecret: isSecret)
    }

    public var shown: String { self ? "on" : "off" }
}

/// A list: its variable separates the items with commas.
extension [String]: SettingValue {
    public static func read(_ key: ConfigKey, isSecret: Bool, from reader: ConfigReader) -> [String]? {
        reader.stringArray(forKey: key, isSecret: isSecret)
    }

    public var shown: String { isEmpty ? "none" : joined(separator: ",") }
}

/// A setting whose default is no fixed value, but one made from other settings or at the first start.
extension Optional: SettingValue where Wrapped: SettingValue {
    public static func read(_ key: ConfigKey, isSecret: Bool, from reader: ConfigReader) -> Wrapped?? {
        Wrapped.read(key, isSecret: isSecret, from: reader).map(Optional.some)
    }

    public var shown: String { self?.shown ?? "none" }
}

extension ServerSettings.Mode: SettingValue {
    public static func read(_ key: ConfigKey, isSecret: Bool, from reader: ConfigReader) -> Self? {
        reader.string(forKey: key, as: Self.self, isSecret: isSecret)
    }

    public var shown: String { rawValue }
}
