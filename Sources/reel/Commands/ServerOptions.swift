import ArgumentParser
import ReelServer

/// The settings of `reel serve` and `reel worker` (the README's "Server settings"), read as flags
/// through `SettingsCatalogue` rather than declared here one by one.
struct ServerOptions: ParsableArguments {
    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp("Settings, each a flag below; a flag wins over its variable, which wins over the default.", discussion: SettingFlags.help))
    var settings: [String] = []

    func validate() throws { _ = try flags() }

    func flags() throws -> SettingFlags {
        do {
            return try SettingFlags(parsing: settings)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
