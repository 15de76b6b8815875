import Configuration

/// One setting of `reel serve` and `reel worker` (the README's "Server settings"). Its name spells the
/// rest: `render-timeout` is the flag `--render-timeout`, the key `reel.renderTimeout` and the
/// environment variable `REEL_RENDER_TIMEOUT`.
public struct Setting<Value: SettingValue>: Sendable {
    public let name: String
    let defaultValue: Value
    let help: String
    let flag: String?
    let shownDefault: String
    let isSecret: Bool

    /// `shownDefault` is for a default that is no fixed value: one made from other settings or at the first start.
    init(
        _ name: String, default defaultValue: Value, help: String, flag: FlagName = .name, shownDefault: String? = nil,
        isSecret: Bool = false
    ) {
        self.name = name
        self.defaultValue = defaultValue
        self.help = help
        switch flag {
        case .name: self.flag = "--" + name
        case .eachItem(let item): self.flag = "--" + item
        case .variableOnly: self.flag = nil
        }
        self.shownDefault = shownDefault ?? defaultValue.shown
        self.isSecret = isSecret
    }

    enum FlagName {
        case name
        /// A list's flag names one item and is given once per item, `--allowed-host` for `allowed-hosts`.
        case eachItem(String)
        /// Only the environment variable sets it.
        case variableOnly
    }
}

/// A setting whatever its type, for what goes through the whole catalogue: flags, help and the README check.
protocol AnySetting: Sendable {
    var name: String { get }
    /// `--NAME`, or nil when only the variable sets it.
    var flag: String? { get }
    var shownDefault: String { get }
    var isSecret: Bool { get }
    var isList: Bool { get }
    var placeholder: String? { get }
    var summary: String { get }
    /// The value `text` gives the setting on the command line, nil if it is none of the setting's type.
    func flagContent(_ text: String) -> ConfigContent?
}

extension Setting: AnySetting {
    /// The help with the variable and default, as `--help` shows the setting.
    public var summary: String {
        "\(help) (\(variable)\(isList ? ", comma-separated" : ""), default \(shownDefault))."
    }

    var isList: Bool { Value.isList }
    var placeholder: String? { Value.placeholder }
    func flagContent(_ text: String) -> ConfigContent? { Value(flagText: text)?.content }
}

extension AnySetting {
    /// camelCase marks no word boundary after a digit, so a word ending in one ends a key component:
    /// `s3-endpoint` is `reel.s3.endpoint`, which the environment reads from `REEL_S3_ENDPOINT`.
    var key: ConfigKey {
        var components = ["reel"]
        var component = ""
        for word in name.split(separator: "-") {
            component += component.isEmpty ? String(word) : word.prefix(1).uppercased() + word.dropFirst()
            if word.last?.isNumber == true {
                components.append(component)
                component = ""
            }
        }
        if !component.isEmpty { components.append(component) }
        return ConfigKey(components)
    }

    var variable: String { "REEL_" + name.uppercased().replacing("-", with: "_") }

    /// The flag and what it takes, `--port <integer>`.
    var usage: String { [flag, placeholder].compactMap { $0 }.joined(separator: " ") }
}

extension ConfigReader {
    /// The setting's value from the first provider that holds a valid one, else its default.
    func value<Value>(_ setting: Setting<Value>) -> Value {
        Value.read(setting.key, isSecret: setting.isSecret, from: self) ?? setting.defaultValue
    }
}
