import Configuration
import Foundation
@testable import ReelServer
import Testing

@Suite struct SettingFlagsTests {
    @Test func flagsSetTheirSettingsAndAListAddsUpItsItems() throws {
        let flags = try SettingFlags(parsing: [
            "--workers", "2", "--retry-delay", "0.5", "--data-dir", "/tmp/reel-flags", "--port=9001",
            "--allowed-host", "assets.internal", "--allowed-host=10.0.0.9:8000", "--mode", "worker", "--public-url", "http://a/?b=c",
        ])
        let settings = ServerSettings(reader: flags.reader)
        #expect(settings.workers == 2)
        #expect(settings.retryDelay == 0.5)
        #expect(settings.port == 9001)
        #expect(settings.mode == .worker)
        #expect(settings.publicURL == "http://a/?b=c")
        #expect(settings.dataDirectory.path == "/tmp/reel-flags")
        #expect(settings.database == .sqlite(path: "/tmp/reel-flags/reel.sqlite"))
        #expect(settings.addressPolicy.refusal(for: "http://assets.internal/a.png") == nil)
        #expect(settings.addressPolicy.refusal(for: "http://10.0.0.9:8000/a.png") == nil)
        #expect(settings.addressPolicy.refusal(for: "http://127.0.0.1/a.png") != nil)
        let allowingPrivate = ServerSettings(reader: try SettingFlags(parsing: ["--allow-private-urls"]).reader)
        #expect(allowingPrivate.addressPolicy.refusal(for: "http://127.0.0.1/a.png") == nil)
    }

    @Test(arguments: [
        ("postgres://reel:se%40cret@db:5433/reel", DatabaseLocation.postgres(url: "postgres://reel:se%40cret@db:5433/reel")),
        ("postgresql://reel@/reel?host=/run/postgresql", .postgres(url: "postgresql://reel@/reel?host=/run/postgresql")),
        ("sqlite:///var/lib/reel/reel.sqlite", .sqlite(path: "/var/lib/reel/reel.sqlite")), ("reel.db", .sqlite(path: "reel.db")),
    ])
    func aDatabaseURLNamesPostgreSQLOrASQLiteFile(_ url: String, _ location: DatabaseLocation) throws {
        #expect(ServerSettings(reader: try SettingFlags(parsing: ["--database-url", url]).reader).database == location)
    }

    @Test func noFlagsLeaveTheDefaults() throws {
        let settings = ServerSettings(reader: ConfigReader(provider: InMemoryProvider(values: [:])))
        #expect(settings.mode == .server && settings.port == 8080 && settings.workers == 1 && settings.leaseSeconds == 30)
        #expect(settings.publicURL == "http://127.0.0.1:8080")
        #expect(settings.addressPolicy.refusal(for: "http://127.0.0.1/a.png") != nil)
    }

    @Test(arguments: [
        (["--bogus"], "unknown setting '--bogus'"), (["stray"], "unknown setting 'stray'"),
        (["--max-pixels", "100"], "unknown setting '--max-pixels'"), (["--port", "http"], "the value 'http' is invalid for --port <integer>"),
        (["--port"], "missing value for --port <integer>"), (["--port", "--workers", "1"], "missing value for --port <integer>"),
        (["--retry-delay="], "the value '' is invalid for --retry-delay <number>"),
        (["--mode", "fast"], "the value 'fast' is invalid for --mode <server|worker>"),
        (["--allow-private-urls=maybe"], "the value 'maybe' is invalid for --allow-private-urls"),
    ])
    func aFlagThatIsNoSettingOrHasNoValueOfItsTypeIsRefusedByName(arguments: [String], message: String) {
        #expect {
            try SettingFlags(parsing: arguments)
        } throws: { error in
            (error as? SettingFlagError)?.description.hasPrefix(message) == true
        }
    }

    /// The variable a setting shows in help is the one the environment provider reads for its key.
    @Test func everySettingIsReadFromTheVariableItShows() {
        for setting in SettingsCatalogue.all {
            let reader = ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: [setting.variable: "7"]))
            #expect(reader.string(forKey: setting.key) == "7", "\(setting.name): \(setting.variable)")
        }
    }

    @Test func theSigningSecretComesFromItsVariable() {
        let reader = ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: ["REEL_SIGNING_SECRET": "shared"]))
        #expect(reader.value(SettingsCatalogue.signingSecret) == "shared")
    }
}
