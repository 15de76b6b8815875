import ArgumentParser
import Foundation
import ReelServer
import ReelStore

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list and revoke API keys.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct StoreOptions: ParsableArguments {
        @Option(name: .customLong(SettingsCatalogue.dataDir.name), help: ArgumentHelp(SettingsCatalogue.dataDir.summary))
        var dataDir: String?
        @Option(name: .customLong(SettingsCatalogue.databaseUrl.name), help: ArgumentHelp(SettingsCatalogue.databaseUrl.summary))
        var databaseUrl: String?

        func open() async throws -> any Store {
            var flags = SettingFlags()
            if let dataDir { flags.set(SettingsCatalogue.dataDir, to: dataDir) }
            flags.set(SettingsCatalogue.databaseUrl, to: databaseUrl)
            return try await openStore(reader: flags.reader)
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account with its API key, and print the key on its own line.")

        @Option(help: "A name for the account and key.") var name: String
        @Option(help: "Credits to start with.") var credits: Int?
        @Flag(help: "Never run out of credits.") var unlimited = false
        @Option(help: "Bytes of uploads the account may keep (default: the server's --storage-quota).") var storageQuota: Int64?
        @OptionGroup var store: StoreOptions

        func validate() throws {
            if unlimited && credits != nil { throw ValidationError("give --credits or --unlimited, not both") }
            if let credits, credits < 0 { throw ValidationError("--credits cannot be negative") }
            if let storageQuota, storageQuota < 0 { throw ValidationError("--storage-quota cannot be negative") }
        }

        func run() async throws {
            let created = try await APIKeys.createAccount(
                in: try await store.open(), name: name, credits: credits ?? 0, unlimited: unlimited, storageQuota: storageQuota)
            print(created.secret)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys: id, prefix, name, account, credits, state.")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let opened = try await store.open()
            for key in try await opened.keys() {
                let account = try await opened.account(id: key.accountID)
                let credits = account.map { $0.unlimited ? "unlimited" : "\($0.credits) credits" } ?? "-"
                print([key.id, key.prefix + "…", key.name, key.accountID, credits, key.active ? "active" : "revoked"].joined(separator: "\t"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by its id (from `reel keys list`).")

        @Argument(help: "The key's id, key_…") var id: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard try await store.open().revokeKey(id: id) else { throw ValidationError("no key with id \(id)") }
            print("revoked \(id)")
        }
    }
}
