import Configuration

/// Settings given on the command line (the README's "Server settings"). A flag wins over its
/// environment variable, which wins over the default in `SettingsCatalogue`.
public struct SettingFlags: Sendable {
    private var values: [AbsoluteConfigKey: ConfigValue] = [:]

    public init() {}

    /// Reads flags such as `--port 9000`, `--port=9000`, `--allow-private-urls`, `--compat-public-status=false` or `--allowed-host a --allowed-host b`.
    public init(parsing arguments: [String]) throws(SettingFlagError) {
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let flag = parts[0]
            let attached = parts.count > 1 ? parts[1] : nil
            guard argument.hasPrefix("--"), let setting = SettingsCatalogue.all.first(where: { $0.flag == flag }) else {
                throw SettingFlagError("unknown setting '\(argument)'; --help lists them")
            }
            let text: String
            if setting.placeholder == nil {
                // `=false` is how a switch that is on by default is turned off.
                text = attached ?? "true"
            } else if let attached {
                text = attached
            } else if let next = remaining.first, !next.hasPrefix("--") {
                text = next
                remaining.removeFirst()
            } else {
                throw SettingFlagError("missing value for \(setting.usage)")
            }
            guard let content = setting.flagContent(text) else {
                throw SettingFlagError("the value '\(text)' is invalid for \(setting.usage)")
            }
            add(content, for: setting)
        }
    }

    /// Sets `setting` as a flag would; nil leaves it to its variable and default.
    public mutating func set<Value>(_ setting: Setting<Value>, to value: Value) {
        values[AbsoluteConfigKey(setting.key)] = value.content.map { ConfigValue($0, isSecret: setting.isSecret) }
    }

    /// A list's items add up over its flags; any other setting takes its last flag.
    private mutating func add(_ content: ConfigContent, for setting: any AnySetting) {
        let key = AbsoluteConfigKey(setting.key)
        var content = content
        if case .stringArray(let earlier)? = values[key]?.content, case .stringArray(let more) = content {
            content = .stringArray(earlier + more)
        }
        values[key] = ConfigValue(content, isSecret: setting.isSecret)
    }

    /// The flags, then the `REEL_*` environment variables; `ServerSettings` falls back on the defaults.
    public var reader: ConfigReader {
        let secrets = Set(SettingsCatalogue.all.filter(\.isSecret).map(\.variable))
        return ConfigReader(providers: [
            InMemoryProvider(name: "flags", values: values), EnvironmentVariablesProvider(secretsSpecifier: .specific(secrets)),
        ])
    }

    /// Every setting with its flag, variable and default, for `--help`.
    public static var help: String {
        SettingsCatalogue.all.map { setting in
            let usage = setting.flag == nil ? setting.variable : setting.usage + (setting.isList ? " (repeatable)" : "")
            return usage + "\n  " + setting.summary
        }.joined(separator: "\n")
    }
}

/// A flag that is no setting, or a setting's flag without a value of its type.
public struct SettingFlagError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }
}
